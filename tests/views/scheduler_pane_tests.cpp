// The Scheduler pane: the clock, phase and next move; the ready queue, timers and last
// decisions read from real runs (checked against a second, recorded run of the same file);
// the task labels that only ask to be deprioritized; the shared selection; CSV; what a
// screen reader reads; and every model under QAbstractItemModelTester while a run steps.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QAction>
#include <QClipboard>
#include <QHeaderView>
#include <QScrollBar>
#include <QLabel>
#include <QListView>
#include <QTableView>

#include <map>
#include <variant>

#include "decision_model.h"
#include "format.h"
#include "label_model.h"
#include "ready_queue_model.h"
#include "scheduler_pane.h"
#include "timer_model.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// Two labels, one deprioritized by the file; fetch and upload (net) wait behind paint (ui).
const char* const kLabels = R"({
  "tickscope": 1, "name": "labels",
  "settings": { "mode": "push", "seed": 1, "deprioritize": ["net"] },
  "cells": { "a": 1 },
  "actions": [
    { "id": "fetch", "kind": "effect", "reads": ["a"], "expr": "a", "costMs": 2.5, "label": "net" },
    { "id": "upload", "kind": "effect", "reads": ["a"], "expr": "a * 2", "costMs": 1, "label": "net" },
    { "id": "paint", "kind": "effect", "reads": ["a"], "expr": "a + 1", "costMs": 0.5, "label": "ui" }
  ],
  "events": [ { "atMs": 12.5, "set": { "a": 2 } } ]
})";

QStringList column(const QAbstractItemModel& m, int c, int role = Qt::DisplayRole) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, c).data(role).toString();
  return out;
}

QStringList headers(const QAbstractItemModel& m) {
  QStringList out;
  for (int c = 0; c < m.columnCount(); ++c) out << m.headerData(c, Qt::Horizontal).toString();
  return out;
}

int rowWhere(const QAbstractItemModel& m, int c, const QString& text) {
  for (int r = 0; r < m.rowCount(); ++r) {
    if (m.index(r, c).data().toString() == text) return r;
  }
  return -1;
}

std::shared_ptr<const run::RunSnapshot> snap(const run::Runner& runner) {
  return std::make_shared<const run::RunSnapshot>(runner.snapshot());
}

// RecordedStep: what a step did, seen through a trace::Recorder (not the journal the
// pane reads): the clock before it, its move, the actions started, in order.
struct RecordedStep {
  double atMs = 0;
  run::Move move;
  QStringList ran;
};

