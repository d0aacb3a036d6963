#pragma once
// CycleRecord: one convergence of a dependency cycle found while pulling (pull mode).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reactive/ids.h"
#include "sched/clock.h"

namespace tickscope::reactive {

// Fast: every iteration inside the decision that found it. Slow: one iteration per
// scheduler decision (a continuation task), so other work and time proceed in between.
enum class CycleStrategy : std::uint8_t { Fast, Slow };

inline std::string_view nameOf(CycleStrategy s) { return s == CycleStrategy::Fast ? "fast" : "slow"; }

struct CycleRecord {
  std::uint32_t id = 0;                 // counts from 1 per runtime
  std::vector<std::string> members;     // names, in iteration (topological) order
  std::vector<ActionId> memberIds;
  std::uint32_t iterations = 0;
  bool converged = false;
  bool finished = false;                // a slow cycle in progress is not finished yet
  CycleStrategy strategy = CycleStrategy::Fast;
  sched::Duration estimatedCost{};      // the summed average cost that chose the strategy
  sched::Instant startedAt{};
  sched::Instant finishedAt{};
};

}  // namespace tickscope::reactive
