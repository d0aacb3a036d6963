// run::TimelineLog: what it records is counted against what the runner reports (runCount,
// the journal's debounce counts, the cycle rows), for every bundled example.
#include <QtTest/QtTest>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "run/controller.h"
#include "run/run_journal.h"
#include "run/runner.h"
#include "graph/loader.h"
#include "run/timeline_log.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::Runner;
using run::TimelineLog;
using run::TimelineMarkKind;
using run::TimelineRun;

namespace {

run::RunOptions timelineOptions() {
  run::RunOptions options;
  options.journalSteps = 100;
  options.recordTimeline = true;
  return options;
}

// valuesOf: the values run `r` read, by the id of the cell.
std::map<std::string, double> valuesOf(const Runner& runner, const TimelineRun& r) {
  std::map<std::string, double> out;
  const graph::GraphDocument& doc = runner.document();
  const auto reads = doc.resolution.actions[r.action].reads;
  if (r.valuesAt == TimelineRun::kNoValues || r.valueCount != reads.size()) return out;
  for (std::size_t k = 0; k < reads.size(); ++k)
    out[std::string(doc.cellId(reads[k]))] = runner.timeline()->value(r.valuesAt + k);
  return out;
}

}  // namespace

void TimelineTests::runsAndMarksMatchEveryExample() {
  int checked = 0;
  for (const auto& path : testing::examplePaths()) for (const auto mode : {graph::Mode::Pull, graph::Mode::Push}) {
    const std::string file = path.filename().string();
    if (file.starts_with("grid-10000")) continue;  // slow under the sanitizers; the same code paths
    const std::string name = file + (mode == graph::Mode::Pull ? " (pull)" : " (push)");
    run::RunOptions options = timelineOptions();
    options.mode = mode;
    Runner runner(testing::loadExample(file), options);
    runner.runToEnd();
    const TimelineLog* log = runner.timeline().get();
    QVERIFY2(log != nullptr, name.c_str());
    const trace::Report report = runner.report();
    const std::size_t actions = runner.document().actions.size();

    // One run record per run: per action and in total.
    std::vector<std::uint64_t> runs(actions, 0);
    std::uint64_t previousStep = 0;
    for (std::size_t i = 0; i < log->runCount(); ++i) {
      const TimelineRun& r = log->run(i);
      QVERIFY2(r.action < actions, name.c_str());
      ++runs[r.action];
      QVERIFY2(r.step >= previousStep, (name + ": run steps decrease").c_str());
      QVERIFY2(r.step >= 1 && r.step <= runner.steps(), name.c_str());
      QVERIFY2(r.costMs >= 0 && r.startMs >= 0, name.c_str());
      QCOMPARE((r.flags & TimelineRun::Effect) != 0,
               runner.document().actions[r.action].kind == graph::ActionKind::Effect);
      previousStep = r.step;
    }
    std::map<run::TimelineCause, std::size_t> causes;
    for (std::size_t i = 0; i < log->runCount(); ++i) ++causes[log->run(i).cause];
    std::string causeText;
    for (auto [c, n] : causes) causeText += std::string(run::nameOf(c)) + "=" + std::to_string(n) + " ";
    qInfo("%s: %s", name.c_str(), causeText.c_str());
    QVERIFY2(causes[run::TimelineCause::Unknown] == 0, (name + ": runs of unknown cause: " + causeText).c_str());
    std::uint64_t total = 0;
    for (std::size_t a = 0; a < actions; ++a) {
      QVERIFY2(runs[a] == report.actions[a].runCount,
               (name + ": " + runner.document().actions[a].id + " has " + std::to_string(runs[a]) + " run records, runCount " +
                std::to_string(report.actions[a].runCount))
                   .c_str());
      total += report.actions[a].runCount;
    }
    QCOMPARE(static_cast<std::uint64_t>(log->runCount()), total);

    // Debounce marks as the journal counts them; cycle iterations as the cycle rows say.
    std::vector<run::RunJournal::DebounceCounts> counts(actions);
    std::map<std::uint32_t, std::uint32_t> iterations;  // cycle id -> iteration marks
    std::map<std::uint32_t, std::uint32_t> ended;       // cycle id -> CycleEnded's detail
    previousStep = 0;
    for (std::size_t i = 0; i < log->markCount(); ++i) {
      const run::TimelineMark& m = log->mark(i);
      QVERIFY2(m.step >= previousStep, (name + ": mark steps decrease").c_str());
      previousStep = m.step;
      switch (m.kind) {
        case TimelineMarkKind::DebounceArmed:
          ++counts.at(m.subject).armed;
          QVERIFY(m.untilMs >= m.atMs);
          break;
        case TimelineMarkKind::DebounceRestarted: ++counts.at(m.subject).restarts; break;
        case TimelineMarkKind::DebounceFired: ++counts.at(m.subject).fired; break;
        case TimelineMarkKind::CycleIteration: ++iterations[m.subject]; break;
        case TimelineMarkKind::CycleEnded: ended[m.subject] = m.detail; break;
        case TimelineMarkKind::ClockMoved: QVERIFY(m.untilMs > m.atMs); break;
        default: break;
      }
    }
    const auto& journal = runner.journal()->debounceCounts();
    for (std::size_t a = 0; a < actions; ++a) {
      QVERIFY2(counts[a].armed == journal[a].armed, (name + ": armed of " + runner.document().actions[a].id).c_str());
      QVERIFY2(counts[a].restarts == journal[a].restarts, (name + ": restarts of " + runner.document().actions[a].id).c_str());
      QVERIFY2(counts[a].fired == journal[a].fired, (name + ": fired of " + runner.document().actions[a].id).c_str());
    }
    const run::RunSnapshot snap = runner.snapshot();
    for (const run::CycleRow& c : snap.cycles) {
      QVERIFY2(iterations[c.id] == c.iterations, (name + ": iterations of cycle " + std::to_string(c.id)).c_str());
      if (c.finished) QCOMPARE(ended[c.id], c.iterations);
    }
    // The binary search by step agrees with a count.
    const std::uint64_t half = runner.steps() / 2;
    std::size_t upTo = 0;
    while (upTo < log->runCount() && log->run(upTo).step <= half) ++upTo;
    QCOMPARE(log->runsUpToStep(half, log->runCount()), upTo);
    ++checked;
  }
  QVERIFY(checked >= 10);
}