// recordedRun: `steps` steps of `file` on a runner with a recorder; [0] is unused.
std::vector<RecordedStep> recordedRun(const std::string& file, int steps) {
  run::RunOptions options;
  options.recorderCapacity = 1'000'000;
  run::Runner runner(test::exampleDocument(file), options);
  std::vector<RecordedStep> out(1);
  std::size_t seen = 0;
  for (int i = 0; i < steps; ++i) {
    RecordedStep s;
    s.atMs = runner.nowMs();
    if (!runner.step()) break;
    s.move = runner.lastMove();
    const auto& events = runner.recorder()->events();
    for (; seen < events.size(); ++seen) {
      const auto* e = std::get_if<trace::ReactiveEvent>(&events[seen]);
      if (e && e->kind == trace::ReactiveEventKind::ActionStarted) s.ran << QString::fromStdString(e->actionName);
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

class SchedulerPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void columnsAndAccessibleNames();
  void modelsPassTheTesterWhileStepping_data();
  void modelsPassTheTesterWhileStepping();
  void steppingBackRemovesTheNewerDecisions();
  void clockPhaseAndNextMove();
  void readyQueueAtStepZeroListsTheGroupTask();
  void deprioritizedLabelsShow();
  void togglingALabelOnlyAsks();
  void debounceTimerCountsDown();
  void requestSessionsShowTheirTasks();
  void lastDecisionsAreNewestFirst();
  void repeatedRunsAreCounted();
  void clickingADecisionSelectsWhatItRan();
  void setSelectionHighlightsRowsOfTheAction();
  void copiesRowsAsCsv();
  void screenReaderReadsThePane();
  void columnsFitTheirTexts();
};

void SchedulerPaneTests::columnsAndAccessibleNames() {
  SchedulerPane pane;
  QCOMPARE(headers(*pane.readyModel()), (QStringList{"Task", "Label", "Session", "Deprioritized", "What"}));
  QCOMPARE(headers(*pane.timerModel()), (QStringList{"Task", "Deadline ms", "In ms", "Label", "Wakes"}));
  QCOMPARE(headers(*pane.decisionModel()), (QStringList{"Step", "Time ms", "Move", "Label", "Ran"}));
  QCOMPARE(pane.readyTable()->accessibleName(), QString("Ready queue"));
  QCOMPARE(pane.timerTable()->accessibleName(), QString("Timers"));
  QCOMPARE(pane.decisionTable()->accessibleName(), QString("Last decisions"));
  QCOMPARE(pane.labelList()->accessibleName(), QString("Task labels"));
  QCOMPARE(pane.clockLabel()->text(), QString("No document"));
}

void SchedulerPaneTests::modelsPassTheTesterWhileStepping_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("maxSteps");
  QTest::newRow("debounce-storm") << "debounce-storm.tsg.json" << 1000;
  QTest::newRow("auto-debounce") << "auto-debounce.tsg.json" << 1000;
  QTest::newRow("request-dangling") << "request-dangling.tsg.json" << 1000;
  QTest::newRow("slow-cycle") << "slow-cycle.tsg.json" << 1000;
  QTest::newRow("grid-10000") << "grid-10000.tsg.json" << 300;
}

void SchedulerPaneTests::modelsPassTheTesterWhileStepping() {
  QFETCH(QString, file);
  QFETCH(int, maxSteps);
  SchedulerPane pane;  // the views read the models too
  pane.resize(700, 400);
  pane.show();
  using Tester = QAbstractItemModelTester;
  Tester ready(pane.readyModel(), Tester::FailureReportingMode::QtTest);
  Tester timers(pane.timerModel(), Tester::FailureReportingMode::QtTest);
  Tester decisions(pane.decisionModel(), Tester::FailureReportingMode::QtTest);
  Tester labels(pane.labelModel(), Tester::FailureReportingMode::QtTest);

  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()));
  pane.setSnapshot(snap(*runner));
  int resets = 0, inserted = 0, removed = 0;
  for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{pane.readyModel(), pane.timerModel(), pane.decisionModel()}) {
    connect(m, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
    connect(m, &QAbstractItemModel::rowsInserted, this, [&] { ++inserted; });
    connect(m, &QAbstractItemModel::rowsRemoved, this, [&] { ++removed; });
  }
  for (int i = 0; i < maxSteps && runner->step(); ++i) {
    const auto s = snap(*runner);
    pane.setSnapshot(s);
    // The rows updated in place are exactly the snapshot's, in its order.
    QCOMPARE(pane.readyModel()->rowCount(), static_cast<int>(s->ready.size()));
    for (std::size_t r = 0; r < s->ready.size(); ++r)
      QCOMPARE(pane.readyModel()->index(static_cast<int>(r), 0).data(ReadyQueueModel::TaskRole).toULongLong(), s->ready[r].task);
    QCOMPARE(pane.timerModel()->rowCount(), static_cast<int>(s->timers.size()));
    for (std::size_t r = 0; r < s->timers.size(); ++r) {
      QCOMPARE(pane.timerModel()->index(static_cast<int>(r), 0).data(TimerModel::TaskRole).toULongLong(), s->timers[r].task);
      QCOMPARE(pane.timerModel()->index(static_cast<int>(r), TimerModel::InColumn).data().toString(),
               formatNumber(s->timers[r].deadlineMs - s->nowMs));
    }
    QCOMPARE(pane.decisionModel()->rowCount(), static_cast<int>(s->recentSteps.size()));
    QCOMPARE(pane.decisionModel()->index(0, DecisionModel::StepColumn).data().toString(), QString::number(s->step));
  }
  QVERIFY(inserted > 0);
  QVERIFY(removed > 0);
  QCOMPARE(resets, 0);  // one document: never reset, so selections and scroll positions stay

  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(test::exampleDocument("diamond.tsg.json")), 3));  // another document
  QVERIFY(resets > 0);
  QCOMPARE(pane.decisionModel()->rowCount(), 3);
  pane.setSnapshot(nullptr);
  QCOMPARE(pane.readyModel()->rowCount(), 0);
  QCOMPARE(pane.timerModel()->rowCount(), 0);
  QCOMPARE(pane.decisionModel()->rowCount(), 0);
  QCOMPARE(pane.labelModel()->rowCount(), 0);
}

