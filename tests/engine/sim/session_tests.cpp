#include <QtTest/QtTest>

#include <optional>
#include <stdexcept>

#include "sched/spawn.h"
#include "sched/test_scheduler.h"
#include "sim/simulated_execution_context.h"
#include "sim_test_classes.h"
#include "sim_test_support.h"
#include "support/many_qt.h"
#include "support/printers.h"
#include "trace/recorder.h"

using namespace tickscope;
using namespace tickscope::sched;
using namespace tickscope::sim;
using namespace std::chrono_literals;
using testing::borrow;
using testing::manyQt;
using testing::ms;
using testing::q;
using testing::siteText;

namespace {
Task<int> answerAt(Scheduler& s, std::optional<Instant>* at) {
  *at = s.now();
  co_return 42;
}

std::vector<trace::SessionEvent> sessionEvents(const trace::Recorder& recorder) {
  std::vector<trace::SessionEvent> out;
  for (const trace::Event& e : recorder.events()) {
    if (const auto* s = std::get_if<trace::SessionEvent>(&e)) out.push_back(*s);
  }
  return out;
}
}  // namespace

void SessionTests::tasksSpawnedInsideWithSessionAreLinked() {
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const SessionId id = ctx.createSession("req-1");
    QVERIFY(!ctx.currentSession());
    auto outside = ctx.spawnWithSession("outside", [] {});
    TaskId a, b;
    ctx.withSession(id, [&] {
      QCOMPARE(ctx.currentSession(), std::optional<SessionId>(id));
      auto ta = ctx.spawnWithSession("a", [] {});
      auto tb = ctx.spawnWithSession("b", [&]() -> Task<void> { co_await ctx.delay(5ms); });
      a = ta.id();
      b = tb.id();
      std::move(ta).detach();
      std::move(tb).detach();
    });
    QVERIFY(!ctx.currentSession());

    auto snap = ctx.session(id);
    QVERIFY(snap);
    QCOMPARE(q(snap->name), QString("req-1"));
    QCOMPARE(snap->tasks.size(), std::size_t{2});
    QCOMPARE(snap->tasks[0].id.value, a.value);
    QCOMPARE(q(snap->tasks[0].name), QString("a"));
    QCOMPARE(snap->tasks[1].id.value, b.value);
    QCOMPARE(q(snap->tasks[1].name), QString("b"));
    QCOMPARE(snap->tasks[0].state, TaskState::Scheduled);
    QVERIFY(!snap->tasks[0].waitUntil);
    QVERIFY(ctx.isTaskRunning(a));
    QVERIFY(!ctx.isTaskRunning(outside.id()));  // spawned with no session current: not linked

    s.runUntilParked();
    QVERIFY(!ctx.isTaskRunning(a));
    QVERIFY(ctx.isTaskRunning(b));
    snap = ctx.session(id);
    QCOMPARE(snap->tasks[0].state, TaskState::Completed);
    QCOMPARE(snap->tasks[1].state, TaskState::Running);  // waiting on its timer

    s.advanceClock(5ms);
    QVERIFY(!ctx.isTaskRunning(b));
    QCOMPARE(ctx.sessions().size(), std::size_t{1});
    QCOMPARE(ctx.sessions()[0].tasks[1].state, TaskState::Completed);
    QVERIFY(ctx.validateSessionCleanup(id).valid);
  });
}

void SessionTests::withSessionRestoresPreviousSessionAlsoOnThrow() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId a = ctx.createSession("a");
  const SessionId b = ctx.createSession("b");
  ctx.withSession(a, [&] {
    ctx.withSession(b, [&] { QCOMPARE(ctx.currentSession(), std::optional<SessionId>(b)); });
    QCOMPARE(ctx.currentSession(), std::optional<SessionId>(a));
  });
  QVERIFY(!ctx.currentSession());

  ctx.setCurrentSession(a);
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, ctx.withSession(b, [] { throw std::runtime_error("request failed"); }));
  QCOMPARE(ctx.currentSession(), std::optional<SessionId>(a));

  const int result = ctx.withSession(b, [] { return 42; });
  QCOMPARE(result, 42);
  QCOMPARE(ctx.currentSession(), std::optional<SessionId>(a));
}

