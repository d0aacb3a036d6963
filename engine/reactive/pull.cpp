// Pulling (pull mode): before an effect runs, the non-clean computations it depends on are
// brought up to date. A depth-first walk upstream keeps a pull stack (Tarjan's algorithm):
// components are finished dependencies-first, so computations run in topological order; a
// component of two or more members is a cycle found while pulling, converged fast (all its
// iterations now) or slow (one iteration per scheduler decision, in a continuation task).
// A computation is Dirty (an input changed: it runs) or Check (something upstream was dirty:
// it runs only if that changed one of its inputs, else it is simply clean again).
#include <algorithm>

#include <fmt/format.h>

#include "reactive/runtime_core_p.h"
#include "reactive/pooled_scope_p.h"

namespace tickscope::reactive::detail {

using trace::ReactiveEventKind;

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}
}  // namespace

PullResult RuntimeCore::pullFrom(std::span<const ActionId> roots, ActionId cause) {
  PooledScope<PullScratch> scope(pullScratch_, pullDepth_);
  PullScratch& s = scope.get();
  s.clear();
  s.roots.assign(roots.begin(), roots.end());
  return pullRoots(s, cause);
}

// pullUpstream: brings up to date everything `a` reads (an effect by its pull plan when it has one).
PullResult RuntimeCore::pullUpstream(ActionSlot& a) {
  // (Plans only where the walk does not fetch ahead: in a graph of kFetchAheadFrom actions or
  // more most cones exceed kMaxPullPlan, and trying costs each pull: cellx1000, 8,000 actions.)
  if (pullDepth_ == 0 && !observer_ && a.effect && !fetchesAhead() && pullByPlan(a)) return PullResult{};
  struct ForgetPlan {  // (the outermost walk below goes on from a plan that stopped)
    RuntimeCore& core;
    bool outermost;
    ~ForgetPlan() TICKSCOPE_NO_THREAD_SAFETY_ANALYSIS {  // (under the lock pullUpstream holds)
      if (!outermost) return;
      core.planEntered_.clear();
      core.planSession_ = 0;
    }
  } forget{*this, pullDepth_ == 0};
  const std::uint64_t session = pullDepth_ == 0 ? planSession_ : 0;
  PooledScope<PullScratch> scope(pullScratch_, pullDepth_);
  PullScratch& s = scope.get();
  s.clear();
  const auto& up = upstreamOf(a);  // copied: running computations may change the cache
  s.roots.assign(up.begin(), up.end());
  const PullResult result = pullRoots(s, a.id, session);
  if (pullPlansPaused_ && dirtyCount_ == 0) pullPlansPaused_ = false;  // nothing dirty: plans hold again
  return result;
}

PullResult RuntimeCore::pullRoots(PullScratch& s, ActionId cause, std::uint64_t given) {
  freezeIfSettled();
  const std::uint64_t session = given != 0 ? given : ++session_;
  std::uint32_t counter = 0;
  PullResult result;
  for (std::size_t i = 0; i < s.roots.size() && !restartPull_; ++i) {
    const ActionId r = s.roots[i];
    const mark::Mark m = markOf(r);
    if (!walkMayEnter(m)) continue;  // clean (outside any cycle), an effect or gone
    if (m & mark::kInCycle) {
      const std::uint32_t cycle = slot(r).activeCycle;
      if (cycle != ignoredCycle_) result.blockedBy = cycle;
      continue;
    }
    if (walkSession_[r.value - 1] == session) {
      if (m & mark::kBlocked) result.blockedBy = slot(r).blockingCycle;
      continue;
    }
    if (m & mark::kBusy) continue;
    strongConnect(r, session, counter, s, cause);
    if (flag(r, mark::kBlocked)) result.blockedBy = slot(r).blockingCycle;
  }
  return result;
}

