// The production schedulers' conformance suite (see platform_test_classes.h).
#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/qt_scheduler.h"
#include "platform_test_classes.h"
#include "platform/thread_pool_scheduler.h"
#include "sched/block.h"
#include "sched/oneshot.h"
#include "sched/spawn.h"
#include "support/printers.h"

using namespace std::chrono_literals;
using tickscope::platform::QtScheduler;
using tickscope::platform::ThreadPoolScheduler;
using tickscope::sched::block;
using tickscope::sched::blockWithTimeout;
using tickscope::sched::Duration;
using tickscope::sched::Instant;
using tickscope::sched::oneshot;
using tickscope::sched::Scheduler;
using tickscope::sched::spawn;
using tickscope::sched::spawnAfter;
using tickscope::sched::spawnForeground;
using tickscope::sched::spawnLabeled;
using tickscope::sched::Task;
using tickscope::sched::TaskLabel;
using tickscope::sched::TaskCancelledError;
using tickscope::sched::TaskState;
using tickscope::sched::timedOut;
using tickscope::sched::timer;
using tickscope::sched::Unparker;
using tickscope::sched::yieldNow;

namespace {

// Limits that only matter when something hangs; generous for TSan on shared cores.
constexpr std::chrono::seconds kCaseLimit{120};
constexpr Duration kSettleLimit = 60s;

using Kind = SchedulerConformanceTests::Kind;

std::shared_ptr<Scheduler> makeScheduler(Kind kind, int threads) {
  if (kind == Kind::ThreadPool) {
    return std::make_shared<ThreadPoolScheduler>(ThreadPoolScheduler::Config{static_cast<unsigned>(threads)});
  }
  return std::make_shared<QtScheduler>(QtScheduler::Config{threads});
}

// settle: parks the main thread (which runs foreground work and, for Qt, the event loop) until
// `done()` holds; false if it still does not after kSettleLimit.
template <class Pred>
bool settle(Scheduler& s, Pred done) {
  const Instant limit = s.now() + kSettleLimit;
  while (!done()) {
    if (s.now() >= limit) return false;
    s.park(2ms);
  }
  return true;
}

// Gate: holds pool threads in a plain (non-scheduler) wait, to fill every worker.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

// Counted: a move-only capture that counts its destruction (the moved-from husks don't count).
class Counted {
 public:
  explicit Counted(std::atomic<int>& destroyed) : destroyed_(&destroyed) {}
  Counted(Counted&& other) noexcept : destroyed_(std::exchange(other.destroyed_, nullptr)) {}
  Counted& operator=(Counted&&) = delete;
  ~Counted() {
    if (destroyed_) destroyed_->fetch_add(1);
  }

 private:
  std::atomic<int>* destroyed_;
};

// SetOnDestroy: a coroutine-frame local that reports the frame's destruction.
struct SetOnDestroy {
  std::atomic<bool>* flag;
  ~SetOnDestroy() { flag->store(true); }
};

}  // namespace

void SchedulerConformanceTests::initTestCase_data() {
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<int>("threads");
  QTest::newRow("threadpool-1") << Kind::ThreadPool << 1;
  QTest::newRow("threadpool-2") << Kind::ThreadPool << 2;
  QTest::newRow("threadpool-8") << Kind::ThreadPool << 8;
  QTest::newRow("qt-1") << Kind::Qt << 1;
  QTest::newRow("qt-4") << Kind::Qt << 4;
}

void SchedulerConformanceTests::init() {
  QFETCH_GLOBAL(Kind, kind);
  QFETCH_GLOBAL(int, threads);
  const std::string row = (kind == Kind::ThreadPool ? "threadpool-" : "qt-") + std::to_string(threads);
  guard_.arm(std::string(QTest::currentTestFunction()) + "(" + row + ")", kCaseLimit);
  kind_ = kind;
  threads_ = threads;
  scheduler_ = makeScheduler(kind, threads);
}

void SchedulerConformanceTests::cleanup() {
  scheduler_.reset();
  guard_.disarm();
}

