// Throughput of the production thread pool: tiny tasks spawned from the main thread and run
// on the workers (the target: at least 2 million tasks/s on 2 cores), and timers.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "platform/thread_pool_scheduler.h"
#include "sched/spawn.h"

using namespace tickscope;
using namespace std::chrono_literals;

namespace {

// Spawns `batch` detached tasks and waits (parked) until every one of them has run.
void threadPoolSpawnRun(benchmark::State& state) {
  platform::ThreadPoolScheduler pool(platform::ThreadPoolScheduler::Config{static_cast<unsigned>(state.range(0))});
  const int batch = std::getenv("TICKSCOPE_BENCH_SMALL") ? 1000 : 100000;
  std::atomic<int> done = 0;
  for (auto _ : state) {
    done.store(0, std::memory_order_relaxed);
    sched::Unparker unparker = pool.unparker();
    for (int i = 0; i < batch; ++i) {
      sched::spawn(pool, [&done, batch, unparker] {
        if (done.fetch_add(1, std::memory_order_acq_rel) + 1 == batch) unparker.unpark();
      }).detach();
    }
    while (done.load(std::memory_order_acquire) < batch) pool.park(10ms);
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(threadPoolSpawnRun)->Name("ThreadPoolScheduler/spawn+run")->Arg(1)->Arg(2)->UseRealTime();

void threadPoolTimers(benchmark::State& state) {
  platform::ThreadPoolScheduler pool;
  const int batch = 1000;
  std::atomic<int> fired = 0;
  for (auto _ : state) {
    fired.store(0);
    sched::Unparker unparker = pool.unparker();
    for (int i = 0; i < batch; ++i) {
      sched::spawnAfter(pool, std::chrono::microseconds(i % 50), [&fired, unparker] {
        if (fired.fetch_add(1) + 1 == batch) unparker.unpark();
      }).detach();
    }
    while (fired.load() < batch) pool.park(10ms);
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(threadPoolTimers)->Name("ThreadPoolScheduler/timer arm+fire")->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
