// Pull plans: an effect whose upstream is static numeric kernels (builder lifts over numbers,
// graph-file kernels) and dynamic computations (derive) has the same upstream on every pull
// while the graph holds still, so the order the pull walk would find is found once and
// replayed: per pull, a look at each node's mark, then the runs. The walk (pull.cpp) spends
// most of a small kernel's pull on the search itself (its frames, Tarjan's indices, a look at
// every input's writers); a plan skips all of it.
//
// Why the replay runs what the walk runs, in the same order: the walk enters only non-clean
// computations and runs them in the post-order of its depth-first search over upLinks, from
// the effect's upstream list. Outside throttled and debounced computations (a plan holds
// none), a clean computation has only clean computations upstream (marking reaches everything
// downstream of a change; a pull cleans a node only after its upstream, a lazy run reads and
// so pulls all of its upstream, or the graph changes). So the walk's search restricted to
// non-clean nodes and the plan's search over the whole cone, restricted to the non-clean
// nodes, give the same order; the plan skips the clean ones. A kernel's inputs are then
// always up to date when it runs (their writers came before it), so no read pulls.
//
// A dynamic computation (kDynamicReads: a derive) is decided where the walk first reaches it
// (its opening step): Dirty and run before, the walk runs it at once without entering its
// upstream, and its reads pull what they need (lazyRun): so does the plan, and jumps past its
// segment (its upstream's steps) unless a node of the segment is reached again later (shared:
// the walk would run it there; the plan stops instead). Only Check, the walk enters it as any
// other node: so does the plan (its segment, then its own step). Its upstream is the one
// recorded by its last run, fixed while the graph is (the plan's epoch); never run, it is
// entered too. Where a plan stops (a shared segment under a Dirty one, an unusual mark, a
// graph change, a nested pull that restarts), the walk goes on: what the plan ran until then
// is exactly what the walk had run before it reached that node (its search reaches the node
// the same way), and all of it is clean now, so the walk from the roots continues in the same
// order.
#include "reactive/runtime_core_p.h"
#include "reactive/pooled_scope_p.h"

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
  std::vector<PlanStep>& steps = plan.steps;
  steps.clear();
  // reach_ tells the search's states apart: `entered` (on its stack), `done` (in the order).
  const std::uint64_t entered = ++reachStamp_;
  const std::uint64_t done = ++reachStamp_;
  struct Frame {
    ActionId node;
    std::uint32_t next = 0;
    std::uint32_t opening = 0;  // a dynamic computation's opening step (else unused)
  };
  std::vector<Frame> frames;
  // reachedAgain: u (done) is reached again: the closed segments holding it are shared (the
  // open ones are being searched: a node reached again inside its segment stays in it).
  auto reachedAgain = [&](ActionId u) {
    std::size_t at = 0;
    while (steps[at].id != u || steps[at].opens) ++at;  // its own step (plans are small)
    for (std::size_t h = 0; h < at; ++h) {
      if (steps[h].opens && steps[h].end != 0 && at + 1 < steps[h].end) steps[h].shared = true;
    }
  };
  // enter: false when the plan cannot hold u (a cycle, a static function, debounce or
  // throttle, too large).
  auto enter = [&](ActionId u) TICKSCOPE_REQUIRES(mutex) {
    const mark::Mark m = markOf(u);
    if (m & (mark::kEffect | mark::kDead)) return true;  // never pulled: the walk skips it too
    const std::uint64_t state = reach_[u.value - 1];
    if (state == done) {
      reachedAgain(u);
      return true;
    }
    if (state == entered) return false;  // a cycle: the walk converges it
    if (m & (mark::kDebounced | mark::kThrottled)) return false;
    if (steps.size() + frames.size() >= kMaxPullPlan) return false;
    reach_[u.value - 1] = entered;
    if (m & mark::kKernel) {
      frames.push_back(Frame{u});
      return true;
    }
    // A function computation: a dynamic one decided at its opening step (see lazyRun), a
    // static one the walk's.
    if (!(m & mark::kDynamicReads)) return false;
    ensureRanks();
    if (!aloneInComponent(u)) return false;
    frames.push_back(Frame{u, 0, static_cast<std::uint32_t>(steps.size())});
    steps.push_back(PlanStep{u, true});
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
      steps.push_back(PlanStep{v});
      if (!(markOf(v) & mark::kKernel)) steps[frames.back().opening].end = static_cast<std::uint32_t>(steps.size());
      frames.pop_back();
    }
  }
  plan.usable = true;
}

