#pragma once
// Move: one step of a run (Runner::step), what it did or (Runner::nextMove) what it will do.
// Spec section 7: a Tick is one step, in this order of preference: one scheduler decision,
// else a settled request validated, else the clock moved to the next timer (or event), else
// the next event applied; after the last event, the clock moves timer by timer up to the max
// time, and one last step ends the run.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tickscope::run {

enum class MoveKind : std::uint8_t {
  None,              // the run is done: no move is left
  Decision,          // one scheduler decision: a due timer fired, or a ready task ran
  RequestValidated,  // a settled request's session cleanup was validated
  ClockMoved,        // the clock moved to a timer's deadline or an event's time
  EventApplied,      // the next event's writes applied (its request opened)
  Finished,          // the last step: nothing was left (or the clock stopped at the max time)
  ClockSet,          // a user's move: the clock moved by hand (Runner::advanceClockTo)
};

std::string_view nameOf(MoveKind kind);

struct Move {
  MoveKind kind = MoveKind::None;
  double atMs = 0;        // ClockMoved / ClockSet / Finished: the clock after the move; else now
  std::size_t event = 0;  // EventApplied: the event's index in the document
};

inline std::string_view nameOf(MoveKind kind) {
  switch (kind) {
    case MoveKind::None: return "none";
    case MoveKind::Decision: return "decision";
    case MoveKind::RequestValidated: return "request validated";
    case MoveKind::ClockMoved: return "clock moved";
    case MoveKind::EventApplied: return "event applied";
    case MoveKind::Finished: return "finished";
    case MoveKind::ClockSet: return "clock set";
  }
  return "?";
}

}  // namespace tickscope::run
