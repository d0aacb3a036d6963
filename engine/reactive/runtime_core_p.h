#pragma once
// RuntimeCore: the private implementation of Runtime. One object holds every cell, action,
// group task and cycle; its methods are split by concept over several .cpp files:
//   runtime_core.cpp      construction, cells, subscribe/unsubscribe, queries
//   dependency_graph.cpp  reader/writer index, upstream/downstream caches, topological ranks
//   execution.cpp         running one action in a transaction, commit, rollback, stats, errors
//   propagation.cpp       notifications, dirty marking, scheduling with debounce
//   pull.cpp              pulling dirty computations (Tarjan over the pull stack), cycles
//   pull_plan.cpp         pulling an effect's kernel upstream by a flat plan (no walk)
//   decisions.cpp         group tasks, picking the next ready action, throttle, guard, idle
// Every method expects the mutex held (TICKSCOPE_REQUIRES(mutex), checked by clang:
// tests/lint) unless its comment says it takes it; every field is TICKSCOPE_GUARDED_BY(mutex),
// except owner, scheduler and config, fixed at construction.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "reactive/action_slot_p.h"
#include "reactive/cell_slot_p.h"
#include "reactive/dep_p.h"
#include "reactive/frozen_links_p.h"
#include "reactive/group_p.h"
#include "reactive/name_table_p.h"
#include "reactive/node_mark_p.h"
#include "reactive/pending_heap_p.h"
#include "reactive/pull_plan_p.h"
#include "reactive/pull_result_p.h"
#include "reactive/run_call_p.h"
#include "reactive/run_frame_p.h"
#include "reactive/runtime.h"
#include "reactive/runtime_mutex_p.h"
#include "reactive/stable_arena_p.h"
#include "sched/address_sanitizer.h"
#include "sched/oneshot.h"
#include "sched/spawn.h"
#include "trace/observer.h"

namespace tickscope::reactive::detail {

class RuntimeCore {
 public:
  RuntimeCore(Runtime& owner, std::shared_ptr<sched::Scheduler> scheduler, RuntimeConfig config);
  ~RuntimeCore();

  Runtime& owner;
  std::shared_ptr<sched::Scheduler> scheduler;
  RuntimeConfig config;
  mutable RuntimeMutex mutex;