// The walk reads marks, walk states and upstream lists (arrays beside the slots), and touches
// a slot only for what is rare (slow cycles) or to run it.
void RuntimeCore::strongConnect(ActionId root, std::uint64_t session, std::uint32_t& counter, PullScratch& s,
                                ActionId cause) {
  // Runs of the walk's static kernels may wait in s.deferred (see runDeferred); with them
  // waiting, the walk itself asks for nothing of the runs (runDeferred does, ahead).
  const bool deferring = pullDepth_ == 1 && !observer_;
  const bool fetchAhead = fetchesAhead();
  std::size_t visited = 0;
  auto block = [&](ActionId v, std::uint32_t cycle) TICKSCOPE_REQUIRES(mutex) {
    setFlag(v, mark::kBlocked, true);
    slot(v).blockingCycle = cycle;
  };
  auto visit = [&](ActionId v) TICKSCOPE_REQUIRES(mutex) {
    walkSession_[v.value - 1] = session;
    WalkState& w = walkOf(v);
    w.index = w.low = counter++;
    mark::Mark& m = marks_[v.value - 1];
    m = static_cast<mark::Mark>((m | mark::kOnStack) & ~mark::kBlocked);
    s.stack.push_back(v);
    const bool announce = !(deferring && deferrable(v));  // (a hint: deferrable is decided again when v finishes)
    // Whether a dynamic computation runs lazily depends on its level, which the deferred runs
    // of its inputs may still raise: they run first, as without deferring (with an observer).
    if (!s.deferred.empty() && (m & mark::kDynamicReads)) runDeferred(s.deferred, cause);
    const bool lazy = lazyRun(v);
    s.frames.push_back(PullFrame{v, 0, announce, lazy});
    ++visited;
    if (!fetchAhead) return;
    const std::span<const ActionId> up = lazy ? std::span<const ActionId>{} : upLinks(v);
    for (ActionId u : up) {
      if (walkMayEnter(markOf(u))) {  // what the walk reads of it
        __builtin_prefetch(&walkSession_[u.value - 1]);
        if (frozenEpoch_ == graphEpoch_) frozenUp_.prefetch(u);
      }
    }
    if (!announce) return;  // runDeferred fetches ahead for it
    const ActionSlot& a = slot(v);
    prefetchRunLines(a);  // its run follows its upstream's: overlap the fetch with the walk below
    if (up.empty()) announceRun(a);
  };
  const std::size_t base = s.frames.size();
  const std::size_t stackBase = s.stack.size();
  visit(root);
  while (s.frames.size() > base) {
    if (restartPull_) [[unlikely]] {
      // A deeper pull gave up: leave the rest as it is (still dirty) for the retry. (Nothing
      // is deferred: what set the flag was processed after the deferred runs.)
      for (std::size_t k = stackBase; k < s.stack.size(); ++k) setFlag(s.stack[k], mark::kOnStack, false);
      s.stack.resize(stackBase);
      s.frames.resize(base);
      return;
    }
    PullFrame& f = s.frames.back();
    const ActionId v = f.node;
    const std::span<const ActionId> up = f.lazy ? std::span<const ActionId>{} : upLinks(v);
    if (f.next < up.size()) {
      const ActionId u = up[f.next++];
      if (f.next == up.size() && f.announce && fetchAhead) announceRun(slot(v));  // v runs once this last input is up to date
      mark::Mark m = markOf(u);
      if (!walkMayEnter(m)) {  // clean (outside any cycle), an effect or gone: decided by its mark
        // Clean over a dirty upstream: a deferred run may make it dirty again, as that run
        // would have before this look without deferring (with an observer).
        if (!(m & mark::kStaleClean) || s.deferred.empty()) continue;
        runDeferred(s.deferred, cause);
        m = markOf(u);
        if (restartPull_ || !walkMayEnter(m)) continue;
      }
      if (m & mark::kInCycle) {
        const std::uint32_t cycle = slot(u).activeCycle;
        if (cycle != ignoredCycle_) block(v, cycle);
        continue;
      }
      if (walkSession_[u.value - 1] == session) {
        if (m & mark::kOnStack) {
          WalkState& wv = walkOf(v);
          wv.low = std::min(wv.low, walkOf(u).index);  // back edge: a cycle through the pull stack
        } else if (m & mark::kBlocked) {
          block(v, slot(u).blockingCycle);
        }
        continue;
      }
      if (m & mark::kBusy) continue;  // running, or on an outer pull's stack: read as it is
      visit(u);
      continue;
    }
    s.frames.pop_back();
    const WalkState wv = walkOf(v);  // a copy: processing may add actions (and walk states)
    if (wv.low == wv.index && s.stack.back() == v) {
      // A component of one: the common case, without copying members out.
      s.stack.pop_back();
      setFlag(v, mark::kOnStack, false);
      if (deferring && deferrable(v)) {
        s.deferred.push_back(v);
      } else {
        runDeferred(s.deferred, cause);
        processSingle(v, cause);
      }
    } else if (wv.low == wv.index) {
      runDeferred(s.deferred, cause);
      const std::size_t from = s.members.size();
      ActionId w;
      do {
        w = s.stack.back();
        s.stack.pop_back();
        setFlag(w, mark::kOnStack, false);
        s.members.push_back(w);
      } while (w != v);
      // Copy out: processing may pull again (a deeper scratch), but never touches ours.
      std::vector<ActionId> members(s.members.begin() + static_cast<std::ptrdiff_t>(from), s.members.end());
      s.members.resize(from);
      processComponent(members, cause);
    }
    if (s.frames.size() > base) {
      const ActionId parent = s.frames.back().node;
      WalkState& wp = walkOf(parent);
      wp.low = std::min(wp.low, wv.low);
      if (flag(v, mark::kBlocked)) block(parent, slot(v).blockingCycle);
    }
  }
  runDeferred(s.deferred, cause);
  countWalkWork(visited);
}

