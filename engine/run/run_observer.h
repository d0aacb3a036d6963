#pragma once
// RunObserver: a trace::Observer that also sees a Runner's steps. Attach one with
// Runner::makeObserver<T>(args...) (T must derive from RunObserver; setUp runs before it sees
// any event) and detach it with Runner::removeObserver; with none attached the runner and
// the producers below it pay one branch per event (Taskflow's make_observer /
// remove_observer habit). Callbacks run on the runner's thread, inline; an observer may read
// the runner (peek cells, statistics) but must not step it, intervene or attach/detach
// observers from inside a callback.
#include <cstdint>

#include "run/move.h"
#include "trace/observer.h"

namespace tickscope::run {

class Runner;

class RunObserver : public trace::Observer {
 public:
  // setUp: once, when attached, before any event; `runner` outlives the attachment.
  virtual void setUp(Runner& runner) { (void)runner; }
  // onStepBegin: step `step` (1 for the first) is about to be made.
  virtual void onStepBegin(std::uint64_t step) { (void)step; }
  // onStepEnd: step `step` made `move` (the events it caused have been delivered).
  virtual void onStepEnd(std::uint64_t step, const Move& move) {
    (void)step;
    (void)move;
  }
  // onHandEdit: the user set resolved cell `cell` (a graph::CellIndex) to `value` by hand
  // (Runner::setCellValue), outside any step; called after the write, so the events it caused
  // (a cell-written event unless the value was unchanged, the markings) were delivered first.
  virtual void onHandEdit(std::uint32_t cell, double value) {
    (void)cell;
    (void)value;
  }
};

}  // namespace tickscope::run
