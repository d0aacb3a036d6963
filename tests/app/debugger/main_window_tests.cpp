// MainWindow: the window's contract (spec section 7) as a user and a screen reader meet it.
#include <QtTest/QtTest>

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QXmlStreamReader>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "debugger_test_classes.h"
#include "debugger_test_support.h"
#include "engine/run/run_test_support.h"
#include "decision_model.h"
#include "format.h"
#include "graph_pane.h"
#include "graph_view.h"
#include "layout/layout_cache.h"
#include "layout/layout_service.h"
#include "insights_pane.h"
#include "inspector_pane.h"
#include "main_window.h"
#include "run/state_dot.h"
#include "run_overview.h"
#include "scheduler_pane.h"
#include "session_settings.h"
#include "timing_filter_model.h"
#include "timeline_model.h"
#include "timeline_pane.h"
#include "timeline_view.h"
#include "run_time_histogram.h"
#include "timing_model.h"
#include "timing_pane.h"

using namespace tickscope;
using app::DebugSession;
using app::MainWindow;
using testing::examplePath;
using testing::openAndWait;
using testing::waitIdle;

namespace {

QStringList statusTexts(const MainWindow& w) {
  QStringList out;
  for (const char* f : {"step", "time", "mode", "seed", "pending", "dirty"}) out << w.statusField(f)->text();
  return out;
}

QStringList expectedStatus(const run::RunSnapshot& s) {
  return {QString("step %1").arg(s.step),
          QString("time %1 ms").arg(QString::fromStdString(trace::formatNumber(s.nowMs))),
          QString("mode %1").arg(QString::fromStdString(s.mode)),
          QString("seed %1").arg(s.seed),
          QString("pending %1").arg(s.pending),
          QString("dirty %1").arg(s.dirty)};
}

// closeModalSoon: a dialog the action opens is closed again (the test only checks the action ran).
void closeModalSoon() {
  QTimer::singleShot(300, [] {
    if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
  });
}

}  // namespace

void MainWindowTests::initTestCase() { QStandardPaths::setTestModeEnabled(true); }

// Each test starts from no saved breakpoints or layout (the session tests saved some).
void MainWindowTests::init() { QSettings().clear(); }

void MainWindowTests::titleAndStatusFields() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QCOMPARE(window.windowTitle(), QString("Tickscope"));
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QCOMPARE(window.windowTitle(), QString::fromUtf8("diamond \u2014 Tickscope"));
  QCOMPARE(statusTexts(window), expectedStatus(*session.snapshot()));
  QCOMPARE(statusTexts(window).front(), QString("step 0"));
  QCOMPARE(statusTexts(window)[1], QString("time 0 ms"));
  QCOMPARE(statusTexts(window)[2], QString("mode pull"));
  QCOMPARE(statusTexts(window)[3], QString("seed 7"));
  session.goToStep(6);
  QVERIFY(waitIdle(session));
  QCOMPARE(statusTexts(window), expectedStatus(*session.snapshot()));
  QCOMPARE(statusTexts(window).front(), QString("step 6"));
  session.close();
  QCOMPARE(window.windowTitle(), QString("Tickscope"));
}

void MainWindowTests::everyExampleOpensInTheWindow() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  for (const auto& path : testing::examplePaths()) {
    const QString file = QString::fromStdString(path.string());
    QVERIFY2(openAndWait(session, file), qPrintable(file));
    QCOMPARE(window.windowTitle(), QString::fromStdString(session.document()->name) + QString::fromUtf8(" \u2014 Tickscope"));
    QCOMPARE(statusTexts(window), expectedStatus(*session.snapshot()));
    QCOMPARE(window.timingPane()->proxy()->rowCount(), static_cast<int>(session.document()->actions.size()));
    QVERIFY(window.overview()->positionText().startsWith("Step 0 at 0 ms"));
    QVERIFY(window.overview()->loadErrorText().isEmpty());
  }
}

void MainWindowTests::everyShortcutTriggersItsAction() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(openAndWait(session, examplePath("debounce-storm.tsg.json")));
  struct Row {
    const char* text;
    QKeySequence keys;
  };
  const Row rows[] = {
      {"Open…", QKeySequence(Qt::CTRL | Qt::Key_O)},
      {"Reload", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
      {"Tick", QKeySequence(Qt::Key_F10)},
      {"Step Back", QKeySequence(Qt::SHIFT | Qt::Key_F10)},
      {"Run Until Parked", QKeySequence(Qt::CTRL | Qt::Key_F10)},
      {"Next Event", QKeySequence(Qt::Key_F8)},
      {"Next Timer", QKeySequence(Qt::Key_F7)},
      {"Continue", QKeySequence(Qt::Key_F5)},  // to the end: the forward actions are disabled then
      {"Pause", QKeySequence(Qt::Key_Escape)},
      {"Reset", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5)},
  };
  for (const Row& row : rows) {
    QAction* a = window.action(QString::fromUtf8(row.text));
    QVERIFY2(a, row.text);
    QCOMPARE(a->shortcut(), row.keys);
    QSignalSpy triggered(a, &QAction::triggered);
    if (QString::fromUtf8(row.text) == QString::fromUtf8("Open…")) closeModalSoon();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));  // shortcuts go to the active window
    QTest::keySequence(&window, row.keys);
    QTRY_VERIFY2_WITH_TIMEOUT(triggered.size() == 1, row.text, 5000);
    QVERIFY(waitIdle(session));
  }
  QAction* advance = window.action("Advance Clock");
  QVERIFY(advance);
  QVERIFY(advance->shortcut().isEmpty());  // it asks for milliseconds
  for (const char* menuText : {"Tick", "Step Back", "Run Until Parked", "Continue", "Pause", "Next Event", "Next Timer",
                               "Advance Clock", "Reset", "Open…", "Reload"})
    QVERIFY2(window.action(QString::fromUtf8(menuText))->associatedObjects().size() >= 2, menuText);  // menu and tool bar
}

