#include "run/playback.h"

#include <cstring>

#include <fmt/format.h>

#include "graph/expression.h"

namespace tickscope::run {

namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::string moveText(const Move& m) {
  switch (m.kind) {
    case MoveKind::EventApplied: return fmt::format("event {} applied", m.event + 1);
    default: return std::string(nameOf(m.kind));
  }
}

}  // namespace

Playback::Playback(std::shared_ptr<const Recording> recording, std::uint64_t step) : recording_(std::move(recording)) {
  if (const auto& log = recording_->timeline())
    causes_ = std::make_unique<TimelineCauses>(
        log, log->runCount(), recording_->document(), [recording = recording_.get()](std::uint64_t step, graph::CellIndex cell) {
          const RunSnapshot s = recording->snapshotAt(std::min(step, recording->lastStep()));
          return cell < s.cells.size() ? s.cells[cell] : kNoTime;
        });
  moveTo(step);
}

void Playback::moveTo(std::uint64_t step) { current_ = recording_->snapshotAt(step); }

Outcome Playback::finish(Outcome::Kind kind, std::string message) const {
  Outcome o;
  o.kind = kind;
  o.message = std::move(message);
  o.step = current_.step;
  return o;
}

Outcome Playback::refuse(const std::string& what) const {
  return finish(Outcome::Kind::Done,
                fmt::format("{}: a recording cannot be changed; open its graph file to run it again", what));
}

Outcome Playback::tick() {
  if (current_.step >= lastStep())
    return finish(Outcome::Kind::RunOver, fmt::format("The recording ends at step {}", lastStep()));
  moveTo(current_.step + 1);
  return finish(Outcome::Kind::Done, fmt::format("Step {}: {}", current_.step, moveText(current_.lastMove)));
}

Outcome Playback::stepBack() {
  if (current_.step == 0) return finish(Outcome::Kind::Done, "Already at step 0");
  moveTo(current_.step - 1);
  return finish(Outcome::Kind::Done, fmt::format("Back at step {}", current_.step));
}

Outcome Playback::goToStep(std::uint64_t step) {
  moveTo(step);
  if (step > lastStep())
    return finish(Outcome::Kind::RunOver, fmt::format("The recording ends at step {}", lastStep()));
  return finish(Outcome::Kind::Done, fmt::format("At step {}", current_.step));
}

Outcome Playback::continueRun(const Progress& progress) { return forward(Goal::End, progress); }
Outcome Playback::runUntilParked(const Progress& progress) { return forward(Goal::Parked, progress); }
Outcome Playback::nextEvent(const Progress& progress) { return forward(Goal::Event, progress); }
Outcome Playback::nextTimer(const Progress& progress) { return forward(Goal::Timer, progress); }

Outcome Playback::forward(Goal goal, const Progress& progress) {
  const std::uint64_t first = current_.step;
  const std::uint64_t total = lastStep() - std::min(lastStep(), first);
  while (true) {
    if (current_.step >= lastStep())
      return finish(Outcome::Kind::RunOver, fmt::format("The recording ends at step {}", lastStep()));
    if (goal == Goal::Parked && current_.nextMove.kind != MoveKind::Decision)
      return finish(Outcome::Kind::Done, fmt::format("Parked at step {}: no decision is possible until {}",
                                                     current_.step, moveText(current_.nextMove)));
    if (progress && !progress(current_.step - first, total))
      return finish(Outcome::Kind::Interrupted, fmt::format("Paused at step {}", current_.step));
    RunSnapshot before = current_;
    moveTo(current_.step + 1);
    // "Before an action runs" stops on the step before (the first move steps over it).
    if (const std::optional<std::size_t> b = hit(before); b && !(before.step == first && breakpoints_[*b].kind ==
                                                                                               Breakpoint::Kind::ActionRuns)) {
      ++hitCounts_[*b];
      if (breakpoints_[*b].kind == Breakpoint::Kind::ActionRuns) current_ = std::move(before);
      Outcome o = finish(Outcome::Kind::BreakpointHit,
                         fmt::format("Breakpoint {} hit at step {}: {}", *b + 1, current_.step, describe(breakpoints_[*b])));
      o.breakpoint = *b;
      return o;
    }
    const Move& made = current_.lastMove;
    if (goal == Goal::Event && made.kind == MoveKind::EventApplied)
      return finish(Outcome::Kind::Done, fmt::format("Step {}: event {} applied", current_.step, made.event + 1));
    if (goal == Goal::Timer && made.kind == MoveKind::Decision && !current_.recentSteps.empty() &&
        current_.recentSteps.front().timerFired)
      return finish(Outcome::Kind::Done,
                    fmt::format("Step {}: the timer of task {} fired", current_.step, current_.recentSteps.front().task));
  }
}

