// Costs of the test scheduler: spawn+run, timer arm+fire, one tick with many ready tasks, and
// the price of the trace hook (no observer vs an attached one that does nothing).
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "bench/park.h"
#include "sched/spawn.h"
#include "sched/test_scheduler.h"
#include "trace/observer.h"

using namespace tickscope::sched;
using namespace std::chrono_literals;

namespace {

void spawnAndRun(benchmark::State& state) {
  TestScheduler s;
  std::int64_t sum = 0;
  for (auto _ : state) {
    auto task = spawn(s, [&sum] { ++sum; });
    s.tick();
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(spawnAndRun)->Name("TestScheduler/spawn+run");

void spawnAndRunCoroutine(benchmark::State& state) {
  TestScheduler s;
  std::int64_t sum = 0;
  for (auto _ : state) {
    auto task = spawn(s, [&sum]() -> Task<void> {
      ++sum;
      co_return;
    });
    s.tick();
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(spawnAndRunCoroutine)->Name("TestScheduler/spawn+run coroutine");

void timerArmAndFire(benchmark::State& state) {
  TestScheduler s;
  std::int64_t fired = 0;
  for (auto _ : state) {
    auto task = spawnAfter(s, 1ms, [&fired] { ++fired; });
    s.advanceClock(1ms);
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(timerArmAndFire)->Name("TestScheduler/timer arm+fire");

// N coroutines that yield forever: every tick picks one among N ready and requeues it.
void tickWithReady(benchmark::State& state) {
  TestScheduler s;
  const auto n = static_cast<int>(state.range(0));
  std::vector<Task<void>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i) {
    tasks.push_back(spawn(s, []() -> Task<void> {
      while (true) co_await yieldNow();
    }));
  }
  for (auto _ : state) s.tick();
  state.SetItemsProcessed(state.iterations());
  state.counters["ready"] = static_cast<double>(s.readyCount());
}
BENCHMARK(tickWithReady)->Name("TestScheduler/tick")->Arg(10)->Arg(1000)->Arg(100000);

// wake+run: what a reactive update costs the scheduler at least: a long-lived task parked on
// a flag (the runtime's group loop) is woken and runs one step. The floor under every shape of
// reactive_bench that runs an effect (docs/benchmarks.md, "The floor of an update").
void wakeAndRun(benchmark::State& state) {
  TestScheduler s;
  TaskHeader* parked = nullptr;
  std::int64_t steps = 0;
  auto task = spawn(s, [&parked, &steps]() -> Task<void> {
    while (true) {
      ++steps;
      co_await tickscope::bench::Park{&parked};
    }
  });
  s.tick();
  for (auto _ : state) {
    parked->wake();
    s.tick();
  }
  benchmark::DoNotOptimize(steps);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(wakeAndRun)->Name("TestScheduler/wake+run");

class NullObserver final : public tickscope::trace::Observer {
 public:
  void onSchedEvent(const tickscope::trace::SchedEvent& e) override { benchmark::DoNotOptimize(&e); }
};

void tickTraced(benchmark::State& state) {
  TestScheduler s;
  NullObserver observer;
  if (state.range(0)) s.setObserver(&observer);
  auto task = spawn(s, []() -> Task<void> {
    while (true) co_await yieldNow();
  });
  for (auto _ : state) s.tick();
  s.setObserver(nullptr);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(tickTraced)->Name("TestScheduler/tick observer")->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
