#include <QtTest/QtTest>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sched/block.h"
#include "sched/executors.h"
#include "sched/many.h"
#include "sched/oneshot.h"
#include "sched/spawn.h"
#include "sched/test_scheduler.h"
#include "sched_test_classes.h"
#include "support/many_qt.h"
#include "support/printers.h"
#include "trace/recorder.h"

using namespace tickscope;
using namespace tickscope::sched;
using namespace std::chrono_literals;
using testing::manyQt;

namespace {
std::shared_ptr<TestScheduler> makeScheduler(std::uint64_t seed = 0, bool randomize = true) {
  TestScheduler::Config config;
  config.seed = seed;
  config.randomizeOrder = randomize;
  return std::make_shared<TestScheduler>(config);
}

// Spawns `n` background tasks that append their index to `order`, runs them, returns order.
std::vector<int> backgroundOrder(TestScheduler& s, int n) {
  std::vector<int> order;
  std::vector<Task<void>> tasks;
  for (int i = 0; i < n; ++i) tasks.push_back(spawn(s, [&order, i] { order.push_back(i); }));
  s.runUntilParked();
  return order;
}
}  // namespace

void TestSchedulerTests::spawnReturnsValueBackgroundAndForeground() {
  auto s = makeScheduler();
  BackgroundExecutor background(s);
  ForegroundExecutor foreground(s);
  QCOMPARE(background.block(background.spawn([] { return 40 + 2; })), 42);
  QCOMPARE(foreground.block(foreground.spawn([] { return std::string("main"); })), std::string("main"));
  bool ranOnMain = false;
  foreground.block(foreground.spawn([&] { ranOnMain = s->isMainThread(); }));
  QVERIFY(ranOnMain);
  // A coroutine task returns its value through co_return.
  QCOMPARE(background.block(background.spawn([]() -> Task<int> { co_return 7; })), 7);
}

void TestSchedulerTests::foregroundSessionsKeepOrderButInterleave() {
  std::set<std::vector<int>> interleavings;
  manyQt(100, [&](TestScheduler& s) {
    auto shared = std::shared_ptr<TestScheduler>(&s, [](TestScheduler*) {});
    ForegroundExecutor first(shared), second(shared);
    std::vector<int> log;  // 100 + i for the first session, 200 + i for the second
    std::vector<Task<void>> tasks;
    for (int i = 0; i < 10; ++i) {
      tasks.push_back(first.spawn([&log, i] { log.push_back(100 + i); }));
      tasks.push_back(second.spawn([&log, i] { log.push_back(200 + i); }));
    }
    s.runUntilParked();
    QCOMPARE(log.size(), std::size_t(20));
    int nextFirst = 100, nextSecond = 200;
    for (int v : log) {
      if (v < 200) {
        QCOMPARE(v, nextFirst++);
      } else {
        QCOMPARE(v, nextSecond++);
      }
    }
    interleavings.insert(log);
  });
  QVERIFY2(interleavings.size() > 1, "the interleaving of two sessions never varied across 100 seeds");
}

void TestSchedulerTests::timersCompleteInDeadlineOrder() {
  auto s = makeScheduler();
  std::vector<std::pair<int, double>> done;  // (timer ms, clock at completion)
  std::vector<Task<void>> tasks;
  for (int ms : {100, 50, 150}) {
    tasks.push_back(spawn(*s, [&, ms]() -> Task<void> {
      co_await timer(*s, std::chrono::milliseconds(ms));
      done.emplace_back(ms, toMs(s->now()));
    }));
  }
  s->runUntilParked();
  QVERIFY(done.empty());
  QCOMPARE(s->timerCount(), std::size_t(3));
  s->advanceClock(120ms);
  QCOMPARE(done.size(), std::size_t(2));
  QCOMPARE(toMs(s->now()), 120.0);
  QVERIFY(s->advanceToNextTimer());
  QCOMPARE(toMs(s->now()), 150.0);
  QCOMPARE(done, (std::vector<std::pair<int, double>>{{50, 50.0}, {100, 100.0}, {150, 150.0}}));
  QVERIFY(!s->advanceToNextTimer());
  QCOMPARE(s->timerCount(), std::size_t(0));
}