void SchedulerPaneTests::steppingBackRemovesTheNewerDecisions() {
  // Step Back replays to an earlier step: the newer decisions leave from the top, the rows
  // left keep their selection.
  const auto document = test::exampleDocument("debounce-storm.tsg.json");
  SchedulerPane pane;
  QAbstractItemModelTester tester(pane.decisionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(document), 30));
  QCOMPARE(pane.decisionModel()->rowCount(), 30);
  pane.decisionTable()->selectRow(10);  // step 20
  QSignalSpy resets(pane.decisionModel(), &QAbstractItemModel::modelReset);
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(document), 25));
  QCOMPARE(resets.count(), 0);
  QCOMPARE(column(*pane.decisionModel(), DecisionModel::StepColumn).first(), QString("25"));
  QCOMPARE(pane.decisionModel()->rowCount(), 25);
  const QModelIndexList selected = pane.decisionTable()->selectionModel()->selectedRows();
  QCOMPARE(selected.size(), 1);
  QCOMPARE(selected.front().data().toString(), QString("20"));
}

void SchedulerPaneTests::clockPhaseAndNextMove() {
  auto runner = test::runnerFor(test::documentFromJson(kLabels));
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  QCOMPARE(pane.clockLabel()->text(), QString("Clock 0 ms"));
  QCOMPARE(pane.phaseLabel()->text(), QString("Phase: settling"));
  QCOMPARE(pane.nextMoveLabel()->text(), QString("Next: a scheduling decision"));
  // Settled: the clock moves to the event's time, then applies it (the file's first: 1).
  while (runner->nextMove().kind != run::MoveKind::ClockMoved) QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QCOMPARE(pane.nextMoveLabel()->text(), QString("Next: clock moves to 12.5 ms"));
  QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QCOMPARE(pane.clockLabel()->text(), QString("Clock 12.5 ms"));
  QCOMPARE(pane.phaseLabel()->text(), QString("Phase: events"));
  QCOMPARE(pane.nextMoveLabel()->text(), QString("Next: event 1 applied"));
  pane.setSnapshot(test::snapshotAtEnd(*runner));
  QCOMPARE(pane.phaseLabel()->text(), QString("Phase: done"));
  QCOMPARE(pane.nextMoveLabel()->text(), QString("Run finished"));
  QCOMPARE(SchedulerPane::nextMoveText(run::Move{run::MoveKind::RequestValidated, 0, 0}), QString("Next: request validated"));
  QCOMPARE(SchedulerPane::nextMoveText(run::Move{run::MoveKind::EventApplied, 0, 2}), QString("Next: event 3 applied"));
  QCOMPARE(SchedulerPane::nextMoveText(run::Move{run::MoveKind::ClockMoved, 50, 0}), QString("Next: clock moves to 50 ms"));
}

void SchedulerPaneTests::readyQueueAtStepZeroListsTheGroupTask() {
  // diamond in pull mode: before anything runs, the one effect (show, label "ui") is pending
  // in the runtime's group task for its label; the computations wait to be pulled.
  const auto document = test::exampleDocument("diamond.tsg.json");
  QCOMPARE(QString::fromStdString(*document->actions[3].label), QString("ui"));
  SchedulerPane pane;
  pane.setSnapshot(snap(*test::runnerFor(document)));
  const ReadyQueueModel& m = *pane.readyModel();
  QCOMPARE(m.rowCount(), 1);
  QCOMPARE(m.index(0, ReadyQueueModel::WhatColumn).data().toString(), QString("actions labelled ui (1 pending)"));
  QCOMPARE(m.index(0, ReadyQueueModel::LabelColumn).data().toString(), QString("ui"));
  QCOMPARE(m.index(0, ReadyQueueModel::SessionColumn).data().toString(), QString());
  QCOMPARE(m.index(0, ReadyQueueModel::DeprioritizedColumn).data().toString(), QString("no"));
  QVERIFY(!m.index(0, 0).data(ReadyQueueModel::ActionRole).isValid());  // a group: no one action
  QCOMPARE(pane.timerModel()->rowCount(), 0);
  QCOMPARE(pane.decisionModel()->rowCount(), 0);
  // An unlabelled group says so (debounce-storm: preview and save, no label).
  pane.setSnapshot(snap(*test::runnerFor(test::exampleDocument("debounce-storm.tsg.json"))));
  QCOMPARE(column(m, ReadyQueueModel::WhatColumn), QStringList{"unlabelled actions (2 pending)"});
}

