#pragma once
// generateGraph: synthetic graphs for demos, tests and benchmarks, deterministic per seed
// (sched::Rng: same shape, nodes, seed and options give the same bytes on every platform).
// Every generated graph validates without errors or warnings, has events, and settings.seed
// = seed.
//
// `nodes` is the number of computations (each writes one cell); effects come on top:
//   chain    s0 -> f1 -> f2 ... -> fN (each "+ 1"), one effect on the last cell.
//   broad    one source, N computations reading it, one effect per computation.
//   diamond  N/3 stacked diamonds (top -> left, right -> join -> next top), one effect on the
//            last join: glitch-freedom at scale.
//   grid     ceil(sqrt N) wide layers; each node reads 1..maxReads random nodes of the layer
//            above (layer 0 reads source cells) and averages them; one effect per node of the
//            last layer.
//   cellx    the cellx benchmark: ceil(N/4) layers of 4 cells, prop1 = prev.prop2,
//            prop2 = prev.prop1 - prev.prop3, prop3 = prev.prop2 + prev.prop4,
//            prop4 = prev.prop3; sources 1, 2, 3, 4; one effect per computed cell; the first
//            event is the benchmark's batch (4, 3, 2, 1). Use nodes = 4 * layers.
//   random   each computation reads 1..maxReads random earlier cells; with options.cycles
//            some read later cells too (cycles, damped by 0.25 so they converge; the file
//            then sets epsilon 1e-6 and maxIterations 50); one
//            effect on every cell no computation reads.
// Events: options.events events every options.eventIntervalMs, each setting 1..3 random
// sources to random integers in [-100, 100].
// Generation is streaming (writeGeneratedGraph) and linear: a million nodes take seconds.
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string_view>

#include "graph/document.h"

namespace tickscope::graph {

enum class Shape : std::uint8_t { Chain, Broad, Diamond, Grid, Cellx, Random };

std::string_view toString(Shape shape);
std::optional<Shape> parseShape(std::string_view name);
std::span<const Shape> allShapes();

struct GenerateOptions {
  std::size_t events = 10;
  double eventIntervalMs = 10;
  std::uint32_t maxReads = 3;   // grid and random: reads per computation, 1..maxReads
  bool cycles = false;          // random: allow back edges (dependency cycles)
  double maxCostMs = 0;         // > 0: each action costs a random whole number of ms in [0, max]
  Mode mode = Mode::Pull;
};

// generateGraph: the graph as a document (not validated; call validate() when needed).
GraphDocument generateGraph(Shape shape, std::size_t nodes, std::uint64_t seed,
                            const GenerateOptions& options = {});

// writeGeneratedGraph: the same graph written as JSON without building the document;
// the bytes equal saveGraph(generateGraph(...)).
void writeGeneratedGraph(std::ostream& out, Shape shape, std::size_t nodes, std::uint64_t seed,
                         const GenerateOptions& options = {});

}  // namespace tickscope::graph
