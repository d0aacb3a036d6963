#!/usr/bin/env bash
# Builds and runs every Tickscope test suite — the README's test command and CI's only job.
#   1. main build (all layers, warnings as errors): every QtTest suite, the examples, the CLI,
#      the fuzz regression corpus, the benchmarks at a small size, and the packaging tests
#      (tests/packaging: the Debian packages, an install into a prefix, a consumer project);
#   2. the engine alone with Qt disabled, proving engine/ builds without any Qt;
#   3. engine suites under AddressSanitizer + UndefinedBehaviorSanitizer;
#   4. platform scheduler suites and the reactive runtime's threads suite under ThreadSanitizer;
#   5. the graph loader fuzzer (clang libFuzzer) for a bounded time; crashes are kept.
# Idempotent: build trees live under build/ci-* and are reused. Ends with "N passed, M failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${TICKSCOPE_JOBS:-$(nproc)}"
FUZZ_SECONDS="${TICKSCOPE_FUZZ_SECONDS:-60}"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
export QT_QPA_PLATFORM=offscreen
passed=0
failed=0
failures=()

stage() { printf '\n==== %s ====\n' "$*"; }

configure_and_build() {  # dir, target-or-empty, cmake args...
  local dir="$1" target="$2"
  shift 2
  cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  if [ -n "$target" ]; then
    cmake --build "$dir" -j "$JOBS" --target $target
  else
    cmake --build "$dir" -j "$JOBS"
  fi
}

run_ctest() {  # name, dir, extra ctest args...
  local name="$1" dir="$2"
  shift 2
  local log="$dir/ctest.log"
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS" "$@" 2>&1 | tee "$log"
  local summary
  summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$summary" ]; then
    failed=$((failed + 1))
    failures+=("$name: ctest ran no test")
    return
  fi
  local nfail total
  nfail=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")
  passed=$((passed + total - nfail))
  failed=$((failed + nfail))
  [ "$nfail" -eq 0 ] || failures+=("$name: $nfail of $total failed")
}

build_failed() {
  failed=$((failed + 1))
  failures+=("$1: build failed")
}

mkdir -p build
start=$(date +%s)

stage "1/5 main build (warnings as errors) and all suites"
if configure_and_build build/ci-main "" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTICKSCOPE_WERROR=ON; then
  run_ctest main build/ci-main
else
  build_failed main
fi

stage "2/5 engine alone, Qt disabled"
if configure_and_build build/ci-engine-noqt "" -DCMAKE_BUILD_TYPE=Release -DTICKSCOPE_ENGINE_ONLY=ON \
    -DTICKSCOPE_BUILD_TESTS=OFF -DTICKSCOPE_BUILD_BENCHMARKS=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DTICKSCOPE_WERROR=ON; then
  example=build/ci-engine-noqt/reactive_readme_example
  if grep -q -i 'qt6' build/ci-engine-noqt/build.ninja || ldd "$example" | grep -q -i 'libQt'; then
    failed=$((failed + 1)); failures+=("engine-noqt: the engine build mentions or links Qt")
  elif "$example"; then
    passed=$((passed + 1)); echo "engine built with Qt disabled, README example runs: ok"
  else
    failed=$((failed + 1)); failures+=("engine-noqt: the README example failed")
  fi
else
  build_failed engine-noqt
fi

stage "3/5 engine suites under ASan + UBSan"
# The default stack suffices: nested pulls are bounded (64 deep under ASan, ~580 KiB), and the
# million-deep chain tests run on threads with an explicit 8 MiB stack.
if configure_and_build build/ci-asan "" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTICKSCOPE_ENGINE_ONLY=ON \
    -DTICKSCOPE_BUILD_BENCHMARKS=OFF -DTICKSCOPE_SANITIZE=address,undefined -DTICKSCOPE_WERROR=ON; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest asan build/ci-asan
else
  build_failed asan
fi

stage "4/5 platform schedulers and the reactive threads suite under TSan"
if configure_and_build build/ci-tsan "platform_scheduler_tests reactive_threads_tests" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTICKSCOPE_BUILD_BENCHMARKS=OFF -DTICKSCOPE_SANITIZE=thread; then
  run_ctest tsan build/ci-tsan -R '^(platform|reactive_threads)'
else
  build_failed tsan
fi

stage "5/5 graph loader fuzzer (${FUZZ_SECONDS}s)"
if [ "$FUZZ_SECONDS" -gt 0 ] && [ -f tests/fuzz/CMakeLists.txt ]; then
  if CC=clang CXX=clang++ configure_and_build build/ci-fuzz "graph_loader_fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTICKSCOPE_FUZZ=ON -DTICKSCOPE_ENGINE_ONLY=ON -DTICKSCOPE_BUILD_TESTS=OFF -DTICKSCOPE_BUILD_BENCHMARKS=OFF; then
    mkdir -p build/ci-fuzz/corpus tests/fuzz/crashes
    if build/ci-fuzz/tests/fuzz/graph_loader_fuzz -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=4096 \
        -max_len=65536 -dict=tests/fuzz/graph.dict -artifact_prefix=tests/fuzz/crashes/ \
        build/ci-fuzz/corpus tests/fuzz/corpus tests/fuzz/regressions resources/examples \
        >build/ci-fuzz/fuzz.log 2>&1; then
      passed=$((passed + 1)); tail -3 build/ci-fuzz/fuzz.log
    else
      failed=$((failed + 1)); failures+=("fuzz: crash kept in tests/fuzz/crashes/ (add it to tests/fuzz/regressions/)")
      tail -40 build/ci-fuzz/fuzz.log
    fi
  else
    build_failed fuzz
  fi
fi

echo
echo "tickscope test suite took $(( $(date +%s) - start )) s"
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
