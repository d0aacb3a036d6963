// Decisions: the tasks that run actions. Each task label has one group task (spawnLabeled,
// or spawn for unlabeled actions). One step of it is one scheduler decision and runs at most
// one action: the first ready pending action of its group in topological order (ties by
// registration order). It yields after each action and sleeps when the group has nothing
// ready; making an action pending wakes it. Slow cycles continue in a task of their own.
#include <algorithm>

#include <fmt/format.h>

#include "log/log.h"
#include "reactive/runtime_core_p.h"

namespace tickscope::reactive::detail {

using trace::ReactiveEventKind;

namespace {
// Sleep: suspends the group task without queuing it; RuntimeCore::wakeGroup queues it again.
struct Sleep {
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P>) const noexcept {}
  void await_resume() const noexcept {}
};
}  // namespace

std::uint32_t RuntimeCore::groupFor(const sched::TaskLabel& label) {
  if (label.empty()) return 0;
  const std::string name(label.name());
  if (auto it = groupByLabel_.find(name); it != groupByLabel_.end()) return it->second;
  const auto g = static_cast<std::uint32_t>(groups_.size());
  groups_.emplace().label = label;
  groupByLabel_.emplace(name, g);
  return g;
}

void RuntimeCore::startGroup(std::uint32_t g) {
  Group& group = groups_[g];
  group.started = true;
  group.sleeping = false;
  if (group.label.empty()) {
    group.task = sched::spawn(*scheduler, [this, g] { return groupLoop(g); });
  } else {
    group.task = sched::spawnLabeled(*scheduler, group.label, [this, g] { return groupLoop(g); });
  }
}

void RuntimeCore::wakeGroup(std::uint32_t g) {
  Group& group = groups_[g];
  if (!group.started) {
    startGroup(g);
  } else if (group.sleeping) {
    group.sleeping = false;
    group.task.core()->wake();
  }
}

// wakeStalledGroups: groups that found nothing ready (something of another group had to run
// first) may be ready now. Woken in group order, as a scan of every group would.
void RuntimeCore::wakeStalledGroups(std::uint32_t except) {
  std::size_t keep = 0;
  for (std::size_t i = 0; i < stalledGroups_.size(); ++i) {
    const std::uint32_t h = stalledGroups_[i];
    if (!groups_[h].sleeping || groups_[h].pending == 0) continue;  // woken otherwise, or emptied
    if (h == except) {
      stalledGroups_[keep++] = h;
    } else {
      wakeGroup(h);
    }
  }
  stalledGroups_.resize(keep);
}

sched::Task<void> RuntimeCore::groupLoop(std::uint32_t g) {
  sched::TaskHeader& self = co_await sched::currentTask();
  while (true) {
    if (!decide(g)) {
      co_await Sleep{};
    } else if (!scheduler->continueRunning(self)) {
      co_await sched::yieldNow();
    }
  }
}

sched::Task<void> RuntimeCore::slowCycleLoop(std::uint32_t id) {
  while (continueSlowCycle(id)) co_await sched::yieldNow();
}

bool RuntimeCore::decide(std::uint32_t g) {
  RuntimeLock lock(mutex);
  ActionSlot* picked = pickReady(groups_[g], g);
  if (picked) {
    try {
      runPicked(*picked);
    } catch (const std::exception& e) {
      // Actions' own exceptions are caught where they run; this is a handler or an observer.
      log::engine().error("reactive: decision for {} failed: {}", actionName(*picked), e.what());
    }
    wakeStalledGroups(g);
  }
  checkIdle();
  Group& group = groups_[g];
  if (picked && group.pending > 0) return true;
  group.sleeping = true;
  if (group.pending > 0) {  // stalled: asleep with pending actions (the only way to be)
    const auto at = std::lower_bound(stalledGroups_.begin(), stalledGroups_.end(), g);
    if (at == stalledGroups_.end() || *at != g) stalledGroups_.insert(at, g);
  }
  return false;
}

