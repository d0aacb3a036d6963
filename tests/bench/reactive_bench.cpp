// reactive_bench: the shapes of js-reactivity-benchmark on the Tickscope runtime (pull and
// push mode) and on Qt 6 QProperty bindings, same shapes and sizes as the anchors in
// /work/shared/anchors, so one run gives ratios on one machine. Rows:
//   kairo/<shape>/<system>        one head write and its propagation per iteration (time is
//                                 ns per update); counters: computations and effects per update
//   cellx<L>/<system>             first batched update on a fresh graph, with the reads of the
//                                 last layer before and after (manual time)
//   cellx<L>-repeat/<system>      batched updates back and forth on one graph, with the read
//   dynamic/<title>/<system>      one run of the configuration's iterations on a warm graph;
//                                 counters: time and computations per update
//   memory/<node>/<system>        heap bytes per node (counter bytes_per_node): a cell, a
//                                 computation (lift, or QProperty binding, its output included),
//                                 a derive; 10,000 of them, built and settled
// At the end, one table side by side (bench/side_by_side.h): pull, push, QProperty and the
// ratios; with TICKSCOPE_ANCHORS=FILE (the output of /work/shared/anchors/run.sh from the same
// minutes) alien-signals too (tests/bench/side_by_side.sh runs both).
// A failed check (a value or an effect count the original benchmark asserts) marks the row
// with an error and makes the program exit with 1. TICKSCOPE_BENCH_SMALL=1 uses small sizes.
#include <benchmark/benchmark.h>

#include <chrono>
#include <functional>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/side_by_side.h"
#include "bench/shapes/cellx.h"
#include "bench/shapes/dynamic_graph.h"
#include "bench/shapes/kairo.h"
#include "bench/shapes/node_memory.h"
#include "bench/shapes/qproperty/qproperty_cellx.h"
#include "bench/shapes/qproperty/qproperty_dynamic.h"
#include "bench/shapes/qproperty/qproperty_kairo.h"
#include "bench/shapes/qproperty/qproperty_memory.h"

using namespace tickscope;
using namespace tickscope::shapes;
using reactive::Mode;