void SchedulerConformanceTests::tenThousandTasksComplete() {
  Scheduler& s = *scheduler_;
  constexpr std::int64_t n = 10'000;
  std::atomic<std::int64_t> runs{0};
  std::vector<Task<std::int64_t>> tasks;
  tasks.reserve(n);
  for (std::int64_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      tasks.push_back(spawn(s, [i, &runs] {
        runs.fetch_add(1);
        return i;
      }));
    } else {  // a coroutine that requeues itself once: the wake-while-executing path
      tasks.push_back(spawn(s, [i, &runs]() -> Task<std::int64_t> {
        co_await yieldNow();
        runs.fetch_add(1);
        co_return i;
      }));
    }
  }
  auto sum = spawn(s, [&tasks]() -> Task<std::int64_t> {
    std::int64_t total = 0;
    for (Task<std::int64_t>& task : tasks) total += co_await task;
    co_return total;
  });
  QCOMPARE(block(s, std::move(sum)), n * (n - 1) / 2);
  QCOMPARE(runs.load(), n);
}

void SchedulerConformanceTests::spawnReturnsValues() {
  Scheduler& s = *scheduler_;
  QCOMPARE(block(s, spawn(s, [] { return 7; })), 7);
  QCOMPARE(block(s, spawnLabeled(s, TaskLabel("labeled"), [] { return 8; })), 8);
  QCOMPARE(block(s, spawnForeground(s, [] { return 9; })), 9);
  QCOMPARE(block(s, spawnAfter(s, 1ms, [] { return 10; })), 10);
  QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                           block(s, spawn(s, []() -> int { throw std::runtime_error("background"); })));
  QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                           block(s, spawnForeground(s, []() -> int { throw std::runtime_error("foreground"); })));
}

void SchedulerConformanceTests::timersNeverFireEarly() {
  Scheduler& s = *scheduler_;
  const std::vector<Duration> delays{0ms, 1ms, 2ms, 3ms, 5ms, 8ms, 13ms, 21ms, 34ms, 1500us, 250us};
  std::vector<Instant> armedAt(delays.size());
  std::vector<Instant> firedAt(delays.size());
  std::vector<Task<void>> tasks;
  for (std::size_t i = 0; i < delays.size(); ++i) {
    armedAt[i] = s.now();
    tasks.push_back(spawnAfter(s, delays[i], [&s, &firedAt, i] { firedAt[i] = s.now(); }));
  }
  // Through timer() in a coroutine as well: the awaiting task resumes no earlier.
  auto awaited = spawn(s, [&s]() -> Task<Duration> {
    const Instant start = s.now();
    co_await timer(s, 7ms);
    co_return s.now() - start;
  });
  for (Task<void>& task : tasks) block(s, std::move(task));
  for (std::size_t i = 0; i < delays.size(); ++i) {
    QVERIFY2(firedAt[i] >= armedAt[i] + delays[i], qPrintable(QStringLiteral("timer %1 fired %2 ns early")
                                                                  .arg(i)
                                                                  .arg((armedAt[i] + delays[i] - firedAt[i]).count())));
  }
  QVERIFY(block(s, std::move(awaited)) >= 7ms);
}

