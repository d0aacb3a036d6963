#pragma once
// History: what a user changed by hand in a debugging session (cells set, task labels
// deprioritized or restored, the clock moved), each tied to the step it was made at, so that
// replaying the document from step 0 makes the same changes at the same steps and reaches
// the same state: how the debugger steps back (design.md, "Stepping").
//
//   run::History history;               // the session's
//   run::HistoryCursor cursor;          // one per runner: what of the history it has seen
//   while (runner.steps() < target && cursor.advance(runner, history)) {}
//   cursor.applyDue(runner, history);   // the changes made at the target step itself
//
// An intervention at step k is made after the k-th move and before the next one; a clock
// move (Kind::ClockSet) is itself the move of its step. Several at one step keep their order.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/document.h"
#include "run/runner.h"

namespace tickscope::run {

struct Intervention {
  enum class Kind : std::uint8_t {
    SetCell,       // Runner::setCellValue(cell, value)
    Deprioritize,  // Runner::setDeprioritized(label, true)
    Prioritize,    // Runner::setDeprioritized(label, false)
    ClockSet,      // Runner::advanceClockTo(value): the move of step `step`
  };
  Kind kind = Kind::SetCell;
  std::uint64_t step = 0;
  graph::CellIndex cell = 0;  // SetCell
  double value = 0;           // SetCell: the value; ClockSet: the clock's target in ms
  std::string label;          // Deprioritize / Prioritize

  friend bool operator==(const Intervention&, const Intervention&) = default;
};

// describe: one line for a user, e.g. "step 12: cell a set to 5", "step 3: label net
// deprioritized", "step 40: clock moved to 250 ms".
std::string describe(const Intervention& intervention, const graph::GraphDocument& document);

class History {
 public:
  // record: adds `intervention`, made now. The caller has already made it on its runner.
  void record(Intervention intervention);
  // dropAfter: forgets every intervention after step `step` (a ClockSet at step+1 too): the
  // user changed the past, so the future that was recorded is gone. Returns how many.
  std::size_t dropAfter(std::uint64_t step);
  void clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  // entries: in step order (the order they were made within a step).
  const std::vector<Intervention>& entries() const { return entries_; }
  // clockSetAt: the ClockSet intervention that is the move of step `step`, or nullptr.
  const Intervention* clockSetAt(std::uint64_t step) const;

 private:
  std::vector<Intervention> entries_;
};

// HistoryCursor: a runner's position in a History (which interventions it has made).
class HistoryCursor {
 public:
  // applyDue: makes, on `runner`, every intervention recorded at or before runner.steps()
  // that this cursor has not made yet (not the clock moves: advance makes those).
  void applyDue(Runner& runner, const History& history);
  // advance: applyDue, then the next move: the recorded ClockSet of the next step if there
  // is one, else runner.step(). False when the run is done (nothing moved).
  bool advance(Runner& runner, const History& history);
  // skipAll: marks every intervention of `history` as made (the live runner made them as
  // they were recorded).
  void skipAll(const History& history) { next_ = history.entries().size(); }
  std::size_t position() const { return next_; }

 private:
  std::size_t next_ = 0;
};

// replayTo: from the start of a fresh runner (or wherever `cursor` is) to step `target`, or
// to the end of the run if it is shorter, with the interventions made at `target` itself.
// `keepGoing` (optional) is asked every `checkEvery` moves and stops the replay when it says
// false (the debugger cancels a long replay); returns false when it was stopped so.
template <class KeepGoing>
bool replayTo(Runner& runner, const History& history, HistoryCursor& cursor, std::uint64_t target,
              KeepGoing&& keepGoing, std::uint64_t checkEvery = 256);

// ---------------------------------------------------------------------------------------

template <class KeepGoing>
bool replayTo(Runner& runner, const History& history, HistoryCursor& cursor, std::uint64_t target,
              KeepGoing&& keepGoing, std::uint64_t checkEvery) {
  std::uint64_t sinceCheck = 0;
  while (runner.steps() < target) {
    if (++sinceCheck >= checkEvery) {
      sinceCheck = 0;
      if (!keepGoing()) return false;
    }
    if (!cursor.advance(runner, history)) break;
  }
  cursor.applyDue(runner, history);
  return true;
}

}  // namespace tickscope::run
