#include "graph_structure.h"

#include <algorithm>
#include <unordered_set>

#include "structure_hash.h"

namespace tickscope::views {

namespace {

// Node boxes from the labels' lengths (no font here: the layout must not depend on the
// screen, it is cached and compared); the view elides a label that does not fit.
layout::LayoutNode actionBox(const std::string& label) {
  const double width = std::clamp(7.0 * static_cast<double>(label.size()) + 20.0, 40.0, 220.0);
  return {width, 26.0};
}
layout::LayoutNode cellBox(const std::string& label) {
  const double width = std::clamp(6.5 * static_cast<double>(label.size()) + 16.0, 28.0, 180.0);
  return {width, 20.0};
}


}  // namespace

std::shared_ptr<const GraphStructure> buildGraphStructure(const graph::GraphDocument& document, bool showCells) {
  auto s = std::make_shared<GraphStructure>();
  const graph::Resolution& r = document.resolution;
  const std::size_t actions = document.actions.size();
  const std::size_t cells = document.cellCount();
  s->cellsShown = showCells;
  s->actionNodes = static_cast<std::uint32_t>(actions);
  const std::size_t nodes = actions + (showCells ? cells : 0);
  s->kinds.reserve(nodes);
  s->refs.reserve(nodes);
  s->labels.reserve(nodes);
  s->layoutGraph.nodes.reserve(nodes);
  for (std::size_t a = 0; a < actions; ++a) {
    const graph::Action& action = document.actions[a];
    s->kinds.push_back(action.kind == graph::ActionKind::Effect ? GraphStructure::NodeKind::Effect
                                                                : GraphStructure::NodeKind::Computation);
    s->refs.push_back(static_cast<std::uint32_t>(a));
    s->labels.push_back(action.id);
    s->layoutGraph.nodes.push_back(actionBox(action.id));
  }
  auto& edges = s->layoutGraph.edges;
  if (showCells) {
    for (std::size_t c = 0; c < cells; ++c) {
      const auto cell = static_cast<graph::CellIndex>(c);
      s->kinds.push_back(GraphStructure::NodeKind::Cell);
      s->refs.push_back(cell);
      s->labels.emplace_back(document.cellId(cell));
      s->layoutGraph.nodes.push_back(cellBox(s->labels.back()));
    }
    for (std::size_t a = 0; a < actions && a < r.actions.size(); ++a) {
      const auto node = static_cast<std::uint32_t>(a);
      for (graph::CellIndex c : r.actions[a].reads) {
        edges.push_back({s->actionNodes + c, node});
        s->edgeCells.push_back(c);
      }
      for (graph::CellIndex c : r.actions[a].writes) {
        edges.push_back({node, s->actionNodes + c});
        s->edgeCells.push_back(c);
      }
    }
  } else {
    // Writers of each cell, then an edge writer -> reader per pair (the first cell between them).
    std::vector<std::vector<std::uint32_t>> writers(cells);
    for (std::size_t a = 0; a < actions && a < r.actions.size(); ++a) {
      for (graph::CellIndex c : r.actions[a].writes) writers[c].push_back(static_cast<std::uint32_t>(a));
    }
    std::unordered_set<std::uint64_t> seen;
    for (std::size_t a = 0; a < actions && a < r.actions.size(); ++a) {
      const auto reader = static_cast<std::uint32_t>(a);
      for (graph::CellIndex c : r.actions[a].reads) {
        for (std::uint32_t writer : writers[c]) {
          if (writer == reader || !seen.insert((std::uint64_t(writer) << 32) | reader).second) continue;
          edges.push_back({writer, reader});
          s->edgeCells.push_back(c);
        }
      }
    }
  }
  StructureHasher h;
  h.add(showCells ? 1 : 0);
  h.add(nodes);
  for (std::size_t n = 0; n < nodes; ++n) {
    h.add(static_cast<std::uint64_t>(s->kinds[n]));
    h.add(static_cast<std::uint64_t>(s->layoutGraph.nodes[n].width * 16));
    h.add(static_cast<std::uint64_t>(s->layoutGraph.nodes[n].height * 16));
  }
  for (const layout::LayoutEdge& e : edges) h.add((std::uint64_t(e.from) << 32) | e.to);
  s->hash = h.h;
  return s;
}

}  // namespace tickscope::views