ActionSlot* RuntimeCore::pickReady(Group& group, std::uint32_t g) {
  if (group.pending == 0) return nullptr;
  const bool others = pendingCount_ > group.pending;
  if (rankEpoch_ != graphEpoch_ && (group.pending > 1 || others)) {
    ensureRanks();
    rebuildHeaps();
  } else if (heapsRanked_ != orderComputations_) {
    rebuildHeaps();  // the order was computed again since (e.g. for another group's pick)
  } else if (group.heap.size() > 2 * static_cast<std::size_t>(group.pending) + 32) {
    rebuildHeaps();  // drop stale entries
  }
  if (group.stalled && stillStalled(group)) return nullptr;  // every candidate still blocked
  aside_.clear();
  // The previous pick's blocked candidates, matched in pick order (the same order while the
  // graph is unchanged): a blocker still pending spares the search.
  lastBlocked_.swap(group.blocked);
  group.blocked.clear();
  const bool lastValid = group.blockedEpoch == graphEpoch_;
  std::size_t last = 0;
  ActionSlot* found = nullptr;
  while (!group.heap.empty()) {
    const ActionId id = group.heap.popFront().id;
    // (Decided from its mark and group: its slot is first needed when it runs.)
    const mark::Mark m = markOf(id);
    if ((m & mark::kDead) || !(m & mark::kPending) || groupOf_[id.value - 1] != g) continue;  // stale entry
    if (m & mark::kAside) continue;  // a duplicate entry, already set aside
    if (others) {
      ActionId blocker;
      if (lastValid) {
        while (last < lastBlocked_.size() && rankOf_[lastBlocked_[last].candidate.value - 1] < rankOf_[id.value - 1]) ++last;
        if (last < lastBlocked_.size() && lastBlocked_[last].candidate == id && stillBlocks(lastBlocked_[last].blocker)) {
          blocker = lastBlocked_[last].blocker;
        }
      }
      if (!blocker) blocker = blockerInOtherGroup(id, g);
      if (blocker) {
        setFlag(id, mark::kAside, true);
        aside_.push_back(id);
        group.blocked.push_back(BlockedCandidate{id, blocker});
        continue;
      }
    }
    found = &slot(id);
    break;
  }
  group.blockedEpoch = graphEpoch_;
  group.stalled = !found && !group.blocked.empty();
  group.stalledChanges = group.changes;
  for (ActionId id : aside_) {
    setFlag(id, mark::kAside, false);
    group.heap.push(HeapEntry{rankOf_[id.value - 1], id});
  }
  if (found && config.mode == Mode::Push && fetchesAhead()) {
    // Push mode has no pull walk to announce runs ahead: announce this one (its own lines came
    // with the last pick), and ask for the likely next pick's lines and its owner's data.
    announceRun(*found);
    // Its readers: its commit schedules them from their marks, and they are picked soon after
    // (measured: without this, push is 3-5% slower).
    if (downstreamValid(found->id)) prefetch(downstream_[found->id.value - 1]);
    if (!group.heap.empty()) {
      const ActionId next = group.heap.front().id;
      const ActionSlot& candidate = slot(next);  // (no access: the prefetches below fetch it)
      __builtin_prefetch(&candidate);
      prefetchRunLines(candidate);
      if (runPrefetch) runPrefetch(next);
    }
  }
  return found;
}

// stillStalled: the last pick found every candidate blocked; none became or ceased to be
// pending since, the graph is unchanged and every blocker is still pending: still blocked.
bool RuntimeCore::stillStalled(const Group& group) const {
  if (group.stalledChanges != group.changes || group.blockedEpoch != graphEpoch_) return false;
  return std::all_of(group.blocked.begin(), group.blocked.end(),
                     [&](const BlockedCandidate& b) TICKSCOPE_REQUIRES(mutex) { return stillBlocks(b.blocker); });
}

