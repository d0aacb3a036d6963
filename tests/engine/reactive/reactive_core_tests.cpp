// engine/reactive, issue 3: effects and computations, push and pull, on the test scheduler.
// Most cases run in both modes (a `mode` data column) and over several seeds.
#include <QtTest/QtTest>

#include <pthread.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <stdexcept>

#include <fmt/format.h>

#include "reactive/builder.h"
#include "reactive/runtime.h"
#include "sched/address_sanitizer.h"
#include "reactive_test_support.h"
#include "trace/recorder.h"

using namespace tickscope;
using reactive::Mode;
using testing::NumGraph;
using testing::bothModes;
using testing::configFor;

namespace {
constexpr std::size_t kSeeds = 10;

void recordAnnounced(std::vector<reactive::ActionId>& announced, reactive::ActionId id) { announced.push_back(id); }
void countAnnounced(std::uint64_t& announced, reactive::ActionId) { ++announced; }

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

class ReactiveCoreTests : public QObject {
  Q_OBJECT
 private slots:
  void adderRerunsOnChange_data() { bothModes(); }
  void adderRerunsOnChange();
  void nothingRunsSynchronouslyAtSubscribe_data() { bothModes(); }
  void nothingRunsSynchronouslyAtSubscribe();
  void unsubscribeStopsReruns_data() { bothModes(); }
  void unsubscribeStopsReruns();
  void topologicalOrder_data() { bothModes(); }
  void topologicalOrder();
  void noLoopOnOwnOutput_data() { bothModes(); }
  void noLoopOnOwnOutput();
  void multiHopChainRunsOncePerNode_data() { bothModes(); }
  void multiHopChainRunsOncePerNode();
  void selectorSwitchStopsOldTrigger_data() { bothModes(); }
  void selectorSwitchStopsOldTrigger();
  void writesFollowTheLastRunPlusDeclared();
  void diamondIsGlitchFree_data() { bothModes(); }
  void diamondIsGlitchFree();
  void chainWithShortcutRunsInOrder_data() { bothModes(); }
  void chainWithShortcutRunsInOrder();
  void unchangedUpstreamLeavesDownstreamClean_data() { bothModes(); }
  void unchangedUpstreamLeavesDownstreamClean();
  void sharedComputationRunsOnce_data() { bothModes(); }
  void sharedComputationRunsOnce();
  void tiesBrokenByRegistrationOrder_data() { bothModes(); }
  void tiesBrokenByRegistrationOrder();
  void unreachedComputationRunsOnlyInPush();
  void identicalOutcomesAcrossSeeds_data() { bothModes(); }
  void identicalOutcomesAcrossSeeds();

  void statsCountEffectsAndComputations();
  void dependentsTrackReverseDependencies();
  void pullModeMarksDirtyAndSchedulesOnlyEffects();
  void markDirtyAndClearDirty();
  void oneDecisionRunsOneAction();
  void labeledActionsRunInLabeledTasks();
  void crossGroupOrderIsTopological();
  void crossGroupOrderIsTopologicalThroughSeveralHops();
  void unsubscribingABlockerWakesTheWaitingGroup();
  void aStalledGroupRunsWhatBecameReadyMeanwhile();
  void actionErrorIsReportedAndRolledBack_data() { bothModes(); }
  void actionErrorIsReportedAndRolledBack();
  void batchCommitsTogether_data() { bothModes(); }
  void batchCommitsTogether();
  void equalWritesNotifyNobody_data() { bothModes(); }
  void equalWritesNotifyNobody();
  void pathsOverlapByPrefix();
  void iterationGuardStopsEndlessLoops_data() { bothModes(); }
  void iterationGuardStopsEndlessLoops();
  void cellPullRunsWhatIsDirty();
  void idleTaskCompletesWhenSettled();
  void writeInsideActionJoinsItsTransaction();
  void transactionLogShowsTheRunSoFar();
  void traceEventsForOneSmallRun();
  void liftRecordsReadsInDeclaredOrder();
  void settlingADeriveChainKeepsTheOrder_data();
  void settlingADeriveChainKeepsTheOrder();
  void aBackwardEdgeRecomputesTheOrder();
  void deepChainOfFirstRunsDoesNotRecurse();
  void deepChainThroughAnActionThatCatchesEverything();
  void deepChainPulledByABatchAndByPull();
  void millionDeepLiftChain_data() { bothModes(); }
  void millionDeepLiftChain();
  void millionDeepDeriveChain_data() { bothModes(); }
  void millionDeepDeriveChain();
  void runPrefetchAnnouncesEveryPulledRun();
  void numericLiftMatchesTheTransactionPath_data() { bothModes(); }
  void numericLiftMatchesTheTransactionPath();
  void numericLiftFailuresAreReported();
  void dirtyDynamicComputationSkipsItsStaleBranch_data() { bothModes(); }
  void dirtyDynamicComputationSkipsItsStaleBranch();
  void lazyRunSeesWhatItsReadsPulled();
  void aChangeAheadOfALazyRunsReadsDoesNotRunItAgain();
  void repeatedReadsAreIndexedOnce_data() { bothModes(); }
  void repeatedReadsAreIndexedOnce();
  void wholeCellWritesMatchTheGeneralPath_data() { bothModes(); }
  void wholeCellWritesMatchTheGeneralPath();
};

void ReactiveCoreTests::adderRerunsOnChange() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.cell("b", 2);
    g.computation("add", {"a", "b"}, "c", sum);
    g.effect("show", {"c"});
    g.settle();
    QCOMPARE(g.value("c"), 3.0);
    QCOMPARE(g.runsOf("add"), 1);
    QCOMPARE(g.runsOf("show"), 1);
    g.set("a", 10);
    g.settle();
    QCOMPARE(g.value("c"), 12.0);
    QCOMPARE(g.runsOf("add"), 2);
    QCOMPARE(g.runsOf("show"), 2);
    QCOMPARE(g.seen["show"].back(), std::vector<double>{12});
    g.set("b", 5);
    g.settle();
    QCOMPARE(g.value("c"), 15.0);
    QCOMPARE(g.runsOf("add"), 3);
    QVERIFY(g.rt.isIdle());
  });
}

void ReactiveCoreTests::nothingRunsSynchronouslyAtSubscribe() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.computation("twice", {"a"}, "b", [](auto& v) { return v[0] * 2; });
    g.effect("show", {"b"});
    QCOMPARE(g.runsOf("twice"), 0);
    QCOMPARE(g.runsOf("show"), 0);
    QCOMPARE(g.value("b"), 0.0);
    QVERIFY(g.rt.isDirty(g.id("twice")));
    QCOMPARE(g.rt.getStats().pending, mode == Mode::Pull ? std::size_t{1} : std::size_t{2});
    QVERIFY(!g.rt.isIdle());
    QVERIFY(s.readyCount() > 0);
    g.settle();
    QCOMPARE(g.runsOf("twice"), 1);
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.value("b"), 2.0);
  });
}

void ReactiveCoreTests::unsubscribeStopsReruns() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.cell("b", 2);
    g.computation("add", {"a", "b"}, "c", sum);
    g.effect("show", {"c"});
    g.settle();
    g.rt.unsubscribe(g.id("add"));
    QCOMPARE(g.rt.getStats().computations, std::size_t{0});
    QCOMPARE(g.rt.getStats().effects, std::size_t{1});
    QVERIFY(!g.rt.isSubscribed(g.id("add")));
    g.set("a", 10);
    g.settle();
    QCOMPARE(g.runsOf("add"), 1);
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.value("c"), 3.0);
    g.rt.unsubscribe(g.id("show"));
    g.set("c", 7);  // its former input
    g.settle();
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.rt.getStats().effects, std::size_t{0});
    g.rt.unsubscribe(g.id("show"));  // idempotent
  });
}

void ReactiveCoreTests::topologicalOrder() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.cell("b", 2);
    g.cell("d", 3);
    g.computation("first", {"a", "b"}, "c", sum);
    g.computation("second", {"c", "d"}, "e", sum);
    g.effect("show", {"e"});
    g.settle();
    QCOMPARE(g.value("e"), 6.0);
    g.clearLog();
    g.set("d", 10);
    g.settle();
    QCOMPARE(g.order, testing::names({"second", "show"}));
    QCOMPARE(g.value("e"), 13.0);
    g.clearLog();
    g.set("a", 5);
    g.settle();
    QCOMPARE(g.order, testing::names({"first", "second", "show"}));
    QCOMPARE(g.value("e"), 17.0);
  });
}

void ReactiveCoreTests::noLoopOnOwnOutput() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("t", 0);
    g.cell("n", 0);
    // reads its own output: its own write never retriggers it
    g.computation("counter", {"t", "n"}, "n", [](auto& v) { return v[1] + 1; });
    g.effect("show", {"n"});
    g.settle();
    QCOMPARE(g.runsOf("counter"), 1);
    QCOMPARE(g.value("n"), 1.0);
    for (int i = 1; i <= 3; ++i) {
      g.set("t", i);
      g.settle();
      QCOMPARE(g.runsOf("counter"), 1 + i);
      QCOMPARE(g.value("n"), 1.0 + i);
    }
    QCOMPARE(g.runsOf("show"), 4);
    QVERIFY(g.rt.errors().empty());
  });
}

