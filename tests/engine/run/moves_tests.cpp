// run::Runner moves: nextMove() predicts step(), steps() counts every move, the phases
// (settle, applyNextEvent, runToEnd) step the same way, the user's moves and interventions.
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"
#include "trace/report_json.h"

using namespace tickscope;
using run::Move;
using run::MoveKind;
using run::Runner;
using testing::loadJson;
using testing::moveText;

namespace {

// Two computations with costs, one effect, a debounced effect; three events (the third's
// atMs has passed when it applies).
const char* const kMoves = R"({
  "tickscope": 1, "name": "moves", "settings": { "seed": 5 },
  "cells": { "a": 1, "k": 0 },
  "actions": [
    { "id": "left", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a + 1", "costMs": 2 },
    { "id": "right", "kind": "computation", "reads": ["a"], "writes": ["c"], "expr": "a * 2", "costMs": 3 },
    { "id": "show", "kind": "effect", "reads": ["b", "c"], "expr": "b + c", "costMs": 1 },
    { "id": "save", "kind": "effect", "reads": ["k"], "expr": "k", "debounceMs": 100, "costMs": 4 }
  ],
  "events": [ { "atMs": 30, "set": { "a": 2, "k": 1 } }, { "atMs": 50, "set": { "a": 3 } },
              { "atMs": 20, "set": { "a": 4 } } ]
})";

struct MoveCounts {
  std::uint64_t steps = 0;
  std::size_t decisions = 0, validated = 0, clock = 0, events = 0, finished = 0;
};

// stepAndPredict: steps `runner` to the end; before every step nextMove() must name the move
// step() then makes (its kind; the clock for ClockMoved/Finished; the event for EventApplied),
// and each move must do what its kind says. `n`: what it counted. (void: QtTest's checks
// return on failure; the caller checks QTest::currentTestFailed().)
void stepAndPredict(Runner& runner, const std::string& what, MoveCounts& n) {
  n = {};
  const std::size_t eventCount = runner.document().events.size();
  while (true) {
    const Move predicted = runner.nextMove();
    const double before = runner.nowMs();
    const std::uint64_t decisionsBefore = runner.scheduler().decisionCount();
    const std::size_t eventBefore = runner.nextEvent();
    const std::uint64_t stepsBefore = runner.steps();
    const bool moved = runner.step();
    const std::string where = fmt::format("{}: step {}", what, stepsBefore + 1);
    if (!moved) {
      QVERIFY2(predicted.kind == MoveKind::None, (where + ": predicted " + moveText(predicted) + ", none made").c_str());
      QCOMPARE(runner.steps(), stepsBefore);
      break;
    }
    const Move& made = runner.lastMove();
    QVERIFY2(predicted.kind == made.kind,
             (where + ": predicted " + moveText(predicted) + ", made " + moveText(made)).c_str());
    QCOMPARE(runner.steps(), stepsBefore + 1);
    const std::uint64_t decisions = runner.scheduler().decisionCount() - decisionsBefore;
    QCOMPARE(decisions, std::uint64_t(made.kind == MoveKind::Decision ? 1 : 0));  // one decision, in a Decision only
    switch (made.kind) {
      case MoveKind::Decision:
        ++n.decisions;
        break;
      case MoveKind::RequestValidated:
        ++n.validated;
        QCOMPARE(runner.nowMs(), before);
        break;
      case MoveKind::ClockMoved:
        ++n.clock;
        QVERIFY2(predicted.atMs == made.atMs, (where + ": predicted " + moveText(predicted) + ", made " + moveText(made)).c_str());
        QVERIFY(made.atMs > before);
        QCOMPARE(runner.nowMs(), made.atMs);
        break;
      case MoveKind::EventApplied:
        QCOMPARE(predicted.event, made.event);
        QCOMPARE(made.event, n.events);  // in file order, each once
        QCOMPARE(eventBefore, made.event);
        QCOMPARE(runner.nextEvent(), made.event + 1);
        QCOMPARE(runner.nowMs(), before);  // applying writes moves no clock
        QVERIFY(runner.nowMs() >= std::min(runner.document().events[made.event].atMs, Runner::kMaxVirtualMs));
        ++n.events;
        break;
      case MoveKind::Finished:
        ++n.finished;
        QVERIFY2(predicted.atMs == made.atMs, (where + ": predicted " + moveText(predicted) + ", made " + moveText(made)).c_str());
        QCOMPARE(runner.phase(), Runner::Phase::Done);
        break;
      case MoveKind::None:
      case MoveKind::ClockSet:
        QFAIL((where + ": step() made " + moveText(made)).c_str());
    }
    if (made.kind != MoveKind::Finished) QVERIFY(runner.phase() != Runner::Phase::Done);
    QVERIFY2(runner.steps() < 500'000, what.c_str());
  }
  n.steps = runner.steps();
  QCOMPARE(n.events, eventCount);
  QCOMPARE(n.finished, std::size_t(1));
  QCOMPARE(runner.lastMove().kind, MoveKind::Finished);
  QCOMPARE(runner.nextMove().kind, MoveKind::None);
  QCOMPARE(n.decisions + n.validated + n.clock + n.events + n.finished, static_cast<std::size_t>(n.steps));
  QCOMPARE(static_cast<std::uint64_t>(n.decisions), runner.scheduler().decisionCount());
}

std::size_t sessionEvents(const graph::GraphDocument& doc) {
  return static_cast<std::size_t>(std::count_if(doc.events.begin(), doc.events.end(), [](const graph::Event& e) { return e.session.has_value(); }));
}

}  // namespace

