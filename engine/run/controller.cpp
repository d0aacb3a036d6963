#include "run/controller.h"

#include <algorithm>

#include <fmt/format.h>

#include "run/run_journal.h"
#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

constexpr std::size_t kJournalSteps = 1000;

std::string moveText(const Move& move) {
  switch (move.kind) {
    case MoveKind::EventApplied: return fmt::format("event {} applied", move.event + 1);
    case MoveKind::ClockMoved: return fmt::format("clock moved to {} ms", trace::formatNumber(move.atMs));
    case MoveKind::ClockSet: return fmt::format("clock set to {} ms", trace::formatNumber(move.atMs));
    case MoveKind::RequestValidated: return "request validated";
    case MoveKind::Finished: return "run finished";
    case MoveKind::Decision: return "scheduling decision";
    case MoveKind::None: return "nothing";
  }
  return {};
}

}  // namespace

Controller::Controller(std::shared_ptr<const graph::GraphDocument> document, RunOptions options, History history)
    : document_(std::move(document)), options_(std::move(options)), history_(std::move(history)) {
  if (options_.journalSteps == 0) options_.journalSteps = kJournalSteps;
  options_.recordCauses = true;
  options_.recordTimeline = true;
  options_.keepDocument = true;
  runner_ = freshRunner();
  cursor_.applyDue(*runner_, history_);  // what was made before the first move
}

std::unique_ptr<Runner> Controller::freshRunner() const { return std::make_unique<Runner>(document_, options_); }

void Controller::attachWatch() {
  if (watch_) runner_->removeObserver(watch_);
  watch_.reset();
  if (std::any_of(breakpoints_.begin(), breakpoints_.end(), [](const Breakpoint& b) { return b.enabled; }))
    watch_ = runner_->makeObserver<BreakpointWatch>(breakpoints_);
}

Outcome Controller::finish(Outcome::Kind kind, std::string message) const {
  Outcome o;
  o.kind = kind;
  o.message = std::move(message);
  o.step = runner_->steps();
  return o;
}

std::string Controller::breakpointName(std::size_t index) const {
  return fmt::format("breakpoint {} ({})", index + 1, describe(breakpoints_[index]));
}

// --- forward ------------------------------------------------------------------------------

Outcome Controller::tick() {
  if (!cursor_.advance(*runner_, history_)) return finish(Outcome::Kind::RunOver, "The run is over: nothing left to do");
  return finish(Outcome::Kind::Done, fmt::format("Step {}: {}", runner_->steps(), moveText(runner_->lastMove())));
}

Outcome Controller::continueRun(const Progress& progress) { return runForward(Goal::Breakpoint, progress); }
Outcome Controller::runUntilParked(const Progress& progress) { return runForward(Goal::Parked, progress); }
Outcome Controller::nextEvent(const Progress& progress) { return runForward(Goal::Event, progress); }
Outcome Controller::nextTimer(const Progress& progress) { return runForward(Goal::Timer, progress); }

Outcome Controller::advanceClock(double ms, const Progress& progress) {
  if (!(ms > 0)) return finish(Outcome::Kind::Done, "Advance Clock: give a positive number of milliseconds");
  const double target = runner_->nowMs() + std::min(ms, Runner::kMaxVirtualMs);
  // Moving the clock by hand changes what follows: the recorded future no longer holds.
  history_.dropAfter(runner_->steps());
  return runForward(Goal::Clock, progress, target);
}