void MainWindowTests::tickFromTheKeyboardIsOneStep() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const QString file = examplePath("newton-cycle.tsg.json");
  QVERIFY(openAndWait(session, file));
  auto reference = testing::referenceRunner(file);
  for (int i = 1; i <= 6; ++i) {
    QTest::keyClick(&window, Qt::Key_F10);
    QVERIFY(waitIdle(session));
    QVERIFY(reference->step());
    SAME_TEXT(testing::sessionText(session), testing::snapshotText(reference->snapshot()), "F10 number " + std::to_string(i));
    QCOMPARE(window.statusField("step")->text(), QString("step %1").arg(i));
    QCOMPARE(statusTexts(window), expectedStatus(*session.snapshot()));
  }
  QTest::keyClick(&window, Qt::Key_F10, Qt::ShiftModifier);
  QVERIFY(waitIdle(session));
  QCOMPARE(window.statusField("step")->text(), QString("step 5"));
}

void MainWindowTests::toolBarGoesToStepAndRestarts() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  // Go to step: type it, Enter.
  QLineEdit* goTo = window.goToStepField();
  goTo->setFocus();
  goTo->selectAll();
  QTest::keyClicks(goTo, "9");
  QTest::keyClick(goTo, Qt::Key_Return);
  QVERIFY(waitIdle(session));
  QCOMPARE(window.statusField("step")->text(), QString("step 9"));
  // Mode: push restarts at step 0.
  QComboBox* mode = window.modeBox();
  mode->setFocus();
  QTest::keyClick(mode, Qt::Key_Down);  // pull -> push (activated)
  QVERIFY(waitIdle(session));
  QCOMPARE(window.statusField("mode")->text(), QString("mode push"));
  QCOMPARE(window.statusField("step")->text(), QString("step 0"));
  // Seed: type it, Enter: restarts with it.
  QLineEdit* seed = window.seedField();
  seed->setFocus();
  seed->selectAll();
  QTest::keyClicks(seed, "42");
  QTest::keyClick(seed, Qt::Key_Return);
  QVERIFY(waitIdle(session));
  QCOMPARE(window.statusField("seed")->text(), QString("seed 42"));
  QCOMPARE(window.statusField("mode")->text(), QString("mode push"));
  SAME_TEXT(testing::sessionText(session),
            testing::snapshotText(testing::referenceRunner(examplePath("diamond.tsg.json"), graph::Mode::Push, 42)->snapshot()),
            "restarted from the tool bar");
}

void MainWindowTests::panesAreDocksWithTheirTitles() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  for (const char* title : {"Graph", "Inspector", "Run", "Timing", "Scheduler", "Breakpoints", "Debounce", "Cycles", "Sessions",
                            "Insights", "Timeline", "Compare", "Sweep"}) {
    QDockWidget* dock = window.dock(title);
    QVERIFY2(dock, title);
    QCOMPARE(dock->windowTitle(), QString(title));
    QVERIFY(dock->features() & QDockWidget::DockWidgetMovable);
    QVERIFY(!dock->objectName().isEmpty());  // saveState needs it
    QAccessibleInterface* a = QAccessible::queryAccessibleInterface(dock);
    QCOMPARE(a->text(QAccessible::Name), QString(title));
  }
}

// clickNode: a left click on the centre of graph node `node`.
void clickNode(views::GraphView& view, std::uint32_t node) {
  const QPoint at = view.mapFromScene(view.nodeRect(node).center()).toPoint();
  QTest::mouseClick(&view, Qt::LeftButton, {}, at);
}

// inspected: the Inspector shows an inspection of `id` made at step `step` or later.
bool inspected(const MainWindow& window, const std::string& id, std::uint64_t step = 0) {
  const run::Inspection* i = window.inspectorPane()->inspection();
  return i && i->id == id && i->step >= step;
}