void MovesTests::nextMovePredictsEveryStepOfTheExamples() {
  int runs = 0;
  for (const auto& path : testing::examplePaths()) {
    const graph::GraphDocument doc = testing::loadExample(path.filename().string());
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      run::RunOptions options;
      options.mode = mode;
      options.recorderCapacity = 0;
      Runner runner(doc, options);
      const std::string what = fmt::format("{} {}", path.filename().string(), graph::toString(mode));
      MoveCounts n;
      stepAndPredict(runner, what, n);
      if (QTest::currentTestFailed()) return;
      QCOMPARE(n.validated, sessionEvents(doc));  // each request validated once
      ++runs;
    }
  }
  QCOMPARE(runs, 20);
}

void MovesTests::nextMovePredictsEveryStepOfGeneratedGraphs() {
  int runs = 0;
  for (const graph::Shape shape : {graph::Shape::Random, graph::Shape::Grid, graph::Shape::Diamond}) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const graph::GraphDocument doc = testing::generatedGraph(shape, seed, 120, shape == graph::Shape::Random);
      for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
        run::RunOptions options;
        options.mode = mode;
        options.recorderCapacity = 0;
        Runner runner(doc, options);
        MoveCounts n;
        stepAndPredict(runner, fmt::format("{} seed {} {}", graph::toString(shape), seed, graph::toString(mode)), n);
        if (QTest::currentTestFailed()) return;
        ++runs;
      }
    }
  }
  QCOMPARE(runs, 24);
}

void MovesTests::maxTimeStopsTheClock() {
  // Timers left beyond maxTimeMs: the last move (predicted, too) moves the clock to the max
  // time and ends the run with a "max-time" error naming the armed debounce.
  struct Case {
    graph::GraphDocument doc;
    double maxTimeMs;
    std::vector<std::string> debounced;
  };
  std::vector<Case> cases;
  cases.push_back({loadJson(kMoves), 100, {"save"}});  // save's timer is due at 130
  cases.push_back({testing::loadExample("request-dangling.tsg.json"), 300, {}});  // audit's at 510
  cases.push_back({testing::loadExample("debounce-storm.tsg.json"), 1150, {"save"}});  // save's at 1200
  for (Case& c : cases) {
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      run::RunOptions options;
      options.mode = mode;
      options.maxTimeMs = c.maxTimeMs;
      Runner runner(c.doc, options);
      MoveCounts n;
      stepAndPredict(runner, c.doc.name + " with a max time", n);
      if (QTest::currentTestFailed()) return;
      QCOMPARE(runner.lastMove().atMs, c.maxTimeMs);
      QCOMPARE(runner.nowMs(), c.maxTimeMs);
      QCOMPARE(runner.errors().back().kind, std::string("max-time"));
      QCOMPARE(runner.errors().back().actions, c.debounced);
      QCOMPARE(runner.errors().back().atMs, c.maxTimeMs);
    }
  }
}

