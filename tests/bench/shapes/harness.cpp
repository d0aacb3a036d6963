#include "bench/shapes/harness.h"

namespace tickscope::shapes {

Harness::Harness(reactive::Mode mode, SchedulerPtr scheduler)
    : mode_(mode), scheduler_(scheduler ? std::move(scheduler) : std::make_shared<sched::TestScheduler>()) {
  reactive::RuntimeConfig config;
  config.mode = mode;
  runtime_ = std::make_unique<reactive::Runtime>(scheduler_, config);
}

Harness::~Harness() { runtime_.reset(); }

int busy() {
  volatile int a = 0;
  for (int i = 0; i < 100; ++i) a = a + 1;
  return a;
}

}  // namespace tickscope::shapes
