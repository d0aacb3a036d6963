#pragma once
// Harness: one reactive runtime on its own TestScheduler, in pull or push mode, plus the
// counters every shape's computations and effects increment. The shapes of the reactive
// benchmarks build their graph over a Harness with the builder API (cell, lift, derive,
// sink, effect) and drive it exactly like an embedder does: write a head cell, then run
// the scheduler until parked.
#include <cstdint>
#include <memory>

#include "reactive/runtime.h"
#include "sched/test_scheduler.h"

namespace tickscope::shapes {

using SchedulerPtr = std::shared_ptr<sched::TestScheduler>;

// Counts: work done since the last reset. `computations` counts runs of lift/derive bodies,
// `effects` runs of sink/effect bodies (each body increments its counter itself, so the
// numbers mean the same for the reactive runtime and for QProperty bindings).
struct Counts {
  std::uint64_t computations = 0;
  std::uint64_t effects = 0;
};

class Harness {
 public:
  // Harness: a Runtime in `mode` on `scheduler`, or on a fresh TestScheduler (seed 0) when
  // it is null (tests pass many()'s scheduler to cover seeds).
  explicit Harness(reactive::Mode mode, SchedulerPtr scheduler = {});
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  reactive::Runtime& rt() { return *runtime_; }
  sched::TestScheduler& scheduler() { return *scheduler_; }
  reactive::Mode mode() const { return mode_; }

  // settle: runs the scheduler until parked (every scheduled effect and what it pulls).
  void settle() { scheduler_->runUntilParked(); }

  Counts& counts() { return counts_; }
  const Counts& counts() const { return counts_; }
  void resetCounts() { counts_ = {}; }

 private:
  reactive::Mode mode_;
  Counts counts_;
  std::shared_ptr<sched::TestScheduler> scheduler_;
  std::unique_ptr<reactive::Runtime> runtime_;  // destroyed before its scheduler
};

// busy: the kairo benchmark's "heavy" work (a short loop the optimizer keeps).
int busy();

}  // namespace tickscope::shapes
