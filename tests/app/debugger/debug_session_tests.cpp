// DebugSession: opening, stepping forward and back (the same states either way), hand edits
// replayed, breakpoints, load errors on open and on disk change, Pause on a large graph.
#include <QtTest/QtTest>

#include <QSettings>
#include <QTemporaryDir>

#include "debugger_test_classes.h"
#include "debugger_test_support.h"
#include "engine/run/run_test_support.h"
#include "graph/generator.h"
#include "graph/writer.h"
#include "run/breakpoint_watch.h"
#include "run/run_journal.h"

using namespace tickscope;
using app::DebugSession;
using testing::examplePath;
using testing::openAndWait;
using testing::sessionText;
using testing::waitIdle;

namespace {

// Two labels (one deprioritized later by hand), a debounce and a cost: interventions matter.
const char* const kLabelled = R"({
  "tickscope": 1, "name": "labelled", "settings": { "seed": 3 },
  "cells": { "a": 1, "b": 2 },
  "actions": [
    { "id": "double", "kind": "computation", "reads": ["a"], "writes": ["d"], "expr": "a * 2", "costMs": 1 },
    { "id": "sum", "kind": "computation", "reads": ["d", "b"], "writes": ["s"], "expr": "d + b" },
    { "id": "ui", "kind": "effect", "reads": ["s"], "label": "ui", "costMs": 2 },
    { "id": "bg", "kind": "effect", "reads": ["a", "b"], "label": "bg" },
    { "id": "slow", "kind": "effect", "reads": ["d"], "debounceMs": 15 }
  ],
  "events": [ { "atMs": 10, "set": { "a": 3 } }, { "atMs": 20, "set": { "b": 5 } }, { "atMs": 40, "set": { "a": 4, "b": 1 } } ]
})";

QByteArray readText(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(text);
}

// Texts of a reference runner at every step 0..end (as the session's worker builds its run).
std::vector<std::string> forwardTexts(const QString& path, std::optional<graph::Mode> mode = {}) {
  auto runner = testing::referenceRunner(path, mode);
  std::vector<std::string> texts{testing::snapshotText(runner->snapshot())};
  while (runner->step()) texts.push_back(testing::snapshotText(runner->snapshot()));
  return texts;
}

// firstHit: the step a breakpoint first hits going forward from step 0 (a reference run),
// the first move stepping over an ActionRuns breakpoint as Continue does.
std::uint64_t firstHit(const QString& path, const run::Breakpoint& b, bool* before = nullptr) {
  auto runner = testing::referenceRunner(path);
  auto watch = runner->makeObserver<run::BreakpointWatch>(std::vector<run::Breakpoint>{b});
  while (runner->step()) {
    if (!watch->hits().empty() && !(runner->steps() == 1 && watch->hits().front().before)) {
      if (before) *before = watch->hits().front().before;
      return runner->steps();
    }
  }
  return 0;
}

}  // namespace

void DebugSessionTests::initTestCase() { QStandardPaths::setTestModeEnabled(true); }

void DebugSessionTests::init() { QSettings().clear(); }

void DebugSessionTests::opensEveryExample() {
  for (const auto& path : testing::examplePaths()) {
    const QString file = QString::fromStdString(path.string());
    if (file.contains("grid-10000")) continue;  // opened by the large-graph tests
    DebugSession session;
    QVERIFY2(openAndWait(session, file), qPrintable(file));
    SAME_TEXT(sessionText(session), forwardTexts(file).front(), path.filename().string());
    QCOMPARE(session.filePath(), file);
  }
}

void DebugSessionTests::tickIsOneStep() {
  const QString file = examplePath("debounce-storm.tsg.json");
  DebugSession session;
  QVERIFY(openAndWait(session, file));
  const std::vector<std::string> expected = forwardTexts(file);
  for (std::size_t step = 1; step < 12; ++step) {
    session.tick();
    QVERIFY(waitIdle(session));
    QCOMPARE(session.snapshot()->step, step);
    SAME_TEXT(sessionText(session), expected[step], "after tick " + std::to_string(step));
  }
}

