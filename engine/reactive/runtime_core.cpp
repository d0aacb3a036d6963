#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "log/log.h"
#include "reactive/runtime_core_p.h"

namespace tickscope::reactive::detail {

using trace::ReactiveEventKind;

RuntimeCore::RuntimeCore(Runtime& runtime, std::shared_ptr<sched::Scheduler> s, RuntimeConfig c)
    : owner(runtime), scheduler(std::move(s)), config(c) {
  if (!scheduler) throw std::invalid_argument("reactive::Runtime needs a scheduler");
  groups_.emplace();  // group 0: unlabeled actions
}

RuntimeCore::~RuntimeCore() {
  RuntimeLock lock(mutex);
  observer_ = nullptr;
  // Cancel every task first (they may be queued on the scheduler), then run cleanups.
  for (auto& [id, cycle] : activeCycles_) cycle.task = {};
  activeCycles_.clear();
  for (Group* group : groups_) group->task = {};
  for (ActionSlot* a : actions_) {
    a->debounceTimer = {};
    if (a->alive && a->cleanup) {
      a->alive = false;
      try {
        (*std::exchange(a->cleanup, nullptr))();
      } catch (const std::exception& e) {
        log::engine().warn("cleanup of action {} threw while the runtime was destroyed: {}", actionName(*a), e.what());
      } catch (...) {
        log::engine().warn("cleanup of action {} threw while the runtime was destroyed", actionName(*a));
      }
    }
  }
  idleWaiters_.clear();  // their idle() tasks end with ChannelClosedError
}

CellId RuntimeCore::createCell(std::string name, Value initial) {
  CellSlot& c = cells_.emplace();
  cellNames_.add(name);
  c.value = std::move(initial);
  return CellId{static_cast<std::uint32_t>(cells_.size())};
}

ActionStats RuntimeCore::statsOf(const ActionSlot& a) {
  const RunStats& r = a.run;
  ActionStats s;
  s.runCount = r.runCount;
  s.totalTime = r.totalTime;
  s.averageTime = r.average();
  s.lastRunTime = r.lastRunEnd - r.lastRunStart;
  s.minTime = r.minTime;
  s.maxTime = r.maxTime;
  s.sumSquaresMs = a.sumSquaresMs;
  s.lastRunStart = r.lastRunStart;
  s.lastRunEnd = r.lastRunEnd;
  s.errorCount = a.errorCount;
  s.skippedCount = a.skippedCount;
  return s;
}

void RuntimeCore::throwNoCell(CellId id) {
  throw std::out_of_range(fmt::format("reactive: no cell with id {}", id.value));
}

ActionSlot* RuntimeCore::find(ActionId id) {
  if (id.value == 0 || id.value > actions_.size()) return nullptr;
  return actions_.pointer(id.value - 1);
}

const ActionSlot* RuntimeCore::find(ActionId id) const {
  if (id.value == 0 || id.value > actions_.size()) return nullptr;
  return actions_.pointer(id.value - 1);
}

ActionSlot& RuntimeCore::require(ActionId id) {
  if (ActionSlot* a = find(id)) return *a;
  throw std::out_of_range(fmt::format("reactive: no action with id {}", id.value));
}

const ActionSlot& RuntimeCore::require(ActionId id) const {
  if (const ActionSlot* a = find(id)) return *a;
  throw std::out_of_range(fmt::format("reactive: no action with id {}", id.value));
}

Cancel RuntimeCore::subscribe(Action action, ReactivityLog log, SubscribeOptions options,
                              std::weak_ptr<Runtime*> self) {
  if (static_cast<bool>(action.run) == static_cast<bool>(action.kernel))
    throw std::invalid_argument("reactive: subscribe needs a callable or a numeric kernel (one of them)");
  for (const Address& address : log.reads) requireCell(address.cell);
  for (const Address& address : log.writes) requireCell(address.cell);
  if (action.kernel) {
    auto wholeCell = [](const Address& address) { return address.path.empty(); };
    if (!std::all_of(log.reads.begin(), log.reads.end(), wholeCell) ||
        !std::all_of(log.writes.begin(), log.writes.end(), wholeCell))
      throw std::invalid_argument("reactive: a numeric kernel reads and writes whole cells (no paths)");
  }

  // Filled in apart and moved into the arena complete: a throw on the way leaves nothing.
  ActionSlot draft;
  draft.id = ActionId{static_cast<std::uint32_t>(actions_.size() + 1)};
  draft.call = action.kernel ? RunCall::numeric(action.kernel) : RunCall::function(std::move(action.run));
  if (action.cleanup) draft.cleanup = std::make_unique<std::function<void()>>(std::move(action.cleanup));
  draft.effect = options.isEffect;
  for (const Address& r : log.reads) draft.reads.push_back(depOf(r));
  for (const Address& w : log.writes) draft.declaredWrites.push_back(depOf(w));
  for (const Dep w : draft.declaredWrites) appendUnique(draft.writes, w);
  // A kernel writes a prefix of its declared writes, usually all: start as if its last run
  // had, so its first run does not update its dependencies (to the same graph).
  if (action.kernel) draft.recordedWrites = draft.declaredWrites;
  draft.throttle = std::max(options.throttle, sched::Duration::zero());
  draft.autoOptOut = !options.autoDebounce;
  if (options.debounce && *options.debounce > sched::Duration::zero()) {
    draft.debounce = *options.debounce;
    draft.debounceManual = true;
  }
  if (marks_.size() == marks_.capacity()) marks_.reserve(std::max<std::size_t>(64, 2 * marks_.capacity()));
  if (walk_.size() == walk_.capacity()) walk_.reserve(std::max<std::size_t>(64, 2 * walk_.capacity()));
  if (walkSession_.size() == walkSession_.capacity()) {
    walkSession_.reserve(std::max<std::size_t>(64, 2 * walkSession_.capacity()));
  }
  if (groupOf_.size() == groupOf_.capacity()) {
    const std::size_t room = std::max<std::size_t>(64, 2 * groupOf_.capacity());
    groupOf_.reserve(room);
    rankOf_.reserve(room);
    sccOf_.reserve(room);
    reach_.reserve(room);
  }
  actionNames_.add(action.name.empty() ? fmt::format("action{}", draft.id.value) : action.name);
  ActionSlot& a = actions_.emplace(std::move(draft));
  marks_.push_back(0);  // (room reserved above: nothing throws between the slot and its mark)
  walk_.emplace_back();
  walkSession_.push_back(0);
  upstream_.emplace();
  downstream_.emplace();
  syncMark(a);
  // Reads unknown before its first run: its dependencies are dynamic (see lazyRun).
  if (!a.call.kernel() && log.reads.empty()) setFlag(a.id, mark::kDynamicReads, true);
  (a.effect ? effectCount_ : computationCount_)++;
  a.group = groupFor(action.label);
  ++groups_[a.group].members;
  groupOf_.push_back(a.group);
  rankOf_.push_back(0);
  sccOf_.push_back(0);
  reach_.push_back(0);
  indexAction(a);

  emit(ReactiveEventKind::ActionSubscribed, &a, [&](trace::ReactiveEvent& e) { e.detail = nameOf(a.effect ? ActionKind::Effect : ActionKind::Computation); });

  // The first scheduling: immediate, never debounced, nothing runs here.
  if (options.scheduleImmediately) {
    if (config.mode == Mode::Pull && !a.effect) {
      beginPropagation();
      markDirty(a, DirtyLevel::Dirty, ActionId{});
    } else {
      setFlag(a.id, mark::kDefinite, true);
      addPending(a, ActionId{});
    }
  }
  checkIdle();
  return Cancel(std::move(self), a.id);
}

void RuntimeCore::unsubscribe(ActionId id) {
  ActionSlot* found = find(id);
  if (!found || !found->alive) return;
  ActionSlot& a = *found;
  cancelDebounce(a, true);
  if (pending(a.id)) {
    removePending(a);
    wakeStalledGroups();  // it may have been what another group waited for
  }
  if (a.waitingCycle) {
    if (auto it = activeCycles_.find(a.waitingCycle); it != activeCycles_.end()) {
      std::erase(it->second.waiters, a.id);
    }
    a.waitingCycle = 0;
    syncMark(a);
    --waitingCount_;
  }
  if (a.activeCycle) abandonCycleMember(a);
  setLevel(a, DirtyLevel::Clean);
  unindexAction(a);
  if (a.id.value <= pullPlanIndex_.size() && pullPlanIndex_[a.id.value - 1]) {
    pullPlans_[pullPlanIndex_[a.id.value - 1] - 1] = PullPlan{};  // (its memory back; the slot stays)
  }
  a.alive = false;
  syncMark(a);
  (a.effect ? effectCount_ : computationCount_)--;
  emit(ReactiveEventKind::ActionUnsubscribed, &a);
  if (auto cleanup = std::exchange(a.cleanup, nullptr)) (*cleanup)();
  checkIdle();
}

std::uint32_t RuntimeCore::addErrorHandler(ErrorHandler handler) {
  const std::uint32_t id = nextHandlerId_++;
  errorHandlers_.emplace_back(id, std::move(handler));
  return id;
}

void RuntimeCore::removeErrorHandler(std::uint32_t id) {
  std::erase_if(errorHandlers_, [id](const auto& h) { return h.first == id; });
}

void RuntimeCore::setDebounce(ActionSlot& a, sched::Duration delay) {
  if (delay <= sched::Duration::zero()) {
    a.debounce = {};
    a.debounceManual = false;
    a.autoDebounced = false;
    syncMark(a);
    if (a.debounceTimer.valid()) {
      // It was triggered and waits for its timer: schedule it now instead.
      cancelDebounce(a, true);
      if (config.mode == Mode::Pull && !a.effect) {
        beginPropagation();
        markDirty(a, DirtyLevel::Dirty, ActionId{});
      } else {
        addPending(a, ActionId{});
      }
    }
    return;
  }
  a.debounce = delay;
  a.debounceManual = true;
  a.autoDebounced = false;
  syncMark(a);
}

void RuntimeCore::setAutoDebounce(ActionSlot& a, bool enabled) {
  a.autoOptOut = !enabled;
  if (!enabled && a.autoDebounced) {
    a.autoDebounced = false;
    a.debounce = {};
    syncMark(a);
  }
}

DebounceState RuntimeCore::debounceState(const ActionSlot& a) const {
  DebounceState s;
  s.delay = a.debounce;
  s.manual = a.debounceManual;
  s.automatic = a.autoDebounced;
  s.autoOptOut = a.autoOptOut;
  if (a.debounceTimer.valid()) {
    s.armedDeadline = a.debounceDeadline;
    s.timerTask = a.debounceTimer.id();
  }
  s.throttle = a.throttle;
  return s;
}

std::vector<RuntimeTask> RuntimeCore::tasks() const {
  std::vector<RuntimeTask> out;
  for (const Group* g : groups_) {
    if (g->task.valid() && !g->task.core()->finished()) {
      out.push_back(RuntimeTask{g->task.id(), RuntimeTask::Role::Group, g->label, {}, 0, g->pending});
    }
  }
  if (armedTimers_ > 0) {
    for (std::size_t i = 0; i < actions_.size(); ++i) {
      const ActionSlot& a = actions_[i];
      if (a.debounceTimer.valid()) {
        out.push_back(RuntimeTask{a.debounceTimer.id(), RuntimeTask::Role::Debounce, labelOf(a), a.id, 0, 0});
      }
    }
  }
  for (const auto& [id, cycle] : activeCycles_) {
    if (cycle.task.valid()) out.push_back(RuntimeTask{cycle.task.id(), RuntimeTask::Role::SlowCycle, {}, {}, id, 0});
  }
  return out;
}

}  // namespace tickscope::reactive::detail
