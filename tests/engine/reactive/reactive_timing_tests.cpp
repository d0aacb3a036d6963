// engine/reactive, issue 4: per-action timing, debounce, auto-debounce and throttle, with exact
// virtual times under the test scheduler.
#include <QtTest/QtTest>

#include <stdexcept>

#include "reactive/runtime.h"
#include "reactive_test_support.h"
#include "trace/recorder.h"

using namespace tickscope;
using reactive::Mode;
using testing::at;
using testing::ms;
using testing::NumGraph;
using testing::bothModes;
using testing::configFor;

namespace {
constexpr std::size_t kSeeds = 10;


// advanceTo: fires every timer up to `t` ms and leaves the clock there.
void advanceTo(sched::TestScheduler& s, double t) {
  s.runUntilParked();
  s.advanceClock(at(t) - s.now());
}

std::size_t count(const trace::Recorder& r, trace::ReactiveEventKind kind, const std::string& action = {}) {
  std::size_t n = 0;
  for (const auto& e : r.events()) {
    if (const auto* re = std::get_if<trace::ReactiveEvent>(&e);
        re && re->kind == kind && (action.empty() || re->actionName == action)) {
      ++n;
    }
  }
  return n;
}
}  // namespace

class ReactiveTimingTests : public QObject {
  Q_OBJECT
 private slots:
  void statsMeasureTheSchedulersClock_data() { bothModes(); }
  void statsMeasureTheSchedulersClock();
  void debounceRunsOnceAfterTheLastTrigger_data() { bothModes(); }
  void debounceRunsOnceAfterTheLastTrigger();
  void debounceRestartsThroughADirtyComputation_data() { bothModes(); }
  void debounceRestartsThroughADirtyComputation();
  void unsubscribeCancelsThePendingTimer_data() { bothModes(); }
  void unsubscribeCancelsThePendingTimer();
  void setDebounceAtRuntime();
  void debouncedComputation_data() { bothModes(); }
  void debouncedComputation();
  void autoDebounceSlowActions_data() { bothModes(); }
  void autoDebounceSlowActions();
  void manualDebounceAndOptOutWinOverAutoDebounce();
  void throttleSkipsRunsInsideTheWindow_data() { bothModes(); }
  void throttleSkipsRunsInsideTheWindow();
  void throttledComputationStaysDirty();
  void armedDebounceDoesNotTripTheIterationGuard();
};

void ReactiveTimingTests::statsMeasureTheSchedulersClock() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    const auto cost = g.cell("cost", 4);
    int calls = 0;
    const reactive::ActionId work =
        g.rt.subscribe({"work",
                        [&](reactive::Transaction& tx) {
                          ++calls;
                          s.simulateElapsed(ms(tx.read(cost).get<double>()));
                          if (calls == 4) throw std::runtime_error("fourth run fails");
                        }},
                       reactive::ReactivityLog{{{cost, {}}}, {}}, {.isEffect = true})
            .action();
    QCOMPARE(g.rt.getActionStats(work).runCount, std::uint64_t{0});
    g.settle();  // t 0..4
    advanceTo(s, 10);
    g.set("cost", 6);
    g.settle();  // t 10..16
    advanceTo(s, 20);
    g.set("cost", 2);
    g.settle();  // t 20..22
    reactive::ActionStats st = g.rt.getActionStats(work);
    QCOMPARE(st.runCount, std::uint64_t{3});
    QCOMPARE(st.totalTime, ms(12));
    QCOMPARE(st.averageTime, ms(4));  // total / runs
    QCOMPARE(st.lastRunTime, ms(2));
    QCOMPARE(st.minTime, ms(2));
    QCOMPARE(st.maxTime, ms(6));
    QCOMPARE(st.lastRunStart, at(20));
    QCOMPARE(st.lastRunEnd, at(22));
    QCOMPARE(st.sumSquaresMs, 16.0 + 36.0 + 4.0);
    advanceTo(s, 30);
    g.set("cost", 8);  // this run throws: it still counts
    g.settle();
    st = g.rt.getActionStats(work);
    QCOMPARE(st.runCount, std::uint64_t{4});
    QCOMPARE(st.errorCount, std::uint64_t{1});
    QCOMPARE(st.totalTime, ms(20));
    QCOMPARE(st.averageTime, ms(5));
    QCOMPARE(st.lastRunTime, ms(8));
    QCOMPARE(st.lastRunEnd, at(38));
  });
}