void TimelineTests::causesOfDebounceStorm() {
  Runner runner(testing::loadExample("debounce-storm.tsg.json"), timelineOptions());
  runner.runToEnd();
  const TimelineLog& log = *runner.timeline();
  // Every run of a debounced action after its first comes from its timer firing; the first
  // runs of everything come from their subscription.
  std::vector<bool> seen(runner.document().actions.size(), false);
  std::size_t fired = 0;
  for (std::size_t i = 0; i < log.runCount(); ++i) {
    const TimelineRun& r = log.run(i);
    if (!seen[r.action]) {
      QCOMPARE(r.cause, run::TimelineCause::Subscribe);
      seen[r.action] = true;
    } else if (runner.document().actions[r.action].debounceMs > 0) {
      QCOMPARE(r.cause, run::TimelineCause::DebounceFired);
      ++fired;
    }
  }
  QVERIFY(fired > 0);
  std::size_t firedMarks = 0;
  std::size_t events = 0;
  for (std::size_t i = 0; i < log.markCount(); ++i) {
    firedMarks += log.mark(i).kind == TimelineMarkKind::DebounceFired;
    events += log.mark(i).kind == TimelineMarkKind::EventApplied;
  }
  QCOMPARE(fired, firedMarks);
  QCOMPARE(events, runner.document().events.size());
}