bool RuntimeCore::deferrable(ActionId v) const {
  const mark::Mark m = markOf(v);
  return (m & mark::kKernel) && !(m & (mark::kBlocked | mark::kThrottled | mark::kDebounced | mark::kInCycle));
}

void RuntimeCore::processAllDeferred(std::vector<ActionId>& deferred, ActionId cause) {
  // Three stages ahead: first a run's slot lines and the owner's data, then (its lines in by
  // then) the cells it writes, then (those in by then) their readers.
  constexpr std::size_t kAhead = 8;
  const std::size_t n = deferred.size();
  if (!fetchesAhead()) {
    for (std::size_t i = 0; i < n && !restartPull_; ++i) processDeferred(deferred[i], cause);
    deferred.clear();
    return;
  }
  auto fetchRun = [&](ActionId id) TICKSCOPE_REQUIRES(mutex) {
    prefetchRunLines(slot(id));  // (its first line is not needed: processDeferred)
    if (runPrefetch) runPrefetch(id);
  };
  for (std::size_t i = 0; i < std::min(kAhead, n); ++i) fetchRun(deferred[i]);
  // A run that falls back to its transaction (an input left dirty, e.g. throttled) may pull,
  // and a pull nested too deep stops the walk: the rest stays dirty for the retry.
  for (std::size_t i = 0; i < n && !restartPull_; ++i) {
    if (i + kAhead < n) fetchRun(deferred[i + kAhead]);
    if (i + kAhead / 2 < n) announceRun(slot(deferred[i + kAhead / 2]));
    if (i + kAhead / 4 < n) {
      // The readers its commit notifies: beyond three they are in a block of their own.
      for (const Dep w : slot(deferred[i + kAhead / 4]).recordedWrites) __builtin_prefetch(cell(w.cell).readers.data());
    }
    processDeferred(deferred[i], cause);
  }
  deferred.clear();
}