void SessionTests::currentSessionCanBeSetAndCleared() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId a = ctx.createSession("a");
  const SessionId b = ctx.createSession("b");
  QCOMPARE(a.value, std::uint64_t{1});
  QCOMPARE(b.value, std::uint64_t{2});

  ctx.setCurrentSession(a);
  auto t1 = ctx.spawnWithSession("one", [] {});
  ctx.clearCurrentSession();
  QVERIFY(!ctx.currentSession());
  auto t2 = ctx.spawnWithSession("two", [] {});
  ctx.setCurrentSession(b);
  auto t3 = ctx.spawnWithSession("three", [] {});
  ctx.clearCurrentSession();

  QCOMPARE(q(ctx.session(a)->taskNames()), QStringList({"one"}));
  QCOMPARE(q(ctx.session(b)->taskNames()), QStringList({"three"}));
  QVERIFY(ctx.isTaskRunning(t1.id()));
  QVERIFY(!ctx.isTaskRunning(t2.id()));  // unlinked: the context does not answer for it
  QVERIFY(ctx.isTaskRunning(t3.id()));

  // With no session current, waitUntil still runs its body after the delay, unlinked.
  bool ran = false;
  const TaskId bg = ctx.waitUntil("bg", [&] { ran = true; });
  QVERIFY(s.isTaskRunning(bg));
  QVERIFY(!ctx.isTaskRunning(bg));
  QCOMPARE(ms(*s.nextTimerDeadline()), 10.0);  // armed at the call, before the task first runs
  s.advanceClock(9ms);
  QVERIFY(!ran);
  s.advanceClock(1ms);
  QVERIFY(ran);
  QCOMPARE(ctx.session(a)->tasks.size(), std::size_t{1});
  QCOMPARE(ctx.session(b)->tasks.size(), std::size_t{1});
}

void SessionTests::unknownSessionIsAnError() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  QVERIFY_THROWS_EXCEPTION(SessionError, ctx.setCurrentSession(SessionId{1}));
  QVERIFY_THROWS_EXCEPTION(SessionError, ctx.withSession(SessionId{}, [] {}));
  QVERIFY_THROWS_EXCEPTION(SessionError, (void)ctx.validateSessionCleanup(SessionId{3}));
  QVERIFY(!ctx.session(SessionId{3}));
  QVERIFY(!ctx.currentSession());
  QVERIFY_THROWS_EXCEPTION(SessionError, (void)ctx.spawnWithSession("empty", Task<void>{}));
  QVERIFY_THROWS_EXCEPTION(SessionError, (void)ctx.waitUntil("empty", Task<int>{}));
  QVERIFY_THROWS_EXCEPTION(SessionError, SimulatedExecutionContext(nullptr));
}

void SessionTests::sessionWhoseTasksAllFinishedValidates() {
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const SessionId id = ctx.createSession("req-1");
    ctx.withSession(id, [&] {
      ctx.spawnWithSession("plain", [] { return 1; }).detach();
      ctx.spawnWithSession("timed", [&]() -> Task<void> { co_await ctx.delay(5ms); }).detach();
      ctx.spawnWithSession("passing", [&]() -> Task<void> { co_await ctx.passThrough(); }).detach();
    });
    s.runUntilParked();
    s.advanceClock(10ms);
    const CleanupResult r = ctx.validateSessionCleanup(id);
    QVERIFY(r.valid);
    QVERIFY(bool(r));
    QVERIFY(r.dangling.empty());
    QVERIFY(r.message.empty());
    QCOMPARE(ms(r.at), 10.0);
    QCOMPARE(q(r.sessionName), QString("req-1"));

    const SessionSnapshot snap = *ctx.session(id);
    QVERIFY(snap.validated());
    QCOMPARE(ms(*snap.validatedAt), 10.0);
    QVERIFY(snap.valid);
    for (const SessionTaskSnapshot& t : snap.tasks) QCOMPARE(t.state, TaskState::Completed);
  });
}