  // --- runtime_core.cpp
  CellId createCell(std::string name, Value initial) TICKSCOPE_REQUIRES(mutex);
  Cancel subscribe(Action action, ReactivityLog log, SubscribeOptions options, std::weak_ptr<Runtime*> self)
      TICKSCOPE_REQUIRES(mutex);
  void unsubscribe(ActionId id) TICKSCOPE_REQUIRES(mutex);
  ActionSlot& slot(ActionId id) TICKSCOPE_REQUIRES(mutex) { return actions_[id.value - 1]; }
  // Marks (see NodeMark).
  mark::Mark markOf(ActionId id) const TICKSCOPE_REQUIRES(mutex) { return marks_[id.value - 1]; }
  DirtyLevel levelOf(ActionId id) const TICKSCOPE_REQUIRES(mutex) {
    return static_cast<DirtyLevel>(marks_[id.value - 1] & mark::kLevel);
  }
  DirtyLevel levelOf(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex) { return levelOf(a.id); }
  bool repropagates(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex) {
    return marks_[a.id.value - 1] & mark::kRepropagate;
  }
  void setRepropagate(const ActionSlot& a, bool on) TICKSCOPE_REQUIRES(mutex) {
    mark::Mark& m = marks_[a.id.value - 1];
    m = on ? (m | mark::kRepropagate) : (m & ~mark::kRepropagate);
  }
  bool flag(ActionId id, mark::Mark bit) const TICKSCOPE_REQUIRES(mutex) { return marks_[id.value - 1] & bit; }
  void setFlag(ActionId id, mark::Mark bit, bool on) TICKSCOPE_REQUIRES(mutex) {
    mark::Mark& m = marks_[id.value - 1];
    m = on ? (m | bit) : (m & ~bit);
  }
  bool busy(ActionId id) const TICKSCOPE_REQUIRES(mutex) { return flag(id, mark::kBusy); }
  WalkState& walkOf(ActionId id) TICKSCOPE_REQUIRES(mutex) { return walk_[id.value - 1]; }
  // walkMayEnter: a pull walk has to look at an input with this mark (effects are never
  // pulled; a clean computation outside any slow cycle needs nothing).
  static bool walkMayEnter(mark::Mark m) {
    return !(m & (mark::kEffect | mark::kDead)) && (m & (mark::kLevel | mark::kInCycle));
  }
  // syncMark: after a change of the slot fields a mark mirrors (effect, alive, activeCycle, debounce).
  void syncMark(const ActionSlot& a) TICKSCOPE_REQUIRES(mutex) {
    mark::Mark& m = marks_[a.id.value - 1];
    const mark::Mark timing = m & (mark::kDebounced | mark::kThrottled);
    m &= ~mark::kMirrored;
    if (a.call.kernel()) m |= mark::kKernel;
    if (a.effect) m |= mark::kEffect;
    if (!a.alive) m |= mark::kDead;
    if (a.activeCycle) m |= mark::kInCycle;
    if (a.debounce > sched::Duration::zero()) m |= mark::kDebounced;
    if (a.throttle > sched::Duration::zero()) m |= mark::kThrottled;
    if (a.waitingCycle) m |= mark::kWaiting;
    if ((m & (mark::kDebounced | mark::kThrottled)) != timing) ++timingEpoch_;  // (pull plans hold neither)
  }
  // prefetch: asks for the walk lines of `ids` before a loop visits them one by one. In a
  // graph larger than the last-level cache every visit misses; issued together the misses
  // overlap instead of waiting in turn.
  template <class Ids>
  void prefetch(const Ids& ids) const TICKSCOPE_REQUIRES(mutex) {
    for (ActionId id : ids) __builtin_prefetch(actions_.pointer(id.value - 1));
  }
  // fetchesAhead: whether the walks ask ahead for what they touch next (__builtin_prefetch,
  // announceRun). Only a graph that may not fit in the cache gains from it; a small one pays
  // the requests (a few hundred instructions an update) for nothing. A RunPrefetch hook, when
  // set, is always called as documented.
  static constexpr std::size_t kFetchAheadFrom = 4096;
  bool fetchesAhead() const TICKSCOPE_REQUIRES(mutex) { return actions_.size() >= kFetchAheadFrom || runPrefetch; }
  // prefetchRunLines: the two lines a run of `a` reads (lines 1-2 of ActionSlot: the callable,
  // the recorded lists, RunStats), asked for ahead of the run.
  static void prefetchRunLines(const ActionSlot& a) {
    const char* slot = reinterpret_cast<const char*>(&a);
    __builtin_prefetch(slot + 64);
    __builtin_prefetch(slot + 128);
  }
  const ActionSlot& slot(ActionId id) const TICKSCOPE_REQUIRES(mutex) { return actions_[id.value - 1]; }
  ActionSlot* find(ActionId id) TICKSCOPE_REQUIRES(mutex);
  const ActionSlot* find(ActionId id) const TICKSCOPE_REQUIRES(mutex);
  ActionSlot& require(ActionId id) TICKSCOPE_REQUIRES(mutex);
  const ActionSlot& require(ActionId id) const TICKSCOPE_REQUIRES(mutex);
  CellSlot& cell(CellId id) TICKSCOPE_REQUIRES(mutex) { return cells_[id.value - 1]; }
  const CellSlot& cell(CellId id) const TICKSCOPE_REQUIRES(mutex) { return cells_[id.value - 1]; }
  CellSlot& requireCell(CellId id) TICKSCOPE_REQUIRES(mutex) {
    if (id.value == 0 || id.value > cells_.size()) [[unlikely]]
      throwNoCell(id);
    return cells_[id.value - 1];
  }
  const CellSlot& requireCell(CellId id) const TICKSCOPE_REQUIRES(mutex) {
    return const_cast<RuntimeCore*>(this)->requireCell(id);
  }
  // Paths: interned (see dep_p.h).
  PathId pathId(const Path& path) TICKSCOPE_REQUIRES(mutex) { return paths_.intern(path); }
  const Path& pathOf(PathId id) const TICKSCOPE_REQUIRES(mutex) { return paths_.path(id); }
  bool overlap(PathId a, PathId b) const TICKSCOPE_REQUIRES(mutex) { return paths_.overlap(a, b); }
  Dep depOf(const Address& a) TICKSCOPE_REQUIRES(mutex) { return Dep{a.cell, paths_.intern(a.path)}; }
  Address addressOf(Dep d) const TICKSCOPE_REQUIRES(mutex) { return Address{d.cell, paths_.path(d.path)}; }
  [[noreturn]] static void throwNoCell(CellId id);
  std::size_t cellCount() const TICKSCOPE_REQUIRES(mutex) { return cells_.size(); }
  static ActionStats statsOf(const ActionSlot& a);
  std::string_view cellName(CellId id) const TICKSCOPE_REQUIRES(mutex) { return cellNames_[id.value - 1]; }
  std::string_view actionName(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex) {
    return actionNames_[a.id.value - 1];
  }
  std::size_t actionCount() const TICKSCOPE_REQUIRES(mutex) { return actions_.size(); }
  std::size_t effectCount() const TICKSCOPE_REQUIRES(mutex) { return effectCount_; }
  std::size_t computationCount() const TICKSCOPE_REQUIRES(mutex) { return computationCount_; }
  std::size_t dirtyCount() const TICKSCOPE_REQUIRES(mutex) { return dirtyCount_; }
  std::uint64_t orderComputations() const TICKSCOPE_REQUIRES(mutex) { return orderComputations_; }
  std::uint64_t plannedPulls() const TICKSCOPE_REQUIRES(mutex) { return plannedPulls_; }
  // pausePullPlans: a computation was cleaned out of order (Runtime::clearDirty), so a clean
  // node may have dirty ones upstream, which a plan would run and the walk skips: plans
  // wait until nothing is dirty.
  void pausePullPlans() TICKSCOPE_REQUIRES(mutex) { pullPlansPaused_ = true; }
  std::size_t pendingCount() const TICKSCOPE_REQUIRES(mutex) { return pendingCount_ + waitingCount_; }
  bool isIdle() const TICKSCOPE_REQUIRES(mutex);
  // idle: takes the mutex; a task that completes once the runtime is idle.
  sched::Task<void> idle();
  const std::vector<CycleRecord>& cycles() const TICKSCOPE_REQUIRES(mutex) { return cycles_; }
  const std::vector<ReactiveError>& errors() const TICKSCOPE_REQUIRES(mutex) { return errors_; }
  std::uint32_t addErrorHandler(ErrorHandler handler) TICKSCOPE_REQUIRES(mutex);
  void removeErrorHandler(std::uint32_t id) TICKSCOPE_REQUIRES(mutex);
  void setObserver(trace::Observer* o) TICKSCOPE_REQUIRES(mutex) { observer_ = o; }
  Runtime::RunPrefetch runPrefetch TICKSCOPE_GUARDED_BY(mutex);
  void setDebounce(ActionSlot& a, sched::Duration delay) TICKSCOPE_REQUIRES(mutex);
  void setAutoDebounce(ActionSlot& a, bool enabled) TICKSCOPE_REQUIRES(mutex);
  DebounceState debounceState(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex);
  std::vector<RuntimeTask> tasks() const TICKSCOPE_REQUIRES(mutex);  // Runtime::tasks

