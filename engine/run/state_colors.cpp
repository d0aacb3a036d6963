#include "run/state_colors.h"

namespace tickscope::run {

NodeFill nodeFillOf(const ActionState& s) {
  if (s.has(ActionState::RanThisStep)) return NodeFill::Ran;
  if (s.has(ActionState::Errored)) return NodeFill::Errored;
  if (s.has(ActionState::InCycle)) return NodeFill::InCycle;
  if (s.has(ActionState::DebounceArmed)) return NodeFill::Debounced;
  if (s.has(ActionState::Pending)) return NodeFill::Pending;
  // An action that never ran is dirty by definition (it has no value yet): "never run" says
  // more (pull: nothing demanded it), so it goes before dirty and check.
  if (s.has(ActionState::NeverRun)) return NodeFill::NeverRun;
  if (s.has(ActionState::Dirty)) return NodeFill::Dirty;
  if (s.has(ActionState::Check)) return NodeFill::Check;
  return NodeFill::Clean;
}

std::uint32_t nodeFillRgb(NodeFill fill) {
  switch (fill) {
    case NodeFill::Ran: return 0x90caf9;        // light blue
    case NodeFill::Errored: return 0xef5350;    // red
    case NodeFill::InCycle: return 0xb39ddb;    // purple
    case NodeFill::Debounced: return 0x4db6ac;  // teal
    case NodeFill::Pending: return 0xffc107;    // amber
    case NodeFill::Dirty: return 0xff8a3d;      // orange
    case NodeFill::Check: return 0xffd9b0;      // light orange
    case NodeFill::NeverRun: return 0xd6d8db;   // grey
    case NodeFill::Clean: return 0xffffff;      // white
    case NodeFill::Cell: return 0xeef2f7;       // a pale blue-grey
    case NodeFill::CellWritten: return 0xc6e2fb;
  }
  return 0xffffff;
}

const char* nodeFillName(NodeFill fill) {
  switch (fill) {
    case NodeFill::Ran: return "ran this step";
    case NodeFill::Errored: return "errored";
    case NodeFill::InCycle: return "in a cycle";
    case NodeFill::Debounced: return "debounced";
    case NodeFill::Pending: return "pending";
    case NodeFill::Dirty: return "dirty";
    case NodeFill::Check: return "check";
    case NodeFill::NeverRun: return "never run";
    case NodeFill::Clean: return "clean";
    case NodeFill::Cell: return "cell";
    case NodeFill::CellWritten: return "written this step";
  }
  return "";
}

std::string hexColor(std::uint32_t rgb) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "#000000";
  for (int i = 0; i < 6; ++i) out[static_cast<std::size_t>(6 - i)] = kDigits[(rgb >> (4 * i)) & 0xf];
  return out;
}

}  // namespace tickscope::run