void ReactiveCoreTests::multiHopChainRunsOncePerNode() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 0);
    g.computation("c1", {"a"}, "x1", [](auto& v) { return v[0] + 1; });
    g.computation("c2", {"x1"}, "x2", [](auto& v) { return v[0] + 1; });
    g.computation("c3", {"x2"}, "x3", [](auto& v) { return v[0] + 1; });
    g.computation("c4", {"x3"}, "x4", [](auto& v) { return v[0] + 1; });
    g.effect("show", {"x4"});
    g.settle();
    for (int i = 1; i <= 3; ++i) {
      g.clearLog();
      g.set("a", 10 * i);
      g.settle();
      QCOMPARE(g.order, testing::names({"c1", "c2", "c3", "c4", "show"}));
      QCOMPARE(g.value("x4"), 10.0 * i + 4);
    }
  });
}

void ReactiveCoreTests::selectorSwitchStopsOldTrigger() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    const auto flag = g.cell("flag", 1);
    const auto a = g.cell("A", 10);
    const auto b = g.cell("B", 20);
    const auto out = g.cell("s", 0);
    int runs = 0;
    reactive::Action select{"select", [&](reactive::Transaction& tx) {
                              ++runs;
                              const bool useA = tx.read(flag).get<double>() != 0;
                              tx.write(out, tx.read(useA ? a : b));
                            }};
    g.rt.subscribe(std::move(select), reactive::ReactivityLog{{{flag, {}}, {a, {}}}, {{out, {}}}});
    g.effect("show", {"s"});
    g.settle();
    QCOMPARE(g.value("s"), 10.0);
    g.set("flag", 0);
    g.settle();
    QCOMPARE(g.value("s"), 20.0);
    QCOMPARE(runs, 2);
    const auto deps = g.rt.dependencies(*g.rt.findAction("select"));
    QCOMPARE(deps.reads.size(), std::size_t{2});
    QVERIFY(deps.reads[1].cell == b);
    g.set("A", 11);  // no longer read: nobody is triggered
    g.settle();
    QCOMPARE(runs, 2);
    QCOMPARE(g.runsOf("show"), 2);
    g.set("B", 21);
    g.settle();
    QCOMPARE(runs, 3);
    QCOMPARE(g.value("s"), 21.0);
  });
}

void ReactiveCoreTests::writesFollowTheLastRunPlusDeclared() {
  sched::TestScheduler s;
  reactive::RuntimeConfig config;
  config.mode = Mode::Push;
  NumGraph g(s, config);
  const auto flag = g.cell("flag", 1);
  const auto x = g.cell("x", 0);
  const auto y = g.cell("y", 0);
  const auto z = g.cell("z", 0);
  int n = 0;
  // Declares z; writes x or y depending on flag.
  const auto router = g.rt
                          .subscribe({"router",
                                      [&](reactive::Transaction& tx) {
                                        ++n;
                                        tx.write(tx.read(flag).get<double>() != 0 ? x : y, n);
                                      }},
                                     reactive::ReactivityLog{{{flag, {}}}, {{z, {}}}})
                          .action();
  g.effect("ex", {"x"});
  g.effect("ey", {"y"});
  g.effect("ez", {"z"});
  using Ids = std::vector<reactive::ActionId>;
  QCOMPARE(g.rt.dependents(router), (Ids{g.id("ez")}));
  g.settle();
  QCOMPARE(g.rt.dependents(router), (Ids{g.id("ex"), g.id("ez")}));
  g.set("flag", 0);
  g.settle();
  QCOMPARE(g.rt.dependents(router), (Ids{g.id("ey"), g.id("ez")}));
  QCOMPARE(g.runsOf("ey"), 2);
  QCOMPARE(g.seen["ey"].back(), std::vector<double>{2});
  QCOMPARE(g.rt.dependencies(router).writes.size(), std::size_t{2});  // y (recorded) and z (declared)
}

void ReactiveCoreTests::diamondIsGlitchFree() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.computation("b", {"a"}, "vb", [](auto& v) { return v[0] * 2; });
    g.computation("c", {"a"}, "vc", [](auto& v) { return v[0] + 1; });
    g.computation("d", {"vb", "vc"}, "vd", sum);
    g.effect("show", {"vb", "vc", "vd"});
    g.settle();
    for (int i = 2; i <= 6; ++i) {
      g.set("a", i);
      g.settle();
    }
    QCOMPARE(g.runsOf("show"), 6);
    QCOMPARE(g.runsOf("b"), 6);
    QCOMPARE(g.runsOf("c"), 6);
    QCOMPARE(g.runsOf("d"), 6);
    for (const auto& seen : g.seen["show"]) QCOMPARE(seen[2], seen[0] + seen[1]);
    QCOMPARE(g.seen["show"].back(), (std::vector<double>{12, 7, 19}));
  });
}

void ReactiveCoreTests::chainWithShortcutRunsInOrder() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("A", 1);
    g.computation("B", {"A"}, "vB", [](auto& v) { return v[0] + 1; });
    g.computation("C", {"vB"}, "vC", [](auto& v) { return v[0] * 2; });
    g.effect("D", {"vC", "A"});
    g.settle();
    g.clearLog();
    g.set("A", 5);
    g.settle();
    QCOMPARE(g.order, testing::names({"B", "C", "D"}));
    QCOMPARE(g.seen["D"].back(), (std::vector<double>{12, 5}));
  });
}

void ReactiveCoreTests::unchangedUpstreamLeavesDownstreamClean() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 5);
    g.computation("sign", {"a"}, "b", [](auto& v) { return v[0] > 0 ? 1.0 : 0.0; });
    g.computation("scale", {"b"}, "c", [](auto& v) { return v[0] * 10; });
    g.effect("show", {"c"});
    g.settle();
    g.clearLog();
    g.set("a", 6);  // sign reruns and writes the same 1
    g.settle();
    QCOMPARE(g.order, testing::names({"sign"}));
    QVERIFY(!g.rt.isDirty(g.id("scale")));
    QVERIFY(!g.rt.isDirty(g.id("sign")));
    QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
    g.clearLog();
    g.set("a", -1);
    g.settle();
    QCOMPARE(g.order, testing::names({"sign", "scale", "show"}));
    QCOMPARE(g.value("c"), 0.0);
  });
}

void ReactiveCoreTests::sharedComputationRunsOnce() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.computation("x", {"a"}, "vx", [](auto& v) { return v[0] * 3; });
    g.effect("e1", {"vx"}, {.label = "one"});
    g.effect("e2", {"vx"}, {.label = "two"});
    g.settle();
    g.clearLog();
    g.set("a", 2);
    g.settle();
    QCOMPARE(g.runsOf("x"), 1);
    QCOMPARE(g.runsOf("e1"), 1);
    QCOMPARE(g.runsOf("e2"), 1);
    QCOMPARE(g.seen["e1"].back(), std::vector<double>{6});
    QCOMPARE(g.seen["e2"].back(), std::vector<double>{6});
  });
}

void ReactiveCoreTests::tiesBrokenByRegistrationOrder() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.effect("zeta", {"a"});
    g.effect("alpha", {"a"});
    g.effect("mid", {"a"});
    g.computation("late", {"a"}, "y", [](auto& v) { return v[0]; });
    g.computation("early", {"a"}, "z", [](auto& v) { return v[0]; });
    g.effect("last", {"y", "z"});
    g.settle();
    // Registration order, topologically: late and early run before their reader.
    QCOMPARE(g.order, testing::names({"zeta", "alpha", "mid", "late", "early", "last"}));
    g.clearLog();
    g.set("a", 2);
    g.settle();
    QCOMPARE(g.order, testing::names({"zeta", "alpha", "mid", "late", "early", "last"}));
  });
}

void ReactiveCoreTests::unreachedComputationRunsOnlyInPush() {
  for (Mode mode : {Mode::Pull, Mode::Push}) {
    testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
      NumGraph g(s, configFor(mode));
      g.cell("a", 1);
      g.computation("lonely", {"a"}, "b", [](auto& v) { return v[0] * 2; });
      g.effect("other", {"a"});
      g.settle();
      g.set("a", 2);
      g.settle();
      if (mode == Mode::Pull) {
        QCOMPARE(g.runsOf("lonely"), 0);
        QVERIFY(g.rt.isDirty(g.id("lonely")));
        QCOMPARE(g.value("b"), 0.0);
        // Demand from outside runs it, once.
        QCOMPARE(g.rt.pull(g.cellId("b")).get<double>(), 4.0);
        QCOMPARE(g.runsOf("lonely"), 1);
        QVERIFY(!g.rt.isDirty(g.id("lonely")));
      } else {
        QCOMPARE(g.runsOf("lonely"), 2);
        QCOMPARE(g.value("b"), 4.0);
      }
      QCOMPARE(g.runsOf("other"), 2);
    });
  }
}

