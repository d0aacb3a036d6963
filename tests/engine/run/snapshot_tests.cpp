// run::Runner::snapshot: the debugger's plain rows — status, action flags and timing, the
// scheduler's queues named by what each task does, sessions, cycles, the journal's steps and
// auto-debounce decisions — checked against what the run did, worked out independently.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "run/run_journal.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::ActionState;
using run::MoveKind;
using run::Runner;
using run::RunSnapshot;
using run::TaskRow;
using testing::loadExample;
using testing::loadJson;

namespace {

// Labels: "ui" (two effects), "net" (deprioritized by the file), one unlabeled effect; a
// computation shared by all.
const char* const kLabels = R"({
  "tickscope": 1, "name": "labels", "settings": { "seed": 3, "deprioritize": ["net"] },
  "cells": { "a": 1 },
  "actions": [
    { "id": "base", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a * 10", "costMs": 2 },
    { "id": "ui1", "kind": "effect", "reads": ["b"], "expr": "b", "costMs": 1, "label": "ui" },
    { "id": "fetch", "kind": "effect", "reads": ["a"], "expr": "a", "costMs": 5, "label": "net" },
    { "id": "ui2", "kind": "effect", "reads": ["a", "b"], "expr": "a + b", "costMs": 1, "label": "ui" },
    { "id": "plain", "kind": "effect", "reads": ["a"], "expr": "a", "costMs": 1 }
  ],
  "events": [ { "atMs": 10, "set": { "a": 2 } }, { "atMs": 20, "set": { "a": 3 } } ]
})";

// A division by zero at 10 ms (a = 0), fine again at 20 ms.
const char* const kMath = R"({
  "tickscope": 1, "name": "math", "settings": { "seed": 1 },
  "cells": { "a": 1 },
  "actions": [
    { "id": "inverse", "kind": "computation", "reads": ["a"], "writes": ["r"], "expr": "1 / a", "costMs": 1 },
    { "id": "show", "kind": "effect", "reads": ["r"], "expr": "r" },
    { "id": "echo", "kind": "effect", "reads": ["a"], "expr": "a" }
  ],
  "events": [ { "atMs": 10, "set": { "a": 0 } }, { "atMs": 20, "set": { "a": 4 } } ]
})";

run::RunOptions journaled(std::size_t steps = 64) {
  run::RunOptions options;
  options.journalSteps = steps;
  return options;
}

std::size_t actionIndex(const Runner& runner, std::string_view id) { return *runner.document().findAction(id); }

// costOf: the action's costMs in the file (what every one of its runs takes).
double costOf(const graph::GraphDocument& doc, std::size_t i) { return std::min(doc.actions[i].costMs, Runner::kMaxVirtualMs); }

}  // namespace

void SnapshotTests::statusFieldsFollowTheRun() {
  Runner runner(loadJson(kLabels));
  RunSnapshot s = runner.snapshot();
  QCOMPARE(s.step, std::uint64_t(0));
  QCOMPARE(s.generation, std::uint64_t(0));
  QCOMPARE(s.nowMs, 0.0);
  QCOMPARE(s.mode, std::string("pull"));
  QCOMPARE(s.seed, std::uint64_t(3));
  QCOMPARE(s.phase, std::string("settling"));
  QVERIFY(!s.done);
  QCOMPARE(s.nextEvent, std::size_t(0));
  QCOMPARE(s.lastMove.kind, MoveKind::None);
  QCOMPARE(s.nextMove.kind, MoveKind::Decision);
  QCOMPARE(s.decisions, std::uint64_t(0));
  // Spec section 2: in pull mode computations start dirty, effects pending.
  QCOMPARE(s.pending, std::size_t(4));
  QCOMPARE(s.dirty, std::size_t(1));
  QCOMPARE(s.effects, std::size_t(4));
  QCOMPARE(s.computations, std::size_t(1));
  QVERIFY(s.document == runner.sharedDocument());
  QCOMPARE(s.actions.size(), std::size_t(5));
  QCOMPARE(s.cells, (std::vector<double>{1, 0}));  // a declared, b written only
  QVERIFY(s.errors.empty());

  // At every step the status fields are the runner's.
  std::set<std::string> phases;
  while (runner.step()) {
    s = runner.snapshot();
    QCOMPARE(s.step, runner.steps());
    QCOMPARE(s.generation, runner.generation());
    QCOMPARE(s.nowMs, runner.nowMs());
    QCOMPARE(s.nextEvent, runner.nextEvent());
    QCOMPARE(s.lastMove.kind, runner.lastMove().kind);
    QCOMPARE(s.lastMove.atMs, runner.lastMove().atMs);
    QCOMPARE(s.nextMove.kind, runner.nextMove().kind);
    QCOMPARE(s.nextMove.atMs, runner.nextMove().atMs);
    QCOMPARE(s.decisions, runner.scheduler().decisionCount());
    QCOMPARE(s.pending, runner.runtime().getStats().pending);
    QCOMPARE(s.dirty, runner.runtime().dirtyCount());
    QCOMPARE(s.done, runner.phase() == Runner::Phase::Done);
    phases.insert(s.phase);
  }
  QCOMPARE(phases, (std::set<std::string>{"settling", "events", "done"}));
  QCOMPARE(s.phase, std::string("done"));
  QVERIFY(s.done);
  QCOMPARE(s.nextEvent, std::size_t(2));
  QCOMPARE(s.lastMove.kind, MoveKind::Finished);
  QCOMPARE(s.nextMove.kind, MoveKind::None);
  QCOMPARE(s.pending, std::size_t(0));
  QCOMPARE(s.dirty, std::size_t(0));
  QCOMPARE(s.cells, (std::vector<double>{3, 30}));

  // Overrides show: push mode, another seed; push starts with every action pending.
  run::RunOptions options;
  options.mode = graph::Mode::Push;
  options.seed = 99;
  Runner push(loadJson(kLabels), options);
  s = push.snapshot();
  QCOMPARE(s.mode, std::string("push"));
  QCOMPARE(s.seed, std::uint64_t(99));
  QCOMPARE(s.pending, std::size_t(5));
  QCOMPARE(s.dirty, std::size_t(5));  // push has no dirty marks: dirty is what is pending
  QVERIFY(push.step());
  QCOMPARE(push.snapshot().dirty, push.snapshot().pending);
  push.runToEnd();
  s = push.snapshot();
  QCOMPARE(s.phase, std::string("done"));
  QCOMPARE(s.step, push.steps());
  QCOMPARE(s.cells, (std::vector<double>{3, 30}));

  // A snapshot in the finishing phase: a debounce timer left after the last event.
  Runner finishing(loadExample("debounce-storm.tsg.json"));
  while (finishing.nextEvent() < finishing.document().events.size() || finishing.phase() == Runner::Phase::Events)
    QVERIFY(finishing.step());
  QCOMPARE(finishing.snapshot().phase, std::string("finishing"));
}