void RuntimeCore::processDeferred(ActionId id, ActionId cause) {
  // processComponent of one deferrable node: not blocked, not throttled (deferrable), so
  // runPulled would only clean it and execute it.
  const DirtyLevel level = levelOf(id);
  if (level == DirtyLevel::Check) {
    setLevel(id, DirtyLevel::Clean);  // nothing it reads changed
    return;
  }
  if (level != DirtyLevel::Dirty) return;
  setLevel(id, DirtyLevel::Clean);  // before it runs: a write it causes may dirty it again
  ActionSlot& a = slot(id);
  if (!observer_ && kernelInputsReady(a)) [[likely]] {
    runKernelDirect(a, id);
  } else {
    execute(a, cause, true);
  }
}

// announceRun: v is about to run (or to be found unchanged): ask for the cells its run writes
// (their values, and the readers its commit notifies) while its last input is brought up to
// date. (The owner's data for the run was announced when the walk entered v: see visit.)
void RuntimeCore::announceRun(const ActionSlot& v) {
  for (const Dep w : v.recordedWrites) __builtin_prefetch(cells_.pointer(w.cell.value - 1));
  if (runPrefetch) runPrefetch(v.id);
}

void RuntimeCore::processSingle(ActionId v, ActionId cause) {
  if (flag(v, mark::kBlocked)) [[unlikely]] {
    processComponent(std::span<const ActionId>(&v, 1), cause);  // it waits with its reader
    return;
  }
  runOrClean(v, cause);
}

void RuntimeCore::runOrClean(ActionId v, ActionId cause) {
  const DirtyLevel level = levelOf(v);
  if (level == DirtyLevel::Dirty) {
    runPulled(slot(v), cause);
  } else if (level == DirtyLevel::Check) {
    setLevel(v, DirtyLevel::Clean);  // nothing it reads changed
  }
}

void RuntimeCore::processComponent(std::span<const ActionId> members, ActionId cause) {
  std::uint32_t blockedBy = 0;
  for (ActionId m : members) {
    if (flag(m, mark::kBlocked)) blockedBy = slot(m).blockingCycle;
  }
  if (blockedBy) {  // it depends on a slow cycle in progress: it waits with its reader
    for (ActionId m : members) {
      setFlag(m, mark::kBlocked, true);
      slot(m).blockingCycle = blockedBy;
    }
    return;
  }
  if (members.size() == 1) {
    runOrClean(members.front(), cause);
    return;
  }

  // handleCycleInPull
  std::vector<ActionId> order = cycleOrder(members);
  const bool anyDirty = std::any_of(order.begin(), order.end(), [this](ActionId m) TICKSCOPE_REQUIRES(mutex) {
    return levelOf(m) == DirtyLevel::Dirty;
  });
  if (!anyDirty) {
    for (ActionId m : order) setLevel(slot(m), DirtyLevel::Clean);
    return;
  }
  sched::Duration estimate{};
  CycleRecord record;
  record.id = nextCycleId_++;
  for (ActionId m : order) {
    estimate += slot(m).run.average();  // no run yet counts 0
    record.members.emplace_back(actionName(slot(m)));
    record.memberIds.push_back(m);
  }
  record.strategy = estimate < config.cycle.budget ? CycleStrategy::Fast : CycleStrategy::Slow;
  record.estimatedCost = estimate;
  record.startedAt = scheduler->now();
  const std::size_t index = cycles_.size();
  cycles_.push_back(record);
  const std::uint32_t id = record.id;
  emit(ReactiveEventKind::CycleDetected, nullptr, [&](trace::ReactiveEvent& e) {
    e.cause = cause.value;
    e.cycle = id;
    e.members = record.members;
    e.detail = nameOf(record.strategy);
    e.duration = estimate;
  });

  const std::uint32_t limit = std::max<std::uint32_t>(1, config.cycle.maxIterations);
  if (record.strategy == CycleStrategy::Fast) {
    // convergeCycleFast: every iteration now, before anyone downstream sees a value.
    bool dirty = true;
    std::uint32_t iteration = 0;
    while (dirty && iteration < limit && !restartPull_) dirty = runCycleIteration(order, index, ++iteration, cause);
    if (restartPull_) [[unlikely]] {
      abandonCycleAttempt(order, index);
      return;
    }
    finishCycle(order, index, !dirty);
    return;
  }

  // convergeCycleSlow: the first iteration now, then one per decision of its own task.
  activeCycles_[id] = CycleState{id, index, order, {}, {}};
  for (ActionId m : order) {
    slot(m).activeCycle = id;
    syncMark(slot(m));
  }
  const bool dirty = runCycleIteration(order, index, 1, cause);
  if (restartPull_) [[unlikely]] {
    activeCycles_.erase(id);
    for (ActionId m : order) {
      slot(m).activeCycle = 0;
      syncMark(slot(m));
    }
    abandonCycleAttempt(order, index);
    return;
  }
  if (!dirty || limit <= 1) {
    finishSlowCycle(id, !dirty, false);
    return;
  }
  activeCycles_[id].task = sched::spawn(*scheduler, [this, id] { return slowCycleLoop(id); });
  for (ActionId m : order) {
    setFlag(m, mark::kBlocked, true);
    slot(m).blockingCycle = id;
  }
}

