// The Compare pane: the verdict, both decisions at the first differing step, the per-action
// deltas (sortable on the raw numbers), the differing cells, what a double-click asks for, the
// controls per kind, and a screen reader's names. Comparisons come from real runs.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>

#include "action_delta_model.h"
#include "cell_difference_model.h"
#include "compare_pane.h"
#include "format.h"
#include "run/run_comparison.h"
#include "run/run_digest.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

run::RunDigest digestOf(const char* file, std::uint64_t seed, std::optional<graph::Mode> mode = {}) {
  run::RunOptions o;
  o.seed = seed;
  o.mode = mode;
  o.recorderCapacity = 0;
  return run::digestRun(test::exampleDocument(file), o);
}

// Seeds 0 and the first seed whose outcome differs from it, compared.
std::shared_ptr<const run::RunComparison> orderDependentComparison() {
  const run::RunDigest a = digestOf("order-dependent.tsg.json", 0);
  for (std::uint64_t s = 1; s < 64; ++s) {
    const run::RunDigest b = digestOf("order-dependent.tsg.json", s);
    if (!run::sameOutcome(a.outcome, b.outcome)) return std::make_shared<const run::RunComparison>(run::compareRuns(a, b));
  }
  return nullptr;
}

}  // namespace

class ComparePaneTests : public QObject {
  Q_OBJECT
 private slots:
  void showsADifferentOutcome();
  void showsTheSameOutcome();
  void deltasSortOnNumbers();
  void doubleClickAsksForTheStep();
  void controlsFollowTheKind();
  void screenReaderNames();
};