void ReactiveCoreTests::identicalOutcomesAcrossSeeds() {
  QFETCH(Mode, mode);
  struct Outcome {
    std::map<std::string, double> values;
    std::map<std::string, int> runs;
    std::map<std::string, std::vector<std::vector<double>>> seen;
    bool operator==(const Outcome&) const = default;
  };
  std::optional<Outcome> first;
  std::size_t seeds = 0;
  testing::manyQt(50, [&](sched::TestScheduler& s) {
    s.deprioritize(sched::TaskLabel("slow-ui"));
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.cell("b", 2);
    g.computation("sum", {"a", "b"}, "s", sum, {.costMs = 2});
    g.computation("twice", {"s"}, "d", [](auto& v) { return v[0] * 2; }, {.label = "calc"});
    g.computation("inc", {"a"}, "i", [](auto& v) { return v[0] + 1; });
    g.computation("mix", {"d", "i"}, "m", sum, {.label = "calc"});
    g.effect("show", {"s", "d"}, {.costMs = 1, .label = "ui"});
    g.effect("log", {"m", "a"}, {.label = "slow-ui"});
    g.effect("raw", {"b"});
    g.settle();
    g.rt.batch([&](reactive::Transaction& tx) {
      tx.write(g.cellId("a"), 10);
      tx.write(g.cellId("b"), 20);
    });
    g.settle();
    g.set("a", 4);
    g.set("b", 3);  // two batches before anything runs
    g.settle();
    g.set("a", 4);  // unchanged
    g.settle();
    Outcome o;
    for (const auto& [name, id] : g.cells) o.values[name] = g.value(name);
    o.runs = g.runs;
    o.seen = g.seen;
    for (const auto& seen : o.seen["show"]) QCOMPARE(seen[1], 2 * seen[0]);
    QCOMPARE(o.values["m"], 2 * (4.0 + 3.0) + 5.0);
    if (!first) {
      first = o;
    } else {
      QVERIFY2(o == *first, qPrintable(QString("seed %1 differs from seed 0").arg(s.seed())));
    }
    ++seeds;
  });
  QVERIFY(seeds >= 1);
}

void ReactiveCoreTests::statsCountEffectsAndComputations() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.computation("c1", {"a"}, "x", [](auto& v) { return v[0]; });
  g.computation("c2", {"x"}, "y", [](auto& v) { return v[0]; });
  g.effect("e1", {"y"});
  auto stats = g.rt.getStats();
  QCOMPARE(stats.effects, std::size_t{1});
  QCOMPARE(stats.computations, std::size_t{2});
  QCOMPARE(stats.pending, std::size_t{1});
  QCOMPARE(g.rt.effects(), std::vector<reactive::ActionId>{g.id("e1")});
  QCOMPARE(g.rt.computations(), (std::vector<reactive::ActionId>{g.id("c1"), g.id("c2")}));
  QCOMPARE(g.rt.kind(g.id("e1")), reactive::ActionKind::Effect);
  g.settle();
  QCOMPARE(g.rt.getStats().pending, std::size_t{0});
  g.rt.unsubscribe(g.id("c1"));
  stats = g.rt.getStats();
  QCOMPARE(stats.computations, std::size_t{1});
  QCOMPARE(stats.effects, std::size_t{1});
  g.rt.unsubscribe(g.id("e1"));
  stats = g.rt.getStats();
  QCOMPARE(stats.computations, std::size_t{1});
  QCOMPARE(stats.effects, std::size_t{0});
}

void ReactiveCoreTests::dependentsTrackReverseDependencies() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.computation("b", {"a"}, "vb", [](auto& v) { return v[0]; });
  g.computation("c", {"a"}, "vc", [](auto& v) { return v[0]; });
  g.computation("d", {"vb", "vc"}, "vd", sum);
  g.effect("e", {"vd", "vb"});
  using Ids = std::vector<reactive::ActionId>;
  QCOMPARE(g.rt.dependents(g.id("b")), (Ids{g.id("d"), g.id("e")}));
  QCOMPARE(g.rt.dependents(g.id("c")), (Ids{g.id("d")}));
  QCOMPARE(g.rt.dependents(g.id("d")), (Ids{g.id("e")}));
  QCOMPARE(g.rt.dependents(g.id("e")), Ids{});
  QCOMPARE(g.rt.upstream(g.id("d")), (Ids{g.id("b"), g.id("c")}));
  QCOMPARE(g.rt.topologicalOrder(), (Ids{g.id("b"), g.id("c"), g.id("d"), g.id("e")}));
  g.rt.unsubscribe(g.id("d"));
  QCOMPARE(g.rt.dependents(g.id("b")), (Ids{g.id("e")}));
  QCOMPARE(g.rt.dependents(g.id("c")), Ids{});
  QCOMPARE(g.rt.upstream(g.id("e")), (Ids{g.id("b")}));
}

void ReactiveCoreTests::pullModeMarksDirtyAndSchedulesOnlyEffects() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.cell("d", 1);
  g.computation("c", {"a"}, "vc", [](auto& v) { return v[0] * 2; });
  g.computation("e", {"vc", "d"}, "ve", sum);
  g.effect("show", {"ve"});
  g.effect("other", {"d"});
  g.settle();
  QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
  g.clearLog();
  g.set("a", 2);
  QCOMPARE(g.rt.dirtyLevel(g.id("c")), reactive::DirtyLevel::Dirty);
  QCOMPARE(g.rt.dirtyLevel(g.id("e")), reactive::DirtyLevel::Check);  // transitively
  QVERIFY(g.rt.isDirty(g.id("e")));
  QCOMPARE(g.rt.dirtyCount(), std::size_t{2});
  QVERIFY(!g.rt.isPending(g.id("c")));
  QVERIFY(!g.rt.isPending(g.id("e")));
  QVERIFY(g.rt.isPending(g.id("show")));
  QVERIFY(!g.rt.isPending(g.id("other")));
  QCOMPARE(g.rt.getStats().pending, std::size_t{1});
  QVERIFY(g.order.empty());
  g.settle();
  // pullDependencies ran the dirty computations first, in topological order.
  QCOMPARE(g.order, testing::names({"c", "e", "show"}));
  QCOMPARE(g.rt.dirtyCount(), std::size_t{0});
}

void ReactiveCoreTests::markDirtyAndClearDirty() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.computation("c", {"a"}, "vc", [](auto& v) { return v[0] * 2; });
  g.computation("e", {"vc"}, "ve", [](auto& v) { return v[0] + 1; });
  g.effect("show", {"ve"});
  g.settle();
  g.clearLog();
  g.rt.markDirty(g.id("c"));
  QCOMPARE(g.rt.dirtyLevel(g.id("e")), reactive::DirtyLevel::Check);
  QVERIFY(g.rt.isPending(g.id("show")));
  g.settle();
  QCOMPARE(g.order, testing::names({"c"}));  // same value: e and show stay put
  g.clearLog();
  g.set("a", 5);
  g.rt.clearDirty(g.id("c"));
  g.rt.clearDirty(g.id("e"));
  g.settle();
  QVERIFY(g.order.empty());
  QCOMPARE(g.value("vc"), 2.0);  // it was cleared without running
}

void ReactiveCoreTests::oneDecisionRunsOneAction() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.computation("c", {"a"}, "vc", [](auto& v) { return v[0] * 2; });
  g.effect("e1", {"vc"});
  g.effect("e2", {"a"});
  g.effect("e3", {"a"});
  g.settle();
  g.clearLog();
  g.set("a", 2);
  QVERIFY(s.tick());
  QCOMPARE(g.order, testing::names({"c", "e1"}));  // an effect with what it pulls
  QVERIFY(s.tick());
  QCOMPARE(g.order, testing::names({"c", "e1", "e2"}));
  QVERIFY(s.tick());
  QCOMPARE(g.order, testing::names({"c", "e1", "e2", "e3"}));
  QVERIFY(g.rt.isIdle());
}

void ReactiveCoreTests::labeledActionsRunInLabeledTasks() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    s.deprioritize(sched::TaskLabel("ui"));
    NumGraph g(s);
    g.cell("a", 1);
    g.effect("paint", {"a"}, {.label = "ui"});
    g.effect("e1", {"a"});
    g.effect("e2", {"a"}, {.label = "io"});
    // The labeled group's task carries its label (so deprioritize applies to it).
    bool sawUi = false;
    for (const auto& q : s.readyTasks()) {
      if (q.label.name() == "ui") {
        sawUi = true;
        QVERIFY(q.deprioritized);
      }
    }
    QVERIFY(sawUi);
    g.settle();
    QCOMPARE(g.order.back(), std::string("paint"));
    g.clearLog();
    g.set("a", 2);
    g.settle();
    QCOMPARE(g.order.size(), std::size_t{3});
    QCOMPARE(g.order.back(), std::string("paint"));
  });
}

namespace {
// writeSrcAndA: the cross-group tests' update, src and a set to 1 in one batch.
void writeSrcAndA(NumGraph& g) {
  g.rt.batch([&](reactive::Transaction& tx) {
    tx.write(g.cellId("src"), 1);
    tx.write(g.cellId("a"), 1);
  });
}
}  // namespace

void ReactiveCoreTests::crossGroupOrderIsTopological() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    s.deprioritize(sched::TaskLabel("slow"));
    NumGraph g(s, configFor(Mode::Push));
    g.cell("src", 0);
    g.cell("a", 0);
    g.computation("up", {"src"}, "x", [](auto& v) { return v[0] * 10; }, {.label = "slow"});
    g.effect("down", {"x", "a"});
    g.settle();
    writeSrcAndA(g);
    g.settle();
    // down's group runs first (up's label is deprioritized) but down must wait for up.
    QCOMPARE(g.runsOf("down"), 2);
    for (const auto& seen : g.seen["down"]) QCOMPARE(seen[0], 10 * seen[1]);
    QCOMPARE(g.order.back(), std::string("down"));
  });
}

