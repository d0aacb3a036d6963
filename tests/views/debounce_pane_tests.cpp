// The Debounce pane: the debounce timers with their countdowns and counts, checked step by
// step against a second, recorded run of the same file (its DebounceArmed/Restarted/Fired
// events, not the journal the pane reads); the auto-debounce decisions and their reasons;
// numeric sorting; the shared selection; CSV; what a screen reader reads; and both models
// under QAbstractItemModelTester while a run steps.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QAction>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <cmath>
#include <variant>

#include "auto_debounce_model.h"
#include "debounce_model.h"
#include "debounce_pane.h"
#include "format.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// Debounce delays whose texts sort differently from their numbers ("10" < "100" < "9").
const char* const kDelays = R"({
  "tickscope": 1, "name": "delays", "cells": { "a": 1 },
  "actions": [
    { "id": "nine", "kind": "effect", "reads": ["a"], "expr": "a", "debounceMs": 9 },
    { "id": "hundred", "kind": "effect", "reads": ["a"], "expr": "a", "debounceMs": 100 },
    { "id": "plain", "kind": "effect", "reads": ["a"], "expr": "a" },
    { "id": "ten", "kind": "effect", "reads": ["a"], "expr": "a", "debounceMs": 10 }
  ],
  "events": [ { "atMs": 5, "set": { "a": 2 } } ]
})";

QStringList column(const QAbstractItemModel& m, int c) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, c).data().toString();
  return out;
}

int rowOf(const QAbstractItemModel& m, const QString& action) {
  for (int r = 0; r < m.rowCount(); ++r) {
    if (m.index(r, DebounceModel::ActionColumn).data().toString() == action) return r;
  }
  return -1;
}

std::shared_ptr<const run::RunSnapshot> snap(const run::Runner& runner) {
  return std::make_shared<const run::RunSnapshot>(runner.snapshot());
}

// Recorded: a run of the same file with a trace::Recorder, whose debounce events of one
// action are counted here as the pane's columns define them.
struct Recorded {
  explicit Recorded(const std::string& file, std::string action) : action(std::move(action)) {
    run::RunOptions options;
    options.recorderCapacity = 1'000'000;
    runner = std::make_unique<run::Runner>(test::exampleDocument(file), options);
  }
  bool step() {
    if (!runner->step()) return false;
    const auto& events = runner->recorder()->events();
    for (; seen < events.size(); ++seen) {
      const auto* e = std::get_if<trace::ReactiveEvent>(&events[seen]);
      if (!e) continue;
      using K = trace::ReactiveEventKind;
      if (e->kind == K::AutoDebounced) autoDebounced.push_back({runner->steps(), *e});
      if (e->actionName != action) continue;
      switch (e->kind) {
        case K::DebounceArmed:
          ++armed;
          restartsNow = 0;
          deadlineMs = sched::toMs(e->deadline);
          break;
        case K::DebounceRestarted:
          ++restarts;
          ++restartsNow;
          deadlineMs = sched::toMs(e->deadline);
          break;
        case K::DebounceFired:
        case K::DebounceCancelled:
          fired += e->kind == K::DebounceFired;
          restartsNow = 0;
          deadlineMs = run::kNoTime;
          break;
        default:
          break;
      }
    }
    return true;
  }

  std::string action;
  std::unique_ptr<run::Runner> runner;
  std::size_t seen = 0;
  std::uint64_t armed = 0, restarts = 0, fired = 0, restartsNow = 0;
  double deadlineMs = run::kNoTime;
  std::vector<std::pair<std::uint64_t, trace::ReactiveEvent>> autoDebounced;  // (step, event)
};

}  // namespace

class DebouncePaneTests : public QObject {
  Q_OBJECT
 private slots:
  void columnsAndAccessibleNames();
  void modelsPassTheTesterWhileStepping_data();
  void modelsPassTheTesterWhileStepping();
  void debounceStormCountsWhatTheRunDid();
  void autoDebounceShowsItsDecision();
  void sortsOnRawNumbers();
  void selectionIsShared();
  void copiesRowsAsCsv();
  void screenReaderReadsTheTables();
  void columnsFitTheirTexts();
};

