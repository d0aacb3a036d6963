// run::History: replaying a document from step 0 with the recorded interventions reaches,
// at every step, exactly the state the live run had there (every snapshot field).
#include <QtTest/QtTest>

#include <functional>

#include <fmt/format.h>

#include "run/history.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"
#include "trace/report_json.h"

using namespace tickscope;
using run::History;
using run::HistoryCursor;
using run::Intervention;
using run::Runner;
using testing::loadExample;
using testing::snapshotText;

namespace {

using Kind = Intervention::Kind;

// PlannedChange: what the "user" does at step `step` of the live run (ClockSet: the move of
// step `step`, `value` ms after the clock then).
struct PlannedChange {
  std::uint64_t step = 0;
  Kind kind = Kind::SetCell;
  std::string cell;  // SetCell
  double value = 0;  // SetCell: the value; ClockSet: how far ahead
  std::string label;
};

// LiveRun: the run as the debugger makes it, one move at a time, the changes made by hand and
// recorded; texts[n] is the state at step n (after the changes made at n).
struct LiveRun {
  History history;
  std::vector<std::string> texts;
  std::string report;
};

void runLive(const std::shared_ptr<const graph::GraphDocument>& doc, const run::RunOptions& options,
             const std::vector<PlannedChange>& plan, LiveRun& out) {
  Runner runner(doc, options);
  out = {};
  while (true) {
    const std::uint64_t now = runner.steps();
    for (const PlannedChange& c : plan) {
      if (c.step != now || c.kind == Kind::ClockSet) continue;
      Intervention i{c.kind, now, 0, c.value, c.label};
      if (c.kind == Kind::SetCell) {
        i.cell = *doc->findCell(c.cell);
        runner.setCellValue(i.cell, c.value);
      } else {
        runner.setDeprioritized(c.label, c.kind == Kind::Deprioritize);
      }
      out.history.record(i);
    }
    out.texts.push_back(snapshotText(runner.snapshot()));
    const auto clock = std::find_if(plan.begin(), plan.end(), [&](const PlannedChange& c) {
      return c.kind == Kind::ClockSet && c.step == now + 1;
    });
    if (clock != plan.end()) {
      const double target = runner.nowMs() + clock->value;
      QVERIFY(runner.advanceClockTo(target));
      out.history.record({Kind::ClockSet, runner.steps(), 0, target, {}});
      continue;
    }
    if (!runner.step()) break;
    QVERIFY(runner.steps() < 20'000);
  }
  out.report = trace::reportJson(runner.report());
}

// replayEveryStep: for every step n of `live`, a fresh runner replayed to n shows texts[n].
void replayEveryStep(const std::shared_ptr<const graph::GraphDocument>& doc, const run::RunOptions& options,
                     const LiveRun& live, const std::string& what) {
  for (std::uint64_t n = 0; n < live.texts.size(); ++n) {
    Runner replay(doc, options);
    HistoryCursor cursor;
    QVERIFY(run::replayTo(replay, live.history, cursor, n, [] { return true; }));
    QCOMPARE(replay.steps(), n);
    SAME_TEXT(snapshotText(replay.snapshot()), live.texts[n], fmt::format("{}: replayed to step {}", what, n));
    if (QTest::currentTestFailed()) return;
  }
  // Past the end: the whole run, the same report.
  Runner replay(doc, options);
  HistoryCursor cursor;
  QVERIFY(run::replayTo(replay, live.history, cursor, 1'000'000, [] { return true; }));
  QCOMPARE(replay.phase(), Runner::Phase::Done);
  QCOMPARE(replay.steps(), std::uint64_t(live.texts.size() - 1));
  SAME_TEXT(trace::reportJson(replay.report()), live.report, what + ": replayed to the end");
}

std::shared_ptr<const graph::GraphDocument> shared(graph::GraphDocument doc) {
  return std::make_shared<const graph::GraphDocument>(std::move(doc));
}

run::RunOptions options(graph::Mode mode) {
  run::RunOptions o;
  o.mode = mode;
  o.journalSteps = 32;  // the journal's rows are part of the state compared
  o.recorderCapacity = 0;
  return o;
}

}  // namespace

void HistoryTests::replayReachesEveryStepWithoutInterventions() {
  int runs = 0;
  for (const char* name : {"diamond.tsg.json", "request-dangling.tsg.json", "slow-cycle.tsg.json",
                           "debounce-storm.tsg.json", "newton-cycle.tsg.json", "auto-debounce.tsg.json"}) {
    const auto doc = shared(loadExample(name));
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      LiveRun live;
      runLive(doc, options(mode), {}, live);
      QVERIFY(live.history.empty());
      replayEveryStep(doc, options(mode), live, fmt::format("{} {}", name, graph::toString(mode)));
      if (QTest::currentTestFailed()) return;
      ++runs;
    }
  }
  QCOMPARE(runs, 12);
}