Outcome Controller::runForward(Goal goal, const Progress& progress, double clockTarget) {
  const std::uint64_t start = runner_->steps();
  for (std::uint64_t done = 0;; ++done) {
    if (progress && !progress(done, 0))
      return finish(Outcome::Kind::Interrupted, fmt::format("Paused at step {}", runner_->steps()));
    const Move next = runner_->nextMove();
    if (next.kind == MoveKind::None) {
      return finish(Outcome::Kind::RunOver, done == 0 ? "The run is over: nothing left to do"
                                                      : fmt::format("The run is over at step {}", runner_->steps()));
    }
    if (goal == Goal::Parked && next.kind != MoveKind::Decision) {
      return finish(Outcome::Kind::Done, fmt::format("Parked at step {}: no decision is possible until {}",
                                                     runner_->steps(), moveText(next)));
    }
    if (goal == Goal::Clock) {
      const bool due = next.kind == MoveKind::Decision || next.kind == MoveKind::RequestValidated ||
                       next.kind == MoveKind::EventApplied ||
                       (next.kind == MoveKind::ClockMoved && next.atMs <= clockTarget);
      if (!due) {
        if (clockTarget > runner_->nowMs()) {
          Intervention clock;
          clock.kind = Intervention::Kind::ClockSet;
          clock.step = runner_->steps() + 1;
          clock.value = clockTarget;
          history_.record(clock);
          runner_->advanceClockTo(clockTarget);
          cursor_.skipAll(history_);
        }
        return finish(Outcome::Kind::Done, fmt::format("Clock at {} ms, step {}", trace::formatNumber(runner_->nowMs()),
                                                       runner_->steps()));
      }
    }

    cursor_.advance(*runner_, history_);

    if (watch_ && !watch_->hits().empty()) {
      std::vector<BreakpointHit> hits = watch_->hits();
      // The first move steps over an ActionRuns breakpoint: the user stands before it.
      if (runner_->steps() == start + 1) std::erase_if(hits, [](const BreakpointHit& h) { return h.before; });
      if (!hits.empty()) {
        for (const BreakpointHit& h : hits) ++hitCounts_[h.breakpoint];
        const BreakpointHit& first = hits.front();
        std::string more = hits.size() > 1 ? fmt::format(" (and {} more)", hits.size() - 1) : std::string();
        Outcome o;
        if (first.before) {
          // Stop before the move that runs the action: replay to the step before it.
          const bool back = replayTo(first.step - 1, progress);
          o = finish(Outcome::Kind::BreakpointHit,
                     back ? fmt::format("Stopped at step {}, before {}: {}{}; Tick runs it", runner_->steps(),
                                        breakpointName(first.breakpoint), first.detail, more)
                          : fmt::format("Hit {} at step {}: {}{}", breakpointName(first.breakpoint), first.step,
                                        first.detail, more));
        } else {
          o = finish(Outcome::Kind::BreakpointHit, fmt::format("Hit {} at step {}: {}{}", breakpointName(first.breakpoint),
                                                               first.step, first.detail, more));
        }
        o.breakpoint = first.breakpoint;
        return o;
      }
    }

    const Move& made = runner_->lastMove();
    if (goal == Goal::Event && made.kind == MoveKind::EventApplied)
      return finish(Outcome::Kind::Done, fmt::format("Step {}: event {} applied", runner_->steps(), made.event + 1));
    if (goal == Goal::Timer && made.kind == MoveKind::Decision) {
      const StepRecord* record = runner_->journal() ? runner_->journal()->lastStep() : nullptr;
      if (record && record->timerFired)
        return finish(Outcome::Kind::Done, fmt::format("Step {}: the timer of task {} fired", runner_->steps(), record->task));
    }
  }
}

// --- backward and jumps ---------------------------------------------------------------------

bool Controller::replayTo(std::uint64_t target, const Progress& progress) {
  std::unique_ptr<Runner> fresh = freshRunner();
  HistoryCursor cursor;
  const auto keepGoing = [&] { return !progress || progress(fresh->steps(), target); };
  if (!run::replayTo(*fresh, history_, cursor, target, keepGoing)) return false;
  if (watch_) runner_->removeObserver(watch_);
  watch_.reset();
  runner_ = std::move(fresh);
  cursor_ = cursor;
  attachWatch();
  return true;
}

Outcome Controller::stepBack(const Progress& progress) {
  if (runner_->steps() == 0) return finish(Outcome::Kind::Done, "Already at step 0");
  return goToStep(runner_->steps() - 1, progress);
}