void MainWindowTests::graphAndInspectorFollowTheSelection() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QTRY_VERIFY_WITH_TIMEOUT(window.graphSettled(), 30000);
  views::GraphView& view = *window.graphPane()->view();
  QCOMPARE(view.graphLayout()->engine, std::string("dot"));  // small: Graphviz's layout replaced the first one
  // A click on join in the graph selects it in the session; the Inspector shows it.
  const auto join = view.nodeOfAction(2);
  QVERIFY(join);
  clickNode(view, *join);
  QCOMPARE(session.selection(), views::Selection::ofAction(2));
  QTRY_VERIFY(inspected(window, "join"));
  QCOMPARE(window.inspectorPane()->field("Reads")->isVisible(), true);
  QCOMPARE(window.inspectorPane()->causes()->item(0)->text(), QString("It has not run yet."));
  // Stepping keeps it current: after the run, why join last ran, back to an event.
  session.continueRun();
  QVERIFY(waitIdle(session));
  QTRY_VERIFY(inspected(window, "join", session.snapshot()->step));
  const run::Inspection& i = *window.inspectorPane()->inspection();
  QVERIFY(i.lastRun);
  QCOMPARE(i.lastRun->chain.back().kind, run::CauseLink::Kind::EventApplied);
  QCOMPARE(window.inspectorPane()->causes()->count(), int(i.lastRun->chain.size()) + 1);
  // A link in the Inspector selects what it names: the graph follows.
  emit window.inspectorPane()->selectionRequested(views::Selection::ofAction(0));
  QCOMPARE(session.selection(), views::Selection::ofAction(0));
  QTRY_VERIFY(inspected(window, "left"));
  // Find (Ctrl+F in the pane) selects by name.
  QVERIFY(window.graphPane()->findNode("show"));
  QCOMPARE(session.selection(), views::Selection::ofAction(3));
  QTRY_VERIFY(inspected(window, "show"));
}

void MainWindowTests::inspectorHandEditRerunsDependents() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  session.runUntilParked();
  QVERIFY(waitIdle(session));
  const std::uint64_t leftRuns = session.snapshot()->actions[0].runCount;
  const std::uint64_t showRuns = session.snapshot()->actions[3].runCount;
  session.select(views::Selection{{}, {0}});  // cell a
  QTRY_VERIFY(inspected(window, "a"));
  QLineEdit* editor = window.inspectorPane()->valueEditor();
  QVERIFY(editor->isVisible());
  editor->setText("42");
  QTest::keyClick(editor, Qt::Key_Return);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.publication().history.size(), std::size_t(1));  // a hand edit, replayed on Step Back
  session.runUntilParked();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->cells[0], 42.0);
  QCOMPARE(session.snapshot()->actions[0].runCount, leftRuns + 1);  // its dependents ran again
  QCOMPARE(session.snapshot()->actions[3].runCount, showRuns + 1);
  // The effect's run traces back to the hand edit.
  session.select(views::Selection::ofAction(3));
  QTRY_VERIFY(inspected(window, "show", session.snapshot()->step));
  const run::Inspection& i = *window.inspectorPane()->inspection();
  QVERIFY(i.lastRun);
  QCOMPARE(i.lastRun->chain.back().kind, run::CauseLink::Kind::HandEdit);
  QCOMPARE(i.lastRun->chain.back().newValue, 42.0);
}

void MainWindowTests::anInsightSelectsWhatItNames() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("avoidable-work.tsg.json")));
  session.continueRun();
  QVERIFY(waitIdle(session));
  QTableView* insights = window.insightsPane()->table();
  QCOMPARE(insights->model()->rowCount(), 1);  // audit and histogram: no effect depends on them
  insights->selectRow(0);
  const auto& doc = *session.document();
  QCOMPARE(session.selection(), views::Selection::ofActions({static_cast<std::uint32_t>(*doc.findAction("audit")),
                                                             static_cast<std::uint32_t>(*doc.findAction("histogram"))}));
  QTRY_VERIFY(inspected(window, "audit"));
  const run::Inspection& audit = *window.inspectorPane()->inspection();
  QVERIFY(!audit.whyNot.empty());
  QVERIFY(audit.whyNot.front().reason == run::WhyNot::Reason::NotDemanded);
}