void SnapshotTests::pullFlagsBeforeAndAfterPulling() {
  Runner runner(loadExample("diamond.tsg.json"), journaled());
  const std::uint16_t dirtyNever = ActionState::Dirty | ActionState::NeverRun;
  RunSnapshot s = runner.snapshot();
  for (std::size_t i = 0; i < 3; ++i) QCOMPARE(s.actions[i].flags, dirtyNever);  // left, right, join
  QCOMPARE(s.actions[3].flags, std::uint16_t(ActionState::Pending | ActionState::NeverRun));  // show

  // Step to the first event applied (a = 5): left and right read a (Dirty), join reads them
  // (Check: it runs only if they change), show is scheduled; nothing has run in this step.
  while (runner.lastMove().kind != MoveKind::EventApplied) QVERIFY(runner.step());
  s = runner.snapshot();
  QCOMPARE(s.actions[0].flags, std::uint16_t(ActionState::Dirty));
  QCOMPARE(s.actions[1].flags, std::uint16_t(ActionState::Dirty));
  QCOMPARE(s.actions[2].flags, std::uint16_t(ActionState::Check));
  QCOMPARE(s.actions[3].flags, std::uint16_t(ActionState::Pending));
  QCOMPARE(s.dirty, std::size_t(3));
  QCOMPARE(s.pending, std::size_t(1));

  // The next decision runs show, which pulls the three: all clean, all ran this step.
  QVERIFY(runner.step());
  s = runner.snapshot();
  for (std::size_t i = 0; i < 4; ++i) QCOMPARE(s.actions[i].flags, std::uint16_t(ActionState::RanThisStep));
  QVERIFY(runner.step());  // a clock move: nothing ran in it
  s = runner.snapshot();
  QCOMPARE(runner.lastMove().kind, MoveKind::ClockMoved);
  for (std::size_t i = 0; i < 4; ++i) QCOMPARE(s.actions[i].flags, std::uint16_t(0));

  // Push mode: every action starts pending (flagged Dirty too: push has no other dirtiness).
  run::RunOptions options;
  options.mode = graph::Mode::Push;
  Runner push(loadExample("diamond.tsg.json"), options);
  s = push.snapshot();
  for (std::size_t i = 0; i < 4; ++i)
    QCOMPARE(s.actions[i].flags, std::uint16_t(ActionState::Dirty | ActionState::Pending | ActionState::NeverRun));

  // Pull: what no effect reads is never pulled: audit and histogram stay dirty, never run.
  Runner avoidable(loadExample("avoidable-work.tsg.json"));
  avoidable.runToEnd();
  s = avoidable.snapshot();
  for (const char* id : {"audit", "histogram"}) QCOMPARE(s.actions[actionIndex(avoidable, id)].flags, dirtyNever);
  for (const char* id : {"subtotal", "total", "checkout"}) QCOMPARE(s.actions[actionIndex(avoidable, id)].flags, std::uint16_t(0));
}

void SnapshotTests::erroredAfterAMathError() {
  Runner runner(loadJson(kMath), journaled());
  const std::size_t inverse = actionIndex(runner, "inverse");
  bool sawError = false;
  std::size_t errorsBefore = 0;
  while (runner.step()) {
    const RunSnapshot s = runner.snapshot();
    QCOMPARE(std::size_t(s.recentSteps.front().errorsAdded), s.errors.size() - errorsBefore);
    errorsBefore = s.errors.size();
    const bool erred = !s.errors.empty();
    if (erred && !sawError) {
      // The step that ran inverse with a = 0: it added the error and names inverse.
      QCOMPARE(s.errors.size(), std::size_t(1));
      QCOMPARE(s.errors[0].kind, std::string("math-error"));
      QCOMPARE(s.errors[0].actions, std::vector<std::string>{"inverse"});
      QCOMPARE(s.cells[0], 0.0);  // a
      QCOMPARE(s.recentSteps.front().errorsAdded, std::uint32_t(1));
      QVERIFY(s.actions[inverse].has(ActionState::RanThisStep));
    }
    sawError = sawError || erred;
    QCOMPARE(s.actions[inverse].has(ActionState::Errored), erred);  // from then on, not before
    for (std::size_t i = 0; i < s.actions.size(); ++i) {
      if (i != inverse) QVERIFY(!s.actions[i].has(ActionState::Errored));
    }
  }
  QVERIFY(sawError);
  QCOMPARE(runner.snapshot().errors.size(), std::size_t(1));  // a = 4 later runs fine
  QCOMPARE(runner.snapshot().cells[1], 0.25);
}

