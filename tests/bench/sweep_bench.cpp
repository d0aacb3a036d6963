// sweep_bench: seed-sweep throughput (issue 15): run::sweep of a bundled example under
// consecutive seeds on 1 and 2 threads, as `tickscope sweep` and the Sweep pane run it.
//   sweep/<example>/threads:<T>   one sweep of `seeds` seeds per iteration; counter
//                                  runs_per_second (wall time), groups (1 for the examples)
// The document is loaded once, outside the timing; each run builds its own Runner over it.
// grid-10000 is the README's number (runs per second on 2 threads). TICKSCOPE_BENCH_SMALL=1
// (the CTest smoke run) sweeps diamond only, with few seeds.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "bench/run_benchmarks.h"
#include "graph/loader.h"
#include "run/sweep.h"

using namespace tickscope;

namespace {

bool small() {
  const char* v = std::getenv("TICKSCOPE_BENCH_SMALL");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

void sweepBench(benchmark::State& state, const std::string& example, std::uint64_t seeds) {
  const std::string path = std::string(TICKSCOPE_EXAMPLES_DIR) + "/" + example + ".tsg.json";
  graph::LoadResult loaded = graph::loadGraph(path);
  if (!loaded.ok()) {
    state.SkipWithError(("cannot load " + path).c_str());
    return;
  }
  const auto document = std::make_shared<const graph::GraphDocument>(std::move(*loaded.document));
  run::SweepOptions options;
  options.seeds = seeds;
  options.threads = static_cast<unsigned>(state.range(0));
  std::size_t groups = 0;
  for (auto _ : state) {
    const run::SweepResult r = run::sweep(document, options);
    groups = r.groups.size();
    benchmark::DoNotOptimize(groups);
  }
  state.counters["runs_per_second"] =
      benchmark::Counter(static_cast<double>(seeds) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["groups"] = static_cast<double>(groups);
  state.counters["seeds"] = static_cast<double>(seeds);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = small();
  struct Row {
    const char* example;
    std::uint64_t seeds;
  };
  const Row rows[] = {{"diamond", quick ? 16u : 256u}, {"order-dependent", quick ? 16u : 256u}, {"grid-10000", 16}};
  for (const Row& row : rows) {
    if (quick && std::string(row.example) == "grid-10000") continue;
    for (int threads : {1, 2}) {
      benchmark::RegisterBenchmark(("sweep/" + std::string(row.example)).c_str(),
                                   [row](benchmark::State& s) { sweepBench(s, row.example, row.seeds); })
          ->Arg(threads)
          ->ArgName("threads")
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->Iterations(quick ? 1 : 3);
    }
  }
  return tickscope::bench::runBenchmarks(argc, argv);
}
