#pragma once
// runBenchmarks: Google Benchmark's main for programs that register their benchmarks at run
// time: parses the flags, runs what they select, shuts down. Returns 1 on an unknown flag.
#include <benchmark/benchmark.h>

namespace tickscope::bench {

inline int runBenchmarks(int& argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace tickscope::bench
