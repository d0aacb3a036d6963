#!/usr/bin/env bash
# side_by_side.sh BUILD_DIR [reactive_bench flags...]: the anchors (alien-signals and Qt
# QProperty: ANCHORS, by default ../shared/anchors/run.sh beside the repository) and then
# reactive_bench, in the same minutes on this machine; reactive_bench's table at the end has
# pull, push, QProperty and alien-signals side by side, with the ratios. Timings are reported,
# never judged (docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:?usage: side_by_side.sh BUILD_DIR [reactive_bench flags...]}"
shift
ANCHORS="${ANCHORS:-$ROOT/../shared/anchors/run.sh}"
BENCH="$BUILD/tests/bench/reactive_bench"
[ -x "$BENCH" ] || { echo "side_by_side.sh: no $BENCH (build the reactive_bench target)" >&2; exit 2; }
[ -x "$ANCHORS" ] || { echo "side_by_side.sh: no anchors at $ANCHORS (set ANCHORS)" >&2; exit 2; }
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "== anchors: $ANCHORS ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
"$ANCHORS" | tee "$out"
echo "== reactive_bench ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
TICKSCOPE_ANCHORS="$out" "$BENCH" "$@"