void HistoryTests::replayRepeatsInterventionsAtTheirSteps() {
  struct Case {
    std::string name;
    std::shared_ptr<const graph::GraphDocument> doc;
    std::vector<PlannedChange> plan;
  };
  std::vector<Case> cases;
  cases.push_back({"diamond",
                   shared(loadExample("diamond.tsg.json")),
                   {{2, Kind::SetCell, "a", 7, {}},
                    {4, Kind::Deprioritize, {}, 0, "ui"},
                    {6, Kind::ClockSet, {}, 7, {}},
                    {9, Kind::Prioritize, {}, 0, "ui"},
                    {9, Kind::SetCell, "b", -1, {}},  // two at one step: in their order
                    {9, Kind::SetCell, "a", 3, {}}}});
  cases.push_back({"request-dangling",
                   shared(loadExample("request-dangling.tsg.json")),
                   {{5, Kind::SetCell, "a", 11, {}}, {10, Kind::ClockSet, {}, 100, {}}}});
  cases.push_back({"slow-cycle",  // n changed while the slow cycle is iterating
                   shared(loadExample("slow-cycle.tsg.json")),
                   {{14, Kind::SetCell, "n", 9, {}}, {3, Kind::ClockSet, {}, 5, {}}}});
  cases.push_back({"debounce-storm",  // the clock moved inside a burst, past save's deadline
                   shared(loadExample("debounce-storm.tsg.json")),
                   {{8, Kind::ClockSet, {}, 150, {}}, {20, Kind::SetCell, "input", 99, {}}}});
  cases.push_back({"generated",
                   shared(testing::generatedGraph(graph::Shape::Random, 2, 40, true)),
                   {{3, Kind::Deprioritize, {}, 0, "a"},
                    {5, Kind::SetCell, "s0", 42, {}},
                    {12, Kind::ClockSet, {}, 4, {}},
                    {20, Kind::Prioritize, {}, 0, "a"},
                    {20, Kind::Deprioritize, {}, 0, "b"}}});
  for (const Case& c : cases) {
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      const std::string what = fmt::format("{} {}", c.name, graph::toString(mode));
      LiveRun live;
      runLive(c.doc, options(mode), c.plan, live);
      if (QTest::currentTestFailed()) return;
      QCOMPARE(live.history.entries().size(), c.plan.size());
      // The changes changed the run: it differs from the one without them.
      LiveRun plain;
      runLive(c.doc, options(mode), {}, plain);
      QVERIFY2(plain.report != live.report, what.c_str());
      replayEveryStep(c.doc, options(mode), live, what);
      if (QTest::currentTestFailed()) return;
    }
  }
}

void HistoryTests::dropAfterForgetsTheFuture() {
  History h;
  h.record({Kind::SetCell, 2, 0, 1, {}});
  h.record({Kind::Deprioritize, 5, 0, 0, "ui"});
  h.record({Kind::SetCell, 5, 0, 2, {}});
  h.record({Kind::ClockSet, 9, 0, 250, {}});
  h.record({Kind::Prioritize, 12, 0, 0, "ui"});
  QCOMPARE(h.entries().size(), std::size_t(5));
  QVERIFY(h.clockSetAt(9) && h.clockSetAt(9)->value == 250);
  QVERIFY(!h.clockSetAt(5) && !h.clockSetAt(12) && !h.clockSetAt(10));
  QCOMPARE(h.dropAfter(12), std::size_t(0));
  QCOMPARE(h.dropAfter(8), std::size_t(2));  // the clock move of step 9 is in the future of 8
  QCOMPARE(h.entries().size(), std::size_t(3));
  QVERIFY(!h.clockSetAt(9));
  QCOMPARE(h.dropAfter(5), std::size_t(0));  // what was made at 5 is kept
  QCOMPARE(h.entries().back().value, 2.0);
  // record keeps step order (a change of the past goes before the later ones), and the order
  // of changes made at one step.
  h.record({Kind::SetCell, 3, 0, 3, {}});
  h.record({Kind::SetCell, 2, 0, 4, {}});
  std::vector<std::pair<std::uint64_t, double>> order;
  for (const Intervention& i : h.entries()) order.emplace_back(i.step, i.value);
  QCOMPARE(order, (std::vector<std::pair<std::uint64_t, double>>{{2, 1}, {2, 4}, {3, 3}, {5, 0}, {5, 2}}));
  QCOMPARE(h.dropAfter(0), std::size_t(5));
  QVERIFY(h.empty());

  // On a run: the user goes back to step 7 and changes something else there. The changes
  // recorded after 7 are gone; replaying gives the run that only had the earlier ones.
  const auto doc = shared(loadExample("diamond.tsg.json"));
  LiveRun first, kept;
  runLive(doc, options(graph::Mode::Pull),
          {{3, Kind::SetCell, "a", 50, {}}, {8, Kind::SetCell, "a", -50, {}}, {10, Kind::ClockSet, {}, 30, {}}}, first);
  runLive(doc, options(graph::Mode::Pull), {{3, Kind::SetCell, "a", 50, {}}}, kept);
  History history = first.history;
  QCOMPARE(history.dropAfter(7), std::size_t(2));
  Runner replay(doc, options(graph::Mode::Pull));
  HistoryCursor cursor;
  QVERIFY(run::replayTo(replay, history, cursor, 1'000'000, [] { return true; }));
  SAME_TEXT(trace::reportJson(replay.report()), kept.report, "after dropAfter");
  QVERIFY(kept.report != first.report);
  SAME_TEXT(snapshotText(replay.snapshot()), kept.texts.back(), "after dropAfter");
}

