#pragma once
// What a graph layouter works on and returns: plain data, no Qt, no Graphviz, so a layout can
// run on any thread and be cached, compared and tested on its own (style.md section 3: the
// layout contract is one function; callers never see a Graphviz type).
//
// Coordinates are points (1/72 inch), x to the right and y DOWNWARD (screen order: the first
// layer is at the top); a node's position is its centre. A layered layout puts every edge's
// target below its source in a DAG (cycles: some edges point up).
#include <cstdint>
#include <string>
#include <vector>

namespace tickscope::views::layout {

struct Point {
  double x = 0;
  double y = 0;
  friend bool operator==(const Point&, const Point&) = default;
};

struct Rect {
  double x = 0;  // left
  double y = 0;  // top
  double width = 0;
  double height = 0;
  friend bool operator==(const Rect&, const Rect&) = default;
};

// LayoutNode: a box to place (its label's size plus margins).
struct LayoutNode {
  double width = 60;
  double height = 24;
  friend bool operator==(const LayoutNode&, const LayoutNode&) = default;
};

// LayoutEdge: from node index to node index (a self-loop is allowed and may be ignored).
struct LayoutEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  friend bool operator==(const LayoutEdge&, const LayoutEdge&) = default;
};

struct LayoutGraph {
  std::vector<LayoutNode> nodes;
  std::vector<LayoutEdge> edges;
  friend bool operator==(const LayoutGraph&, const LayoutGraph&) = default;
};

// EdgeRoute: an edge's path from its source's border to its target's. Two forms:
// `points` is a polyline (straight segments), or when `bezier` is true a cubic Bézier chain
// (p0, c1, c2, p1, c1, c2, p2...: 3n+1 points, Graphviz's spline form). Empty: draw a
// straight line between the two nodes' centres.
struct EdgeRoute {
  std::vector<Point> points;
  bool bezier = false;
  friend bool operator==(const EdgeRoute&, const EdgeRoute&) = default;
};

// GraphLayout: where everything goes. nodes[i] is the centre of graph node i; edges[k] the
// route of graph edge k (parallel to LayoutGraph::edges; may be empty for every edge);
// bounds contains every node box and route. `engine` says which layouter made it ("dot",
// "layered"); `layers[i]` is node i's layer when the layouter has layers (else empty).
struct GraphLayout {
  std::vector<Point> nodes;
  std::vector<EdgeRoute> edges;
  std::vector<std::uint32_t> layers;
  Rect bounds;
  std::string engine;
};

}  // namespace tickscope::views::layout
