#pragma once
// many(n, f): runs f under n seeds, each with a fresh TestScheduler, so a test covers many
// schedules. TICKSCOPE_SEED=S replays only seed S; TICKSCOPE_ITERATIONS=N overrides n. A
// failure prints the failing seed (and how to replay it) on standard error and rethrows.
#include <cstdint>
#include <functional>
#include <optional>

#include "sched/test_scheduler.h"

namespace tickscope::sched {

struct ManyOptions {
  std::uint64_t firstSeed = 0;
  TestScheduler::Config config{};  // its seed is replaced by each iteration's
  // failed: asked after each iteration; true stops the loop like an exception would (for
  // test frameworks whose failed checks return instead of throwing, such as QtTest).
  std::function<bool()> failed;
};

// seedsFromEnvironment: the seeds many() will run for `n`: [first, first+n) or the replay seed.
std::vector<std::uint64_t> seedsFromEnvironment(std::size_t n, std::uint64_t firstSeed = 0);

void many(std::size_t n, const std::function<void(TestScheduler&)>& f, ManyOptions options = {});

}  // namespace tickscope::sched
