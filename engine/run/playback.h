#pragma once
// Playback: the debugger's commands over an opened recording (run/recording.h) instead of a
// run: the same moves forward and back (Tick, Step Back, Go to step, Continue, Run Until
// Parked, Next Event, Next Timer, Reset), each one only a different step of the recording,
// decoded, so going back costs what going forward does. Nothing can be changed: interventions
// (hand edits, priorities, the clock, mode, seed) are refused with a message, since a
// recording is what happened. Breakpoints on a recording stop Continue at the first step that
// hits one, judged from the recorded snapshots (run/breakpoint.h kinds that a snapshot can
// show: an action's run, a cell's change, an error, a cycle's limit, a debounce firing).
// Not thread-safe (as Controller): one thread uses it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "graph/expression.h"
#include "run/breakpoint.h"
#include "run/controller.h"
#include "run/inspection.h"
#include "run/recording.h"
#include "run/timeline_causes.h"

namespace tickscope::run {

class Playback {
 public:
  using Progress = Controller::Progress;

  explicit Playback(std::shared_ptr<const Recording> recording, std::uint64_t step = 0);

  Outcome tick();
  Outcome stepBack();
  Outcome goToStep(std::uint64_t step);
  Outcome continueRun(const Progress& progress);
  Outcome runUntilParked(const Progress& progress);
  Outcome nextEvent(const Progress& progress);
  Outcome nextTimer(const Progress& progress);
  void reset() { goToStep(0); }
  // refuse: the outcome of a command a recording cannot do (`what` names it).
  Outcome refuse(const std::string& what) const;

  void setBreakpoints(std::vector<Breakpoint> breakpoints);
  const std::vector<Breakpoint>& breakpoints() const { return breakpoints_; }
  const std::vector<std::uint64_t>& hitCounts() const { return hitCounts_; }
  // problems: why each breakpoint cannot hit in a recording ("" when it can).
  const std::vector<std::string>& breakpointProblems() const { return problems_; }

  // snapshot: the current step's (cached until the step changes).
  const RunSnapshot& snapshot() const { return current_; }
  // inspect: what the Inspector shows, from the recorded state: what the action or cell is,
  // its state and statistics, its cell's value, and for an action why it last ran (and why
  // it ran in pickedStep) read back from the recorded timeline (run/timeline_causes.h; none
  // without a timeline). "Why not" needs the live runtime and is not given.
  Inspection inspect(Inspection::Target target, std::uint32_t index, std::uint64_t pickedStep = 0) const;
  std::uint64_t step() const { return current_.step; }
  std::uint64_t lastStep() const { return recording_->lastStep(); }
  const std::shared_ptr<const Recording>& recording() const { return recording_; }

 private:
  enum class Goal : std::uint8_t { End, Parked, Event, Timer };
  Outcome forward(Goal goal, const Progress& progress);
  void moveTo(std::uint64_t step);
  // hit: the first breakpoint that step `current_` hits, coming from `before`.
  std::optional<std::size_t> hit(const RunSnapshot& before) const;
  Outcome finish(Outcome::Kind kind, std::string message) const;

  std::shared_ptr<const Recording> recording_;
  std::unique_ptr<TimelineCauses> causes_;  // null without a recorded timeline
  RunSnapshot current_;
  // Compiled: a breakpoint as hit() tests it (setBreakpoints makes them).
  struct Compiled {
    bool active = false;      // enabled and without a problem
    std::uint32_t index = 0;  // ActionRuns, DebounceFires with a target: the action; CellChanges: the cell
    graph::Expression condition;  // CellChanges with a condition
  };
  std::vector<Breakpoint> breakpoints_;
  std::vector<std::uint64_t> hitCounts_;
  std::vector<std::string> problems_;  // parallel to breakpoints_
  std::vector<Compiled> compiled_;     // parallel to breakpoints_
};

}  // namespace tickscope::run