void TestSchedulerTests::randomizedOrderFollowsConfig() {
  std::set<std::vector<int>> fixed, randomized;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto off = makeScheduler(seed, false);
    fixed.insert(backgroundOrder(*off, 10));
    auto on = makeScheduler(seed, true);
    randomized.insert(backgroundOrder(*on, 10));
  }
  QCOMPARE(fixed.size(), std::size_t(1));
  QCOMPARE(*fixed.begin(), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  QVERIFY(randomized.size() > 1);
  // The same seed gives the same order.
  auto a = makeScheduler(11), b = makeScheduler(11);
  QCOMPARE(backgroundOrder(*a, 10), backgroundOrder(*b, 10));
}

void TestSchedulerTests::blockOnValueSentFromBackgroundTask() {
  manyQt(20, [](TestScheduler& s) {
    auto [tx, rx] = oneshot<int>();
    auto receiver = spawn(s, [rx = std::move(rx)]() mutable -> Task<int> { co_return co_await rx; });
    auto sender = spawn(s, [&s, tx = std::move(tx)]() mutable -> Task<void> {
      co_await timer(s, 5ms);
      tx.send(99);
    });
    QCOMPARE(s.block(std::move(receiver)), 99);
    QCOMPARE(toMs(s.now()), 5.0);  // block advanced to the only timer
  });
}

void TestSchedulerTests::blockOnNeverCompletingTaskNamesIt() {
  auto s = makeScheduler();
  auto [tx, rx] = oneshot<int>();
  const int line = __LINE__ + 1;
  auto stuck = spawnLabeled(*s, TaskLabel("never-ready"), [rx = std::move(rx)]() mutable -> Task<int> { co_return co_await rx; });
  const TaskId id = stuck.id();
  QString message;
  try {
    s->block(std::move(stuck));
  } catch (const SchedulerError& e) {
    message = QString::fromUtf8(e.what());
  }
  QVERIFY2(!message.isEmpty(), "block on a task that can never finish did not fail");
  QVERIFY2(message.contains("never-ready"), qPrintable(message));
  QVERIFY2(message.contains(QString("test_scheduler_tests.cpp:%1").arg(line)), qPrintable(message));
  QVERIFY2(message.contains(QString("task %1").arg(id.value)), qPrintable(message));
  QVERIFY2(message.contains("parking is forbidden"), qPrintable(message));
}

void TestSchedulerTests::blockWithTimeout() {
  // Ready: the value.
  {
    auto s = makeScheduler();
    s->setBlockTickRange(0, 0);
    auto ready = timer(*s, 0ms);
    auto outcome = s->blockWithTimeout(std::move(ready));
    QCOMPARE(outcome.index(), std::size_t(0));
  }
  // Budget 0: a task that needs one tick times out and is handed back, alive.
  {
    auto s = makeScheduler();
    s->setBlockTickRange(0, 0);
    auto outcome = s->blockWithTimeout(spawn(*s, [] { return 5; }));
    QCOMPARE(outcome.index(), std::size_t(1));
    Task<int> back = std::move(std::get<1>(outcome));
    QVERIFY(s->isTaskRunning(back.id()));
    QCOMPARE(s->block(std::move(back)), 5);
  }
  // A task needing 10 yields with a budget drawn from 0..20: both outcomes across 100 seeds.
  int timedOut = 0, completed = 0;
  manyQt(100, [&](TestScheduler& s) {
    s.setBlockTickRange(0, 20);
    auto task = spawn(s, []() -> Task<int> {
      for (int i = 0; i < 10; ++i) co_await yieldNow();
      co_return 10;
    });
    auto outcome = s.blockWithTimeout(std::move(task));
    if (outcome.index() == 0) {
      ++completed;
      QCOMPARE(std::get<0>(outcome), 10);
    } else {
      ++timedOut;
      QCOMPARE(s.block(std::move(std::get<1>(outcome))), 10);  // it still completes
    }
  });
  QVERIFY2(timedOut > 0 && completed > 0, qPrintable(QString("timed out %1, completed %2").arg(timedOut).arg(completed)));
  // A task waiting on a timer times out, then completes after advanceClock.
  {
    auto s = makeScheduler();
    auto outcome = s->blockWithTimeout(spawn(*s, [&]() -> Task<int> {
      co_await timer(*s, 30ms);
      co_return 3;
    }));
    QCOMPARE(outcome.index(), std::size_t(1));
    Task<int> back = std::move(std::get<1>(outcome));
    QVERIFY(!back.isReady());
    s->advanceClock(30ms);
    QVERIFY(back.isReady());
    QCOMPARE(std::move(back).result(), 3);
  }
}