void SchedulerConformanceTests::timersFireInDeadlineOrder() {
  Scheduler& s = *scheduler_;
  // Deadlines are now()+delay at arming; the expected order is checked against the window
  // [before, after] around each arming, so a slow arming loop cannot make the test wrong.
  const std::vector<Duration> delays{45ms, 15ms, 30ms, 30ms, 0ms, 60ms, 15ms, 30ms, 5ms, 45ms};
  struct Armed {
    Instant earliest;  // the deadline is in [earliest, latest]
    Instant latest;
  };
  std::vector<Armed> armed;
  std::mutex mutex;
  std::vector<std::size_t> fired;
  std::vector<Task<void>> tasks;
  for (std::size_t i = 0; i < delays.size(); ++i) {
    const Instant before = s.now();
    tasks.push_back(spawnAfter(s, delays[i], [&mutex, &fired, i] {
      std::lock_guard lock(mutex);
      fired.push_back(i);
    }));
    armed.push_back(Armed{before + delays[i], s.now() + delays[i]});
  }
  // Ties: equal delays armed in a burst fire in arming order.
  constexpr std::size_t burst = 20;
  for (std::size_t i = delays.size(); i < delays.size() + burst; ++i) {
    const Instant before = s.now();
    tasks.push_back(spawnAfter(s, 20ms, [&mutex, &fired, i] {
      std::lock_guard lock(mutex);
      fired.push_back(i);
    }));
    armed.push_back(Armed{before + 20ms, s.now() + 20ms});
  }
  for (Task<void>& task : tasks) block(s, std::move(task));

  std::lock_guard lock(mutex);
  QCOMPARE(fired.size(), armed.size());
  for (std::size_t a = 0; a < fired.size(); ++a) {
    for (std::size_t b = a + 1; b < fired.size(); ++b) {
      const std::size_t first = fired[a];
      const std::size_t second = fired[b];
      // `second` fired later although its deadline was certainly earlier: out of order.
      QVERIFY2(!(armed[second].latest < armed[first].earliest),
               qPrintable(QStringLiteral("timer %1 fired before timer %2").arg(first).arg(second)));
      // Same delay: the earlier armed fires first.
      const Duration d1 = first < delays.size() ? delays[first] : Duration(20ms);
      const Duration d2 = second < delays.size() ? delays[second] : Duration(20ms);
      if (d1 == d2) {
        QVERIFY2(first < second, qPrintable(QStringLiteral("tie: timer %1 fired before timer %2").arg(first).arg(second)));
      }
    }
  }
}

void SchedulerConformanceTests::foregroundRunsOnMainThread() {
  Scheduler& s = *scheduler_;
  const std::thread::id mainId = std::this_thread::get_id();
  struct Where {
    bool isMain = false;
    std::thread::id id;
  };
  const auto here = [&s] { return Where{s.isMainThread(), std::this_thread::get_id()}; };
  QVERIFY(s.isMainThread());

  const Where fromMain = block(s, spawnForeground(s, here));
  QVERIFY(fromMain.isMain);
  QVERIFY(fromMain.id == mainId);

  // Spawned from a background task: it still runs on the main thread.
  auto viaBackground = spawn(s, [&s, here]() -> Task<std::pair<Where, Where>> {
    const Where background = here();
    const Where foreground = co_await spawnForeground(s, here);
    co_return std::pair{background, foreground};
  });
  const auto [background, foreground] = block(s, std::move(viaBackground));
  QVERIFY(!background.isMain);
  QVERIFY(background.id != mainId);
  QVERIFY(foreground.isMain);
  QVERIFY(foreground.id == mainId);

  // Spawned from a thread of nobody's.
  std::promise<Task<Where>> spawned;
  std::thread other([&] { spawned.set_value(spawnForeground(s, here)); });
  other.join();
  const Where fromOther = block(s, spawned.get_future().get());
  QVERIFY(fromOther.isMain);
  QVERIFY(fromOther.id == mainId);
}

void SchedulerConformanceTests::foregroundRunsInFifoOrder() {
  Scheduler& s = *scheduler_;
  std::vector<int> order;  // touched on the main thread only
  std::vector<Task<void>> tasks;
  for (int i = 0; i < 200; ++i) tasks.push_back(spawnForeground(s, [&order, i] { order.push_back(i); }));
  block(s, std::move(tasks.back()));
  std::vector<int> expected(200);
  std::iota(expected.begin(), expected.end(), 0);
  QCOMPARE(order, expected);
}

void SchedulerConformanceTests::parkUnparkWakes() {
  Scheduler& s = *scheduler_;
  // A background thread unparks the parked main thread.
  const Unparker unparker = s.unparker();
  std::atomic<bool> unparked{false};
  std::thread waker([&] {
    std::this_thread::sleep_for(20ms);
    unparked.store(true);
    unparker.unpark();
  });
  const bool woken = s.park(kSettleLimit);
  waker.join();
  QVERIFY(woken);
  QVERIFY(unparked.load());  // it returned because of the unpark, not before

  // An unpark before the park is remembered; so is one from a background task.
  unparker.unpark();
  QVERIFY(s.park(kSettleLimit));
  spawn(s, [unparker] { unparker.unpark(); }).detach();
  QVERIFY(s.park(kSettleLimit));

  // Off the main thread: a thread parks on its own parker and the main thread wakes it.
  std::promise<Unparker> handle;
  std::atomic<bool> otherWoken{false};
  std::thread parked([&] {
    handle.set_value(s.unparker());
    otherWoken.store(s.park(kSettleLimit));
  });
  handle.get_future().get().unpark();
  parked.join();
  QVERIFY(otherWoken.load());
}

