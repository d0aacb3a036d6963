#!/usr/bin/env bash
# Clang thread-safety analysis over sources (CTest: lint_thread_safety*, label lint).
# Usage: thread_safety.sh CLANGXX SHIM_DIR FLAGS_FILE IMPLICIT_INCLUDES_FILE SOURCE...
#   FLAGS_FILE: the target's -I and -D flags (and any extra), one a line (tests/lint/CMakeLists.txt);
#   IMPLICIT_INCLUDES_FILE: the compiler's own include directories (;-separated), left out.
# Every source is compiled with -fsyntax-only; any thread-safety warning is an error. Exits 77
# (CTest: skipped) when no clang++ was found.
set -uo pipefail
CLANGXX="$1" SHIM="$2" FLAGS_FILE="$3" IMPLICIT_FILE="$4"
shift 4
if [ -z "$CLANGXX" ] || ! command -v "$CLANGXX" >/dev/null; then
  echo "thread_safety.sh: skipped: no clang++ found"
  exit 77
fi
IFS=';' read -r -a implicit <"$IMPLICIT_FILE" || true
flags=()
while IFS= read -r flag; do
  [ -n "$flag" ] || continue
  skip=0
  for dir in "${implicit[@]}"; do [ "$flag" = "-I$dir" ] && skip=1; done
  [ "$skip" -eq 1 ] || flags+=("$flag")
done <"$FLAGS_FILE"
echo "$("$CLANGXX" --version | head -1); flags: ${flags[*]}"
failures=0
for source in "$@"; do
  if "$CLANGXX" -std=c++20 -fsyntax-only -isystem "$SHIM" -Wthread-safety -Wthread-safety-beta \
      -Werror=thread-safety "${flags[@]}" "$source"; then
    echo "ok: $source"
  else
    echo "FAIL: $source"
    failures=$((failures + 1))
  fi
done
echo "thread_safety.sh: $# sources, $failures failed"
[ "$failures" -eq 0 ]
