#include <QtTest/QtTest>

#include <memory>
#include <set>
#include <thread>
#include <vector>
#include <stdexcept>

#include "sched/block.h"
#include "sched/ring_queue.h"
#include "sched/task_memory.h"
#include "sched/spawn.h"
#include "sched/test_scheduler.h"
#include "sched_test_classes.h"
#include "support/many_qt.h"
#include "support/printers.h"

using namespace tickscope;
using namespace tickscope::sched;
using namespace std::chrono_literals;
using testing::manyQt;

namespace {
// Counts its own destructions: proves a task's frame (and what it captured) was freed.
struct Tracked {
  explicit Tracked(int* destroyed) : destroyed(destroyed) {}
  Tracked(Tracked&& other) noexcept : destroyed(std::exchange(other.destroyed, nullptr)) {}
  Tracked(const Tracked&) = delete;
  ~Tracked() {
    if (destroyed) ++*destroyed;
  }
  int* destroyed;
};
}  // namespace

void TaskTests::droppingTaskCancelsAndFreesIt() {
  TestScheduler s;
  int destroyed = 0;
  bool ran = false;
  {
    auto task = spawn(s, [&ran, tracked = Tracked(&destroyed)] { ran = true; });
    QCOMPARE(destroyed, 0);
    QCOMPARE(task.state(), TaskState::Scheduled);
  }  // dropped while queued
  QCOMPARE(destroyed, 1);  // freed at once, not when the queue gets to it
  s.runUntilParked();
  QVERIFY(!ran);
  QCOMPARE(s.taskState(TaskId{1}), std::optional<TaskState>(TaskState::Cancelled));
}

void TaskTests::detachKeepsRunning() {
  TestScheduler s;
  int steps = 0;
  TaskId id;
  {
    auto task = spawn(s, [&]() -> Task<void> {
      ++steps;
      co_await timer(s, 10ms);
      ++steps;
    });
    id = task.id();
    std::move(task).detach();
    QVERIFY(!task.valid());
  }
  s.runUntilParked();
  QCOMPARE(steps, 1);
  s.advanceClock(10ms);
  QCOMPARE(steps, 2);
  QCOMPARE(*s.taskState(id), TaskState::Completed);
}

void TaskTests::droppingAwaitingCoroutineCancelsItsTimer() {
  TestScheduler s;
  int destroyed = 0;
  bool finished = false;
  auto task = spawn(s, [&s, &finished, tracked = Tracked(&destroyed)]() -> Task<void> {
    co_await timer(s, 50ms);
    finished = true;
  });
  s.runUntilParked();
  QCOMPARE(s.timerCount(), std::size_t(1));
  task = Task<void>();  // drop while it waits on the timer
  QCOMPARE(destroyed, 1);
  QCOMPARE(s.timerCount(), std::size_t(0));
  s.advanceClock(100ms);
  QVERIFY(!finished);
}

void TaskTests::exceptionsPropagateToAwaiter() {
  manyQt(10, [](TestScheduler& s) {
    auto failing = spawn(s, [&s]() -> Task<int> {
      co_await timer(s, 1ms);
      throw std::logic_error("inner failure");
    });
    auto outer = spawn(s, [failing = std::move(failing)]() mutable -> Task<std::string> {
      try {
        co_await failing;
      } catch (const std::logic_error& e) {
        co_return std::string("caught: ") + e.what();
      }
      co_return "not caught";
    });
    QCOMPARE(s.block(std::move(outer)), std::string("caught: inner failure"));
    // block rethrows a plain function's exception too.
    bool threw = false;
    try {
      s.block(spawn(s, []() -> int { throw std::runtime_error("plain"); }));
    } catch (const std::runtime_error&) {
      threw = true;
    }
    QVERIFY(threw);
  });
}

void TaskTests::awaitingUnstartedTaskStartsIt() {
  TestScheduler s;
  auto child = [&s]() -> Task<int> {
    co_await timer(s, 2ms);
    co_return 21;
  };
  auto parent = spawn(s, [&]() -> Task<int> {
    const int a = co_await child();  // started on the parent's scheduler when awaited
    const int b = co_await child();
    co_return a + b;
  });
  QCOMPARE(s.block(std::move(parent)), 42);
  QCOMPARE(toMs(s.now()), 4.0);
}

void TaskTests::zeroTimerIsReadyAtOnce() {
  TestScheduler s;
  auto t = timer(s, 0ms);
  QVERIFY(t.isReady());
  QVERIFY(t.id());
  QCOMPARE(s.timerCount(), std::size_t(0));
  auto negative = timer(s, -5ms);
  QVERIFY(negative.isReady());
}

void TaskTests::simulateRandomDelayYields() {
  std::set<std::uint64_t> decisionCounts;
  manyQt(20, [&](TestScheduler& s) {
    bool done = false;
    auto task = spawn(s, [&]() -> Task<void> {
      co_await s.simulateRandomDelay();
      done = true;
    });
    s.runUntilParked();
    QVERIFY(done);
    decisionCounts.insert(s.decisionCount());
  });
  QVERIFY2(decisionCounts.size() > 1, "simulateRandomDelay yielded the same number of times for every seed");
}

void TaskTests::lambdaCapturesOutliveSpawnCall() {
  TestScheduler s;
  auto task = [&s] {
    auto value = std::make_shared<int>(5);
    // The lambda object (and its captures) must live as long as the coroutine frame.
    return spawn(s, [value, &s]() -> Task<int> {
      co_await timer(s, 1ms);
      co_return *value * 2;
    });
  }();
  QCOMPARE(s.block(std::move(task)), 10);
}