void DebouncePaneTests::columnsAndAccessibleNames() {
  DebouncePane pane;
  QStringList headers;
  for (int c = 0; c < pane.debounceModel()->columnCount(); ++c)
    headers << pane.debounceModel()->headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Action", "Delay ms", "Kind", "Armed", "Deadline ms", "Left ms", "Restarts", "Armed total",
                                 "Restarts total", "Fired total"}));
  headers.clear();
  for (int c = 0; c < pane.autoDebounceModel()->columnCount(); ++c)
    headers << pane.autoDebounceModel()->headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Step", "Time ms", "Action", "Runs", "Average ms", "Threshold ms", "Delay ms", "Reason"}));
  QCOMPARE(pane.debounceTable()->accessibleName(), QString("Debounce timers"));
  QCOMPARE(pane.autoDebounceTable()->accessibleName(), QString("Auto-debounce decisions"));
  QCOMPARE(pane.summaryLabel()->text(), QString("No document"));
}

void DebouncePaneTests::modelsPassTheTesterWhileStepping_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("maxSteps");
  QTest::newRow("debounce-storm") << "debounce-storm.tsg.json" << 1000;
  QTest::newRow("auto-debounce") << "auto-debounce.tsg.json" << 1000;
  QTest::newRow("request-dangling") << "request-dangling.tsg.json" << 1000;
  QTest::newRow("slow-cycle") << "slow-cycle.tsg.json" << 1000;
  QTest::newRow("grid-10000") << "grid-10000.tsg.json" << 300;
}

void DebouncePaneTests::modelsPassTheTesterWhileStepping() {
  QFETCH(QString, file);
  QFETCH(int, maxSteps);
  DebouncePane pane;  // the views and the sorting proxies read the models too
  pane.resize(700, 400);
  pane.show();
  pane.debounceTable()->sortByColumn(DebounceModel::LeftColumn, Qt::AscendingOrder);
  using Tester = QAbstractItemModelTester;
  Tester debounces(pane.debounceModel(), Tester::FailureReportingMode::QtTest);
  Tester autos(pane.autoDebounceModel(), Tester::FailureReportingMode::QtTest);
  Tester debounceProxy(pane.debounceProxy(), Tester::FailureReportingMode::QtTest);
  Tester autoProxy(pane.autoDebounceProxy(), Tester::FailureReportingMode::QtTest);

  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()));
  pane.setSnapshot(snap(*runner));
  int resets = 0;
  for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{pane.debounceModel(), pane.autoDebounceModel()})
    connect(m, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
  for (int i = 0; i < maxSteps && runner->step(); ++i) {
    const auto s = snap(*runner);
    pane.setSnapshot(s);
    QCOMPARE(pane.debounceModel()->rowCount(), static_cast<int>(s->debounces.size()));
    for (std::size_t r = 0; r < s->debounces.size(); ++r) {
      const QModelIndex row = pane.debounceModel()->index(static_cast<int>(r), 0);
      QCOMPARE(row.data(DebounceModel::ActionRole).toUInt(), s->debounces[r].action);
      QCOMPARE(row.siblingAtColumn(DebounceModel::LeftColumn).data().toString(), formatNumber(s->debounces[r].leftMs));
    }
    QCOMPARE(pane.autoDebounceModel()->rowCount(), static_cast<int>(s->autoDebounces.size()));
  }
  QCOMPARE(resets, 0);  // one document: rows change in place
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("auto-debounce.tsg.json"))));
  pane.setSnapshot(nullptr);
  QCOMPARE(pane.debounceModel()->rowCount(), 0);
  QCOMPARE(pane.autoDebounceModel()->rowCount(), 0);
}

