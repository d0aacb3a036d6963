#include <QtTest/QtTest>

#include <atomic>
#include <latch>
#include <optional>
#include <thread>

#include "manual_scheduler.h"
#include "sched/spawn.h"
#include "sim/simulated_execution_context.h"
#include "sim_test_classes.h"
#include "sim_test_support.h"
#include "support/printers.h"
#include "thread_pool_scheduler.h"

using namespace tickscope;
using namespace tickscope::sched;
using namespace tickscope::sim;
using namespace std::chrono_literals;
using testing::ManualScheduler;
using testing::ms;
using testing::q;
using testing::ThreadPoolScheduler;

void ProductionSchedulerTests::tracksCompletionWithoutTestScheduler() {
  auto m = std::make_shared<ManualScheduler>();
  SimulatedExecutionContext ctx(m);
  const SessionId id = ctx.createSession("req-1");
  TaskId a, b;
  ctx.withSession(id, [&] {
    auto ta = ctx.spawnWithSession("a", [] {});
    auto tb = ctx.spawnWithSession("b", [&]() -> Task<void> { co_await ctx.delay(20ms); });
    a = ta.id();
    b = tb.id();
    std::move(ta).detach();
    std::move(tb).detach();
  });
  QVERIFY(a && b);
  QVERIFY(ctx.isTaskRunning(a));
  QVERIFY(ctx.isTaskRunning(b));
  CleanupResult r = ctx.validateSessionCleanup(id);
  QCOMPARE(q(ctx.session(id)->danglingNames()), QStringList({"a", "b"}));
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Running);  // alive; the context can't tell queued

  QCOMPARE(m->runReady(), std::size_t{2});
  QVERIFY(!ctx.isTaskRunning(a));
  QVERIFY(ctx.isTaskRunning(b));
  r = ctx.validateSessionCleanup(id);
  QCOMPARE(q(ctx.session(id)->danglingNames()), QStringList({"b"}));
  QVERIFY(q(r.message).startsWith("session req-1: 1 unauthorized task still running: b (task "));
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Completed);

  m->advance(19ms);
  QVERIFY(ctx.isTaskRunning(b));
  m->advance(1ms);
  QVERIFY(!ctx.isTaskRunning(b));
  r = ctx.validateSessionCleanup(id);
  QVERIFY(r.valid);
  QCOMPARE(ms(r.at), 20.0);
  QCOMPARE(ctx.session(id)->tasks[1].state, TaskState::Completed);
}

void ProductionSchedulerTests::tracksCancellation() {
  auto m = std::make_shared<ManualScheduler>();
  SimulatedExecutionContext ctx(m);
  const SessionId id = ctx.createSession("req-1");
  std::optional<Task<void>> audit;
  ctx.withSession(id, [&] {
    audit = ctx.spawnWithSession("audit", [&]() -> Task<void> { co_await ctx.delay(500ms); });
  });
  m->runReady();
  const TaskId auditId = audit->id();
  QVERIFY(ctx.isTaskRunning(auditId));
  QVERIFY(!ctx.validateSessionCleanup(id).valid);
  audit.reset();
  QVERIFY(!ctx.isTaskRunning(auditId));
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Cancelled);
  QVERIFY(ctx.validateSessionCleanup(id).valid);
}

void ProductionSchedulerTests::waitUntilRunsAfterTenMsOnTheSchedulersTimer() {
  auto m = std::make_shared<ManualScheduler>();
  SimulatedExecutionContext ctx(m);
  const SessionId id = ctx.createSession("req-1");
  std::optional<Instant> started;
  const TaskId w = ctx.withSession(id, [&] { return ctx.waitUntil("flush", [&] { started = m->now(); }); });
  m->runReady();
  QCOMPARE(m->timerCount(), std::size_t{1});
  QVERIFY(ctx.isTaskRunning(w));
  QVERIFY(ctx.validateSessionCleanup(id).valid);  // allowed to outlive the session
  m->advance(9ms);
  QVERIFY(!started);
  m->advance(1ms);
  QCOMPARE(ms(*started), 10.0);
  QVERIFY(!ctx.isTaskRunning(w));
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Completed);
}