void TestSchedulerTests::deprioritizedLabelsRunLast() {
  manyQt(30, [](TestScheduler& s) {
    const TaskLabel low("low");
    s.deprioritize(low);
    std::vector<std::string> order;
    std::vector<Task<void>> tasks;
    for (int i = 0; i < 5; ++i) {
      tasks.push_back(spawnLabeled(s, low, [&] { order.push_back("low"); }));
      tasks.push_back(spawn(s, [&] { order.push_back("normal"); }));
      tasks.push_back(spawnLabeled(s, TaskLabel("other"), [&] { order.push_back("other"); }));
    }
    s.runUntilParked();
    QCOMPARE(order.size(), std::size_t(15));
    for (std::size_t i = 0; i < 10; ++i) QVERIFY(order[i] != "low");
    for (std::size_t i = 10; i < 15; ++i) QCOMPARE(order[i], std::string("low"));
  });
  // Deprioritizing after queueing moves what is already queued.
  auto s = makeScheduler(3);
  std::vector<std::string> order;
  auto a = spawnLabeled(*s, TaskLabel("late"), [&] { order.push_back("late"); });
  auto b = spawn(*s, [&] { order.push_back("normal"); });
  s->deprioritize(TaskLabel("late"));
  s->runUntilParked();
  QCOMPARE(order, (std::vector<std::string>{"normal", "late"}));
}

void TestSchedulerTests::isTaskRunningTracksLifecycle() {
  auto s = makeScheduler();
  auto task = spawn(*s, [&]() -> Task<void> { co_await timer(*s, 10ms); });
  const TaskId id = task.id();
  QVERIFY(s->isTaskRunning(id));
  QCOMPARE(*s->taskState(id), TaskState::Scheduled);
  s->runUntilParked();
  QVERIFY(s->isTaskRunning(id));
  QCOMPARE(*s->taskState(id), TaskState::Running);  // waiting on its timer
  s->advanceClock(10ms);
  QVERIFY(!s->isTaskRunning(id));
  QCOMPARE(*s->taskState(id), TaskState::Completed);

  auto cancelled = spawn(*s, [&]() -> Task<void> { co_await timer(*s, 10ms); });
  const TaskId cid = cancelled.id();
  s->runUntilParked();
  QVERIFY(s->isTaskRunning(cid));
  { auto drop = std::move(cancelled); }
  QVERIFY(!s->isTaskRunning(cid));
  QCOMPARE(*s->taskState(cid), TaskState::Cancelled);
  QCOMPARE(s->timerCount(), std::size_t(0));  // its timer was cancelled with it
  QVERIFY(!s->isTaskRunning(TaskId{9999}));
}

void TestSchedulerTests::advanceClockFiresInDeadlineOrderAndRunsWoken() {
  manyQt(20, [](TestScheduler& s) {
    std::vector<std::pair<std::string, double>> log;
    std::vector<Task<void>> tasks;
    auto arm = [&](std::string name, int ms) {
      tasks.push_back(spawnAfter(s, std::chrono::milliseconds(ms), [&s, &log, &tasks, name] {
        log.emplace_back(name, toMs(s.now()));
        // What a timer wakes runs within the same advanceClock, at the timer's deadline.
        tasks.push_back(spawn(s, [&s, &log, name] { log.emplace_back(name + "-woken", toMs(s.now())); }));
      }));
    };
    arm("a", 30);
    arm("b", 10);
    arm("c", 30);  // ties with a: armed later, fires later
    arm("d", 20);
    arm("e", 50);  // beyond the advance
    s.advanceClock(40ms);
    const std::vector<std::pair<std::string, double>> expected{
        {"b", 10}, {"b-woken", 10}, {"d", 20}, {"d-woken", 20}, {"a", 30}, {"a-woken", 30}, {"c", 30}, {"c-woken", 30}};
    // a and c share a deadline: a fires first; the woken tasks of a and c may interleave.
    QCOMPARE(log.size(), expected.size());
    QCOMPARE(std::vector(log.begin(), log.begin() + 4), std::vector(expected.begin(), expected.begin() + 4));
    QCOMPARE(log[4], expected[4]);
    std::vector<std::pair<std::string, double>> rest(log.begin() + 5, log.end());
    QVERIFY(rest[0] == expected[5] || rest[0] == expected[6]);
    QVERIFY(std::find(rest.begin(), rest.end(), expected[7]) != rest.end());
    QVERIFY(std::find(rest.begin(), rest.end(), expected[6]) < std::find(rest.begin(), rest.end(), expected[7]));
    QCOMPARE(toMs(s.now()), 40.0);
    QCOMPARE(s.timerCount(), std::size_t(1));
  });
}