// The blocker is two hops upstream, through a computation of a third group that is not
// pending itself, and a computation of the effect's own group sits between too.
void ReactiveCoreTests::crossGroupOrderIsTopologicalThroughSeveralHops() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    s.deprioritize(sched::TaskLabel("slow"));
    NumGraph g(s, configFor(Mode::Push));
    g.cell("src", 0);
    g.cell("a", 0);
    g.computation("up", {"src"}, "x", [](auto& v) { return v[0] * 10; }, {.label = "slow"});
    g.computation("mid", {"x"}, "y", [](auto& v) { return v[0] + 1; }, {.label = "mid"});
    g.computation("near", {"y"}, "z", [](auto& v) { return v[0] * 2; });
    g.effect("down", {"z", "a"});
    g.settle();
    writeSrcAndA(g);
    g.settle();
    QCOMPARE(g.runsOf("down"), 2);
    for (const auto& seen : g.seen["down"]) QCOMPARE(seen[0], 2 * (10 * seen[1] + 1));
    QCOMPARE(g.order.back(), std::string("down"));
  });
}

namespace {
// stallDownBehindUp: `down` (unlabeled) reads what `up` (labeled "slow", deprioritized)
// computes; src and a are written and one decision made: down's group found down blocked by
// up, nothing else ready, and went to sleep. `more` adds to the graph before it settles.
void stallDownBehindUp(sched::TestScheduler& s, NumGraph& g, const std::function<void()>& more = {}) {
  g.cell("src", 0);
  g.cell("a", 0);
  g.computation("up", {"src"}, "x", [](auto& v) { return v[0] * 10; }, {.label = "slow"});
  g.effect("down", {"x", "a"});
  if (more) more();
  g.settle();
  writeSrcAndA(g);
  QVERIFY(s.tick());
  QCOMPARE(g.runsOf("down"), 1);
  QVERIFY(g.rt.isPending(g.id("down")));
}
}  // namespace

void ReactiveCoreTests::unsubscribingABlockerWakesTheWaitingGroup() {
  sched::TestScheduler s;
  s.deprioritize(sched::TaskLabel("slow"));
  NumGraph g(s, configFor(Mode::Push));
  stallDownBehindUp(s, g);
  g.rt.unsubscribe(g.id("up"));
  g.settle();
  QCOMPARE(g.runsOf("down"), 2);
  QCOMPARE(g.seen["down"].back(), (std::vector<double>{0, 1}));
  QVERIFY(g.rt.isIdle());
}

// A group that found every candidate blocked remembers its blockers; an action scheduled in
// it meanwhile, which nothing blocks, runs at its next decision, before the blocker.
void ReactiveCoreTests::aStalledGroupRunsWhatBecameReadyMeanwhile() {
  sched::TestScheduler s;
  s.deprioritize(sched::TaskLabel("slow"));
  NumGraph g(s, configFor(Mode::Push));
  stallDownBehindUp(s, g, [&] {
    g.cell("b", 0);
    g.effect("free", {"b"});
  });
  g.order.clear();
  g.set("b", 1);
  g.settle();
  QCOMPARE(g.order, (std::vector<std::string>{"free", "up", "down"}));
  QCOMPARE(g.seen["down"].back(), (std::vector<double>{10, 1}));
}

void ReactiveCoreTests::actionErrorIsReportedAndRolledBack() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    const auto a = g.cell("a", 1);
    const auto partial = g.cell("partial", 0);
    const auto out = g.cell("out", 0);
    std::vector<reactive::ReactiveError> handled;
    g.rt.addErrorHandler([&](const reactive::ReactiveError& e) { handled.push_back(e); });
    reactive::Action bad{"bad", [&](reactive::Transaction& tx) {
                           const double v = tx.read(a).get<double>();
                           tx.write(partial, v);  // rolled back when it throws below
                           if (v == 3) throw std::runtime_error("three is not allowed");
                           tx.write(out, v * 10);
                         }};
    g.rt.subscribe(std::move(bad), reactive::ReactivityLog{{{a, {}}}, {{partial, {}}, {out, {}}}});
    g.effect("show", {"out", "partial"});
    g.effect("other", {"a"});
    g.settle();
    QCOMPARE(g.value("out"), 10.0);
    s.simulateElapsed(testing::ms(7));
    g.set("a", 3);
    g.settle();
    QCOMPARE(handled.size(), std::size_t{1});
    QCOMPARE(handled[0].kind, reactive::ErrorKind::ActionError);
    QCOMPARE(handled[0].actions, std::vector<std::string>{"bad"});
    QCOMPARE(handled[0].actionIds.front(), *g.rt.findAction("bad"));
    QCOMPARE(handled[0].at, testing::at(7));
    QVERIFY(handled[0].message.find("three is not allowed") != std::string::npos);
    QCOMPARE(g.value("partial"), 1.0);  // rolled back
    QCOMPARE(g.value("out"), 10.0);
    QCOMPARE(g.runsOf("other"), 2);  // the rest keeps running
    QCOMPARE(g.rt.getActionStats(*g.rt.findAction("bad")).runCount, std::uint64_t{2});
    QCOMPARE(g.rt.getActionStats(*g.rt.findAction("bad")).errorCount, std::uint64_t{1});
    QCOMPARE(g.rt.errors().size(), std::size_t{1});
    g.set("a", 4);  // still subscribed, recovers
    g.settle();
    QCOMPARE(g.value("out"), 40.0);
    QCOMPARE(g.value("partial"), 4.0);
  });
}

void ReactiveCoreTests::batchCommitsTogether() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 1);
    g.cell("b", 2);
    g.effect("show", {"a", "b"});
    g.settle();
    g.rt.batch([&](reactive::Transaction& tx) {
      tx.write(g.cellId("a"), 10);
      QCOMPARE(tx.read(g.cellId("a")).get<double>(), 10.0);  // reads its own writes
      tx.write(g.cellId("b"), 20);
    });
    QCOMPARE(g.rt.getStats().pending, std::size_t{1});
    g.settle();
    QCOMPARE(g.runsOf("show"), 2);
    QCOMPARE(g.seen["show"].back(), (std::vector<double>{10, 20}));
    // A batch that throws changes nothing.
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, g.rt.batch([&](reactive::Transaction& tx) {
      tx.write(g.cellId("a"), 99);
      throw std::runtime_error("abort");
    }));
    QCOMPARE(g.value("a"), 10.0);
    QVERIFY(g.rt.isIdle());
  });
}

void ReactiveCoreTests::equalWritesNotifyNobody() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    reactive::RuntimeConfig config = configFor(mode);
    config.epsilon = 0.5;
    NumGraph g(s, config);
    g.cell("a", 1);
    g.effect("show", {"a"});
    g.settle();
    g.set("a", 1.3);  // within epsilon: changes nothing
    QVERIFY(g.rt.isIdle());
    g.settle();
    QCOMPARE(g.runsOf("show"), 1);
    QCOMPARE(g.value("a"), 1.0);
    g.set("a", 2);
    g.settle();
    QCOMPARE(g.runsOf("show"), 2);
    // Deep equality for structured values.
    const auto obj = g.rt.createCell("obj", reactive::Value{{"x", {1, 2}}, {"y", "z"}});
    int objRuns = 0;
    g.rt.subscribe({"objReader", [&](reactive::Transaction& tx) { tx.read(obj); ++objRuns; }},
                   reactive::ReactivityLog{{{obj, {}}}, {}}, {.isEffect = true});
    g.settle();
    g.rt.write(obj, reactive::Value{{"y", "z"}, {"x", {1.2, 2}}});  // 1.2 within epsilon of 1
    g.settle();
    QCOMPARE(objRuns, 1);
    g.rt.write(obj, reactive::Value{{"y", "w"}, {"x", {1, 2}}});
    g.settle();
    QCOMPARE(objRuns, 2);
  });
}

void ReactiveCoreTests::pathsOverlapByPrefix() {
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s));
  const auto doc = rt.createCell("doc", reactive::Value{{"x", {{"y", 1}}}, {"z", 2}});
  std::map<std::string, int> runs;
  auto reader = [&](const std::string& name, reactive::Path path) {
    rt.subscribe({name, [&runs, name, doc, path](reactive::Transaction& tx) {
                    tx.read(doc, path);
                    ++runs[name];
                  }},
                 reactive::ReactivityLog{{{doc, path}}, {}}, {.isEffect = true});
  };
  reader("root", {});
  reader("x", {"x"});
  reader("xy", {"x", "y"});
  reader("z", {"z"});
  s.runUntilParked();
  rt.write(reactive::Address{doc, {"x", "y"}}, 5);
  s.runUntilParked();
  QCOMPARE(runs["root"], 2);
  QCOMPARE(runs["x"], 2);
  QCOMPARE(runs["xy"], 2);
  QCOMPARE(runs["z"], 1);
  QCOMPARE(rt.peek(reactive::Address{doc, {"x", "y"}}).get<int>(), 5);
  rt.write(reactive::Address{doc, {"x"}}, reactive::Value{{"y", 5}});  // equal: nothing
  s.runUntilParked();
  QCOMPARE(runs["x"], 2);
  rt.write(reactive::Address{doc, {"z"}}, 3);
  s.runUntilParked();
  QCOMPARE(runs["root"], 3);
  QCOMPARE(runs["x"], 2);
  QCOMPARE(runs["z"], 2);
  QVERIFY(reactive::pathsOverlap({"a"}, {"a", "b"}));
  QVERIFY(!reactive::pathsOverlap({"a", "c"}, {"a", "b"}));
}

