// engine/reactive, issue 4: cycles found while pulling — fast and slow convergence, the
// iteration limit — with exact virtual times under the test scheduler.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>

#include "reactive/runtime.h"
#include "reactive_test_support.h"
#include "trace/recorder.h"

using namespace tickscope;
using reactive::Mode;
using testing::ms;
using testing::NumGraph;

namespace {
constexpr std::size_t kSeeds = 20;

// The reference recurrence of the two-member cycle y = (x + n/x)/2, x = y, run the way the
// runtime iterates it (members in data-flow order fy, fx; a member runs when an input changed).
// Returns {iterations, runs of fy, runs of fx, final x}.
struct Newton {
  int iterations = 0;
  int fyRuns = 0;
  int fxRuns = 0;
  double x = 0;
};
Newton newton(double n, double x, double y, bool fyDirty, bool fxDirty) {
  Newton r;
  while (fyDirty || fxDirty) {
    ++r.iterations;
    if (fyDirty) {
      fyDirty = false;
      ++r.fyRuns;
      const double next = (x + n / x) / 2;
      if (next != y) {
        y = next;
        fxDirty = true;
      }
    }
    if (fxDirty) {
      fxDirty = false;
      ++r.fxRuns;
      if (y != x) {
        x = y;
        fyDirty = true;
      }
    }
  }
  r.x = x;
  return r;
}

void buildNewton(NumGraph& g, double n, double costMs = 0) {
  g.cell("n", n);
  g.cell("x", 1);
  g.cell("y", 1);
  g.computation("fy", {"x", "n"}, "y", [](auto& v) { return (v[0] + v[1] / v[0]) / 2; }, {.costMs = costMs});
  g.computation("fx", {"y"}, "x", [](auto& v) { return v[0]; }, {.costMs = costMs});
}

// reactiveEvents: the recorder's events of `kind`, each with its position in the recording.
std::vector<std::pair<std::size_t, const trace::ReactiveEvent*>> reactiveEvents(const trace::Recorder& r,
                                                                                 trace::ReactiveEventKind kind) {
  std::vector<std::pair<std::size_t, const trace::ReactiveEvent*>> out;
  for (std::size_t i = 0; i < r.events().size(); ++i) {
    if (const auto* re = std::get_if<trace::ReactiveEvent>(&r.events()[i]); re && re->kind == kind) {
      out.emplace_back(i, re);
    }
  }
  return out;
}
}  // namespace

class ReactiveCycleTests : public QObject {
  Q_OBJECT
 private slots:
  void fastCycleConvergesBeforeTheEffectRuns();
  void slowCycleYieldsBetweenIterations();
  void slowCycleOutcomesAreIdenticalAcrossSeeds();
  void nonConvergingCycleStopsAtTheLimit();
  void nonConvergingSlowCycleLeavesNothingBehind();
  void threeAndFourMemberCycles_data();
  void threeAndFourMemberCycles();
  void mixedAcyclicAndCyclicParts();
  void cycleDetectionIsTraced();
  void pushModeDoesNotConvergeCycles();
  void unsubscribingAMemberEndsASlowCycle();
};

void ReactiveCycleTests::fastCycleConvergesBeforeTheEffectRuns() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    buildNewton(g, 2);
    g.effect("show", {"x", "y"});
    g.settle();
    const Newton first = newton(2, 1, 1, true, true);
    QCOMPARE(g.runsOf("show"), 1);  // it never saw an intermediate value
    QCOMPARE(g.seen["show"][0][0], first.x);
    QVERIFY(std::fabs(first.x - std::sqrt(2.0)) < 1e-12);
    QCOMPARE(g.runsOf("fy"), first.fyRuns);
    QCOMPARE(g.runsOf("fx"), first.fxRuns);
    auto cycles = g.rt.cycles();
    QCOMPARE(cycles.size(), std::size_t{1});
    QCOMPARE(cycles[0].members, testing::names({"fy", "fx"}));
    QCOMPARE(cycles[0].strategy, reactive::CycleStrategy::Fast);
    QVERIFY(cycles[0].converged);
    QVERIFY(cycles[0].finished);
    QCOMPARE(cycles[0].iterations, std::uint32_t(first.iterations));
    QCOMPARE(g.rt.dirtyCount(), std::size_t{0});

    g.clearLog();
    g.set("n", 9);
    g.settle();
    const Newton second = newton(9, first.x, first.x, true, false);
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.seen["show"][0], (std::vector<double>{3.0, 3.0}));
    QCOMPARE(second.x, 3.0);
    cycles = g.rt.cycles();
    QCOMPARE(cycles.size(), std::size_t{2});
    QCOMPARE(cycles[1].iterations, std::uint32_t(second.iterations));
    QCOMPARE(cycles[1].members, testing::names({"fy", "fx"}));
    QVERIFY(cycles[1].converged);
    QVERIFY(g.rt.errors().empty());
  });
}

