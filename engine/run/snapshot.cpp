// Runner::snapshot: the runner's state copied into plain rows (run/run_snapshot.h).
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "reactive/value.h"
#include "run/cause_log.h"
#include "run/run_journal.h"
#include "run/timeline_log.h"
#include "run/runner.h"

namespace tickscope::run {

namespace {

std::string_view phaseName(Runner::Phase phase) {
  switch (phase) {
    case Runner::Phase::Settling: return "settling";
    case Runner::Phase::Events: return "events";
    case Runner::Phase::Finishing: return "finishing";
    case Runner::Phase::Done: return "done";
  }
  return "?";
}

// TaskNames: what each live task is for, from the runtime's and the sessions' own lists.
struct TaskNames {
  std::unordered_map<std::uint64_t, reactive::RuntimeTask> runtime;
  struct SessionTask {
    std::string session;
    std::string name;
  };
  std::unordered_map<std::uint64_t, SessionTask> sessions;

  TaskRow row(const sched::TestScheduler::QueuedTask& q) const {
    TaskRow row = named(q.id.value);
    // A task of no role of its own (a timer, a delay) is named by the task it wakes.
    for (std::size_t i = 0; row.role == TaskRow::Role::Other && i < q.wakes.size(); ++i) {
      row = named(q.wakes[i].value);
      if (row.role != TaskRow::Role::Other) row.wakes = q.wakes[i].value;
    }
    row.task = q.id.value;
    row.label = std::string(q.label.name());
    row.deprioritized = q.deprioritized;
    row.foreground = q.kind == sched::ScheduleKind::Foreground;
    if (q.kind == sched::ScheduleKind::Timer) row.deadlineMs = sched::toMs(q.deadline);
    return row;
  }