void ProductionSchedulerTests::taskFinishingAfterContextIsGoneIsHarmless() {
  auto m = std::make_shared<ManualScheduler>();
  bool finished = false;
  {
    SimulatedExecutionContext ctx(m);
    const SessionId id = ctx.createSession("req-1");
    ctx.withSession(id, [&] {
      ctx.spawnWithSession("late", [&finished, s = m.get()]() -> Task<void> {
           co_await timer(*s, 5ms);
           finished = true;
         }).detach();
    });
    m->runReady();
    QVERIFY(!ctx.validateSessionCleanup(id).valid);
  }  // the context is gone; its completion callback is still registered on the task
  m->advance(5ms);
  QVERIFY(finished);
}

void ProductionSchedulerTests::alreadyFinishedTaskLinksAsCompleted() {
  auto m = std::make_shared<ManualScheduler>();
  SimulatedExecutionContext ctx(m);
  const SessionId id = ctx.createSession("req-1");
  auto done = spawn(*m, [] { return 7; });
  m->runReady();
  QVERIFY(done.isReady());
  // A started task is only linked; it finished before, so the callback runs on the spot.
  auto linked = ctx.withSession(id, [&] { return ctx.spawnWithSession("done", std::move(done)); });
  QVERIFY(!ctx.isTaskRunning(linked.id()));
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Completed);
  QVERIFY(ctx.validateSessionCleanup(id).valid);
  QCOMPARE(std::move(linked).result(), 7);
}

void ProductionSchedulerTests::tracksCompletionAcrossWorkerThreads() {
  // Tasks finish on worker threads while the main thread keeps spawning and inspecting, and
  // each task spawns a child from its worker: the context's lock and completion callbacks
  // must keep the books straight (run this under TSan as well).
  constexpr int kParents = 100;
  auto pool = std::make_shared<ThreadPoolScheduler>(3);
  SimulatedExecutionContext ctx(pool);
  const SessionId id = ctx.createSession("req-mt");
  ctx.setCurrentSession(id);  // stays current: children spawned on workers link to it too
  std::latch finished(2 * kParents);
  std::atomic<int> ran{0};
  // Counts finished tasks. A callback registered while the task is already finishing runs at
  // once, possibly before the context's own callback on the worker, hence the wait below.
  auto countWhenFinished = [&finished](auto& task) { task.core()->onFinished([&finished] { finished.count_down(); }); };
  for (int i = 0; i < kParents; ++i) {
    auto parent = ctx.spawnWithSession("parent" + std::to_string(i), [&, i] {
      ++ran;
      auto child = ctx.spawnWithSession("child" + std::to_string(i), [&] { ++ran; });
      countWhenFinished(child);
      std::move(child).detach();
    });
    countWhenFinished(parent);
    std::move(parent).detach();
    if (i % 10 == 0) (void)ctx.sessions();  // read while workers write
  }
  finished.wait();
  ctx.clearCurrentSession();
  const SessionSnapshot linked = *ctx.session(id);
  for (const SessionTaskSnapshot& t : linked.tasks) {
    // Bounded by a count of yields, not by time: the context's callback is at most a few
    // instructions behind the count above.
    for (int spins = 0; ctx.isTaskRunning(t.id); ++spins) {
      if (spins == 10'000'000) QFAIL(("the context never saw " + t.name + " finish").c_str());
      std::this_thread::yield();
    }
  }
  QCOMPARE(ran.load(), 2 * kParents);
  const CleanupResult r = ctx.validateSessionCleanup(id);
  QVERIFY2(r.valid, r.message.c_str());
  const SessionSnapshot snap = *ctx.session(id);
  QCOMPARE(snap.tasks.size(), std::size_t{2 * kParents});
  for (const SessionTaskSnapshot& t : snap.tasks) {
    QCOMPARE(t.state, TaskState::Completed);
    QVERIFY(!ctx.isTaskRunning(t.id));
  }
}