void SessionTests::waitUntilTaskIsAllowedAndStartsAfterTenMs() {
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    s.advanceClock(3ms);
    const SessionId id = ctx.createSession("req-1");
    std::optional<Instant> started, finished;
    const TaskId w = ctx.withSession(id, [&] {
      return ctx.waitUntil("flush", [&]() -> Task<void> {
        started = s.now();
        co_await ctx.delay(30ms);
        finished = s.now();
      });
    });
    s.runUntilParked();
    QVERIFY(ctx.isTaskRunning(w));
    const CleanupResult r = ctx.validateSessionCleanup(id);
    QVERIFY(r.valid);
    QVERIFY(r.dangling.empty());

    const SessionSnapshot snap = *ctx.session(id);
    QCOMPARE(ms(snap.openedAt), 3.0);
    QCOMPARE(snap.waitUntil.size(), std::size_t{1});
    QCOMPARE(snap.waitUntil[0].value, w.value);
    QVERIFY(snap.tasks[0].waitUntil);
    QCOMPARE(q(snap.waitUntilNames()), QStringList({"flush"}));

    s.advanceClock(9ms);
    QVERIFY(!started);
    s.advanceClock(1ms);
    QVERIFY(started);
    QCOMPARE(ms(*started), 13.0);  // exactly kWaitUntilDelay after the call
    s.advanceClock(29ms);
    QVERIFY(!finished);
    QVERIFY(ctx.isTaskRunning(w));
    s.advanceClock(1ms);
    QCOMPARE(ms(*finished), 43.0);
    QVERIFY(!ctx.isTaskRunning(w));
    QVERIFY(ctx.validateSessionCleanup(id).valid);
  });
}

void SessionTests::waitUntilTakesCoroutinesAndTasks() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId id = ctx.createSession("req-1");
  std::optional<Instant> plainAt, answerStarted;
  TaskId plain, unstarted, started, failing;
  ctx.withSession(id, [&] {
    plain = ctx.waitUntil("plain", [&] { plainAt = s.now(); });
    // An unstarted coroutine task is started only once the waitUntil delay has passed.
    unstarted = ctx.waitUntil("unstarted", answerAt(s, &answerStarted));
    // A started task is awaited: the waitUntil task lives as long as it does.
    auto running = spawn(s, [&]() -> Task<void> { co_await timer(s, 50ms); });
    started = ctx.waitUntil("started", std::move(running));
    // A body that throws is logged; the exception does not reach the scheduler.
    failing = ctx.waitUntil("failing", [] { throw std::runtime_error("flush failed"); });
  });
  s.runUntilParked();
  QVERIFY(!answerStarted);
  s.advanceClock(10ms);
  QCOMPARE(ms(*plainAt), 10.0);
  QCOMPARE(ms(*answerStarted), 10.0);
  QVERIFY(!ctx.isTaskRunning(plain));
  QVERIFY(!ctx.isTaskRunning(unstarted));
  QCOMPARE(s.taskState(failing), std::optional<TaskState>(TaskState::Completed));
  QVERIFY(ctx.isTaskRunning(started));
  s.advanceClock(39ms);
  QVERIFY(ctx.isTaskRunning(started));
  s.advanceClock(1ms);
  QVERIFY(!ctx.isTaskRunning(started));
  QCOMPARE(q(ctx.session(id)->waitUntilNames()), QStringList({"plain", "unstarted", "started", "failing"}));
}