void ReactiveCycleTests::slowCycleYieldsBetweenIterations() {
  // FIFO order: the exact interleaving is known.
  sched::TestScheduler s(sched::TestScheduler::Config{.randomizeOrder = false});
  trace::Recorder recorder;
  NumGraph g(s);
  g.rt.setObserver(&recorder);
  buildNewton(g, 2, 10);
  g.cell("t", 0);
  g.effect("show", {"x"});
  g.effect("ticker", {"t"}, {.label = "other"});
  g.settle();
  const Newton first = newton(2, 1, 1, true, true);
  // No stats yet: the first convergence is fast, inside one decision.
  QCOMPARE(g.rt.cycles()[0].strategy, reactive::CycleStrategy::Fast);
  const double settledAt = 10.0 * (first.fyRuns + first.fxRuns);
  QCOMPARE(s.now(), testing::at(settledAt));
  QCOMPARE(g.rt.getActionStats(g.id("fy")).averageTime, ms(10));

  g.clearLog();
  recorder.clear();
  g.set("n", 9);  // wakes the default group first...
  g.set("t", 1);  // ...then the "other" group
  g.settle();
  const Newton second = newton(9, first.x, first.x, true, false);
  const auto cycles = g.rt.cycles();
  QCOMPARE(cycles.size(), std::size_t{2});
  const reactive::CycleRecord& slow = cycles[1];
  QCOMPARE(slow.strategy, reactive::CycleStrategy::Slow);
  QCOMPARE(slow.estimatedCost, ms(20));
  QVERIFY(slow.converged);
  QCOMPARE(slow.iterations, std::uint32_t(second.iterations));
  QCOMPARE(slow.startedAt, testing::at(settledAt));
  const double cost = 10.0 * (second.fyRuns + second.fxRuns);
  QCOMPARE(slow.finishedAt, testing::at(settledAt + cost));

  // One iteration per decision, virtual time moving in between.
  const auto iterations = reactiveEvents(recorder, trace::ReactiveEventKind::CycleIteration);
  QCOMPARE(iterations.size(), std::size_t(second.iterations));
  for (std::size_t i = 1; i < iterations.size(); ++i) QVERIFY(iterations[i].second->at > iterations[i - 1].second->at);
  // The independent effect ran right after the first iteration, before the cycle finished.
  QCOMPARE(g.runTimes["ticker"], std::vector<double>{settledAt + 20});
  QVERIFY(testing::at(g.runTimes["ticker"][0]) < slow.finishedAt);
  QCOMPARE(g.order[0], std::string("fy"));
  QCOMPARE(g.order[1], std::string("fx"));
  QCOMPARE(g.order[2], std::string("ticker"));
  // The effect waited for the cycle and saw only the converged value.
  QCOMPARE(g.runsOf("show"), 1);
  QCOMPARE(g.seen["show"][0], std::vector<double>{3.0});
  QCOMPARE(g.runTimes["show"], std::vector<double>{settledAt + cost});
  QVERIFY(g.rt.isIdle());
  QCOMPARE(s.readyCount(), std::size_t{0});
}

void ReactiveCycleTests::slowCycleOutcomesAreIdenticalAcrossSeeds() {
  std::optional<std::map<std::string, std::vector<std::vector<double>>>> firstSeen;
  std::optional<std::vector<std::uint32_t>> firstIterations;
  testing::manyQt(50, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    buildNewton(g, 2, 10);
    g.cell("t", 0);
    g.effect("show", {"x"});
    g.effect("ticker", {"t"}, {.label = "other"});
    g.settle();
    g.set("n", 9);
    g.set("t", 1);
    g.settle();
    g.set("n", 16);
    g.settle();
    QCOMPARE(g.value("x"), 4.0);
    std::vector<std::uint32_t> iterations;
    for (const auto& c : g.rt.cycles()) {
      QVERIFY(c.converged);
      iterations.push_back(c.iterations);
    }
    QCOMPARE(g.rt.cycles()[1].strategy, reactive::CycleStrategy::Slow);
    QVERIFY(g.rt.isIdle());
    if (!firstSeen) {
      firstSeen = g.seen;
      firstIterations = iterations;
    } else {
      QCOMPARE(g.seen, *firstSeen);
      QCOMPARE(iterations, *firstIterations);
    }
  });
}