// blockerInOtherGroup: a pending action of another group that comes first in topological order
// and can change one of `candidate`'s inputs (running the candidate now could show it a mix),
// or none.
// Searched upstream from the candidate, only through components between the lowest pending
// component of the other groups and the candidate's own (a path p -> ... -> candidate never
// leaves that band), so a decision costs the band, not (pending actions x graph).
ActionId RuntimeCore::blockerInOtherGroup(ActionId c, std::uint32_t g) {
  ensureRanks();
  std::uint32_t lowest = UINT32_MAX;
  for (std::uint32_t h = 0; h < groups_.size(); ++h) {
    if (h == g || groups_[h].pending == 0) continue;
    auto& heap = groups_[h].heap;
    while (!heap.empty()) {  // drop stale entries from the top: the first live one is the lowest
      const ActionId top = heap.front().id;
      const mark::Mark m = markOf(top);
      if (!(m & mark::kDead) && (m & mark::kPending) && groupOf_[top.value - 1] == h) break;
      heap.popFront();
    }
    if (!heap.empty()) lowest = std::min(lowest, sccOf_[heap.front().id.value - 1]);
  }
  const std::uint32_t candidateScc = sccOf_[c.value - 1], candidateRank = rankOf_[c.value - 1];
  if (lowest > candidateScc) return {};

  // (From marks and the arrays beside the slots: the band can be a large part of the graph.)
  const std::uint64_t stamp = ++reachStamp_;
  reach_[c.value - 1] = stamp;
  std::vector<ActionId>& stack = reachStack_;
  stack.clear();
  stack.push_back(c);
  while (!stack.empty()) {
    const ActionId v = stack.back();
    stack.pop_back();
    for (ActionId u : upLinks(v)) {
      const std::size_t k = u.value - 1;
      if ((marks_[k] & mark::kDead) || reach_[k] == stamp) continue;
      reach_[k] = stamp;
      if ((marks_[k] & mark::kPending) && groupOf_[k] != g && rankOf_[k] < candidateRank) return u;
      if (sccOf_[k] >= lowest && sccOf_[k] <= candidateScc) stack.push_back(u);
    }
  }
  return {};
}

void RuntimeCore::rebuildHeaps() {
  const bool ranksCurrent = rankEpoch_ == graphEpoch_;
  for (std::uint32_t g = 0; g < groups_.size(); ++g) {
    groups_[g].heap.rebuild([&](std::vector<HeapEntry>& heap) {
      mutex.assertHeld();  // (rebuild calls it back at once, under the lock this method holds)
      std::erase_if(heap, [&](const HeapEntry& e) TICKSCOPE_REQUIRES(mutex) {
        const ActionSlot& a = slot(e.id);
        return !a.alive || !pending(a.id) || a.group != g;
      });
      for (HeapEntry& e : heap) e.rank = slot(e.id).rank;
      std::sort(heap.begin(), heap.end(), [](const HeapEntry& x, const HeapEntry& y) { return x.id < y.id; });
      heap.erase(std::unique(heap.begin(), heap.end(), [](const HeapEntry& x, const HeapEntry& y) { return x.id == y.id; }),
                 heap.end());
    });
    // A large group's candidates as a bitset over the ranks while this order holds.
    if (ranksCurrent && usesBitset(groups_[g])) groups_[g].heap.useBits(&idAtRank_);
  }
  heapsRanked_ = orderComputations_;
}

bool RuntimeCore::throttled(const ActionSlot& a) const {
  return (markOf(a.id) & mark::kThrottled) && a.run.runCount > 0 && scheduler->now() - a.run.lastRunStart < a.throttle;
}