void SnapshotTests::debounceArmedInDebounceStorm() {
  // save (action 1) has debounceMs 100: each event writes input, arming or restarting its
  // timer for 100 ms after that write; the first decision at or after the deadline fires it.
  Runner runner(loadExample("debounce-storm.tsg.json"), journaled());
  const std::size_t save = actionIndex(runner, "save");
  QCOMPARE(save, std::size_t(1));
  std::optional<double> deadline;  // expected, worked out from the moves alone
  std::uint32_t restartsNow = 0, fired = 0, armed = 0, restarts = 0;
  while (runner.step()) {
    const run::Move& m = runner.lastMove();
    if (m.kind == MoveKind::EventApplied) {
      if (deadline) {
        ++restartsNow;
        ++restarts;
      } else {
        restartsNow = 0;
        ++armed;
      }
      deadline = runner.nowMs() + 100;
    } else if (m.kind == MoveKind::Decision && deadline && runner.nowMs() >= *deadline) {
      deadline.reset();
      ++fired;
      // Fired: save is scheduled (pending), its run is the next decision.
      QVERIFY(runner.snapshot().actions[save].has(ActionState::Pending));
    }
    const RunSnapshot s = runner.snapshot();
    const ActionState& a = s.actions[save];
    const std::string where = fmt::format("step {} at {}", s.step, s.nowMs);
    QVERIFY2(a.has(ActionState::DebounceArmed) == deadline.has_value(), where.c_str());
    QVERIFY(!s.actions[0].has(ActionState::DebounceArmed));  // preview is not debounced
    QCOMPARE(a.debounceMs, 100.0);
    const reactive::DebounceState d = runner.runtime().debounceState(runner.actionId(save));
    QCOMPARE(s.debounces.size(), std::size_t(1));  // save only: preview is neither debounced nor armed
    const run::DebounceRow& row = s.debounces[0];
    QCOMPARE(row.action, std::uint32_t(save));
    QCOMPARE(row.delayMs, 100.0);
    QVERIFY(row.manual && !row.automatic);
    QCOMPARE(row.armedTotal, std::uint64_t(armed));
    QCOMPARE(row.restartsTotal, std::uint64_t(restarts));
    QCOMPARE(row.firedTotal, std::uint64_t(fired));
    if (deadline) {
      QCOMPARE(a.debounceDeadlineMs, *deadline);
      QCOMPARE(row.deadlineMs, *deadline);
      QCOMPARE(row.leftMs, *deadline - s.nowMs);
      QCOMPARE(row.restarts, restartsNow);
      // The armed timer is the one timer, named as save's debounce (action index + 1).
      QCOMPARE(s.timers.size(), std::size_t(1));
      QCOMPARE(s.timers[0].role, TaskRow::Role::Debounce);
      QCOMPARE(s.timers[0].action, std::uint32_t(save + 1));
      QCOMPARE(s.timers[0].deadlineMs, *deadline);
      QCOMPARE(s.timers[0].task, d.timerTask.value);  // the runtime's own record of its timer
      QVERIFY(d.armedDeadline.has_value());
    } else {
      QVERIFY(std::isnan(a.debounceDeadlineMs));
      QVERIFY(std::isnan(row.deadlineMs) && std::isnan(row.leftMs));
      QCOMPARE(row.restarts, std::uint32_t(0));
      QVERIFY(s.timers.empty());
      QCOMPARE(d.timerTask.value, std::uint64_t(0));
    }
  }
  QCOMPARE(fired, std::uint32_t(2));  // once per burst
  QCOMPARE(armed, std::uint32_t(2));
  QCOMPARE(restarts, std::uint32_t(9));
  QCOMPARE(runner.snapshot().actions[save].runCount, std::uint64_t(3));  // at 0, 240, 1200
}

void SnapshotTests::inCycleWhileASlowCycleRuns() {
  Runner runner(loadExample("slow-cycle.tsg.json"), journaled());
  const std::size_t half = actionIndex(runner, "halfStep"), full = actionIndex(runner, "fullStep");
  const std::size_t counter = actionIndex(runner, "counter");
  int inProgressSteps = 0;
  bool counterRanMeanwhile = false;
  std::uint32_t lastIteration = 0;
  while (runner.step()) {
    const RunSnapshot s = runner.snapshot();
    const run::CycleRow* slow = nullptr;
    for (const run::CycleRow& c : s.cycles) {
      if (!c.finished) {
        QVERIFY(!slow);  // one at a time here
        slow = &c;
      }
    }
    for (std::size_t i = 0; i < s.actions.size(); ++i) {
      const bool member = slow && (i == half || i == full);
      QCOMPARE(s.actions[i].has(ActionState::InCycle), member);
      if (member) {
        QCOMPARE(s.actions[i].cycle, slow->id);
        QCOMPARE(s.actions[i].cycleIteration, slow->iterations);
      }
    }
    const auto slowRows = std::count_if(s.ready.begin(), s.ready.end(), [](const TaskRow& t) { return t.role == TaskRow::Role::SlowCycle; });
    if (!slow) {
      QCOMPARE(slowRows, 0);
      lastIteration = 0;
      continue;
    }
    ++inProgressSteps;
    QCOMPARE(slow->strategy, std::string("slow"));
    QVERIFY(!slow->converged && !slow->stopped);  // neither, while it is still iterating
    QCOMPARE(slow->members, (std::vector<std::uint32_t>{std::uint32_t(half), std::uint32_t(full)}));
    QVERIFY(slow->iterations >= lastIteration);  // one iteration per scheduler turn at most
    QVERIFY(slow->iterations <= lastIteration + 1);
    lastIteration = slow->iterations;
    QVERIFY(std::isnan(slow->finishedAtMs));
    QVERIFY(slow->estimatedCostMs > runner.document().settings.cycle.budgetMs);  // why it is slow
    // Its continuation is a ready task named as the cycle's.
    if (slowRows == 1) {
      const auto row = std::find_if(s.ready.begin(), s.ready.end(), [](const TaskRow& t) { return t.role == TaskRow::Role::SlowCycle; });
      QCOMPARE(row->cycle, slow->id);
    }
    if (s.actions[counter].has(ActionState::RanThisStep)) counterRanMeanwhile = true;
  }
  QVERIFY(inProgressSteps >= 4);
  QVERIFY(counterRanMeanwhile);  // the example's lesson: other work runs between iterations
}