void MainWindowTests::exportsEqualTheCommandLine() {
  QTemporaryDir dir;
  DebugSession session;
  MainWindow window(&session);
  window.show();
  DebugSession::OpenOptions options;
  options.mode = graph::Mode::Push;
  options.seed = 5;
  const QString file = examplePath("debounce-storm.tsg.json");
  QVERIFY(openAndWait(session, file, options));
  session.tick();  // where the window stands does not matter: the file's run is exported
  QVERIFY(waitIdle(session));
  QVERIFY(window.action("Export Report (JSON)…")->isEnabled());
  // The command line's bytes for the same file, mode and seed.
  app::RunCommand cli;
  cli.file = file.toStdString();
  cli.mode = "push";
  cli.seed = 5;
  cli.report = dir.filePath("cli.json").toStdString();
  cli.csv = dir.filePath("cli.csv").toStdString();
  cli.trace = dir.filePath("cli.trace.json").toStdString();
  cli.record = dir.filePath("cli.tstrace").toStdString();
  std::ostringstream out, err;
  QCOMPARE(app::runCommand(cli, out, err), 0);
  auto bytes = [](const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  };
  QSignalSpy finished(window.exporter(), &app::Exporter::exportFinished);
  const std::pair<app::Exporter::Report, const char*> kinds[] = {
      {app::Exporter::Report::Json, "cli.json"}, {app::Exporter::Report::Csv, "cli.csv"},
      {app::Exporter::Report::ChromeTrace, "cli.trace.json"}, {app::Exporter::Report::Recording, "cli.tstrace"}};
  for (const auto& [kind, reference] : kinds) {
    const QString path = dir.filePath(QStringLiteral("window-") + reference);
    QVERIFY(window.exportReport(kind, path));
    QVERIFY(!window.exportReport(kind, path));  // one at a time
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    const QByteArray written = bytes(path);
    QVERIFY(!written.isEmpty());
    QCOMPARE(written, bytes(dir.filePath(reference)));
  }
  // A path that cannot be written: a clear failure, nothing half-written.
  QVERIFY(window.exportReport(app::Exporter::Report::Json, dir.filePath("no/such/dir/r.json")));
  QVERIFY(finished.wait(30000));
  QVERIFY(!finished.last().at(0).toBool());
  QVERIFY(finished.last().at(1).toString().startsWith("Export failed: "));

  // The graph as PNG: the whole graph, each node in its colour (the debounced save among them).
  QTRY_VERIFY_WITH_TIMEOUT(window.graphSettled(), 30000);
  const QString png = dir.filePath("graph.png");
  QCOMPARE(window.exportGraphImage(png), QString());
  QImage image(png);
  QVERIFY(!image.isNull());
  const auto& layout = *window.graphPane()->view()->graphLayout();
  QVERIFY(image.width() >= layout.bounds.width && image.height() >= layout.bounds.height);
  QVERIFY(!window.exportGraphImage(dir.filePath("no/such/dir/g.png")).isEmpty());
  if (qEnvironmentVariableIsSet("TICKSCOPE_SCREENSHOT_DIR"))
    QFile::copy(png, qEnvironmentVariable("TICKSCOPE_SCREENSHOT_DIR") + "/exported-graph.png");
}

void MainWindowTests::graphExportsSvgAndDot_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("mode");
  QTest::addColumn<int>("seed");
  QTest::addColumn<bool>("badges");  // step on until an action is debounced or in a slow cycle
  QTest::newRow("newton-cycle pull 3") << "newton-cycle.tsg.json" << "pull" << 3 << false;
  QTest::newRow("diamond push 1") << "diamond.tsg.json" << "push" << 1 << false;
  QTest::newRow("debounce-storm push 5") << "debounce-storm.tsg.json" << "push" << 5 << true;
  QTest::newRow("slow-cycle pull 2") << "slow-cycle.tsg.json" << "pull" << 2 << true;
}

void MainWindowTests::graphExportsSvgAndDot() {
  QFETCH(QString, file);
  QFETCH(QString, mode);
  QFETCH(int, seed);
  QFETCH(bool, badges);
  QTemporaryDir dir;
  DebugSession session;
  MainWindow window(&session);
  window.show();
  DebugSession::OpenOptions options;
  options.mode = graph::parseMode(mode.toStdString());
  options.seed = static_cast<std::uint64_t>(seed);
  const QString path = examplePath(file);
  QVERIFY(openAndWait(session, path, options));
  QTRY_VERIFY_WITH_TIMEOUT(window.graphSettled(), 30000);
  for (const char* name : {"Export Graph as SVG…", "Export Graph as DOT…"}) QVERIFY(window.action(name)->isEnabled());
  auto bytes = [](const QString& p) {
    QFile f(p);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  };

  // DOT of the current step: this step's states (the step's number in its label). Two ticks,
  // or until an action shows a badge (debounced, in a slow cycle) where the file has them.
  auto badged = [&] {
    for (const run::ActionState& a : session.snapshot()->actions)
      if (a.has(run::ActionState::DebounceArmed) || a.has(run::ActionState::InCycle)) return true;
    return false;
  };
  for (int i = 0; i < 2 || (badges && i < 60 && !badged()); ++i) {
    session.tick();
    QVERIFY(waitIdle(session));
  }
  const QString early = dir.filePath("early.dot");
  QCOMPARE(window.exportGraphDot(early), QString());
  const QByteArray earlyBytes = bytes(early);
  QVERIFY(earlyBytes.contains(QStringLiteral(", step %1, ").arg(session.snapshot()->step).toUtf8()));

  // SVG: valid XML, one polyline per edge, every node's label once.
  const QString svg = dir.filePath("graph.svg");
  QCOMPARE(window.exportGraphSvg(svg), QString());
  const views::GraphView* view = window.graphPane()->view();
  const views::GraphStructure& structure = *view->structure();
  std::map<QString, int> labels;
  for (const std::string& l : structure.labels) labels[QString::fromStdString(l)] = 0;
  QFile svgFile(svg);
  QVERIFY(svgFile.open(QIODevice::ReadOnly));
  QXmlStreamReader xml(&svgFile);
  std::size_t polylines = 0;
  int badgeTexts = 0;
  bool root = false;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement) continue;
    if (xml.name() == QLatin1String("svg")) root = true;
    if (xml.name() == QLatin1String("polyline")) ++polylines;
    if (xml.name() == QLatin1String("text")) {
      const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
      if (auto it = labels.find(text); it != labels.end()) ++it->second;
      if (text.startsWith(QChar(0xd7)) || text.endsWith(QLatin1String(" ms"))) ++badgeTexts;  // "×3", "40 ms"
    }
  }
  QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
  QCOMPARE(badged(), badges);
  QCOMPARE(badgeTexts > 0, badges);
  QVERIFY(root);
  QCOMPARE(polylines, view->edgeCount());
  QVERIFY(polylines > 0);
  for (const auto& [label, count] : labels) QVERIFY2(count == 1, qPrintable(label + QString(" drawn %1 times").arg(count)));
  QCOMPARE(labels.size(), structure.nodeCount());  // labels are ids: one per node

  // After Continue to the end, the DOT equals the command line's final state, byte for byte.
  session.continueRun();
  QVERIFY(waitIdle(session));
  QVERIFY(session.snapshot()->done);
  const QString last = dir.filePath("window.dot");
  QCOMPARE(window.exportGraphDot(last), QString());
  app::RunCommand cli;
  cli.file = path.toStdString();
  cli.mode = mode.toStdString();
  cli.seed = static_cast<std::uint64_t>(seed);
  cli.dot = dir.filePath("cli.dot").toStdString();
  std::ostringstream out, err;
  QCOMPARE(app::runCommand(cli, out, err), 0);
  QVERIFY(out.str().empty());  // --dot alone: no report on standard output
  const QByteArray written = bytes(last);
  QVERIFY(!written.isEmpty());
  QVERIFY(written != earlyBytes);
  QCOMPARE(written, bytes(dir.filePath("cli.dot")));

  // Paths that cannot be written: a clear failure, nothing written.
  QVERIFY(!window.exportGraphDot(dir.filePath("no/such/dir/g.dot")).isEmpty());
  QVERIFY(!window.exportGraphSvg(dir.filePath("no/such/dir/g.svg")).isEmpty());
  QVERIFY(!QFile::exists(dir.filePath("no/such/dir/g.svg")));
  if (qEnvironmentVariableIsSet("TICKSCOPE_SCREENSHOT_DIR"))
    QFile::copy(svg, qEnvironmentVariable("TICKSCOPE_SCREENSHOT_DIR") + "/exported-" + QFileInfo(file).baseName() + ".svg");
}