void TimelineTests::handEditsAndClockMovesAreMarked() {
  Runner runner(testing::loadExample("diamond.tsg.json"), timelineOptions());
  runner.settle();
  const std::size_t runsBefore = runner.timeline()->runCount();
  const auto a = runner.document().findCell("a");
  QVERIFY(a);
  runner.setCellValue(*a, 42);
  const double from = runner.nowMs();
  QVERIFY(runner.advanceClockTo(from + 3));
  while (runner.timeline()->runCount() == runsBefore && runner.step()) {
  }
  const TimelineLog& log = *runner.timeline();
  QVERIFY(log.runCount() > runsBefore);
  // The effect the edit scheduled ran because of it; the computations it pulled name it.
  bool byEdit = false;
  for (std::size_t i = runsBefore; i < log.runCount(); ++i) {
    const TimelineRun& r = log.run(i);
    if (r.cause == run::TimelineCause::HandEdit) byEdit = true;
    if (r.cause == run::TimelineCause::Pull) QCOMPARE(r.causeAction, static_cast<std::uint32_t>(*runner.document().findAction("show") + 1));
  }
  QVERIFY(byEdit);
  bool edit = false;
  bool clock = false;
  for (std::size_t i = 0; i < log.markCount(); ++i) {
    const run::TimelineMark& m = log.mark(i);
    if (m.kind == TimelineMarkKind::HandEdit) {
      QCOMPARE(m.subject, static_cast<std::uint32_t>(*a));
      QCOMPARE(m.atMs, from);
      edit = true;
    }
    if (m.kind == TimelineMarkKind::ClockMoved && m.detail == static_cast<std::uint32_t>(run::MoveKind::ClockSet)) {
      QCOMPARE(m.atMs, from);
      QCOMPARE(m.untilMs, from + 3);
      clock = true;
    }
  }
  QVERIFY(edit && clock);
}

void TimelineTests::snapshotSharesTheLogWithItsCounts() {
  run::Controller controller(std::make_shared<const graph::GraphDocument>(testing::loadExample("newton-cycle.tsg.json")),
                             {});
  for (int i = 0; i < 6; ++i) controller.tick();
  const run::RunSnapshot early = controller.runner().snapshot();
  QVERIFY(early.timeline != nullptr);
  const std::size_t earlyRuns = early.timelineRuns;
  QCOMPARE(earlyRuns, early.timeline->runCount());
  controller.continueRun([](std::uint64_t, std::uint64_t) { return true; });
  const run::RunSnapshot late = controller.runner().snapshot();
  QCOMPARE(late.timeline.get(), early.timeline.get());  // shared, not copied
  QVERIFY(late.timelineRuns > earlyRuns);
  QVERIFY(controller.runner().phase() == Runner::Phase::Done);
  QCOMPARE(early.timelineRuns, earlyRuns);  // the early snapshot's counts stay as they were
  std::uint64_t total = 0;
  for (const auto& a : late.actions) total += a.runCount;
  QCOMPARE(static_cast<std::uint64_t>(late.timelineRuns), total);
}

void TimelineTests::commandLineRunnerHasNoLog() {
  Runner runner(testing::loadExample("diamond.tsg.json"));
  QVERIFY(runner.timeline() == nullptr);
  QCOMPARE(runner.observerCount(), std::size_t{1});  // the recorder only
  runner.runToEnd();
  const run::RunSnapshot snap = runner.snapshot();
  QVERIFY(snap.timeline == nullptr);
  QCOMPARE(snap.timelineRuns, std::size_t{0});
}

void TimelineTests::appendKeepsEarlierRecordsInPlace() {
  TimelineLog log;
  const std::size_t n = TimelineLog::kBlockRecords * 3 + 17;
  for (std::size_t i = 0; i < n; ++i) {
    TimelineRun r;
    r.startMs = static_cast<double>(i);
    r.step = i / 10;
    r.action = static_cast<std::uint32_t>(i % 7);
    log.append(r);
  }
  const TimelineRun* first = &log.run(0);
  const TimelineRun* mid = &log.run(TimelineLog::kBlockRecords + 1);
  for (std::size_t i = 0; i < n; ++i) log.append(TimelineRun{});
  QCOMPARE(&log.run(0), first);  // blocks never move
  QCOMPARE(&log.run(TimelineLog::kBlockRecords + 1), mid);
  QCOMPARE(log.runCount(), 2 * n);
  for (std::size_t i = 0; i < n; ++i) QCOMPARE(log.run(i).startMs, static_cast<double>(i));
  QCOMPARE(log.runsUpToStep(5, n), std::size_t{60});
  QCOMPARE(log.runsUpToStep(0, n), std::size_t{10});
  run::TimelineMark m;
  m.kind = TimelineMarkKind::EventApplied;
  m.untilMs = std::nan("");
  log.append(m);
  QCOMPARE(log.markCount(), std::size_t{1});
  QVERIFY(std::isnan(log.mark(0).untilMs));
}

