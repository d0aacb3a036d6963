// layout_bench: the layered layout of issue 14 (LayeredLayouter), goal 100,000 nodes in under 3 s.
//   layered/<shape>-<N>   LayeredLayouter::layout of the generated <shape> graph (grid or
//                         random, N computations, seed 1), cells folded as the Graph pane does
//                         for large graphs; counters: nodes, edges, layers, route points per
//                         edge, and the layout's peak memory growth per node + edge
// The structure is built once per row, outside the timing. Peak memory: before each iteration
// free heap memory goes back to the system (malloc_trim) and VmHWM is reset
// (/proc/self/clear_refs); the growth is VmHWM after the layout minus VmRSS before it.
// TICKSCOPE_BENCH_SMALL=1 (the CTest smoke run) leaves out the 100,000-node rows.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/run_benchmarks.h"
#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_structure.h"
#include "layout/layered_layouter.h"

using namespace tickscope;

namespace {

bool small() {
  const char* v = std::getenv("TICKSCOPE_BENCH_SMALL");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

int failures = 0;

bool resetPeakMemory() {
  malloc_trim(0);
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out.flush());
}

double statusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) * 1024.0;
  }
  return 0;
}

void layeredBench(benchmark::State& state, graph::Shape shape, std::size_t nodes) {
  graph::GraphDocument doc = graph::generateGraph(shape, nodes, 1);
  if (!graph::validate(doc).ok()) {
    ++failures;
    state.SkipWithError("the generated graph does not validate");
    return;
  }
  const auto structure = views::buildGraphStructure(doc, false);
  const views::layout::LayoutGraph& g = structure->layoutGraph;
  views::layout::LayeredLayouter layouter;
  const std::atomic<bool> cancelled{false};
  std::size_t layers = 0, points = 0;
  double growth = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const bool peakKnown = resetPeakMemory();
    const double before = statusBytes("VmRSS");
    state.ResumeTiming();
    auto layout = layouter.layout(g, cancelled);
    state.PauseTiming();
    if (!layout || layout->nodes.size() != g.nodes.size()) {
      ++failures;
      state.SkipWithError("no layout");
      return;
    }
    if (peakKnown) growth = std::max(growth, statusBytes("VmHWM") - before);
    layers = layout->layers.empty() ? 0 : *std::max_element(layout->layers.begin(), layout->layers.end()) + 1;
    points = 0;
    for (const auto& r : layout->edges) points += r.points.size();
    layout.reset();  // freed outside the timing
    state.ResumeTiming();
  }
  state.counters["nodes"] = static_cast<double>(g.nodes.size());
  state.counters["edges"] = static_cast<double>(g.edges.size());
  state.counters["layers"] = static_cast<double>(layers);
  state.counters["points_per_edge"] = g.edges.empty() ? 0 : static_cast<double>(points) / static_cast<double>(g.edges.size());
  state.counters["peak_bytes_per_item"] = growth / static_cast<double>(g.nodes.size() + g.edges.size());
}

void registerAll() {
  std::vector<std::size_t> sizes{1'000, 10'000};
  if (!small()) sizes.push_back(100'000);
  for (graph::Shape shape : {graph::Shape::Grid, graph::Shape::Random}) {
    for (std::size_t n : sizes) {
      benchmark::RegisterBenchmark(fmt::format("layered/{}-{}", graph::toString(shape), n).c_str(),
                                   [=](benchmark::State& st) { layeredBench(st, shape, n); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  registerAll();
  if (tickscope::bench::runBenchmarks(argc, argv) != 0) return 1;
  if (failures > 0) {
    fmt::print(stderr, "layout_bench: {} benchmark(s) failed their checks\n", failures);
    return 1;
  }
  return 0;
}