void MovesTests::doneMeansNoMove() {
  Runner runner(loadJson(kMoves));
  QCOMPARE(runner.lastMove().kind, MoveKind::None);  // before the first step
  QCOMPARE(runner.steps(), std::uint64_t(0));
  runner.runToEnd();
  const std::uint64_t steps = runner.steps();
  const std::uint64_t generation = runner.generation();
  const double now = runner.nowMs();
  QCOMPARE(runner.phase(), Runner::Phase::Done);
  for (int i = 0; i < 3; ++i) {
    const Move next = runner.nextMove();
    QCOMPARE(next.kind, MoveKind::None);
    QCOMPARE(next.atMs, now);
    QVERIFY(!runner.step());
  }
  QCOMPARE(runner.steps(), steps);
  QCOMPARE(runner.generation(), generation);
  QCOMPARE(runner.lastMove().kind, MoveKind::Finished);
  QCOMPARE(runner.lastMove().atMs, now);
  QVERIFY(!runner.advanceClockTo(now + 10));  // no user move once done either
  QCOMPARE(runner.steps(), steps);

  QCOMPARE(run::nameOf(MoveKind::None), std::string_view("none"));
  QCOMPARE(run::nameOf(MoveKind::Decision), std::string_view("decision"));
  QCOMPARE(run::nameOf(MoveKind::RequestValidated), std::string_view("request validated"));
  QCOMPARE(run::nameOf(MoveKind::ClockMoved), std::string_view("clock moved"));
  QCOMPARE(run::nameOf(MoveKind::EventApplied), std::string_view("event applied"));
  QCOMPARE(run::nameOf(MoveKind::Finished), std::string_view("finished"));
  QCOMPARE(run::nameOf(MoveKind::ClockSet), std::string_view("clock set"));
}

void MovesTests::stepsCountEveryMove() {
  Runner runner(loadJson(kMoves));
  std::vector<std::string> moves;
  std::uint64_t generation = runner.generation();
  while (runner.step()) {
    moves.push_back(moveText(runner.lastMove()));
    QCOMPARE(runner.steps(), std::uint64_t(moves.size()));
    QCOMPARE(runner.generation(), generation + 1);  // one per move
    generation = runner.generation();
  }
  // kMoves in pull mode, worked out by hand: one group (no labels) runs every pending action
  // per decision, a computation runs when an effect pulls it, costs move the clock.
  const std::vector<std::string> expected{
      "decision",          // settle: show pulls left (0..2), right (2..5), runs 5..6
      "decision",          // save 6..10 (a group runs one pending effect per decision)
      "clock moved @30",   // to event 0
      "event applied #0",  // a = 2, k = 1: show scheduled, save's debounce armed until 130
      "decision",          // show (left, right) 30..36
      "clock moved @50",   // to event 1
      "event applied #1",  // a = 3
      "decision",          // show 50..56
      "event applied #2",  // its atMs (20) has passed: at once, at 56
      "decision",          // show 56..62
      "clock moved @130",  // the events are over: to save's timer
      "decision",          // the timer fires: save scheduled
      "decision",          // save 130..134
      "finished @134",
  };
  SAME_TEXT(fmt::format("{}", fmt::join(moves, "\n")), fmt::format("{}", fmt::join(expected, "\n")), "moves");
  QCOMPARE(runner.report().effectRuns.back().action, std::string("save"));
  QCOMPARE(runner.report().effectRuns.back().atMs, 130.0);
  QCOMPARE(runner.report().virtualTimeMs, 134.0);
}

void MovesTests::phasesStepLikeAStepLoop() {
  for (const auto& path : testing::examplePaths()) {
    const std::string name = path.filename().string();
    if (name.starts_with("grid")) continue;  // its push run alone is 110,000 steps, three times
    const graph::GraphDocument doc = testing::loadExample(name);
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      const std::string what = fmt::format("{} {}", name, graph::toString(mode));
      run::RunOptions options;
      options.mode = mode;
      Runner stepped(doc, options), phased(doc, options), whole(doc, options);
      // The step loop, noting where each phase ends.
      std::uint64_t settledAt = 0;
      std::vector<std::uint64_t> eventDoneAt;  // steps() once event k and what it caused are over
      while (stepped.step()) {
        if (settledAt == 0 && stepped.phase() != Runner::Phase::Settling) settledAt = stepped.steps() - 1;
      }

      phased.settle();
      QCOMPARE(phased.phase(), Runner::Phase::Events);
      QCOMPARE(phased.nextEvent(), std::size_t(0));
      QCOMPARE(phased.steps(), settledAt);  // every settle decision is a step, nothing more
      QVERIFY(!phased.scheduler().hasDecision());
      phased.settle();  // settled already: nothing
      QCOMPARE(phased.steps(), settledAt);
      std::size_t applied = 0;
      while (phased.applyNextEvent()) {
        ++applied;
        QCOMPARE(phased.nextEvent(), applied);
        // Everything the event caused has run, its request is validated: what is next is a
        // clock move, the next event or the end.
        const MoveKind next = phased.nextMove().kind;
        QVERIFY2(next == MoveKind::ClockMoved || next == MoveKind::EventApplied || next == MoveKind::Finished,
                 (what + ": after applyNextEvent the next move is " + moveText(phased.nextMove())).c_str());
      }
      QCOMPARE(applied, doc.events.size());
      QVERIFY(phased.phase() != Runner::Phase::Done);
      phased.runToEnd();
      whole.runToEnd();
      QCOMPARE(phased.phase(), Runner::Phase::Done);
      QCOMPARE(whole.phase(), Runner::Phase::Done);
      const std::string expected = trace::reportJson(stepped.report());
      QVERIFY2(trace::reportJson(phased.report()) == expected, what.c_str());
      QVERIFY2(trace::reportJson(whole.report()) == expected, what.c_str());
      // With an observer attached (the recorder) nothing free-runs: the same moves, counted.
      QCOMPARE(phased.steps(), stepped.steps());
      QCOMPARE(whole.steps(), stepped.steps());
      QCOMPARE(whole.lastMove().kind, MoveKind::Finished);
      QVERIFY(!phased.applyNextEvent());
    }
  }
}

