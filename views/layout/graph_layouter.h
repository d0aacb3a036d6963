#pragma once
// GraphLayouter: the layout contract (style.md section 3, KDSME's Layouter): one function from
// a plain graph to a plain layout. Implementations: LayeredLayouter (our own, for any size:
// 100,000 nodes in seconds) and GraphvizLayouter (Graphviz `dot`, small graphs only, its C
// API behind one file). A layouter may be called from any thread; each call is independent.
#include <atomic>
#include <optional>
#include <string_view>

#include "layout/layout_graph.h"

namespace tickscope::views::layout {

class GraphLayouter {
 public:
  virtual ~GraphLayouter() = default;
  // layout: a position for every node of `graph` (no two node boxes overlapping) and, where
  // the layouter makes them, edge routes. `cancelled` is polled while it works: once it is
  // true the call gives up and returns nullopt (a stale layout is never waited for).
  virtual std::optional<GraphLayout> layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) = 0;
  // name: "layered", "dot".
  virtual std::string_view name() const = 0;
};

}  // namespace tickscope::views::layout