void SessionTests::unregisteredRunningTaskIsAnErrorNamingIt() {
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const SessionId id = ctx.createSession("req-1");
    const std::source_location site = std::source_location::current();
    TaskId audit;
    ctx.withSession(id, [&] {
      auto t = ctx.spawnWithSession("audit", [&]() -> Task<void> { co_await ctx.delay(500ms); }, site);
      audit = t.id();
      std::move(t).detach();
      ctx.spawnWithSession("quick", [] {}).detach();
      ctx.waitUntil("flush", [&]() -> Task<void> { co_await ctx.delay(30ms); });
    });
    s.runUntilParked();

    const CleanupResult r = ctx.validateSessionCleanup(id);
    QVERIFY(!r.valid);
    QVERIFY(!r);
    QCOMPARE(r.dangling.size(), std::size_t{1});
    QCOMPARE(r.dangling[0].id.value, audit.value);
    QCOMPARE(q(r.dangling[0].name), QString("audit"));
    QCOMPARE(q(r.dangling[0].origin), q(siteText(site)));
    const std::string expected = "session req-1: 1 unauthorized task still running: audit (task " +
                                 std::to_string(audit.value) + ", spawned at " + siteText(site) + ")";
    QCOMPARE(q(r.message), q(expected));

    const SessionSnapshot snap = *ctx.session(id);
    QVERIFY(!snap.valid);
    QCOMPARE(ms(*snap.validatedAt), 0.0);
    QCOMPARE(q(snap.danglingNames()), QStringList({"audit"}));
    QCOMPARE(q(snap.message), q(expected));
    QCOMPARE(q(snap.taskNames()), QStringList({"audit", "quick", "flush"}));
  });
}

void SessionTests::unnamedDanglingTasksAreNamedById() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId id = ctx.createSession();  // named by its id
  const std::source_location first = std::source_location::current();
  const std::source_location second = std::source_location::current();
  TaskId a, b;
  ctx.withSession(id, [&] {
    auto ta = ctx.spawnWithSession("", [&]() -> Task<void> { co_await ctx.delay(1ms); }, first);
    auto tb = ctx.spawnWithSession({"log", "/events/3/spawn/0"}, [&]() -> Task<void> { co_await ctx.delay(1ms); },
                                   second);
    a = ta.id();
    b = tb.id();
    std::move(ta).detach();
    std::move(tb).detach();
  });
  const CleanupResult r = ctx.validateSessionCleanup(id);
  QCOMPARE(q(r.sessionName), QString("1"));
  const std::string expected = "session 1: 2 unauthorized tasks still running: task " + std::to_string(a.value) +
                               " (spawned at " + siteText(first) + "), log (task " + std::to_string(b.value) +
                               ", spawned at /events/3/spawn/0)";
  QCOMPARE(q(r.message), q(expected));
}

void SessionTests::validationAfterDanglingTaskFinishesPasses() {
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const SessionId id = ctx.createSession("req-1");
    ctx.withSession(id, [&] {
      ctx.spawnWithSession("audit", [&]() -> Task<void> { co_await ctx.delay(500ms); }).detach();
    });
    s.runUntilParked();
    QVERIFY(!ctx.validateSessionCleanup(id).valid);
    s.advanceClock(499ms);
    QVERIFY(!ctx.validateSessionCleanup(id).valid);
    s.advanceClock(1ms);
    const CleanupResult r = ctx.validateSessionCleanup(id);
    QVERIFY(r.valid);
    QVERIFY(r.message.empty());
    const SessionSnapshot snap = *ctx.session(id);
    QVERIFY(snap.valid);
    QVERIFY(snap.dangling.empty());
    QCOMPARE(ms(*snap.validatedAt), 500.0);  // the last validation counts
  });
}