bool RuntimeCore::segmentClean(const std::vector<PlanStep>& steps, std::size_t opening) const {
  for (std::size_t k = opening + 1; k + 1 < steps[opening].end; ++k) {
    if ((markOf(steps[k].id) & mark::kLevel) != static_cast<mark::Mark>(DirtyLevel::Clean)) return false;
  }
  return true;
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
  // (Only the level is taken: the plan's loop needs none of the walk's scratch lists.)
  PooledScope<PullScratch> pullLevel(pullScratch_, pullDepth_);
  const std::uint64_t epoch = plan->epoch;
  const std::vector<PlanStep>& steps = plan->steps;
  std::size_t visited = 0;
  bool dynamicRan = false;  // a dynamic run's reads may have left an input dirty again (see below)
  planEntered_.clear();
  planSession_ = ++session_;
  auto stopIdle = [&] {
    if (visited == 0 && ++plan->idleStops >= kMaxIdleStops) plan->usable = false;
    return false;
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const PlanStep& step = steps[i];
    const ActionId id = step.id;
    const mark::Mark m = markOf(id);
    const auto level = static_cast<DirtyLevel>(m & mark::kLevel);
    if (step.opens) [[unlikely]] {
      // Where the walk first reaches a dynamic computation: clean, it is not entered (its
      // upstream is clean too, unless its last run failed before reading all of it: a shared
      // node left dirty is then the walk's, where it reaches it again); Check, it is entered:
      // its segment, then its own step.
      if (level == DirtyLevel::Clean) {
        if (step.shared && !segmentClean(steps, i)) return stopIdle();
        i = step.end - 1;
        continue;
      }
      if ((m & kPlanRejects) || observer_ || !activeCycles_.empty()) return false;
      ActionSlot& d = slot(id);
      if (level != DirtyLevel::Dirty || d.run.runCount == 0) {  // entered (never run: its reads are unknown)
        planEntered_.push_back(id);
        continue;
      }
      // Dirty: run at once (the walk's lazy run), unless its segment holds a node needed later.
      if (step.shared) return stopIdle();
      ++visited;
      setLevel(id, DirtyLevel::Clean);  // before it runs: a write it causes may dirty it again
      walkSession_[id.value - 1] = planSession_;
      execute(d, e.id, true);
      dynamicRan = true;
      if (restartPull_ || graphEpoch_ != epoch) return false;  // it read something new, or nested too deep
      i = step.end - 1;
      continue;
    }
    if (!planEntered_.empty() && planEntered_.back() == id) planEntered_.pop_back();  // its own step: finished
    if (level == DirtyLevel::Clean) continue;
    // A run's error handler may have changed what the first look saw: the walk goes on.
    if ((m & kPlanRejects) || observer_) return false;
    ++visited;
    setLevel(id, DirtyLevel::Clean);  // before it runs: a write it causes may dirty it again
    if (level != DirtyLevel::Dirty) continue;  // Check: nothing it reads changed
    ActionSlot& a = slot(id);
    if ((m & mark::kKernel) && (!dynamicRan || kernelInputsReady(a))) [[likely]] {
      runKernelDirect(a, id);
      if (graphEpoch_ != epoch) return false;  // (defensive: e.g. an error handler changed the graph) the walk goes on
      continue;
    }
    // A dynamic computation the walk entered (its upstream is up to date), or a kernel with an
    // input dirty again (a dynamic run left dirty: see the end of RuntimeCore::execute): its
    // reads pull, as in the walk (processDeferred).
    walkSession_[id.value - 1] = planSession_;
    execute(a, e.id, true);
    dynamicRan = true;
    if (restartPull_ || graphEpoch_ != epoch) return false;
  }
  plan->idleStops = 0;
  planSession_ = 0;  // (no walk goes on from it)
  ++plannedPulls_;
  countWalkWork(visited);
  return true;
}

}  // namespace tickscope::reactive::detail
