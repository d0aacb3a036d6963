// The Compare and Sweep docks in the window: background runs that never block the window, and
// the way back from a result to the run (the seed and mode set, the step, the selection).
#include <QtTest/QtTest>

#include <sstream>

#include <QAccessible>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

#include "cli/commands.h"
#include "compare_pane.h"
#include "debugger_test_classes.h"
#include "debugger_test_support.h"
#include "main_window.h"
#include "run/run_digest.h"
#include "sweep_group_model.h"
#include "sweep_pane.h"
#include "timeline_model.h"
#include "timeline_view.h"

using namespace tickscope;
using namespace tickscope::app;
using testing::examplePath;
using testing::openAndWait;
using testing::waitIdle;

void AnalysisWindowTests::init() { QSettings().clear(); }

void AnalysisWindowTests::docksAreThere() {
  DebugSession session;
  MainWindow window(&session);
  for (const char* title : {"Compare", "Sweep"}) {
    QDockWidget* dock = window.dock(title);
    QVERIFY2(dock, title);
    QVERIFY(!dock->objectName().isEmpty());
    QCOMPARE(QAccessible::queryAccessibleInterface(dock)->text(QAccessible::Name), QString(title));
  }
  QVERIFY(!window.comparePane()->compareButton()->isEnabled());  // nothing open
  QVERIFY(!window.sweepPane()->startButton()->isEnabled());
}

void AnalysisWindowTests::sweepFindsTwoGroupsAndOpensASeed() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("order-dependent.tsg.json")));
  views::SweepPane* pane = window.sweepPane();
  QVERIFY(pane->startButton()->isEnabled());
  pane->seedCountBox()->setValue(64);
  pane->startButton()->click();
  QVERIFY(window.sweepJob()->running() || pane->result());
  QTRY_VERIFY_WITH_TIMEOUT(!window.sweepJob()->running(), 60000);
  QVERIFY(pane->result());
  QCOMPARE(pane->groupModel()->rowCount(), 2);
  QCOMPARE(pane->progressBar()->value(), 64);
  const auto result = pane->result();
  QVERIFY(result->explanation && result->explanation->firstDifferentStep);
  const std::uint64_t seed = result->groups[1].seeds.front();
  const std::uint64_t step = result->explanation->decisionB->step;  // the second group's seed is B

  // Double-click the second group: its first seed, at the step where the groups part.
  QSignalSpy asked(pane, &views::SweepPane::openSeedRequested);
  pane->openGroup(1);
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked[0][0].toULongLong(), seed);
  QCOMPARE(asked[0][1].toULongLong(), step);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->seed, seed);
  QCOMPARE(session.snapshot()->step, step);
  // What that seed ran at that step is selected (the graph shows it).
  std::vector<std::uint32_t> ran = result->explanation->decisionB->ran;
  QVERIFY(!ran.empty());
  QCOMPARE(session.selection().actions, ran);
  QCOMPARE(window.statusField("seed")->text(), QString("seed %1").arg(seed));

  // The controls: seed 0 at step 1.
  pane->openSeedBox()->setValue(0);
  pane->openStepBox()->setValue(1);
  pane->openButton()->click();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->seed, std::uint64_t(0));
  QCOMPARE(session.snapshot()->step, std::uint64_t(1));
}