void SessionTests::droppedHandleCancelsSoNothingDangles() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId id = ctx.createSession("req-1");
  std::optional<Task<void>> audit;
  ctx.withSession(id, [&] {
    audit = ctx.spawnWithSession("audit", [&]() -> Task<void> { co_await ctx.delay(500ms); });
  });
  s.runUntilParked();
  const TaskId auditId = audit->id();
  QVERIFY(!ctx.validateSessionCleanup(id).valid);
  audit.reset();  // the request dropped its handle: the task is cancelled
  QVERIFY(!ctx.isTaskRunning(auditId));
  QVERIFY(ctx.validateSessionCleanup(id).valid);
  QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Cancelled);
}

void SessionTests::twoInterleavedSessionsKeepTheirOwnTasks() {
  manyQt(50, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const SessionId a = ctx.createSession("a");
    const SessionId b = ctx.createSession("b");
    // Two request handlers; the seed decides how their steps interleave. Each links its
    // children through its own session, so the order must not matter.
    auto handler = [&](SessionId session, std::string prefix, Duration childDelay) {
      return spawn(s, [&ctx, &s, session, prefix, childDelay]() -> Task<void> {
        for (int i = 0; i < 3; ++i) {
          ctx.withSession(session, [&] {
            ctx.spawnWithSession(prefix + std::to_string(i), [&ctx, childDelay]() -> Task<void> {
                 co_await ctx.delay(childDelay);
               }).detach();
          });
          co_await s.simulateRandomDelay();
        }
        ctx.withSession(session, [&] {
          ctx.waitUntil(prefix + "-bg", [&ctx]() -> Task<void> { co_await ctx.delay(100ms); });
        });
      });
    };
    auto ha = handler(a, "a", 20ms);
    auto hb = handler(b, "b", 10ms);
    s.runUntilParked();
    QVERIFY(ha.isReady());
    QVERIFY(hb.isReady());

    QCOMPARE(q(ctx.session(a)->taskNames()), QStringList({"a0", "a1", "a2", "a-bg"}));
    QCOMPARE(q(ctx.session(b)->taskNames()), QStringList({"b0", "b1", "b2", "b-bg"}));
    const CleanupResult ra = ctx.validateSessionCleanup(a);
    const CleanupResult rb = ctx.validateSessionCleanup(b);
    QCOMPARE(q(ctx.session(a)->danglingNames()), QStringList({"a0", "a1", "a2"}));
    QCOMPARE(q(ctx.session(b)->danglingNames()), QStringList({"b0", "b1", "b2"}));
    QVERIFY(q(ra.message).startsWith("session a: 3 unauthorized tasks still running: a0 (task "));
    QVERIFY(q(rb.message).startsWith("session b: 3 unauthorized tasks still running: b0 (task "));
    QCOMPARE(q(ctx.session(a)->waitUntilNames()), QStringList({"a-bg"}));
    QCOMPARE(q(ctx.session(b)->waitUntilNames()), QStringList({"b-bg"}));

    s.advanceClock(10ms);
    QVERIFY(ctx.validateSessionCleanup(b).valid);
    QVERIFY(!ctx.validateSessionCleanup(a).valid);
    s.advanceClock(10ms);
    QVERIFY(ctx.validateSessionCleanup(a).valid);
  });
}

void SessionTests::passThroughAndDelayUseTheSchedulerTimer() {
  manyQt(10, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    std::vector<double> marks;
    auto t = spawn(s, [&]() -> Task<void> {
      co_await ctx.passThrough();
      marks.push_back(ms(s.now()));
      co_await ctx.delay(25ms);
      marks.push_back(ms(s.now()));
      co_await ctx.delay(0ms);  // ready at once
      marks.push_back(ms(s.now()));
    });
    s.runUntilParked();
    QVERIFY(marks.empty());
    QCOMPARE(s.timerCount(), std::size_t{1});
    QCOMPARE(ms(*s.nextTimerDeadline()), 10.0);
    s.advanceClock(9ms);
    QVERIFY(marks.empty());
    s.advanceClock(1ms);
    QCOMPARE(marks, std::vector<double>({10.0}));
    s.advanceClock(25ms);
    QCOMPARE(marks, std::vector<double>({10.0, 35.0, 35.0}));
    QVERIFY(t.isReady());
  });
}

