// The Sweep pane: the groups of a real sweep, the explanation, "open seed S at step K" from the
// controls, a selected group and a double-click, start/cancel/progress, a screen reader's names.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>

#include "run/sweep.h"
#include "sweep_group_model.h"
#include "sweep_pane.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {
std::shared_ptr<const run::SweepResult> sweepOf(const char* file, std::uint64_t seeds) {
  run::SweepOptions o;
  o.seeds = seeds;
  o.threads = 2;
  return std::make_shared<const run::SweepResult>(run::sweep(test::exampleDocument(file), o));
}
}  // namespace

class SweepPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void showsTwoGroupsAndWhy();
  void showsOneGroup();
  void opensASeedAtAStep();
  void startCancelAndProgress();
  void screenReaderNames();
};

void SweepPaneTests::showsTwoGroupsAndWhy() {
  const auto r = sweepOf("order-dependent.tsg.json", 64);
  QCOMPARE(r->groups.size(), std::size_t(2));
  SweepPane pane;
  pane.show();
  QAbstractItemModelTester tester(pane.groupModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  pane.setDocumentOpen(true, "pull");
  pane.setResult(r);
  QCOMPARE(pane.groupModel()->rowCount(), 2);
  const QAbstractItemModel* m = pane.groupModel();
  QCOMPARE(m->index(0, SweepGroupModel::GroupColumn).data().toInt(), 1);
  QCOMPARE(m->index(0, SweepGroupModel::SeedsColumn).data().toULongLong() +
               m->index(1, SweepGroupModel::SeedsColumn).data().toULongLong(),
           qulonglong(64));
  QVERIFY(m->index(0, SweepGroupModel::ExamplesColumn).data().toString().startsWith("0, "));
  QVERIFY(m->index(1, SweepGroupModel::ExamplesColumn).data().toString().endsWith(", …"));
  QCOMPARE(m->index(1, SweepGroupModel::OutcomeColumn).data().toString(), QString::fromStdString(r->groups[1].summary));
  QVERIFY2(pane.summary()->text().contains("2 different outcomes"), qPrintable(pane.summary()->text()));
  QVERIFY(pane.explanation()->isVisible());
  QVERIFY2(pane.explanation()->text().startsWith(QString("Seeds 0 and %1 first decide differently (seed 0's step %2).")
                                                     .arg(r->groups[1].seeds.front())
                                                     .arg(*r->explanation->firstDifferentStep)),
           qPrintable(pane.explanation()->text()));
  // The open controls start at the first group and the explanation's step.
  QCOMPARE(pane.openSeedBox()->value(), 0);
  QCOMPARE(static_cast<quint64>(pane.openStepBox()->value()), *r->explanation->firstDifferentStep);
}

void SweepPaneTests::showsOneGroup() {
  SweepPane pane;
  pane.show();
  pane.setDocumentOpen(true, "pull");
  pane.setResult(sweepOf("diamond.tsg.json", 16));
  QCOMPARE(pane.groupModel()->rowCount(), 1);
  QVERIFY(pane.summary()->text().contains("one outcome: it does not depend on the schedule"));
  QVERIFY(!pane.explanation()->isVisible());
  QCOMPARE(pane.progressBar()->value(), 16);
}

void SweepPaneTests::opensASeedAtAStep() {
  const auto r = sweepOf("order-dependent.tsg.json", 64);
  SweepPane pane;
  pane.setDocumentOpen(true, "pull");
  pane.setResult(r);
  QSignalSpy open(&pane, &SweepPane::openSeedRequested);
  // Selecting the second group fills in its first seed; Open asks for it.
  pane.groupsTable()->selectRow(1);
  QCOMPARE(static_cast<std::uint64_t>(pane.openSeedBox()->value()), r->groups[1].seeds.front());
  pane.openStepBox()->setValue(5);
  pane.openButton()->click();
  QCOMPARE(open.size(), 1);
  QCOMPARE(open[0][0].toULongLong(), r->groups[1].seeds.front());
  QCOMPARE(open[0][1].toULongLong(), quint64(5));
  QCOMPARE(open[0][2].toString(), QString("pull"));
  // A double-click (activation) opens the group's first seed at the explanation's step.
  pane.openGroup(1);
  QCOMPARE(open.size(), 2);
  QCOMPARE(open[1][1].toULongLong(), r->explanation->decisionB->step);  // B's own step
  pane.openGroup(7);  // no such group: nothing
  QCOMPARE(open.size(), 2);
}

void SweepPaneTests::startCancelAndProgress() {
  SweepPane pane;
  QVERIFY(!pane.startButton()->isEnabled());
  pane.setDocumentOpen(true, "push");
  QCOMPARE(pane.modeBox()->currentText(), QString("push"));
  QSignalSpy start(&pane, &SweepPane::sweepRequested);
  QSignalSpy cancel(&pane, &SweepPane::cancelRequested);
  pane.seedCountBox()->setValue(200);
  pane.startButton()->click();
  QCOMPARE(start.size(), 1);
  QCOMPARE(start[0][0].toULongLong(), quint64(200));
  QCOMPARE(start[0][1].toString(), QString("push"));
  pane.setRunning(true);
  QVERIFY(!pane.startButton()->isEnabled() && pane.cancelButton()->isEnabled());
  pane.setProgress(50, 200);
  QCOMPARE(pane.progressBar()->value(), 50);
  QCOMPARE(pane.progressBar()->maximum(), 200);
  pane.cancelButton()->click();
  QCOMPARE(cancel.size(), 1);
  pane.setRunning(false);
  QVERIFY(pane.startButton()->isEnabled());
  pane.setDocumentOpen(false);
  QVERIFY(!pane.startButton()->isEnabled() && !pane.openButton()->isEnabled());
}

void SweepPaneTests::screenReaderNames() {
  SweepPane pane;
  pane.show();
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.groupsTable())->text(QAccessible::Name), QString("Seed groups"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.seedCountBox())->text(QAccessible::Name), QString("Number of seeds"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.progressBar())->text(QAccessible::Name), QString("Sweep progress"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.startButton())->text(QAccessible::Name), QString("Start"));
}

QTEST_MAIN(SweepPaneTests)
#include "sweep_pane_tests.moc"