void SchedulerPaneTests::deprioritizedLabelsShow() {
  auto runner = test::runnerFor(test::documentFromJson(kLabels));
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  const ReadyQueueModel& m = *pane.readyModel();
  // Push mode: every effect pending, net's behind ui's (deprioritized runs last).
  QCOMPARE(column(m, ReadyQueueModel::WhatColumn),
           (QStringList{"actions labelled ui (1 pending)", "actions labelled net (2 pending)"}));
  QCOMPARE(column(m, ReadyQueueModel::DeprioritizedColumn), (QStringList{"no", "yes"}));
  QCOMPARE(column(m, ReadyQueueModel::LabelColumn), (QStringList{"ui", "net"}));
  // The labels in first-use order, net checked: the file deprioritizes it.
  const LabelModel& labels = *pane.labelModel();
  QCOMPARE(labels.rowCount(), 2);
  QCOMPARE(labels.index(0).data().toString(), QString("net"));
  QCOMPARE(labels.index(1).data().toString(), QString("ui"));
  QCOMPARE(labels.index(0).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
  QCOMPARE(labels.index(1).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
  QVERIFY(labels.flags(labels.index(0)) & Qt::ItemIsUserCheckable);
  // The picks: ui's first (net's is not a candidate while another task is ready), then
  // net's, deprioritized.
  QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::MoveColumn).data().toString(), QString("task 2 picked among 1"));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::RanColumn).data().toString(), QString("paint"));
  QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::MoveColumn).data().toString(),
           QString("task 1 picked among 1 (deprioritized)"));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::LabelColumn).data().toString(), QString("net"));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::RanColumn).data().toString(), QString("fetch"));
}

void SchedulerPaneTests::togglingALabelOnlyAsks() {
  auto runner = test::runnerFor(test::documentFromJson(kLabels));
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  pane.show();
  QSignalSpy asked(&pane, &SchedulerPane::deprioritizeRequested);
  const LabelModel& labels = *pane.labelModel();
  auto checkOf = [&](int row) { return labels.index(row).data(Qt::CheckStateRole).value<Qt::CheckState>(); };

  // Space on "ui" in the list (what a user does) asks to deprioritize it; the box stays.
  pane.labelList()->setFocus();
  pane.labelList()->setCurrentIndex(labels.index(1));
  QTest::keyClick(pane.labelList(), Qt::Key_Space);
  QCOMPARE(asked.count(), 1);
  QCOMPARE(asked.at(0).at(0).toString(), QString("ui"));
  QCOMPARE(asked.at(0).at(1).toBool(), true);
  QCOMPARE(checkOf(1), Qt::Unchecked);
  // Unchecking net asks to undo it; net stays checked.
  QVERIFY(pane.labelModel()->setData(labels.index(0), Qt::Unchecked, Qt::CheckStateRole));
  QCOMPARE(asked.count(), 2);
  QCOMPARE(asked.at(1).at(0).toString(), QString("net"));
  QCOMPARE(asked.at(1).at(1).toBool(), false);
  QCOMPARE(checkOf(0), Qt::Checked);
  // The checks follow the run once it did what was asked, in place.
  QSignalSpy changed(pane.labelModel(), &QAbstractItemModel::dataChanged);
  QSignalSpy resets(pane.labelModel(), &QAbstractItemModel::modelReset);
  runner->setDeprioritized("ui", true);
  runner->setDeprioritized("net", false);
  pane.setSnapshot(snap(*runner));
  QCOMPARE(checkOf(0), Qt::Unchecked);
  QCOMPARE(checkOf(1), Qt::Checked);
  QCOMPARE(changed.count(), 2);
  QCOMPARE(resets.count(), 0);
  QCOMPARE(column(*pane.readyModel(), ReadyQueueModel::DeprioritizedColumn), (QStringList{"no", "yes"}));
  QCOMPARE(column(*pane.readyModel(), ReadyQueueModel::LabelColumn), (QStringList{"net", "ui"}));
}