void ReactiveTimingTests::debounceRunsOnceAfterTheLastTrigger() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    trace::Recorder recorder;
    NumGraph g(s, configFor(mode));
    g.rt.setObserver(&recorder);
    g.cell("a", 0);
    g.effect("save", {"a"}, {.subscribe = {.debounce = ms(50)}});
    QCOMPARE(g.rt.getDebounce(g.id("save")), ms(50));
    QVERIFY(g.rt.debounceState(g.id("save")).manual);
    g.settle();
    QCOMPARE(g.runTimes["save"], std::vector<double>{0});  // the first scheduling is immediate
    for (int i = 1; i <= 5; ++i) {  // five triggers, 10 ms apart
      advanceTo(s, 10.0 * i);
      g.set("a", i);
    }
    QCOMPARE(g.rt.debounceState(g.id("save")).armedDeadline, std::optional<sched::Instant>(at(100)));
    QVERIFY(!g.rt.isIdle());
    advanceTo(s, 300);
    QCOMPARE(g.runTimes["save"], (std::vector<double>{0, 100}));  // one run, 50 ms after the last
    QCOMPARE(g.seen["save"].back(), std::vector<double>{5});
    QVERIFY(!g.rt.debounceState(g.id("save")).armedDeadline);
    QCOMPARE(count(recorder, trace::ReactiveEventKind::DebounceArmed), std::size_t{1});
    QCOMPARE(count(recorder, trace::ReactiveEventKind::DebounceRestarted), std::size_t{4});
    QCOMPARE(count(recorder, trace::ReactiveEventKind::DebounceFired), std::size_t{1});
    QCOMPARE(s.timerCount(), std::size_t{0});
    QVERIFY(g.rt.isIdle());
  });
}

// input -> normalize -> save (debounced): every change of input triggers save again, also in
// pull mode where normalize is already dirty after the first one. Same times in both modes.
void ReactiveTimingTests::debounceRestartsThroughADirtyComputation() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("input", 0);
    g.computation("normalize", {"input"}, "n", [](const std::vector<double>& v) { return 2 * v[0]; });
    g.effect("save", {"n"}, {.subscribe = {.debounce = ms(100)}});
    g.settle();
    for (double t : {100.0, 110.0, 120.0}) {
      advanceTo(s, t);
      g.set("input", t / 10);
    }
    advanceTo(s, 400);
    QCOMPARE(g.runTimes["save"], (std::vector<double>{0, 220}));  // 100 ms after the last change
    QCOMPARE(g.seen["save"].back(), std::vector<double>{24});
  });
}

void ReactiveTimingTests::unsubscribeCancelsThePendingTimer() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    trace::Recorder recorder;
    NumGraph g(s, configFor(mode));
    g.rt.setObserver(&recorder);
    g.cell("a", 0);
    g.effect("save", {"a"}, {.subscribe = {.debounce = ms(50)}});
    g.settle();
    g.clearLog();
    g.set("a", 1);
    advanceTo(s, 20);
    QCOMPARE(s.timerCount(), std::size_t{1});
    g.rt.unsubscribe(g.id("save"));
    QCOMPARE(s.timerCount(), std::size_t{0});
    QCOMPARE(count(recorder, trace::ReactiveEventKind::DebounceCancelled), std::size_t{1});
    advanceTo(s, 200);
    QCOMPARE(g.runsOf("save"), 0);
    QVERIFY(g.rt.isIdle());
  });
}

void ReactiveTimingTests::setDebounceAtRuntime() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 0);
  g.effect("save", {"a"});
  g.settle();
  g.rt.setDebounce(g.id("save"), ms(30));
  QCOMPARE(g.rt.getDebounce(g.id("save")), ms(30));
  g.set("a", 1);
  advanceTo(s, 10);
  QCOMPARE(g.runsOf("save"), 1);
  // Clearing it while a timer is armed schedules the action at once.
  g.rt.setDebounce(g.id("save"), sched::Duration::zero());
  QCOMPARE(s.timerCount(), std::size_t{0});
  g.settle();
  QCOMPARE(g.runTimes["save"], (std::vector<double>{0, 10}));
  g.set("a", 2);
  g.settle();
  QCOMPARE(g.runTimes["save"], (std::vector<double>{0, 10, 10}));
}