void SchedulerConformanceTests::parkWithTimeoutReturnsFalse() {
  Scheduler& s = *scheduler_;
  const Instant start = s.now();
  QVERIFY(!s.park(20ms));
  QVERIFY(s.now() - start >= 20ms);

  std::atomic<bool> result{true};
  std::thread other([&] { result.store(s.park(5ms)); });
  other.join();
  QVERIFY(!result.load());

  // A zero timeout still runs the foreground work already queued.
  std::atomic<bool> ran{false};
  auto foreground = spawnForeground(s, [&ran] { ran.store(true); });
  QVERIFY(!s.park(0ns));
  QVERIFY(ran.load());
  QVERIFY(foreground.isReady());

  // "Forever" does not wrap around into the past.
  auto farFuture = spawnAfter(s, Duration::max(), [&ran] { ran.store(false); });
  QVERIFY(!s.park(10ms));
  QCOMPARE(farFuture.state(), TaskState::Scheduled);
  s.unparker().unpark();
  QVERIFY(s.park(Duration::max()));
}

void SchedulerConformanceTests::droppedTaskNeverRuns() {
  Scheduler& s = *scheduler_;
  std::atomic<int> ran{0};
  std::atomic<int> destroyed{0};
  // Foreground work runs only when the main thread turns: drop it before.
  { auto task = spawnForeground(s, [c = Counted(destroyed), &ran] { ran.fetch_add(1); }); }
  QCOMPARE(destroyed.load(), 1);  // freed at once
  // A timer: drop it before it is due.
  { auto task = spawnAfter(s, 20ms, [c = Counted(destroyed), &ran] { ran.fetch_add(1); }); }
  QCOMPARE(destroyed.load(), 2);

  // Give both every chance to run anyway, then check they did not.
  block(s, spawnAfter(s, 60ms, [] {}));
  QVERIFY(!s.park(10ms));
  QCOMPARE(ran.load(), 0);
}

void SchedulerConformanceTests::droppedQueuedBackgroundTaskNeverRuns() {
  Scheduler& s = *scheduler_;
  // Fill every pool thread, so the victim stays queued until it is dropped.
  Gate gate;
  std::atomic<int> busy{0};
  std::vector<Task<void>> blockers;
  for (int i = 0; i < threads_; ++i) {
    blockers.push_back(spawn(s, [&] {
      busy.fetch_add(1);
      gate.wait();
    }));
  }
  QVERIFY(settle(s, [&] { return busy.load() == threads_; }));

  std::atomic<int> ran{0};
  std::atomic<int> destroyed{0};
  { auto victim = spawn(s, [c = Counted(destroyed), &ran] { ran.fetch_add(1); }); }
  QCOMPARE(destroyed.load(), 1);

  gate.open();
  for (Task<void>& blocker : blockers) block(s, std::move(blocker));
  block(s, spawn(s, [] {}));  // the queue has drained past the victim's runnable
  QCOMPARE(ran.load(), 0);
}

void SchedulerConformanceTests::cancellingAWaitingCoroutineFreesIt() {
  Scheduler& s = *scheduler_;
  for (const bool foreground : {false, true}) {
    std::atomic<bool> started{false};
    std::atomic<bool> resumed{false};
    std::atomic<bool> frameFreed{false};
    std::atomic<int> capturesFreed{0};
    auto body = [&s, &started, &resumed, &frameFreed, c = Counted(capturesFreed)]() -> Task<void> {
      SetOnDestroy probe{&frameFreed};
      started.store(true);
      co_await timer(s, std::chrono::hours(1));
      resumed.store(true);
    };
    Task<void> task = foreground ? spawnForeground(s, std::move(body)) : spawn(s, std::move(body));
    QVERIFY(settle(s, [&] { return started.load(); }));
    QCOMPARE(task.state(), TaskState::Running);
    task = {};  // drop: cancels it
    // At once if it is suspended; at the end of its step if it is still executing.
    QVERIFY(settle(s, [&] { return frameFreed.load() && capturesFreed.load() == 1; }));
    QVERIFY(!resumed.load());
  }
}