void TestSchedulerTests::foreignThreadSchedulingIsReported() {
  auto s = makeScheduler();
  trace::Recorder recorder;
  s->setObserver(&recorder);
  std::atomic<bool> ran = false;
  Task<void> fromThread;
  std::thread other([&] { fromThread = spawn(*s, [&] { ran = true; }); });
  other.join();
  const auto reports = s->nonDeterminismReports();
  QCOMPARE(reports.size(), std::size_t(1));
  QVERIFY2(QString::fromStdString(reports[0]).contains("non-determinism"), reports[0].c_str());
  QVERIFY2(QString::fromStdString(reports[0]).contains("test_scheduler_tests.cpp"), reports[0].c_str());
  // Nothing is lost: the work runs on the scheduler's thread at the next tick.
  s->runUntilParked();
  QVERIFY(ran);
  bool sawEvent = false;
  for (const auto& e : recorder.events()) {
    if (const auto* se = std::get_if<trace::SchedEvent>(&e)) sawEvent |= se->kind == trace::SchedEventKind::NonDeterminism;
  }
  QVERIFY(sawEvent);
  s->setObserver(nullptr);
}

void TestSchedulerTests::seedEnvironmentReplaysExactOrder() {
  std::map<std::uint64_t, std::vector<int>> orders;
  many(12, [&](TestScheduler& s) { orders[s.seed()] = backgroundOrder(s, 8); });
  QCOMPARE(orders.size(), std::size_t(12));
  qputenv("TICKSCOPE_SEED", "7");
  std::vector<std::uint64_t> seen;
  std::vector<int> replayed;
  many(50, [&](TestScheduler& s) {
    seen.push_back(s.seed());
    replayed = backgroundOrder(s, 8);
  });
  qunsetenv("TICKSCOPE_SEED");
  QCOMPARE(seen, std::vector<std::uint64_t>{7});
  QCOMPARE(replayed, orders[7]);
  qputenv("TICKSCOPE_ITERATIONS", "3");
  seen.clear();
  many(50, [&](TestScheduler& s) { seen.push_back(s.seed()); });
  qunsetenv("TICKSCOPE_ITERATIONS");
  QCOMPARE(seen, (std::vector<std::uint64_t>{0, 1, 2}));
}

