#!/usr/bin/env bash
# reactive_ir.sh BUILD_DIR: instructions per update of every kairo shape, pull and push, under
# callgrind with collection only inside the shape's update() (the write and everything it
# causes). Exact and independent of machine load: compare builds with it, then confirm with
# alternating wall-time runs (docs/benchmarks.md).
set -euo pipefail
build="${1:?usage: reactive_ir.sh BUILD_DIR}"
bench="$build/tests/bench/reactive_bench"
command -v valgrind >/dev/null || { echo "reactive_ir.sh: valgrind is not installed" >&2; exit 1; }
[ -x "$bench" ] || { echo "reactive_ir.sh: no $bench (build the reactive_bench target)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-26s %12s\n' benchmark "Ir per update"
for shape in Deep:deep Broad:broad Diamond:diamond Triangle:triangle Mux:mux Avoidable:avoidable \
             Repeated:repeated Unstable:unstable; do
  class="${shape%%:*}" name="${shape##*:}"
  for mode in pull push; do
    cg="$out/$name-$mode.cg"
    valgrind --tool=callgrind --callgrind-out-file="$cg" --toggle-collect="*$class::update*" \
      "$bench" --benchmark_filter="^kairo/$name/$mode\$" --benchmark_min_time=0.05 >"$out/log" 2>&1
    # update()'s id in the compressed names, then the calls made to it (over every call site).
    id=$(grep -o "fn=([0-9]*) .*$class::update()" "$cg" | head -1 | sed 's/.*fn=(\([0-9]*\)).*/\1/')
    calls=$(grep -A1 "cfn=($id)" "$cg" | grep calls | awk '{split($1, a, "="); s += a[2]} END {print s}')
    total=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$cg")
    [ -n "$calls" ] && [ "$calls" -gt 0 ] || { echo "reactive_ir.sh: $name/$mode: no calls counted" >&2; cat "$out/log" >&2; exit 1; }
    printf '%-26s %12d\n' "kairo/$name/$mode" $((total / calls))
  done
done