void DebouncePaneTests::debounceStormCountsWhatTheRunDid() {
  // The pane reads the journal of one runner; a second one records the trace events.
  Recorded expected("debounce-storm.tsg.json", "save");
  auto runner = test::runnerFor(test::exampleDocument("debounce-storm.tsg.json"));
  DebouncePane pane;
  pane.setSnapshot(snap(*runner));
  const DebounceModel& m = *pane.debounceModel();
  QCOMPARE(column(m, DebounceModel::ActionColumn), QStringList{"save"});  // preview is not debounced
  auto text = [&](int c) { return m.index(0, c).data().toString(); };
  QCOMPARE(text(DebounceModel::DelayColumn), QString("100"));
  QCOMPARE(text(DebounceModel::KindColumn), QString("manual"));
  int armedSteps = 0;
  int maxRestartsNow = 0;
  while (runner->step()) {
    QVERIFY(expected.step());
    const double now = runner->nowMs();
    pane.setSnapshot(snap(*runner));
    const QByteArray where = QByteArray("step ") + QByteArray::number(runner->steps());
    const bool armed = !std::isnan(expected.deadlineMs);
    QVERIFY2(text(DebounceModel::ArmedColumn) == (armed ? "yes" : "no"), where);
    QVERIFY2(text(DebounceModel::DeadlineColumn) == formatNumber(expected.deadlineMs), where);
    QVERIFY2(text(DebounceModel::LeftColumn) == (armed ? formatNumber(expected.deadlineMs - now) : QString()), where);
    QVERIFY2(text(DebounceModel::RestartsColumn) == QString::number(expected.restartsNow), where);
    QVERIFY2(text(DebounceModel::ArmedTotalColumn) == QString::number(expected.armed), where);
    QVERIFY2(text(DebounceModel::RestartsTotalColumn) == QString::number(expected.restarts), where);
    QVERIFY2(text(DebounceModel::FiredTotalColumn) == QString::number(expected.fired), where);
    armedSteps += armed;
    maxRestartsNow = std::max(maxRestartsNow, static_cast<int>(expected.restartsNow));
  }
  QVERIFY(armedSteps > 10);
  // resources/examples/README.md: two bursts (5 writes at 100..140 ms, 6 at 1000..1100 ms),
  // each arming save's timer once, restarting it on every later write, firing once.
  QCOMPARE(maxRestartsNow, 5);
  QCOMPARE(text(DebounceModel::ArmedTotalColumn), QString("2"));
  QCOMPARE(text(DebounceModel::RestartsTotalColumn), QString("9"));
  QCOMPARE(text(DebounceModel::FiredTotalColumn), QString("2"));
  QCOMPARE(text(DebounceModel::ArmedColumn), QString("no"));
  QCOMPARE(text(DebounceModel::RestartsColumn), QString("0"));
  QCOMPARE(pane.autoDebounceModel()->rowCount(), 0);
}