  TaskRow named(std::uint64_t task) const {
    TaskRow row;
    row.task = task;
    if (const auto it = runtime.find(row.task); it != runtime.end()) {
      const reactive::RuntimeTask& t = it->second;
      switch (t.role) {
        case reactive::RuntimeTask::Role::Group:
          row.role = TaskRow::Role::Actions;
          row.pending = t.pending;
          break;
        case reactive::RuntimeTask::Role::Debounce:
          row.role = TaskRow::Role::Debounce;
          row.action = t.action.value;  // the document's index + 1
          break;
        case reactive::RuntimeTask::Role::SlowCycle:
          row.role = TaskRow::Role::SlowCycle;
          row.cycle = t.cycle;
          break;
      }
    } else if (const auto s = sessions.find(row.task); s != sessions.end()) {
      row.role = TaskRow::Role::SessionTask;
      row.session = s->second.session;
      row.name = s->second.name;
    }
    return row;
  }
};

}  // namespace

ActionState Runner::actionState(std::size_t i, const ActionExtras& extras, const std::vector<std::string>& deprioritized,
                                const reactive::ActionStats& s, const reactive::DebounceState& d) const {
  const GraphDocument& doc = *document_;
  const reactive::ActionId id = actionIds_[i];
  const bool pull = mode_ == Mode::Pull;
  ActionState a;
  const bool effect = doc.actions[i].kind == graph::ActionKind::Effect;
  std::uint16_t flags = 0;
  if (pull && !effect) {
    const reactive::DirtyLevel level = runtime_->dirtyLevel(id);
    if (level == reactive::DirtyLevel::Dirty) flags |= ActionState::Dirty;
    if (level == reactive::DirtyLevel::Check) flags |= ActionState::Check;
  }
  if (runtime_->isPending(id)) flags |= ActionState::Pending;
  if (!pull && (flags & ActionState::Pending)) flags |= ActionState::Dirty;  // push: dirty is pending
  if (d.armedDeadline) {
    flags |= ActionState::DebounceArmed;
    a.debounceDeadlineMs = sched::toMs(*d.armedDeadline);
  }
  if (extras.cycle) {
    flags |= ActionState::InCycle;
    a.cycle = extras.cycle;
    a.cycleIteration = extras.cycleIteration;
  }
  if (extras.errored) flags |= ActionState::Errored;
  if (s.runCount == 0) flags |= ActionState::NeverRun;
  if (!deprioritized.empty() && doc.actions[i].label &&
      std::binary_search(deprioritized.begin(), deprioritized.end(), *doc.actions[i].label))
    flags |= ActionState::Deprioritized;
  if (extras.ranThisStep) flags |= ActionState::RanThisStep;
  a.flags = flags;
  a.runCount = s.runCount;
  a.totalMs = sched::toMs(s.totalTime);
  a.averageMs = s.runCount ? a.totalMs / static_cast<double>(s.runCount) : 0.0;  // as the report
  a.lastMs = sched::toMs(s.lastRunTime);
  a.minMs = sched::toMs(s.minTime);
  a.maxMs = sched::toMs(s.maxTime);
  if (s.runCount) a.lastRunStartMs = sched::toMs(s.lastRunStart);
  a.debounceMs = sched::toMs(d.delay);
  a.autoDebounced = d.automatic;
  return a;
}

Runner::ActionExtras Runner::actionExtras(std::size_t index) const {
  ActionExtras extras;
  for (const reactive::CycleRecord& c : runtime_->cycles()) {
    if (c.finished) continue;
    for (reactive::ActionId m : c.memberIds) {
      if (m.value == index + 1) {
        extras.cycle = c.id;
        extras.cycleIteration = c.iterations;
      }
    }
  }
  const std::string& name = document_->actions[index].id;
  for (const trace::ReportError& e : errors()) {
    if (std::find(e.actions.begin(), e.actions.end(), name) != e.actions.end()) extras.errored = true;
  }
  if (journal_) {
    const auto& ran = journal_->lastStepRan();
    extras.ranThisStep = std::find(ran.begin(), ran.end(), index) != ran.end();
  }
  return extras;
}

RunSnapshot Runner::snapshot(const SnapshotOptions& options) const {
  RunSnapshot snap;
  snap.generation = generation_;
  snap.step = steps_;
  snap.nowMs = nowMs();
  snap.mode = std::string(graph::toString(mode_));
  snap.seed = seed_;
  snap.phase = std::string(phaseName(phase_));
  snap.done = phase_ == Phase::Done;
  snap.nextEvent = nextEvent_;
  snap.lastMove = lastMove_;
  snap.nextMove = nextMove();
  snap.decisions = scheduler_->decisionCount();
  const reactive::RuntimeStats stats = runtime_->getStats();
  snap.pending = stats.pending;
  // Push mode has no dirty marks: what is dirty there is what is pending (Runtime::isDirty).
  snap.dirty = mode_ == Mode::Pull ? runtime_->dirtyCount() : stats.pending;
  snap.effects = stats.effects;
  snap.computations = stats.computations;
  snap.document = document_;
  snap.labels = labels_;
  snap.deprioritized = scheduler_->deprioritizedLabels();
  snap.errors.assign(errors().begin(), errors().end());

  const GraphDocument& doc = *document_;
  const std::size_t actionCount = actionIds_.size();

  // Cycles first: the actions' InCycle state comes from the slow cycles still in progress.
  const std::vector<reactive::CycleRecord> cycles = runtime_->cycles();
  std::vector<std::uint32_t> cycleOf(actionCount, 0), iterationOf(actionCount, 0);
  for (const reactive::CycleRecord& c : cycles) {
    CycleRow row;
    row.id = c.id;
    for (reactive::ActionId m : c.memberIds) row.members.push_back(m.value - 1);
    row.strategy = std::string(reactive::nameOf(c.strategy));
    row.iterations = c.iterations;
    row.maxIterations = static_cast<std::uint32_t>(std::max(1, doc.settings.cycle.maxIterations));
    row.estimatedCostMs = sched::toMs(c.estimatedCost);
    row.finished = c.finished;
    row.converged = c.converged;
    row.stopped = c.finished && !c.converged;
    row.atMs = sched::toMs(c.startedAt);
    if (c.finished) row.finishedAtMs = sched::toMs(c.finishedAt);
    if (journal_) {
      const auto& values = journal_->cycleValues();
      if (const auto it = values.find(c.id); it != values.end()) {
        row.valueCells = it->second.cells;
        row.values = it->second.values;
      }
    }
    if (!c.finished) {
      for (std::uint32_t m : row.members) {
        if (m < actionCount) {
          cycleOf[m] = c.id;
          iterationOf[m] = c.iterations;
        }
      }
    }
    snap.cycles.push_back(std::move(row));
  }

  std::vector<bool> errored(actionCount, false);
  for (const trace::ReportError& e : errors()) {
    for (const std::string& name : e.actions) {
      if (const auto index = doc.findAction(name); index && *index < actionCount) errored[*index] = true;
    }
  }
  std::vector<bool> ranThisStep(actionCount, false);
  if (journal_) {
    for (std::uint32_t a : journal_->lastStepRan()) {
      if (a < actionCount) ranThisStep[a] = true;
    }
  }

  snap.actions.resize(actionCount);
  for (std::size_t i = 0; i < actionCount; ++i) {
    const reactive::ActionId id = actionIds_[i];
    const reactive::ActionStats s = runtime_->getActionStats(id);
    const reactive::DebounceState d = runtime_->debounceState(id);
    ActionExtras extras;
    extras.cycle = cycleOf[i];
    extras.cycleIteration = iterationOf[i];
    extras.errored = errored[i];
    extras.ranThisStep = ranThisStep[i];
    ActionState& a = snap.actions[i];
    a = actionState(i, extras, snap.deprioritized, s, d);

    const RunJournal::DebounceCounts* counts =
        journal_ && i < journal_->debounceCounts().size() ? &journal_->debounceCounts()[i] : nullptr;
    if (d.delay > sched::Duration::zero() || d.armedDeadline || (counts && counts->armed > 0)) {
      DebounceRow row;
      row.action = static_cast<std::uint32_t>(i);
      row.delayMs = a.debounceMs;
      row.automatic = d.automatic;
      row.manual = d.manual;
      if (d.armedDeadline) {
        row.deadlineMs = a.debounceDeadlineMs;
        row.leftMs = a.debounceDeadlineMs - snap.nowMs;
      }
      if (counts) {
        row.restarts = d.armedDeadline ? counts->restartsNow : 0;
        row.armedTotal = counts->armed;
        row.restartsTotal = counts->restarts;
        row.firedTotal = counts->fired;
      }
      snap.debounces.push_back(row);
    }
  }

  snap.cells.resize(cellIds_.size());
  for (std::size_t c = 0; c < cellIds_.size(); ++c) snap.cells[c] = reactive::numberOf(runtime_->peek(cellIds_[c]));

  // Sessions, then the scheduler's queues named by what each task does.
  TaskNames names;
  for (const reactive::RuntimeTask& t : runtime_->tasks()) names.runtime.emplace(t.task.value, t);
  for (const sim::SessionSnapshot& s : sessions_->sessions()) {
    SessionRow row;
    row.id = s.name;
    row.atMs = sched::toMs(s.openedAt);
    row.validated = s.validated();
    row.valid = s.valid;
    row.message = s.message;
    for (const sim::SessionTaskSnapshot& t : s.tasks) {
      SessionRow::Task task;
      task.task = t.id.value;
      task.name = t.name;
      task.state = std::string(sched::nameOf(t.state));
      task.waitUntil = t.waitUntil;
      task.dangling = std::any_of(s.dangling.begin(), s.dangling.end(),
                                  [&](const sim::DanglingTask& d) { return d.id == t.id; });
      row.tasks.push_back(std::move(task));
      names.sessions.emplace(t.id.value, TaskNames::SessionTask{s.name, t.name});
    }
    snap.sessions.push_back(std::move(row));
  }
  for (const auto& q : scheduler_->readyTasks()) snap.ready.push_back(names.row(q));
  for (const auto& q : scheduler_->timers()) snap.timers.push_back(names.row(q));

  if (journal_) {
    const auto& steps = journal_->steps();
    const std::size_t n = std::min(options.recentSteps, steps.size());
    snap.recentSteps.assign(steps.rbegin(), steps.rbegin() + static_cast<std::ptrdiff_t>(n));
    snap.autoDebounces = journal_->autoDebounces();
  }
  if (causes_) {
    for (std::size_t i = 0; i < snap.actions.size(); ++i)
      snap.actions[i].unchangedRuns = causes_->unchangedRuns(static_cast<std::uint32_t>(i));
  }
  if (timeline_) {
    snap.timeline = timeline_;
    snap.timelineRuns = timeline_->runCount();
    snap.timelineMarks = timeline_->markCount();
  }
  if (!options.insights) return snap;
  if (reachesEffect_.size() != actionIds_.size()) reachesEffect_ = actionsReachingAnEffect(*document_);
  snap.insights = findInsights(snap, reachesEffect_);
  return snap;
}

}  // namespace tickscope::run