void SchedulerPaneTests::debounceTimerCountsDown() {
  // debounce-storm: the first event (100 ms) triggers save, debounced by its debounceMs.
  const auto document = test::exampleDocument("debounce-storm.tsg.json");
  const std::size_t save = *document->findAction("save");
  const double due = document->events[0].atMs + document->actions[save].debounceMs;
  auto runner = test::runnerFor(document);
  while (!(runner->lastMove().kind == run::MoveKind::EventApplied && runner->lastMove().event == 0)) QVERIFY(runner->step());
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  const TimerModel& m = *pane.timerModel();
  const int row = rowWhere(m, TimerModel::WakesColumn, "debounce of save");
  QVERIFY(row >= 0);
  QCOMPARE(m.index(row, TimerModel::DeadlineColumn).data().toString(), formatNumber(due));
  QCOMPARE(m.index(row, TimerModel::InColumn).data().toString(), formatNumber(due - runner->nowMs()));
  QCOMPARE(m.index(row, TimerModel::InColumn).data().toString(), QString("100"));
  QCOMPARE(m.index(row, 0).data(TimerModel::ActionRole).toUInt(), static_cast<uint>(save));
  // The clock moves to the next event: 10 ms less to wait.
  while (runner->lastMove().kind != run::MoveKind::ClockMoved) QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QCOMPARE(m.index(row, TimerModel::InColumn).data().toString(), QString("90"));
  QCOMPARE(m.index(row, TimerModel::InColumn).data(TimerModel::SortRole).toDouble(), 90.0);
  // Selecting the timer selects save.
  QSignalSpy asked(&pane, &SchedulerPane::selectionRequested);
  pane.timerTable()->selectRow(row);
  QCOMPARE(asked.count(), 1);
  QCOMPARE(asked.at(0).at(0).value<Selection>(), Selection::ofAction(static_cast<std::uint32_t>(save)));
}

void SchedulerPaneTests::requestSessionsShowTheirTasks() {
  // request-dangling: event 1 opens req-1, which spawns flush (waitUntil) and audit (500 ms).
  const auto document = test::exampleDocument("request-dangling.tsg.json");
  auto runner = test::runnerFor(document);
  while (runner->lastMove().kind != run::MoveKind::EventApplied) QVERIFY(runner->step());
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  const ReadyQueueModel& ready = *pane.readyModel();
  const int flush = rowWhere(ready, ReadyQueueModel::WhatColumn, "task flush of session req-1");
  const int audit = rowWhere(ready, ReadyQueueModel::WhatColumn, "task audit of session req-1");
  QVERIFY(flush >= 0);
  QVERIFY(audit >= 0);
  QCOMPARE(ready.index(flush, ReadyQueueModel::SessionColumn).data().toString(), QString("req-1"));
  QCOMPARE(ready.index(audit, ReadyQueueModel::SessionColumn).data().toString(), QString("req-1"));
  // The session's task ids are the ones its session row lists.
  const auto now = snap(*runner);
  QCOMPARE(now->sessions.size(), std::size_t{1});
  const run::SessionRow& session = now->sessions.front();
  QCOMPARE(QString::fromStdString(session.id), QString("req-1"));
  for (const run::SessionRow::Task& t : session.tasks) {
    const int row = rowWhere(ready, ReadyQueueModel::TaskColumn, QString::number(t.task));
    QVERIFY2(row >= 0, t.name.c_str());
    QCOMPARE(ready.index(row, ReadyQueueModel::WhatColumn).data().toString(),
             QString("task %1 of session req-1").arg(QString::fromStdString(t.name)));
  }
  // audit's delay is armed at the spawn: its timer falls due 500 ms after the request.
  const double auditDue = document->events[0].atMs + document->events[0].spawn[1].delayMs;
  QVERIFY(rowWhere(*pane.timerModel(), TimerModel::DeadlineColumn, formatNumber(auditDue)) >= 0);
  // req-2's own flush, once the second event is applied.
  while (!(runner->lastMove().kind == run::MoveKind::EventApplied && runner->lastMove().event == 1)) QVERIFY(runner->step());
  pane.setSnapshot(snap(*runner));
  QVERIFY(rowWhere(ready, ReadyQueueModel::WhatColumn, "task flush of session req-2") >= 0);
}

// A cycle's iterations run the same actions many times in one decision: each is listed once
// with its count, in the order they first ran (the recorder's view of the same steps).
void SchedulerPaneTests::repeatedRunsAreCounted() {
  const int steps = 10;
  const std::vector<RecordedStep> expected = recordedRun("newton-cycle.tsg.json", steps);
  SchedulerPane pane;
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(test::exampleDocument("newton-cycle.tsg.json")), steps));
  bool sawRepeat = false;
  for (int step = 1; step <= steps; ++step) {
    const QStringList& ran = expected[static_cast<std::size_t>(step)].ran;
    const QStringList listed = ran.mid(0, static_cast<qsizetype>(run::StepRecord::kMaxRan));
    QStringList order;
    QMap<QString, int> count;
    for (const QString& a : listed) {
      if (!count.contains(a)) order << a;
      ++count[a];
    }
    QStringList parts;
    for (const QString& a : order) parts << (count[a] > 1 ? QString("%1 \u00d7%2").arg(a).arg(count[a]) : a);
    if (ran.size() > listed.size()) parts << QString("+%1 more").arg(ran.size() - listed.size());
    sawRepeat = sawRepeat || order.size() < listed.size();
    QCOMPARE(pane.decisionModel()->index(steps - step, DecisionModel::RanColumn).data().toString(), parts.join(", "));
  }
  QVERIFY(sawRepeat);  // the example converges its cycle in one decision
}

