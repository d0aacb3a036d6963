#include "run/breakpoint_watch.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "run/runner.h"
#include "trace/json_writer.h"

namespace tickscope::run {

using K = Breakpoint::Kind;

BreakpointWatch::BreakpointWatch(std::vector<Breakpoint> breakpoints)
    : breakpoints_(std::move(breakpoints)),
      compiled_(breakpoints_.size()),
      problems_(breakpoints_.size()),
      hitThisStep_(breakpoints_.size(), false),
      queueWasLonger_(breakpoints_.size(), false) {}

void BreakpointWatch::setUp(Runner& runner) {
  runner_ = &runner;
  const graph::GraphDocument& doc = runner.document();
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    const Breakpoint& b = breakpoints_[i];
    problems_[i] = checkBreakpoint(b, doc);
    Compiled& c = compiled_[i];
    c.active = b.enabled && problems_[i].empty();
    if (!c.active) continue;
    if (b.kind == K::ActionRuns || (b.kind == K::DebounceFires && !b.target.empty()))
      c.index = static_cast<std::uint32_t>(*doc.findAction(b.target)) + 1;
    if (b.kind == K::CellChanges) {
      c.index = *doc.findCell(b.target) + 1;
      if (!b.condition.empty()) c.condition = graph::CompileResult::compile(b.condition).expression;
    }
    if (b.kind == K::ReadyQueueLonger) queueWasLonger_[i] = runner.scheduler().readyCount() > b.threshold;
  }
}

void BreakpointWatch::hit(std::size_t breakpoint, bool before, std::string detail) {
  if (hitThisStep_[breakpoint]) return;
  hitThisStep_[breakpoint] = true;
  hits_.push_back({breakpoint, step_, before, std::move(detail)});
}

void BreakpointWatch::onStepBegin(std::uint64_t step) {
  step_ = step;
  hits_.clear();
  std::fill(hitThisStep_.begin(), hitThisStep_.end(), false);
  errorsBefore_ = runner_->errors().size();
}

void BreakpointWatch::onSchedEvent(const trace::SchedEvent& e) {
  if (e.kind != trace::SchedEventKind::TaskPicked) return;
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    if (!compiled_[i].active || breakpoints_[i].kind != K::TaskPicked) continue;
    const auto* record = runner_->scheduler().taskRecord(e.task);
    if (record && record->label.name() == breakpoints_[i].target)
      hit(i, false, fmt::format("task {} [{}] picked among {}", e.task.value, breakpoints_[i].target, e.readyCount));
  }
}

void BreakpointWatch::onReactiveEvent(const trace::ReactiveEvent& e) {
  using R = trace::ReactiveEventKind;
  if (e.kind != R::ActionStarted && e.kind != R::CellWritten && e.kind != R::CycleDetected &&
      e.kind != R::DebounceFired)
    return;
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    const Compiled& c = compiled_[i];
    if (!c.active) continue;
    const Breakpoint& b = breakpoints_[i];
    switch (b.kind) {
      case K::ActionRuns:
        if (e.kind == R::ActionStarted && e.action == c.index) hit(i, true, fmt::format("action {} runs", b.target));
        break;
      case K::CellChanges:
        if (e.kind == R::CellWritten && e.cell == c.index) {
          bool holds = true;
          if (c.condition.valid()) {
            const double v[1] = {e.number};
            const graph::Evaluation result = c.condition.evaluate(v);
            holds = result.finite && !result.values.empty() && result.values[0] != 0;
          }
          if (holds) hit(i, false, fmt::format("cell {} changed to {}", b.target, trace::formatNumber(e.number)));
        }
        break;
      case K::CycleDetected:
        if (e.kind == R::CycleDetected) {
          std::string members;
          for (const std::string& m : e.members) members += (members.empty() ? "" : ", ") + m;
          hit(i, false, fmt::format("cycle {} detected ({}), {}", e.cycle, members, e.detail));
        }
        break;
      case K::DebounceFires:
        if (e.kind == R::DebounceFired && (c.index == 0 || e.action == c.index))
          hit(i, false, fmt::format("the debounce of {} fired", e.actionName));
        break;
      default:
        break;
    }
  }
}

void BreakpointWatch::onStepEnd(std::uint64_t /*step*/, const Move& /*move*/) {
  const auto errors = runner_->errors();
  const std::size_t readyNow = runner_->scheduler().readyCount();
  for (std::size_t i = 0; i < breakpoints_.size(); ++i) {
    if (!compiled_[i].active) continue;
    const Breakpoint& b = breakpoints_[i];
    if (b.kind == K::ReportError) {
      for (std::size_t k = errorsBefore_; k < errors.size(); ++k) {
        if (b.target.empty() || errors[k].kind == b.target) {
          hit(i, false, fmt::format("{} error: {}", errors[k].kind, errors[k].message));
          break;
        }
      }
    } else if (b.kind == K::ReadyQueueLonger) {
      const bool longer = readyNow > b.threshold;
      if (longer && !queueWasLonger_[i]) hit(i, false, fmt::format("the ready queue holds {} tasks", readyNow));
      queueWasLonger_[i] = longer;
    }
  }
  std::sort(hits_.begin(), hits_.end(), [](const BreakpointHit& a, const BreakpointHit& b) {
    return a.breakpoint < b.breakpoint;
  });
}

}  // namespace tickscope::run