void DebouncePaneTests::autoDebounceShowsItsDecision() {
  Recorded expected("auto-debounce.tsg.json", "search");
  while (expected.step()) {
  }
  QCOMPARE(expected.autoDebounced.size(), std::size_t{1});
  const auto& [step, event] = expected.autoDebounced.front();
  QCOMPARE(QString::fromStdString(event.actionName), QString("search"));

  DebouncePane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("auto-debounce.tsg.json"))));
  const AutoDebounceModel& m = *pane.autoDebounceModel();
  QCOMPARE(m.rowCount(), 1);
  auto text = [&](int c) { return m.index(0, c).data().toString(); };
  QCOMPARE(text(AutoDebounceModel::StepColumn), QString::number(step));
  QCOMPARE(text(AutoDebounceModel::TimeColumn), formatNumber(sched::toMs(event.at)));
  QCOMPARE(text(AutoDebounceModel::ActionColumn), QString("search"));
  // The file: search costs 60 ms, threshold 50 ms, after minRuns 3, debounced by 100 ms.
  QCOMPARE(text(AutoDebounceModel::RunsColumn), QString("3"));
  QCOMPARE(text(AutoDebounceModel::AverageColumn), QString("60"));
  QCOMPARE(text(AutoDebounceModel::ThresholdColumn), QString("50"));
  QCOMPARE(text(AutoDebounceModel::DelayColumn), QString("100"));
  QCOMPARE(text(AutoDebounceModel::ReasonColumn), QString("average 60 ms >= threshold 50 ms after 3 runs (min 3)"));
  QCOMPARE(m.index(0, 0).data(AutoDebounceModel::ActionRole).toUInt(), 0u);
  // Its timer row says it is automatic now (the report: autoDebounced, debounceMs 100).
  const int row = rowOf(*pane.debounceModel(), "search");
  QVERIFY(row >= 0);
  QCOMPARE(pane.debounceModel()->index(row, DebounceModel::KindColumn).data().toString(), QString("automatic"));
  QCOMPARE(pane.debounceModel()->index(row, DebounceModel::DelayColumn).data().toString(), QString("100"));
  QCOMPARE(rowOf(*pane.debounceModel(), "echo"), -1);  // cheap: never debounced
  QCOMPARE(pane.summaryLabel()->text(), QString("1 debounced action, 0 armed now; clock %1 ms").arg(formatNumber(pane.debounceModel()->snapshot()->nowMs)));
  QCOMPARE(pane.findChild<QLabel*>("autoDebounceCaption")->text(),
           QString("Auto-debounce decisions: 1 (rule: average >= 50 ms after 3 runs: debounce 100 ms)"));
}

void DebouncePaneTests::sortsOnRawNumbers() {
  DebouncePane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kDelays))));
  const QSortFilterProxyModel& proxy = *pane.debounceProxy();
  QCOMPARE(column(proxy, DebounceModel::ActionColumn), (QStringList{"nine", "hundred", "ten"}));  // file order
  pane.debounceTable()->sortByColumn(DebounceModel::DelayColumn, Qt::AscendingOrder);
  QCOMPARE(column(proxy, DebounceModel::DelayColumn), (QStringList{"9", "10", "100"}));
  pane.debounceTable()->sortByColumn(DebounceModel::DelayColumn, Qt::DescendingOrder);
  QCOMPARE(column(proxy, DebounceModel::ActionColumn), (QStringList{"hundred", "ten", "nine"}));
  pane.debounceTable()->sortByColumn(DebounceModel::ActionColumn, Qt::AscendingOrder);
  QCOMPARE(column(proxy, DebounceModel::ActionColumn), (QStringList{"hundred", "nine", "ten"}));
  // The event at 5 ms arms the three timers (9, 100 and 10 ms left); once nine's fired,
  // the timers not armed sort after every armed one.
  auto runner = test::runnerFor(test::documentFromJson(kDelays));
  while (runner->lastMove().kind != run::MoveKind::EventApplied) QVERIFY(runner->step());
  DebouncePane armed;
  armed.debounceTable()->sortByColumn(DebounceModel::LeftColumn, Qt::AscendingOrder);
  armed.setSnapshot(snap(*runner));
  QCOMPARE(column(*armed.debounceProxy(), DebounceModel::LeftColumn), (QStringList{"9", "10", "100"}));
  while (runner->lastMove().kind != run::MoveKind::Decision || runner->nowMs() < 14) QVERIFY(runner->step());
  armed.setSnapshot(snap(*runner));
  QCOMPARE(column(*armed.debounceProxy(), DebounceModel::ActionColumn), (QStringList{"ten", "hundred", "nine"}));
  QCOMPARE(column(*armed.debounceProxy(), DebounceModel::LeftColumn), (QStringList{"1", "91", ""}));
}

