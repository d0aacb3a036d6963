#pragma once
// Insights: what the debugger's Insights pane points out about a run, the way tokio-console
// warns about tasks: computations that ran without changing their output (wasted work),
// computations no effect depends on (pull never runs them), actions whose every run after the
// first came from their debounce timer, cycles that needed more than half their iteration
// budget, effects that never ran, and request sessions with dangling tasks. Each names the
// actions it is about, so selecting it selects them. Plain data, made from a RunSnapshot
// (findInsights) and filled into every snapshot the Runner makes.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/document.h"

namespace tickscope::run {

struct RunSnapshot;

struct Insight {
  enum class Kind : std::uint8_t {
    WastedWork,       // a computation ran without changing what it writes (count: such runs)
    NotDemanded,      // computations no effect depends on (count: how many)
    AlwaysDebounced,  // every run after its first came from its debounce timer (count: those runs)
    CycleNearBudget,  // a cycle that needed more than half its iterations (count: iterations)
    EffectNeverRan,   // effects that have not run (count: how many)
    DanglingTasks,    // a session that left tasks dangling (count: tasks)
  };
  Kind kind = Kind::WastedWork;
  std::string text;        // one sentence for a user
  std::uint64_t count = 0;
  std::vector<std::uint32_t> actions;  // what it names (document indices)
};

// kindName: "wasted work", "not demanded", "always debounced", "cycle near its budget",
// "effect never ran", "dangling tasks".
std::string_view kindName(Insight::Kind kind);

// findInsights: the insights of `snapshot` (its actions' states and unchangedRuns, debounces,
// cycles, sessions), with `reachesEffect[i]` true when action i is an effect or writes a cell
// that an action reaching an effect reads (empty: "not demanded" is not looked for). Order: by
// kind as listed above, then by count, largest first, then by file order.
std::vector<Insight> findInsights(const RunSnapshot& snapshot, std::span<const std::uint8_t> reachesEffect);

// actionsReachingAnEffect: reachesEffect for findInsights, from the document's reads and
// writes (resolved: validate() ran). Linear in actions plus reads and writes.
std::vector<std::uint8_t> actionsReachingAnEffect(const graph::GraphDocument& document);

}  // namespace tickscope::run