void MainWindowTests::dotThresholdIsASetting() {
  app::SessionSettings::setDotThreshold(3);  // diamond's 8 nodes are then "large": layered only
  QDir(views::layout::LayoutCache().folder()).removeRecursively();  // no dot layout from an earlier run
  {
    DebugSession session;
    MainWindow window(&session);
    QCOMPARE(window.layoutService()->dotThreshold(), std::size_t(3));
    window.show();
    QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
    QTRY_VERIFY_WITH_TIMEOUT(window.graphSettled(), 30000);
    QCOMPARE(window.graphPane()->view()->graphLayout()->engine, std::string("layered"));
  }
  QSettings().setValue("graph/dotThreshold", "many");  // junk reads as the default
  QCOMPARE(app::SessionSettings::dotThreshold(), std::size_t(app::SessionSettings::kDefaultDotThreshold));
  QSettings().remove("graph/dotThreshold");
  QCOMPARE(app::SessionSettings::dotThreshold(), std::size_t(2000));
}

void MainWindowTests::aPickedDecisionExplainsThatRun() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  session.continueRun();
  QVERIFY(waitIdle(session));
  // The oldest decision that ran something: the Inspector explains that run, not the last.
  QTableView* decisions = window.schedulerPane()->decisionTable();
  int row = -1;
  std::uint64_t step = 0;
  for (int r = decisions->model()->rowCount() - 1; r >= 0 && row < 0; --r) {
    const QModelIndex index = decisions->model()->index(r, 0);
    const QString ran = decisions->model()->index(r, views::DecisionModel::RanColumn).data().toString();
    if (!ran.isEmpty()) {
      row = r;
      step = index.data().toULongLong();
    }
  }
  QVERIFY(row >= 0);
  decisions->selectRow(row);
  QCOMPARE(session.selection().step, step);
  const std::uint32_t primary = *session.selection().primaryAction();
  QTRY_VERIFY(window.inspectorPane()->inspection() && window.inspectorPane()->inspection()->pickedStep == step);
  const run::Inspection& i = *window.inspectorPane()->inspection();
  QCOMPARE(i.index, primary);
  QVERIFY(i.pickedRun);
  QCOMPARE(i.pickedRun->step, step);
  QVERIFY(i.lastRun && i.lastRun->step > step);
  QCOMPARE(window.inspectorPane()->causes()->item(0)->text().contains(QString("at step %1").arg(step)), true);
}

void MainWindowTests::timingAfterContinueEqualsTheReport_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("mode");
  for (const char* f : {"diamond.tsg.json", "newton-cycle.tsg.json", "auto-debounce.tsg.json", "request-dangling.tsg.json",
                        "slow-cycle.tsg.json"}) {
    QTest::addRow("%s pull", f) << f << "pull";
    QTest::addRow("%s push", f) << f << "push";
  }
}

