#include "run/run_journal.h"

#include "reactive/value.h"
#include "run/runner.h"

namespace tickscope::run {

void RunJournal::setUp(Runner& runner) {
  runner_ = &runner;
  debounce_.assign(runner.document().actions.size(), {});
}

void RunJournal::onStepBegin(std::uint64_t step) {
  current_ = StepRecord{};
  current_.step = step;
  current_.atMs = runner_->nowMs();
  currentRan_.clear();
  errorsBefore_ = runner_->errors().size();
  inStep_ = true;
}

void RunJournal::onStepEnd(std::uint64_t step, const Move& move) {
  current_.step = step;
  current_.move = move;
  current_.endMs = runner_->nowMs();
  current_.errorsAdded = static_cast<std::uint32_t>(runner_->errors().size() - errorsBefore_);
  inStep_ = false;
  if (steps_.size() == capacity_) steps_.pop_front();
  steps_.push_back(std::move(current_));
  current_ = StepRecord{};
  lastStepRan_.swap(currentRan_);
}

void RunJournal::onSchedEvent(const trace::SchedEvent& e) {
  if (!inStep_) return;
  using K = trace::SchedEventKind;
  if ((e.kind != K::TaskPicked && e.kind != K::TimerFired) || current_.task != 0) return;  // the step's decision
  current_.task = e.task.value;
  current_.timerFired = e.kind == K::TimerFired;
  current_.candidates = e.kind == K::TaskPicked ? e.readyCount : 1;
  current_.deprioritized = e.deprioritized;
  if (const auto* record = runner_->scheduler().taskRecord(e.task)) current_.label = std::string(record->label.name());
}

void RunJournal::onReactiveEvent(const trace::ReactiveEvent& e) {
  using K = trace::ReactiveEventKind;
  const std::uint32_t action = e.action;  // runtime id: the document's index + 1
  const bool known = action >= 1 && action <= debounce_.size();
  switch (e.kind) {
    case K::ActionStarted:
      if (!known) break;
      if (current_.ran.size() < StepRecord::kMaxRan) current_.ran.push_back(action - 1);
      currentRan_.push_back(action - 1);
      ++current_.ranCount;
      break;
    case K::CellWritten:
      ++current_.cellsChanged;
      break;
    case K::DebounceArmed:
      if (!known) break;
      ++debounce_[action - 1].armed;
      debounce_[action - 1].restartsNow = 0;
      break;
    case K::DebounceRestarted:
      if (!known) break;
      ++debounce_[action - 1].restarts;
      ++debounce_[action - 1].restartsNow;
      break;
    case K::DebounceFired:
      if (!known) break;
      ++debounce_[action - 1].fired;
      debounce_[action - 1].restartsNow = 0;
      break;
    case K::DebounceCancelled:
      if (known) debounce_[action - 1].restartsNow = 0;
      break;
    case K::AutoDebounced: {
      if (!known || autoDebounces_.size() >= kMaxAutoDebounces) break;
      const graph::AutoDebounceSettings& s = runner_->document().settings.autoDebounce;
      AutoDebounceDecision d;
      d.action = action - 1;
      d.step = current_.step;
      d.atMs = sched::toMs(e.at);
      d.runs = runner_->runtime().getActionStats(runner_->actionId(action - 1)).runCount;
      d.averageMs = e.number;
      d.thresholdMs = s.thresholdMs;
      d.minRuns = static_cast<std::uint32_t>(std::max(0, s.minRuns));
      d.delayMs = sched::toMs(e.duration);
      autoDebounces_.push_back(d);
      break;
    }
    case K::CycleDetected: {
      if (cycles_.size() == kMaxCycles) cycles_.erase(cycles_.begin());
      CycleValues& cycle = cycles_[e.cycle];
      const graph::GraphDocument& doc = runner_->document();
      for (const std::string& member : e.members) {
        const auto index = doc.findAction(member);
        if (!index || *index >= doc.resolution.actions.size()) continue;
        for (graph::CellIndex c : doc.resolution.actions[*index].writes) cycle.cells.push_back(c);
      }
      recordCycleValues(cycle);  // iteration 0: the values it starts from
      break;
    }
    case K::CycleIteration: {
      const auto it = cycles_.find(e.cycle);
      if (it != cycles_.end()) recordCycleValues(it->second);
      break;
    }
    default:
      break;
  }
}

void RunJournal::recordCycleValues(CycleValues& cycle) {
  if (cycle.stored + cycle.cells.size() > kMaxValuesPerCycle) return;
  std::vector<double> row;
  row.reserve(cycle.cells.size());
  for (graph::CellIndex c : cycle.cells) row.push_back(reactive::numberOf(runner_->runtime().peek(runner_->cellId(c))));
  cycle.stored += row.size();
  cycle.values.push_back(std::move(row));
}

}  // namespace tickscope::run