void TestSchedulerTests::manyStopsAtFirstFailingSeed() {
  std::vector<std::uint64_t> seen;
  bool threw = false;
  try {
    many(10, [&](TestScheduler& s) {
      seen.push_back(s.seed());
      if (s.seed() == 4) throw std::runtime_error("seed 4 fails");
    });
  } catch (const std::runtime_error&) {
    threw = true;
  }
  QVERIFY(threw);
  QCOMPARE(seen, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  seen.clear();
  ManyOptions options;
  options.failed = [&] { return seen.size() == 2; };
  many(10, [&](TestScheduler& s) { seen.push_back(s.seed()); }, options);
  QCOMPARE(seen.size(), std::size_t(2));
}

void TestSchedulerTests::tickIsOneDecision() {
  auto s = makeScheduler(0, false);
  int runs = 0;
  auto a = spawn(*s, [&] { ++runs; });
  auto b = spawn(*s, [&] { ++runs; });
  QCOMPARE(s->readyCount(), std::size_t(2));
  QVERIFY(s->tick());
  QCOMPARE(runs, 1);
  QCOMPARE(s->decisionCount(), std::uint64_t(1));
  QVERIFY(s->tick());
  QCOMPARE(runs, 2);
  QVERIFY(!s->tick());
  QCOMPARE(s->decisionCount(), std::uint64_t(2));
}

namespace {
struct FreeRunTrace {
  std::vector<std::string> steps;  // what ran, in order, at which virtual time
  std::uint64_t decisions = 0;
  std::uint64_t nextDraw = 0;  // the RNG's next number afterwards: the same draws were made
  int continued = 0;           // steps taken without yielding
};

// Suspends without queuing the task: only a wake() queues it again.
struct UntilWoken {
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P>) const noexcept {}
  void await_resume() const noexcept {}
};

// Workers that go on without yielding where the scheduler lets them: two plain, one labeled
// (deprioritized for odd seeds), with costs that make timers fall due between their steps; one
// spawns another midway, is woken while it runs and then waits to be woken by a timer (and
// later one more does so alone); one cancels itself while it runs (and later once more alone).
struct FreeRunWorld {
  std::shared_ptr<TestScheduler> s;
  FreeRunTrace out;
  std::vector<Task<void>> tasks;
  Task<void> doomed;
  TaskHeader* sleeper = nullptr;

  void note(const std::string& what) { out.steps.push_back(what + "@" + std::to_string(toMs(s->now()))); }
  Task<void> worker(std::string name, int steps, int costMs) {
    TaskHeader& self = co_await currentTask();
    for (int i = 0; i < steps; ++i) {
      note(name + std::to_string(i));
      s->simulateElapsed(std::chrono::milliseconds(costMs));
      if (name == "a" && i == 3) tasks.push_back(spawn(*s, [this] { return worker("c", 4, 0); }));
      const int wakeAt = name == "a" ? 6 : name == "solo" ? 1 : -1;
      if (i == wakeAt) self.wake();  // a yield or a going on must not keep this wake
      if (wakeAt >= 0 && i == wakeAt + 1) {
        sleeper = &self;
        co_await UntilWoken{};
      }
      if (name == "doomed" && i == 5) doomed = {};  // cancelled while it runs: it must stop
      if (s->continueRunning(self)) {
        ++out.continued;
      } else {
        co_await yieldNow();
      }
    }
  }
};

// drain: runs everything, timers included. Stepping: one tick() at a time, the clock moved by
// hand to each deadline. Free-running: runUntilParked and advanceToNextTimer, which free-run.
void drain(TestScheduler& s, bool freeRunning) {
  if (freeRunning) {
    do {
      s.runUntilParked();
    } while (s.advanceToNextTimer());
    return;
  }
  while (true) {
    if (s.tick()) continue;
    const std::optional<Instant> deadline = s.nextTimerDeadline();
    if (!deadline) return;
    s.simulateElapsed(*deadline - s.now());
  }
}

FreeRunTrace freeRunScenario(std::uint64_t seed, bool freeRunning) {
  FreeRunWorld w{makeScheduler(seed, seed % 3 != 0), {}, {}};
  TestScheduler& s = *w.s;
  if (seed % 2) s.deprioritize(TaskLabel("low"));
  s.setFreeRunning(freeRunning);  // (for the ticks of the first part)
  w.tasks.push_back(spawn(s, [&] { return w.worker("a", 12, 1); }));
  w.tasks.push_back(spawnLabeled(s, TaskLabel("low"), [&] { return w.worker("low", 8, 2); }));
  for (int t = 1; t <= 5; ++t) {
    w.tasks.push_back(spawnAfter(s, std::chrono::milliseconds(3 * t), [&w, t] { w.note("timer" + std::to_string(t)); }));
  }
  w.tasks.push_back(spawnAfter(s, std::chrono::milliseconds(40), [&w] {
    if (TaskHeader* sleeper = std::exchange(w.sleeper, nullptr)) sleeper->wake();
  }));
  w.doomed = spawn(s, [&] { return w.worker("doomed", 50, 0); });
  drain(s, freeRunning);
  // Alone, so it goes on where it can.
  w.tasks.push_back(spawn(s, [&] { return w.worker("solo", 4, 1); }));
  w.tasks.push_back(spawnAfter(s, std::chrono::milliseconds(10), [&w] {
    if (TaskHeader* sleeper = std::exchange(w.sleeper, nullptr)) sleeper->wake();
  }));
  drain(s, freeRunning);
  w.doomed = spawn(s, [&] { return w.worker("doomed", 50, 0); });  // alone this time
  drain(s, freeRunning);
  w.out.decisions = s.decisionCount();
  w.out.nextDraw = s.rng().next();
  return w.out;
}
}  // namespace

// Free-running, a task that is the only candidate goes on at once; the decisions, the draws
// and the times are those of yielding and being picked again.
void TestSchedulerTests::freeRunningMakesTheSameDecisions() {
  int continued = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const FreeRunTrace stepped = freeRunScenario(seed, false);
    const FreeRunTrace free = freeRunScenario(seed, true);
    QCOMPARE(stepped.continued, 0);
    QCOMPARE(free.steps, stepped.steps);
    QCOMPARE(free.decisions, stepped.decisions);
    QCOMPARE(free.nextDraw, stepped.nextDraw);
    continued += free.continued;
  }
  QVERIFY(continued > 100);  // the scenario does exercise it
}