void ReactiveCoreTests::iterationGuardStopsEndlessLoops() {
  QFETCH(Mode, mode);
  testing::manyQt(3, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    const auto a = g.cell("a", 0);
    const auto b = g.cell("b", 0);
    g.cell("u", 0);
    // Push: a classic two-action loop. Pull: an effect writes what its own input depends on.
    if (mode == Mode::Push) {
      g.computation("incA", {"b"}, "a", [](auto& v) { return v[0] + 1; });
      g.computation("incB", {"a"}, "b", [](auto& v) { return v[0] + 1; });
    } else {
      g.computation("incB", {"a"}, "b", [](auto& v) { return v[0] + 1; });
      g.rt.subscribe({"echo", [a, b](reactive::Transaction& tx) { tx.write(a, tx.read(b).get<double>() + 1); }},
                     reactive::ReactivityLog{{{b, {}}}, {{a, {}}}}, {.isEffect = true});
    }
    g.effect("unrelated", {"u"});
    g.settle();  // ends: the guard stops it
    QVERIFY(g.rt.isIdle());
    const auto errors = g.rt.errors();
    QCOMPARE(errors.size(), std::size_t{1});
    QCOMPARE(errors[0].kind, reactive::ErrorKind::TooManyIterations);
    QCOMPARE(errors[0].iterations, std::uint32_t{100});
    g.set("u", 1);
    g.settle();
    QCOMPARE(g.runsOf("unrelated"), 2);
  });
}

void ReactiveCoreTests::cellPullRunsWhatIsDirty() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.computation("b", {"a"}, "vb", [](auto& v) { return v[0] + 1; });
  g.computation("c", {"vb"}, "vc", [](auto& v) { return v[0] * 10; });
  QCOMPARE(g.rt.pull(g.cellId("vc")).get<double>(), 20.0);
  QCOMPARE(g.order, testing::names({"b", "c"}));
  QCOMPARE(g.rt.pull(g.cellId("vc")).get<double>(), 20.0);  // clean now: nothing runs
  QCOMPARE(g.order.size(), std::size_t{2});
  g.set("a", 2);
  QCOMPARE(g.rt.peek(g.cellId("vc")).get<double>(), 20.0);
  QCOMPARE(g.rt.pull(g.cellId("vb")).get<double>(), 3.0);  // only what vb needs
  QCOMPARE(g.order, testing::names({"b", "c", "b"}));
  QCOMPARE(g.rt.pull(g.cellId("vc")).get<double>(), 30.0);
  QVERIFY(g.rt.isIdle());
  QCOMPARE(s.readyCount(), std::size_t{0});  // pulls ran here, not in tasks
}

void ReactiveCoreTests::idleTaskCompletesWhenSettled() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 1);
  g.effect("slow", {"a"}, {.subscribe = {.debounce = testing::ms(30)}});
  s.block(g.rt.idle());  // the first run is never debounced
  QCOMPARE(g.runsOf("slow"), 1);
  g.set("a", 2);
  QVERIFY(!g.rt.isIdle());
  s.block(g.rt.idle());  // fires the debounce timer
  QCOMPARE(g.runsOf("slow"), 2);
  QCOMPARE(s.now(), testing::at(30));
  auto ready = g.rt.idle();
  QVERIFY(ready.isReady());
}

void ReactiveCoreTests::writeInsideActionJoinsItsTransaction() {
  sched::TestScheduler s;
  NumGraph g(s);
  const auto a = g.cell("a", 1);
  const auto b = g.cell("b", 0);
  g.rt.subscribe({"copy", [&](reactive::Transaction& tx) {
                    g.rt.write(b, tx.read(a).get<double>() * 2);  // through the runtime
                    if (tx.read(a).get<double>() == 5) throw std::runtime_error("no");
                  }},
                 reactive::ReactivityLog{{{a, {}}}, {{b, {}}}}, {.isEffect = true});
  g.effect("show", {"b"});
  g.settle();
  QCOMPARE(g.value("b"), 2.0);
  g.set("a", 5);
  g.settle();
  QCOMPARE(g.value("b"), 2.0);  // rolled back with its transaction
  QCOMPARE(g.runsOf("show"), 1);
}

void ReactiveCoreTests::transactionLogShowsTheRunSoFar() {
  sched::TestScheduler s;
  NumGraph g(s);
  const auto a = g.cell("a", 1);
  const auto b = g.cell("b", 2);
  const auto c = g.cell("c", 0);
  std::vector<reactive::ReactivityLog> logs;
  g.rt.subscribe({"probe",
                  [&](reactive::Transaction& tx) {
                    tx.read(a);
                    tx.write(c, tx.read(b).get<double>() + 1);
                    logs.push_back(tx.log());  // the same run after run: nothing was stored yet
                    tx.read(b);                // recording goes on after log()
                    logs.push_back(tx.log());
                  }},
                 reactive::ReactivityLog{{{a, {}}, {b, {}}}, {{c, {}}}}, {.isEffect = true});
  g.settle();
  g.set("a", 5);
  g.settle();
  QCOMPARE(logs.size(), std::size_t{4});
  for (std::size_t run = 0; run < 2; ++run) {
    QCOMPARE(logs[2 * run].reads.size(), std::size_t{2});
    QVERIFY(logs[2 * run].reads[0].cell == a && logs[2 * run].reads[1].cell == b);
    QCOMPARE(logs[2 * run].writes.size(), std::size_t{1});
    QVERIFY(logs[2 * run].writes[0].cell == c);
    QCOMPARE(logs[2 * run + 1].reads.size(), std::size_t{3});
  }
  QCOMPARE(g.rt.dependencies(*g.rt.findAction("probe")).reads.size(), std::size_t{3});
}

void ReactiveCoreTests::traceEventsForOneSmallRun() {
  sched::TestScheduler s;
  trace::Recorder recorder;
  NumGraph g(s);
  g.rt.setObserver(&recorder);
  g.cell("a", 1);
  g.computation("c", {"a"}, "vc", [](auto& v) { return v[0] * 2; });
  g.effect("e", {"vc"});
  g.settle();
  g.set("a", 2);
  g.settle();
  using K = trace::ReactiveEventKind;
  std::vector<std::pair<K, std::string>> got;
  for (const auto& ev : recorder.events()) {
    if (const auto* r = std::get_if<trace::ReactiveEvent>(&ev)) {
      got.emplace_back(r->kind, r->kind == K::CellWritten ? r->detail : r->actionName);
    }
  }
  const std::vector<std::pair<K, std::string>> expected{
      {K::ActionSubscribed, "c"}, {K::MarkedDirty, "c"},   {K::ActionSubscribed, "e"}, {K::ActionScheduled, "e"},
      {K::Pulled, "c"},           {K::ActionStarted, "c"}, {K::CellWritten, "vc"},     {K::ActionFinished, "c"},
      {K::ActionStarted, "e"},    {K::ActionFinished, "e"},
      // a = 2
      {K::CellWritten, "a"},      {K::MarkedDirty, "c"},   {K::ActionScheduled, "e"},  {K::Pulled, "c"},
      {K::ActionStarted, "c"},    {K::CellWritten, "vc"},  {K::ActionFinished, "c"},   {K::ActionStarted, "e"},
      {K::ActionFinished, "e"},
  };
  QCOMPARE(got.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    QVERIFY2(got[i] == expected[i], qPrintable(QString("event %1: %2 %3").arg(i).arg(
                                        QString::fromUtf8(trace::nameOf(got[i].first).data()),
                                        QString::fromStdString(got[i].second))));
  }
  // Pulled names its cause; the effect's pending count is carried.
  for (const auto& ev : recorder.events()) {
    if (const auto* r = std::get_if<trace::ReactiveEvent>(&ev); r && r->kind == K::Pulled) {
      QCOMPARE(r->cause, g.id("e").value);
    }
  }
  g.rt.setObserver(nullptr);
  const auto before = recorder.events().size();
  g.set("a", 3);
  g.settle();
  QCOMPARE(recorder.events().size(), before);
}

// lift's recorded reads equal its declared ones (argument evaluation order would reverse
// them), so a run never re-indexes the graph.
void ReactiveCoreTests::liftRecordsReadsInDeclaredOrder() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto a = reactive::cell(rt, "a", 1);
  auto b = reactive::cell(rt, "b", 2);
  auto c = reactive::cell(rt, "c", 3);
  auto sum = reactive::lift(rt, "sum", [](int x, int y, int z) { return 100 * x + 10 * y + z; }, a, b, c);
  const reactive::ActionId id = rt.findAction("sum").value();
  const std::vector<reactive::Address> declared{a.address(), b.address(), c.address()};
  QVERIFY(rt.dependencies(id).reads == declared);
  QCOMPARE(sum.pull(), 123);
  QVERIFY(rt.dependencies(id).reads == declared);
  b.set(5);
  QCOMPARE(sum.pull(), 153);
  QVERIFY(rt.dependencies(id).reads == declared);
}

void ReactiveCoreTests::settlingADeriveChainKeepsTheOrder_data() { bothModes(); }