void SnapshotTests::timingColumnsEqualTheReport() {
  int runs = 0;
  for (const auto& path : testing::examplePaths()) {
    const graph::GraphDocument doc = loadExample(path.filename().string());
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      for (const std::size_t journal : {std::size_t(0), std::size_t(8)}) {
        run::RunOptions options;
        options.mode = mode;
        options.journalSteps = journal;
        options.recorderCapacity = 0;
        Runner runner(doc, options);
        auto same = [&](const std::string& what) {
          const trace::Report report = runner.report();
          const RunSnapshot s = runner.snapshot();
          QCOMPARE(s.actions.size(), report.actions.size());
          for (std::size_t i = 0; i < report.actions.size(); ++i) {
            const trace::ActionReport& r = report.actions[i];
            const ActionState& a = s.actions[i];
            const std::string where = fmt::format("{} {}: action {}", what, graph::toString(mode), r.id);
            QVERIFY2(a.runCount == r.runCount && a.totalMs == r.totalMs && a.averageMs == r.averageMs &&
                         a.lastMs == r.lastRunMs && a.debounceMs == r.debounceMs && a.autoDebounced == r.autoDebounced &&
                         a.minMs == r.minMs && a.maxMs == r.maxMs,
                     where.c_str());
            QCOMPARE(a.has(ActionState::NeverRun), r.runCount == 0);
            // Every run of an action takes its costMs: min = max = cost once it ran, 0 before.
            const double cost = r.runCount ? costOf(doc, i) : 0.0;
            QVERIFY2(r.minMs == cost && r.maxMs == cost, where.c_str());
            QVERIFY2(r.totalMs == cost * static_cast<double>(r.runCount), where.c_str());
          }
          for (std::size_t c = 0; c < report.cells.size(); ++c) {
            QVERIFY(s.cells[c] == report.cells[c].value || (std::isnan(s.cells[c]) && std::isnan(report.cells[c].value)));
          }
          QCOMPARE(s.nowMs, report.virtualTimeMs);
          QCOMPARE(s.pending, static_cast<std::size_t>(report.stats.pending));
          QCOMPARE(s.errors.size(), report.errors.size());
          QCOMPARE(s.cycles.size(), report.cycles.size());
          QCOMPARE(s.sessions.size(), report.sessions.size());
        };
        runner.settle();
        same(path.filename().string() + " settled");
        if (QTest::currentTestFailed()) return;
        runner.runToEnd();
        same(path.filename().string() + " at the end");
        if (QTest::currentTestFailed()) return;
        ++runs;
      }
    }
  }
  QCOMPARE(runs, 40);
}

void SnapshotTests::readyQueueRowsNameGroupTasks() {
  Runner runner(loadJson(kLabels));
  RunSnapshot s = runner.snapshot();
  QCOMPARE(s.labels, (std::vector<std::string>{"ui", "net"}));  // first-use order
  QCOMPARE(s.deprioritized, std::vector<std::string>{"net"});
  QVERIFY(s.timers.empty());
  // One group task per label with pending actions (pull: the effects), the deprioritized last.
  QCOMPARE(s.ready.size(), std::size_t(3));
  std::map<std::string, std::uint32_t> pendingByLabel;
  for (const TaskRow& t : s.ready) {
    QCOMPARE(t.role, TaskRow::Role::Actions);
    QVERIFY(!t.foreground);
    QVERIFY(std::isnan(t.deadlineMs));
    QCOMPARE(t.deprioritized, t.label == "net");
    pendingByLabel[t.label] = t.pending;
  }
  QCOMPARE(pendingByLabel, (std::map<std::string, std::uint32_t>{{"", 1}, {"net", 1}, {"ui", 2}}));
  QCOMPARE(s.ready.back().label, std::string("net"));
  // The rows are the runtime's group tasks.
  std::set<std::uint64_t> groupTasks, rowTasks;
  for (const reactive::RuntimeTask& t : runner.runtime().tasks()) {
    if (t.role == reactive::RuntimeTask::Role::Group) groupTasks.insert(t.task.value);
  }
  for (const TaskRow& t : s.ready) rowTasks.insert(t.task);
  QCOMPARE(rowTasks, groupTasks);
  QVERIFY(s.actions[actionIndex(runner, "fetch")].has(ActionState::Deprioritized));
  QVERIFY(!s.actions[actionIndex(runner, "ui1")].has(ActionState::Deprioritized));
  QVERIFY(!s.actions[actionIndex(runner, "plain")].has(ActionState::Deprioritized));

  // Deprioritizing ui too: both flagged, listed sorted, ui's row moves behind the ordinary work.
  runner.setDeprioritized("ui", true);
  s = runner.snapshot();
  QCOMPARE(s.deprioritized, (std::vector<std::string>{"net", "ui"}));
  QVERIFY(s.actions[actionIndex(runner, "ui1")].has(ActionState::Deprioritized));
  QVERIFY(s.actions[actionIndex(runner, "ui2")].has(ActionState::Deprioritized));
  QCOMPARE(s.ready.front().label, std::string(""));
  QVERIFY(!s.ready.front().deprioritized);
  QVERIFY(s.ready[1].deprioritized && s.ready[2].deprioritized);
  // Undone: net stays, ui is ordinary again.
  runner.setDeprioritized("ui", false);
  s = runner.snapshot();
  QCOMPARE(s.deprioritized, std::vector<std::string>{"net"});
  QVERIFY(!s.actions[actionIndex(runner, "ui1")].has(ActionState::Deprioritized));

  // A group's pending count follows its runs: after one decision, one row has one less.
  std::uint32_t before = 0;
  for (const TaskRow& t : s.ready) before += t.pending;
  QVERIFY(runner.step());
  s = runner.snapshot();
  std::uint32_t after = 0;
  for (const TaskRow& t : s.ready) after += t.pending;
  QCOMPARE(after, before - 1);
  QCOMPARE(static_cast<std::size_t>(after), s.pending);
}