void SessionTests::traceEventsCarryWhatTheSessionsPaneNeeds() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  trace::Recorder recorder;
  ctx.setObserver(&recorder);
  s.advanceClock(5ms);
  const SessionId id = ctx.createSession("req-1");
  const std::source_location site = std::source_location::current();
  TaskId audit, flush;
  ctx.withSession(id, [&] {
    auto t = ctx.spawnWithSession("audit", [&]() -> Task<void> { co_await ctx.delay(500ms); }, site);
    audit = t.id();
    std::move(t).detach();
    flush = ctx.waitUntil({"flush", "/events/0/spawn/0"}, [] {});
  });
  s.runUntilParked();
  s.advanceClock(2ms);
  const CleanupResult r = ctx.validateSessionCleanup(id);

  const auto events = sessionEvents(recorder);
  QCOMPARE(events.size(), std::size_t{5});

  QCOMPARE(events[0].kind, trace::SessionEventKind::SessionOpened);
  QCOMPARE(ms(events[0].at), 5.0);
  QCOMPARE(events[0].session, id.value);
  QCOMPARE(q(events[0].sessionName), QString("req-1"));

  QCOMPARE(events[1].kind, trace::SessionEventKind::TaskLinked);
  QCOMPARE(ms(events[1].at), 5.0);
  QCOMPARE(events[1].session, id.value);
  QCOMPARE(q(events[1].sessionName), QString("req-1"));
  QCOMPARE(events[1].task.value, audit.value);
  QCOMPARE(q(events[1].taskName), QString("audit"));
  QCOMPARE(q(events[1].origin), q(siteText(site)));

  QCOMPARE(events[2].kind, trace::SessionEventKind::TaskLinked);
  QCOMPARE(events[2].task.value, flush.value);
  QCOMPARE(q(events[2].taskName), QString("flush"));
  QCOMPARE(q(events[2].origin), QString("/events/0/spawn/0"));

  QCOMPARE(events[3].kind, trace::SessionEventKind::WaitUntil);
  QCOMPARE(events[3].task.value, flush.value);
  QCOMPARE(q(events[3].taskName), QString("flush"));
  QCOMPARE(events[3].delay, SimulatedExecutionContext::kWaitUntilDelay);
  QCOMPARE(events[3].session, id.value);

  QCOMPARE(events[4].kind, trace::SessionEventKind::SessionValidated);
  QCOMPARE(ms(events[4].at), 7.0);
  QCOMPARE(events[4].session, id.value);
  QVERIFY(!events[4].valid);
  QCOMPARE(q(events[4].dangling), QStringList({"audit"}));
  QCOMPARE(events[4].danglingTasks.size(), std::size_t{1});
  QCOMPARE(events[4].danglingTasks[0].value, audit.value);
  QCOMPARE(q(events[4].message), q(r.message));
  QVERIFY(!r.message.empty());

  s.advanceClock(500ms);
  ctx.validateSessionCleanup(id);
  const auto after = sessionEvents(recorder);
  QCOMPARE(after.size(), std::size_t{6});
  QVERIFY(after[5].valid);
  QVERIFY(after[5].dangling.empty());
  QVERIFY(after[5].message.empty());
}

void SessionTests::noObserverNoEvents() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  trace::Recorder recorder;
  ctx.setObserver(&recorder);
  const SessionId first = ctx.createSession("first");
  ctx.setObserver(nullptr);
  const SessionId second = ctx.createSession("second");
  ctx.withSession(second, [&] { ctx.waitUntil("bg", [] {}); });
  ctx.validateSessionCleanup(first);
  const auto events = sessionEvents(recorder);
  QCOMPARE(events.size(), std::size_t{1});
  QCOMPARE(q(events[0].sessionName), QString("first"));
}
