#!/usr/bin/env bash
# sched_ir.sh BUILD_DIR [N]: instructions per test-scheduler operation, one callgrind run per
# scenario of sched_ir_probe (only the N counted operations are instrumented). Counts are
# exact and do not depend on machine load; compare them across commits, not across machines.
set -euo pipefail
build="${1:?usage: sched_ir.sh BUILD_DIR [N]}"
n="${2:-100000}"
probe="$build/tests/bench/sched_ir_probe"
command -v valgrind >/dev/null || { echo "sched_ir.sh: valgrind is not installed" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-12s %12s\n' scenario "Ir per op"
for s in spawn coroutine timer tick10 tick1000 wake; do
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/$s.cg" "$probe" "$s" "$n" >/dev/null 2>"$out/$s.log"
  total=$(sed -n 's/^totals: \([0-9]*\).*/\1/p' "$out/$s.cg" | tail -1)
  [ -n "$total" ] || { echo "sched_ir.sh: $s: no callgrind totals (see below)" >&2; cat "$out/$s.log" >&2; exit 1; }
  printf '%-12s %12.0f\n' "$s" "$(echo "$total / $n" | bc -l)"
done