void SchedulerPaneTests::lastDecisionsAreNewestFirst() {
  // The journal the pane reads against a recorder's view of the same run.
  const int steps = 30;
  const std::vector<RecordedStep> expected = recordedRun("debounce-storm.tsg.json", steps);
  QCOMPARE(static_cast<int>(expected.size()), steps + 1);
  SchedulerPane pane;
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(test::exampleDocument("debounce-storm.tsg.json")), steps));
  const DecisionModel& m = *pane.decisionModel();
  QCOMPARE(m.rowCount(), steps);
  for (int row = 0; row < steps; ++row) {
    const int step = steps - row;  // newest first
    const RecordedStep& e = expected[static_cast<std::size_t>(step)];
    auto text = [&](int c) { return m.index(row, c).data().toString(); };
    QCOMPARE(text(DecisionModel::StepColumn), QString::number(step));
    QCOMPARE(text(DecisionModel::TimeColumn), formatNumber(e.atMs));
    QCOMPARE(text(DecisionModel::RanColumn), e.ran.join(", "));
    switch (e.move.kind) {
      case run::MoveKind::ClockMoved:
        QCOMPARE(text(DecisionModel::MoveColumn), QString("clock moved to %1 ms").arg(formatNumber(e.move.atMs)));
        break;
      case run::MoveKind::EventApplied:
        QCOMPARE(text(DecisionModel::MoveColumn), QString("event %1 applied").arg(e.move.event + 1));
        break;
      case run::MoveKind::Decision:
        QVERIFY2(text(DecisionModel::MoveColumn).contains(QRegularExpression("^(task \\d+ picked among \\d+|timer of task \\d+ fired)$")),
                 qPrintable(text(DecisionModel::MoveColumn)));
        break;
      default:
        QFAIL("debounce-storm's first 30 steps are decisions, clock moves and events");
    }
  }
  // Step 19 fired save's timer (the first burst's last write at 140 ms + 100 ms), step 20 ran save.
  QCOMPARE(m.index(steps - 19, DecisionModel::MoveColumn).data().toString(), QString("timer of task 6 fired"));
  QCOMPARE(m.index(steps - 19, DecisionModel::TimeColumn).data().toString(), QString("240"));
  QCOMPARE(m.index(steps - 20, DecisionModel::RanColumn).data().toString(), QString("save"));
  // The end of a run is a decision too.
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("slow-cycle.tsg.json"))));
  QCOMPARE(pane.decisionModel()->index(0, DecisionModel::MoveColumn).data().toString(), QString("run finished"));
}

void SchedulerPaneTests::clickingADecisionSelectsWhatItRan() {
  // diamond's first step runs left, right, join and show (the recorder says in which order).
  const std::vector<RecordedStep> expected = recordedRun("diamond.tsg.json", 3);
  const auto document = test::exampleDocument("diamond.tsg.json");
  std::vector<std::uint32_t> ran;
  for (const QString& id : expected[1].ran) ran.push_back(static_cast<std::uint32_t>(*document->findAction(id.toStdString())));
  QCOMPARE(ran.size(), std::size_t{4});
  SchedulerPane pane;
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(document), 3));  // steps 3, 2, 1
  QSignalSpy asked(&pane, &SchedulerPane::selectionRequested);
  pane.decisionTable()->selectRow(2);  // step 1
  QCOMPARE(asked.count(), 1);
  const Selection selection = asked.at(0).at(0).value<Selection>();
  Selection expectedSelection = Selection::ofActions(ran);
  expectedSelection.step = 1;  // the run picked: the Inspector explains that one
  QCOMPARE(selection, expectedSelection);
  QCOMPARE(selection.primaryAction(), std::optional<std::uint32_t>(ran.front()));
  // The window hands it back: the clicked decision stays the one selected.
  pane.setSelection(selection);
  QCOMPARE(asked.count(), 1);
  QCOMPARE(pane.decisionTable()->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(pane.decisionTable()->selectionModel()->selectedRows().front().row(), 2);
  // A decision that ran nothing (the clock moved) asks for nothing.
  pane.decisionTable()->selectRow(1);
  QCOMPARE(pane.decisionModel()->index(1, DecisionModel::MoveColumn).data().toString(), QString("clock moved to 10 ms"));
  QCOMPARE(asked.count(), 1);
}