void RuntimeCore::runPulled(ActionSlot& a, ActionId cause) {
  if (throttled(a)) {
    // It stays dirty and runs on the next demand after its window; its readers see its old
    // output meanwhile, and a later change upstream must pass through it to reach them.
    ++a.skippedCount;
    setRepropagate(a, true);
    emit(ReactiveEventKind::ActionSkipped, &a, [&](trace::ReactiveEvent& e) {
      e.cause = cause.value;
      e.detail = "throttled";
    });
    return;
  }
  setLevel(a, DirtyLevel::Clean);  // before it runs: a write it causes may dirty it again
  execute(a, cause, true);
}

// cycleOrder: the members in data-flow order: from the dirty members (registration order)
// along their dependents inside the cycle, then whoever is left.
std::vector<ActionId> RuntimeCore::cycleOrder(std::span<const ActionId> members) {
  std::vector<ActionId> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  auto isMember = [&](ActionId id) { return std::binary_search(sorted.begin(), sorted.end(), id); };
  const std::uint64_t stamp = ++reachStamp_;
  std::vector<ActionId> order;
  auto enqueue = [&](ActionId id) TICKSCOPE_REQUIRES(mutex) {
    if (reach_[id.value - 1] == stamp) return;
    reach_[id.value - 1] = stamp;
    order.push_back(id);
  };
  for (ActionId m : sorted) {
    if (levelOf(m) == DirtyLevel::Dirty) enqueue(m);
  }
  // Breadth first along dependents inside the cycle; members no dirty one reaches go last.
  for (std::size_t head = 0; order.size() < sorted.size(); ++head) {
    if (head == order.size()) {
      for (ActionId m : sorted) {
        if (reach_[m.value - 1] != stamp) {
          enqueue(m);
          break;
        }
      }
    }
    for (ActionId d : downstreamOf(slot(order[head]))) {
      if (isMember(d)) enqueue(d);
    }
  }
  return order;
}