  // --- dependency_graph.cpp
  // The lists live beside the slots, in arenas of their own (2.4 MB each at 100,000 nodes):
  // the marking pass reads only downstream lists and marks, the pull walk upstream lists,
  // marks and walk states, and neither touches a slot in the common case.
  const ActionList& upstreamOf(ActionId id) TICKSCOPE_REQUIRES(mutex) {
    if (flag(id, mark::kUpstreamValid)) [[likely]]
      return upstream_[id.value - 1];
    return computeUpstream(slot(id));
  }
  const ActionList& upstreamOf(ActionSlot& a) TICKSCOPE_REQUIRES(mutex) { return upstreamOf(a.id); }
  const ActionList& downstreamOf(ActionId id) TICKSCOPE_REQUIRES(mutex) {
    if (markOf(id) & mark::kDownstreamValid) [[likely]]
      return downstream_[id.value - 1];
    return computeDownstream(slot(id));
  }
  const ActionList& downstreamOf(ActionSlot& a) TICKSCOPE_REQUIRES(mutex) { return downstreamOf(a.id); }
  // upLinks, downLinks: the same lists for the walks, from the frozen copies while the graph
  // has not changed since they were taken (see FrozenLinks, freezeIfSettled).
  std::span<const ActionId> upLinks(ActionId id) TICKSCOPE_REQUIRES(mutex) {
    if (frozenEpoch_ == graphEpoch_) [[likely]]
      return frozenUp_.of(id);
    const ActionList& up = upstreamOf(id);
    return {up.begin(), up.end()};
  }
  // lazyRun: the pull walk enters nothing upstream of `id`. A Dirty computation with dynamic
  // dependencies (kDynamicReads: a function action that declared no reads, or whose reads
  // changed from one run to the next) may read other cells this time: bringing its last run's
  // upstream up to date first may run computations nobody reads any more (kairo's "unstable").
  // So the walk runs it at once and its reads pull what they need, as alien-signals does. Only
  // where that changes nothing else: outside any cycle (its strongly connected component is
  // itself alone), no slow cycle in progress (a read would not wait for it as the walk does),
  // not throttled or debounced, run before (else its reads are unknown anyway), and near the
  // outermost pull (each such run nests its reads' pulls one level: at most kLazyPullDepth, far
  // below kMaxPullDepth). Static dependencies (a kernel, a lift, a function that read what it
  // declared) are walked as always: its upstream runs first, in the order a kernel's would.
  bool lazyRun(ActionId id) TICKSCOPE_REQUIRES(mutex) {
    constexpr mark::Mark kAsked = mark::kLevel | mark::kDynamicReads | mark::kKernel | mark::kEffect |
                                  mark::kInCycle | mark::kThrottled | mark::kDebounced;
    constexpr mark::Mark kLazy = static_cast<mark::Mark>(DirtyLevel::Dirty) | mark::kDynamicReads;
    if ((markOf(id) & kAsked) != kLazy) [[likely]]
      return false;
    if (pullDepth_ > kLazyPullDepth || !activeCycles_.empty()) return false;
    if (slot(id).run.runCount == 0) return false;  // nothing to skip: its reads are unknown
    if (!planEntered_.empty() && std::find(planEntered_.begin(), planEntered_.end(), id) != planEntered_.end()) return false;
    ensureRanks();
    return aloneInComponent(id);
  }
  // aloneInComponent: no other action shares id's strongly connected component (ranks current).
  bool aloneInComponent(ActionId id) const TICKSCOPE_REQUIRES(mutex) {
    const std::uint32_t rank = rankOf_[id.value - 1], scc = sccOf_[id.value - 1];
    if (rank > 0 && sccOf_[idAtRank_[rank - 1].value - 1] == scc) return false;
    return rank + 1 >= idAtRank_.size() || sccOf_[idAtRank_[rank + 1].value - 1] != scc;
  }
  static constexpr std::size_t kLazyPullDepth = 16;
  std::span<const ActionId> downLinks(ActionId id) TICKSCOPE_REQUIRES(mutex) {
    if (frozenEpoch_ == graphEpoch_) [[likely]]
      return frozenDown_.of(id);
    const ActionList& down = downstreamOf(id);
    return {down.begin(), down.end()};
  }
  // freezeIfSettled: takes the frozen copies once the walks have visited, since the graph last
  // changed, twice as many nodes as it has (what the copies cost to take), so a graph whose
  // dependencies keep changing never pays for them.
  void freezeIfSettled() TICKSCOPE_REQUIRES(mutex) {
    if (frozenEpoch_ == graphEpoch_ || walkWorkEpoch_ != graphEpoch_ || walkWork_ < 2 * actions_.size()) return;
    freezeLinks();
  }
  void freezeLinks() TICKSCOPE_REQUIRES(mutex);
  void countWalkWork(std::size_t nodes) TICKSCOPE_REQUIRES(mutex) {
    if (walkWorkEpoch_ != graphEpoch_) {
      walkWorkEpoch_ = graphEpoch_;
      walkWork_ = 0;
    }
    walkWork_ += nodes;
  }
  bool downstreamValid(ActionId id) const TICKSCOPE_REQUIRES(mutex) { return markOf(id) & mark::kDownstreamValid; }
  void invalidateDownstream(ActionId id) TICKSCOPE_REQUIRES(mutex) { marks_[id.value - 1] &= ~mark::kDownstreamValid; }
  const ActionList& computeUpstream(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  const ActionList& computeDownstream(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void setDependencies(ActionSlot& a, DepList& reads, WriteList& recordedWrites) TICKSCOPE_REQUIRES(mutex);
  void indexAction(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void unindexAction(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void indexReads(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void unindexReads(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void indexWrites(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void unindexWrites(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void ensureRanks() TICKSCOPE_REQUIRES(mutex);
  std::vector<ActionId> topologicalOrder() TICKSCOPE_REQUIRES(mutex);

  // --- execution.cpp
  // execute: runs `a` once in a transaction (a numeric kernel without one when nothing needs
  // it: see runKernelDirect); true when it returned normally.
  bool execute(ActionSlot& a, ActionId cause, bool pulled) TICKSCOPE_REQUIRES(mutex);
  // finishRun: after a run (also one that threw): its stats, the end of its decision.
  void finishRun(ActionSlot& a, ActionId id, sched::Instant start, sched::Instant end) TICKSCOPE_REQUIRES(mutex);
  void checkAutoDebounce(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void reportRunFailure(const ActionSlot& a, const std::string& failure, sched::Instant at) TICKSCOPE_REQUIRES(mutex);
  // kernelInputsReady: no read of the kernel action `a` would pull (pull mode: every writer
  // of what it reads is clean).
  bool kernelInputsReady(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex);
  // runKernel: a kernel action's run inside its transaction (reads that pull, an observer).
  void runKernel(ActionSlot& a, Transaction& tx) TICKSCOPE_REQUIRES(mutex);
  // runKernelDirect: the same run without a transaction, frame or recorded lists: its reads
  // and writes are the declared ones, nothing is written before the kernel returns (nothing
  // to roll back), and the observer is off (no events to emit). The graph runner's hot path.
  bool runKernelDirect(ActionSlot& a, ActionId id) TICKSCOPE_REQUIRES(mutex);
  const Value& txRead(RunFrame& frame, CellId cell, PathId path) TICKSCOPE_REQUIRES(mutex);
  void txWrite(RunFrame& frame, CellId cell, PathId path, Value&& value) TICKSCOPE_REQUIRES(mutex);
  // externalWrite: a write from outside any action (inside a run it joins the run's
  // transaction). A whole cell written outside any run or batch without an observer takes no
  // frame: compared, stored and its readers notified in place.
  void externalWrite(const Address& address, Value value) TICKSCOPE_REQUIRES(mutex);
  void batch(const std::function<void(Transaction&)>& writes) TICKSCOPE_REQUIRES(mutex);
  void reportError(ReactiveError error) TICKSCOPE_REQUIRES(mutex);
  // undoRun: a run that threw or was abandoned: its writes undone, its dependencies the old
  // ones plus what it read.
  void undoRun(ActionSlot& a, RunFrame& frame) TICKSCOPE_REQUIRES(mutex);
  // abandonRun: a run interrupted by RestartPull: its writes undone, what it read kept as
  // dependencies (so the retry pulls it first), a computation left Dirty; no stats.
  void abandonRun(ActionSlot& a, RunFrame& frame) TICKSCOPE_REQUIRES(mutex);
  RunFrame* currentFrame() TICKSCOPE_REQUIRES(mutex) { return frameDepth_ ? frames_[frameDepth_ - 1].get() : nullptr; }
  // changedAheadOfRun: the running computation `reader` (outside cycles; pull mode, where
  // notifyReaders, its only caller, marks a computation instead of scheduling it) has not
  // read (cell, path) yet in its run, which is in progress below the current one (one of its
  // reads pulled the writer): it will read the new value, or not depend on it any more, so
  // the change does not dirty it; its frame notes the writer (a failed run is dirtied then).
  bool changedAheadOfRun(ActionId reader, CellId cell, PathId path, ActionId writer) TICKSCOPE_REQUIRES(mutex);

  // --- propagation.cpp
  void notifyChanges(std::span<const Change> changes, ActionId writer) TICKSCOPE_REQUIRES(mutex);
  // notifyReaders: one changed address (within a marking pass, see beginPropagation).
  void notifyReaders(CellId changed, PathId path, ActionId writer) TICKSCOPE_REQUIRES(mutex);
  // beginPropagation: starts a marking pass (a node is visited once per pass).
  void beginPropagation() TICKSCOPE_REQUIRES(mutex) { ++stamp_; }
  void markDirty(ActionSlot& a, DirtyLevel level, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // markDirty by id: the same, deciding from the node's mark alone in a commit's common case
  // (a computation the marking pass reached already): no slot is touched.
  void markDirty(ActionId id, DirtyLevel level, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // prefetchLinks: asks for the downstream list the marking pass reads of `id` next (the
  // frozen copy while it is current).
  void prefetchLinks(ActionId id) const TICKSCOPE_REQUIRES(mutex) {
    if (frozenEpoch_ == graphEpoch_) {
      frozenDown_.prefetch(id);
    } else {
      __builtin_prefetch(downstream_.pointer(id.value - 1));
    }
  }
  void setLevel(ActionSlot& a, DirtyLevel level) TICKSCOPE_REQUIRES(mutex);
  void setLevel(ActionId id, DirtyLevel level) TICKSCOPE_REQUIRES(mutex);
  void schedule(ActionSlot& a, ActionId cause, bool definite) TICKSCOPE_REQUIRES(mutex) {
    schedule(a.id, cause, definite);
  }
  // schedule by id: decided from the mark alone when it is pending already (or waiting, or
  // being decided): a commit's readers in push mode.
  void schedule(ActionId id, ActionId cause, bool definite) TICKSCOPE_REQUIRES(mutex);
  void addPending(ActionSlot& a, ActionId cause) TICKSCOPE_REQUIRES(mutex) { addPending(a.id, cause); }
  void addPending(ActionId id, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void removePending(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  bool pending(ActionId id) const TICKSCOPE_REQUIRES(mutex) { return flag(id, mark::kPending); }
  void armDebounce(ActionSlot& a, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // restartDownstreamDebounces: restarts the armed debounce timers of the effects `from`
  // reaches (a change reached an already marked computation).
  void restartDownstreamDebounces(ActionSlot& from, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void cancelDebounce(ActionSlot& a, bool emitEvent) TICKSCOPE_REQUIRES(mutex);
  // onDebounceFired: run by a debounce timer's task; takes the mutex.
  void onDebounceFired(ActionId id, std::uint64_t generation);
  void markUpstreamForRepropagation(ActionSlot& effect) TICKSCOPE_REQUIRES(mutex);

  // --- pull.cpp
  PullResult pullFrom(std::span<const ActionId> roots, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  PullResult pullUpstream(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  // pullByPlan (pull_plan.cpp): pullUpstream of the effect `e` by its PullPlan: the walk's
  // runs without the walk, when e's upstream is static numeric kernels and dynamic
  // computations (no cycle, debounce, throttle or static function), outside any pull, without
  // an observer, in a graph where the walk does not fetch ahead. False when it has no usable
  // plan or stopped (a shared segment, an unusual mark, or the graph changed): the walk does
  // the rest, and what the plan ran is clean by then, so the walk runs the same computations
  // in the same order as alone (the dynamic computations the plan had entered are entered
  // again, not run lazily: planEntered_).
  bool pullByPlan(ActionSlot& e) TICKSCOPE_REQUIRES(mutex);
  // pullPlanOf: e's plan for the current graph (built when missing or stale); nullptr when it
  // has none that can be used.
  PullPlan* pullPlanOf(ActionSlot& e) TICKSCOPE_REQUIRES(mutex);
  void buildPullPlan(ActionSlot& e, PullPlan& plan) TICKSCOPE_REQUIRES(mutex);
  // segmentClean: every node of the segment opened at steps[opening] is clean.
  bool segmentClean(const std::vector<PlanStep>& steps, std::size_t opening) const TICKSCOPE_REQUIRES(mutex);
  Value pullAddress(const Address& address) TICKSCOPE_REQUIRES(mutex);
  void pullWritersOf(CellId cell, PathId path, ActionId reader) TICKSCOPE_REQUIRES(mutex);
  bool writersNeedPull(CellId cell, PathId path, ActionId reader) TICKSCOPE_REQUIRES(mutex);
  // pullWriters: pullWritersOf once writersNeedPull said yes.
  void pullWriters(CellId cell, PathId path, ActionId reader) TICKSCOPE_REQUIRES(mutex);
  // pullForRead: a read inside a transaction found a writer not clean: pull it first, or,
  // nested too deep, abandon the runs on the stack (RestartPull) for the outermost pull to
  // retry with what they read so far.
  void pullForRead(RunFrame& frame, CellId cell, PathId path) TICKSCOPE_REQUIRES(mutex);
  // retryPulls: at the outermost level, `pull` again while a deeper pull asked for a restart
  // (the abandoned runs left their reads behind). The points where the pulls stopped are
  // pulled first (pullRestartPoints), so `pull` does not re-walk a long chain once per
  // kMaxPullDepth links of it (quadratic).
  template <class Pull>
  void retryPulls(Pull&& pull) TICKSCOPE_REQUIRES(mutex) {
    for (std::size_t round = 0; restartPull_; ++round) {
      restartPull_ = false;
      if (round > actions_.size()) {  // no progress possible: give up rather than loop
        restartPoints_.clear();
        return;
      }
      pullRestartPoints();
      pull();
    }
  }
  // pullRestartPoints: pulls the restart points, the last (the furthest upstream) first.
  void pullRestartPoints() TICKSCOPE_REQUIRES(mutex);
  // Pulls nest when a running computation reads a computation that is not up to date (a
  // first run, whose reads are unknown, cannot be pulled for beforehand). 256 nested pulls
  // (through a derive's std::function) use about 320 KiB of stack in a RelWithDebInfo build;
  // under AddressSanitizer a level takes ~9 KiB, so there the bound is 64 (~580 KiB): the
  // same values and run counts, more restarts.
  static constexpr std::size_t kMaxPullDepth = sched::kAddressSanitizer ? 64 : 256;
  bool restartPull_ TICKSCOPE_GUARDED_BY(mutex) = false;
  // ReadingNow: the read whose writers pullForRead is bringing up to date. Their commits do
  // not dirty that reader through that cell: the read that follows sees the new value (a lazy
  // run reads cells it read last time, whose writers ran after it started: see lazyRun).
  struct ReadingNow {
    ActionId reader;
    CellId cell;
    PathId path = 0;
  };
  ReadingNow readingNow_ TICKSCOPE_GUARDED_BY(mutex);
  // RestartPoint: a read that would have nested a pull past kMaxPullDepth: the writers of
  // (cell, path) that `reader` waited for.
  struct RestartPoint {
    CellId cell;
    PathId path;
    ActionId reader;
  };
  std::vector<RestartPoint> restartPoints_ TICKSCOPE_GUARDED_BY(mutex);
  // continueSlowCycle: one step of a slow cycle (slowCycleLoop); takes the mutex.
  bool continueSlowCycle(std::uint32_t id);
  void abandonCycleMember(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);

  // --- decisions.cpp
  std::uint32_t groupFor(const sched::TaskLabel& label) TICKSCOPE_REQUIRES(mutex);
  const sched::TaskLabel& labelOf(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex) {
    return groups_[a.group].label;
  }
  void startGroup(std::uint32_t g) TICKSCOPE_REQUIRES(mutex);
  void wakeGroup(std::uint32_t g) TICKSCOPE_REQUIRES(mutex);
  void wakeStalledGroups(std::uint32_t except = UINT32_MAX) TICKSCOPE_REQUIRES(mutex);
  // decide: one decision of group g (groupLoop); takes the mutex.
  bool decide(std::uint32_t g);
  bool throttled(const ActionSlot& a) const TICKSCOPE_REQUIRES(mutex);
  void checkIdle() TICKSCOPE_REQUIRES(mutex);

  // emit: builds and delivers a trace event only when an observer is attached.
  template <class Build>
  void emit(trace::ReactiveEventKind kind, const ActionSlot* a, Build&& build) TICKSCOPE_REQUIRES(mutex) {
    if (observer_) [[unlikely]] {
      trace::ReactiveEvent e;
      e.kind = kind;
      e.at = scheduler->now();
      if (a) {
        e.action = a->id.value;
        e.actionName = actionName(*a);
      }
      build(e);
      e.dirtyCount = static_cast<std::uint32_t>(dirtyCount_);
      e.pendingCount = static_cast<std::uint32_t>(pendingCount());
      observer_->onReactiveEvent(e);
    }
  }
  void emit(trace::ReactiveEventKind kind, const ActionSlot* a) TICKSCOPE_REQUIRES(mutex) {
    emit(kind, a, [](trace::ReactiveEvent&) {});
  }

 private:
  friend class tickscope::reactive::Transaction;

  // pull.cpp internals
  struct PullFrame {
    ActionId node;
    std::uint32_t next = 0;
    bool announce = true;  // its run is announced here (not deferred: runDeferred fetches for those)
    bool lazy = false;     // it runs without its upstream entered (lazyRun)
  };
  struct PullScratch {
    std::vector<ActionId> roots;
    std::vector<PullFrame> frames;
    std::vector<ActionId> stack;
    std::vector<ActionId> members;
    std::vector<ActionId> deferred;  // finished components of one, to process in this order
    void clear() {
      roots.clear();
      frames.clear();
      stack.clear();
      members.clear();
      deferred.clear();
    }
  };
  // pullRoots: the walk from scratch.roots, in a new walk session, or in `session` (a plan's
  // that stopped: what it ran counts as visited, as in the walk that would have run it).
  PullResult pullRoots(PullScratch& scratch, ActionId cause, std::uint64_t session = 0) TICKSCOPE_REQUIRES(mutex);
  void strongConnect(ActionId root, std::uint64_t session, std::uint32_t& counter, PullScratch& scratch,
                     ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void processComponent(std::span<const ActionId> members, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // processSingle: processComponent of one member (the common case), without its loops.
  void processSingle(ActionId v, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // runOrClean: a component of one, not blocked: run when Dirty, clean when only Check.
  void runOrClean(ActionId v, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void announceRun(const ActionSlot& v) TICKSCOPE_REQUIRES(mutex);
  // Deferred runs: a walk's runs of static kernels wait until the walk has to stop (the end,
  // a cycle, any other kind of node) and are then processed in the order the walk finished
  // them, fetching ahead what the next ones touch. The same runs, in the same order, with the
  // same outcome: such a run changes no dependency (a kernel's are its declared ones) and no
  // walk decision (what the walk asks of a finished node is the same, clean or not); the
  // outermost walk only, without an observer (its events would interleave differently).
  bool deferrable(ActionId v) const TICKSCOPE_REQUIRES(mutex);
  void runDeferred(std::vector<ActionId>& deferred, ActionId cause) TICKSCOPE_REQUIRES(mutex) {
    if (!deferred.empty()) processAllDeferred(deferred, cause);
  }
  void processAllDeferred(std::vector<ActionId>& deferred, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  // processDeferred: processComponent of a deferrable node, from its id and mark (its slot's
  // first line is not needed to run it).
  void processDeferred(ActionId id, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void runPulled(ActionSlot& a, ActionId cause) TICKSCOPE_REQUIRES(mutex);
  std::vector<ActionId> cycleOrder(std::span<const ActionId> members) TICKSCOPE_REQUIRES(mutex);
  bool runCycleIteration(std::span<const ActionId> members, std::size_t record, std::uint32_t iteration,
                         ActionId cause) TICKSCOPE_REQUIRES(mutex);
  void finishCycle(std::span<const ActionId> members, std::size_t record, bool converged) TICKSCOPE_REQUIRES(mutex);
  void abandonCycleAttempt(std::span<const ActionId> members, std::size_t record) TICKSCOPE_REQUIRES(mutex);
  void finishSlowCycle(std::uint32_t id, bool converged, bool fromItsTask) TICKSCOPE_REQUIRES(mutex);

  // decisions.cpp internals
  // The group and slow-cycle tasks: coroutine bodies the scheduler resumes without the mutex;
  // each step calls decide / continueSlowCycle, which take it.
  sched::Task<void> groupLoop(std::uint32_t g);
  sched::Task<void> slowCycleLoop(std::uint32_t id);
  ActionSlot* pickReady(Group& group, std::uint32_t g) TICKSCOPE_REQUIRES(mutex);
  ActionId blockerInOtherGroup(ActionId candidate, std::uint32_t g) TICKSCOPE_REQUIRES(mutex);
  bool stillBlocks(ActionId blocker) const TICKSCOPE_REQUIRES(mutex) {
    const mark::Mark m = markOf(blocker);
    return (m & mark::kPending) && !(m & mark::kDead);
  }
  bool stillStalled(const Group& group) const TICKSCOPE_REQUIRES(mutex);
  void runPicked(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);
  void rebuildHeaps() TICKSCOPE_REQUIRES(mutex);
  // usesBitset: a group's pending queue is a bitset over the ranks (n / 8 bytes for n actions)
  // from kBitsetMembers actions, or when the bitset is no larger than its heap could grow (8
  // bytes per member): a pick then pops a bit, not a heap's mispredicted sift.
  static constexpr std::uint32_t kBitsetMembers = 4096;
  bool usesBitset(const Group& group) const TICKSCOPE_REQUIRES(mutex) {
    return group.members >= kBitsetMembers || (group.members >= 2 && actions_.size() <= 64 * std::size_t{group.members});
  }
  void maybeAutoDebounce(ActionSlot& a) TICKSCOPE_REQUIRES(mutex);

  StableArena<ActionSlot> actions_ TICKSCOPE_GUARDED_BY(mutex);
  std::vector<mark::Mark> marks_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1 (NodeMark)
  StableArena<ActionList> upstream_ TICKSCOPE_GUARDED_BY(mutex);    // by id - 1: writers of what it reads (sorted), valid per its mark
  StableArena<ActionList> downstream_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1: readers of what it writes (sorted), valid per its mark
  std::vector<WalkState> walk_ TICKSCOPE_GUARDED_BY(mutex);         // by id - 1
  std::vector<std::uint64_t> walkSession_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1: the pull walk that last visited it
  std::vector<std::uint32_t> groupOf_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1: ActionSlot::group, for scheduling without the slot
  std::vector<std::uint32_t> rankOf_ TICKSCOPE_GUARDED_BY(mutex);   // by id - 1: ActionSlot::rank, likewise
  std::vector<ActionId> idAtRank_ TICKSCOPE_GUARDED_BY(mutex);      // by rank, as of the last order computation (PendingQueue's bits)
  std::vector<std::uint32_t> sccOf_ TICKSCOPE_GUARDED_BY(mutex);    // by id - 1: ActionSlot::scc, for the cross-group check
  std::vector<std::uint64_t> reach_ TICKSCOPE_GUARDED_BY(mutex);    // by id - 1: reachability visit mark (reachStamp_)
  FrozenLinks frozenUp_ TICKSCOPE_GUARDED_BY(mutex);    // valid while frozenEpoch_ == graphEpoch_
  FrozenLinks frozenDown_ TICKSCOPE_GUARDED_BY(mutex);  // likewise
  std::uint64_t frozenEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint64_t walkWork_ TICKSCOPE_GUARDED_BY(mutex) = 0;          // nodes the walks visited since walkWorkEpoch_
  std::uint64_t walkWorkEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  StableArena<CellSlot> cells_ TICKSCOPE_GUARDED_BY(mutex);  // slots stay put while cells are added
  NameTable cellNames_ TICKSCOPE_GUARDED_BY(mutex);    // by id - 1
  NameTable actionNames_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1
  PathTable paths_ TICKSCOPE_GUARDED_BY(mutex);
  std::size_t effectCount_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::size_t computationCount_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::size_t dirtyCount_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::size_t pendingCount_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::size_t waitingCount_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::size_t armedTimers_ TICKSCOPE_GUARDED_BY(mutex) = 0;

  StableArena<Group, 16> groups_ TICKSCOPE_GUARDED_BY(mutex);  // references stay valid while groups are added
  std::vector<std::uint32_t> stalledGroups_ TICKSCOPE_GUARDED_BY(mutex);  // sorted; every group asleep with pending actions (and maybe others)
  std::vector<BlockedCandidate> lastBlocked_ TICKSCOPE_GUARDED_BY(mutex);  // pickReady's scratch: the group's previous list
  std::unordered_map<std::string, std::uint32_t> groupByLabel_ TICKSCOPE_GUARDED_BY(mutex);

  std::uint64_t graphEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 1;
  std::uint64_t rankEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint64_t orderComputations_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint64_t heapsRanked_ TICKSCOPE_GUARDED_BY(mutex) = 0;  // orderComputations_ when the heaps' ranks were taken
  std::uint64_t stamp_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint64_t reachStamp_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint64_t session_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::uint32_t ignoredCycle_ TICKSCOPE_GUARDED_BY(mutex) = 0;  // the slow cycle whose own step is pulling

  std::vector<std::unique_ptr<RunFrame>> frames_ TICKSCOPE_GUARDED_BY(mutex);
  std::size_t frameDepth_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  std::vector<std::unique_ptr<PullScratch>> pullScratch_ TICKSCOPE_GUARDED_BY(mutex);
  std::size_t pullDepth_ TICKSCOPE_GUARDED_BY(mutex) = 0;

  std::vector<CycleRecord> cycles_ TICKSCOPE_GUARDED_BY(mutex);
  std::map<std::uint32_t, CycleState> activeCycles_ TICKSCOPE_GUARDED_BY(mutex);
  std::uint32_t nextCycleId_ TICKSCOPE_GUARDED_BY(mutex) = 1;

  std::vector<ReactiveError> errors_ TICKSCOPE_GUARDED_BY(mutex);
  std::vector<std::pair<std::uint32_t, ErrorHandler>> errorHandlers_ TICKSCOPE_GUARDED_BY(mutex);
  std::uint32_t nextHandlerId_ TICKSCOPE_GUARDED_BY(mutex) = 1;

  // The iteration guard's count starts afresh when the runtime settles: a new epoch, and each
  // action's count is reset when it next runs (a settle touches no slot).
  std::uint64_t settleEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 1;
  bool settleRan_ TICKSCOPE_GUARDED_BY(mutex) = false;  // something ran since the last settle
  std::vector<ActionId> propagateStack_ TICKSCOPE_GUARDED_BY(mutex);
  std::vector<ActionId> aside_ TICKSCOPE_GUARDED_BY(mutex);
  std::vector<ActionId> reachStack_ TICKSCOPE_GUARDED_BY(mutex);
  std::vector<sched::OneshotSender<bool>> idleWaiters_ TICKSCOPE_GUARDED_BY(mutex);
  bool checkingIdle_ TICKSCOPE_GUARDED_BY(mutex) = false;

  trace::Observer* observer_ TICKSCOPE_GUARDED_BY(mutex) = nullptr;

  // Pull plans (pull_plan.cpp), last: the fields above keep their places.
  std::vector<std::uint32_t> pullPlanIndex_ TICKSCOPE_GUARDED_BY(mutex);  // by id - 1 (up to the last effect pulled): 1 + its index in pullPlans_, or 0
  std::vector<PullPlan> pullPlans_ TICKSCOPE_GUARDED_BY(mutex);
  bool pullPlansPaused_ TICKSCOPE_GUARDED_BY(mutex) = false;  // see pausePullPlans
  std::uint64_t timingEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 1;  // changes when an action's debounce or throttle is set or cleared
  std::uint64_t stillEpoch_ TICKSCOPE_GUARDED_BY(mutex) = 0;   // graphEpoch_ of stillPulls_
  std::uint64_t stillPulls_ TICKSCOPE_GUARDED_BY(mutex) = 0;   // effects' pulls since the graph last changed
  std::uint64_t plannedPulls_ TICKSCOPE_GUARDED_BY(mutex) = 0;
  // planEntered_: the dynamic computations a plan that stopped had entered (only Check when
  // it reached them) and not finished. The walk that goes on had entered them too, and so does
  // not run them lazily now that they may be Dirty (lazyRun). Emptied when that walk ends.
  std::vector<ActionId> planEntered_ TICKSCOPE_GUARDED_BY(mutex);
  // planSession_: the walk session of the plan in progress, or of the one that stopped; its
  // dynamic runs are visited in it (a run's reads may leave it dirty again: the walk that goes
  // on must not run it again, as the walk that ran it would not). 0 when that walk ended.
  std::uint64_t planSession_ TICKSCOPE_GUARDED_BY(mutex) = 0;
};

// (Inline: every run calls it, the graph runner's 7.5 million times per 100 events.)
inline void RuntimeCore::finishRun(ActionSlot& a, ActionId id, sched::Instant start, sched::Instant end) {
  if (flag(id, mark::kDeciding)) [[unlikely]] {
    // What changed while it ran, it read; what its commit changes (through others) is new.
    setFlag(id, mark::kDeciding, false);
    setFlag(id, mark::kDefinite, false);
  }
  // Stats, also for a run that threw.
  const sched::Duration took = end - start;
  RunStats& s = a.run;
  s.minTime = s.runCount == 0 ? took : std::min(s.minTime, took);
  s.maxTime = s.runCount == 0 ? took : std::max(s.maxTime, took);
  ++s.runCount;
  s.totalTime += took;
  s.lastRunStart = start;
  s.lastRunEnd = end;
  if (took != sched::Duration::zero()) {  // (a free run adds nothing: its line stays untouched)
    const double ms = sched::toMs(took);
    a.sumSquaresMs += ms * ms;
  }
}

}  // namespace tickscope::reactive::detail