// A derive chain has no declared reads: each first run adds the edge from its input, which
// goes along the order computed at the first decision, so the order is computed once, not
// once per link (quadratic: 20 s to settle an 11,000-node dynamic graph in push mode).
void ReactiveCoreTests::settlingADeriveChainKeepsTheOrder() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode));
  auto head = reactive::cell(rt, "head", 1);
  std::vector<reactive::Cell<int>> chain{head};
  for (int i = 0; i < 200; ++i) {
    const reactive::Cell<int> previous = chain.back();
    chain.push_back(reactive::derive(rt, fmt::format("c{}", i), [previous](reactive::Transaction& tx) {
      return previous.read(tx) + 1;
    }));
  }
  int seen = 0;
  const reactive::Cell<int> last = chain.back();
  auto sink = reactive::sink(rt, "out", last, [&](int v) { seen = v; });
  s.block(rt.idle());
  QCOMPARE(seen, 201);
  QVERIFY2(rt.getStats().orderComputations <= 2, std::to_string(rt.getStats().orderComputations).c_str());
  head.set(5);
  s.block(rt.idle());
  QCOMPARE(seen, 205);
  QVERIFY(rt.getStats().orderComputations <= 2);
}

// An edge against the order (a computation registered first starts reading one registered
// later) makes the runtime compute the order again, and the later one runs first.
void ReactiveCoreTests::aBackwardEdgeRecomputesTheOrder() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(Mode::Push));
  auto src = reactive::cell(rt, "src", 1);
  auto useLate = reactive::cell(rt, "useLate", false);
  reactive::Cell<int> late;
  auto early = reactive::derive(rt, "early", [&](reactive::Transaction& tx) {
    const int v = src.read(tx);
    return useLate.read(tx) ? late.read(tx) * 10 + v : v;
  });
  late = reactive::lift(rt, "late", [](int x) { return x + 1; }, src);
  std::vector<int> seen;
  auto sink = reactive::sink(rt, "out", early, [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  const auto before = rt.getStats().orderComputations;
  useLate.set(true);
  s.block(rt.idle());
  QCOMPARE(seen.back(), 21);
  src.set(2);  // late and early are both pending: the order is needed, and computed again
  s.block(rt.idle());
  QVERIFY(rt.getStats().orderComputations > before);
  QCOMPARE(seen.back(), 32);
  const auto order = rt.topologicalOrder();
  const auto position = [&](std::string_view name) {
    return std::find(order.begin(), order.end(), rt.findAction(name).value()) - order.begin();
  };
  QVERIFY(position("late") < position("early"));
  QCOMPARE(seen, (std::vector<int>{1, 21, 32}));  // early ran once per change, after late
}

namespace {
// deriveChain: head -> c0 -> c1 ... (n derives, each + 1): their reads are unknown before
// they first run, so the first pull nests one level per link.
std::vector<reactive::Cell<int>> deriveChain(reactive::Runtime& rt, int n, bool catchEverything = false) {
  std::vector<reactive::Cell<int>> chain{reactive::cell(rt, "head", 1)};
  for (int i = 0; i < n; ++i) {
    const reactive::Cell<int> previous = chain.back();
    chain.push_back(reactive::derive(rt, fmt::format("c{}", i), [previous, catchEverything](reactive::Transaction& tx) {
      if (!catchEverything) return previous.read(tx) + 1;
      try {
        return previous.read(tx) + 1;
      } catch (...) {
        return -1;  // swallowing the runtime's restart must not change the outcome
      }
    }));
  }
  return chain;
}
}  // namespace

// 20,000 nested first runs crashed a release build (the stack); past 256 nested pulls the
// runs on the stack are abandoned and retried without nesting: each computation's stats show
// one run, the effect sees the end value once.
void ReactiveCoreTests::deepChainOfFirstRunsDoesNotRecurse() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto chain = deriveChain(rt, 20000);
  std::vector<int> seen;
  auto sink = reactive::sink(rt, "out", chain.back(), [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  QCOMPARE(seen, std::vector<int>{20001});
  for (const char* name : {"c0", "c1000", "c19999"}) QCOMPARE(rt.getActionStats(rt.findAction(name).value()).runCount, 1u);
  chain.front().set(5);
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{20001, 20005}));
  QVERIFY(rt.errors().empty());
}

void ReactiveCoreTests::deepChainThroughAnActionThatCatchesEverything() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto chain = deriveChain(rt, 3000, true);
  QCOMPARE(chain.back().pull(), 3001);
  QVERIFY(rt.errors().empty());
}

// The outermost pull is Runtime::pull (Cell::pull) or a batch's read: they retry themselves.
void ReactiveCoreTests::deepChainPulledByABatchAndByPull() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto chain = deriveChain(rt, 3000);
  int inBatch = 0;
  rt.batch([&](reactive::Transaction& tx) { inBatch = chain.back().read(tx); });
  QCOMPARE(inBatch, 3001);
  chain.front().set(10);
  QCOMPARE(chain.back().pull(), 3010);
  QVERIFY(rt.errors().empty());
}

namespace {
// The million-deep chains run on a thread with exactly the default 8 MiB of stack, whatever
// `ulimit -s` says. Under AddressSanitizer every run is several times slower and each
// abandoned first run's exception much slower still (~50 us: 200,000 derive links took 10-15 s
// to settle): there the chain is 100,000 deep, still 1,500 times the nesting bound, so the
// suite stays within the CI's time.
constexpr int kMillionDeep = sched::kAddressSanitizer ? 100000 : 1000000;
constexpr std::size_t kDefaultStack = std::size_t{8} << 20;

// onThreadWithStack: runs f on a new thread whose stack is `bytes` (f must not throw).
template <class F>
bool onThreadWithStack(std::size_t bytes, F& f) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  const int created = pthread_create(
      &thread, &attr,
      [](void* p) -> void* {
        (*static_cast<F*>(p))();
        return nullptr;
      },
      &f);
  pthread_attr_destroy(&attr);
  if (created != 0) return false;
  return pthread_join(thread, nullptr) == 0;
}

struct DeepChainOutcome {
  std::vector<int> seen;
  std::vector<std::uint64_t> runs;  // run counts of the first, middle and last link
  std::uint64_t announced = 0;      // runs the pulls of the first settle announced (setRunPrefetch)
  std::size_t errors = 0;
  std::string failure;
};

// deepChainOnDefaultStack: head -> c0 -> ... -> c(n-1) -> a sink, each link + 1, static
// (lift) or dynamic (derive): built, settled, the head changed, settled, torn down, all on a
// thread with an 8 MiB stack.
DeepChainOutcome deepChainOnDefaultStack(Mode mode, int n, bool dynamic) {
  DeepChainOutcome out;
  auto body = [&] {
    try {
      using Clock = std::chrono::steady_clock;
      auto ms = [](Clock::time_point from) {
        return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from).count());
      };
      sched::TestScheduler s;
      auto t = Clock::now();
      long long build = 0, first = 0, second = 0;
      {
        reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode));
        std::vector<reactive::Cell<int>> chain;
        chain.reserve(static_cast<std::size_t>(n) + 1);
        chain.push_back(reactive::cell(rt, "head", 1));
        for (int i = 0; i < n; ++i) {
          const reactive::Cell<int> previous = chain.back();
          std::string name = fmt::format("c{}", i);
          if (dynamic) {
            chain.push_back(reactive::derive(rt, std::move(name), [previous](reactive::Transaction& tx) { return previous.read(tx) + 1; }));
          } else {
            chain.push_back(reactive::lift(rt, std::move(name), [](int x) { return x + 1; }, previous));
          }
        }
        auto stop = reactive::sink(rt, "out", chain.back(), [&](int v) { out.seen.push_back(v); });
        build = ms(t);
        // The pull walk announces a run each time it reaches a node ready to run: a measure of
        // the walking, which re-walking the chain after each restart made quadratic.
        rt.setRunPrefetch(reactive::Runtime::RunPrefetch::of<&countAnnounced>(out.announced));
        t = Clock::now();
        s.block(rt.idle());
        first = ms(t);
        rt.setRunPrefetch({});
        t = Clock::now();
        chain.front().set(5);
        s.block(rt.idle());
        second = ms(t);
        for (const std::string& name : {std::string("c0"), fmt::format("c{}", n / 2), fmt::format("c{}", n - 1)})
          out.runs.push_back(rt.getActionStats(rt.findAction(name).value()).runCount);
        out.errors = rt.errors().size();
        t = Clock::now();
      }
      qInfo("%d-deep %s chain, %s: build %lld ms, first settle %lld ms (%llu runs announced), change %lld ms, teardown %lld ms",
            n, dynamic ? "derive" : "lift", mode == Mode::Pull ? "pull" : "push", build, first,
            static_cast<unsigned long long>(out.announced), second, static_cast<long long>(ms(t)));
    } catch (const std::exception& e) {
      out.failure = e.what();
    }
  };
  if (!onThreadWithStack(kDefaultStack, body)) out.failure = "could not start a thread with an 8 MiB stack";
  return out;
}
}  // namespace

// No recursion proportional to the depth, anywhere: a chain of a million lifts settles (its
// first runs and a change from the head), and is torn down, on the default 8 MiB stack.
void ReactiveCoreTests::millionDeepLiftChain() {
  QFETCH(Mode, mode);
  const DeepChainOutcome out = deepChainOnDefaultStack(mode, kMillionDeep, false);
  QCOMPARE(out.failure, std::string());
  QCOMPARE(out.seen, (std::vector<int>{kMillionDeep + 1, kMillionDeep + 5}));
  QCOMPARE(out.runs, (std::vector<std::uint64_t>{2, 2, 2}));
  QCOMPARE(out.errors, std::size_t{0});
  QVERIFY2(out.announced <= std::uint64_t{3} * kMillionDeep, std::to_string(out.announced).c_str());
}

