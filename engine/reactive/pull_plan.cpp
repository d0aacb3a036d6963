// Pull plans: an effect whose upstream is static numeric kernels (builder lifts over numbers,
// graph-file kernels), possibly ending in dynamic computations (derive), has the same upstream
// on every pull, so the order the pull walk would find is found once and replayed: per pull, a
// look at each node's mark, then the runs. The walk (pull.cpp) spends most of a small kernel's
// pull on the search itself (its frames, Tarjan's indices, a look at every input's writers); a
// plan skips all of it.
//
// Why the replay runs what the walk runs, in the same order: the walk enters only non-clean
// computations and runs them in the post-order of its depth-first search over upLinks, from
// the effect's upstream list. Outside throttled and debounced computations (a plan holds
// none) and dynamic ones run lazily (leaves of a plan), a clean computation has only clean
// computations upstream (marking reaches everything downstream of a change; a pull cleans a
// node only after its upstream). So the walk's search restricted to non-clean nodes and the
// plan's search over the whole cone, restricted to the non-clean nodes, give the same order;
// the plan skips the clean ones. A kernel's inputs are then always up to date when it runs
// (their writers came before it), so no read pulls.
//
// A dynamic computation (kDynamicReads: a derive) is a leaf of a plan: the walk runs it at
// once when it is Dirty, without entering its upstream, and its reads pull what they need
// (lazyRun). When the walk would enter it instead (it is only Check, or has never run), the
// plan stops there and the walk goes on: what the plan ran until then is exactly what the
// walk had run before it entered that node (its search reaches the node the same way), and
// all of it is clean now, so the walk from the roots continues in the same order. The same
// holds wherever a plan stops (an unusual mark, a graph change, a nested pull that restarts).
#include "reactive/runtime_core_p.h"
#include "reactive/scratch_scope_p.h"