void ReactiveCycleTests::nonConvergingCycleStopsAtTheLimit() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    std::vector<reactive::ReactiveError> handled;
    g.rt.addErrorHandler([&](const reactive::ReactiveError& e) { handled.push_back(e); });
    g.cell("a", 0);
    g.cell("b", 0);
    g.cell("u", 0);
    g.computation("fa", {"b"}, "a", [](auto& v) { return v[0] + 1; });
    g.computation("fb", {"a"}, "b", [](auto& v) { return v[0] + 1; });
    g.effect("show", {"a"});
    g.effect("unrelated", {"u"});
    s.simulateElapsed(ms(3));
    g.settle();  // terminates
    QCOMPARE(handled.size(), std::size_t{1});
    QCOMPARE(handled[0].kind, reactive::ErrorKind::CycleLimit);
    QCOMPARE(handled[0].actions, testing::names({"fa", "fb"}));
    QCOMPARE(handled[0].iterations, std::uint32_t{20});
    QCOMPARE(handled[0].at, testing::at(3));
    QVERIFY(handled[0].message.find("20 iterations") != std::string::npos);
    QCOMPARE(g.runsOf("fa"), 20);
    QCOMPARE(g.runsOf("fb"), 20);
    QCOMPARE(g.rt.cycles().size(), std::size_t{1});
    QVERIFY(!g.rt.cycles()[0].converged);
    QCOMPARE(g.rt.cycles()[0].iterations, std::uint32_t{20});
    // Cleaned up: nothing dirty, nothing pending, nothing queued.
    QVERIFY(!g.rt.isDirty(g.id("fa")));
    QVERIFY(!g.rt.isDirty(g.id("fb")));
    QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
    QCOMPARE(g.rt.pendingCount(), std::size_t{0});
    QVERIFY(g.rt.isIdle());
    QCOMPARE(s.readyCount(), std::size_t{0});
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.seen["show"][0], std::vector<double>{39});  // after 20 iterations: a = 2*20 - 1
    // The rest keeps running.
    g.set("u", 1);
    g.settle();
    QCOMPARE(g.runsOf("unrelated"), 2);
    QCOMPARE(handled.size(), std::size_t{1});
  });
}

void ReactiveCycleTests::nonConvergingSlowCycleLeavesNothingBehind() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    g.cell("k", 0);
    g.cell("u", 0);
    g.computation("fa", {"b", "k"}, "a", [](auto& v) { return v[0] + v[1] + 1; }, {.costMs = 10});
    g.computation("fb", {"a"}, "b", [](auto& v) { return v[0] + 1; }, {.costMs = 10});
    g.effect("show", {"a"});
    g.effect("unrelated", {"u"});
    g.settle();  // fast (no stats): stops at the limit inside one decision
    QCOMPARE(g.rt.errors().size(), std::size_t{1});
    QCOMPARE(s.now(), testing::at(400));
    g.clearLog();
    g.set("k", 1);
    g.set("u", 1);
    g.settle();  // slow now: one iteration per decision, still stopped at the limit
    const auto errors = g.rt.errors();
    QCOMPARE(errors.size(), std::size_t{2});
    QCOMPARE(errors[1].kind, reactive::ErrorKind::CycleLimit);
    QCOMPARE(errors[1].iterations, std::uint32_t{20});
    QCOMPARE(errors[1].at, testing::at(800));
    QCOMPARE(g.rt.cycles()[1].strategy, reactive::CycleStrategy::Slow);
    QCOMPARE(g.runsOf("fa"), 20);
    QCOMPARE(g.runsOf("unrelated"), 1);
    QCOMPARE(g.runsOf("show"), 1);  // it waited for the cycle, then ran once
    QCOMPARE(g.runTimes["show"], std::vector<double>{800});
    QVERIFY(g.rt.isIdle());
    QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
    QCOMPARE(s.readyCount(), std::size_t{0});
    QCOMPARE(s.timerCount(), std::size_t{0});
  });
}