void MainWindowTests::timingAfterContinueEqualsTheReport() {
  QFETCH(QString, file);
  QFETCH(QString, mode);
  const QString path = examplePath(file);
  QProcess cli;
  cli.start(QStringLiteral(TICKSCOPE_BINARY), {"run", path, "--mode", mode});
  QVERIFY(cli.waitForFinished(60000));
  QCOMPARE(cli.exitCode(), 0);
  const nlohmann::json report = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());

  DebugSession session;
  MainWindow window(&session);
  window.show();
  DebugSession::OpenOptions options;
  options.mode = *graph::parseMode(mode.toStdString());
  QVERIFY(openAndWait(session, path, options));
  QTest::keyClick(&window, Qt::Key_F5);  // Continue
  QVERIFY(waitIdle(session));
  QVERIFY(session.snapshot()->done);
  const QAbstractItemModel& table = *window.timingPane()->proxy();
  QCOMPARE(table.rowCount(), static_cast<int>(report["actions"].size()));
  for (int r = 0; r < table.rowCount(); ++r) {
    const nlohmann::json& a = report["actions"][static_cast<std::size_t>(r)];
    auto cell = [&](int c) { return table.index(r, c).data().toString(); };
    auto number = [&](const char* key) { return views::formatNumber(a[key].get<double>()); };
    QCOMPARE(cell(views::TimingModel::ActionColumn), QString::fromStdString(a["id"].get<std::string>()));
    QCOMPARE(cell(views::TimingModel::KindColumn), QString::fromStdString(a["kind"].get<std::string>()));
    QCOMPARE(cell(views::TimingModel::RunsColumn), QString::number(a["runCount"].get<std::uint64_t>()));
    QCOMPARE(cell(views::TimingModel::AverageColumn), number("averageMs"));
    QCOMPARE(cell(views::TimingModel::LastColumn), number("lastRunMs"));
    QCOMPARE(cell(views::TimingModel::TotalColumn), number("totalMs"));
    QCOMPARE(cell(views::TimingModel::MinColumn), number("minMs"));
    QCOMPARE(cell(views::TimingModel::MaxColumn), number("maxMs"));
    QCOMPARE(cell(views::TimingModel::DebounceColumn), number("debounceMs"));
    QCOMPARE(cell(views::TimingModel::AutoDebouncedColumn), a["autoDebounced"].get<bool>() ? QString("yes") : QString("no"));
  }
  QCOMPARE(window.statusField("time")->text(),
           QString("time %1 ms").arg(views::formatNumber(report["virtualTimeMs"].get<double>())));
}

void MainWindowTests::selectionIsSharedByThePanes() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QSignalSpy selected(&session, &DebugSession::selectionChanged);
  // A click in the Timing table selects the action in the session...
  QTableView* timing = window.timingPane()->table();
  timing->selectRow(2);  // join
  QCOMPARE(session.selection(), views::Selection::ofAction(2));
  QCOMPARE(selected.size(), 1);
  // ...and a selection made elsewhere shows in the Timing table.
  session.select(views::Selection::ofAction(3));
  QCOMPARE(timing->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(timing->selectionModel()->selectedRows().front().data().toString(), QString("show"));
  QCOMPARE(selected.size(), 2);
  QCOMPARE(session.selection(), views::Selection::ofAction(3));  // showing it asked for nothing new
}

void MainWindowTests::deprioritizingALabelIsAHandEdit() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  emit window.schedulerPane()->deprioritizeRequested("ui", true);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->deprioritized, std::vector<std::string>{"ui"});
  QCOMPARE(session.publication().history.size(), std::size_t(1));
  QVERIFY(window.action("Forget Hand Edits")->isEnabled());
}

void MainWindowTests::loadErrorShowsInTheWindow() {
  QTemporaryDir dir;
  const QString bad = dir.filePath("bad.tsg.json");
  QFile f(bad);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("{ \"tickscope\": 1,\n  \"cells\": [1, 2]\n}\n");
  f.close();
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QSignalSpy failed(&session, &DebugSession::loadFailed);
  session.open(bad);
  QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
  QVERIFY2(window.overview()->loadErrorText().startsWith(bad + ": /cells"), qPrintable(window.overview()->loadErrorText()));
  QCOMPARE(window.windowTitle(), QString::fromUtf8("diamond \u2014 Tickscope"));
  QTest::keyClick(&window, Qt::Key_F10);
  QVERIFY(waitIdle(session));
  QCOMPARE(window.statusField("step")->text(), QString("step 1"));
}

void MainWindowTests::droppingAFileOpensIt() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QMimeData data;
  data.setUrls({QUrl::fromLocalFile(examplePath("newton-cycle.tsg.json"))});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &drop);
  QTRY_COMPARE_WITH_TIMEOUT(window.windowTitle(), QString::fromUtf8("newton-cycle \u2014 Tickscope"), 10000);
}

