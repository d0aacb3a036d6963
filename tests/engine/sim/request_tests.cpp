#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include "sched/test_scheduler.h"
#include "sim/request.h"
#include "sim/session_report.h"
#include "sim_test_classes.h"
#include "sim_test_support.h"
#include "support/many_qt.h"
#include "support/printers.h"

using namespace tickscope;
using namespace tickscope::sched;
using namespace tickscope::sim;
using namespace std::chrono_literals;
using testing::borrow;
using testing::manyQt;
using testing::ms;
using testing::q;

void RequestTests::specExampleLeavesAuditDangling() {
  // spec section 6: { "atMs": 10, "session": "req-1", "spawn": [flush 30 waitUntil, audit 500] }
  manyQt(20, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    s.advanceClock(10ms);
    const std::vector<SpawnSpec> specs = {{"flush", 30, true, "/events/0/spawn/0"},
                                          {"audit", 500, false, "/events/0/spawn/1"}};
    const SessionId id = openRequest(ctx, "req-1", specs);
    QVERIFY(!ctx.currentSession());
    s.runUntilParked();
    const CleanupResult r = ctx.validateSessionCleanup(id);
    QVERIFY(!r.valid);

    const SessionSnapshot snap = *ctx.session(id);
    QCOMPARE(snap.tasks.size(), std::size_t{2});
    const std::string expected = "session req-1: 1 unauthorized task still running: audit (task " +
                                 std::to_string(snap.tasks[1].id.value) + ", spawned at /events/0/spawn/1)";
    QCOMPARE(q(r.message), q(expected));

    const trace::SessionReport report = toSessionReport(snap);
    QCOMPARE(q(report.id), QString("req-1"));
    QCOMPARE(report.atMs, 10.0);
    QCOMPARE(q(report.tasks), QStringList({"flush", "audit"}));
    QCOMPARE(q(report.waitUntil), QStringList({"flush"}));
    QCOMPARE(q(report.dangling), QStringList({"audit"}));
    QVERIFY(!report.valid);

    const std::optional<trace::ReportError> error = danglingTaskError(r);
    QVERIFY(error);
    QCOMPARE(q(error->kind), QString("dangling-task"));
    QCOMPARE(q(error->session), QString("req-1"));
    QCOMPARE(q(error->tasks), QStringList({"audit"}));
    QCOMPARE(error->atMs, 10.0);
    QCOMPARE(q(error->message), q(expected));
    QVERIFY(error->actions.empty());
  });
}

void RequestTests::waitUntilDelayAddsToDelayMs() {
  manyQt(10, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    s.advanceClock(10ms);
    const std::vector<SpawnSpec> specs = {{"flush", 30, true, {}}, {"audit", 500, false, {}}};
    const SessionId id = openRequest(ctx, "req-1", specs);
    s.runUntilParked();
    const SessionSnapshot snap = *ctx.session(id);
    const TaskId flush = snap.tasks[0].id;
    const TaskId audit = snap.tasks[1].id;
    // An empty origin names the spec by its index.
    QVERIFY(q(ctx.validateSessionCleanup(id).message).endsWith(", spawned at req-1 spawn[1])"));

    s.advanceClock(39ms);  // t = 49: 10 ms waitUntil delay + 30 ms delayMs not yet over
    QVERIFY(ctx.isTaskRunning(flush));
    s.advanceClock(1ms);  // t = 50
    QVERIFY(!ctx.isTaskRunning(flush));
    QCOMPARE(ms(s.now()), 50.0);
    s.advanceClock(459ms);  // t = 509
    QVERIFY(ctx.isTaskRunning(audit));
    s.advanceClock(1ms);  // t = 510: audit waits exactly its delayMs
    QVERIFY(!ctx.isTaskRunning(audit));
    QVERIFY(ctx.validateSessionCleanup(id).valid);
    QVERIFY(!s.nextTimerDeadline());
  });
}

void RequestTests::zeroDelayTaskFinishesWhileSettling() {
  manyQt(10, [](TestScheduler& s) {
    SimulatedExecutionContext ctx(borrow(s));
    const std::vector<SpawnSpec> specs = {{"quick", 0, false, {}}, {"half", 0.5, false, {}}};
    const SessionId id = openRequest(ctx, "req-2", specs);
    s.runUntilParked();
    const CleanupResult r = ctx.validateSessionCleanup(id);
    QCOMPARE(r.dangling.size(), std::size_t{1});
    QCOMPARE(q(r.dangling[0].name), QString("half"));  // fractional milliseconds are kept
    s.advanceClock(500us);
    QVERIFY(ctx.validateSessionCleanup(id).valid);
    QCOMPARE(ctx.session(id)->tasks[0].state, TaskState::Completed);
  });
}

void RequestTests::writesRunInsideTheSession() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const SessionId outer = ctx.createSession("outer");
  ctx.setCurrentSession(outer);
  std::optional<SessionId> seen;
  const std::vector<SpawnSpec> specs = {{"a", 5, false, {}}};
  const SessionId id = openRequest(ctx, "req-3", specs, [&] {
    seen = ctx.currentSession();
    ctx.spawnWithSession("extra", [] {}).detach();
  });
  QCOMPARE(seen, std::optional<SessionId>(id));
  QCOMPARE(ctx.currentSession(), std::optional<SessionId>(outer));  // restored
  QCOMPARE(q(ctx.session(id)->taskNames()), QStringList({"extra", "a"}));
  QVERIFY(ctx.session(outer)->tasks.empty());
}

void RequestTests::negativeDelayIsRejectedBeforeOpening() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const std::vector<SpawnSpec> negative = {{"ok", 1, false, {}}, {"bad", -1, false, {}}};
  QVERIFY_THROWS_EXCEPTION(SessionError, openRequest(ctx, "req-4", negative));
  const std::vector<SpawnSpec> nan = {{"bad", std::numeric_limits<double>::quiet_NaN(), true, {}}};
  QVERIFY_THROWS_EXCEPTION(SessionError, openRequest(ctx, "req-5", nan));
  QVERIFY(ctx.sessions().empty());
  QCOMPARE(s.runUntilParked(), std::size_t{0});  // nothing was spawned
}

void RequestTests::validSessionHasNoError() {
  TestScheduler s;
  SimulatedExecutionContext ctx(borrow(s));
  const std::vector<SpawnSpec> specs = {{"flush", 30, true, {}}};
  const SessionId id = openRequest(ctx, "req-6", specs);
  s.runUntilParked();
  const CleanupResult r = ctx.validateSessionCleanup(id);
  QVERIFY(r.valid);
  QVERIFY(!danglingTaskError(r));
  const trace::SessionReport report = toSessionReport(*ctx.session(id));
  QVERIFY(report.valid);
  QVERIFY(report.dangling.empty());
  QCOMPARE(q(report.waitUntil), QStringList({"flush"}));
}