void DebugSessionTests::stepBackEqualsForward_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("mode");
  QTest::newRow("diamond pull") << "diamond.tsg.json" << int(graph::Mode::Pull);
  QTest::newRow("debounce-storm pull") << "debounce-storm.tsg.json" << int(graph::Mode::Pull);
  QTest::newRow("request-dangling push") << "request-dangling.tsg.json" << int(graph::Mode::Push);
}

void DebugSessionTests::stepBackEqualsForward() {
  QFETCH(QString, file);
  QFETCH(int, mode);
  const QString path = examplePath(file);
  const std::vector<std::string> expected = forwardTexts(path, static_cast<graph::Mode>(mode));
  DebugSession session;
  DebugSession::OpenOptions options;
  options.mode = static_cast<graph::Mode>(mode);
  QVERIFY(openAndWait(session, path, options));
  session.continueRun();
  QVERIFY(waitIdle(session));
  QVERIFY2(session.snapshot()->done, qPrintable(session.lastMessage()));
  QCOMPARE(session.snapshot()->step, std::uint64_t(expected.size() - 1));
  SAME_TEXT(sessionText(session), expected.back(), "at the end");
  // Back from every step to the one before it, down to 0.
  for (std::size_t step = expected.size() - 1; step > 0; --step) {
    session.stepBack();
    QVERIFY(waitIdle(session));
    SAME_TEXT(sessionText(session), expected[step - 1], "back to step " + std::to_string(step - 1));
  }
  session.stepBack();  // at 0: nothing happens
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(0));
  session.goToStep(7);
  QVERIFY(waitIdle(session));
  SAME_TEXT(sessionText(session), expected[7], "go to step 7");
  session.goToStep(100000);  // past the end: the end
  QVERIFY(waitIdle(session));
  SAME_TEXT(sessionText(session), expected.back(), "go past the end");
}

void DebugSessionTests::replayRepeatsHandEdits() {
  QTemporaryDir dir;
  const QString path = dir.filePath("labelled.tsg.json");
  writeText(path, kLabelled);
  DebugSession session;
  QVERIFY(openAndWait(session, path));
  auto go = [&](std::uint64_t step) {
    session.goToStep(step);
    QVERIFY(waitIdle(session));
    QCOMPARE(session.snapshot()->step, step);
  };
  go(3);
  session.setCellValue(*session.document()->findCell("b"), 40);
  QVERIFY(waitIdle(session));
  go(6);
  session.setLabelDeprioritized("ui", true);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->deprioritized, std::vector<std::string>{"ui"});
  QCOMPARE(session.publication().history.size(), std::size_t(2));
  std::vector<std::string> forward;
  for (std::uint64_t step = 6; step <= 16; ++step) {
    go(step);
    forward.push_back(sessionText(session));
  }
  // Back to each of those steps (a replay from step 0 that makes both edits again)...
  for (std::uint64_t step = 16; step >= 6; --step) {
    go(step);
    SAME_TEXT(sessionText(session), forward[step - 6], "replayed to step " + std::to_string(step));
  }
  // ...and before the edits, then forward again through them.
  go(2);
  QVERIFY(session.snapshot()->deprioritized.empty());
  QCOMPARE(session.snapshot()->cells[*session.document()->findCell("b")], 2.0);
  go(12);
  SAME_TEXT(sessionText(session), forward[12 - 6], "forward again through the edits");
  // The edits changed the run: without them step 12 differs.
  auto plain = testing::referenceRunner(path);
  while (plain->steps() < 12) QVERIFY(plain->step());
  QVERIFY(testing::snapshotText(plain->snapshot()) != forward[12 - 6]);
  // An edit in the past drops the recorded future.
  go(4);
  session.setCellValue(*session.document()->findCell("a"), 7);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.publication().history.size(), std::size_t(2));  // b at 3, a at 4; ui at 6 gone
  session.forgetInterventions();
  QVERIFY(waitIdle(session));
  QVERIFY(session.publication().history.empty());
  SAME_TEXT(sessionText(session), testing::snapshotText([&] {
              auto r = testing::referenceRunner(path);
              while (r->steps() < 4) r->step();
              return r->snapshot();
            }()),
            "the same step without the edits");
}