void SchedulerConformanceTests::cancellationRacesWithRunning() {
  Scheduler& s = *scheduler_;
  constexpr int n = 2'000;
  std::atomic<int> destroyed{0};
  std::atomic<int> finishedBodies{0};
  for (int i = 0; i < n; ++i) {
    Task<void> task;
    if (i % 2 == 0) {
      task = spawn(s, [c = Counted(destroyed), &finishedBodies] { finishedBodies.fetch_add(1); });
    } else {
      task = spawn(s, [c = Counted(destroyed), &finishedBodies]() -> Task<void> {
        for (int k = 0; k < 3; ++k) co_await yieldNow();
        finishedBodies.fetch_add(1);
      });
    }
    if (i % 3 == 0) std::move(task).detach();  // the others are dropped right away, racing the workers
  }
  // Every capture is freed exactly once, whether its task completed or was cancelled.
  QVERIFY(settle(s, [&] { return destroyed.load() == n; }));
  QVERIFY(!s.park(10ms));
  QCOMPARE(destroyed.load(), n);
  QVERIFY(finishedBodies.load() >= (n + 2) / 3);  // at least the detached ones
  QVERIFY(finishedBodies.load() <= n);
}

void SchedulerConformanceTests::blockAndBlockWithTimeout() {
  Scheduler& s = *scheduler_;
  QCOMPARE(block(s, spawn(s, [] { return 5; })), 5);

  // A value sent from a thread of nobody's to an awaiting task.
  auto [tx, rx] = oneshot<int>();
  std::thread sender([tx = std::move(tx)]() mutable {
    std::this_thread::sleep_for(5ms);
    tx.send(9);
  });
  QCOMPARE(block(s, spawn(s, [rx = rx]() mutable -> Task<int> { co_return co_await rx; })), 9);
  sender.join();

  // blockWithTimeout: in time, the value.
  auto quick = blockWithTimeout(s, spawn(s, [] { return 3; }), kSettleLimit);
  QVERIFY(!timedOut<int>(quick));
  QCOMPARE(std::get<0>(quick), 3);

  // Too late: the still running task comes back, no earlier than the timeout.
  std::atomic<int> ran{0};
  std::atomic<int> destroyed{0};
  const Instant start = s.now();
  auto slow = blockWithTimeout(s, spawnAfter(s, std::chrono::hours(1), [c = Counted(destroyed), &ran] { ran.fetch_add(1); }),
                               20ms);
  QVERIFY(timedOut<void>(slow));
  QVERIFY(s.now() - start >= 20ms);
  {
    Task<void> handedBack = std::get<1>(std::move(slow));
    QCOMPARE(handedBack.state(), TaskState::Scheduled);
  }
  QCOMPARE(destroyed.load(), 1);  // dropping the handed-back task cancelled it
  QCOMPARE(ran.load(), 0);

  // block() on a thread other than the main one parks that thread.
  std::atomic<int> fromOther{0};
  std::thread other([&] { fromOther.store(block(s, spawn(s, [] { return 11; }))); });
  other.join();
  QCOMPARE(fromOther.load(), 11);
}

