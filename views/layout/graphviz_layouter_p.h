#pragma once
// GraphvizBackend: the Graphviz side of GraphvizLayouter (private to views/layout; KDSME's
// GraphvizLayouterBackend). Declares no Graphviz type: graphviz_layouter.cpp, the only file that
// includes gvc.h and cgraph.h, builds a cgraph graph from the LayoutGraph, runs `dot` and reads
// the result back into plain data, all inside one call under a process-wide mutex with
// LC_NUMERIC forced to "C" (style.md, "Graphviz, threads and the locale").
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

#include "layout/graphviz_layouter.h"
#include "layout/layout_graph.h"

namespace tickscope::views::layout {

class GraphvizBackend {
 public:
  explicit GraphvizBackend(GraphvizLayouter::Options options) : options_(options) {}

  // layout: see GraphvizLayouter::layout.
  std::optional<GraphLayout> layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) const;

  // setProbeForTests: `probe` (when set) is called by every layout while it holds the Graphviz
  // lock with the locale forced, right after dot has run: tests check the locale and the
  // serialization there. Process-wide; call it while no layout runs.
  static void setProbeForTests(std::function<void()> probe);
  // layoutsStarted: how many layouts have taken the Graphviz lock (and were not cancelled by
  // then) in this process: tests wait for a layout to be under way before they cancel it.
  static std::uint64_t layoutsStarted();

 private:
  GraphvizLayouter::Options options_;
};

}  // namespace tickscope::views::layout