bool RuntimeCore::runCycleIteration(std::span<const ActionId> members, std::size_t record,
                                    std::uint32_t iteration, ActionId cause) {
  const std::uint32_t cycleId = cycles_[record].id;
  for (ActionId m : members) setFlag(m, mark::kCycleBusy, true);  // reads between members do not pull
  for (ActionId m : members) {
    ActionSlot& a = slot(m);
    if (a.alive && levelOf(a) == DirtyLevel::Dirty && !restartPull_) runPulled(a, cause);
  }
  for (ActionId m : members) setFlag(m, mark::kCycleBusy, false);
  cycles_[record].iterations = iteration;
  emit(ReactiveEventKind::CycleIteration, nullptr, [&](trace::ReactiveEvent& e) {
    e.cause = cause.value;
    e.cycle = cycleId;
    e.iteration = iteration;
  });
  return std::any_of(members.begin(), members.end(), [this](ActionId m) TICKSCOPE_REQUIRES(mutex) {
    const ActionSlot& a = slot(m);
    return a.alive && levelOf(a) == DirtyLevel::Dirty;
  });
}

// abandonCycleAttempt: a pull inside an iteration gave up (RestartPull): the members stay as
// they are for the retry, which finds the cycle again; its record goes unless another was
// added after it (then it stays, unfinished).
void RuntimeCore::abandonCycleAttempt(std::span<const ActionId> members, std::size_t index) {
  for (ActionId m : members) setFlag(m, mark::kCycleBusy, false);
  if (index + 1 == cycles_.size()) cycles_.pop_back();
}

void RuntimeCore::finishCycle(std::span<const ActionId> members, std::size_t index, bool converged) {
  for (ActionId m : members) {
    ActionSlot& a = slot(m);
    setFlag(m, mark::kCycleBusy, false);
    setFlag(m, mark::kBlocked, false);
    if (a.alive) setLevel(a, DirtyLevel::Clean);  // converged: only Check is left; limit: clean up
  }
  CycleRecord& record = cycles_[index];
  record.converged = converged;
  record.finished = true;
  record.finishedAt = scheduler->now();
  emit(converged ? ReactiveEventKind::CycleConverged : ReactiveEventKind::CycleLimit, nullptr,
       [&](trace::ReactiveEvent& e) {
         e.cycle = record.id;
         e.iteration = record.iterations;
         e.members = record.members;
         e.detail = nameOf(record.strategy);
       });
  if (!converged) {
    reportError(ReactiveError{ErrorKind::CycleLimit, record.members, record.memberIds, record.finishedAt,
                              fmt::format("cycle {} did not converge after {} iterations ({}); stopped",
                                          joined(record.members), record.iterations, nameOf(record.strategy)),
                              record.iterations});
  }
}

void RuntimeCore::finishSlowCycle(std::uint32_t id, bool converged, bool fromItsTask) {
  auto it = activeCycles_.find(id);
  if (it == activeCycles_.end()) return;
  CycleState state = std::move(it->second);
  activeCycles_.erase(it);
  for (ActionId m : state.members) {
    slot(m).activeCycle = 0;
    syncMark(slot(m));
  }
  finishCycle(state.members, state.record, converged);
  for (ActionId w : state.waiters) {
    ActionSlot& e = slot(w);
    if (!e.alive || e.waitingCycle != id) continue;
    e.waitingCycle = 0;
    syncMark(e);
    --waitingCount_;
    addPending(e, ActionId{});
  }
  if (state.task.valid()) {
    if (fromItsTask) {
      std::move(state.task).detach();  // it returns right after this step
    } else {
      state.task = {};  // cancels it
    }
  }
  checkIdle();
}

bool RuntimeCore::continueSlowCycle(std::uint32_t id) {
  RuntimeLock lock(mutex);
  auto it = activeCycles_.find(id);
  if (it == activeCycles_.end()) return false;
  const std::vector<ActionId> members = it->second.members;
  const std::size_t record = it->second.record;
  const std::uint32_t iteration = cycles_[record].iterations + 1;

  // Bring the cycle's inputs from outside up to date first (its own members are skipped).
  std::vector<ActionId> outside;
  for (ActionId m : members) {
    for (ActionId u : upstreamOf(slot(m))) {
      if (std::find(members.begin(), members.end(), u) == members.end()) outside.push_back(u);
    }
  }
  const std::uint32_t previous = std::exchange(ignoredCycle_, id);
  pullFrom(outside, ActionId{});
  retryPulls([&]() TICKSCOPE_REQUIRES(mutex) { pullFrom(outside, ActionId{}); });
  ignoredCycle_ = previous;

  const bool dirty = runCycleIteration(members, record, iteration, ActionId{});
  if (restartPull_) [[unlikely]] {
    restartPull_ = false;  // the members that gave up are still dirty: the next step goes on
    return true;
  }
  if (!dirty || iteration >= config.cycle.maxIterations) {
    finishSlowCycle(id, !dirty, true);
    return false;
  }
  return true;
}

