// graphviz_bench: Graphviz `dot` through GraphvizLayouter (issue 14's small-graph layout).
//   dot/<shape>-<N>/tuned      the layouter as the Graph pane runs it (nslimit, mclimit lowered)
//   dot/<shape>-<N>/defaults   Graphviz's own effort (nslimit and mclimit unset), to compare
// Graphs: the generator's grid and random shapes with N computations (seed 1), cells folded
// into the edges between actions (GraphStructure), so about N nodes. Counters: nodes, edges,
// ranks, the bounds in points. Every call builds, lays out and frees its Graphviz graph, as the
// layout service does. TICKSCOPE_BENCH_SMALL=1 uses 200 computations instead of 1,000.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/run_benchmarks.h"
#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_structure.h"
#include "layout/graphviz_layouter.h"

using namespace tickscope;
using views::layout::GraphvizLayouter;

namespace {

bool small() {
  const char* v = std::getenv("TICKSCOPE_BENCH_SMALL");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

int failures = 0;

std::shared_ptr<const views::GraphStructure> structureOf(graph::Shape shape, std::size_t nodes) {
  graph::GraphDocument document = graph::generateGraph(shape, nodes, 1);
  if (!graph::validate(document).ok()) return nullptr;  // resolves the reads and writes
  return views::buildGraphStructure(document, false);
}

void dotBench(benchmark::State& state, graph::Shape shape, std::size_t nodes, bool tuned) {
  const auto structure = structureOf(shape, nodes);
  if (!structure) {
    ++failures;
    state.SkipWithError("the generated graph does not validate");
    return;
  }
  GraphvizLayouter::Options options;
  if (!tuned) options.nsLimit = options.mcLimit = 0;
  GraphvizLayouter layouter(options);
  const std::atomic<bool> cancelled{false};
  std::optional<views::layout::GraphLayout> layout;
  for (auto _ : state) {
    layout = layouter.layout(structure->layoutGraph, cancelled);
    if (!layout) {
      ++failures;
      state.SkipWithError("dot failed");
      return;
    }
  }
  std::uint32_t ranks = 0;
  for (std::uint32_t layer : layout->layers) ranks = std::max(ranks, layer + 1);
  state.counters["nodes"] = static_cast<double>(structure->nodeCount());
  state.counters["edges"] = static_cast<double>(structure->layoutGraph.edges.size());
  state.counters["ranks"] = ranks;
  state.counters["width_pt"] = layout->bounds.width;
  state.counters["height_pt"] = layout->bounds.height;
}

void registerAll() {
  const std::size_t n = small() ? 200 : 1000;
  for (graph::Shape shape : {graph::Shape::Grid, graph::Shape::Random}) {
    for (bool tuned : {true, false}) {
      const std::string name = fmt::format("dot/{}-{}/{}", graph::toString(shape), n, tuned ? "tuned" : "defaults");
      benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) { dotBench(st, shape, n, tuned); })
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
    fmt::print(stderr, "graphviz_bench: {} benchmark(s) failed\n", failures);
    return 1;
  }
  return 0;
}
