#pragma once
// PullPlan: an effect's upstream, flattened once into the order a pull walk would run it in,
// for effects whose upstream is static numeric kernels and dynamic computations
// (RuntimeCore::pullByPlan).
#include <cstdint>
#include <vector>

#include "reactive/ids.h"

namespace tickscope::reactive::detail {

// PlanStep: one step of a plan. A computation's own step (opens == false) comes after its
// upstream's, where the walk would finish it. A dynamic computation also has an opening step,
// before its upstream's (its segment), where the walk would first reach it: only there is it
// known whether the walk enters it (Check: its segment, then its own step) or runs it at once
// (Dirty: a lazy run, past its segment).
struct PlanStep {
  ActionId id;
  bool opens = false;
  // An opening step: `shared` when a node of its segment is reached again after the segment (a
  // lazy run cannot skip it: the walk would run it there); `end` is just past its own step.
  bool shared = false;
  std::uint32_t end = 0;
};

// PullPlan: every computation upstream of one effect, dependencies first, in the post-order
// of the pull walk's depth-first search from the effect's upstream list (so, in the same
// order the walk runs them: see RuntimeCore::pullByPlan), with an opening step before each
// dynamic computation's upstream. Valid for the graph of `epoch`.
struct PullPlan {
  std::uint64_t epoch = 0;        // graphEpoch_ it was built for (0: never built)
  std::uint64_t timingEpoch = 0;  // timingEpoch_ it was built for (a plan holds no debounce or throttle)
  bool usable = false;            // false: a cycle, a static function, debounce or throttle upstream
  std::uint8_t idleStops = 0;     // pulls in a row it stopped before running anything (kMaxIdleStops: unusable)
  std::vector<PlanStep> steps;
};

// kMaxPullPlan: a larger upstream is walked (a plan visits every node of it on each pull, the
// walk only the dirty ones; and plans of many effects over one big cone would repeat it).
// (Every pull of a plan looks at each of its nodes: effects hanging off every layer of a deep
// chain pay for the chain above them on each pull, which the walk, entering only dirty nodes,
// does not: cellx1000-repeat was 13% slower with 256 and about 5% with 128. kairo's deep chain,
// 50 kernels, fits.)
inline constexpr std::size_t kMaxPullPlan = 64;

// kMaxIdleStops: a plan that stops this many pulls in a row before running anything (at a
// dynamic computation that is Dirty over a shared segment, or clean over one left dirty) is
// dropped until the graph changes; the walk alone does it for less.
inline constexpr std::uint8_t kMaxIdleStops = 2;

}  // namespace tickscope::reactive::detail