void SchedulerConformanceTests::nestedParkKeepsTheOuterWake() {
  Scheduler& s = *scheduler_;
  // The main thread blocks on `outer`; while parked it runs a foreground step that blocks on
  // `inner`. `outer` finishes first, so its wake-up reaches the nested park; the outer park
  // must still return once the nested one has.
  Gate release;
  auto outer = spawn(s, [&release] {
    release.wait();
    return 1;
  });
  std::atomic<bool> nestedDone{false};
  const auto* outerCore = outer.core();  // alive while blockWithTimeout below holds the task
  auto foreground = spawnForeground(s, [&s, &release, outerCore, &nestedDone] {
    release.open();
    while (!outerCore->completed()) std::this_thread::yield();
    std::this_thread::sleep_for(5ms);  // let outer's unpark land before the nested park
    block(s, spawnAfter(s, 20ms, [] {}));
    nestedDone.store(true);
  });
  // Unbounded on purpose: a lost wake-up hangs here (the DeadlockGuard then fails the case).
  QCOMPARE(block(s, std::move(outer)), 1);
  QVERIFY(nestedDone.load());
  block(s, std::move(foreground));
}

void SchedulerConformanceTests::blockInsideATaskDoesNotStrandQueuedWork() {
  Scheduler& s = *scheduler_;
  // Fill the workers, then queue `waiter` (blocks until `sender` runs), `sender` right behind
  // it, and fillers, so that a worker takes waiter and sender in one batch. When waiter
  // blocks, sender must still run elsewhere.
  Gate gate;
  std::atomic<int> busy{0};
  std::vector<Task<void>> blockers;
  for (int i = 0; i < threads_; ++i) {
    blockers.push_back(spawn(s, [&] {
      busy.fetch_add(1);
      gate.wait();
    }));
  }
  QVERIFY(settle(s, [&] { return busy.load() == threads_; }));

  auto [tx, rx] = oneshot<int>();
  auto waiter = spawn(s, [&s, rx = rx]() mutable {
    return block(s, spawn(s, [rx]() mutable -> Task<int> { co_return co_await rx; }));
  });
  auto sender = spawn(s, [tx = std::move(tx)]() mutable { tx.send(5); });
  std::vector<Task<void>> fillers;
  for (int i = 0; i < 2 * threads_; ++i) fillers.push_back(spawn(s, [] {}));
  gate.open();

  auto result = blockWithTimeout(s, std::move(waiter), 20s);
  QVERIFY(!timedOut<int>(result));
  QCOMPARE(std::get<0>(result), 5);
  block(s, std::move(sender));
  for (Task<void>& t : fillers) block(s, std::move(t));
  for (Task<void>& t : blockers) block(s, std::move(t));
}

// Each level blocks on a task it spawns itself (so it is queued behind the blocked one):
// with one worker that needs spare workers, one per level, and they go when done.
void SchedulerConformanceTests::nestedBlocksOnLaterBackgroundWork() {
  Scheduler& s = *scheduler_;
  std::function<int(int)> level = [&s, &level](int depth) -> int {
    if (depth == 0) return 1;
    return 1 + block(s, spawn(s, [&level, depth] { return level(depth - 1); }));
  };
  for (int round = 0; round < 3; ++round) {  // spares leave and come back
    auto top = spawn(s, [&level] { return level(6); });
    auto result = blockWithTimeout(s, std::move(top), 20s);
    QVERIFY(!timedOut<int>(result));
    QCOMPARE(std::get<0>(result), 7);
  }
  // A timer's continuation is queued while the only worker is blocked.
  auto viaTimer = spawn(s, [&s] { return block(s, spawnAfter(s, 5ms, [] { return 3; })); });
  auto result = blockWithTimeout(s, std::move(viaTimer), 20s);
  QVERIFY(!timedOut<int>(result));
  QCOMPARE(std::get<0>(result), 3);
}

// Every worker runs a task that blocks (sched::block) on background work it spawned itself,
// so that work is queued behind it with no worker free. In the threadpool-1 row: the one
// worker's only task blocks on its own child, the case that used to deadlock; a spare worker
// runs the child. Repeated, so a lost wake-up or a race (under TSan) has its chances.
void SchedulerConformanceTests::everyWorkerBlocksOnWorkItSpawned() {
  Scheduler& s = *scheduler_;
  if (kind_ == Kind::ThreadPool) QCOMPARE(static_cast<int>(static_cast<ThreadPoolScheduler&>(s).workerCount()), threads_);
  for (int round = 0; round < 50; ++round) {
    std::vector<Task<int>> tops;
    for (int i = 0; i < threads_; ++i) {
      tops.push_back(spawn(s, [&s, round, i] { return block(s, spawn(s, [round, i] { return round + i; })) + 1; }));
    }
    for (int i = 0; i < threads_; ++i) {
      auto result = blockWithTimeout(s, std::move(tops[static_cast<std::size_t>(i)]), 20s);
      QVERIFY2(!timedOut<int>(result), "a worker blocked on the work it spawned never woke");
      QCOMPARE(std::get<0>(result), round + i + 1);
    }
  }
}