void SnapshotTests::sessionRowsAndSessionTasks() {
  Runner runner(loadExample("request-dangling.tsg.json"), journaled());
  // Up to event 0 (req-1 at 10 ms): its two tasks are spawned, ready, named by the session.
  while (runner.lastMove().kind != MoveKind::EventApplied) QVERIFY(runner.step());
  RunSnapshot s = runner.snapshot();
  QCOMPARE(s.sessions.size(), std::size_t(1));
  const run::SessionRow req1 = s.sessions[0];
  QCOMPARE(req1.id, std::string("req-1"));
  QCOMPARE(req1.atMs, 10.0);
  QVERIFY(!req1.validated);
  QVERIFY(req1.valid);
  QCOMPARE(req1.tasks.size(), std::size_t(2));
  QCOMPARE(req1.tasks[0].name, std::string("flush"));
  QVERIFY(req1.tasks[0].waitUntil);
  QCOMPARE(req1.tasks[1].name, std::string("audit"));
  QVERIFY(!req1.tasks[1].waitUntil);
  std::map<std::uint64_t, std::string> sessionTasks;
  for (const TaskRow& t : s.ready) {
    if (t.role != TaskRow::Role::SessionTask) continue;
    QCOMPARE(t.session, std::string("req-1"));
    sessionTasks[t.task] = t.name;
  }
  QCOMPARE(sessionTasks, (std::map<std::uint64_t, std::string>{{req1.tasks[0].task, "flush"}, {req1.tasks[1].task, "audit"}}));
  // The effect's group is ready too (b changed), named as such.
  QCOMPARE(std::count_if(s.ready.begin(), s.ready.end(), [](const TaskRow& t) { return t.role == TaskRow::Role::Actions; }), 1);
  // The timers the two tasks will wait on: flush's waitUntil gate (10 ms) and audit's delay
  // (500), armed at the spawn. Nobody awaits them yet (the tasks have not run): unnamed.
  QCOMPARE(s.timers.size(), std::size_t(2));
  QCOMPARE(s.timers[0].deadlineMs, 20.0);
  QCOMPARE(s.timers[1].deadlineMs, 510.0);
  for (const TaskRow& t : s.timers) {
    QCOMPARE(t.role, TaskRow::Role::Other);
    QCOMPARE(t.wakes, std::uint64_t(0));
  }
  // Once both tasks have started and wait on them, each timer is named by the task it wakes.
  const auto sessionTaskReady = [&] {
    const RunSnapshot now = runner.snapshot();
    return std::any_of(now.ready.begin(), now.ready.end(), [](const TaskRow& t) { return t.role == TaskRow::Role::SessionTask; });
  };
  while (sessionTaskReady()) QVERIFY(runner.step());
  s = runner.snapshot();
  QCOMPARE(runner.lastMove().kind, MoveKind::Decision);  // not validated yet
  QCOMPARE(s.timers.size(), std::size_t(2));
  const std::vector<std::pair<std::string, double>> named{{"flush", 20.0}, {"audit", 510.0}};
  for (std::size_t k = 0; k < 2; ++k) {
    const TaskRow& t = s.timers[k];
    QCOMPARE(t.role, TaskRow::Role::SessionTask);
    QCOMPARE(t.session, std::string("req-1"));
    QCOMPARE(t.name, named[k].first);
    QCOMPARE(t.deadlineMs, named[k].second);
    QCOMPARE(t.wakes, req1.tasks[k].task);  // the session task, not the timer itself
    QVERIFY(t.task != t.wakes);
    QCOMPARE(s.sessions[0].tasks[k].state, std::string("running"));
  }

  // Until the request is validated, then: invalid, audit dangling, one error naming it.
  while (runner.lastMove().kind != MoveKind::RequestValidated) {
    QVERIFY(!runner.snapshot().sessions[0].validated);
    QVERIFY(runner.step());
  }
  s = runner.snapshot();
  QVERIFY(s.sessions[0].validated);
  QVERIFY(!s.sessions[0].valid);
  QVERIFY(!s.sessions[0].tasks[0].dangling);
  QVERIFY(s.sessions[0].tasks[1].dangling);
  QCOMPARE(s.sessions[0].tasks[1].state, std::string("running"));
  QCOMPARE(s.errors.size(), std::size_t(1));
  QCOMPARE(s.errors[0].kind, std::string("dangling-task"));
  QCOMPARE(s.errors[0].session, std::string("req-1"));
  QCOMPARE(s.errors[0].tasks, std::vector<std::string>{"audit"});
  QCOMPARE(s.sessions[0].message, s.errors[0].message);
  QVERIFY(s.sessions[0].message.find("audit") != std::string::npos);

  runner.runToEnd();
  s = runner.snapshot();
  QCOMPARE(s.sessions.size(), std::size_t(2));
  QCOMPARE(s.sessions[1].id, std::string("req-2"));
  QCOMPARE(s.sessions[1].atMs, 50.0);
  QVERIFY(s.sessions[1].validated && s.sessions[1].valid);
  QVERIFY(s.sessions[1].message.empty());
  QCOMPARE(s.sessions[1].tasks.size(), std::size_t(1));
  QVERIFY(!s.sessions[1].tasks[0].dangling);
  for (const auto& row : s.sessions) {
    for (const auto& t : row.tasks) QCOMPARE(t.state, std::string("completed"));  // audit's timer fired at 510
  }
  QCOMPARE(s.nowMs, 510.0);
  QCOMPARE(s.errors.size(), std::size_t(1));
  QVERIFY(s.ready.empty() && s.timers.empty());
}