void ReactiveTimingTests::debouncedComputation() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s, configFor(mode));
    g.cell("a", 0);
    g.computation("slowCalc", {"a"}, "b", [](auto& v) { return v[0] * 10; },
                  {.subscribe = {.debounce = ms(50)}});
    g.effect("show", {"b"});
    g.settle();
    QCOMPARE(g.value("b"), 0.0);
    g.clearLog();
    for (int i = 1; i <= 5; ++i) {
      advanceTo(s, 10.0 * i);
      g.set("a", i);
      g.settle();
      QCOMPARE(g.runsOf("slowCalc"), 0);  // waits for its timer
    }
    advanceTo(s, 300);
    QCOMPARE(g.runsOf("slowCalc"), 1);
    QCOMPARE(g.runTimes["show"], std::vector<double>{100});
    QCOMPARE(g.seen["show"].back(), std::vector<double>{50});
  });
}

void ReactiveTimingTests::autoDebounceSlowActions() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    trace::Recorder recorder;
    NumGraph g(s, configFor(mode));
    g.rt.setObserver(&recorder);
    g.cell("a", 0);
    g.cell("b", 0);
    g.effect("heavy", {"a"}, {.costMs = 60, .label = "h"});
    g.effect("light", {"b"}, {.costMs = 10, .label = "l"});
    g.settle();  // heavy 0..60 or after light: either way two first runs
    for (int round = 1; round <= 2; ++round) {
      advanceTo(s, 200.0 * round);
      g.set("a", round);
      g.set("b", round);
      g.settle();
    }
    QCOMPARE(g.runsOf("heavy"), 3);
    const auto heavy = g.rt.debounceState(g.id("heavy"));
    QVERIFY(heavy.automatic);
    QVERIFY(!heavy.manual);
    QCOMPARE(heavy.delay, ms(100));
    QCOMPARE(count(recorder, trace::ReactiveEventKind::AutoDebounced, "heavy"), std::size_t{1});
    QCOMPARE(g.rt.getDebounce(g.id("light")), sched::Duration::zero());
    QVERIFY(!g.rt.debounceState(g.id("light")).automatic);

    // A burst of three triggers 10 ms apart: one run, 100 ms after the last.
    g.clearLog();
    for (int i = 0; i < 3; ++i) {
      advanceTo(s, 1000 + 10.0 * i);
      g.set("a", 10 + i);
      g.set("b", 10 + i);
      g.settle();
    }
    advanceTo(s, 2000);
    QCOMPARE(g.runTimes["heavy"], std::vector<double>{1120});
    QCOMPARE(g.seen["heavy"].back(), std::vector<double>{12});
    QCOMPARE(g.runsOf("light"), 3);  // never auto-debounced
    QCOMPARE(count(recorder, trace::ReactiveEventKind::AutoDebounced, "light"), std::size_t{0});
  });
}

void ReactiveTimingTests::manualDebounceAndOptOutWinOverAutoDebounce() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 0);
  g.effect("optedOut", {"a"}, {.costMs = 60, .label = "x", .subscribe = {.autoDebounce = false}});
  g.effect("manual", {"a"}, {.costMs = 60, .label = "y", .subscribe = {.debounce = ms(20)}});
  g.effect("laterOut", {"a"}, {.costMs = 60, .label = "z"});
  g.settle();
  for (int round = 1; round <= 4; ++round) {
    advanceTo(s, 1000.0 * round);
    g.set("a", round);
    g.settle();
    advanceTo(s, 1000.0 * round + 500);
  }
  QCOMPARE(g.runsOf("optedOut"), 5);
  QCOMPARE(g.rt.getDebounce(g.id("optedOut")), sched::Duration::zero());
  QVERIFY(g.rt.debounceState(g.id("optedOut")).autoOptOut);
  QCOMPARE(g.runsOf("manual"), 5);
  QCOMPARE(g.rt.getDebounce(g.id("manual")), ms(20));
  QVERIFY(g.rt.debounceState(g.id("manual")).manual);
  QVERIFY(!g.rt.debounceState(g.id("manual")).automatic);
  // Auto-debounced after its third run; opting out afterwards removes it.
  QVERIFY(g.rt.debounceState(g.id("laterOut")).automatic);
  g.rt.setAutoDebounce(g.id("laterOut"), false);
  QCOMPARE(g.rt.getDebounce(g.id("laterOut")), sched::Duration::zero());
  QVERIFY(!g.rt.debounceState(g.id("laterOut")).automatic);
  // Config switch: no auto-debounce at all.
  sched::TestScheduler s2;
  reactive::RuntimeConfig config;
  config.autoDebounce.enabled = false;
  NumGraph h(s2, config);
  h.cell("a", 0);
  h.effect("heavy", {"a"}, {.costMs = 60});
  h.settle();
  for (int round = 1; round <= 4; ++round) {
    advanceTo(s2, 1000.0 * round);
    h.set("a", round);
    h.settle();
  }
  QCOMPARE(h.rt.getDebounce(h.id("heavy")), sched::Duration::zero());
}

