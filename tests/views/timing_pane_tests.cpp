// The Timing pane: spec section 7's columns, numbers equal to the report's, numeric sorting,
// filters, CSV, the shared selection, and what a screen reader reads.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>

#include "format.h"
#include "timing_filter_model.h"
#include "timing_model.h"
#include "timing_pane.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// Costs whose texts sort differently from their numbers (9 < 10 < 100, "10" < "100" < "9").
const char* const kCosts = R"({
  "tickscope": 1, "name": "costs", "cells": { "a": 1 },
  "actions": [
    { "id": "nine", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a + 1", "costMs": 9 },
    { "id": "ten", "kind": "computation", "reads": ["b"], "writes": ["c"], "expr": "b * 2", "costMs": 10 },
    { "id": "hundred", "kind": "effect", "reads": ["c"], "costMs": 100 },
    { "id": "show", "kind": "effect", "reads": ["a"], "costMs": 0.5 }
  ],
  "events": [ { "atMs": 500, "set": { "a": 2 } } ]
})";

QStringList column(const QAbstractItemModel& m, int c) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, c).data().toString();
  return out;
}

}  // namespace

class TimingPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void columnsAreTheSpecs();
  void modelPassesTheTesterWhileStepping();
  void numbersEqualTheReport_data();
  void numbersEqualTheReport();
  void sortsOnRawNumbers();
  void filtersByNameAndKind();
  void copiesRowsAsCsv();
  void selectionIsShared();
  void screenReaderReadsTheTable();
};

void TimingPaneTests::columnsAreTheSpecs() {
  TimingModel model;
  QStringList headers;
  for (int c = 0; c < model.columnCount(); ++c) headers << model.headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Action", "Kind", "Runs", "Average ms", "Last ms", "Total ms", "Min ms", "Max ms",
                                 "Debounce ms", "Auto-debounced"}));
}

void TimingPaneTests::modelPassesTheTesterWhileStepping() {
  TimingModel model;
  TimingFilterModel proxy;
  proxy.setSourceModel(&model);
  proxy.sort(TimingModel::TotalColumn, Qt::DescendingOrder);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
  auto runner = test::runnerFor(test::exampleDocument("debounce-storm.tsg.json"));
  model.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QCOMPARE(model.rowCount(), 2);
  int changes = 0;
  connect(&model, &QAbstractItemModel::dataChanged, this, [&] { ++changes; });
  while (runner->step()) model.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QVERIFY(changes > 0);
  proxy.setNameFilter("sa");
  QCOMPARE(proxy.rowCount(), 1);
  model.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("diamond.tsg.json"))));  // another document
  model.setSnapshot(nullptr);
  QCOMPARE(model.rowCount(), 0);
}

void TimingPaneTests::numbersEqualTheReport_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("mode");
  for (const char* f : {"diamond.tsg.json", "auto-debounce.tsg.json", "debounce-storm.tsg.json", "newton-cycle.tsg.json",
                        "avoidable-work.tsg.json", "slow-cycle.tsg.json"}) {
    QTest::addRow("%s pull", f) << f << int(graph::Mode::Pull);
    QTest::addRow("%s push", f) << f << int(graph::Mode::Push);
  }
}

void TimingPaneTests::numbersEqualTheReport() {
  QFETCH(QString, file);
  QFETCH(int, mode);
  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()), static_cast<graph::Mode>(mode));
  TimingModel model;
  model.setSnapshot(test::snapshotAtEnd(*runner));
  const trace::Report report = runner->report();
  QCOMPARE(model.rowCount(), static_cast<int>(report.actions.size()));
  for (int r = 0; r < model.rowCount(); ++r) {
    const trace::ActionReport& a = report.actions[static_cast<std::size_t>(r)];
    auto text = [&](int c) { return model.index(r, c).data().toString(); };
    QCOMPARE(text(TimingModel::ActionColumn), QString::fromStdString(a.id));
    QCOMPARE(text(TimingModel::KindColumn), QString::fromStdString(a.kind));
    QCOMPARE(text(TimingModel::RunsColumn), QString::number(a.runCount));
    QCOMPARE(text(TimingModel::AverageColumn), formatNumber(a.averageMs));
    QCOMPARE(text(TimingModel::LastColumn), formatNumber(a.lastRunMs));
    QCOMPARE(text(TimingModel::TotalColumn), formatNumber(a.totalMs));
    QCOMPARE(text(TimingModel::MinColumn), formatNumber(a.minMs));
    QCOMPARE(text(TimingModel::MaxColumn), formatNumber(a.maxMs));
    QCOMPARE(text(TimingModel::DebounceColumn), formatNumber(a.debounceMs));
    QCOMPARE(text(TimingModel::AutoDebouncedColumn), a.autoDebounced ? QString("yes") : QString("no"));
  }
}

