// sched_ir_probe: instructions per operation of the test scheduler, counted by callgrind
// (immune to machine load, unlike sched_bench's wall times). Each scenario runs its warm-up
// outside the counted region, then exactly N operations inside it (callgrind client
// requests). Without valgrind the requests do nothing and the program only proves the
// scenarios run. tests/bench/sched_ir.sh runs every scenario under callgrind and prints
// Ir per operation.
//
//   sched_ir_probe SCENARIO [N]     scenarios: spawn, coroutine, timer, tick10, tick1000, wake
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "bench/park.h"
#include "sched/spawn.h"
#include "sched/test_scheduler.h"

using namespace tickscope::sched;
using namespace std::chrono_literals;

namespace {

// Counted: runs `op` n times between the start and stop of callgrind's instrumentation.
template <class Op>
void counted(long n, Op&& op) {
  for (long i = 0; i < n / 10 + 1; ++i) op();  // warm-up: caches, allocator, record chunks
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_ZERO_STATS;
  for (long i = 0; i < n; ++i) op();
  CALLGRIND_STOP_INSTRUMENTATION;
}

volatile long sink = 0;

void spawnRun(long n) {
  TestScheduler s;
  counted(n, [&] {
    auto task = spawn(s, [] { sink = sink + 1; });
    s.tick();
  });
}

void coroutineRun(long n) {
  TestScheduler s;
  counted(n, [&] {
    auto task = spawn(s, []() -> Task<void> {
      sink = sink + 1;
      co_return;
    });
    s.tick();
  });
}

void timerFire(long n) {
  TestScheduler s;
  counted(n, [&] {
    auto task = spawnAfter(s, 1ms, [] { sink = sink + 1; });
    s.advanceClock(1ms);
  });
}

void tickReady(long n, int ready) {
  TestScheduler s;
  std::vector<Task<void>> tasks;
  for (int i = 0; i < ready; ++i) {
    tasks.push_back(spawn(s, []() -> Task<void> {
      while (true) co_await yieldNow();
    }));
  }
  counted(n, [&] { s.tick(); });
}

// wake: what a reactive update costs the scheduler: a long-lived task parked on a flag is
// woken and runs one step (the runtime's group loop).
void wakeRun(long n) {
  TestScheduler s;
  TaskHeader* parked = nullptr;
  auto task = spawn(s, [&parked]() -> Task<void> {
    while (true) {
      sink = sink + 1;
      co_await tickscope::bench::Park{&parked};
    }
  });
  s.tick();
  counted(n, [&] {
    parked->wake();
    s.tick();
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sched_ir_probe spawn|coroutine|timer|tick10|tick1000|wake [N]\n");
    return 2;
  }
  const std::string_view scenario = argv[1];
  const long n = argc > 2 ? std::atol(argv[2]) : 100000;
  if (scenario == "spawn") {
    spawnRun(n);
  } else if (scenario == "coroutine") {
    coroutineRun(n);
  } else if (scenario == "timer") {
    timerFire(n);
  } else if (scenario == "tick10") {
    tickReady(n, 10);
  } else if (scenario == "tick1000") {
    tickReady(n, 1000);
  } else if (scenario == "wake") {
    wakeRun(n);
  } else {
    std::fprintf(stderr, "sched_ir_probe: unknown scenario '%.*s'\n", static_cast<int>(scenario.size()), scenario.data());
    return 2;
  }
  std::printf("%.*s: %ld operations\n", static_cast<int>(scenario.size()), scenario.data(), n);
  return 0;
}