// The diamond is glitch-free: every run of `join` and `show` read b = a + 1, c = 2a and
// d = b + c of one and the same a, in both modes, and `left` read each a the events set.
void TimelineTests::valuesReadAreWhatEachRunSaw() {
  for (const auto mode : {graph::Mode::Pull, graph::Mode::Push}) {
    run::RunOptions options = timelineOptions();
    options.mode = mode;
    Runner runner(testing::loadExample("diamond.tsg.json"), options);
    runner.runToEnd();
    const TimelineLog& log = *runner.timeline();
    std::vector<double> leftRead;
    int shows = 0;
    for (std::size_t i = 0; i < log.runCount(); ++i) {
      const TimelineRun& r = log.run(i);
      const std::string id = runner.document().actions[r.action].id;
      std::map<std::string, double> v = valuesOf(runner, r);
      QCOMPARE(v.size(), runner.document().resolution.actions[r.action].reads.size());
      if (id == "left") leftRead.push_back(v.at("a"));
      if (id == "join" || id == "show") QCOMPARE(v.at("c"), 2 * (v.at("b") - 1));
      if (id == "show") {
        QCOMPARE(v.at("d"), v.at("b") + v.at("c"));
        ++shows;
      }
    }
    QVERIFY(shows >= 4);
    // Its first run (1), then each settled event's a: 20 ms applies -3 and 100 in one step or
    // two, so -3 may not be read at all.
    QVERIFY(!leftRead.empty());
    QCOMPARE(leftRead.front(), 1.0);
    QCOMPARE(leftRead.back(), 0.5);
    QVERIFY(std::find(leftRead.begin(), leftRead.end(), 5.0) != leftRead.end());
    QVERIFY(std::find(leftRead.begin(), leftRead.end(), 100.0) != leftRead.end());
  }
}

// An action that reads the cell it writes is shown the value it started from, not its own
// result; the other cells it read are as it finished.
void TimelineTests::valuesOfACellItWritesAreAsItStarted() {
  const char* text = R"({
    "tickscope": 1, "name": "accumulate",
    "cells": { "total": 10, "step": 1 },
    "actions": [
      { "id": "add", "kind": "effect", "reads": ["step", "total"], "writes": ["total"], "expr": "total + step" }
    ],
    "events": [ { "atMs": 5, "set": { "step": 2 } }, { "atMs": 9, "set": { "step": 30 } } ]
  })";
  graph::LoadResult loaded = graph::loadGraphBytes(text, "accumulate");
  QVERIFY2(loaded.ok(), loaded.errorText().c_str());
  for (const auto mode : {graph::Mode::Pull, graph::Mode::Push}) {
    run::RunOptions options = timelineOptions();
    options.mode = mode;
    Runner runner(*loaded.document, options);
    runner.runToEnd();
    const TimelineLog& log = *runner.timeline();
    std::vector<std::pair<double, double>> seen;  // (step, total) per run
    for (std::size_t i = 0; i < log.runCount(); ++i) {
      const std::map<std::string, double> v = valuesOf(runner, log.run(i));
      QCOMPARE(v.size(), std::size_t{2});
      seen.emplace_back(v.at("step"), v.at("total"));
    }
    const std::vector<std::pair<double, double>> expected = {{1, 10}, {2, 11}, {30, 13}};
    QCOMPARE(seen, expected);
  }
}