// The same with derives: their reads are unknown before their first run, which in pull mode
// nests a pull per link (bounded, then restarted: deepChainOfFirstRunsDoesNotRecurse); the
// restarts must neither overflow the stack nor re-walk the chain each time (quadratic).
void ReactiveCoreTests::millionDeepDeriveChain() {
  QFETCH(Mode, mode);
  const DeepChainOutcome out = deepChainOnDefaultStack(mode, kMillionDeep, true);
  QCOMPARE(out.failure, std::string());
  QCOMPARE(out.seen, (std::vector<int>{kMillionDeep + 1, kMillionDeep + 5}));
  QCOMPARE(out.runs, (std::vector<std::uint64_t>{2, 2, 2}));
  QCOMPARE(out.errors, std::size_t{0});
  // Linear walking: each link is reached a few times (abandoned once, run once), not once per
  // restart below it (that was ~n^2 / 512: 2e9 for a million links).
  QVERIFY2(out.announced <= std::uint64_t{4} * kMillionDeep, std::to_string(out.announced).c_str());
}


// The prefetch hook announces what a pull is about to run: every computation a pull ran was
// announced (here, where every announced one changes, exactly those), effects never; unset,
// nothing is announced.
void ReactiveCoreTests::runPrefetchAnnouncesEveryPulledRun() {
  sched::TestScheduler s;
  NumGraph g(s, configFor(Mode::Pull));
  g.cell("a", 1);
  g.computation("double", {"a"}, "b", [](auto& v) { return v[0] * 2; });
  g.computation("inc", {"b"}, "c", [](auto& v) { return v[0] + 1; });
  g.computation("both", {"b", "c"}, "d", sum);
  g.effect("show", {"d"});
  std::vector<reactive::ActionId> announced;
  g.rt.setRunPrefetch(reactive::Runtime::RunPrefetch::of<&recordAnnounced>(announced));
  g.settle();
  g.set("a", 5);
  g.settle();
  QCOMPARE(g.value("d"), 21.0);
  std::map<std::string, int> times;
  for (reactive::ActionId id : announced) ++times[g.rt.actionName(id)];
  const std::map<std::string, int> expected{{"both", 2}, {"double", 2}, {"inc", 2}};
  QCOMPARE(times, expected);
  for (const char* name : {"double", "inc", "both"}) QCOMPARE(g.runsOf(name), 2);
  g.rt.setRunPrefetch({});
  g.set("a", 6);
  g.settle();
  QCOMPARE(announced.size(), 6u);
  QCOMPARE(g.value("d"), 25.0);
}

namespace {
// WriteOutcome: what a series of external whole-cell writes did (see wholeCellWrites).
struct WriteOutcome {
  std::vector<std::string> log;  // after each write: the effect's runs and the cells
  int cellWritten = 0;           // CellWritten events of external writes (observed runs only)
};

// wholeCellWrites: numbers (int and double), equal values, a string, a change of type, a write
// through an Address with an empty path; a function computation and an effect read the cells.
WriteOutcome wholeCellWrites(Mode mode, bool observe) {
  WriteOutcome out;
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s), configFor(mode));
  trace::Recorder recorder;
  if (observe) rt.setObserver(&recorder);
  const reactive::CellId n = rt.createCell("n", 1), text = rt.createCell("s", "x"), twice = rt.createCell("c", 0);
  reactive::ReactivityLog twiceLog{{{n, {}}}, {{twice, {}}}};
  rt.subscribe(reactive::Action{"twice", [&](reactive::Transaction& tx) { tx.write(twice, 2 * reactive::numberOf(tx.read(n))); }},
               twiceLog, {});
  int shows = 0;
  reactive::ReactivityLog showLog{{{n, {}}, {text, {}}, {twice, {}}}, {}};
  reactive::SubscribeOptions effect;
  effect.isEffect = true;
  rt.subscribe(reactive::Action{"show",
                                [&](reactive::Transaction& tx) {
                                  ++shows;
                                  (void)tx.read(n), (void)tx.read(text), (void)tx.read(twice);
                                }},
               showLog, effect);
  s.runUntilParked();
  auto note = [&](const std::string& what) {
    s.runUntilParked();
    out.log.push_back(fmt::format("{}: shows {} n {} s {} c {}", what, shows, rt.peek(n).dump(), rt.peek(text).dump(),
                                  rt.peek(twice).dump()));
  };
  rt.write(n, 1);
  note("n = 1 (equal)");
  rt.write(n, 1.0);
  note("n = 1.0 (equal: the same number)");
  rt.write(n, 2);
  note("n = 2");
  rt.write(reactive::Address{n, {}}, 3.5);
  note("n = 3.5 through an address");
  rt.write(text, "x");
  note("s = x (equal)");
  rt.write(text, "y");
  note("s = y");
  rt.write(text, 4);
  note("s = 4 (a number now)");
  rt.write(n, reactive::Value::array({1, 2}));
  note("n = [1, 2]");
  if (observe) {
    for (const auto& ev : recorder.events()) {
      if (const auto* r = std::get_if<trace::ReactiveEvent>(&ev);
          r && r->kind == trace::ReactiveEventKind::CellWritten && r->cause == 0) {
        ++out.cellWritten;
      }
    }
    rt.setObserver(nullptr);
  }
  return out;
}
}  // namespace

// Runtime::write of a whole cell takes a path without a transaction frame when nothing needs
// one (no observer, no running transaction): the same values, notifications and runs as the
// general path (which an observer forces), and with an observer every write is still an event.
void ReactiveCoreTests::wholeCellWritesMatchTheGeneralPath() {
  QFETCH(Mode, mode);
  const WriteOutcome direct = wholeCellWrites(mode, false);
  const WriteOutcome observed = wholeCellWrites(mode, true);
  const std::vector<std::string> expected{
      "n = 1 (equal): shows 1 n 1 s \"x\" c 2.0",
      "n = 1.0 (equal: the same number): shows 1 n 1 s \"x\" c 2.0",
      "n = 2: shows 2 n 2 s \"x\" c 4.0",
      "n = 3.5 through an address: shows 3 n 3.5 s \"x\" c 7.0",
      "s = x (equal): shows 3 n 3.5 s \"x\" c 7.0",
      "s = y: shows 4 n 3.5 s \"y\" c 7.0",
      "s = 4 (a number now): shows 5 n 3.5 s 4 c 7.0",
      "n = [1, 2]: shows 6 n [1,2] s 4 c null",
  };
  QCOMPARE(direct.log, expected);
  QCOMPARE(observed.log, expected);
  QCOMPARE(observed.cellWritten, 5);  // every write that changed a value, none of the equal ones
}

QTEST_GUILESS_MAIN(ReactiveCoreTests)
#include "reactive_core_tests.moc"


namespace {
// Diamond over one head, built with lifts of type T (an exact number runs as a kernel, a
// 64-bit integer through the transaction), and a sink recording what it saw.
template <class T>
struct LiftDiamond {
  explicit LiftDiamond(Mode mode)
      : rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode)),
        head(reactive::cell<T>(rt, "head", 1)) {
    auto left = reactive::lift(rt, "left", [this](T x) { ++runs; return static_cast<T>(x * 2); }, head);
    auto right = reactive::lift(rt, "right", [this](T x) { ++runs; return static_cast<T>(x - 3); }, head);
    joined = reactive::lift(rt, "join", [this](T x, T y) { ++runs; return static_cast<T>(x * 10 + y); }, left, right);
    stop = reactive::sink(rt, "show", joined, [this](T v) { seen.push_back(static_cast<long long>(v)); });
  }
  sched::TestScheduler s;
  reactive::Runtime rt;
  reactive::Cell<T> head;
  reactive::Cell<T> joined;
  reactive::Cancel stop;
  int runs = 0;
  std::vector<long long> seen;
};
}  // namespace

// A lift over exact numbers (int, float, double) runs as a numeric kernel; one over other
// types through its transaction. Both give the same values, runs and dependencies, in pull
// and push mode, and the output reads back as its own type.
void ReactiveCoreTests::numericLiftMatchesTheTransactionPath() {
  QFETCH(Mode, mode);
  LiftDiamond<int> kernel(mode);
  LiftDiamond<long long> function(mode);
  for (int v : {1, 4, 4, -7, 100}) {
    kernel.head.set(v);
    function.head.set(v);
    kernel.s.block(kernel.rt.idle());
    function.s.block(function.rt.idle());
    QCOMPARE(kernel.seen, function.seen);
    QCOMPARE(kernel.runs, function.runs);
    QCOMPARE(kernel.joined.get(), static_cast<int>(function.joined.get()));
  }
  QCOMPARE(kernel.seen, (std::vector<long long>{18, 81, -150, 2097}));
  for (const char* name : {"left", "right", "join"}) {
    const auto k = kernel.rt.findAction(name).value();
    const auto f = function.rt.findAction(name).value();
    QCOMPARE(kernel.rt.getActionStats(k).runCount, function.rt.getActionStats(f).runCount);
    QCOMPARE(kernel.rt.dependencies(k).reads.size(), function.rt.dependencies(f).reads.size());
    QVERIFY(kernel.rt.dependencies(k).writes == function.rt.dependencies(f).writes);
  }
  QVERIFY(kernel.rt.errors().empty());
  // double and float too; the output keeps a fraction.
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode));
  auto x = reactive::cell(rt, "x", 1.5);
  auto half = reactive::lift(rt, "half", [](double v) { return static_cast<float>(v / 2); }, x);
  s.block(rt.idle());  // (push mode: pull is peek)
  QCOMPARE(half.pull(), 0.75f);
  x.set(-3.0);
  s.block(rt.idle());
  QCOMPARE(half.pull(), -1.5f);
}