void ComparePaneTests::showsADifferentOutcome() {
  const auto c = orderDependentComparison();
  QVERIFY(c && c->firstDifferentStep);
  ComparePane pane;
  pane.setDocumentOpen(true);
  QAbstractItemModelTester deltas(pane.actionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester cells(pane.cellModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  pane.setResult(c, "seed 0", QString("seed %1").arg(c->b.seed), true);
  QVERIFY2(pane.verdict()->text().startsWith("<b>Different outcome</b>"), qPrintable(pane.verdict()->text()));
  QVERIFY(pane.verdict()->text().contains(QString("decisions first differ at step %1").arg(*c->firstDifferentStep)));
  QCOMPARE(pane.decisions()->count(), 2);
  QVERIFY(pane.decisions()->item(0)->text().startsWith(QString("A (seed 0): step %1").arg(*c->firstDifferentStep)));
  QVERIFY(pane.decisions()->item(1)->text().contains(QString::fromStdString(c->decisionB->ranNames.front())));
  QCOMPARE(pane.actionModel()->rowCount(), 2);  // stamp, scale
  QCOMPARE(pane.cellModel()->rowCount(), 1);
  QCOMPARE(pane.cellModel()->index(0, CellDifferenceModel::CellColumn).data().toString(), QString("shared"));
  QCOMPARE(pane.cellModel()->index(0, CellDifferenceModel::AColumn).data().toString(),
           formatNumber(*c->cells[0].a));
  QVERIFY(pane.goToStepButton()->isEnabled());
}

void ComparePaneTests::showsTheSameOutcome() {
  const auto c = std::make_shared<const run::RunComparison>(
      run::compareRuns(digestOf("diamond.tsg.json", 1), digestOf("diamond.tsg.json", 2)));
  ComparePane pane;
  pane.setDocumentOpen(true);
  pane.setResult(c, "seed 1", "seed 2", true);
  QVERIFY(pane.verdict()->text().startsWith("<b>Same outcome</b>"));
  QVERIFY(pane.verdict()->text().contains("every step decided alike"));
  QCOMPARE(pane.decisions()->count(), 0);
  QCOMPARE(pane.cellModel()->rowCount(), 0);
  QCOMPARE(pane.actionModel()->rowCount(), 4);
  for (int r = 0; r < 4; ++r) QCOMPARE(pane.actionModel()->index(r, ActionDeltaModel::RunsDeltaColumn).data().toString(), QString("0"));
  QVERIFY(!pane.goToStepButton()->isEnabled());
  pane.clear();
  QCOMPARE(pane.actionModel()->rowCount(), 0);
}

void ComparePaneTests::deltasSortOnNumbers() {
  // avoidable-work pull vs push: audit and histogram run 4 times more in push.
  const auto c = std::make_shared<const run::RunComparison>(run::compareRuns(
      digestOf("avoidable-work.tsg.json", 0, graph::Mode::Pull), digestOf("avoidable-work.tsg.json", 0, graph::Mode::Push)));
  ComparePane pane;
  pane.setResult(c, "pull", "push", true);
  QTableView* table = pane.actionsTable();
  table->sortByColumn(ActionDeltaModel::RunsDeltaColumn, Qt::DescendingOrder);
  const QAbstractItemModel* m = table->model();
  QCOMPARE(m->index(0, ActionDeltaModel::RunsDeltaColumn).data().toString(), QString("+4"));
  QCOMPARE(m->index(1, ActionDeltaModel::RunsDeltaColumn).data().toString(), QString("+4"));
  QStringList top{m->index(0, 0).data().toString(), m->index(1, 0).data().toString()};
  top.sort();
  QCOMPARE(top, (QStringList{"audit", "histogram"}));
  QCOMPARE(m->index(0, ActionDeltaModel::RunsAColumn).data().toString(), QString("0"));
}

void ComparePaneTests::doubleClickAsksForTheStep() {
  const auto c = orderDependentComparison();
  QVERIFY(c);
  ComparePane pane;
  pane.setDocumentOpen(true);
  QSignalSpy asked(&pane, &ComparePane::decisionActivated);
  pane.setResult(c, "seed 0", "seed B", true);
  pane.activateDecision(1);
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked[0][0].toInt(), 1);
  QCOMPARE(asked[0][1].toULongLong(), *c->firstDifferentStep);
  const auto actions = asked[0][2].value<QList<uint>>();
  QCOMPARE(actions.size(), static_cast<qsizetype>(c->decisionB->ran.size()));
  QCOMPARE(actions.front(), c->decisionB->ran.front());
  // Another file's side cannot be opened here.
  pane.setResult(c, "seed 0", "other.tsg.json", false);
  pane.activateDecision(1);
  QCOMPARE(asked.size(), 1);
  QVERIFY(!(pane.decisions()->item(1)->flags() & Qt::ItemIsEnabled));
  pane.goToStepButton()->click();  // A's
  QCOMPARE(asked.size(), 2);
  QCOMPARE(asked[1][0].toInt(), 0);
}

void ComparePaneTests::controlsFollowTheKind() {
  ComparePane pane;
  pane.show();
  QVERIFY(!pane.compareButton()->isEnabled());  // no document
  pane.setDocumentOpen(true);
  QVERIFY(pane.compareButton()->isEnabled());
  QVERIFY(pane.seedABox()->isVisible() && !pane.fileField()->isVisible());
  QSignalSpy asked(&pane, &ComparePane::compareRequested);
  pane.seedABox()->setValue(4);
  pane.seedBBox()->setValue(9);
  pane.compareButton()->click();
  QCOMPARE(asked.size(), 1);
  const auto r = asked[0][0].value<CompareRequest>();
  QVERIFY(r.kind == CompareRequest::Kind::Seeds);
  QCOMPARE(r.seedA, std::uint64_t(4));
  QCOMPARE(r.seedB, std::uint64_t(9));
  pane.kindBox()->setCurrentIndex(2);  // another graph file: needs a name
  QVERIFY(pane.fileField()->isVisible() && !pane.seedABox()->isVisible());
  QVERIFY(!pane.compareButton()->isEnabled());
  pane.fileField()->setText("other.tsg.json");
  QVERIFY(pane.compareButton()->isEnabled());
  pane.setRunning(true);
  QVERIFY(!pane.compareButton()->isEnabled() && pane.cancelButton()->isEnabled());
  QCOMPARE(pane.verdict()->text(), QString("Running both…"));
  pane.setRunning(false);
  QVERIFY(pane.verdict()->text().startsWith("Cancelled"));
}

void ComparePaneTests::screenReaderNames() {
  ComparePane pane;
  pane.show();
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.actionsTable())->text(QAccessible::Name), QString("Per-action deltas"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.cellsTable())->text(QAccessible::Name),
           QString("Cells whose final values differ"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.decisions())->text(QAccessible::Name), QString("First differing step"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.seedABox())->text(QAccessible::Name), QString("Seed A"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.compareButton())->text(QAccessible::Name), QString("Compare"));
}

QTEST_MAIN(ComparePaneTests)
#include "compare_pane_tests.moc"