// A task may not go on while anything else is ready, a timer is due or an observer watches.
void TestSchedulerTests::freeRunningStepsAsideForOthers() {
  auto s = makeScheduler(0, false);  // in the order scheduled
  s->setFreeRunning(true);
  std::vector<bool> answers;
  auto body = [&]() -> Task<void> {
    TaskHeader& self = co_await currentTask();
    answers.push_back(s->continueRunning(self));  // the other task is ready
    co_await yieldNow();
    answers.push_back(s->continueRunning(self));  // alone now
    s->simulateElapsed(5ms);
    answers.push_back(s->continueRunning(self));  // the timer is due
    co_await yieldNow();
    trace::Recorder recorder;
    s->setObserver(&recorder);
    answers.push_back(s->continueRunning(self));  // observed: every decision is an event
    s->setObserver(nullptr);
    answers.push_back(s->continueRunning(self));
  };
  auto task = spawn(*s, body);
  auto other = spawn(*s, [] {});
  auto timer = spawnAfter(*s, 5ms, [] {});
  s->runUntilParked();
  QCOMPARE(answers, (std::vector<bool>{false, true, false, false, true}));
  QVERIFY(task.isReady());
  QCOMPARE(s->decisionCount(), std::uint64_t(7));  // 2 + other + timer + 1 + 2 continued
}

void TestSchedulerTests::simulatedCostFiresDueTimersAtNextTick() {
  auto s = makeScheduler();
  std::vector<std::pair<int, double>> fired;
  auto late = spawnAfter(*s, 8ms, [&] { fired.emplace_back(8, toMs(s->now())); });
  auto early = spawnAfter(*s, 3ms, [&] { fired.emplace_back(3, toMs(s->now())); });
  auto costly = spawn(*s, [&] { s->simulateElapsed(10ms); });  // an action costing 10 ms
  QVERIFY(s->tick());
  QCOMPARE(toMs(s->now()), 10.0);
  QVERIFY(fired.empty());  // the clock moved, nothing else ran
  QVERIFY(s->tick());
  QVERIFY(s->tick());
  QCOMPARE(fired, (std::vector<std::pair<int, double>>{{3, 10.0}, {8, 10.0}}));
  QVERIFY(!s->tick());
}

void TestSchedulerTests::parkingForbiddenByDefault() {
  auto s = makeScheduler();
  bool threw = false;
  try {
    s->park(std::nullopt);
  } catch (const SchedulerError&) {
    threw = true;
  }
  QVERIFY(threw);
  s->setAllowParking(true);
  Unparker unparker = s->unparker();
  std::thread waker([unparker] { unparker.unpark(); });
  QVERIFY(s->park(std::chrono::seconds(30)));
  waker.join();
  QVERIFY(!s->park(1ms));
}

void TestSchedulerTests::decisionsAreTraceEvents() {
  auto s = makeScheduler();
  trace::Recorder recorder;
  s->setObserver(&recorder);
  auto task = spawnLabeled(*s, TaskLabel("ui"), [&]() -> Task<void> { co_await timer(*s, 4ms); });
  s->runUntilParked();
  s->advanceClock(5ms);
  s->setObserver(nullptr);
  std::vector<trace::SchedEventKind> kinds;
  for (const auto& e : recorder.events()) kinds.push_back(std::get<trace::SchedEvent>(e).kind);
  using K = trace::SchedEventKind;
  // spawn + schedule the task; its first step arms a timer (the timer is a task too); the clock
  // moves to 4 ms; the timer fires, completes and wakes the task, which completes.
  const std::vector<K> expected{K::TaskSpawned,   K::TaskScheduled, K::TaskPicked,    K::TaskSpawned,
                                K::TimerArmed,    K::ClockAdvanced, K::TimerFired,    K::TaskCompleted,
                                K::TaskScheduled, K::TaskPicked,    K::TaskCompleted, K::ClockAdvanced};
  QCOMPARE(kinds, expected);
  const auto& spawned = std::get<trace::SchedEvent>(recorder.events().front());
  QCOMPARE(spawned.label.name(), std::string_view("ui"));
  QCOMPARE(spawned.task, task.id());
  const auto& armed = std::get<trace::SchedEvent>(recorder.events()[4]);
  QCOMPARE(toMs(armed.deadline), 4.0);
  const auto& last = std::get<trace::SchedEvent>(recorder.events().back());
  QCOMPARE(toMs(last.from), 4.0);
  QCOMPARE(toMs(last.at), 5.0);
}