void RuntimeCore::abandonCycleMember(ActionSlot& a) {
  auto it = activeCycles_.find(a.activeCycle);
  a.activeCycle = 0;
  syncMark(a);
  if (it == activeCycles_.end()) return;
  std::erase(it->second.members, a.id);
  std::erase(cycles_[it->second.record].memberIds, a.id);
  if (it->second.members.empty()) finishSlowCycle(it->first, true, false);
}

// pullRestartPoints: a chain of first runs N links long stops every kMaxPullDepth links; the
// retry used to pull from the top again, re-walking the links already learned each time
// (N^2 / kMaxPullDepth). Instead, the point where the pull stopped is pulled first, from here
// (at most kMaxPullDepth deeper); if that stops again, its own point goes first, and so on up
// the chain; once a point's pull completes, the one below it walks only as far as it. Every
// link is thus walked a bounded number of times, and runs in the same (topological) order.
void RuntimeCore::pullRestartPoints() {
  for (std::size_t attempts = 0; !restartPoints_.empty(); ++attempts) {
    if (attempts > actions_.size()) {  // no progress possible: the caller's pull decides
      restartPoints_.clear();
      return;
    }
    const RestartPoint point = restartPoints_.back();
    const std::size_t below = restartPoints_.size() - 1;
    pullWritersOf(point.cell, point.path, point.reader);
    if (restartPull_) {
      restartPull_ = false;  // it stopped further up: that point (pushed last) goes first
      continue;
    }
    if (restartPoints_.size() > below) restartPoints_.erase(restartPoints_.begin() + static_cast<std::ptrdiff_t>(below));
  }
}

Value RuntimeCore::pullAddress(const Address& address) {
  requireCell(address.cell);
  if (config.mode == Mode::Pull) {
    const PathId path = pathId(address.path);
    pullWritersOf(address.cell, path, ActionId{});
    retryPulls([&]() TICKSCOPE_REQUIRES(mutex) { pullWritersOf(address.cell, path, ActionId{}); });
  }
  const Value* v = valueAt(cell(address.cell).value, address.path);
  return v ? *v : Value();
}

bool RuntimeCore::writersNeedPull(CellId cellId, PathId path, ActionId reader) {
  for (const IndexEntry& w : cell(cellId).writers) {
    const ActionSlot& x = slot(w.action);
    // (a throttled writer would only be skipped again: its old output is what there is)
    if (!x.effect && x.alive && levelOf(x) != DirtyLevel::Clean && !x.activeCycle && !busy(x.id) && x.id != reader &&
        !throttled(x) && overlap(path, w.path)) {
      return true;
    }
  }
  return false;
}

void RuntimeCore::pullWritersOf(CellId cellId, PathId path, ActionId reader) {
  if (writersNeedPull(cellId, path, reader)) [[unlikely]]
    pullWriters(cellId, path, reader);
}

void RuntimeCore::pullWriters(CellId cellId, PathId path, ActionId reader) {
  const auto& writers = cell(cellId).writers;
  std::vector<ActionId> roots;
  for (const IndexEntry& w : writers) {
    if (overlap(path, w.path) && w.action != reader) roots.push_back(w.action);
  }
  pullFrom(roots, reader);
}

}  // namespace tickscope::reactive::detail