void DebugSessionTests::breakpointsStopOnTheRightStep_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("condition");
  QTest::addColumn<int>("threshold");
  using K = run::Breakpoint::Kind;
  QTest::newRow("before an action runs") << "diamond.tsg.json" << int(K::ActionRuns) << "join" << "" << 0;
  QTest::newRow("cell changes") << "newton-cycle.tsg.json" << int(K::CellChanges) << "x" << "" << 0;
  QTest::newRow("cell changes, condition") << "debounce-storm.tsg.json" << int(K::CellChanges) << "input" << "v > 5" << 0;
  QTest::newRow("report error") << "runaway-cycle.tsg.json" << int(K::ReportError) << "cycle-limit" << "" << 0;
  QTest::newRow("any report error") << "request-dangling.tsg.json" << int(K::ReportError) << "" << "" << 0;
  QTest::newRow("cycle detected") << "newton-cycle.tsg.json" << int(K::CycleDetected) << "" << "" << 0;
  QTest::newRow("debounce fires") << "debounce-storm.tsg.json" << int(K::DebounceFires) << "save" << "" << 0;
  QTest::newRow("ready queue longer") << "request-dangling.tsg.json" << int(K::ReadyQueueLonger) << "" << "" << 2;
  QTest::newRow("task picked") << "diamond.tsg.json" << int(K::TaskPicked) << "ui" << "" << 0;
}

void DebugSessionTests::breakpointsStopOnTheRightStep() {
  QFETCH(QString, file);
  QFETCH(int, kind);
  QFETCH(QString, target);
  QFETCH(QString, condition);
  QFETCH(int, threshold);
  run::Breakpoint b;
  b.kind = static_cast<run::Breakpoint::Kind>(kind);
  b.target = target.toStdString();
  b.condition = condition.toStdString();
  b.threshold = static_cast<std::uint32_t>(threshold);
  const QString path = examplePath(file);
  bool before = false;
  const std::uint64_t hit = firstHit(path, b, &before);
  QVERIFY2(hit > 0, "the breakpoint never hits in a reference run: the test is wrong");
  QCOMPARE(before, b.kind == run::Breakpoint::Kind::ActionRuns);

  DebugSession session;
  QVERIFY(openAndWait(session, path));
  session.setBreakpoints({b});
  QSignalSpy messages(&session, &DebugSession::message);
  session.continueRun();
  QVERIFY(waitIdle(session));
  const std::uint64_t expected = before ? hit - 1 : hit;
  QCOMPARE(session.snapshot()->step, expected);
  QCOMPARE(session.lastBreakpointHit(), std::optional<std::size_t>(0));
  QCOMPARE(session.publication().hitCounts, std::vector<std::uint64_t>{1});
  QVERIFY(!messages.isEmpty());
  QVERIFY2(messages.back().front().toString().contains("breakpoint 1"), qPrintable(messages.back().front().toString()));
  if (before) {
    // Tick runs the action; Continue from here does not stop on the same step again.
    session.tick();
    QVERIFY(waitIdle(session));
    QVERIFY(session.snapshot()->actions[*session.document()->findAction(b.target)].has(run::ActionState::RanThisStep));
  }
  session.continueRun();
  QVERIFY(waitIdle(session));
  QVERIFY(session.snapshot()->step > expected);
}