void DebouncePaneTests::selectionIsShared() {
  DebouncePane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("auto-debounce.tsg.json"))));
  QSignalSpy asked(&pane, &DebouncePane::selectionRequested);
  pane.autoDebounceTable()->selectRow(0);
  QCOMPARE(asked.count(), 1);
  QCOMPARE(asked.at(0).at(0).value<Selection>(), Selection::ofAction(0));  // search
  pane.debounceTable()->selectRow(0);
  QCOMPARE(asked.count(), 2);
  QCOMPARE(asked.at(1).at(0).value<Selection>(), Selection::ofAction(0));
  // A selection made elsewhere selects the action's rows in both tables, and asks for nothing.
  pane.setSelection(Selection::ofAction(1));  // echo: in neither table
  QVERIFY(pane.debounceTable()->selectionModel()->selectedRows().isEmpty());
  QVERIFY(pane.autoDebounceTable()->selectionModel()->selectedRows().isEmpty());
  pane.setSelection(Selection::ofAction(0));
  QCOMPARE(pane.debounceTable()->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(pane.autoDebounceTable()->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(asked.count(), 2);
  // Sorted, a row still selects its own action.
  DebouncePane delays;
  delays.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kDelays))));
  delays.debounceTable()->sortByColumn(DebounceModel::DelayColumn, Qt::DescendingOrder);  // hundred, ten, nine
  QSignalSpy delaysAsked(&delays, &DebouncePane::selectionRequested);
  delays.debounceTable()->selectRow(1);
  QCOMPARE(delaysAsked.at(0).at(0).value<Selection>(), Selection::ofAction(3));  // ten
}

void DebouncePaneTests::copiesRowsAsCsv() {
  DebouncePane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("debounce-storm.tsg.json"))));
  const QString header = "Action,Delay ms,Kind,Armed,Deadline ms,Left ms,Restarts,Armed total,Restarts total,Fired total\n";
  QCOMPARE(DebouncePane::rowsAsCsv(*pane.debounceTable()), header + "save,100,manual,no,,,0,2,9,2\n");
  pane.show();
  QVERIFY(QTest::qWaitForWindowActive(&pane));
  pane.debounceTable()->setFocus();
  QGuiApplication::clipboard()->clear();
  QTest::keyClick(pane.debounceTable(), Qt::Key_C, Qt::ControlModifier);
  QCOMPARE(QGuiApplication::clipboard()->text(), header + "save,100,manual,no,,,0,2,9,2\n");
  for (QTableView* table : {pane.debounceTable(), pane.autoDebounceTable()}) {
    QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);
    QCOMPARE(table->actions().size(), 1);
    QCOMPARE(table->actions().front()->text(), QString("Copy as CSV"));
    QCOMPARE(table->actions().front()->shortcut(), QKeySequence(QKeySequence::Copy));
  }
  // The reason has no comma: its row is plain CSV.
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("auto-debounce.tsg.json"))));
  pane.autoDebounceTable()->actions().front()->trigger();
  const QStringList lines = QGuiApplication::clipboard()->text().split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 2);
  QCOMPARE(lines[0], QString("Step,Time ms,Action,Runs,Average ms,Threshold ms,Delay ms,Reason"));
  QVERIFY2(lines[1].endsWith(",search,3,60,50,100,average 60 ms >= threshold 50 ms after 3 runs (min 3)"), qPrintable(lines[1]));
}