void MainWindowTests::layoutIsSaved() {
  DebugSession session;
  {
    MainWindow window(&session);
    window.show();
    window.dock("Timing")->hide();
    window.dock("Cycles")->setFloating(true);
    window.saveLayout();
  }
  MainWindow again(&session);
  again.restoreLayout();
  again.show();
  QVERIFY(!again.dock("Timing")->isVisible());
  QVERIFY(again.dock("Cycles")->isFloating());
  QVERIFY(again.dock("Scheduler")->isVisible());
  // Back to the default for the other tests.
  again.dock("Timing")->show();
  again.dock("Cycles")->setFloating(false);
  again.saveLayout();
  // A layout saved before the Graph pane existed (version 1) is not laid over the new default.
  {
    MainWindow old(&session);
    old.show();
    old.dock("Graph")->hide();
    app::SessionSettings::setWindowLayout(old.saveGeometry(), old.saveState(1));
  }
  MainWindow upgraded(&session);
  upgraded.restoreLayout();
  upgraded.show();
  QVERIFY(upgraded.dock("Graph")->isVisible());
  upgraded.saveLayout();
}

void MainWindowTests::screenReaderReadsTheWindow() {
  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QAccessibleInterface* root = QAccessible::queryAccessibleInterface(&window);
  QVERIFY(root);
  QCOMPARE(root->text(QAccessible::Name), QString::fromUtf8("diamond \u2014 Tickscope"));
  // Tool buttons named by their actions.
  QStringList buttons;
  const QList<QToolButton*> tools = window.findChildren<QToolButton*>();
  for (QToolButton* b : tools) {
    if (QAccessibleInterface* a = QAccessible::queryAccessibleInterface(b); a && b->isVisible())
      buttons << a->text(QAccessible::Name);
  }
  for (const char* text : {"Tick", "Step Back", "Run Until Parked", "Continue", "Pause", "Next Event", "Next Timer",
                           "Advance Clock", "Reset", "Reload"})
    QVERIFY2(buttons.contains(QString(text)), text);
  // The status fields read as they show.
  for (const char* f : {"step", "time", "mode", "seed", "pending", "dirty"}) {
    QAccessibleInterface* a = QAccessible::queryAccessibleInterface(window.statusField(f));
    QCOMPARE(a->role(), QAccessible::StaticText);
    QCOMPARE(a->text(QAccessible::Name), window.statusField(f)->text());
  }
  QCOMPARE(QAccessible::queryAccessibleInterface(window.goToStepField())->text(QAccessible::Name), QString("Go to step"));
  QCOMPARE(QAccessible::queryAccessibleInterface(window.seedField())->text(QAccessible::Name), QString("Seed"));
  // A combo box reads its value as its name on Linux; its label comes through the buddy relation.
  QAccessibleInterface* mode = QAccessible::queryAccessibleInterface(window.modeBox());
  QCOMPARE(mode->text(QAccessible::Name), QString("pull"));
  bool labelled = false;
  for (const auto& [other, relation] : mode->relations())
    labelled = labelled || other->text(QAccessible::Name) == QString("Mode");
  QVERIFY(labelled);
}

void MainWindowTests::opensARecordingAndScrubsIt() {
  QTemporaryDir dir;
  const QString file = examplePath("debounce-storm.tsg.json");
  const QString recordingPath = dir.filePath("storm.tstrace");
  app::RunCommand cli;
  cli.file = file.toStdString();
  cli.mode = "push";
  cli.seed = 5;
  cli.record = recordingPath.toStdString();
  cli.report = dir.filePath("cli.json").toStdString();
  std::ostringstream out, err;
  QCOMPARE(app::runCommand(cli, out, err), 0);

  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, recordingPath));
  QVERIFY(session.recording());
  QCOMPARE(window.windowTitle(), QString("debounce-storm — Tickscope"));
  const std::uint64_t last = session.recording()->lastStep();
  QCOMPARE(static_cast<std::uint64_t>(window.stepSlider()->maximum()), last);
  QVERIFY(!window.action("Set Cell…")->isEnabled());
  QVERIFY(!window.action("Advance Clock")->isEnabled());
  QVERIFY(window.action("Tick")->isEnabled());

  // Every step shows what the run showed at that step (a reference runner stepped alongside).
  // (with the causes, as the debugger's own runs and recordings have them)
  run::RunOptions referenceOptions;
  referenceOptions.mode = graph::Mode::Push;
  referenceOptions.seed = 5;
  referenceOptions.journalSteps = 1000;
  referenceOptions.recordCauses = true;
  referenceOptions.recorderCapacity = 0;
  auto reference = std::make_unique<run::Runner>(*session.document(), referenceOptions);
  const auto sameAsReference = [&] {
    const std::string diff = testing::firstDifference(testing::sessionText(session), testing::snapshotText(reference->snapshot()));
    if (!diff.empty()) qWarning("%s", diff.c_str());
    return diff.empty();
  };
  QVERIFY(sameAsReference());
  session.tick();
  QVERIFY(waitIdle(session));
  reference->step();
  QVERIFY(sameAsReference());
  // The slider scrubs: it goes to the step it rests on.
  window.stepSlider()->setValue(9);
  QTRY_COMPARE_WITH_TIMEOUT(session.snapshot()->step, std::uint64_t{9}, 10000);
  QVERIFY(waitIdle(session));
  while (reference->steps() < 9) reference->step();
  QVERIFY(sameAsReference());
  session.stepBack();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, std::uint64_t{8});
  QCOMPARE(window.stepSlider()->value(), 8);
  session.continueRun();
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->step, last);
  QVERIFY(!window.action("Tick")->isEnabled());
  // The Inspector says why a run happened, read back from the recording: save's last run came
  // from its debounce timer, armed by an event's write.
  const auto save = session.document()->findAction("save");
  QVERIFY(save);
  session.select(views::Selection::ofAction(static_cast<std::uint32_t>(*save)));
  QTRY_VERIFY(inspected(window, "save", last));
  const run::Inspection& why = *window.inspectorPane()->inspection();
  QVERIFY(why.lastRun);
  QCOMPARE(why.lastRun->chain.front().kind, run::CauseLink::Kind::DebounceFired);
  QCOMPARE(why.lastRun->chain.back().kind, run::CauseLink::Kind::EventApplied);
  QCOMPARE(window.inspectorPane()->causes()->count(), int(why.lastRun->chain.size()) + 1);

  // Nothing can be changed: refused with a message, the state kept.
  QSignalSpy messages(&session, &DebugSession::message);
  const std::string before = testing::sessionText(session);
  session.setCellValue(0, 42);
  QVERIFY(waitIdle(session));
  QVERIFY(!messages.isEmpty());
  QVERIFY(messages.last().at(0).toString().contains("a recording cannot be changed"));
  QCOMPARE(testing::sessionText(session), before);
  session.setSeed(9);
  QVERIFY(waitIdle(session));
  QCOMPARE(session.snapshot()->seed, std::uint64_t{5});

  // Its report exports as the command line's for the run that made it.
  QSignalSpy finished(window.exporter(), &app::Exporter::exportFinished);
  QVERIFY(window.exportReport(app::Exporter::Report::Json, dir.filePath("window.json")));
  QVERIFY(finished.wait(30000));
  QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
  QFile a(dir.filePath("window.json")), b(dir.filePath("cli.json"));
  QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
  QCOMPARE(a.readAll(), b.readAll());
}