void SchedulerPaneTests::setSelectionHighlightsRowsOfTheAction() {
  const auto document = test::exampleDocument("debounce-storm.tsg.json");
  const auto save = static_cast<std::uint32_t>(*document->findAction("save"));
  const auto preview = static_cast<std::uint32_t>(*document->findAction("preview"));
  auto runner = test::runnerFor(document);
  SchedulerPane pane;
  pane.setSnapshot(test::snapshotAfter(*runner, 17));  // save's timer armed; save ran at step 2
  QSignalSpy asked(&pane, &SchedulerPane::selectionRequested);
  auto selectedTexts = [](const QTableView* table, int c) {
    QStringList out;
    for (const QModelIndex& i : table->selectionModel()->selectedRows(c)) out << i.data().toString();
    out.sort();
    return out;
  };
  pane.setSelection(Selection::ofAction(save));
  QCOMPARE(selectedTexts(pane.timerTable(), TimerModel::WakesColumn), QStringList{"debounce of save"});
  QCOMPARE(selectedTexts(pane.decisionTable(), DecisionModel::StepColumn), QStringList{"2"});
  QCOMPARE(pane.decisionTable()->currentIndex().siblingAtColumn(0).data().toString(), QString("2"));
  pane.setSelection(Selection::ofAction(preview));
  QVERIFY(selectedTexts(pane.timerTable(), 0).isEmpty());
  QCOMPARE(selectedTexts(pane.decisionTable(), DecisionModel::StepColumn), (QStringList{"1", "11", "14", "17", "5", "8"}));
  QCOMPARE(asked.count(), 0);
  // New rows follow the selection: save runs again at step 20.
  pane.setSelection(Selection::ofAction(save));
  pane.setSnapshot(test::snapshotAfter(*runner, 20));
  QCOMPARE(selectedTexts(pane.decisionTable(), DecisionModel::StepColumn), (QStringList{"2", "20"}));
  QCOMPARE(asked.count(), 0);
  pane.setSelection({});
  QVERIFY(pane.decisionTable()->selectionModel()->selectedRows().isEmpty());
  QCOMPARE(asked.count(), 0);
}

void SchedulerPaneTests::copiesRowsAsCsv() {
  SchedulerPane pane;
  pane.setSnapshot(test::snapshotAfter(*test::runnerFor(test::exampleDocument("diamond.tsg.json")), 3));
  const QString header = "Step,Time ms,Move,Label,Ran\n";
  QCOMPARE(SchedulerPane::rowsAsCsv(*pane.decisionTable()),
           header + "3,10,event 1 applied,,\n2,6,clock moved to 10 ms,,\n1,0,task 1 picked among 1,ui,\"left, right, join, show\"\n");
  pane.decisionTable()->selectRow(1);
  QCOMPARE(SchedulerPane::rowsAsCsv(*pane.decisionTable()), header + "2,6,clock moved to 10 ms,,\n");
  // Ctrl+C on the focused table, and the same action in its context menu.
  pane.show();
  QVERIFY(QTest::qWaitForWindowActive(&pane));
  pane.decisionTable()->setFocus();
  QGuiApplication::clipboard()->clear();
  QTest::keyClick(pane.decisionTable(), Qt::Key_C, Qt::ControlModifier);
  QCOMPARE(QGuiApplication::clipboard()->text(), header + "2,6,clock moved to 10 ms,,\n");
  for (QTableView* table : {pane.readyTable(), pane.timerTable(), pane.decisionTable()}) {
    QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);
    QCOMPARE(table->actions().size(), 1);
    QCOMPARE(table->actions().front()->text(), QString("Copy as CSV"));
    QCOMPARE(table->actions().front()->shortcut(), QKeySequence(QKeySequence::Copy));
  }
  pane.readyTable()->actions().front()->trigger();  // event 1 made show pending again
  QCOMPARE(QGuiApplication::clipboard()->text(), QString("Task,Label,Session,Deprioritized,What\n1,ui,,no,actions labelled ui (1 pending)\n"));
}