void DebugSessionTests::breakpointsAreSavedPerFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath("saved.tsg.json");
  QFile::copy(examplePath("diamond.tsg.json"), path);
  std::vector<run::Breakpoint> list(2);
  list[0].kind = run::Breakpoint::Kind::ActionRuns;
  list[0].target = "s";
  list[1].kind = run::Breakpoint::Kind::CellChanges;
  list[1].target = "a";
  list[1].condition = "v > 2";
  list[1].enabled = false;
  {
    DebugSession session;
    QVERIFY(openAndWait(session, path));
    session.setBreakpoints(list);
    QVERIFY(waitIdle(session));
  }
  DebugSession again;
  QVERIFY(openAndWait(again, path));
  QCOMPARE(again.breakpoints(), list);
  DebugSession other;
  QVERIFY(openAndWait(other, examplePath("diamond.tsg.json")));  // another file: its own list
  QVERIFY(other.breakpoints() != list);
}

void DebugSessionTests::modeAndSeedRestartAtStepZero() {
  DebugSession session;
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  session.goToStep(5);
  QVERIFY(waitIdle(session));
  session.setMode(graph::Mode::Push);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(0));
  QCOMPARE(session.snapshot()->mode, std::string("push"));
  session.setSeed(99);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->seed, std::uint64_t(99));
  QCOMPARE(session.snapshot()->mode, std::string("push"));
  SAME_TEXT(sessionText(session),
            testing::snapshotText(testing::referenceRunner(examplePath("diamond.tsg.json"), graph::Mode::Push, 99)->snapshot()),
            "restarted");
  session.tick();
  QVERIFY(waitIdle(session));
  session.reset();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(0));
  QCOMPARE(session.snapshot()->seed, std::uint64_t(99));  // Reset keeps the mode and seed chosen
}

void DebugSessionTests::forwardCommandsStopWhereTheySay() {
  DebugSession session;
  QVERIFY(openAndWait(session, examplePath("debounce-storm.tsg.json")));
  session.runUntilParked();
  QVERIFY(waitIdle(session));
  QVERIFY(session.snapshot()->nextMove.kind != run::MoveKind::Decision);
  QVERIFY(session.snapshot()->step > 0);
  session.nextEvent();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->lastMove.kind, run::MoveKind::EventApplied);
  QCOMPARE(session.snapshot()->nextEvent, std::size_t(1));
  session.nextTimer();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->lastMove.kind, run::MoveKind::Decision);
  QVERIFY(session.snapshot()->recentSteps.front().timerFired);
  const double before = session.snapshot()->nowMs;
  session.advanceClock(150);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->nowMs, before + 150);
  QCOMPARE(session.publication().history.size(), std::size_t(1));
  QCOMPARE(session.publication().history.front().kind, run::Intervention::Kind::ClockSet);
  // The clock move is part of the history: back and forward again lands on the same state.
  const std::string there = sessionText(session);
  const std::uint64_t step = session.snapshot()->step;
  session.goToStep(step - 3);
  QVERIFY(waitIdle(session));
  session.goToStep(step);
  QVERIFY(waitIdle(session));
  SAME_TEXT(sessionText(session), there, "after the clock was advanced by hand");
}

void DebugSessionTests::loadErrorsKeepTheOldDocument() {
  QTemporaryDir dir;
  const QString good = dir.filePath("good.tsg.json");
  const QString syntax = dir.filePath("syntax.tsg.json");
  const QString schema = dir.filePath("schema.tsg.json");
  QFile::copy(examplePath("diamond.tsg.json"), good);
  writeText(syntax, "{\n  \"tickscope\": 1,\n  \"cells\": { \"a\": 1,, }\n}\n");
  writeText(schema, R"({ "tickscope": 1, "name": "bad", "cells": { "a": 1 },
    "actions": [ { "id": "e", "kind": "effect", "reads": ["nope"] } ] })");
  DebugSession session;
  QVERIFY(openAndWait(session, good));
  session.goToStep(3);
  QVERIFY(waitIdle(session));
  QSignalSpy failed(&session, &DebugSession::loadFailed);
  session.open(syntax);
  QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
  QVERIFY2(failed.back().front().toString().startsWith(syntax + ":3:"), qPrintable(failed.back().front().toString()));
  QCOMPARE(session.filePath(), good);
  QCOMPARE(session.snapshot()->step, std::uint64_t(3));
  session.open(schema);
  QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
  QVERIFY2(failed.back().front().toString().contains(schema + ": /actions/0/reads/0:"),
           qPrintable(failed.back().front().toString()));
  QCOMPARE(session.loadError(), failed.back().front().toString());
  session.tick();  // still usable
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(4));
  session.open(dir.filePath("missing.tsg.json"));
  QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 3, 10000);
  QCOMPARE(session.filePath(), good);
}

