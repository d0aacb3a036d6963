// The reactive runtime on the production schedulers, driven from several threads at once: its
// one recursive mutex (reactive/runtime_mutex_p.h, written over std::mutex) must serialize
// writers, pulls, the group tasks' decisions on the workers, and an action's calls back into
// the runtime (the lock taken again by its holder). Under ThreadSanitizer (the CI's TSan
// stage) any unsynchronized access fails the run.
#include <QtTest/QtTest>

#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "platform_test_classes.h"
#include "reactive/builder.h"
#include "sched/block.h"

using namespace tickscope;

void SchedulerConformanceTests::reactiveRuntimeFromManyThreads() {
  constexpr int kThreads = 4;
  constexpr int kWrites = 1'000;
  reactive::Runtime rt(scheduler_);
  std::vector<reactive::Cell<int>> cells;
  for (int t = 0; t < kThreads; ++t) cells.push_back(reactive::cell(rt, fmt::format("c{}", t), 0));
  // A numeric kernel over all cells, and a derive that also calls back into the runtime from
  // its run (peek takes the mutex its run already holds).
  auto sum = reactive::lift(rt, "sum", [](int a, int b, int c, int d) { return a + b + c + d; }, cells[0], cells[1],
                            cells[2], cells[3]);
  auto twice = reactive::derive(rt, "twice", [&rt, sum](reactive::Transaction& tx) {
    const int s = sum.read(tx);
    return s + rt.peek(sum.id()).get<int>();
  });
  std::atomic<int> seen{-1};
  reactive::Cancel stop = reactive::sink(rt, "show", twice, [&seen](int v) { seen.store(v); });

  std::vector<std::thread> writers;
  std::atomic<int> pulls{0};
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 1; i <= kWrites; ++i) {
        cells[static_cast<std::size_t>(t)].set(i);
        if (i % 100 == 0) {
          const int now = twice.pull();
          if (now >= 0 && now % 2 == 0) pulls.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& w : writers) w.join();
  sched::block(*scheduler_, rt.idle());

  const int expected = 2 * kThreads * kWrites;
  QCOMPARE(sum.pull(), kThreads * kWrites);
  QCOMPARE(twice.pull(), expected);
  QCOMPARE(seen.load(), expected);
  QCOMPARE(pulls.load(), kThreads * (kWrites / 100));
  QVERIFY(rt.errors().empty());
  stop();
}