void AnalysisWindowTests::compareGoesToTheFirstDifferingStep() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("order-dependent.tsg.json")));
  // A seed whose outcome differs from seed 0's, found from the runs themselves.
  const auto doc = session.document();
  run::RunOptions o;
  o.recorderCapacity = 0;
  o.seed = 0;
  const run::RunDigest zero = run::digestRun(doc, o);
  std::uint64_t other = 0;
  for (std::uint64_t s = 1; s < 64 && other == 0; ++s) {
    o.seed = s;
    if (!run::sameOutcome(run::digestRun(doc, o).outcome, zero.outcome)) other = s;
  }
  QVERIFY(other > 0);
  views::ComparePane* pane = window.comparePane();
  pane->seedABox()->setValue(0);
  pane->seedBBox()->setValue(static_cast<int>(other));
  pane->compareButton()->click();
  QTRY_VERIFY_WITH_TIMEOUT(!window.comparisonJob()->running(), 30000);
  auto c = pane->comparison();
  QVERIFY(c);
  QVERIFY(!c->same);
  QVERIFY(c->firstDifferentStep);
  QVERIFY(pane->verdict()->text().contains("Different outcome"));
  QCOMPARE(pane->decisions()->count(), 2);
  // Both runs' timelines, each with one bar per run of its run and the first differing step
  // marked: a range that holds that step's time, in view.
  for (int side = 0; side < 2; ++side) {
    std::uint64_t runs = 0;
    for (std::uint32_t a = 0; a < doc->actions.size(); ++a) runs += pane->timelineModel(side).barsOf(a);
    std::uint64_t expected = 0;
    for (const run::ActionDelta& d : c->actions) expected += side == 0 ? d.runCountA.value_or(0) : d.runCountB.value_or(0);
    QCOMPARE(runs, expected);
    const auto& decision = side == 0 ? c->decisionA : c->decisionB;
    const auto range = pane->timelineView(side)->range();
    QVERIFY(range);
    QVERIFY(range->first <= decision->atMs && decision->atMs <= range->second);
    QVERIFY(pane->timelineView(side)->viewport().startMs <= range->first);
  }
  // TICKSCOPE_SHOTS=DIR saves the pane's two tabs to look at.
  if (const QString dir = qEnvironmentVariable("TICKSCOPE_SHOTS"); !dir.isEmpty()) {
    if (QDockWidget* d = window.dock("Compare")) d->raise();
    window.resize(1400, 900);
    for (int tab = 0; tab < 2; ++tab) {
      pane->tabs()->setCurrentIndex(tab);
      QCoreApplication::processEvents();
      window.grab().save(dir + QString("/compare-%1.png").arg(tab));
    }
    pane->tabs()->setCurrentIndex(0);
  }
  // B as a recording of that seed's run (nothing of it runs): the same first differing step.
  {
    QTemporaryDir dir;
    app::RunCommand cli;
    cli.file = examplePath("order-dependent.tsg.json").toStdString();
    cli.seed = other;
    cli.record = dir.filePath("other.tstrace").toStdString();
    std::ostringstream out, err;
    QCOMPARE(app::runCommand(cli, out, err), 0);
    pane->kindBox()->setCurrentIndex(2);
    pane->fileField()->setText(dir.filePath("other.tstrace"));
    pane->compareButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!window.comparisonJob()->running(), 30000);
    const auto r = pane->comparison();
    QVERIFY(r && r != c);
    QCOMPARE(r->firstDifferentStep, c->firstDifferentStep);
    QCOMPARE(r->same, c->same);
    QVERIFY(pane->timelineView(1)->range());
    // A damaged one: a clear error in the pane.
    QFile cut(dir.filePath("cut.tstrace"));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write("TSTRACE");
    cut.close();
    pane->fileField()->setText(dir.filePath("cut.tstrace"));
    pane->compareButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!window.comparisonJob()->running(), 30000);
    QVERIFY2(pane->verdict()->text().contains("cut.tstrace"), qPrintable(pane->verdict()->text()));
    // Back to the seeds' comparison for what follows.
    pane->kindBox()->setCurrentIndex(0);
    pane->compareButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!window.comparisonJob()->running(), 30000);
    c = pane->comparison();
  }
  // Double-click B's decision: seed B, that step, what it ran selected.
  pane->activateDecision(1);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->seed, other);
  QCOMPARE(session.snapshot()->step, c->decisionB->step);
  QCOMPARE(session.selection().actions, c->decisionB->ran);
  // The journal of the window's run agrees: its newest step ran those actions.
  QVERIFY(!session.snapshot()->recentSteps.empty());
  QCOMPARE(session.snapshot()->recentSteps.front().ran, c->decisionB->ran);
}

void AnalysisWindowTests::comparingPullAndPushAndCancelling() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("avoidable-work.tsg.json")));
  views::ComparePane* pane = window.comparePane();
  pane->kindBox()->setCurrentIndex(1);  // pull vs push
  pane->compareButton()->click();
  QTRY_VERIFY_WITH_TIMEOUT(!window.comparisonJob()->running(), 30000);
  QVERIFY(pane->comparison());
  QCOMPARE(pane->comparison()->a.mode, std::string("pull"));
  QCOMPARE(pane->comparison()->b.mode, std::string("push"));
  // A comparison cancelled at once leaves the window usable and shows no stale result.
  QVERIFY(openAndWait(session, examplePath("grid-10000.tsg.json")));
  QVERIFY(!pane->comparison());  // another document: cleared
  pane->kindBox()->setCurrentIndex(0);
  pane->compareButton()->click();
  QVERIFY(window.comparisonJob()->running());
  QVERIFY(pane->cancelButton()->isEnabled());
  pane->cancelButton()->click();
  QVERIFY(!window.comparisonJob()->running());
  QVERIFY(pane->compareButton()->isEnabled());
  QTest::qWait(50);
  QVERIFY(!pane->comparison());
  session.tick();  // the window still answers
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t(1));
}
