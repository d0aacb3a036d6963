#pragma once
// GraphvizLayouter: Graphviz `dot` behind the GraphLayouter contract (style.md section 3, KDSME's
// GraphvizLayouter): for small graphs only (issue 14: about 0.4 s for a 1,000-node grid, 1-2 s
// for a 1,000-node random DAG, minutes at 10,000), where its layout reads better than ours.
// Callers never see a Graphviz type: the backend (graphviz_layouter_p.h, graphviz_layouter.cpp)
// is the only code that includes gvc.h or cgraph.h.
//
// Threads: layout() may be called from any thread, but Graphviz has global state and changes
// the process locale, so calls are serialized process-wide (a second call waits for the first)
// and run with LC_NUMERIC forced to "C", restored before the call returns. Every Graphviz object
// is created and freed inside the call. Graphviz cannot be interrupted: `cancelled` is checked
// before it starts and after it ends (nullopt then), never in between.
#include <memory>

#include "layout/graph_layouter.h"

namespace tickscope::views::layout {

class GraphvizBackend;

class GraphvizLayouter final : public GraphLayouter {
 public:
  struct Options {
    // Gaps in points, as LayeredLayouter's, so the picture does not jump when dot's arrives.
    double rankSep = 48;   // between two ranks' boxes
    double nodeSep = 14;   // between two boxes of a rank
    // Effort (Graphviz's nslimit, nslimit1, mclimit): iteration factors of network simplex and
    // crossing minimization, lowered from Graphviz's unbounded defaults so that 1,000 nodes
    // take about a second at most; 0 keeps Graphviz's default.
    double nsLimit = 2;
    double mcLimit = 0.5;
  };

  GraphvizLayouter();
  explicit GraphvizLayouter(Options options);
  ~GraphvizLayouter() override;
  GraphvizLayouter(const GraphvizLayouter&) = delete;
  GraphvizLayouter& operator=(const GraphvizLayouter&) = delete;

  // layout: dot's layout of `graph`: node centres, every edge's route as Graphviz's Bézier chain
  // (EdgeRoute::bezier, from the source's border to the target's; a self-loop gets its loop), the
  // bounds with (0,0) at the top-left, each node's rank in `layers`, engine "dot". Nullopt when
  // `cancelled` is set before or after the layout, or when Graphviz fails. Edges naming a node
  // that does not exist get an empty route.
  std::optional<GraphLayout> layout(const LayoutGraph& graph, const std::atomic<bool>& cancelled) override;
  std::string_view name() const override { return "dot"; }

 private:
  std::unique_ptr<GraphvizBackend> backend_;
};

}  // namespace tickscope::views::layout