void SchedulerPaneTests::screenReaderReadsThePane() {
  auto runner = test::runnerFor(test::documentFromJson(kLabels));
  SchedulerPane pane;
  pane.setSnapshot(snap(*runner));
  pane.show();
  struct Expected {
    QTableView* table;
    const char* name;
    int columns;
  };
  for (const Expected& e : {Expected{pane.readyTable(), "Ready queue", 5}, Expected{pane.timerTable(), "Timers", 5},
                            Expected{pane.decisionTable(), "Last decisions", 5}}) {
    QAccessibleInterface* table = QAccessible::queryAccessibleInterface(e.table);
    QVERIFY(table);
    QCOMPARE(table->role(), QAccessible::Table);
    QCOMPARE(table->text(QAccessible::Name), QString(e.name));
    QVERIFY(table->tableInterface());
    QCOMPARE(table->tableInterface()->columnCount(), e.columns);
  }
  QAccessibleTableInterface* ready = QAccessible::queryAccessibleInterface(pane.readyTable())->tableInterface();
  QCOMPARE(ready->rowCount(), 2);
  QCOMPARE(ready->columnDescription(4), QString("What"));
  QCOMPARE(ready->cellAt(1, 4)->text(QAccessible::Name), QString("actions labelled net (2 pending)"));
  QCOMPARE(ready->cellAt(1, 3)->text(QAccessible::Name), QString("yes"));

  QAccessibleInterface* labels = QAccessible::queryAccessibleInterface(pane.labelList());
  QCOMPARE(labels->role(), QAccessible::List);
  QCOMPARE(labels->text(QAccessible::Name), QString("Task labels"));
  QCOMPARE(labels->childCount(), 2);
  QAccessibleInterface* net = labels->child(0);
  QCOMPARE(net->text(QAccessible::Name), QString("net"));
  QVERIFY(net->state().checkable);
  QVERIFY(net->state().checked);
  QVERIFY(!labels->child(1)->state().checked);

  QAccessibleInterface* clock = QAccessible::queryAccessibleInterface(pane.clockLabel());
  QCOMPARE(clock->role(), QAccessible::StaticText);
  QCOMPARE(clock->text(QAccessible::Name), QString("Clock 0 ms"));
}

void SchedulerPaneTests::columnsFitTheirTexts() {
  // At a dock's usual size, mid-run, no column but the last (which stretches) cuts its
  // header or its cells. TICKSCOPE_SCREENSHOTS=DIR saves what it looked at.
  const std::pair<QString, std::shared_ptr<const graph::GraphDocument>> documents[] = {
      {"debounce-storm", test::exampleDocument("debounce-storm.tsg.json")},
      {"request-dangling", test::exampleDocument("request-dangling.tsg.json")},
      {"slow-cycle", test::exampleDocument("slow-cycle.tsg.json")},
      {"labels", test::documentFromJson(kLabels)}};
  for (const auto& [file, document] : documents) {
    SchedulerPane pane;
    pane.resize(700, 400);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto runner = test::runnerFor(document);  // step by step, as the debugger shows a run
    pane.setSnapshot(snap(*runner));
    for (int i = 0; i < 16 && runner->step(); ++i) pane.setSnapshot(snap(*runner));
    QCoreApplication::sendPostedEvents();  // the layout requests the new texts made
    for (QLabel* label : {pane.clockLabel(), pane.phaseLabel(), pane.nextMoveLabel()})
      QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(file + ": " + label->text()));
    if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOTS"); !dir.isEmpty())
      QVERIFY(pane.grab().save(QString("%1/scheduler-%2.png").arg(QString::fromLocal8Bit(dir), file)));
    QCOMPARE(pane.labelList()->isVisible(), pane.labelModel()->rowCount() > 0);  // no room wasted on no labels
    for (QTableView* table : {pane.readyTable(), pane.timerTable(), pane.decisionTable()}) {
      QVERIFY2(table->height() >= 3 * table->verticalHeader()->defaultSectionSize(), table->accessibleName().toUtf8());
      for (int c = 0; c + 1 < table->model()->columnCount(); ++c) {
        const QString what = QString("%1 / %2 column %3").arg(file, table->accessibleName()).arg(c);
        QVERIFY2(table->columnWidth(c) >= table->horizontalHeader()->sectionSizeHint(c), qPrintable(what));
        QVERIFY2(table->columnWidth(c) >= static_cast<const QAbstractItemView*>(table)->sizeHintForColumn(c), qPrintable(what));
        for (int r = 0; r < table->model()->rowCount(); ++r) {  // the rows scrolled away too
          const QString text = table->model()->index(r, c).data().toString();
          QVERIFY2(table->columnWidth(c) > table->fontMetrics().horizontalAdvance(text), qPrintable(what + ": " + text));
        }
      }
      // Nothing to scroll sideways: the columns fit the pane.
      QVERIFY2(!table->horizontalScrollBar()->isVisible(), qPrintable(file + " / " + table->accessibleName()));
    }
  }
}

QTEST_MAIN(SchedulerPaneTests)
#include "scheduler_pane_tests.moc"
