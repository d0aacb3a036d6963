#include "run/state_dot.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "run/state_colors.h"
#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

// quoted: a DOT double-quoted string; JSON escaping is valid DOT escaping for what matters
// (quote, backslash; a newline becomes \n, DOT's centred line break).
std::string quoted(std::string_view text) {
  std::string out;
  trace::appendJsonString(out, text);
  return out;
}

std::string quotedId(std::string_view prefix, std::string_view id) {
  std::string s(prefix);
  s += id;
  return quoted(s);
}

// number: as the report and the Graph pane print it ("NaN" for not a number).
std::string number(double v) { return std::isnan(v) ? std::string("NaN") : trace::formatNumber(v); }

// stateWords: every state that holds, in the tooltip's order ("pending, deprioritized").
std::string stateWords(const ActionState& a, double nowMs) {
  std::vector<std::string> words;
  if (a.has(ActionState::RanThisStep)) words.emplace_back(nodeFillName(NodeFill::Ran));
  if (a.has(ActionState::Errored)) words.emplace_back(nodeFillName(NodeFill::Errored));
  if (a.has(ActionState::InCycle)) words.push_back("in a cycle (iteration " + std::to_string(a.cycleIteration) + ")");
  if (a.has(ActionState::DebounceArmed))
    words.push_back("debounced (" + number(std::max(0.0, a.debounceDeadlineMs - nowMs)) + " ms left)");
  if (a.has(ActionState::Pending)) words.emplace_back(nodeFillName(NodeFill::Pending));
  if (a.has(ActionState::Dirty)) words.emplace_back(nodeFillName(NodeFill::Dirty));
  if (a.has(ActionState::Check)) words.emplace_back(nodeFillName(NodeFill::Check));
  if (a.has(ActionState::NeverRun)) words.emplace_back(nodeFillName(NodeFill::NeverRun));
  if (a.has(ActionState::Deprioritized)) words.emplace_back("deprioritized");
  if (words.empty()) return nodeFillName(NodeFill::Clean);
  std::string out = words.front();
  for (std::size_t i = 1; i < words.size(); ++i) out += ", " + words[i];
  return out;
}

}  // namespace

void writeStateDot(std::ostream& out, const RunSnapshot& snap) {
  if (!snap.document || !snap.document->resolution.valid)
    throw std::invalid_argument("writeStateDot: the snapshot has no validated document");
  const graph::GraphDocument& doc = *snap.document;
  const auto& resolved = doc.resolution.actions;
  const std::size_t cellCount = doc.cellCount();
  const std::size_t actionCount = doc.actions.size();

  // Which nodes the last step's change went through: actions that ran, the cells they wrote.
  std::vector<std::uint8_t> ran(actionCount, 0);
  std::vector<std::uint8_t> written(cellCount, 0);
  for (std::size_t i = 0; i < actionCount && i < snap.actions.size(); ++i) {
    if (!snap.actions[i].has(ActionState::RanThisStep)) continue;
    ran[i] = 1;
    for (graph::CellIndex c : resolved[i].writes)
      if (c < cellCount) written[c] = 1;
  }

  std::string o = "digraph " + quoted(doc.name) + " {\n";
  o += "  rankdir=LR;\n";
  o += "  label=" +
       quoted(doc.name + "\n" + snap.mode + ", seed " + std::to_string(snap.seed) + ", step " +
              std::to_string(snap.step) + ", t = " + number(snap.nowMs) + " ms" + (snap.done ? " (done)" : "")) +
       ";\n  labelloc=t;\n  fontname=\"Helvetica\";\n  fontsize=12;\n";
  o += "  node [fontname=\"Helvetica\", fontsize=10, style=filled, color=" + quoted(hexColor(colors::kBorder)) +
       ", fontcolor=" + quoted(hexColor(colors::kLabel)) + "];\n";
  o += "  edge [color=" + quoted(hexColor(colors::kEdge)) + "];\n";

  for (std::size_t c = 0; c < cellCount; ++c) {
    const auto index = static_cast<graph::CellIndex>(c);
    std::string label(doc.cellId(index));
    if (c < snap.cells.size()) label += "\n= " + number(snap.cells[c]);
    const NodeFill fill = written[c] ? NodeFill::CellWritten : NodeFill::Cell;
    o += "  " + quotedId("c:", doc.cellId(index)) + " [shape=ellipse, fillcolor=" + quoted(hexColor(nodeFillRgb(fill))) +
         ", label=" + quoted(label);
    if (written[c]) o += ", color=" + quoted(hexColor(colors::kTravelled)) + ", penwidth=2";
    o += "];\n";
  }

  for (std::size_t i = 0; i < actionCount; ++i) {
    const graph::Action& a = doc.actions[i];
    const bool effect = a.kind == graph::ActionKind::Effect;
    std::string label = a.id;
    if (a.expr) label += "\n" + *a.expr;
    NodeFill fill = NodeFill::Clean;
    if (i < snap.actions.size()) {
      const ActionState& s = snap.actions[i];
      fill = nodeFillOf(s);
      label += "\nruns: " + std::to_string(s.runCount) + "\n" + stateWords(s, snap.nowMs);
    }
    o += "  " + quotedId("a:", a.id) + " [shape=" + (effect ? "doubleoctagon" : "box") +
         ", fillcolor=" + quoted(hexColor(nodeFillRgb(fill))) + ", label=" + quoted(label);
    if (ran[i]) o += ", color=" + quoted(hexColor(colors::kTravelled)) + ", penwidth=2";
    if (fill == NodeFill::NeverRun) o += ", fontcolor=" + quoted(hexColor(colors::kDimmedLabel));
    o += "];\n";
    const std::string action = quotedId("a:", a.id);
    // Hot: both ends ran or were written this step (the Graph pane's travelled edges).
    const std::string hot = " [color=" + quoted(hexColor(colors::kTravelled)) + ", penwidth=2]";
    for (graph::CellIndex r : resolved[i].reads) {
      o += "  " + quotedId("c:", doc.cellId(r)) + " -> " + action;
      o += ran[i] && r < cellCount && written[r] ? hot + ";\n" : std::string(";\n");
    }
    for (graph::CellIndex w : resolved[i].writes) {
      o += "  " + action + " -> " + quotedId("c:", doc.cellId(w));
      o += ran[i] ? hot + ";\n" : std::string(";\n");
    }
  }
  o += "}\n";
  out << o;
}

std::string toStateDot(const RunSnapshot& snapshot) {
  std::ostringstream out;
  writeStateDot(out, snapshot);
  return std::move(out).str();
}

}  // namespace tickscope::run