void ReactiveCycleTests::threeAndFourMemberCycles_data() {
  QTest::addColumn<int>("members");
  QTest::addColumn<bool>("saturates");
  QTest::newRow("3 members, converges") << 3 << true;
  QTest::newRow("4 members, converges") << 4 << true;
  QTest::newRow("3 members, never converges") << 3 << false;
  QTest::newRow("4 members, never converges") << 4 << false;
}

void ReactiveCycleTests::threeAndFourMemberCycles() {
  QFETCH(int, members);
  QFETCH(bool, saturates);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    g.cell("cap", 5);
    // x1 = min(xN + 1, cap) (or xN + 1), x2 = x1, ..., xN = x(N-1)
    const std::string last = "x" + std::to_string(members);
    g.computation("f1", {last, "cap"}, "x1",
                  [saturates](auto& v) { return saturates ? std::min(v[0] + 1, v[1]) : v[0] + 1; });
    for (int i = 2; i <= members; ++i) {
      g.computation("f" + std::to_string(i), {"x" + std::to_string(i - 1)}, "x" + std::to_string(i),
                    [](auto& v) { return v[0]; });
    }
    g.effect("show", {last});
    g.settle();
    const auto cycles = g.rt.cycles();
    QCOMPARE(cycles.size(), std::size_t{1});
    QCOMPARE(cycles[0].members.size(), std::size_t(members));
    QCOMPARE(cycles[0].members.front(), std::string("f1"));
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
    QVERIFY(g.rt.isIdle());
    if (saturates) {
      // 0 -> 1 -> ... -> 5: five changing iterations, a sixth that changes nothing.
      QVERIFY(cycles[0].converged);
      QCOMPARE(cycles[0].iterations, std::uint32_t{6});
      QCOMPARE(g.seen["show"][0], std::vector<double>{5});
      QVERIFY(g.rt.errors().empty());
    } else {
      QVERIFY(!cycles[0].converged);
      QCOMPARE(cycles[0].iterations, std::uint32_t{20});
      QCOMPARE(g.seen["show"][0], std::vector<double>{20});
      QCOMPARE(g.rt.errors().size(), std::size_t{1});
      QCOMPARE(g.rt.errors()[0].actions.size(), std::size_t(members));
    }
  });
}

void ReactiveCycleTests::mixedAcyclicAndCyclicParts() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    g.cell("a", 2);
    g.cell("cap", 10);
    g.computation("pre", {"a"}, "p", [](auto& v) { return v[0] * 2; });          // acyclic, feeds the cycle
    g.computation("side", {"a"}, "c", [](auto& v) { return v[0] + 1; });        // acyclic, beside it
    g.computation("grow", {"y", "p", "cap"}, "x", [](auto& v) { return std::min(v[0] + v[1], v[2]); });
    g.computation("copy", {"x"}, "y", [](auto& v) { return v[0]; });
    g.computation("post", {"x", "c"}, "d", [](auto& v) { return v[0] + v[1]; });  // acyclic, after it
    g.effect("show", {"x", "c", "d"});
    g.settle();
    QCOMPARE(g.value("p"), 4.0);
    QCOMPARE(g.value("c"), 3.0);
    QCOMPARE(g.value("x"), 10.0);
    QCOMPARE(g.value("d"), 13.0);
    QCOMPARE(g.runsOf("pre"), 1);
    QCOMPARE(g.runsOf("side"), 1);
    QCOMPARE(g.runsOf("post"), 1);
    QCOMPARE(g.runsOf("show"), 1);
    // pre runs before the cycle, post after it converged.
    const auto preAt = std::find(g.order.begin(), g.order.end(), "pre") - g.order.begin();
    const auto firstGrow = std::find(g.order.begin(), g.order.end(), "grow") - g.order.begin();
    const auto postAt = std::find(g.order.begin(), g.order.end(), "post") - g.order.begin();
    const auto lastCopy = std::find(g.order.rbegin(), g.order.rend(), "copy").base() - g.order.begin() - 1;
    QVERIFY(preAt < firstGrow);
    QVERIFY(postAt > lastCopy);
    QCOMPARE(g.rt.cycles().size(), std::size_t{1});
    QCOMPARE(g.rt.cycles()[0].members, testing::names({"grow", "copy"}));
    g.clearLog();
    g.set("a", 3);  // cap already reached: the cycle's value stays
    g.settle();
    QCOMPARE(g.value("c"), 4.0);
    QCOMPARE(g.value("d"), 14.0);
    for (const auto& seen : g.seen["show"]) QCOMPARE(seen[2], seen[0] + seen[1]);
    QCOMPARE(g.runsOf("show"), 1);
  });
}

