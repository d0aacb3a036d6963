// Runner::inspect and Runner::explainRun: the Inspector's data (run/inspection.h). What an
// action or a cell is and its state come from the runner and the runtime; why an action ran
// (and the reasons "why not" that need the history) from the CauseLog, when one is attached.
#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>

#include "reactive/value.h"
#include "run/cause_log.h"
#include "run/runner.h"
#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

std::string number(double value) { return trace::formatNumber(value); }

std::vector<std::uint32_t> indices(const std::vector<reactive::ActionId>& ids) {
  std::vector<std::uint32_t> out;
  out.reserve(ids.size());
  for (reactive::ActionId id : ids) out.push_back(id.value - 1);  // the runtime numbers actions in file order
  return out;
}

WhyNot reason(WhyNot::Reason why, std::string text, double untilMs = kNoTime) {
  WhyNot w;
  w.reason = why;
  w.untilMs = untilMs;
  w.text = std::move(text);
  return w;
}

std::string memberList(const reactive::CycleRecord& c) {
  std::string out;
  for (const std::string& m : c.members) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace

Inspection Runner::inspect(Inspection::Target target, std::uint32_t index, std::uint64_t pickedStep) const {
  Inspection out;
  out.target = target;
  out.index = index;
  out.step = steps_;
  if (target == Inspection::Target::None) return out;
  const GraphDocument& doc = *document_;
  reactive::Runtime& rt = *runtime_;

  if (target == Inspection::Target::Cell) {
    if (index >= cellIds_.size()) throw std::out_of_range("Runner::inspect: no such cell");
    out.id = std::string(doc.cellId(index));
    out.value = reactive::numberOf(rt.peek(cellIds_[index]));
    const reactive::CellId cell = cellIds_[index];
    for (std::size_t i = 0; i < plans_.size(); ++i) {
      const std::span<const reactive::CellId> reads = actionReads(i), writes = actionWrites(i);
      if (std::find(reads.begin(), reads.end(), cell) != reads.end()) out.readers.push_back(static_cast<std::uint32_t>(i));
      if (std::find(writes.begin(), writes.end(), cell) != writes.end())
        out.writers.push_back(static_cast<std::uint32_t>(i));
    }
    if (causes_) out.lastChange = causes_->lastChange(index);
    return out;
  }

  if (index >= actionIds_.size()) throw std::out_of_range("Runner::inspect: no such action");
  const reactive::ActionId id = actionIds_[index];
  const graph::Action& action = doc.actions[index];
  out.id = action.id;
  out.kind = action.kind;
  out.expression = action.expr.value_or("");  // a compacted document has none (keepDocument)
  out.label = std::string(rt.label(id).name());
  for (reactive::CellId c : actionReads(index)) out.reads.push_back(c.value - 1);
  for (reactive::CellId c : actionWrites(index)) out.writes.push_back(c.value - 1);
  out.dependents = indices(rt.dependents(id));
  out.upstream = indices(rt.upstream(id));
  const reactive::ActionStats stats = rt.getActionStats(id);
  const reactive::DebounceState debounce = rt.debounceState(id);
  out.state = actionState(index, actionExtras(index), scheduler_->deprioritizedLabels(), stats, debounce);
  out.debounceMs = sched::toMs(debounce.delay);
  out.debounceManual = debounce.manual;
  out.autoDebounced = debounce.automatic;
  out.throttleMs = sched::toMs(rt.getThrottle(id));
  if (causes_) out.lastRun = causes_->lastRun(index);
  out.pickedStep = pickedStep;
  if (causes_ && pickedStep != 0) out.pickedRun = causes_->runInStep(index, pickedStep);

  // --- why not: first what the runtime's state says now --------------------------------------
  const ActionState& state = out.state;
  const bool pending = state.has(ActionState::Pending);
  const bool dirty = mode_ == Mode::Pull && (state.has(ActionState::Dirty) || state.has(ActionState::Check));
  const std::vector<reactive::CycleRecord> cycles = rt.cycles();
  const double now = nowMs();
  auto throttledNow = [&] {
    return out.throttleMs > 0 && stats.runCount > 0 && now - sched::toMs(stats.lastRunStart) < out.throttleMs;
  };
  auto throttleText = [&] {
    return fmt::format("throttled: it runs at most once every {} ms (last run at {} ms)", number(out.throttleMs),
                       number(sched::toMs(stats.lastRunStart)));
  };

  if (debounce.armedDeadline) {
    const double until = sched::toMs(*debounce.armedDeadline);
    out.whyNot.push_back(reason(WhyNot::Reason::Debounced,
                                fmt::format("debounced until {} ms (a {}debounce of {} ms: a new change restarts it)",
                                            number(until), debounce.automatic ? "automatic " : "",
                                            number(out.debounceMs)),
                                until));
  }
  if (pending) {
    // Waiting for a slow cycle upstream of it to finish (pull mode), if one is in progress.
    const reactive::CycleRecord* waitsFor = nullptr;
    if (std::any_of(cycles.begin(), cycles.end(), [](const reactive::CycleRecord& c) { return !c.finished; })) {
      std::unordered_set<std::uint32_t> seen{id.value};
      std::vector<reactive::ActionId> stack{id};
      while (!stack.empty() && !waitsFor) {
        const reactive::ActionId v = stack.back();
        stack.pop_back();
        for (reactive::ActionId u : rt.upstream(v)) {
          if (!seen.insert(u.value).second) continue;
          for (const reactive::CycleRecord& c : cycles) {
            if (!c.finished && std::find(c.memberIds.begin(), c.memberIds.end(), u) != c.memberIds.end()) waitsFor = &c;
          }
          stack.push_back(u);
        }
      }
    }
    if (waitsFor) {
      out.whyNot.push_back(reason(WhyNot::Reason::Waiting, fmt::format("it waits for slow cycle {} ({}) to finish",
                                                                       waitsFor->id, memberList(*waitsFor))));
    } else if (state.has(ActionState::Deprioritized)) {
      // Other work: a ready task not deprioritized, unless it is a group task with nothing
      // pending (it only goes back to sleep).
      std::unordered_set<std::uint64_t> idleGroups;
      for (const reactive::RuntimeTask& t : rt.tasks()) {
        if (t.role == reactive::RuntimeTask::Role::Group && t.pending == 0) idleGroups.insert(t.task.value);
      }
      const std::vector<sched::TestScheduler::QueuedTask> ready = scheduler_->readyTasks();
      const bool other = std::any_of(ready.begin(), ready.end(), [&](const auto& q) {
        return !q.deprioritized && !idleGroups.contains(q.id.value);
      });
      out.whyNot.push_back(
          reason(WhyNot::Reason::Deprioritized,
                 other ? fmt::format("label {} is deprioritized and other work is ready", out.label)
                       : fmt::format("label {} is deprioritized: it runs when nothing else is ready", out.label)));
    } else {
      out.whyNot.push_back(reason(WhyNot::Reason::Waiting,
                                  out.label.empty()
                                      ? std::string("pending: it runs when the scheduler picks its (unlabelled) group")
                                      : fmt::format("pending: it runs when the scheduler picks its group (label {})",
                                                    out.label)));
    }
  }
  if (state.has(ActionState::InCycle)) {
    const auto c = std::find_if(cycles.begin(), cycles.end(), [&](const auto& r) { return r.id == state.cycle; });
    out.whyNot.push_back(reason(
        WhyNot::Reason::Waiting,
        fmt::format("a member of slow cycle {} ({}), {} iterations done: the cycle's own task runs the next one",
                    state.cycle, c != cycles.end() ? memberList(*c) : std::string(), state.cycleIteration)));
  } else if (dirty && !pending) {
    // A dirty computation runs on the demand of an effect that depends on it.
    bool anyEffect = false;
    std::optional<reactive::ActionId> demanding;
    std::unordered_set<std::uint32_t> seen{id.value};
    std::vector<reactive::ActionId> stack{id};
    while (!stack.empty() && !demanding) {
      const reactive::ActionId v = stack.back();
      stack.pop_back();
      for (reactive::ActionId d : rt.dependents(v)) {
        if (!seen.insert(d.value).second) continue;
        if (rt.kind(d) == reactive::ActionKind::Effect) {
          anyEffect = true;
          if (rt.isPending(d) || rt.debounceState(d).armedDeadline) demanding = d;
        } else {
          stack.push_back(d);
        }
      }
    }
    if (!anyEffect) {
      out.whyNot.push_back(reason(WhyNot::Reason::NotDemanded, "no effect depends on it (pull mode: nothing demands it)"));
    } else if (demanding) {
      const std::string& name = doc.actions[demanding->value - 1].id;
      const reactive::DebounceState d = rt.debounceState(*demanding);
      out.whyNot.push_back(reason(
          WhyNot::Reason::Waiting,
          d.armedDeadline ? fmt::format("it runs when {}, which depends on it, runs: debounced until {} ms", name,
                                        number(sched::toMs(*d.armedDeadline)))
                          : fmt::format("it runs when {}, which depends on it and is pending, runs", name)));
    } else if (throttledNow()) {
      out.whyNot.push_back(reason(WhyNot::Reason::Throttled, throttleText()));
    } else {
      out.whyNot.push_back(reason(WhyNot::Reason::NotDemanded,
                                  "no effect demands it now (pull mode: it runs when an effect that depends on it runs)"));
    }
  }

  // --- then, for an action at rest, what happened to it --------------------------------------
  if (out.whyNot.empty()) {
    const reactive::CycleRecord* last = nullptr;  // the newest cycle it was a member of
    for (const reactive::CycleRecord& c : cycles) {
      if (std::find(c.memberIds.begin(), c.memberIds.end(), id) != c.memberIds.end()) last = &c;
    }
    if (last && last->finished && !last->converged) {
      std::string when;
      if (const auto stop = causes_ ? causes_->cycleStop(last->id) : std::nullopt) {
        when = stop->inStep ? fmt::format(" (step {}, {} ms)", stop->step, number(stop->atMs))
                            : fmt::format(" (after step {})", stop->step);
      }
      out.whyNot.push_back(reason(WhyNot::Reason::CycleStopped,
                                  fmt::format("its cycle ({}) was stopped at {} iterations{}", memberList(*last),
                                              last->iterations, when)));
    } else if (causes_) {
      out.whyNot = causes_->whyNotFromHistory(index, out.upstream);
      for (WhyNot& w : out.whyNot) {
        if (w.reason == WhyNot::Reason::Throttled && out.throttleMs > 0)
          w.text += fmt::format("; it runs at most once every {} ms", number(out.throttleMs));
      }
    } else if (stats.skippedCount > 0 && throttledNow()) {
      out.whyNot.push_back(reason(WhyNot::Reason::Throttled, throttleText()));  // without the history: likely
    }
  }
  return out;
}

std::optional<RunCause> Runner::explainRun(std::uint32_t index, std::uint64_t run) const {
  if (!causes_ || index >= actionIds_.size()) return std::nullopt;
  return causes_->run(index, run);
}

}  // namespace tickscope::run