void MovesTests::advanceClockToIsAClockSetStep() {
  Runner runner(loadJson(kMoves));
  // Refused: not later than now (0), negative, NaN. No step, no change.
  QVERIFY(!runner.advanceClockTo(0));
  QVERIFY(!runner.advanceClockTo(-5));
  QVERIFY(!runner.advanceClockTo(std::numeric_limits<double>::quiet_NaN()));
  QCOMPARE(runner.steps(), std::uint64_t(0));
  QCOMPARE(runner.generation(), std::uint64_t(0));
  QCOMPARE(runner.lastMove().kind, MoveKind::None);

  runner.settle();  // now 10
  QCOMPARE(runner.nowMs(), 10.0);
  QVERIFY(runner.applyNextEvent());  // event 0 at 30; show runs 30..36; save armed until 130
  QCOMPARE(runner.nowMs(), 36.0);
  const std::uint64_t steps = runner.steps();
  const std::uint64_t generation = runner.generation();
  const trace::Report before = runner.report();
  const std::uint64_t decisions = runner.scheduler().decisionCount();
  QVERIFY(!runner.advanceClockTo(36));  // now: refused
  QVERIFY(!runner.advanceClockTo(35.5));
  QCOMPARE(runner.steps(), steps);
  QCOMPARE(runner.generation(), generation);
  QCOMPARE(runner.nowMs(), 36.0);

  // Past event 1 (at 50) and save's timer (130): the clock jumps, nothing runs.
  QCOMPARE(runner.nextMove().kind, MoveKind::ClockMoved);
  QVERIFY(runner.advanceClockTo(140));
  QCOMPARE(runner.steps(), steps + 1);
  QCOMPARE(runner.generation(), generation + 1);
  QCOMPARE(runner.lastMove().kind, MoveKind::ClockSet);
  QCOMPARE(runner.lastMove().atMs, 140.0);
  QCOMPARE(runner.nowMs(), 140.0);
  QCOMPARE(runner.nextEvent(), std::size_t(1));
  QCOMPARE(runner.scheduler().decisionCount(), decisions);
  const trace::Report after = runner.report();
  QCOMPARE(after.effectRuns.size(), before.effectRuns.size());
  for (std::size_t i = 0; i < after.actions.size(); ++i) QCOMPARE(after.actions[i].runCount, before.actions[i].runCount);

  // What fell due runs at the next steps: save's timer (overdue) fires first, then save runs at
  // 140, then event 1 (its atMs passed) applies at once.
  QCOMPARE(runner.nextMove().kind, MoveKind::Decision);
  QVERIFY(runner.step());
  QVERIFY(runner.step());
  QCOMPARE(runner.report().effectRuns.back().action, std::string("save"));
  QCOMPARE(runner.report().effectRuns.back().atMs, 140.0);
  QCOMPARE(runner.nowMs(), 144.0);
  const Move next = runner.nextMove();
  QCOMPARE(next.kind, MoveKind::EventApplied);
  QCOMPARE(next.event, std::size_t(1));
  QVERIFY(runner.step());
  QCOMPARE(runner.nowMs(), 144.0);
  // A clock move after the last event too (nothing armed: a plain jump, then the end there).
  while (runner.nextEvent() < 3 || runner.scheduler().hasDecision()) QVERIFY(runner.step());
  QCOMPARE(runner.nowMs(), 156.0);  // events 1 and 2 at 144: show 144..150, 150..156
  QVERIFY(runner.advanceClockTo(1000));
  QCOMPARE(runner.lastMove().kind, MoveKind::ClockSet);
  QCOMPARE(runner.nextMove().kind, MoveKind::Finished);
  QCOMPARE(runner.nextMove().atMs, 1000.0);
  runner.runToEnd();
  QCOMPARE(runner.report().virtualTimeMs, 1000.0);
  QVERIFY(runner.report().errors.empty());
}

