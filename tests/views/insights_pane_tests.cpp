// The Insights pane: one row per finding of the snapshot, in place across steps, selection both
// ways, CSV, a screen reader's names.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QLabel>
#include <QTableView>

#include "insight_model.h"
#include "insights_pane.h"
#include "table_csv.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// withCauses: a runner as the debugger makes it (the debugger attaches a CauseLog).
std::unique_ptr<run::Runner> withCauses(const char* file) {
  run::RunOptions options;
  options.recorderCapacity = 0;
  options.journalSteps = 1000;
  options.recordCauses = true;
  return std::make_unique<run::Runner>(test::exampleDocument(file), options);
}

QStringList column(const QAbstractItemModel& m, int c) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, c).data().toString();
  return out;
}

}  // namespace

class InsightsPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void rowsFollowTheRun();
  void selectingARowSelectsWhatItNames();
  void setSelectionHighlightsRowsWithoutAsking();
  void copyAsCsvAndScreenReader();
};

void InsightsPaneTests::rowsFollowTheRun() {
  InsightsPane pane;
  QAbstractItemModelTester tester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  QCOMPARE(pane.summary()->text(), QString("No document open."));
  auto runner = withCauses("newton-cycle.tsg.json");
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QCOMPARE(column(*pane.model(), InsightModel::KindColumn), QStringList{"effect never ran"});  // step 0: show has not run yet
  // Step by step to the end: rows change in place; at the end, the cycle's wasted run.
  while (runner->step()) pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QCOMPARE(column(*pane.model(), InsightModel::KindColumn), QStringList{"wasted work"});
  QCOMPARE(column(*pane.model(), InsightModel::FindingColumn),
           QStringList{"halfStep ran 4 times without changing its output (4 of its 25 runs)"});
  QCOMPARE(column(*pane.model(), InsightModel::CountColumn), QStringList{"4"});
  QCOMPARE(pane.summary()->text(), QString("1 finding at step %1; select one to select what it names.").arg(runner->steps()));
  auto diamond = withCauses("diamond.tsg.json");
  diamond->runToEnd();
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(diamond->snapshot()));
  QCOMPARE(pane.model()->rowCount(), 0);
  QVERIFY(pane.summary()->text().startsWith("Nothing to point out at step"));
  pane.setSnapshot(nullptr);
  QCOMPARE(pane.model()->rowCount(), 0);
}

void InsightsPaneTests::selectingARowSelectsWhatItNames() {
  InsightsPane pane;
  auto runner = withCauses("avoidable-work.tsg.json");
  runner->runToEnd();
  const auto snapshot = std::make_shared<const run::RunSnapshot>(runner->snapshot());
  pane.setSnapshot(snapshot);
  QSignalSpy asked(&pane, &InsightsPane::selectionRequested);
  QCOMPARE(column(*pane.model(), InsightModel::KindColumn), QStringList{"not demanded"});
  pane.table()->selectRow(0);
  QCOMPARE(asked.count(), 1);
  const auto& doc = *snapshot->document;
  const auto audit = static_cast<std::uint32_t>(*doc.findAction("audit"));
  const auto histogram = static_cast<std::uint32_t>(*doc.findAction("histogram"));
  QCOMPARE(asked.at(0).at(0).value<Selection>(), Selection::ofActions({audit, histogram}));
  // A session's row names no action: it asks for nothing.
  auto dangling = withCauses("request-dangling.tsg.json");
  dangling->runToEnd();
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(dangling->snapshot()));
  QCOMPARE(column(*pane.model(), InsightModel::KindColumn), QStringList{"dangling tasks"});
  pane.table()->selectRow(0);
  QCOMPARE(asked.count(), 1);
}

void InsightsPaneTests::setSelectionHighlightsRowsWithoutAsking() {
  InsightsPane pane;
  auto runner = withCauses("runaway-cycle.tsg.json");
  runner->runToEnd();
  const auto snapshot = std::make_shared<const run::RunSnapshot>(runner->snapshot());
  pane.setSnapshot(snapshot);
  QSignalSpy asked(&pane, &InsightsPane::selectionRequested);
  const auto inc = static_cast<std::uint32_t>(*snapshot->document->findAction("inc"));
  pane.setSelection(Selection::ofAction(inc));
  QCOMPARE(pane.table()->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(pane.table()->selectionModel()->selectedRows().front().siblingAtColumn(InsightModel::KindColumn).data().toString(),
           QString("cycle near its budget"));
  pane.setSelection({});
  QCOMPARE(pane.table()->selectionModel()->selectedRows().size(), 0);
  QCOMPARE(asked.count(), 0);
}

void InsightsPaneTests::copyAsCsvAndScreenReader() {
  InsightsPane pane;
  auto runner = withCauses("runaway-cycle.tsg.json");
  runner->runToEnd();
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QCOMPARE(viewRowsAsCsv(*pane.table()),
           QString("Kind,Finding,Count\ncycle near its budget,\"cycle 1 (inc, dec) needed 20 of its 20 iterations: stopped at the "
                   "limit\",20\n"));
  pane.show();
  QAccessibleInterface* table = QAccessible::queryAccessibleInterface(pane.table());
  QCOMPARE(table->text(QAccessible::Name), QString("Insights"));
  QCOMPARE(table->role(), QAccessible::Table);
  QAccessibleTableInterface* cells = table->tableInterface();
  QVERIFY(cells);
  QCOMPARE(cells->columnCount(), 3);
  QCOMPARE(cells->cellAt(0, 0)->text(QAccessible::Name), QString("cycle near its budget"));
}

QTEST_MAIN(InsightsPaneTests)
#include "insights_pane_tests.moc"