void SchedulerConformanceTests::coroutineAwaitsTimerAndTask() {
  Scheduler& s = *scheduler_;
  auto background = spawn(s, [&s]() -> Task<int> {
    const Instant start = s.now();
    co_await timer(s, 5ms);
    if (s.now() - start < 5ms) co_return -1;
    co_await timer(s, 0ms);  // ready at once
    const int v = co_await spawn(s, [] { return 41; });
    co_return v + 1;
  });
  QCOMPARE(block(s, std::move(background)), 42);

  // A foreground coroutine resumes on the main thread after each await.
  auto foreground = spawnForeground(s, [&s]() -> Task<int> {
    int onMain = s.isMainThread() ? 1 : 0;
    co_await timer(s, 2ms);
    onMain += s.isMainThread() ? 1 : 0;
    onMain += co_await spawn(s, [&s] { return s.isMainThread() ? 100 : 0; });
    onMain += s.isMainThread() ? 1 : 0;
    co_return onMain;
  });
  QCOMPARE(block(s, std::move(foreground)), 3);

  // An exception crosses the await.
  auto rethrows = spawn(s, [&s]() -> Task<int> {
    co_await timer(s, 1ms);
    co_return co_await spawn(s, []() -> int { throw std::logic_error("inner"); });
  });
  QVERIFY_THROWS_EXCEPTION(std::logic_error, block(s, std::move(rethrows)));
}

void SchedulerConformanceTests::destructorDropsQueuedWork() {
  std::shared_ptr<Scheduler> owned = std::move(scheduler_);
  Scheduler& s = *owned;
  std::atomic<int> ran{0};
  std::atomic<int> destroyed{0};
  std::atomic<bool> frameFreed{false};
  // Queued foreground work (the main thread never turns), an armed timer, and a coroutine
  // suspended on a timer — all detached, so only the scheduler holds them.
  spawnForeground(s, [c = Counted(destroyed), &ran] { ran.fetch_add(1); }).detach();
  spawnAfter(s, std::chrono::hours(1), [c = Counted(destroyed), &ran] { ran.fetch_add(1); }).detach();
  std::atomic<bool> started{false};
  spawn(s, [&s, &started, &frameFreed, c = Counted(destroyed)]() -> Task<void> {
    SetOnDestroy probe{&frameFreed};
    started.store(true);
    co_await timer(s, std::chrono::hours(1));
  }).detach();
  while (!started.load()) std::this_thread::yield();  // no park: the foreground task must stay queued
  QCOMPARE(destroyed.load(), 0);

  owned.reset();
  QCOMPARE(ran.load(), 0);
  QCOMPARE(destroyed.load(), 3);
  QVERIFY(frameFreed.load());
}

void SchedulerConformanceTests::destructorWakesABlockedWorker() {
  std::shared_ptr<Scheduler> owned = std::move(scheduler_);
  Scheduler& s = *owned;
  // A background task blocks on foreground work that never runs: the main thread does not turn.
  std::atomic<bool> blocking{false};
  std::atomic<bool> sawCancel{false};
  spawn(s, [&s, &blocking, &sawCancel] {
    auto foreground = spawnForeground(s, [] {});
    blocking.store(true);
    try {
      block(s, std::move(foreground));
    } catch (const TaskCancelledError&) {
      sawCancel.store(true);
    }
  }).detach();
  while (!blocking.load()) std::this_thread::yield();
  // The destructor must cancel the queued foreground task first, which wakes the blocked
  // worker; joining first would wait forever (and the DeadlockGuard would abort).
  owned.reset();
  QVERIFY(sawCancel.load());
}