namespace {
// A scheduler with no main thread: it keeps the interface's default scheduleForeground.
class BackgroundOnlyScheduler final : public Scheduler {
 public:
  void schedule(Runnable r) override { queue.push_back(std::move(r)); }
  void scheduleLabeled(Runnable r, TaskLabel) override { queue.push_back(std::move(r)); }
  void scheduleAfter(Duration, Runnable r) override { queue.push_back(std::move(r)); }
  bool park(std::optional<Duration>) override { return false; }
  Unparker unparker() override { return Unparker(); }
  bool isMainThread() const override { return false; }
  Instant now() const override { return Instant{}; }
  std::vector<Runnable> queue;
};
}  // namespace

void TaskTests::foregroundUnsupportedIsAClearError() {
  BackgroundOnlyScheduler s;
  QString message;
  try {
    auto task = spawnForeground(s, [] { return 1; });
  } catch (const SchedulerError& e) {
    message = QString::fromUtf8(e.what());
  }
  QVERIFY2(message.contains("scheduleForeground is not supported"), qPrintable(message));
  // Background work still runs through the same scheduler.
  auto task = spawn(s, [] { return 2; });
  QCOMPARE(s.queue.size(), std::size_t(1));
  s.queue.front().run();
  QVERIFY(task.isReady());
  QCOMPARE(std::move(task).result(), 2);
}

namespace {
// Pooling is off under AddressSanitizer (task_memory.h): there the lists stay empty.
bool taskMemoryPools() {
  void* block = allocateTaskMemory(100);
  const std::size_t before = pooledTaskBlocks();
  freeTaskMemory(block, 100);
  return pooledTaskBlocks() == before + 1;
}
}  // namespace

void TaskTests::taskMemoryIsReusedAndBounded() {
  if (!taskMemoryPools()) QSKIP("task memory does not pool in this build (AddressSanitizer)");
  // A freed block of a size class is the next one handed out for that class.
  void* first = allocateTaskMemory(120);
  freeTaskMemory(first, 120);
  void* again = allocateTaskMemory(100);  // the same 128-byte class
  QCOMPARE(again, first);
  freeTaskMemory(again, 100);
  // Oversized blocks bypass the lists.
  const std::size_t pooled = pooledTaskBlocks();
  freeTaskMemory(allocateTaskMemory(kMaxPooledBytes + 1), kMaxPooledBytes + 1);
  QCOMPARE(pooledTaskBlocks(), pooled);
  // Each class keeps at most kMaxPooledPerClass blocks.
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < kMaxPooledPerClass * 2; ++i) blocks.push_back(allocateTaskMemory(300));
  for (void* b : blocks) freeTaskMemory(b, 300);
  QVERIFY(pooledTaskBlocks() <= pooled + kMaxPooledPerClass);
  QVERIFY(pooledTaskBlocks() >= kMaxPooledPerClass);
  // Spawning and running tasks in steady state reuses blocks: the lists do not grow.
  TestScheduler s;
  int sum = 0;
  for (int i = 0; i < 10; ++i) {
    auto task = spawn(s, [&sum] { ++sum; });
    s.tick();
  }
  const std::size_t steady = pooledTaskBlocks();
  for (int i = 0; i < 1000; ++i) {
    auto task = spawn(s, [&sum]() -> Task<void> {
      ++sum;
      co_return;
    });
    s.tick();
  }
  QCOMPARE(pooledTaskBlocks(), steady);
  QCOMPARE(sum, 1010);
}

void TaskTests::taskMemoryFreedOnAnotherThread() {
  // Blocks allocated here and freed by a thread that then exits: its lists are emptied at
  // exit (ASan and valgrind would report the blocks as leaked otherwise) and ours are intact.
  std::vector<void*> blocks;
  for (int i = 0; i < 100; ++i) blocks.push_back(allocateTaskMemory(64));
  const std::size_t ours = pooledTaskBlocks();
  std::size_t theirs = 0;
  std::thread freer([&] {
    for (void* b : blocks) freeTaskMemory(b, 64);
    theirs = pooledTaskBlocks();
  });
  freer.join();
  QCOMPARE(pooledTaskBlocks(), ours);
  QVERIFY(theirs == 0 || theirs == 100);  // 0: no pooling in this build
  // A task spawned here and dropped on another thread.
  TestScheduler s;
  bool ran = false;
  auto task = spawn(s, [&ran] { ran = true; });
  const TaskId id = task.id();
  std::thread dropper([t = std::move(task)]() mutable { t = {}; });
  dropper.join();
  s.runUntilParked();
  QVERIFY(!ran);  // cancelled while queued
  QCOMPARE(s.taskState(id), std::optional<TaskState>(TaskState::Cancelled));
}

void TaskTests::ringQueueKeepsFifoOrderAcrossGrowth() {
  RingQueue<std::unique_ptr<int>> q;
  int next = 0;
  int expected = 0;
  // Interleaved pushes and pops move the head around the ring while it grows (16, 32, 64...).
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 7; ++i) q.push_back(std::make_unique<int>(next++));
    for (int i = 0; i < 5; ++i) QCOMPARE(*q.pop_front(), expected++);
    QCOMPARE(q.size(), static_cast<std::size_t>(next - expected));
    QCOMPARE(*q.front(), expected);
    QCOMPARE(*q[q.size() - 1], next - 1);
  }
  RingQueue<std::unique_ptr<int>> moved = std::move(q);
  QVERIFY(q.empty());  // NOLINT(bugprone-use-after-move): a moved-from queue is empty by contract
  q.push_back(std::make_unique<int>(-1));
  QCOMPARE(*q.front(), -1);
  int seen = 0;
  moved.forEach([&](const std::unique_ptr<int>& p) { QCOMPARE(*p, expected + seen++); });
  QCOMPARE(seen, next - expected);
  moved.clear();
  QVERIFY(moved.empty());
}