// A session task that waits on another task (waitUntil's body, a delay) shows that task in
// the ready queue when it is ready: named by the session task it wakes, not "other".
void SnapshotTests::readyTasksNamedByTheTaskTheyWake() {
  Runner runner(loadExample("request-dangling.tsg.json"));
  std::size_t namedByWaker = 0;
  do {
    const RunSnapshot s = runner.snapshot();
    std::map<std::uint64_t, std::string> sessionTaskNames;
    for (const run::SessionRow& session : s.sessions) {
      for (const run::SessionRow::Task& t : session.tasks) sessionTaskNames[t.task] = t.name;
    }
    for (const std::vector<TaskRow>* rows : {&s.ready, &s.timers}) {
      for (const TaskRow& t : *rows) {
        if (t.wakes == 0) continue;
        QCOMPARE(t.role, TaskRow::Role::SessionTask);
        QVERIFY(sessionTaskNames.count(t.wakes));
        QCOMPARE(t.name, sessionTaskNames[t.wakes]);
        if (rows == &s.ready) ++namedByWaker;
      }
    }
    // Every ready task is named (a timer may not be yet: nobody awaits a delay armed at the spawn
    // until its session task runs).
    for (const TaskRow& t : s.ready) QVERIFY2(t.role != TaskRow::Role::Other, "every ready task is named");
  } while (runner.step());
  QVERIFY(namedByWaker > 0);
}

void SnapshotTests::cycleRowsOfNewtonCycle() {
  Runner runner(loadExample("newton-cycle.tsg.json"), journaled());
  runner.runToEnd();
  const RunSnapshot s = runner.snapshot();
  const graph::GraphDocument& doc = runner.document();
  const std::vector<double> ns{2, 81, 1e6, 0.25};  // n at the settle, then each event's
  QCOMPARE(s.cycles.size(), ns.size());
  const graph::CellIndex x = *doc.findCell("x"), y = *doc.findCell("y");
  for (std::size_t k = 0; k < ns.size(); ++k) {
    const run::CycleRow& c = s.cycles[k];
    const double root = std::sqrt(ns[k]);
    const std::string where = fmt::format("cycle {} (n = {})", k + 1, ns[k]);
    QCOMPARE(c.id, std::uint32_t(k + 1));
    QCOMPARE(c.strategy, std::string("fast"));
    QVERIFY(c.finished && c.converged && !c.stopped);
    QCOMPARE(c.maxIterations, std::uint32_t(20));
    QVERIFY(c.iterations < c.maxIterations);
    QCOMPARE(c.atMs, k == 0 ? 0.0 : doc.events[k - 1].atMs);
    QCOMPARE(c.finishedAtMs, c.atMs);  // fast: within one decision, the members cost nothing
    QCOMPARE(c.members, (std::vector<std::uint32_t>{0, 1}));
    QCOMPARE(c.valueCells, (std::vector<graph::CellIndex>{y, x}));  // halfStep writes y, fullStep x
    // values[0] when detected, then one row per iteration, approaching sqrt(n).
    QCOMPARE(c.values.size(), std::size_t(c.iterations) + 1);
    double lastError = INFINITY;
    for (std::size_t it = 1; it < c.values.size(); ++it) {
      QCOMPARE(c.values[it].size(), std::size_t(2));
      const double error = std::abs(c.values[it][1] - root);
      QVERIFY2(error <= lastError, where.c_str());  // Newton: closer at every iteration
      lastError = error;
    }
    QVERIFY2(std::abs(c.values.back()[0] - root) < 1e-9 * std::max(1.0, root), where.c_str());
    QVERIFY2(std::abs(c.values.back()[1] - root) < 1e-9 * std::max(1.0, root), where.c_str());
  }
  // values[0] of a cycle is where the previous one ended (x carries over).
  for (std::size_t k = 1; k < s.cycles.size(); ++k) QCOMPARE(s.cycles[k].values[0][1], s.cycles[k - 1].values.back()[1]);
  QVERIFY(s.errors.empty());

  // Without a journal the rows are there, without values.
  Runner bare(loadExample("newton-cycle.tsg.json"));
  bare.runToEnd();
  const RunSnapshot b = bare.snapshot();
  QCOMPARE(b.cycles.size(), ns.size());
  QVERIFY(b.cycles[0].values.empty() && b.cycles[0].valueCells.empty());
  QCOMPARE(b.cycles[3].iterations, s.cycles[3].iterations);
}