void HistoryTests::describeSaysWhatWasDone() {
  const graph::GraphDocument doc = loadExample("diamond.tsg.json");
  QCOMPARE(run::describe({Kind::SetCell, 12, *doc.findCell("a"), 5, {}}, doc), std::string("step 12: cell a set to 5"));
  QCOMPARE(run::describe({Kind::SetCell, 0, *doc.findCell("d"), -2.5, {}}, doc), std::string("step 0: cell d set to -2.5"));
  QCOMPARE(run::describe({Kind::SetCell, 1, 99, 1, {}}, doc), std::string("step 1: cell #99 set to 1"));
  QCOMPARE(run::describe({Kind::Deprioritize, 3, 0, 0, "net"}, doc), std::string("step 3: label net deprioritized"));
  QCOMPARE(run::describe({Kind::Prioritize, 4, 0, 0, "net"}, doc), std::string("step 4: label net no longer deprioritized"));
  QCOMPARE(run::describe({Kind::ClockSet, 40, 0, 250, {}}, doc), std::string("step 40: clock moved to 250 ms"));
  QCOMPARE(run::describe({Kind::ClockSet, 41, 0, 0.125, {}}, doc), std::string("step 41: clock moved to 0.125 ms"));
}

void HistoryTests::replayStopsWhenToldAndResumes() {
  const auto doc = shared(loadExample("debounce-storm.tsg.json"));
  LiveRun live;
  runLive(doc, options(graph::Mode::Pull), {{4, Kind::SetCell, "input", 7, {}}, {6, Kind::ClockSet, {}, 20, {}}}, live);
  // Asked every 4 moves; the second answer is no: stopped after 7 moves.
  Runner replay(doc, options(graph::Mode::Pull));
  HistoryCursor cursor;
  int asked = 0;
  QVERIFY(!run::replayTo(replay, live.history, cursor, 30, [&] { return ++asked < 2; }, 4));
  QCOMPARE(asked, 2);
  QCOMPARE(replay.steps(), std::uint64_t(7));
  QCOMPARE(cursor.position(), std::size_t(2));  // the change at 4 and the clock move of 6 made
  // Resumed with the same cursor: the state at 30 as it was live.
  QVERIFY(run::replayTo(replay, live.history, cursor, 30, [] { return true; }));
  SAME_TEXT(snapshotText(replay.snapshot()), live.texts[30], "resumed");
  // A replay never asked (a short target) is never stopped.
  Runner quick(doc, options(graph::Mode::Pull));
  HistoryCursor c2;
  QVERIFY(run::replayTo(quick, live.history, c2, 3, [] { return false; }, 256));
  QCOMPARE(quick.steps(), std::uint64_t(3));
}

void HistoryTests::cursorMakesEachChangeOnce() {
  const auto doc = shared(loadExample("diamond.tsg.json"));
  History h;
  h.record({Kind::SetCell, 0, *doc->findCell("a"), 9, {}});
  h.record({Kind::ClockSet, 1, 0, 0, {}});  // no longer applies (0 is not later than now)
  h.record({Kind::Deprioritize, 1, 0, 0, "ui"});
  Runner runner(doc);
  HistoryCursor cursor;
  cursor.applyDue(runner, h);
  QCOMPARE(cursor.position(), std::size_t(1));
  QCOMPARE(runner.report().cells[0].value, 9.0);
  const std::uint64_t generation = runner.generation();
  cursor.applyDue(runner, h);  // made already: nothing
  QCOMPARE(runner.generation(), generation);
  // The recorded clock move does not apply: the ordinary move instead, and it is used up.
  QVERIFY(cursor.advance(runner, h));
  QCOMPARE(runner.lastMove().kind, run::MoveKind::Decision);
  QCOMPARE(cursor.position(), std::size_t(2));
  QVERIFY(cursor.advance(runner, h));  // the deprioritize at 1 first, then a move
  QCOMPARE(cursor.position(), std::size_t(3));
  QCOMPARE(runner.snapshot().deprioritized, std::vector<std::string>{"ui"});
  // skipAll: a live runner made them all as they were recorded.
  HistoryCursor live;
  live.skipAll(h);
  QCOMPARE(live.position(), h.entries().size());
  Runner untouched(doc);
  live.applyDue(untouched, h);
  QCOMPARE(untouched.generation(), std::uint64_t(0));
  // advance on a finished run: false, nothing moved.
  runner.runToEnd();
  const std::uint64_t steps = runner.steps();
  QVERIFY(!cursor.advance(runner, h));
  QCOMPARE(runner.steps(), steps);
}