void DebugSessionTests::changesOnDiskReload() {
  QTemporaryDir dir;
  const QString path = dir.filePath("watched.tsg.json");
  QByteArray text = readText(examplePath("diamond.tsg.json"));
  writeText(path, text);
  DebugSession session;
  QVERIFY(openAndWait(session, path));
  session.goToStep(4);
  QVERIFY(waitIdle(session));
  session.setCellValue(*session.document()->findCell("a"), 11);
  QVERIFY(waitIdle(session));
  QSignalSpy changed(&session, &DebugSession::documentChanged);
  QSignalSpy failed(&session, &DebugSession::loadFailed);

  // A valid change: reloaded, at the same step, the hand edit kept.
  QByteArray renamed = text;
  renamed.replace("\"name\": \"diamond\"", "\"name\": \"diamond-2\"");
  QVERIFY(renamed != text);
  QTest::qWait(1100);  // a different modification time, whatever the file system's resolution
  writeText(path, renamed);
  QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.documentName(), QString("diamond-2"));
  QCOMPARE(session.snapshot()->step, std::uint64_t(4));
  QCOMPARE(session.publication().history.size(), std::size_t(1));
  QCOMPARE(session.snapshot()->cells[*session.document()->findCell("a")], 11.0);

  // An invalid change: the error, and the document as it was.
  QTest::qWait(1100);
  writeText(path, "{ \"tickscope\": 1, ");
  QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
  QVERIFY(failed.back().front().toString().startsWith(path + ":1:"));
  QCOMPARE(session.documentName(), QString("diamond-2"));
  session.tick();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(5));

  // An editor that saves by replacing the file (write elsewhere, rename over it).
  QTest::qWait(1100);
  const QString temporary = dir.filePath("watched.tsg.json.tmp");
  QByteArray third = text;
  third.replace("\"name\": \"diamond\"", "\"name\": \"diamond-3\"");
  writeText(temporary, third);
  QVERIFY(std::rename(temporary.toLocal8Bit().constData(), path.toLocal8Bit().constData()) == 0);
  QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 10000);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.documentName(), QString("diamond-3"));
  QCOMPARE(session.snapshot()->step, std::uint64_t(5));
}

void DebugSessionTests::pauseInterruptsContinueOnALargeGraph() {
  QTemporaryDir dir;
  const QString path = dir.filePath("grid-100k.tsg.json");
  graph::GenerateOptions options;
  options.events = 100;
  const graph::GraphDocument doc = graph::generateGraph(graph::Shape::Grid, 100000, 1, options);
  writeText(path, QByteArray::fromStdString(graph::saveGraph(doc)));
  DebugSession session;
  QVERIFY(openAndWait(session, path));
  session.continueRun();
  QTRY_VERIFY_WITH_TIMEOUT(session.snapshot()->step > 50, 20000);  // it runs, and shows it running
  QVERIFY(session.busy().running);
  QElapsedTimer latency;
  latency.start();
  session.pause();
  QTRY_VERIFY_WITH_TIMEOUT(!session.busy().running, 5000);
  qInfo("Pause stopped Continue on the 100,000-node grid after %lld ms, at step %llu", latency.elapsed(),
        static_cast<unsigned long long>(session.snapshot()->step));
  QVERIFY(waitIdle(session));
  QVERIFY(!session.snapshot()->done);
  QVERIFY(session.lastMessage().startsWith("Paused at step"));
}
