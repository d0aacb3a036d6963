#pragma once
// Controller: the debugger's commands over the run of one document, Qt-free: a Runner with
// its journal, the session's History of interventions and its breakpoints. Forward commands
// make moves (Runner::step, through the history so that recorded interventions are made
// again) until their goal or a breakpoint; backward ones replay a fresh runner from step 0
// (design.md: "Step Back ... by deterministic replay"), so step N reached going back is the
// state step N had going forward, interventions included.
//
// Long commands take a Progress callback, asked before every move (and every few moves of a
// replay) with the moves done and, when known, the total: returning false stops the command
// between two moves (the debugger's Pause, or a newer command). The callback may also
// publish a snapshot (Controller::snapshot) meanwhile; it must not call other commands.
//
// Breakpoints hit only in forward commands that make several moves (continueRun,
// runUntilParked, nextEvent, nextTimer, advanceClock), never in tick, stepBack, goToStep.
// An ActionRuns breakpoint stops on the step before the one that runs its action (a replay),
// and the first move of a command never hits one (gdb's stepping over the breakpoint it
// stands on), so continuing from there goes on. Not thread-safe: one thread uses it (the
// runner's).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/document.h"
#include "run/breakpoint.h"
#include "run/breakpoint_watch.h"
#include "run/history.h"
#include "run/runner.h"

namespace tickscope::run {

// Outcome: how a command ended, and a sentence for the status bar.
struct Outcome {
  enum class Kind : std::uint8_t {
    Done,           // the command reached its goal (or had nothing to do)
    BreakpointHit,  // stopped by a breakpoint (`breakpoint`)
    RunOver,        // the run ended on the way (or was already over)
    Interrupted,    // the Progress callback said stop
  };
  Kind kind = Kind::Done;
  std::string message;
  std::optional<std::size_t> breakpoint;  // BreakpointHit: the first one hit
  std::uint64_t step = 0;                 // where the command left the run
};

class Controller {
 public:
  // Progress: (moves done, total moves or 0 when unknown) -> keep going?
  using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

  // Controller: a runner for `document` (validated) with `options` (journalSteps and
  // recordCauses (and recordTimeline) are forced on, so snapshots carry decisions and histories and inspect()
  // explains runs), at step 0. `history`: interventions made
  // again as the run passes their steps (a reloaded document keeps its session's).
  Controller(std::shared_ptr<const graph::GraphDocument> document, RunOptions options, History history = {});

  // --- moving forward ------------------------------------------------------------------
  // tick: one move (Tick, F10). RunOver when there was none left.
  Outcome tick();
  // continueRun: moves until the run is over or a breakpoint hits (Continue, F5).
  Outcome continueRun(const Progress& progress);
  // runUntilParked: moves while the next move is a scheduler decision (Ctrl+F10).
  Outcome runUntilParked(const Progress& progress);
  // nextEvent: moves until a move applied the next event (F8).
  Outcome nextEvent(const Progress& progress);
  // nextTimer: moves until a move fired a timer (F7).
  Outcome nextTimer(const Progress& progress);
  // advanceClock: makes every move due up to now + ms (decisions, requests, clock moves to
  // timers and events, events), then moves the clock to now + ms by hand (an intervention
  // of the history). Breakpoints stop it on the way.
  Outcome advanceClock(double ms, const Progress& progress);

  // --- moving back and jumping -----------------------------------------------------------
  // stepBack: the state one step earlier, by replay (Shift+F10).
  Outcome stepBack(const Progress& progress);
  // goToStep: forward by moves, backward by replay; past the end stops at the end.
  Outcome goToStep(std::uint64_t step, const Progress& progress);
  // reset: a fresh run at step 0, the history forgotten (Reset).
  void reset();
  // restart: reset with another mode and/or seed (null keeps the file's setting).
  void restart(std::optional<graph::Mode> mode, std::optional<std::uint64_t> seed);

  // --- interventions (recorded in the history; what was recorded after this step is dropped)
  void setCellValue(graph::CellIndex cell, double value);
  void setDeprioritized(const std::string& label, bool deprioritized);
  // forgetInterventions: the current step again, without any intervention (a replay).
  Outcome forgetInterventions(const Progress& progress);

  // --- breakpoints ------------------------------------------------------------------------
  // setBreakpoints: the list to watch from now on; a breakpoint equal to one of the old list
  // keeps its hit count.
  void setBreakpoints(std::vector<Breakpoint> breakpoints);
  const std::vector<Breakpoint>& breakpoints() const { return breakpoints_; }
  const std::vector<std::uint64_t>& hitCounts() const { return hitCounts_; }
  // problems: why each breakpoint cannot hit on this document ("" when it can).
  std::vector<std::string> breakpointProblems() const;

  // --- what is shown ----------------------------------------------------------------------
  RunSnapshot snapshot(const SnapshotOptions& options = {}) const { return runner_->snapshot(options); }
  // inspect / explainRun: the Inspector's view of an action or a cell, and why a given run
  // happened (Runner::inspect, Runner::explainRun; a replay rebuilds the history it reads).
  Inspection inspect(Inspection::Target target, std::uint32_t index, std::uint64_t pickedStep = 0) const {
    return runner_->inspect(target, index, pickedStep);
  }
  std::optional<RunCause> explainRun(std::uint32_t action, std::uint64_t run) const {
    return runner_->explainRun(action, run);
  }
  const Runner& runner() const { return *runner_; }
  const History& history() const { return history_; }
  std::uint64_t step() const { return runner_->steps(); }
  const std::shared_ptr<const graph::GraphDocument>& document() const { return document_; }
  const RunOptions& options() const { return options_; }

 private:
  enum class Goal : std::uint8_t { Breakpoint, Parked, Event, Timer, Clock };
  Outcome runForward(Goal goal, const Progress& progress, double clockTarget = 0);
  // replayTo: a fresh runner replaying the history to `target`; swapped in when it got there.
  bool replayTo(std::uint64_t target, const Progress& progress);
  std::unique_ptr<Runner> freshRunner() const;
  void attachWatch();
  Outcome finish(Outcome::Kind kind, std::string message) const;
  std::string breakpointName(std::size_t index) const;

  std::shared_ptr<const graph::GraphDocument> document_;
  RunOptions options_;
  std::unique_ptr<Runner> runner_;
  History history_;
  HistoryCursor cursor_;
  std::vector<Breakpoint> breakpoints_;
  std::vector<std::uint64_t> hitCounts_;
  std::shared_ptr<BreakpointWatch> watch_;
};

}  // namespace tickscope::run