void SnapshotTests::runawayCycleStopsAtTheLimit() {
  Runner runner(loadExample("runaway-cycle.tsg.json"), journaled());
  runner.runToEnd();
  const RunSnapshot s = runner.snapshot();
  QCOMPARE(s.cycles.size(), std::size_t(1));
  const run::CycleRow& c = s.cycles[0];
  QVERIFY(c.finished && !c.converged && c.stopped);
  QCOMPARE(c.maxIterations, std::uint32_t(runner.document().settings.cycle.maxIterations));
  QCOMPARE(c.iterations, c.maxIterations);
  QCOMPARE(c.iterations, std::uint32_t(20));
  QCOMPARE(c.values.size(), std::size_t(21));
  // inc and dec push each other up by one per run: y, x = 2k - 1, 2k after iteration k.
  for (std::size_t k = 1; k < c.values.size(); ++k) {
    QCOMPARE(c.values[k][0], 2.0 * double(k) - 1);
    QCOMPARE(c.values[k][1], 2.0 * double(k));
  }
  QCOMPARE(s.errors.size(), std::size_t(1));
  QCOMPARE(s.errors[0].kind, std::string("cycle-limit"));
  QCOMPARE(s.errors[0].actions, (std::vector<std::string>{"inc", "dec"}));
  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const bool member = i == actionIndex(runner, "inc") || i == actionIndex(runner, "dec");
    QCOMPARE(s.actions[i].has(ActionState::Errored), member);
    QVERIFY(!s.actions[i].has(ActionState::InCycle));  // stopped, not in progress
  }
  QCOMPARE(s.actions[actionIndex(runner, "watchZ")].runCount, std::uint64_t(3));  // the rest went on
}

void SnapshotTests::recentStepsNewestFirst() {
  // For three graphs (labels, a deprioritized one, timers firing): the journal's record of each
  // step against what the snapshot before it said was ready and what the runs counted.
  for (const std::string name : {"labels", "debounce-storm.tsg.json", "diamond.tsg.json"}) {
    Runner runner(name == "labels" ? loadJson(kLabels) : loadExample(name), journaled(5));
    RunSnapshot before = runner.snapshot();
    QVERIFY(before.recentSteps.empty());
    while (runner.step()) {
      const RunSnapshot s = runner.snapshot();
      const std::string where = fmt::format("{} step {}", name, s.step);
      QCOMPARE(s.recentSteps.size(), std::min<std::size_t>(s.step, 5));
      for (std::size_t k = 0; k < s.recentSteps.size(); ++k) QCOMPARE(s.recentSteps[k].step, s.step - k);
      QCOMPARE(runner.snapshot({2}).recentSteps.size(), std::min<std::size_t>(s.step, 2));
      const run::StepRecord& r = s.recentSteps.front();
      QCOMPARE(r.move.kind, runner.lastMove().kind);
      QCOMPARE(r.move.atMs, runner.lastMove().atMs);
      QCOMPARE(r.atMs, before.nowMs);
      QCOMPARE(r.endMs, s.nowMs);
      // What ran: exactly the actions whose run counts grew, in total ranCount.
      std::multiset<std::uint32_t> grew;
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < s.actions.size(); ++i) {
        const std::uint64_t more = s.actions[i].runCount - before.actions[i].runCount;
        total += more;
        for (std::uint64_t n = 0; n < more; ++n) grew.insert(std::uint32_t(i));
        QCOMPARE(s.actions[i].has(ActionState::RanThisStep), more > 0);
      }
      QCOMPARE(std::uint64_t(r.ranCount), total);
      QVERIFY2((std::multiset<std::uint32_t>(r.ran.begin(), r.ran.end())) == grew, where.c_str());
      if (r.move.kind != MoveKind::Decision) {
        QCOMPARE(r.task, std::uint64_t(0));
        QVERIFY(r.ran.empty());
      } else {
        // The decision: a due timer fires first, else a pick among the ready rows (the
        // deprioritized ones only when nothing else is ready).
        const auto due = std::find_if(before.timers.begin(), before.timers.end(), [&](const TaskRow& t) { return t.deadlineMs <= before.nowMs; });
        if (due != before.timers.end()) {
          QVERIFY2(r.timerFired, where.c_str());
          QCOMPARE(r.task, due->task);
          QCOMPARE(r.candidates, std::uint32_t(1));
        } else {
          QVERIFY2(!r.timerFired, where.c_str());
          const auto ordinary = std::count_if(before.ready.begin(), before.ready.end(), [](const TaskRow& t) { return !t.deprioritized; });
          const auto picked = std::find_if(before.ready.begin(), before.ready.end(), [&](const TaskRow& t) { return t.task == r.task; });
          QVERIFY2(picked != before.ready.end(), where.c_str());
          QCOMPARE(r.label, picked->label);
          QCOMPARE(r.deprioritized, picked->deprioritized);
          QCOMPARE(r.deprioritized, ordinary == 0);
          const std::size_t candidates = ordinary ? static_cast<std::size_t>(ordinary) : before.ready.size();
          QCOMPARE(std::size_t(r.candidates), candidates);
        }
      }
      before = s;
    }
  }
  // The known counts of diamond: an event changes a; show's decision changes b, c and d.
  Runner diamond(loadExample("diamond.tsg.json"), journaled());
  while (diamond.step()) {
  }
  const RunSnapshot s = diamond.snapshot();
  for (const run::StepRecord& r : s.recentSteps) {
    if (r.move.kind == MoveKind::EventApplied) QCOMPARE(r.cellsChanged, std::uint32_t(1));
    if (r.move.kind == MoveKind::Decision) QCOMPARE(r.cellsChanged, std::uint32_t(3));
    if (r.move.kind == MoveKind::Decision) QCOMPARE(r.label, std::string("ui"));
  }
  // No journal: no steps, and nothing is flagged as run this step.
  Runner bare(loadExample("diamond.tsg.json"));
  QVERIFY(bare.step());
  QVERIFY(bare.journal() == nullptr);
  QVERIFY(bare.snapshot().recentSteps.empty());
  for (const ActionState& a : bare.snapshot().actions) QVERIFY(!a.has(ActionState::RanThisStep));
  // The journal keeps only its capacity.
  QVERIFY(diamond.journal() != nullptr);
  QCOMPARE(diamond.journal()->steps().size(), std::size_t(diamond.steps()));  // 13 < 64
  Runner small(loadExample("diamond.tsg.json"), journaled(3));
  small.runToEnd();
  QCOMPARE(small.journal()->steps().size(), std::size_t(3));
  QCOMPARE(small.journal()->steps().back().step, small.steps());
}