void Playback::setBreakpoints(std::vector<Breakpoint> breakpoints) {
  std::vector<std::uint64_t> counts(breakpoints.size(), 0);
  for (std::size_t i = 0; i < breakpoints.size(); ++i)
    for (std::size_t j = 0; j < breakpoints_.size(); ++j)
      if (breakpoints[i] == breakpoints_[j]) counts[i] = hitCounts_[j];
  breakpoints_ = std::move(breakpoints);
  hitCounts_ = std::move(counts);
  // Checked, resolved and compiled once here, not on every step of a Continue.
  const graph::GraphDocument& doc = *recording_->document();
  problems_.clear();
  compiled_.assign(breakpoints_.size(), Compiled{});
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    const Breakpoint& b = breakpoints_[i];
    problems_.push_back(checkBreakpoint(b, doc));
    Compiled& c = compiled_[i];
    c.active = b.enabled && problems_.back().empty();
    if (!c.active) continue;
    if (b.kind == Breakpoint::Kind::ActionRuns || (b.kind == Breakpoint::Kind::DebounceFires && !b.target.empty()))
      c.index = static_cast<std::uint32_t>(*doc.findAction(b.target));
    if (b.kind == Breakpoint::Kind::CellChanges) {
      c.index = static_cast<std::uint32_t>(*doc.findCell(b.target));
      if (!b.condition.empty()) c.condition = graph::CompileResult::compile(b.condition).expression;
    }
  }
}

std::optional<std::size_t> Playback::hit(const RunSnapshot& before) const {
  using K = Breakpoint::Kind;
  const RunSnapshot& now = current_;
  const StepRecord* record = now.recentSteps.empty() || now.recentSteps.front().step != now.step
                                 ? nullptr
                                 : &now.recentSteps.front();
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    const Breakpoint& b = breakpoints_[i];
    const Compiled& compiled = compiled_[i];
    if (!compiled.active) continue;
    switch (b.kind) {
      case K::ActionRuns: {
        const std::size_t a = compiled.index;
        if (now.actions[a].runCount > before.actions[a].runCount) return i;
        break;
      }
      case K::CellChanges: {
        const std::size_t c = compiled.index;
        if (c >= now.cells.size() || c >= before.cells.size() || sameBits(now.cells[c], before.cells[c])) break;
        bool holds = true;
        if (compiled.condition.valid()) {
          const double v[1] = {now.cells[c]};
          const graph::Evaluation result = compiled.condition.evaluate(v);
          holds = result.finite && !result.values.empty() && result.values[0] != 0;
        }
        if (holds) return i;
        break;
      }
      case K::ReportError:
        for (std::size_t e = before.errors.size(); e < now.errors.size(); ++e)
          if (b.target.empty() || now.errors[e].kind == b.target) return i;
        break;
      case K::CycleDetected:
        if (now.cycles.size() > before.cycles.size()) return i;
        break;
      case K::DebounceFires: {
        for (const DebounceRow& d : now.debounces) {
          if (!b.target.empty() && d.action != compiled.index) continue;
          for (const DebounceRow& p : before.debounces)
            if (p.action == d.action && d.firedTotal > p.firedTotal) return i;
        }
        break;
      }
      case K::TaskPicked:
        if (record && record->move.kind == MoveKind::Decision && !record->timerFired && record->label == b.target)
          return i;
        break;
      case K::ReadyQueueLonger:
        if (now.ready.size() > b.threshold && before.ready.size() <= b.threshold) return i;
        break;
    }
  }
  return std::nullopt;
}

Inspection Playback::inspect(Inspection::Target target, std::uint32_t index, std::uint64_t pickedStep) const {
  Inspection in;
  in.target = target;
  in.index = index;
  in.step = current_.step;
  const graph::GraphDocument& doc = *recording_->document();
  if (target == Inspection::Target::Action) {
    if (index >= doc.actions.size()) throw std::out_of_range("Playback::inspect: no such action");
    const graph::Action& a = doc.actions[index];
    in.id = a.id;
    in.kind = a.kind;
    in.expression = a.expr.value_or("");
    in.label = a.label.value_or("");
    const auto& resolved = doc.resolution.actions[index];
    in.reads.assign(resolved.reads.begin(), resolved.reads.end());
    in.writes.assign(resolved.writes.begin(), resolved.writes.end());
    for (std::size_t other = 0; other < doc.actions.size(); ++other) {
      const auto& o = doc.resolution.actions[other];
      bool readsMine = false, writesMine = false;
      for (graph::CellIndex c : o.reads)
        for (graph::CellIndex w : in.writes) readsMine = readsMine || c == w;
      for (graph::CellIndex c : o.writes)
        for (graph::CellIndex r : in.reads) writesMine = writesMine || c == r;
      if (readsMine) in.dependents.push_back(static_cast<std::uint32_t>(other));
      if (writesMine) in.upstream.push_back(static_cast<std::uint32_t>(other));
    }
    in.state = current_.actions[index];
    in.debounceMs = in.state.debounceMs;
    in.autoDebounced = in.state.autoDebounced;
    in.debounceManual = a.debounceMs > 0;
    in.pickedStep = pickedStep;
    if (causes_) {
      in.lastRun = causes_->lastRun(index, current_.step);
      if (pickedStep && pickedStep <= current_.step) in.pickedRun = causes_->runInStep(index, pickedStep);
    }
  } else if (target == Inspection::Target::Cell) {
    if (index >= current_.cells.size()) throw std::out_of_range("Playback::inspect: no such cell");
    in.id = std::string(doc.cellId(index));
    in.value = current_.cells[index];
    for (std::size_t other = 0; other < doc.actions.size(); ++other) {
      const auto& o = doc.resolution.actions[other];
      for (graph::CellIndex c : o.reads)
        if (c == index) in.readers.push_back(static_cast<std::uint32_t>(other));
      for (graph::CellIndex c : o.writes)
        if (c == index) in.writers.push_back(static_cast<std::uint32_t>(other));
    }
  }
  return in;
}

}  // namespace tickscope::run