void DebouncePaneTests::screenReaderReadsTheTables() {
  DebouncePane pane;
  auto runner = test::runnerFor(test::exampleDocument("debounce-storm.tsg.json"));
  pane.setSnapshot(test::snapshotAfter(*runner, 10));  // save armed at 120 ms, due at 220 ms
  pane.show();
  QAccessibleInterface* table = QAccessible::queryAccessibleInterface(pane.debounceTable());
  QVERIFY(table);
  QCOMPARE(table->role(), QAccessible::Table);
  QCOMPARE(table->text(QAccessible::Name), QString("Debounce timers"));
  QAccessibleTableInterface* cells = table->tableInterface();
  QVERIFY(cells);
  QCOMPARE(cells->columnCount(), 10);
  QCOMPARE(cells->rowCount(), 1);
  QCOMPARE(cells->columnDescription(5), QString("Left ms"));
  QCOMPARE(cells->cellAt(0, 0)->text(QAccessible::Name), QString("save"));
  QCOMPARE(cells->cellAt(0, 3)->text(QAccessible::Name), QString("yes"));
  QCOMPARE(cells->cellAt(0, 4)->text(QAccessible::Name), QString("220"));
  QCOMPARE(cells->cellAt(0, 5)->text(QAccessible::Name), QString("100"));
  QAccessibleInterface* autos = QAccessible::queryAccessibleInterface(pane.autoDebounceTable());
  QCOMPARE(autos->role(), QAccessible::Table);
  QCOMPARE(autos->text(QAccessible::Name), QString("Auto-debounce decisions"));
  QCOMPARE(autos->tableInterface()->columnDescription(7), QString("Reason"));
  QAccessibleInterface* summary = QAccessible::queryAccessibleInterface(pane.summaryLabel());
  QCOMPARE(summary->text(QAccessible::Name), QString("1 debounced action, 1 armed now; clock 120 ms"));
}

void DebouncePaneTests::columnsFitTheirTexts() {
  // At a dock's usual size, mid-run, no column but the last (which stretches) cuts its
  // header or its cells. TICKSCOPE_SCREENSHOTS=DIR saves what it looked at.
  const std::pair<const char*, int> runs[] = {
      {"debounce-storm", 16}, {"request-dangling", 16}, {"auto-debounce", 1000}};
  for (const auto& [name, steps] : runs) {
    DebouncePane pane;
    pane.resize(700, 400);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto runner = test::runnerFor(test::exampleDocument(std::string(name) + ".tsg.json"));  // step by step
    pane.setSnapshot(snap(*runner));
    for (int i = 0; i < steps && runner->step(); ++i) pane.setSnapshot(snap(*runner));
    QCoreApplication::sendPostedEvents();  // the layout requests the new texts made
    QVERIFY2(pane.summaryLabel()->width() >= pane.summaryLabel()->sizeHint().width(), qPrintable(pane.summaryLabel()->text()));
    if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOTS"); !dir.isEmpty())
      QVERIFY(pane.grab().save(QString("%1/debounce-%2.png").arg(QString::fromLocal8Bit(dir), name)));
    for (QTableView* table : {pane.debounceTable(), pane.autoDebounceTable()}) {
      QVERIFY2(table->height() >= 3 * table->verticalHeader()->defaultSectionSize(), table->accessibleName().toUtf8());
      const int stretched = table->horizontalHeader()->stretchLastSection() ? 1 : 0;
      for (int c = 0; c + stretched < table->model()->columnCount(); ++c) {
        const QString what = QString("%1 / %2 column %3").arg(name, table->accessibleName()).arg(c);
        const QString header = table->model()->headerData(c, Qt::Horizontal).toString();
        QVERIFY2(table->columnWidth(c) > table->horizontalHeader()->fontMetrics().horizontalAdvance(header), qPrintable(what));
        for (int r = 0; r < table->model()->rowCount(); ++r) {
          const QString text = table->model()->index(r, c).data().toString();
          QVERIFY2(table->columnWidth(c) > table->fontMetrics().horizontalAdvance(text), qPrintable(what + ": " + text));
        }
      }
    }
    // The timers table fits the pane; the decisions' reason may scroll (it is also a tooltip).
    QVERIFY(!pane.debounceTable()->horizontalScrollBar()->isVisible());
    // Sorting makes room for the arrow in the sorted column.
    pane.debounceTable()->sortByColumn(DebounceModel::RestartsTotalColumn, Qt::DescendingOrder);
    QVERIFY(pane.debounceTable()->columnWidth(DebounceModel::RestartsTotalColumn) >=
            pane.debounceTable()->horizontalHeader()->sectionSizeHint(DebounceModel::RestartsTotalColumn));
  }
}

QTEST_MAIN(DebouncePaneTests)
#include "debounce_pane_tests.moc"
