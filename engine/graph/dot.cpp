#include "graph/dot.h"

#include <sstream>
#include <unordered_set>

#include "graph/json_text_p.h"

namespace tickscope::graph {
namespace {

// quotedId: a DOT double-quoted id; JSON string escaping is valid DOT escaping for the
// characters that matter (quote and backslash).
std::string quotedId(std::string_view prefix, std::string_view id) {
  std::string out;
  detail::appendJsonString(out, std::string(prefix) + std::string(id));
  return out;
}

}  // namespace

void writeDot(std::ostream& out, const GraphDocument& document) {
  std::string o = "digraph " + quotedId("", document.name) + " {\n";
  o += "  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";

  // Cells: declared ones first, then those only reads/writes mention, in order of appearance.
  std::unordered_set<std::string_view> cells;
  std::vector<std::string_view> order;
  for (const Cell& c : document.cells)
    if (cells.insert(c.id).second) order.push_back(c.id);
  for (const Action& a : document.actions) {
    for (const auto* list : {&a.reads, &a.writes})
      for (const std::string& id : *list)
        if (cells.insert(id).second) order.push_back(id);
  }
  for (std::string_view id : order) {
    o += "  " + quotedId("c:", id) + " [shape=ellipse, label=" + quotedId("", id) + "];\n";
  }
  for (const Action& a : document.actions) {
    const bool effect = a.kind == ActionKind::Effect;
    std::string label = a.id;
    if (a.expr) label += "\n" + *a.expr;
    o += "  " + quotedId("a:", a.id) + " [shape=" + (effect ? "doubleoctagon" : "box") +
         ", label=" + quotedId("", label) + "];\n";
    for (const std::string& r : a.reads) o += "  " + quotedId("c:", r) + " -> " + quotedId("a:", a.id) + ";\n";
    for (const std::string& w : a.writes) o += "  " + quotedId("a:", a.id) + " -> " + quotedId("c:", w) + ";\n";
  }
  o += "}\n";
  out << o;
}

std::string toDot(const GraphDocument& document) {
  std::ostringstream out;
  writeDot(out, document);
  return std::move(out).str();
}

}  // namespace tickscope::graph