void ReactiveCycleTests::cycleDetectionIsTraced() {
  sched::TestScheduler s;
  trace::Recorder recorder;
  NumGraph g(s);
  g.rt.setObserver(&recorder);
  buildNewton(g, 2);
  g.effect("show", {"x"});
  g.settle();
  using K = trace::ReactiveEventKind;
  const auto detected = reactiveEvents(recorder, K::CycleDetected);
  QCOMPARE(detected.size(), std::size_t{1});
  const trace::ReactiveEvent& d = *detected[0].second;
  QCOMPARE(d.members, testing::names({"fy", "fx"}));
  QCOMPARE(d.detail, std::string("fast"));
  QCOMPARE(d.cause, g.id("show").value);
  QCOMPARE(d.cycle, g.rt.cycles()[0].id);
  const auto iterations = reactiveEvents(recorder, K::CycleIteration);
  QCOMPARE(iterations.size(), std::size_t(g.rt.cycles()[0].iterations));
  for (std::size_t i = 0; i < iterations.size(); ++i) {
    QCOMPARE(iterations[i].second->iteration, std::uint32_t(i + 1));
  }
  const auto converged = reactiveEvents(recorder, K::CycleConverged);
  QCOMPARE(converged.size(), std::size_t{1});
  QCOMPARE(converged[0].second->iteration, g.rt.cycles()[0].iterations);
  QVERIFY(reactiveEvents(recorder, K::CycleLimit).empty());
  // Detection comes before the first iteration, convergence after the last, the effect after.
  const auto started = reactiveEvents(recorder, K::ActionStarted);
  QVERIFY(detected[0].first < iterations.front().first);
  QVERIFY(iterations.back().first < converged[0].first);
  QCOMPARE(started.back().second->actionName, std::string("show"));
  QVERIFY(converged[0].first < started.back().first);
}

void ReactiveCycleTests::pushModeDoesNotConvergeCycles() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    reactive::RuntimeConfig config;
    config.mode = Mode::Push;
    NumGraph g(s, config);
    g.cell("cap", 5);
    g.computation("f1", {"x2", "cap"}, "x1", [](auto& v) { return std::min(v[0] + 1, v[1]); });
    g.computation("f2", {"x1"}, "x2", [](auto& v) { return v[0]; });
    g.effect("show", {"x2"});
    g.settle();
    QCOMPARE(g.value("x2"), 5.0);  // settles through notifications alone
    QVERIFY(g.rt.cycles().empty());
    QVERIFY(g.rt.errors().empty());
    QVERIFY(g.runsOf("show") >= 1);
    QCOMPARE(g.seen["show"].back(), std::vector<double>{5});
  });
}

void ReactiveCycleTests::unsubscribingAMemberEndsASlowCycle() {
  sched::TestScheduler s(sched::TestScheduler::Config{.randomizeOrder = false});
  NumGraph g(s);
  g.cell("k", 0);
  g.computation("fa", {"b", "k"}, "a", [](auto& v) { return v[0] + v[1] + 1; }, {.costMs = 10});
  g.computation("fb", {"a"}, "b", [](auto& v) { return v[0] + 1; }, {.costMs = 10});
  g.effect("show", {"a"});
  g.settle();
  g.set("k", 1);
  QVERIFY(s.tick());  // the effect's decision: slow cycle, first iteration
  QCOMPARE(g.rt.cycles().size(), std::size_t{2});
  QVERIFY(!g.rt.cycles()[1].finished);
  QVERIFY(g.rt.isPending(g.id("show")));  // waiting for the cycle
  QVERIFY(!g.rt.isIdle());
  g.rt.unsubscribe(g.id("fb"));
  g.rt.unsubscribe(g.id("fa"));
  QVERIFY(g.rt.cycles()[1].finished);
  g.settle();
  QVERIFY(g.rt.isIdle());
  QCOMPARE(s.readyCount(), std::size_t{0});
  QCOMPARE(g.runsOf("show"), 2);  // released when the cycle ended
}

QTEST_GUILESS_MAIN(ReactiveCycleTests)
#include "reactive_cycle_tests.moc"