// A kernel lift that throws fails its run like a transaction's (nothing written, the error
// reported, the next change runs it again); an integer input that holds no number fails it.
void ReactiveCoreTests::numericLiftFailuresAreReported() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto a = reactive::cell(rt, "a", 2);
  auto checked = reactive::lift(rt, "checked", [](int v) {
    if (v < 0) throw std::domain_error("negative");
    return v * 3;
  }, a);
  std::vector<int> seen;
  auto stop = reactive::sink(rt, "show", checked, [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  a.set(-1);
  s.block(rt.idle());
  QCOMPARE(checked.get(), 6);  // the failed run wrote nothing
  QCOMPARE(rt.errors().size(), 1u);
  QVERIFY(rt.errors()[0].message.find("negative") != std::string::npos);
  a.set(5);
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{6, 15}));
  rt.write(a.id(), reactive::Value("five"));  // not a number: an int input cannot take it
  s.block(rt.idle());
  QCOMPARE(rt.errors().size(), 2u);
  QVERIFY(rt.errors()[1].message.find("holds no number") != std::string::npos);
  QCOMPARE(checked.get(), 15);
}

// kairo's "unstable": a Dirty derive whose reads change reruns without first bringing its
// last run's upstream up to date: in pull mode only the branch it reads now runs (push runs
// every notified action, both branches).
void ReactiveCoreTests::dirtyDynamicComputationSkipsItsStaleBranch() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode));
  auto head = reactive::cell(rt, "head", 0);
  int twiceRuns = 0, negRuns = 0;
  auto twice = reactive::lift(rt, "twice", [&](int x) { ++twiceRuns; return 2 * x; }, head);
  auto neg = reactive::lift(rt, "neg", [&](int x) { ++negRuns; return -x; }, head);
  auto pick = reactive::derive(rt, "pick", [=](reactive::Transaction& tx) {
    return head.read(tx) % 2 != 0 ? twice.read(tx) : neg.read(tx);
  });
  std::vector<int> seen;
  auto stop = reactive::sink(rt, "show", pick, [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  for (int v = 1; v <= 6; ++v) {
    head.set(v);
    s.block(rt.idle());
  }
  QCOMPARE(seen, (std::vector<int>{0, 2, -2, 6, -4, 10, -6}));
  const std::uint64_t pickRuns = rt.getActionStats(rt.findAction("pick").value()).runCount;
  QCOMPARE(pickRuns, 7u);
  if (mode == Mode::Pull) {
    QCOMPARE(twiceRuns, 3);  // heads 1, 3, 5
    QCOMPARE(negRuns, 4);    // 0 (the first run), 2, 4, 6
  } else {
    QCOMPARE(twiceRuns, 7);
    QCOMPARE(negRuns, 7);
  }
  QVERIFY(rt.errors().empty());
}

// A lazy run reads a cell whose writer it pulls only then: that writer's change is what the
// read returns, so it does not make the reader run a second time; a change of a cell it read
// before the pull still does.
// A run that reads its cells several times each (recorded each time) is indexed once per
// cell: every cell it reads reruns it once, and after its reads change (twenty cells, more
// than the runtime looks up one by one, then three) a cell it no longer reads does not.
void ReactiveCoreTests::repeatedReadsAreIndexedOnce() {
  QFETCH(Mode, mode);
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}), configFor(mode));
  auto wide = reactive::cell(rt, "wide", 1);
  std::vector<reactive::Cell<int>> cells;
  for (int i = 0; i < 20; ++i) cells.push_back(reactive::cell(rt, fmt::format("c{}", i), i));
  int runs = 0;
  auto sum = reactive::derive(rt, "sum", [=, &runs](reactive::Transaction& tx) {
    ++runs;
    const std::size_t n = wide.read(tx) ? cells.size() : 3;
    int total = 0;
    for (int pass = 0; pass < 3; ++pass) {
      for (std::size_t i = 0; i < n; ++i) total += cells[i].read(tx) + 0 * wide.read(tx);
    }
    return total / 3;
  });
  int seen = 0;
  auto stop = reactive::sink(rt, "show", sum, [&](int v) { seen = v; });
  s.block(rt.idle());
  QCOMPARE(seen, 190);
  for (int i = 0; i < 20; ++i) {
    runs = 0;
    cells[static_cast<std::size_t>(i)].set(100 + i);
    s.block(rt.idle());
    QCOMPARE(runs, 1);
  }
  QCOMPARE(seen, 2190);
  wide.set(0);
  s.block(rt.idle());
  QCOMPARE(seen, 303);
  runs = 0;
  cells[10].set(0);  // not read any more
  cells[19].set(0);
  s.block(rt.idle());
  QCOMPARE(runs, 0);
  cells[2].set(0);
  s.block(rt.idle());
  QCOMPARE(runs, 1);
  QCOMPARE(seen, 201);
}

void ReactiveCoreTests::lazyRunSeesWhatItsReadsPulled() {
  sched::TestScheduler s;
  reactive::Runtime rt(std::shared_ptr<sched::Scheduler>(&s, [](sched::Scheduler*) {}));
  auto head = reactive::cell(rt, "head", 1);
  auto other = reactive::cell(rt, "other", 0);
  auto inc = reactive::lift(rt, "inc", [](int x) { return x + 1; }, head);
  int runs = 0;
  auto both = reactive::derive(rt, "both", [=, &runs](reactive::Transaction& tx) {
    ++runs;
    return head.read(tx) * 100 + inc.read(tx) + other.read(tx) * 0;
  });
  std::vector<int> seen;
  auto stop = reactive::sink(rt, "show", both, [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  QCOMPARE(runs, 1);
  head.set(2);  // both is Dirty (it reads head) and inc is Dirty: both runs first, inc in its read
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{102, 203}));
  QCOMPARE(runs, 2);
  QCOMPARE(rt.getActionStats(rt.findAction("inc").value()).runCount, 2u);
  QCOMPARE(rt.dirtyCount(), 0u);
}

// A lazy run's read pulls a writer that also changes a cell the run reads later (or read in
// its last run and no longer reads): the run sees the new value, so it does not run again. A
// cell it had read before the pull still dirties it (it saw the old value: it runs again), and
// a run that fails after such a change is dirty (its value is the old one, which that change
// made stale).
void ReactiveCoreTests::aChangeAheadOfALazyRunsReadsDoesNotRunItAgain() {
  sched::TestScheduler s;
  reactive::Runtime rt(testing::borrow(s));
  auto head = reactive::cell(rt, "head", 1);
  const reactive::CellId b = rt.createCell("b", 0), c = rt.createCell("c", 0), early = rt.createCell("early", 0);
  bool writeEarly = false;
  rt.subscribe(reactive::Action{"split",
                                [&, head](reactive::Transaction& tx) {
                                  const int h = head.read(tx);
                                  tx.write(b, h * 10);
                                  tx.write(c, h * 100);
                                  if (writeEarly) tx.write(early, h);
                                }},
               // (early is not declared: until split first writes it, a read of it pulls nothing)
               reactive::ReactivityLog{{head.address()}, {{b, {}}, {c, {}}}}, {});
  int runs = 0;
  bool fail = false;
  bool readC = true;
  auto sum = reactive::derive(rt, "sum", [&, head](reactive::Transaction& tx) {
    ++runs;
    int total = static_cast<int>(reactive::numberOf(tx.read(early))) * 1000 + head.read(tx);
    total += static_cast<int>(reactive::numberOf(tx.read(b)));  // pulls split, which writes c (and early)
    if (fail) throw std::runtime_error("sum: failed");
    if (readC) total += static_cast<int>(reactive::numberOf(tx.read(c)));
    return total;
  });
  std::vector<int> seen;
  auto stop = reactive::sink(rt, "show", sum, [&](int v) { seen.push_back(v); });
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{111}));
  QCOMPARE(runs, 1);

  // sum is Dirty (head) and runs first; its read of b pulls split, which changes c ahead of
  // sum's read of it: one run.
  runs = 0;
  head.set(2);
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{111, 222}));
  QCOMPARE(runs, 1);
  QCOMPARE(rt.dirtyCount(), 0u);

  // c is no longer read: its change (by the pulled split) does not run sum again either.
  runs = 0;
  readC = false;
  head.set(3);
  s.block(rt.idle());
  QCOMPARE(seen, (std::vector<int>{111, 222, 33}));
  QCOMPARE(runs, 1);
  readC = true;

  // early was read before the pull: sum saw its old value and runs again.
  runs = 0;
  writeEarly = true;
  head.set(4);
  s.block(rt.idle());
  QCOMPARE(seen.back(), 4444);
  QCOMPARE(runs, 2);
  writeEarly = false;

  // A run that fails after split changed c: sum stays dirty, and its next pull runs it again.
  runs = 0;
  fail = true;
  head.set(5);
  s.block(rt.idle());
  QCOMPARE(runs, 1);
  QCOMPARE(seen.back(), 4444);
  fail = false;
  QCOMPARE(sum.pull(), 4000 + 5 + 50 + 500);
  QCOMPARE(runs, 2);
  QCOMPARE(rt.errors().size(), std::size_t{1});
}
