#pragma once
// DynamicGraph: the "dynamic" benchmark of js-reactivity-benchmark (src/benches/reactively:
// dependencyGraph.ts, dynamicBench.ts; configurations and expected results from config.ts).
// A rectangle of `width` sources and `totalLayers - 1` layers of computations; node j of a
// layer reads nodes j .. j + nSources - 1 (mod width) of the layer before. A node is static
// (sums its sources) with probability staticFraction, else dynamic: it reads the first
// source, and skips one of the others when that value is odd, so its dependencies change.
// One effect reads a readFraction of the last layer. An iteration writes one source
// (i mod width := i + that index), then reads the effect's leaves; a run is `iterations`
// iterations and returns the sum of those leaves.
//
// The published `expected` sum and count are those of a run on a graph that already ran
// (the benchmark warms each graph up first): run() once, resetCounts(), run() again.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bench/shapes/harness.h"
#include "reactive/builder.h"

namespace tickscope::shapes {

struct DynamicConfig {
  std::string_view name;
  int width;
  int totalLayers;
  double staticFraction;
  int nSources;
  double readFraction;
  int iterations;
  double expectedSum;
  std::uint64_t expectedCount;  // computations of a warm run
};

inline constexpr std::array<DynamicConfig, 6> dynamicConfigs = {{
    {"simple component", 10, 5, 1.0, 2, 0.2, 600000, 19199968, 3480000},
    {"dynamic component", 10, 10, 3.0 / 4.0, 6, 0.2, 15000, 302310782860, 1155000},
    {"large web app", 1000, 12, 0.95, 4, 1.0, 7000, 29355933696000, 1463000},
    {"wide dense", 1000, 5, 1.0, 25, 1.0, 3000, 1171484375000, 732000},
    {"deep", 5, 500, 1.0, 3, 1.0, 500, 3.0239642676898464e241, 1246500},
    {"very dynamic", 100, 15, 0.5, 6, 1.0, 2000, 15664996402790400, 1078000},
}};

// dynamicTitle: the benchmark's row title, e.g. "6-10x10 - dyn25% - lazy80%".
std::string dynamicTitle(const DynamicConfig& config);

// jsToInt32Parity: the low bit of JavaScript's ToInt32(x) (the `sum & 0x1` of dynamic nodes),
// exact for every finite double.
bool jsToInt32Parity(double x);

class DynamicGraph {
 public:
  // DynamicGraph: builds the graph and its effect on a runtime in `mode`, settles, resets
  // the counts.
  DynamicGraph(const DynamicConfig& config, reactive::Mode mode, SchedulerPtr scheduler = {});

  // run: `iterations` iterations (see above); returns the sum of the read leaves.
  double run(int iterations);

  const DynamicConfig& config() const { return config_; }
  std::size_t computationCount() const { return nodes_; }
  std::size_t dynamicNodes() const { return dynamicNodes_; }
  std::size_t readLeaves() const { return leaves_.size(); }
  Harness& harness() { return h_; }
  const Counts& counts() const { return h_.counts(); }
  void resetCounts() { h_.resetCounts(); }

 private:
  DynamicConfig config_;
  Harness h_;
  std::vector<reactive::Cell<double>> sources_;
  std::vector<reactive::Cell<double>> leaves_;
  std::size_t nodes_ = 0;
  std::size_t dynamicNodes_ = 0;
};

}  // namespace tickscope::shapes