void TimingPaneTests::sortsOnRawNumbers() {
  TimingPane pane;
  auto runner = test::runnerFor(test::documentFromJson(kCosts));
  pane.setSnapshot(test::snapshotAtEnd(*runner));
  QCOMPARE(column(*pane.proxy(), TimingModel::ActionColumn), (QStringList{"nine", "ten", "hundred", "show"}));  // file order
  pane.table()->sortByColumn(TimingModel::MaxColumn, Qt::AscendingOrder);
  QCOMPARE(column(*pane.proxy(), TimingModel::MaxColumn), (QStringList{"0.5", "9", "10", "100"}));
  pane.table()->sortByColumn(TimingModel::MaxColumn, Qt::DescendingOrder);
  QCOMPARE(column(*pane.proxy(), TimingModel::ActionColumn), (QStringList{"hundred", "ten", "nine", "show"}));
  pane.table()->sortByColumn(TimingModel::ActionColumn, Qt::AscendingOrder);
  QCOMPARE(column(*pane.proxy(), TimingModel::ActionColumn), (QStringList{"hundred", "nine", "show", "ten"}));
}

void TimingPaneTests::filtersByNameAndKind() {
  TimingPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kCosts))));
  pane.nameFilter()->setText("N");  // case-insensitive: nine, ten, hundred
  QCOMPARE(column(*pane.proxy(), 0), (QStringList{"nine", "ten", "hundred"}));
  pane.kindFilter()->setCurrentIndex(2);  // effects
  QCOMPARE(column(*pane.proxy(), 0), (QStringList{"hundred"}));
  pane.nameFilter()->clear();
  QCOMPARE(column(*pane.proxy(), 0), (QStringList{"hundred", "show"}));
  pane.kindFilter()->setCurrentIndex(1);  // computations
  QCOMPARE(column(*pane.proxy(), 0), (QStringList{"nine", "ten"}));
}

void TimingPaneTests::copiesRowsAsCsv() {
  TimingPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kCosts))));
  const QString header = "Action,Kind,Runs,Average ms,Last ms,Total ms,Min ms,Max ms,Debounce ms,Auto-debounced\n";
  const QStringList all = pane.rowsAsCsv().split('\n', Qt::SkipEmptyParts);
  QCOMPARE(all.size(), 5);
  QCOMPARE(all[0] + "\n", header);
  QCOMPARE(all[1], QString("nine,computation,2,9,9,18,9,9,0,no"));
  pane.table()->selectRow(3);
  QCOMPARE(pane.rowsAsCsv(), header + "show,effect,2,0.5,0.5,1,0.5,0.5,0,no\n");
  pane.copyAsCsv();
  QCOMPARE(QGuiApplication::clipboard()->text(), header + "show,effect,2,0.5,0.5,1,0.5,0.5,0,no\n");
}

void TimingPaneTests::selectionIsShared() {
  TimingPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kCosts))));
  pane.table()->sortByColumn(TimingModel::MaxColumn, Qt::DescendingOrder);  // hundred, ten, nine, show
  QList<Selection> asked;
  connect(&pane, &TimingPane::selectionRequested, this, [&](const Selection& s) { asked << s; });
  pane.table()->selectRow(1);
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked.back(), Selection::ofAction(1));  // "ten" is action 1 whatever the sort
  // A selection made elsewhere selects its rows, and asks for nothing.
  pane.setSelection(Selection::ofActions({3, 0}));
  QCOMPARE(asked.size(), 1);
  QStringList selected;
  for (const QModelIndex& i : pane.table()->selectionModel()->selectedRows()) selected << i.data().toString();
  selected.sort();
  QCOMPARE(selected, (QStringList{"nine", "show"}));
  QCOMPARE(pane.table()->currentIndex().data().toString(), QString("show"));
}

void TimingPaneTests::screenReaderReadsTheTable() {
  TimingPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kCosts))));
  pane.show();
  QAccessibleInterface* table = QAccessible::queryAccessibleInterface(pane.table());
  QVERIFY(table);
  QCOMPARE(table->role(), QAccessible::Table);
  QCOMPARE(table->text(QAccessible::Name), QString("Timing"));
  QAccessibleTableInterface* cells = table->tableInterface();
  QVERIFY(cells);
  QCOMPARE(cells->columnCount(), 10);
  QCOMPARE(cells->rowCount(), 4);
  QCOMPARE(cells->columnDescription(3), QString("Average ms"));
  QCOMPARE(cells->cellAt(2, 5)->text(QAccessible::Name), QString("200"));  // hundred: 2 runs of 100
  QAccessibleInterface* filter = QAccessible::queryAccessibleInterface(pane.nameFilter());
  QCOMPARE(filter->text(QAccessible::Name), QString("Filter by name"));
  // Every button has a name, the filter's clear button too.
  for (QToolButton* b : pane.findChildren<QToolButton*>())
    QVERIFY2(!QAccessible::queryAccessibleInterface(b)->text(QAccessible::Name).isEmpty(), qPrintable(b->objectName()));
}

QTEST_MAIN(TimingPaneTests)
#include "timing_pane_tests.moc"
