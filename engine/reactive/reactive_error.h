#pragma once
// ReactiveError: what error handlers receive. Kinds (as reports spell them):
//   "action-error"         an action threw; actions = {it}; its writes were rolled back
//   "cycle-limit"          a cycle was still dirty after maxIterations; actions = members
//   "too-many-iterations"  an action was picked more than pushIterationGuard times before the
//                          runtime settled; actions = {it}
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reactive/ids.h"
#include "sched/clock.h"

namespace tickscope::reactive {

enum class ErrorKind : std::uint8_t { ActionError, CycleLimit, TooManyIterations };

inline std::string_view nameOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ActionError: return "action-error";
    case ErrorKind::CycleLimit: return "cycle-limit";
    case ErrorKind::TooManyIterations: return "too-many-iterations";
  }
  return "?";
}

struct ReactiveError {
  ErrorKind kind{};
  std::vector<std::string> actions;  // names, cycle members in their iteration order
  std::vector<ActionId> actionIds;   // the same actions by id
  sched::Instant at{};
  std::string message;
  std::uint32_t iterations = 0;      // cycle-limit: iterations run; too-many-iterations: runs
};

}  // namespace tickscope::reactive