void TestSchedulerTests::executorsReachTestScheduler() {
  auto s = makeScheduler();
  BackgroundExecutor executor(s);
  int runs = 0;
  auto t = executor.spawn([&] { ++runs; });
  QCOMPARE(executor.tick(), std::optional<bool>(true));
  QCOMPARE(runs, 1);
  auto waiting = executor.spawn([&]() -> Task<void> { co_await executor.timer(20ms); ++runs; });
  executor.runUntilParked();
  executor.advanceClock(20ms);
  QCOMPARE(runs, 2);
  QCOMPARE(toMs(executor.now()), 20.0);
  executor.deprioritize(TaskLabel("x"));
  QVERIFY(s->isDeprioritized(TaskLabel("x")));
  QCOMPARE(executor.numCpus() >= 1u, true);
}

void TestSchedulerTests::prioritizeUndoesDeprioritize() {
  // In scheduling order (no random picks): low1, normal1, low2, normal2, then normal3 after the
  // label's state changed.
  const auto run = [](bool deprioritize, bool prioritizeAgain) -> std::vector<std::string> {
    auto s = makeScheduler(0, false);
    std::vector<std::string> order;
    std::vector<Task<void>> tasks;
    if (deprioritize) s->deprioritize(TaskLabel("low"));
    for (int i = 1; i <= 2; ++i) {
      tasks.push_back(spawnLabeled(*s, TaskLabel("low"), [&order, i] { order.push_back("low" + std::to_string(i)); }));
      tasks.push_back(spawn(*s, [&order, i] { order.push_back("normal" + std::to_string(i)); }));
    }
    if (prioritizeAgain) s->prioritize(TaskLabel("low"));
    tasks.push_back(spawn(*s, [&order] { order.push_back("normal3"); }));
    if (s->isDeprioritized(TaskLabel("low")) != (deprioritize && !prioritizeAgain)) return {"wrong label state"};
    s->runUntilParked();
    return order;
  };
  using Order = std::vector<std::string>;
  QCOMPARE(run(false, false), (Order{"low1", "normal1", "low2", "normal2", "normal3"}));
  QCOMPARE(run(true, false), (Order{"normal1", "normal2", "normal3", "low1", "low2"}));
  // Undone: the queued ones join the back of the ordinary work, in their own order...
  QCOMPARE(run(true, true), (Order{"normal1", "normal2", "low1", "low2", "normal3"}));
  // ...and what is scheduled afterwards is ordinary again.
  auto s = makeScheduler(0, false);
  std::vector<std::string> order;
  std::vector<Task<void>> tasks;
  s->deprioritize(TaskLabel("low"));
  tasks.push_back(spawnLabeled(*s, TaskLabel("low"), [&] { order.push_back("queued low"); }));
  s->prioritize(TaskLabel("low"));
  tasks.push_back(spawnLabeled(*s, TaskLabel("low"), [&] { order.push_back("new low"); }));
  tasks.push_back(spawn(*s, [&] { order.push_back("normal"); }));
  s->runUntilParked();
  QCOMPARE(order, (Order{"queued low", "new low", "normal"}));
  QVERIFY(s->readyTasks().empty());

  // prioritize of a label that is not deprioritized changes nothing; the list is sorted.
  s->deprioritize(TaskLabel("zeta"));
  s->deprioritize(TaskLabel("alpha"));
  s->deprioritize(TaskLabel("mid"));
  s->deprioritize(TaskLabel("alpha"));
  QCOMPARE(s->deprioritizedLabels(), (Order{"alpha", "mid", "zeta"}));
  s->prioritize(TaskLabel("other"));
  QCOMPARE(s->deprioritizedLabels(), (Order{"alpha", "mid", "zeta"}));
  s->prioritize(TaskLabel("mid"));
  QCOMPARE(s->deprioritizedLabels(), (Order{"alpha", "zeta"}));
  QVERIFY(!s->isDeprioritized(TaskLabel("mid")));
  QVERIFY(s->isDeprioritized(TaskLabel("zeta")));
  s->prioritize(TaskLabel("alpha"));
  s->prioritize(TaskLabel("zeta"));
  QVERIFY(s->deprioritizedLabels().empty());

  // The queue as the Scheduler pane lists it follows: deprioritized rows last, flagged.
  auto q = makeScheduler(0, false);
  std::vector<Task<void>> queued;
  queued.push_back(spawnLabeled(*q, TaskLabel("low"), [] {}));
  queued.push_back(spawn(*q, [] {}));
  q->deprioritize(TaskLabel("low"));
  auto rows = q->readyTasks();
  QCOMPARE(rows.size(), std::size_t(2));
  QVERIFY(!rows[0].deprioritized && rows[1].deprioritized);
  QCOMPARE(std::string(rows[1].label.name()), std::string("low"));
  q->prioritize(TaskLabel("low"));
  rows = q->readyTasks();
  QVERIFY(!rows[0].deprioritized && !rows[1].deprioritized);
  QCOMPARE(std::string(rows[1].label.name()), std::string("low"));
  q->runUntilParked();
}

