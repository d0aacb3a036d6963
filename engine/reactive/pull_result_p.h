#pragma once
// RestartPull, PullResult: how a pull ends (RuntimeCore::pullForRead, pullFrom).
#include <cstdint>

namespace tickscope::reactive::detail {

// RestartPull: thrown through the runs on the stack when a pull would nest deeper than
// RuntimeCore::kMaxPullDepth (see pullForRead); caught in execute, never leaves the runtime.
struct RestartPull {};

// PullResult: what a pull from some roots left undone.
struct PullResult {
  std::uint32_t blockedBy = 0;  // a slow cycle the demand has to wait for
};

}  // namespace tickscope::reactive::detail
