#pragma once
// ActionSlot: one action's state in the runtime (RuntimeCore::actions_), laid out for walks
// over large graphs.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "reactive/dep_p.h"
#include "reactive/ids.h"
#include "reactive/run_call_p.h"
#include "reactive/run_stats_p.h"
#include "sched/clock.h"
#include "sched/task.h"

namespace tickscope::reactive::detail {

// ActionSlot: one action's state. The fields the walks touch for every node they pass
// (marking, pulling, picking) share the first cache line, its upstream and downstream lists
// the second: a 100,000-node graph then walks two lines per node instead of six.
struct alignas(64) ActionSlot {
  // --- the walks' line
  // (its level and the walks' flags are in RuntimeCore::marks_, see NodeMark; its pull walk
  // state in walk_; its upstream and downstream lists in upstream_ and downstream_)
  ActionId id;
  bool alive = true;
  bool effect = false;
  std::uint32_t blockingCycle = 0;  // valid while its mark says kBlocked
  std::uint32_t waitingCycle = 0;  // an effect waiting for this slow cycle to finish
  sched::Duration throttle{};     // (mirrored in its mark)
  // what scheduling it (push mode: every notification) reads
  std::uint32_t group = 0;
  std::uint32_t rank = 0;     // position in the topological order (as of rankEpoch)
  std::uint32_t scc = 0;      // topological index of its strongly connected component
  std::uint32_t settleRuns = 0;  // runs since the runtime last settled (iteration guard), as of settleEpoch
  std::uint64_t stamp = 0;        // propagation visit mark (effects)
  std::uint64_t settleEpoch = 0;  // settleRuns counts from this settle of the runtime's on

  // --- running: what every run touches, in the two lines after the first
  alignas(64) RunCall call;
  DepList reads;              // of the last run (declared before the first)
  WriteList recordedWrites;   // of the last run, as recorded
  WriteList declaredWrites;   // where a kernel's results go
  RunStats run;

  // --- the rest
  std::uint32_t activeCycle = 0;  // a member of this slow cycle in progress (mirrored in its mark)
  sched::Duration debounce{};     // (mirrored in its mark)
  double sumSquaresMs = 0;         // of run times in ms, for a variance
  std::uint64_t errorCount = 0;    // runs that threw
  std::uint64_t skippedCount = 0;  // runs skipped by throttle
  bool debounceManual = false;
  bool autoDebounced = false;
  bool autoOptOut = false;
  WriteList writes;           // recorded ∪ declared, deduplicated

  // --- debounce, identity
  sched::Task<void> debounceTimer;
  std::uint64_t debounceGeneration = 0;  // a timer fires only for the latest arming
  std::optional<sched::Instant> debounceDeadline;
  // (its name is in RuntimeCore::actionNames_, its label is its group's: nameOf, labelOf)
  std::unique_ptr<std::function<void()>> cleanup;  // rare: kept out of line
};

}  // namespace tickscope::reactive::detail