Outcome Controller::goToStep(std::uint64_t step, const Progress& progress) {
  if (step == runner_->steps()) return finish(Outcome::Kind::Done, fmt::format("At step {}", step));
  if (step < runner_->steps()) {
    if (!replayTo(step, progress))
      return finish(Outcome::Kind::Interrupted, fmt::format("Going to step {} was cancelled", step));
    return finish(Outcome::Kind::Done, fmt::format("At step {}", runner_->steps()));
  }
  const std::uint64_t from = runner_->steps();
  while (runner_->steps() < step) {
    if (progress && !progress(runner_->steps() - from, step - from))
      return finish(Outcome::Kind::Interrupted, fmt::format("Paused at step {}", runner_->steps()));
    if (!cursor_.advance(*runner_, history_))
      return finish(Outcome::Kind::RunOver, fmt::format("The run is over at step {}", runner_->steps()));
  }
  cursor_.applyDue(*runner_, history_);
  return finish(Outcome::Kind::Done, fmt::format("At step {}", runner_->steps()));
}

void Controller::reset() {
  history_.clear();
  if (watch_) runner_->removeObserver(watch_);
  watch_.reset();
  runner_ = freshRunner();
  cursor_ = HistoryCursor();
  attachWatch();
}

void Controller::restart(std::optional<graph::Mode> mode, std::optional<std::uint64_t> seed) {
  options_.mode = mode;
  options_.seed = seed;
  reset();
}

// --- interventions ----------------------------------------------------------------------------

void Controller::setCellValue(graph::CellIndex cell, double value) {
  history_.dropAfter(runner_->steps());
  Intervention i;
  i.kind = Intervention::Kind::SetCell;
  i.step = runner_->steps();
  i.cell = cell;
  i.value = value;
  runner_->setCellValue(cell, value);
  history_.record(i);
  cursor_.skipAll(history_);
}

void Controller::setDeprioritized(const std::string& label, bool deprioritized) {
  history_.dropAfter(runner_->steps());
  Intervention i;
  i.kind = deprioritized ? Intervention::Kind::Deprioritize : Intervention::Kind::Prioritize;
  i.step = runner_->steps();
  i.label = label;
  runner_->setDeprioritized(label, deprioritized);
  history_.record(i);
  cursor_.skipAll(history_);
}

Outcome Controller::forgetInterventions(const Progress& progress) {
  if (history_.empty()) return finish(Outcome::Kind::Done, "No hand edits to forget");
  const History kept = history_;
  history_.clear();
  if (!replayTo(runner_->steps(), progress)) {
    history_ = kept;
    return finish(Outcome::Kind::Interrupted, "Forgetting the hand edits was cancelled");
  }
  return finish(Outcome::Kind::Done, fmt::format("Step {} without hand edits", runner_->steps()));
}

// --- breakpoints ------------------------------------------------------------------------------

void Controller::setBreakpoints(std::vector<Breakpoint> breakpoints) {
  std::vector<std::uint64_t> counts(breakpoints.size(), 0);
  std::vector<bool> used(breakpoints_.size(), false);
  for (std::size_t i = 0; i < breakpoints.size(); ++i) {
    for (std::size_t j = 0; j < breakpoints_.size(); ++j) {
      // An edit of the enabled flag only keeps the count too.
      Breakpoint a = breakpoints[i], b = breakpoints_[j];
      a.enabled = b.enabled = true;
      if (!used[j] && a == b) {
        used[j] = true;
        counts[i] = hitCounts_[j];
        break;
      }
    }
  }
  breakpoints_ = std::move(breakpoints);
  hitCounts_ = std::move(counts);
  attachWatch();
}

std::vector<std::string> Controller::breakpointProblems() const {
  std::vector<std::string> out;
  out.reserve(breakpoints_.size());
  for (const Breakpoint& b : breakpoints_) out.push_back(checkBreakpoint(b, *document_));
  return out;
}

}  // namespace tickscope::run