void ReactiveTimingTests::throttleSkipsRunsInsideTheWindow() {
  QFETCH(Mode, mode);
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    trace::Recorder recorder;
    NumGraph g(s, configFor(mode));
    g.rt.setObserver(&recorder);
    g.cell("a", 0);
    g.effect("paint", {"a"}, {.subscribe = {.throttle = ms(50)}});
    QCOMPARE(g.rt.getThrottle(g.id("paint")), ms(50));
    g.settle();  // the first run is always allowed
    advanceTo(s, 10);
    g.set("a", 1);
    g.settle();  // inside the window: skipped
    QCOMPARE(g.runTimes["paint"], std::vector<double>{0});
    QCOMPARE(g.rt.getActionStats(g.id("paint")).skippedCount, std::uint64_t{1});
    QCOMPARE(count(recorder, trace::ReactiveEventKind::ActionSkipped, "paint"), std::size_t{1});
    QVERIFY(g.rt.isIdle());
    advanceTo(s, 60);  // after the window, the next change runs it
    g.set("a", 2);
    g.settle();
    QCOMPARE(g.runTimes["paint"], (std::vector<double>{0, 60}));
    QCOMPARE(g.seen["paint"].back(), std::vector<double>{2});
    g.rt.setThrottle(g.id("paint"), sched::Duration::zero());
    g.set("a", 3);
    g.settle();
    QCOMPARE(g.runTimes["paint"], (std::vector<double>{0, 60, 60}));
  });
}

void ReactiveTimingTests::throttledComputationStaysDirty() {
  testing::manyQt(kSeeds, [&](sched::TestScheduler& s) {
    NumGraph g(s);
    g.cell("a", 1);
    g.computation("calc", {"a"}, "c", [](auto& v) { return v[0] * 100; }, {.subscribe = {.throttle = ms(50)}});
    g.effect("show", {"a", "c"});
    g.settle();
    QCOMPARE(g.seen["show"].back(), (std::vector<double>{1, 100}));
    advanceTo(s, 10);
    g.set("a", 2);
    g.settle();
    // The effect ran; the throttled computation was skipped and stays dirty.
    QCOMPARE(g.seen["show"].back(), (std::vector<double>{2, 100}));
    QCOMPARE(g.runsOf("calc"), 1);
    QVERIFY(g.rt.isDirty(g.id("calc")));
    QCOMPARE(g.rt.getActionStats(g.id("calc")).skippedCount, std::uint64_t{1});
    advanceTo(s, 60);
    g.set("a", 3);  // the next demand after the window runs it
    g.settle();
    QCOMPARE(g.runsOf("calc"), 2);
    QVERIFY(!g.rt.isDirty(g.id("calc")));
    QCOMPARE(g.seen["show"].back(), (std::vector<double>{3, 300}));
    QCOMPARE(g.runsOf("show"), 3);
  });
}

void ReactiveTimingTests::armedDebounceDoesNotTripTheIterationGuard() {
  sched::TestScheduler s;
  NumGraph g(s);
  g.cell("a", 0);
  g.effect("quiet", {"a"}, {.subscribe = {.debounce = ms(1000)}});
  g.effect("busy", {"a"});
  g.settle();
  for (int i = 1; i <= 150; ++i) {  // one event per ms: quiet's timer stays armed throughout
    advanceTo(s, i);
    g.set("a", i);
    g.settle();
  }
  QCOMPARE(g.runsOf("busy"), 151);
  QVERIFY(g.rt.errors().empty());
  advanceTo(s, 5000);
  QCOMPARE(g.runTimes["quiet"], (std::vector<double>{0, 1150}));
}

QTEST_GUILESS_MAIN(ReactiveTimingTests)
#include "reactive_timing_tests.moc"