void TestSchedulerTests::hasDecisionPredictsTick() {
  auto s = makeScheduler();
  QVERIFY(!s->hasDecision());
  QVERIFY(!s->tick());
  // A ready task.
  int runs = 0;
  auto a = spawn(*s, [&] { ++runs; });
  QVERIFY(s->hasDecision());
  const std::uint64_t decisions = s->decisionCount();
  QVERIFY(s->hasDecision());  // asking twice changes nothing
  QCOMPARE(s->decisionCount(), decisions);
  QCOMPARE(runs, 0);
  QVERIFY(s->tick());
  QCOMPARE(runs, 1);
  QVERIFY(!s->hasDecision());
  // A timer: not a decision until it is due.
  auto later = spawnAfter(*s, 10ms, [&] { ++runs; });
  QVERIFY(!s->hasDecision());
  s->simulateElapsed(9ms);
  QVERIFY(!s->hasDecision());
  s->simulateElapsed(1ms);
  QVERIFY(s->hasDecision());
  QVERIFY(s->tick());
  QCOMPARE(runs, 2);
  QVERIFY(!s->hasDecision());
  // A cancelled timer that is due is no decision (tick purges it and finds nothing).
  {
    auto cancelled = spawnAfter(*s, 5ms, [&] { ++runs; });
  }
  s->simulateElapsed(5ms);
  QVERIFY(!s->hasDecision());
  QVERIFY(!s->tick());
  QCOMPARE(runs, 2);
  // Only deprioritized work ready: still a decision.
  s->deprioritize(TaskLabel("low"));
  auto low = spawnLabeled(*s, TaskLabel("low"), [&] { ++runs; });
  QVERIFY(s->hasDecision());
  QVERIFY(s->tick());
  QCOMPARE(runs, 3);
  QVERIFY(!s->hasDecision());
  // Work scheduled from another thread waits for the next tick: a decision.
  std::thread other([&] { spawn(*s, [&] { ++runs; }).detach(); });
  other.join();
  QVERIFY(s->hasDecision());
  s->runUntilParked();
  QCOMPARE(runs, 4);

  // Under many seeds, with tasks that yield, spawn and sleep: at every point hasDecision()
  // says what tick() then does.
  manyQt(20, [](TestScheduler& s) {
    std::vector<Task<void>> tasks;
    int done = 0;
    for (int i = 0; i < 6; ++i) {
      tasks.push_back(spawn(s, [&s, &done, i]() -> Task<void> {
        for (int k = 0; k < i % 3 + 1; ++k) co_await timer(s, std::chrono::milliseconds(i + k));
        ++done;
      }));
    }
    tasks.push_back(spawnLabeled(s, TaskLabel("bg"), [&done] { ++done; }));
    s.deprioritize(TaskLabel("bg"));
    for (int guard = 0; guard < 1000 && done < 7; ++guard) {
      const bool predicted = s.hasDecision();
      const bool made = s.tick();
      QCOMPARE(made, predicted);
      if (!made) QVERIFY(s.advanceToNextTimer());
    }
    QCOMPARE(done, 7);
    QVERIFY(!s.hasDecision());
  });
}

void TestSchedulerTests::timersListTheTasksTheyWake() {
  auto s = makeScheduler();
  Task<void> gate = timer(*s, 10ms);
  const TaskId gateId = gate.id();
  auto waiter = spawn(*s, [g = std::move(gate)]() mutable -> Task<void> { co_await std::move(g); });
  auto alone = timer(*s, 20ms);
  // Before the waiter runs, nobody awaits the gate.
  auto rows = s->timers();
  QCOMPARE(rows.size(), std::size_t(2));
  QCOMPARE(rows[0].id, gateId);
  QVERIFY(rows[0].wakes.empty());
  s->runUntilParked();  // the waiter starts and awaits the gate
  rows = s->timers();
  QCOMPARE(rows.size(), std::size_t(2));
  QCOMPARE(rows[0].wakes, std::vector<TaskId>{waiter.id()});
  QVERIFY(rows[1].wakes.empty());  // awaited by nobody
  QVERIFY(s->readyTasks().empty());
  s->advanceClock(10ms);
  QVERIFY(!s->isTaskRunning(waiter.id()));
  QCOMPARE(s->timers().size(), std::size_t(1));
}