void RuntimeCore::runPicked(ActionSlot& a) {
  removePending(a);
  struct Deciding {
    ActionSlot& a;
    RuntimeCore& core;
    ~Deciding() { core.setFlag(a.id, mark::kDeciding, false); }
  } deciding{a, *this};
  setFlag(a.id, mark::kDeciding, true);
  if (throttled(a)) {
    ++a.skippedCount;
    emit(ReactiveEventKind::ActionSkipped, &a, [](trace::ReactiveEvent& e) { e.detail = "throttled"; });
    setFlag(a.id, mark::kDefinite, false);
    if (config.mode == Mode::Pull) markUpstreamForRepropagation(a);
    return;
  }
  if (a.settleEpoch != settleEpoch_) {
    a.settleEpoch = settleEpoch_;
    a.settleRuns = 0;
  }
  if (a.settleRuns >= config.pushIterationGuard) {
    // The iteration guard: it keeps being scheduled and the graph never settles.
    setFlag(a.id, mark::kDefinite, false);
    emit(ReactiveEventKind::TooManyIterations, &a, [&](trace::ReactiveEvent& e) { e.iteration = a.settleRuns; });
    if (config.mode == Mode::Pull) markUpstreamForRepropagation(a);
    reportError(ReactiveError{ErrorKind::TooManyIterations, {std::string(actionName(a))}, {a.id}, scheduler->now(),
                              fmt::format("too many iterations: action {} ran {} times without the graph settling; "
                                          "stopped",
                                          actionName(a), a.settleRuns),
                              a.settleRuns});
    return;
  }
  if (config.mode == Mode::Pull) {
    PullResult pulled = pullUpstream(a);
    retryPulls([&]() TICKSCOPE_REQUIRES(mutex) { pulled = pullUpstream(a); });
    if (!a.alive) return;
    if (pulled.blockedBy) {
      // It reads the outcome of a slow cycle in progress: it runs once the cycle finishes.
      auto it = activeCycles_.find(pulled.blockedBy);
      if (it != activeCycles_.end()) {
        a.waitingCycle = pulled.blockedBy;
        syncMark(a);
        ++waitingCount_;
        it->second.waiters.push_back(a.id);
        return;
      }
    }
    if (!flag(a.id, mark::kDefinite)) {
      // Everything upstream was re-run and nothing it reads changed.
      emit(ReactiveEventKind::ActionSkipped, &a, [](trace::ReactiveEvent& e) { e.detail = "unchanged"; });
      return;
    }
  }
  ++a.settleRuns;
  settleRan_ = true;
  setFlag(a.id, mark::kDefinite, false);
  execute(a, ActionId{}, false);
  // Its own reads nested too deep (reads it never made before): it was abandoned having
  // learned them; pull those and run it again.
  for (std::size_t round = 0; restartPull_ && a.alive && round <= actions_.size(); ++round) {
    restartPull_ = false;
    pullUpstream(a);
    retryPulls([&]() TICKSCOPE_REQUIRES(mutex) { pullUpstream(a); });
    if (a.alive) execute(a, ActionId{}, false);
  }
  restartPull_ = false;
}

void RuntimeCore::maybeAutoDebounce(ActionSlot& a) {
  const AutoDebounceConfig& ad = config.autoDebounce;
  if (!ad.enabled || a.debounceManual || a.autoOptOut || a.autoDebounced) return;
  if (a.run.runCount < ad.minRuns || a.run.average() < ad.threshold) return;
  a.autoDebounced = true;
  a.debounce = ad.delay;
  syncMark(a);
  emit(ReactiveEventKind::AutoDebounced, &a, [&](trace::ReactiveEvent& e) {
    e.duration = ad.delay;
    e.number = sched::toMs(a.run.average());
  });
}

bool RuntimeCore::isIdle() const {
  return pendingCount_ == 0 && waitingCount_ == 0 && armedTimers_ == 0 && activeCycles_.empty();
}

void RuntimeCore::checkIdle() {
  if (checkingIdle_) return;
  if (pendingCount_ == 0 && waitingCount_ == 0 && activeCycles_.empty() && settleRan_) {
    // Settled (debounce timers may still be armed: waiting for them takes time, not decisions):
    // the iteration guard starts counting afresh.
    ++settleEpoch_;
    settleRan_ = false;
  }
  if (!isIdle() || idleWaiters_.empty()) return;  // (most decisions: nobody waits)
  checkingIdle_ = true;
  auto waiters = std::move(idleWaiters_);
  idleWaiters_.clear();
  for (auto& w : waiters) w.send(true);
  checkingIdle_ = false;
}

sched::Task<void> RuntimeCore::idle() {
  RuntimeLock lock(mutex);
  if (isIdle()) return sched::timer(*scheduler, sched::Duration::zero());
  auto [sender, receiver] = sched::oneshot<bool>();
  idleWaiters_.push_back(std::move(sender));
  return sched::spawn(*scheduler, [receiver = std::move(receiver)]() mutable -> sched::Task<void> {
    co_await receiver;
  });
}

}  // namespace tickscope::reactive::detail
