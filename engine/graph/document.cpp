#include "graph/document.h"

namespace tickscope::graph {

std::string_view toString(Mode mode) { return mode == Mode::Push ? "push" : "pull"; }

std::string_view toString(ActionKind kind) {
  return kind == ActionKind::Effect ? "effect" : "computation";
}

std::optional<Mode> parseMode(std::string_view s) {
  if (s == "pull") return Mode::Pull;
  if (s == "push") return Mode::Push;
  return std::nullopt;
}

std::optional<ActionKind> parseActionKind(std::string_view s) {
  if (s == "computation") return ActionKind::Computation;
  if (s == "effect") return ActionKind::Effect;
  return std::nullopt;
}

std::string_view GraphDocument::cellId(CellIndex i) const {
  if (i < cells.size()) return cells[i].id;
  return resolution.implicitCells[i - cells.size()];
}

double GraphDocument::initialValue(CellIndex i) const {
  return i < cells.size() ? cells[i].initial : 0.0;
}

std::string_view GraphDocument::idOf(std::uint32_t tagged) const {
  if (tagged & Resolution::kActionTag) return actions[tagged & ~Resolution::kActionTag].id;
  return cellId(tagged);
}

std::optional<CellIndex> GraphDocument::findCell(std::string_view id) const {
  auto found = resolution.ids.find(id, [this](std::uint32_t k) { return idOf(k); });
  if (!found || (*found & Resolution::kActionTag)) return std::nullopt;
  return *found;
}

std::optional<std::size_t> GraphDocument::findAction(std::string_view id) const {
  auto found = resolution.ids.find(id, [this](std::uint32_t k) { return idOf(k); });
  if (!found || !(*found & Resolution::kActionTag)) return std::nullopt;
  return *found & ~Resolution::kActionTag;
}

}  // namespace tickscope::graph
