#pragma once
// GraphStructure: what the Graph pane draws for a document. Nodes are every action (node i is
// action i) and, when cells are shown, every resolved cell after them (node actionCount + c is
// cell c); edges are reads (cell -> action) and writes (action -> cell). With cells folded
// (large graphs: kAutoFoldNodes), an edge goes from the writer of a cell to each of its readers
// (once per pair), and cells nobody writes disappear. Plain data, built once per document and
// shared read-only; `layoutGraph` is what a layouter gets, `hash` keys the layout cache.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "graph/document.h"
#include "layout/layout_graph.h"

namespace tickscope::views {

struct GraphStructure {
  enum class NodeKind : std::uint8_t { Computation, Effect, Cell };

  std::vector<NodeKind> kinds;        // per node
  std::vector<std::uint32_t> refs;    // per node: the action index, or the cell index
  std::vector<std::string> labels;    // per node: the action's or cell's id
  std::vector<graph::CellIndex> edgeCells;  // per edge of layoutGraph: the cell it reads, writes or passes
  std::uint32_t actionNodes = 0;      // nodes [0, actionNodes) are the actions
  bool cellsShown = true;
  std::uint64_t hash = 0;             // of kinds, edges and node sizes (the layout's input)
  layout::LayoutGraph layoutGraph;    // node boxes (from the labels' lengths) and edges

  std::size_t nodeCount() const { return kinds.size(); }
  // cellNode: the node of cell `c`, or -1 when cells are folded.
  std::int64_t cellNode(graph::CellIndex c) const { return cellsShown ? std::int64_t(actionNodes) + c : -1; }
};

// kAutoFoldNodes: with more actions and cells than this, cells are folded unless asked for.
constexpr std::size_t kAutoFoldNodes = 4000;

// buildGraphStructure: the structure of `document` (validated), cells shown or folded.
std::shared_ptr<const GraphStructure> buildGraphStructure(const graph::GraphDocument& document, bool showCells);

}  // namespace tickscope::views