void MovesTests::interventionAfterDoneReopensTheRun() {
  Runner runner(loadJson(kMoves));
  runner.runToEnd();
  QCOMPARE(runner.phase(), Runner::Phase::Done);
  const std::uint64_t steps = runner.steps();
  const std::uint64_t generation = runner.generation();
  const std::size_t effectRuns = runner.report().effectRuns.size();

  // A cell set by hand: not a step, but the run goes on with what it scheduled.
  runner.setCellValue(*runner.document().findCell("a"), 10);
  QCOMPARE(runner.steps(), steps);
  QCOMPARE(runner.generation(), generation + 1);
  QCOMPARE(runner.phase(), Runner::Phase::Finishing);
  QCOMPARE(runner.report().effectRuns.size(), effectRuns);  // nothing ran yet
  QCOMPARE(runner.report().cells[0].value, 10.0);           // the write itself is applied
  QCOMPARE(runner.nextMove().kind, MoveKind::Decision);
  QVERIFY(runner.step());
  QCOMPARE(runner.lastMove().kind, MoveKind::Decision);
  const trace::Report r = runner.report();
  QCOMPARE(r.effectRuns.size(), effectRuns + 1);
  QCOMPARE(r.effectRuns.back().action, std::string("show"));
  QCOMPARE(r.effectRuns.back().outputs, std::vector<double>{31});  // (10 + 1) + 10 * 2
  QCOMPARE(r.effectRuns.back().atMs, 139.0);                      // after left 2 and right 3 from 134
  QCOMPARE(runner.nextMove().kind, MoveKind::Finished);
  QVERIFY(runner.step());
  QCOMPARE(runner.phase(), Runner::Phase::Done);
  QCOMPARE(runner.steps(), steps + 2);
  QVERIFY(!runner.step());

  // Deprioritizing after Done also reopens; with nothing scheduled the next move ends it.
  const std::uint64_t g = runner.generation();
  runner.setDeprioritized("nothing-has-it", true);
  QCOMPARE(runner.generation(), g + 1);
  QCOMPARE(runner.phase(), Runner::Phase::Finishing);
  QCOMPARE(runner.nextMove().kind, MoveKind::Finished);
  QVERIFY(runner.step());
  QCOMPARE(runner.lastMove().kind, MoveKind::Finished);
  QCOMPARE(runner.phase(), Runner::Phase::Done);

  // A k written after Done arms save's debounce: the reopened run fires it 100 ms later.
  runner.setCellValue(*runner.document().findCell("k"), 7);
  QCOMPARE(runner.nextMove().kind, MoveKind::ClockMoved);
  QCOMPARE(runner.nextMove().atMs, runner.nowMs() + 100);
  runner.runToEnd();
  QCOMPARE(runner.report().effectRuns.back().action, std::string("save"));
  QCOMPARE(runner.report().effectRuns.back().outputs, std::vector<double>{7});
  QVERIFY_THROWS_EXCEPTION(std::out_of_range, runner.setCellValue(99, 1));
}

void MovesTests::interventionsAreNotSteps() {
  Runner runner(loadJson(kMoves));
  runner.settle();
  const std::uint64_t steps = runner.steps();
  const std::uint64_t generation = runner.generation();
  runner.setCellValue(*runner.document().findCell("a"), 5);
  runner.setDeprioritized("x", true);
  runner.setDeprioritized("x", false);
  QCOMPARE(runner.steps(), steps);
  QCOMPARE(runner.generation(), generation + 3);  // each intervention is a new state
  QCOMPARE(runner.phase(), Runner::Phase::Events);  // only Done is reopened
  QCOMPARE(runner.lastMove().kind, MoveKind::Decision);
  // The write scheduled show; the next step runs it with a = 5.
  QCOMPARE(runner.nextMove().kind, MoveKind::Decision);
  QVERIFY(runner.step());
  QCOMPARE(runner.report().effectRuns.back().outputs, std::vector<double>{16});
}
