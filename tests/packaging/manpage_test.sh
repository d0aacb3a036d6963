#!/usr/bin/env bash
# The man page: groff formats it without a warning, man(1) opens it, it carries the project's
# version, and it names every subcommand and every option that `tickscope --help` and each
# subcommand's --help list (so the page cannot fall behind the command line).
# Usage: manpage_test.sh MAN_PAGE(.1 or .1.gz) TICKSCOPE_BINARY VERSION   (CTest: packaging_manpage)
set -uo pipefail
PAGE="$1" T="$2" VERSION="$3"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ $PAGE == *.gz ]]; then gzip -dc "$PAGE" >"$work/tickscope.1"; else cp "$PAGE" "$work/tickscope.1"; fi

warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$work/tickscope.1" 2>&1)
[ -z "$warnings" ] && echo "ok: groff -man -ww: no warning" || fail "groff warns: $warnings"
if command -v man >/dev/null; then
  text=$(MANWIDTH=200 man -l "$PAGE" 2>"$work/man.err")  # piped: man-db strips the formatting
  [ -s "$work/man.err" ] && fail "man -l: $(cat "$work/man.err")"
else
  text=$(LC_ALL=C.UTF-8 groff -man -Tascii -rLL=200n "$work/tickscope.1" 2>/dev/null | sed 's/.\x08//g')
fi
grep -q "Tickscope $VERSION" <<<"$text" && echo "ok: the page says Tickscope $VERSION" || fail "the page lacks \"Tickscope $VERSION\""

for sub in run validate generate diff sweep; do
  grep -qE "^ *(tickscope )?$sub\b" <<<"$text" || fail "the page has no section for $sub"
done
options=$({
  "$T" --help
  for sub in run validate generate diff sweep; do "$T" "$sub" --help; done
} | grep -oE '(^|[ [|])--?[a-z][a-z-]*' | sed -E 's/^[ [|]//' | sort -u)
count=0
for option in $options --help --version -h; do
  count=$((count + 1))
  # The option as a word of its own (not a prefix of a longer one: --seed vs --seeds).
  grep -qE -- "(^|[^a-z-])$option([^a-z-]|$)" <<<"$text" || fail "the page does not mention $option"
done
echo "checked $count options"
echo "$failures failed"
[ "$failures" -eq 0 ]