void MainWindowTests::aDamagedRecordingIsALoadError() {
  QTemporaryDir dir;
  app::RunCommand cli;
  cli.file = examplePath("newton-cycle.tsg.json").toStdString();
  cli.record = dir.filePath("newton.tstrace").toStdString();
  std::ostringstream out, err;
  QCOMPARE(app::runCommand(cli, out, err), 0);
  QFile whole(dir.filePath("newton.tstrace"));
  QVERIFY(whole.open(QIODevice::ReadOnly));
  const QByteArray bytes = whole.readAll();
  QFile cut(dir.filePath("cut.tstrace"));
  QVERIFY(cut.open(QIODevice::WriteOnly));
  cut.write(bytes.left(bytes.size() / 2));
  cut.close();

  DebugSession session;
  MainWindow window(&session);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  QSignalSpy failed(&session, &DebugSession::loadFailed);
  session.open(dir.filePath("cut.tstrace"));
  QVERIFY(failed.wait(10000));
  const QString message = failed.last().at(0).toString();
  QVERIFY2(message.contains("cut.tstrace: damaged recording at offset"), qPrintable(message));
  QVERIFY2(message.contains("truncated"), qPrintable(message));
  // The open document stays.
  QCOMPARE(session.documentName(), QString("diamond"));
  QVERIFY(!session.recording());
}

void MainWindowTests::clickingATimelineBarSelectsItsRun() {
  DebugSession session;
  MainWindow window(&session);
  window.resize(1400, 900);
  window.show();
  QVERIFY(openAndWait(session, examplePath("diamond.tsg.json")));
  session.continueRun();
  QVERIFY(waitIdle(session));
  views::TimelineView* view = window.timelinePane()->view();
  QAccessibleInterface* a = QAccessible::queryAccessibleInterface(view);
  QCOMPARE(a->text(QAccessible::Name), QString("Timeline"));
  QTRY_VERIFY(window.timelinePane()->model().runCount() > 0);
  view->fit();
  // A bar of the first run of the run's last action drawn: clicking it selects that action and step.
  std::optional<views::TimelineDrawItem> target;
  for (const views::TimelineDrawItem& item : view->buildDrawList()) {
    if (item.kind == views::TimelineDrawItem::Kind::Bar && item.rect.width() >= 2) target = item;
  }
  QVERIFY(target);
  const run::TimelineRun& picked = window.timelinePane()->model().run(target->ref);
  QTest::mouseClick(view, Qt::LeftButton, {}, target->rect.center().toPoint());
  QCOMPARE(*session.selection().primaryAction(), picked.action);
  QCOMPARE(session.selection().step, picked.step);
  QTRY_VERIFY(window.inspectorPane()->inspection() && window.inspectorPane()->inspection()->pickedStep == picked.step);
  QCOMPARE(window.inspectorPane()->inspection()->index, picked.action);
  // The Timing pane's "Show in Timeline" shows that action's histogram.
  window.timingPane()->showInTimelineRequested(0);
  QCOMPARE(*session.selection().primaryAction(), std::uint32_t{0});
  QCOMPARE(window.timelinePane()->histogram()->runTimes().runs, window.timelinePane()->model().barsOf(0));
}