namespace tickscope::reactive::detail {

namespace {
// Marks a node of a plan must not show when it runs (the walk treats them specially).
constexpr mark::Mark kPlanRejects = mark::kEffect | mark::kDead | mark::kInCycle | mark::kDebounced | mark::kThrottled |
                                    mark::kBusy | mark::kBlocked;
}  // namespace

PullPlan* RuntimeCore::pullPlanOf(ActionSlot& e) {
  const std::size_t at = e.id.value - 1;
  if (at >= pullPlanIndex_.size()) pullPlanIndex_.resize(at + 1, 0);
  if (pullPlanIndex_[at] == 0) {
    pullPlans_.emplace_back();
    pullPlanIndex_[at] = static_cast<std::uint32_t>(pullPlans_.size());
  }
  PullPlan& plan = pullPlans_[pullPlanIndex_[at] - 1];
  if (plan.epoch != graphEpoch_ || plan.timingEpoch != timingEpoch_) [[unlikely]]
    buildPullPlan(e, plan);  // the graph, or a debounce or throttle, changed since
  return plan.usable ? &plan : nullptr;
}

void RuntimeCore::buildPullPlan(ActionSlot& e, PullPlan& plan) {
  plan.epoch = graphEpoch_;
  plan.timingEpoch = timingEpoch_;
  plan.usable = false;
  plan.idleStops = 0;
  plan.order.clear();
  // reach_ tells the search's states apart: `entered` (on its stack), `done` (in the order).
  const std::uint64_t entered = ++reachStamp_;
  const std::uint64_t done = ++reachStamp_;
  struct Frame {
    ActionId node;
    std::uint32_t next = 0;
  };
  std::vector<Frame> frames;
  // enter: false when the plan cannot hold u (a cycle, a static function, debounce or
  // throttle, too large).
  auto enter = [&](ActionId u) TICKSCOPE_REQUIRES(mutex) {
    const mark::Mark m = markOf(u);
    if (m & (mark::kEffect | mark::kDead)) return true;  // never pulled: the walk skips it too
    const std::uint64_t state = reach_[u.value - 1];
    if (state == done) return true;
    if (state == entered) return false;  // a cycle: the walk converges it
    if (m & (mark::kDebounced | mark::kThrottled)) return false;
    if (plan.order.size() + frames.size() >= kMaxPullPlan) return false;
    if (!(m & mark::kKernel)) {
      // A function computation: a leaf when it is run lazily (see lazyRun), else the walk's.
      if (!(m & mark::kDynamicReads)) return false;
      ensureRanks();
      if (!aloneInComponent(u)) return false;
      reach_[u.value - 1] = done;
      plan.order.push_back(u);
      return true;
    }
    reach_[u.value - 1] = entered;
    frames.push_back(Frame{u});
    return true;
  };
  const ActionList& roots = upstreamOf(e);  // (an arena's element: stays put while others are computed)
  for (const ActionId r : roots) {
    if (!enter(r)) return;
    while (!frames.empty()) {
      const ActionId v = frames.back().node;
      const std::span<const ActionId> up = upLinks(v);
      if (frames.back().next < up.size()) {
        if (!enter(up[frames.back().next++])) return;
        continue;
      }
      reach_[v.value - 1] = done;
      plan.order.push_back(v);
      frames.pop_back();
    }
  }
  plan.usable = true;
}

bool RuntimeCore::pullByPlan(ActionSlot& e) {
  if (pullPlansPaused_) [[unlikely]] {
    if (dirtyCount_ > 0) return false;
    pullPlansPaused_ = false;
  }
  if (stillEpoch_ != graphEpoch_) {
    stillEpoch_ = graphEpoch_;
    stillPulls_ = 0;
  }
  // Plans wait until the graph has held still for more pulls than twice its effects (about two
  // updates): a graph that keeps changing, or was just built and changes once, never pays for
  // them, nor for their memory.
  if (++stillPulls_ <= 2 * effectCount_) return false;
  freezeIfSettled();  // (the marking pass reads the frozen lists too, as the walk's pulls would take them)
  PullPlan* plan = pullPlanOf(e);
  if (!plan || !activeCycles_.empty()) return false;  // (a slow cycle: a lazy run would not wait for it)
  // Clean nodes are only skipped: a plan holds no debounced or throttled node (timingEpoch_),
  // the only kinds that stay dirty under clean readers, and marks no other clean node would
  // show matter to the walk (in a slow cycle: none is in progress).
  // The runs happen one pull level down, as the walk's do (a lazy run's reads pull from there).
  ScratchScope<PullScratch> scope(pullScratch_, pullDepth_);
  const std::uint64_t epoch = plan->epoch;
  std::size_t visited = 0;
  for (const ActionId id : plan->order) {
    const mark::Mark m = markOf(id);
    const auto level = static_cast<DirtyLevel>(m & mark::kLevel);
    if (level == DirtyLevel::Clean) continue;
    // A run's error handler may have changed what the first look saw: the walk goes on.
    if ((m & kPlanRejects) || observer_) return false;
    if (!(m & mark::kKernel)) {
      // A dynamic computation: run at once when the walk would run it lazily (Dirty, run
      // before), else the walk enters it from here.
      ActionSlot& d = slot(id);
      if (level != DirtyLevel::Dirty || d.run.runCount == 0) {
        if (visited == 0 && ++plan->idleStops >= kMaxIdleStops) plan->usable = false;
        return false;
      }
      ++visited;
      setLevel(id, DirtyLevel::Clean);  // before it runs: a write it causes may dirty it again
      execute(d, e.id, true);
      if (restartPull_ || graphEpoch_ != epoch) return false;  // it read something new, or nested too deep
      continue;
    }
    ++visited;
    setLevel(id, DirtyLevel::Clean);
    if (level != DirtyLevel::Dirty) continue;  // Check: nothing it reads changed
    runKernelDirect(slot(id), id);
    if (graphEpoch_ != epoch) return false;  // (defensive: e.g. an error handler changed the graph) the walk goes on
  }
  plan->idleStops = 0;
  ++plannedPulls_;
  countWalkWork(visited);
  return true;
}

}  // namespace tickscope::reactive::detail