namespace {

bool small() {
  const char* v = std::getenv("TICKSCOPE_BENCH_SMALL");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

int failures = 0;

void fail(benchmark::State& state, const std::string& message) {
  ++failures;
  state.SkipWithError(message.c_str());
}

std::string cellxString(const CellxValues& v) { return fmt::format("[{},{},{},{}]", v[0], v[1], v[2], v[3]); }

void setCounts(benchmark::State& state, const Counts& counts, double updates) {
  state.counters["computations"] = benchmark::Counter(static_cast<double>(counts.computations) / updates);
  state.counters["effects"] = benchmark::Counter(static_cast<double>(counts.effects) / updates);
}

// --- kairo ----------------------------------------------------------------------------------

void runKairo(benchmark::State& state, std::unique_ptr<Shape> shape) {
  for (auto _ : state) shape->update();
  if (const std::string error = shape->check(); !error.empty()) return fail(state, error);
  setCounts(state, shape->counts(), static_cast<double>(shape->updates()));
}

void registerKairo() {
  for (std::string_view name : kairo::names) {
    const std::string n(name);
    for (Mode mode : {Mode::Pull, Mode::Push}) {
      benchmark::RegisterBenchmark(fmt::format("kairo/{}/{}", n, reactive::nameOf(mode)).c_str(),
                                   [n, mode](benchmark::State& state) { runKairo(state, kairo::make(n, mode)); });
    }
    benchmark::RegisterBenchmark(fmt::format("kairo/{}/qproperty", n).c_str(),
                                 [n](benchmark::State& state) { runKairo(state, qproperty::makeKairo(n)); });
  }
}

// --- cellx ----------------------------------------------------------------------------------

constexpr CellxValues cellxInitial{1, 2, 3, 4};
constexpr CellxValues cellxFlipped{4, 3, 2, 1};

// System: the Tickscope runtime in one mode, or QProperty (mode empty).
template <class Graph>
void cellxFresh(benchmark::State& state, int layers, const std::function<std::unique_ptr<Graph>()>& build) {
  const CellxExpectation expected = cellxExpectation(layers);
  Counts total;
  for (auto _ : state) {
    auto graph = build();
    const auto t0 = std::chrono::steady_clock::now();
    const CellxValues before = graph->readEnd();
    graph->set(cellxFlipped);
    const CellxValues after = graph->readEnd();
    const auto t1 = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    if (before != expected.before || after != expected.after) {
      return fail(state, fmt::format("cellx{}: before {} after {}, expected {} / {}", layers, cellxString(before),
                                     cellxString(after), cellxString(expected.before), cellxString(expected.after)));
    }
    total.computations += graph->counts().computations;
    total.effects += graph->counts().effects;
  }
  setCounts(state, total, static_cast<double>(state.iterations()));
}

template <class Graph>
void cellxRepeat(benchmark::State& state, int layers, std::unique_ptr<Graph> graph) {
  const CellxExpectation expected = cellxExpectation(layers);
  graph->set(cellxFlipped);
  graph->resetCounts();
  bool back = true;
  for (auto _ : state) {
    graph->set(back ? cellxInitial : cellxFlipped);
    const CellxValues end = graph->readEnd();
    if (end != (back ? expected.before : expected.after)) {
      return fail(state, fmt::format("cellx{} repeat: {}", layers, cellxString(end)));
    }
    back = !back;
  }
  setCounts(state, graph->counts(), static_cast<double>(state.iterations()));
}

void registerCellx() {
  // Small: the runtime's first settle of a cellx graph is quadratic today (seconds at 1000).
  const std::vector<int> layerCounts = small() ? std::vector<int>{10, 50} : std::vector<int>{10, 20, 1000, 2500};
  // Qt re-evaluates per changed path (about 1.6x more work per layer): 20 layers is its limit.
  constexpr int qtMaxLayers = 20;
  for (int layers : layerCounts) {
    for (Mode mode : {Mode::Pull, Mode::Push}) {
      const auto modeName = reactive::nameOf(mode);
      auto* fresh = benchmark::RegisterBenchmark(fmt::format("cellx{}/{}", layers, modeName).c_str(),
                                                 [layers, mode](benchmark::State& state) {
                                                   cellxFresh<Cellx>(state, layers, [&] {
                                                     return std::make_unique<Cellx>(layers, mode);
                                                   });
                                                 });
      fresh->UseManualTime()->Unit(benchmark::kMicrosecond);
      // Every iteration builds a graph (untimed): big graphs get a fixed number of fresh
      // updates (the anchors use 15, but building a big graph takes seconds today).
      if (layers >= 1000) fresh->Iterations(mode == Mode::Pull ? 5 : 3);
      benchmark::RegisterBenchmark(fmt::format("cellx{}-repeat/{}", layers, modeName).c_str(),
                                   [layers, mode](benchmark::State& state) {
                                     cellxRepeat(state, layers, std::make_unique<Cellx>(layers, mode));
                                   })
          ->Unit(benchmark::kMicrosecond);
    }
    if (layers > qtMaxLayers) continue;
    benchmark::RegisterBenchmark(fmt::format("cellx{}/qproperty", layers).c_str(),
                                 [layers](benchmark::State& state) {
                                   cellxFresh<qproperty::QCellx>(state, layers, [&] {
                                     auto g = std::make_unique<qproperty::QCellx>(layers);
                                     g->resetCounts();
                                     return g;
                                   });
                                 })
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(fmt::format("cellx{}-repeat/qproperty", layers).c_str(),
                                 [layers](benchmark::State& state) {
                                   cellxRepeat(state, layers, std::make_unique<qproperty::QCellx>(layers));
                                 })
        ->Unit(benchmark::kMicrosecond);
  }
}

// --- dynamic graphs -------------------------------------------------------------------------

// dynamicIterations: the configuration's iterations, or in small runs a hundredth of them
// but at least two per source (so a run on the warm graph still changes every source).
int dynamicIterations(const DynamicConfig& config) {
  if (!small()) return config.iterations;
  return std::min(config.iterations, std::max(config.iterations / 100, 2 * config.width));
}

// cached: one graph per benchmark row, built on first use and kept for the program's life:
// Google Benchmark calls a row several times, and building is the slow part.
template <class Graph, class Build>
Graph& cached(const std::string& key, Build build) {
  static std::map<std::string, std::unique_ptr<Graph>> graphs;
  auto& slot = graphs[key];
  if (!slot) slot = build();
  return *slot;
}

template <class Graph>
void dynamicRun(benchmark::State& state, const DynamicConfig& config, Graph& graph) {
  const int iterations = dynamicIterations(config);
  graph.run(iterations);  // warm-up: the published numbers are those of a warm graph
  graph.resetCounts();
  Counts total;
  for (auto _ : state) {
    const double sum = graph.run(iterations);
    const Counts c = graph.counts();
    graph.resetCounts();
    if (iterations == config.iterations && sum != config.expectedSum) {
      return fail(state, fmt::format("{}: sum {} != {}", config.name, sum, config.expectedSum));
    }
    total.computations += c.computations;
    total.effects += c.effects;
  }
  const double updates = static_cast<double>(state.iterations()) * iterations;
  setCounts(state, total, updates);
  state.counters["time_per_update"] =
      benchmark::Counter(updates, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["updates"] = iterations;
}

void registerDynamic() {
  for (const DynamicConfig& config : dynamicConfigs) {
    const std::string title = dynamicTitle(config);
    const std::size_t nodes = static_cast<std::size_t>(config.width) * static_cast<std::size_t>(config.totalLayers - 1);
    for (Mode mode : {Mode::Pull, Mode::Push}) {
      // Push mode's first settle is quadratic today: small runs keep it to the small graphs.
      if (small() && mode == Mode::Push && nodes > 200) continue;
      const std::string name = fmt::format("dynamic/{}/{}", title, reactive::nameOf(mode));
      benchmark::RegisterBenchmark(name.c_str(),
                                   [&config, mode, name](benchmark::State& state) {
                                     auto& graph = cached<DynamicGraph>(
                                         name, [&] { return std::make_unique<DynamicGraph>(config, mode); });
                                     dynamicRun(state, config, graph);
                                   })
          ->Unit(benchmark::kMillisecond);
    }
    if (!qproperty::qtPractical(config)) continue;
    const std::string name = fmt::format("dynamic/{}/qproperty", title);
    benchmark::RegisterBenchmark(name.c_str(),
                                 [&config, name](benchmark::State& state) {
                                   auto& graph = cached<qproperty::QDynamicGraph>(
                                       name, [&] { return std::make_unique<qproperty::QDynamicGraph>(config); });
                                   dynamicRun(state, config, graph);
                                 })
        ->Unit(benchmark::kMillisecond);
  }
}

// --- memory per node ------------------------------------------------------------------------

constexpr int memoryNodes = 10000;

void registerMemory(const std::string& row, std::function<double()> measure) {
  benchmark::RegisterBenchmark(row.c_str(),
                               [row, measure](benchmark::State& state) {
                                 double bytes = 0;
                                 for (auto _ : state) bytes = measure();
                                 if (bytes < 0) return fail(state, row + ": the graph did not settle");
                                 state.counters["bytes_per_node"] = bytes;
                               })
      ->Iterations(1);
}

void registerMemory() {
  const int n = small() ? memoryNodes / 10 : memoryNodes;
  for (Mode mode : {Mode::Pull, Mode::Push}) {
    const auto m = reactive::nameOf(mode);
    registerMemory(fmt::format("memory/cell/{}", m), [=] { return tickscopeBytesPerNode(NodeKind::Cell, mode, n); });
    registerMemory(fmt::format("memory/computation/{}", m), [=] { return tickscopeBytesPerNode(NodeKind::Lift, mode, n); });
    registerMemory(fmt::format("memory/derive/{}", m), [=] { return tickscopeBytesPerNode(NodeKind::Derive, mode, n); });
  }
  registerMemory("memory/cell/qproperty", [=] { return qproperty::bytesPerProperty(n); });
  registerMemory("memory/computation/qproperty", [=] { return qproperty::bytesPerBinding(n); });
}

// consoleOutput: the display is the console's (no --benchmark_format other than console).
bool consoleOutput(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--benchmark_format=", 0) == 0 && a != "--benchmark_format=console") return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  registerKairo();
  registerCellx();
  registerDynamic();
  registerMemory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (consoleOutput(argc, argv)) {
    const char* anchors = std::getenv("TICKSCOPE_ANCHORS");
    tickscope::bench::SideBySide display(anchors ? anchors : "");
    benchmark::RunSpecifiedBenchmarks(&display);
  } else {
    benchmark::RunSpecifiedBenchmarks();
  }
  benchmark::Shutdown();
  if (failures > 0) {
    fmt::print(stderr, "reactive_bench: {} benchmark(s) failed their checks\n", failures);
    return 1;
  }
  return 0;
}