void SnapshotTests::autoDebounceDecisions() {
  // An independent reading first: the step at which search's third run happened.
  Runner reference(loadExample("auto-debounce.tsg.json"));
  const std::size_t search = actionIndex(reference, "search");
  std::uint64_t thirdRunStep = 0;
  double thirdRunEnd = 0;
  while (reference.step()) {
    if (!thirdRunStep && reference.runtime().getActionStats(reference.actionId(search)).runCount == 3) {
      thirdRunStep = reference.steps();
      thirdRunEnd = reference.nowMs();
    }
  }
  QVERIFY(thirdRunStep > 0);

  Runner runner(loadExample("auto-debounce.tsg.json"), journaled());
  bool decided = false;
  while (runner.step()) {
    const RunSnapshot s = runner.snapshot();
    const ActionState& a = s.actions[search];
    QCOMPARE(a.autoDebounced, s.step >= thirdRunStep);
    QCOMPARE(a.debounceMs, s.step >= thirdRunStep ? 100.0 : 0.0);
    QCOMPARE(s.autoDebounces.size(), std::size_t(s.step >= thirdRunStep ? 1 : 0));
    QVERIFY(!s.actions[actionIndex(runner, "echo")].autoDebounced);  // cheap: never
    decided = decided || !s.autoDebounces.empty();
  }
  QVERIFY(decided);
  const RunSnapshot s = runner.snapshot();
  const run::AutoDebounceDecision& d = s.autoDebounces[0];
  QCOMPARE(d.action, std::uint32_t(search));
  QCOMPARE(d.step, thirdRunStep);
  QCOMPARE(d.atMs, thirdRunEnd);  // decided when the run that made the average ended
  QCOMPARE(d.runs, std::uint64_t(3));
  QCOMPARE(d.averageMs, 60.0);  // search's costMs
  QCOMPARE(d.thresholdMs, 50.0);
  QCOMPARE(d.minRuns, std::uint32_t(3));
  QCOMPARE(d.delayMs, 100.0);
  QCOMPARE(s.debounces.size(), std::size_t(1));
  QVERIFY(s.debounces[0].automatic && !s.debounces[0].manual);
  QCOMPARE(s.debounces[0].delayMs, 100.0);
  QCOMPARE(s.actions[search].runCount, std::uint64_t(5));  // the burst at 1000..1040 is one run
}

void SnapshotTests::snapshotOutlivesItsRunner() {
  // Mid-run snapshots with every kind of row: sessions and session tasks, timers, a slow cycle,
  // the journal. Their text does not change as the runner goes on, nor when it is destroyed.
  std::vector<std::pair<RunSnapshot, std::string>> kept;
  for (const char* name : {"request-dangling.tsg.json", "slow-cycle.tsg.json", "debounce-storm.tsg.json"}) {
    auto runner = std::make_unique<Runner>(loadExample(name), journaled());
    for (int i = 0; i < 14; ++i) QVERIFY(runner->step());
    RunSnapshot s = runner->snapshot();
    std::string text = testing::snapshotText(s);
    QVERIFY(!s.ready.empty() || !s.timers.empty());
    QVERIFY(!s.recentSteps.empty());
    runner->runToEnd();
    SAME_TEXT(testing::snapshotText(s), text, name);
    QVERIFY(testing::snapshotText(runner->snapshot()) != text);
    runner.reset();
    SAME_TEXT(testing::snapshotText(s), text, name);
    QCOMPARE(s.document->name, std::string(name).substr(0, std::string(name).find('.')));
    QCOMPARE(s.document.use_count(), 1L);  // the snapshot's share is all that is left
    kept.emplace_back(std::move(s), std::move(text));
  }
  QVERIFY(std::any_of(kept.begin(), kept.end(), [](const auto& k) { return !k.first.sessions.empty(); }));
  QVERIFY(std::any_of(kept.begin(), kept.end(), [](const auto& k) {
    return std::any_of(k.first.cycles.begin(), k.first.cycles.end(), [](const run::CycleRow& c) { return !c.finished; });
  }));
  // A copy is as good (plain values).
  const RunSnapshot copy = kept[0].first;
  SAME_TEXT(testing::snapshotText(copy), kept[0].second, "copy");
}
