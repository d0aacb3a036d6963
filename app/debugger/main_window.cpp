#include "main_window.h"

#include <algorithm>

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QValidator>

#include "breakpoints_pane.h"
#include "timeline_pane.h"
#include "compare_pane.h"
#include "cycles_pane.h"
#include "debounce_pane.h"
#include "format.h"
#include "graph_pane.h"
#include "graph_view.h"
#include "graph_structure.h"
#include "insights_pane.h"
#include "inspector_pane.h"
#include "layout/layout_service.h"
#include "run_overview.h"
#include "scheduler_pane.h"
#include "session_settings.h"
#include "sessions_pane.h"
#include "sweep_pane.h"
#include "timing_pane.h"

namespace tickscope::app {

namespace {

// Seeds are 64-bit: a line edit with digits, not a spin box (an int).
class SeedValidator final : public QValidator {
 public:
  using QValidator::QValidator;
  State validate(QString& input, int&) const override {
    if (input.isEmpty()) return Intermediate;
    bool ok = false;
    input.toULongLong(&ok);
    return ok ? Acceptable : Invalid;
  }
};

}  // namespace

namespace {
constexpr int kPaneMinimumHeight = 150;
// kLayoutVersion: the dock layout's version in the settings; a new set of panes bumps it, so a
// layout saved before them is not restored over the new default (2: Graph, Inspector, Run; 3: Insights;
// 4: Timeline; 5: Compare, Sweep).
constexpr int kLayoutVersion = 5;
}  // namespace

MainWindow::MainWindow(DebugSession* session, QWidget* parent)
    : QMainWindow(parent),
      session_(session),
      overview_(new views::RunOverview(this)),
      layouts_(new views::layout::LayoutService(this)),
      exporter_(new Exporter(this)) {
  setObjectName(QStringLiteral("MainWindow"));
  setAcceptDrops(true);
  layouts_->setDotThreshold(SessionSettings::dotThreshold());
  setDockNestingEnabled(true);
  // No central widget: every part is a dock (the graph takes the middle), so users arrange all.
  createActions();
  createMenus();
  createToolBar();
  createDocks();
  createStatusBar();
  connectSession();
  comparisonJob_ = new ComparisonJob(this);
  sweepJob_ = new SweepJob(this);
  connectAnalysis();
  updateTitle();
  updateActions();
  updateBusy();
  resize(1400, 900);
  timing_->table()->setFocus();  // not a text field: letters typed would filter
}

// --- actions -----------------------------------------------------------------------------------

QAction* MainWindow::makeAction(const QString& text, const QKeySequence& shortcut, const QString& tip) {
  auto* a = new QAction(text, this);
  if (!shortcut.isEmpty()) a->setShortcut(shortcut);
  a->setShortcutContext(Qt::WindowShortcut);
  a->setToolTip(shortcut.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
  a->setStatusTip(tip);
  a->setObjectName(QStringLiteral("action.") + text);
  addAction(a);  // shortcuts work with the menu bar hidden or a dock floating
  actions_.push_back(a);
  return a;
}

QAction* MainWindow::action(const QString& text) const {
  for (QAction* a : actions_) {
    if (a->text() == text) return a;
  }
  return nullptr;
}

void MainWindow::createActions() {
  DebugSession* s = session_;
  connect(makeAction(tr("Open…"), QKeySequence(Qt::CTRL | Qt::Key_O), tr("Open a graph file")), &QAction::triggered,
          this, &MainWindow::openFile);
  connect(makeAction(tr("Reload"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                     tr("Load the file again, keeping the step")),
          &QAction::triggered, s, &DebugSession::reload);
  connect(makeAction(tr("Close"), QKeySequence(Qt::CTRL | Qt::Key_W), tr("Close the graph")), &QAction::triggered, s,
          &DebugSession::close);
  connect(makeAction(tr("Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Quit Tickscope")), &QAction::triggered, this,
          &QWidget::close);

  connect(makeAction(tr("Tick"), QKeySequence(Qt::Key_F10), tr("Make the run's next single move")), &QAction::triggered,
          s, &DebugSession::tick);
  connect(makeAction(tr("Step Back"), QKeySequence(Qt::SHIFT | Qt::Key_F10),
                     tr("Go back one step (the run is replayed from step 0)")),
          &QAction::triggered, s, &DebugSession::stepBack);
  connect(makeAction(tr("Run Until Parked"), QKeySequence(Qt::CTRL | Qt::Key_F10),
                     tr("Make scheduling decisions until none is possible")),
          &QAction::triggered, s, &DebugSession::runUntilParked);
  connect(makeAction(tr("Continue"), QKeySequence(Qt::Key_F5), tr("Run until the end or a breakpoint")),
          &QAction::triggered, s, &DebugSession::continueRun);
  connect(makeAction(tr("Pause"), QKeySequence(Qt::Key_Escape), tr("Stop the running command between two steps")),
          &QAction::triggered, s, &DebugSession::pause);
  connect(makeAction(tr("Next Event"), QKeySequence(Qt::Key_F8), tr("Run until the next event is applied")),
          &QAction::triggered, s, &DebugSession::nextEvent);
  connect(makeAction(tr("Next Timer"), QKeySequence(Qt::Key_F7), tr("Run until the next timer fires")),
          &QAction::triggered, s, &DebugSession::nextTimer);
  connect(makeAction(tr("Advance Clock"), QKeySequence(), tr("Run everything due in the next milliseconds you give")),
          &QAction::triggered, this, &MainWindow::askAdvanceClock);
  connect(makeAction(tr("Reset"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5),
                     tr("Back to step 0, forgetting the hand edits")),
          &QAction::triggered, s, &DebugSession::reset);
  connect(makeAction(tr("Go to Step…"), QKeySequence(Qt::CTRL | Qt::Key_G), tr("Go to a step by number")),
          &QAction::triggered, this, [this] {
            goTo_->setFocus();
            goTo_->selectAll();
          });
  connect(makeAction(tr("Set Cell…"), QKeySequence(), tr("Set a cell's value by hand (a hand edit)")),
          &QAction::triggered, this, &MainWindow::askSetCell);
  connect(makeAction(tr("Forget Hand Edits"), QKeySequence(), tr("Replay to this step without the hand edits")),
          &QAction::triggered, s, &DebugSession::forgetInterventions);

  // File > Export: the command line's exporters on the open file (mode and seed of the run).
  struct ReportExport {
    const char* text;
    Exporter::Report kind;
    const char* filter;
    const char* suffix;
  };
  for (const ReportExport& e : {ReportExport{"Export Report (JSON)…", Exporter::Report::Json, "JSON (*.json)", ".json"},
                                ReportExport{"Export Report (CSV)…", Exporter::Report::Csv, "CSV (*.csv)", ".csv"},
                                ReportExport{"Export Chrome Trace…", Exporter::Report::ChromeTrace,
                                             "Chrome trace (*.json)", ".trace.json"},
                                ReportExport{"Export Recording…", Exporter::Report::Recording,
                                             "Tickscope recording (*.tstrace)", ".tstrace"}}) {
    connect(makeAction(tr(e.text), QKeySequence(), tr("Run the file to its end as `tickscope run` does and save it")),
            &QAction::triggered, this, [this, e] {
              const QString out = askExportPath(tr(e.filter), QString::fromLatin1(e.suffix));
              if (!out.isEmpty()) exportReport(e.kind, out);
            });
  }
  connect(makeAction(tr("Export Graph Image (PNG)…"), QKeySequence(), tr("Save the whole graph as it is now")),
          &QAction::triggered, this, [this] {
            const QString out = askExportPath(tr("PNG image (*.png)"), QStringLiteral(".png"));
            if (!out.isEmpty()) exportGraphImage(out);
          });
  connect(makeAction(tr("Export Graph as SVG…"), QKeySequence(), tr("Save the whole graph as it is now, as vectors")),
          &QAction::triggered, this, [this] {
            const QString out = askExportPath(tr("SVG image (*.svg)"), QStringLiteral(".svg"));
            if (!out.isEmpty()) exportGraphSvg(out);
          });
  connect(makeAction(tr("Export Graph as DOT…"), QKeySequence(),
                     tr("Save the graph with this step's states and values as Graphviz DOT")),
          &QAction::triggered, this, [this] {
            const QString out = askExportPath(tr("Graphviz DOT (*.dot)"), QStringLiteral(".dot"));
            if (!out.isEmpty()) exportGraphDot(out);
          });
  connect(exporter_, &Exporter::exportFinished, this, [this](bool, const QString& message) {
    statusBar()->showMessage(message, 15000);
  });
}

QString MainWindow::askExportPath(const QString& filter, const QString& suffix) {
  const QFileInfo open(session_->filePath());
  QString base = open.completeBaseName();
  if (base.endsWith(QStringLiteral(".tsg"))) base.chop(4);
  const QString suggested = open.dir().filePath(base + suffix);
  return QFileDialog::getSaveFileName(this, tr("Export"), suggested, filter);
}

bool MainWindow::exportReport(Exporter::Report kind, const QString& out) {
  const auto snapshot = session_->snapshot();
  if (!snapshot || session_->filePath().isEmpty()) return false;
  statusBar()->showMessage(tr("Exporting %1…").arg(out));
  if (const auto recording = session_->recording())
    return exporter_->exportReport(kind, *recording->document(), snapshot->mode, snapshot->seed,
                                   recording->info().maxTimeMs, out);
  return exporter_->exportReport(kind, session_->filePath(), snapshot->mode, snapshot->seed, out);
}

QString MainWindow::exportGraphImage(const QString& out) {
  const QString error = Exporter::exportGraphImage(graph_->structure(), graph_->view()->graphLayout(),
                                                   session_->snapshot(), out);
  statusBar()->showMessage(error.isEmpty() ? tr("Exported %1").arg(out) : tr("Export failed: %1").arg(error), 15000);
  return error;
}

QString MainWindow::exportGraphSvg(const QString& out) {
  const QString error = Exporter::exportGraphSvg(graph_->structure(), graph_->view()->graphLayout(),
                                                 session_->snapshot(), out);
  statusBar()->showMessage(error.isEmpty() ? tr("Exported %1").arg(out) : tr("Export failed: %1").arg(error), 15000);
  return error;
}

QString MainWindow::exportGraphDot(const QString& out) {
  const auto snapshot = session_->snapshot();
  const QString error = Exporter::exportGraphDot(snapshot.get(), out);
  statusBar()->showMessage(error.isEmpty() ? tr("Exported %1").arg(out) : tr("Export failed: %1").arg(error), 15000);
  return error;
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(action(tr("Open…")));
  recentMenu_ = file->addMenu(tr("Open Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
  updateRecentMenu();
  file->addAction(action(tr("Reload")));
  file->addAction(action(tr("Close")));
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("Export"));
  for (const char* name : {"Export Report (JSON)…", "Export Report (CSV)…", "Export Chrome Trace…", "Export Recording…",
                           "Export Graph Image (PNG)…", "Export Graph as SVG…", "Export Graph as DOT…"})
    exports->addAction(action(tr(name)));
  file->addSeparator();
  file->addAction(action(tr("Quit")));

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  for (const char* name : {"Tick", "Step Back", "Run Until Parked", "Continue", "Pause", "Next Event", "Next Timer",
                           "Advance Clock", "Reset"})
    run->addAction(action(tr(name)));
  run->addSeparator();
  run->addAction(action(tr("Go to Step…")));
  run->addAction(action(tr("Set Cell…")));
  run->addAction(action(tr("Forget Hand Edits")));

  viewMenu_ = menuBar()->addMenu(tr("&View"));
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList files = SessionSettings::recentFiles();
  for (const QString& f : files) {
    QAction* a = recentMenu_->addAction(QFileInfo(f).fileName() + QStringLiteral("  (") + f + QStringLiteral(")"));
    connect(a, &QAction::triggered, this, [this, f] { session_->open(f); });
  }
  if (files.isEmpty()) recentMenu_->addAction(tr("No recent files"))->setEnabled(false);
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("Run"));
  bar->setObjectName(QStringLiteral("toolbar.Run"));
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  bar->addAction(action(tr("Open…")));
  bar->addAction(action(tr("Reload")));
  bar->addSeparator();
  for (const char* name : {"Tick", "Step Back", "Run Until Parked", "Continue", "Pause", "Next Event", "Next Timer",
                           "Advance Clock", "Reset"})
    bar->addAction(action(tr(name)));
  bar->addSeparator();

  auto* goToLabel = new QLabel(tr("Go to step"), bar);
  goTo_ = new QLineEdit(bar);
  goTo_->setAccessibleName(tr("Go to step"));
  goTo_->setValidator(new SeedValidator(goTo_));
  goTo_->setMaximumWidth(90);
  goTo_->setPlaceholderText(tr("step"));
  goToLabel->setBuddy(goTo_);
  connect(goTo_, &QLineEdit::returnPressed, this, &MainWindow::goToStepEntered);
  bar->addWidget(goToLabel);
  bar->addWidget(goTo_);
  bar->addSeparator();

  auto* modeLabel = new QLabel(tr("Mode"), bar);
  mode_ = new QComboBox(bar);
  mode_->addItems({QStringLiteral("pull"), QStringLiteral("push")});
  mode_->setAccessibleName(tr("Mode"));
  modeLabel->setBuddy(mode_);
  connect(mode_, &QComboBox::activated, this, [this](int index) {
    const graph::Mode mode = index == 1 ? graph::Mode::Push : graph::Mode::Pull;
    const auto snapshot = session_->snapshot();
    if (snapshot && snapshot->mode != graph::toString(mode)) session_->setMode(mode);
  });
  auto* seedLabel = new QLabel(tr("Seed"), bar);
  seed_ = new QLineEdit(bar);
  seed_->setAccessibleName(tr("Seed"));
  seed_->setValidator(new SeedValidator(seed_));
  seed_->setMaximumWidth(110);
  seedLabel->setBuddy(seed_);
  connect(seed_, &QLineEdit::returnPressed, this, &MainWindow::seedEntered);
  bar->addWidget(modeLabel);
  bar->addWidget(mode_);
  bar->addWidget(seedLabel);
  bar->addWidget(seed_);
  // The button that shows the tools a narrow window hides: named, for screen readers.
  if (auto* more = bar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button")))
    more->setAccessibleName(tr("More tools"));

  // The step scrubber, a row of its own: every step of a recording (decoded, as fast forward as
  // back), or the steps a run has reached so far (going back replays).
  addToolBarBreak();
  QToolBar* steps = addToolBar(tr("Steps"));
  steps->setObjectName(QStringLiteral("toolbar.Steps"));
  scrubber_ = new QSlider(Qt::Horizontal, steps);
  scrubber_->setAccessibleName(tr("Step slider"));
  scrubber_->setToolTip(tr("Drag to go to any step"));
  scrubber_->setRange(0, 0);
  scrubber_->setPageStep(10);
  scrubber_->setMinimumWidth(240);
  scrubberLabel_ = new QLabel(steps);
  scrubberLabel_->setMinimumWidth(scrubberLabel_->fontMetrics().horizontalAdvance(tr("step 000000 of 000000 (recording)")));
  steps->addWidget(new QLabel(tr("Steps"), steps));
  steps->addWidget(scrubber_);
  steps->addWidget(scrubberLabel_);
  scrubTimer_ = new QTimer(this);
  scrubTimer_->setSingleShot(true);
  scrubTimer_->setInterval(30);  // a drag asks for the step it rests on, not every step it passes
  connect(scrubber_, &QSlider::valueChanged, scrubTimer_, qOverload<>(&QTimer::start));
  connect(scrubTimer_, &QTimer::timeout, this, [this] {
    const auto snapshot = session_->snapshot();
    if (snapshot && static_cast<quint64>(scrubber_->value()) != snapshot->step)
      session_->goToStep(static_cast<quint64>(scrubber_->value()));
  });
}

void MainWindow::updateScrubber() {
  const auto snapshot = session_->snapshot();
  const auto recording = session_->recording();
  if (!snapshot) {
    scrubbed_ = 0;
    const QSignalBlocker block(scrubber_);
    scrubber_->setRange(0, 0);
    scrubber_->setEnabled(false);
    scrubberLabel_->clear();
    return;
  }
  scrubbed_ = std::max<quint64>(scrubbed_, snapshot->step);
  const quint64 last = recording ? recording->lastStep() : scrubbed_;
  const QSignalBlocker block(scrubber_);
  scrubber_->setEnabled(last > 0);
  scrubber_->setRange(0, static_cast<int>(std::min<quint64>(last, std::numeric_limits<int>::max())));
  if (!scrubber_->isSliderDown()) scrubber_->setValue(static_cast<int>(std::min<quint64>(snapshot->step, last)));
  scrubberLabel_->setText(recording ? tr("step %1 of %2 (recording)").arg(snapshot->step).arg(last)
                                    : tr("step %1 of %2 reached").arg(snapshot->step).arg(last));
}

// --- panes ---------------------------------------------------------------------------------------

QDockWidget* MainWindow::addPane(QWidget* pane, const QString& title, Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(QStringLiteral("dock.") + title);
  // A pane gives way to the others in a small window (its tables scroll) rather than pushing the
  // window taller than the screen: no pane asks for more than kPaneMinimumHeight.
  pane->setMinimumHeight(std::min(pane->minimumSizeHint().height(), kPaneMinimumHeight));
  dock->setWidget(pane);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  addDockWidget(area, dock);
  viewMenu_->addAction(dock->toggleViewAction());
  docks_.push_back(dock);
  return dock;
}

bool MainWindow::graphSettled() const {
  if (!session_->document()) return true;
  return !layouts_->busy() && graph_->structure() && graph_->view()->hasLayout();
}

QDockWidget* MainWindow::dock(const QString& title) const {
  for (QDockWidget* d : docks_) {
    if (d->windowTitle() == title) return d;
  }
  return nullptr;
}

void MainWindow::createDocks() {
  timing_ = new views::TimingPane(this);
  scheduler_ = new views::SchedulerPane(this);
  breakpoints_ = new views::BreakpointsPane(this);
  debounce_ = new views::DebouncePane(this);
  cycles_ = new views::CyclesPane(this);
  sessions_ = new views::SessionsPane(this);
  graph_ = new views::GraphPane(this);
  inspector_ = new views::InspectorPane(this);
  insights_ = new views::InsightsPane(this);
  timeline_ = new views::TimelinePane(this);
  compare_ = new views::ComparePane(this);
  sweep_ = new views::SweepPane(this);
  // Left: the scheduler; middle: where the run stands over the graph; right: the inspector;
  // below at the whole width: the tables (ten columns of Timing need the room).
  QDockWidget* schedulerDock = addPane(scheduler_, tr("Scheduler"), Qt::LeftDockWidgetArea);
  // The overview's wrapped text scrolls when its dock is short.
  auto* overviewScroll = new QScrollArea(this);
  overviewScroll->setWidget(overview_);
  overviewScroll->setWidgetResizable(true);
  overviewScroll->setFrameShape(QFrame::NoFrame);
  overviewScroll->setMinimumHeight(60);
  QDockWidget* runDock = addPane(overviewScroll, tr("Run"), Qt::RightDockWidgetArea);
  QDockWidget* graphDock = addPane(graph_, tr("Graph"), Qt::RightDockWidgetArea);
  QDockWidget* inspectorDock = addPane(inspector_, tr("Inspector"), Qt::RightDockWidgetArea);
  splitDockWidget(runDock, inspectorDock, Qt::Horizontal);
  splitDockWidget(runDock, graphDock, Qt::Vertical);
  // The Timeline: its own bottom dock, the tables below it (a time axis wants the whole width).
  QDockWidget* timelineDock = addPane(timeline_, tr("Timeline"), Qt::BottomDockWidgetArea);
  QDockWidget* timingDock = addPane(timing_, tr("Timing"), Qt::BottomDockWidgetArea);
  splitDockWidget(timelineDock, timingDock, Qt::Vertical);
  QDockWidget* breakpointsDock = addPane(breakpoints_, tr("Breakpoints"), Qt::BottomDockWidgetArea);
  QDockWidget* debounceDock = addPane(debounce_, tr("Debounce"), Qt::BottomDockWidgetArea);
  QDockWidget* cyclesDock = addPane(cycles_, tr("Cycles"), Qt::BottomDockWidgetArea);
  QDockWidget* sessionsDock = addPane(sessions_, tr("Sessions"), Qt::BottomDockWidgetArea);
  QDockWidget* insightsDock = addPane(insights_, tr("Insights"), Qt::BottomDockWidgetArea);
  QDockWidget* compareDock = addPane(compare_, tr("Compare"), Qt::BottomDockWidgetArea);
  QDockWidget* sweepDock = addPane(sweep_, tr("Sweep"), Qt::BottomDockWidgetArea);
  tabifyDockWidget(timingDock, breakpointsDock);
  tabifyDockWidget(breakpointsDock, debounceDock);
  tabifyDockWidget(debounceDock, cyclesDock);
  tabifyDockWidget(cyclesDock, sessionsDock);
  tabifyDockWidget(sessionsDock, insightsDock);
  tabifyDockWidget(insightsDock, compareDock);
  tabifyDockWidget(compareDock, sweepDock);
  timingDock->raise();
  resizeDocks({schedulerDock, graphDock, inspectorDock}, {400, 660, 340}, Qt::Horizontal);
  resizeDocks({runDock, graphDock}, {80, 340}, Qt::Vertical);
  resizeDocks({timelineDock, timingDock}, {200, 100}, Qt::Vertical);
  // The window's graph has the Timeline and the tables below it: its legend (three rows) starts
  // folded so the graph keeps room to be read; the Legend button shows it.
  graph_->legendAction()->setChecked(false);
}

void MainWindow::createStatusBar() {
  auto field = [this](const QString& name) {
    auto* label = new QLabel(this);
    label->setObjectName(QStringLiteral("status.") + name);
    label->setMinimumWidth(60);
    statusBar()->addPermanentWidget(label);
    return label;
  };
  progress_ = new QProgressBar(this);
  progress_->setAccessibleName(tr("Progress"));
  progress_->setMinimumWidth(260);
  progress_->setMaximumWidth(420);
  progress_->setTextVisible(true);
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->setAccessibleName(tr("Cancel"));
  connect(cancel_, &QToolButton::clicked, this, [this] {
    if (session_->busy().loading) session_->cancelLoad();
    if (session_->busy().running) session_->pause();
  });
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);
  stepField_ = field(QStringLiteral("step"));
  timeField_ = field(QStringLiteral("time"));
  modeField_ = field(QStringLiteral("mode"));
  seedField_ = field(QStringLiteral("seed"));
  pendingField_ = field(QStringLiteral("pending"));
  dirtyField_ = field(QStringLiteral("dirty"));
  showSnapshot(nullptr);
}

QLabel* MainWindow::statusField(const QString& name) const {
  return findChild<QLabel*>(QStringLiteral("status.") + name);
}

// --- the session -----------------------------------------------------------------------------

namespace {
// sessionRun: the mode and seed the session's run has now (the file's before its first snapshot).
std::pair<graph::Mode, std::uint64_t> sessionRun(const DebugSession& session) {
  if (const auto snap = session.snapshot())
    return {graph::parseMode(snap->mode).value_or(graph::Mode::Pull), snap->seed};
  if (const auto doc = session.document()) return {doc->settings.mode, doc->settings.seed};
  return {graph::Mode::Pull, 0};
}
}  // namespace

void MainWindow::connectAnalysis() {
  connect(session_, &DebugSession::documentChanged, this, [this] {
    // Another document (or none): what was compared or swept belongs to the old one.
    comparisonJob_->cancel();
    sweepJob_->forget();
    compare_->clear();
    compare_->setDocumentOpen(session_->hasDocument());
    sweep_->setResult(nullptr);
    sweep_->setDocumentOpen(false);
    sweep_->setDocumentOpen(session_->hasDocument(),
                            QString::fromUtf8(graph::toString(sessionRun(*session_).first).data()));
  });
  connect(compare_, &views::ComparePane::compareRequested, this, [this](const views::CompareRequest& request) {
    const auto [mode, seed] = sessionRun(*session_);
    comparisonJob_->start(session_->document(), request, mode, seed);
  });
  connect(compare_, &views::ComparePane::cancelRequested, comparisonJob_, &ComparisonJob::cancel);
  connect(comparisonJob_, &ComparisonJob::runningChanged, compare_, &views::ComparePane::setRunning);
  connect(comparisonJob_, &ComparisonJob::finished, this,
          [this](const std::shared_ptr<const run::RunComparison>& comparison) {
            compare_->setResult(comparison, comparisonJob_->side(0).name, comparisonJob_->side(1).name,
                                comparisonJob_->side(1).openable);
            compare_->setTimelines(comparisonJob_->end(0), comparisonJob_->end(1));
          });
  connect(comparisonJob_, &ComparisonJob::failed, compare_, &views::ComparePane::setError);
  connect(compare_, &views::ComparePane::decisionActivated, this,
          [this](int side, quint64 step, const QList<uint>& actions) {
            const ComparisonJob::Side& s = comparisonJob_->side(side);
            if (!s.openable) return;
            openRunAt(s.mode, s.seed, step, std::vector<std::uint32_t>(actions.begin(), actions.end()));
          });

  connect(sweep_, &views::SweepPane::sweepRequested, this, [this](quint64 seeds, const QString& mode) {
    sweepJob_->start(session_->document(), seeds, graph::parseMode(mode.toStdString()).value_or(graph::Mode::Pull));
  });
  connect(sweep_, &views::SweepPane::cancelRequested, sweepJob_, &SweepJob::cancel);
  connect(sweepJob_, &SweepJob::runningChanged, sweep_, &views::SweepPane::setRunning);
  connect(sweepJob_, &SweepJob::progress, sweep_, &views::SweepPane::setProgress);
  connect(sweepJob_, &SweepJob::finished, sweep_, &views::SweepPane::setResult);
  connect(sweepJob_, &SweepJob::failed, sweep_, &views::SweepPane::setError);
  connect(sweep_, &views::SweepPane::openSeedRequested, this, [this](quint64 seed, quint64 step, const QString& mode) {
    // The explanation's step: select what the group's first seed ran there, when it is known.
    std::vector<std::uint32_t> actions;
    if (const auto result = sweep_->result(); result && result->explanation) {
      const run::RunComparison& e = *result->explanation;
      if (e.decisionA && e.a.seed == seed && e.decisionA->step == step) actions = e.decisionA->ran;
      if (e.decisionB && e.b.seed == seed && e.decisionB->step == step) actions = e.decisionB->ran;
    }
    openRunAt(graph::parseMode(mode.toStdString()).value_or(graph::Mode::Pull), seed, step, actions);
  });
}

void MainWindow::openRunAt(graph::Mode mode, std::uint64_t seed, std::uint64_t step,
                           const std::vector<std::uint32_t>& actions) {
  if (!session_->hasDocument()) return;
  const auto [currentMode, currentSeed] = sessionRun(*session_);
  // The selection first: a command submitted after a long one (going to a step) interrupts it.
  if (!actions.empty()) session_->select(views::Selection::ofActions(actions));
  // Each is a restart at step 0, queued before the step: the commands run in order.
  if (mode != currentMode) session_->setMode(mode);
  if (seed != currentSeed) session_->setSeed(seed);
  session_->goToStep(step);
}

void MainWindow::connectSession() {
  DebugSession* s = session_;
  connect(s, &DebugSession::documentChanged, this, [this] {
    scrubbed_ = 0;
    updateTitle();
    overview_->setDocument(session_->filePath(), session_->document());
    layouts_->cancel();
    layoutKeys_.clear();
    graph_->setDocument(session_->document());
    inspector_->setDocument(session_->document());
    breakpoints_->setDocument(session_->document());
    showBreakpoints();
    updateActions();
  });
  connect(s, &DebugSession::snapshotChanged, this, &MainWindow::showSnapshot);
  connect(s, &DebugSession::breakpointsChanged, this, &MainWindow::showBreakpoints);
  connect(s, &DebugSession::historyChanged, this, &MainWindow::showHistory);
  connect(s, &DebugSession::busyChanged, this, &MainWindow::updateBusy);
  connect(s, &DebugSession::message, this, [this](const QString& text) {
    overview_->setMessage(text);
    statusBar()->showMessage(text, 15000);
  });
  connect(s, &DebugSession::loadFailed, this, [this](const QString& text) {
    overview_->setLoadError(text);
    statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 15000);
  });
  connect(s, &DebugSession::loadSucceeded, this, [this] { overview_->setLoadError({}); });
  connect(overview_, &views::RunOverview::forgetInterventionsRequested, s, &DebugSession::forgetInterventions);

  connect(s, &DebugSession::selectionChanged, this, [this](const views::Selection& selection) {
    timing_->setSelection(selection);
    graph_->setSelection(selection);
    scheduler_->setSelection(selection);
    breakpoints_->setSelection(selection);
    debounce_->setSelection(selection);
    cycles_->setSelection(selection);
    sessions_->setSelection(selection);
    insights_->setSelection(selection);
    timeline_->setSelection(selection);
  });
  connect(timeline_, &views::TimelinePane::selectionRequested, s, &DebugSession::select);
  // Timing's "Show in Timeline": the action selected everywhere, its histogram in the Timeline.
  connect(timing_, &views::TimingPane::showInTimelineRequested, this, [this, s](std::uint32_t action) {
    s->select(views::Selection::ofAction(action));
    timeline_->showHistogram(action);
    if (QDockWidget* d = dock(tr("Timeline"))) {
      d->show();
      d->raise();
    }
  });
  connect(timing_, &views::TimingPane::selectionRequested, s, &DebugSession::select);
  connect(graph_, &views::GraphPane::selectionRequested, s, &DebugSession::select);
  connect(inspector_, &views::InspectorPane::selectionRequested, s, &DebugSession::select);
  connect(inspector_, &views::InspectorPane::cellValueEditRequested, s, &DebugSession::setCellValue);
  connect(s, &DebugSession::inspectionChanged, inspector_, &views::InspectorPane::setInspection);
  // The graph pane asks for layouts; the service makes them in the background.
  connect(graph_, &views::GraphPane::layoutRequested, this,
          [this](const std::shared_ptr<const views::GraphStructure>& structure) {
            if (!structure) return;
            auto graph = std::make_shared<const views::layout::LayoutGraph>(structure->layoutGraph);
            layoutKeys_[layouts_->request(std::move(graph), structure->hash)] = structure->hash;
          });
  connect(layouts_, &views::layout::LayoutService::layoutReady, this,
          [this](quint64 generation, const std::shared_ptr<const views::layout::GraphLayout>& layout) {
            const auto it = layoutKeys_.find(generation);
            if (it != layoutKeys_.end()) graph_->setLayout(layout, it->second);
          });
  connect(scheduler_, &views::SchedulerPane::selectionRequested, s, &DebugSession::select);
  connect(insights_, &views::InsightsPane::selectionRequested, s, &DebugSession::select);
  connect(debounce_, &views::DebouncePane::selectionRequested, s, &DebugSession::select);
  connect(cycles_, &views::CyclesPane::selectionRequested, s, &DebugSession::select);
  connect(sessions_, &views::SessionsPane::selectionRequested, s, &DebugSession::select);
  connect(scheduler_, &views::SchedulerPane::deprioritizeRequested, s, &DebugSession::setLabelDeprioritized);
  connect(breakpoints_, &views::BreakpointsPane::breakpointsChangeRequested, s, &DebugSession::setBreakpoints);
}

void MainWindow::showSnapshot(const std::shared_ptr<const run::RunSnapshot>& snapshot) {
  // The status fields, exactly as spec section 7 words them.
  if (snapshot) {
    stepField_->setText(QStringLiteral("step %1").arg(snapshot->step));
    timeField_->setText(QStringLiteral("time %1 ms").arg(views::formatNumber(snapshot->nowMs)));
    modeField_->setText(QStringLiteral("mode %1").arg(QString::fromStdString(snapshot->mode)));
    seedField_->setText(QStringLiteral("seed %1").arg(snapshot->seed));
    pendingField_->setText(QStringLiteral("pending %1").arg(snapshot->pending));
    dirtyField_->setText(QStringLiteral("dirty %1").arg(snapshot->dirty));
    mode_->setCurrentIndex(snapshot->mode == "push" ? 1 : 0);
    if (!seed_->hasFocus()) seed_->setText(QString::number(snapshot->seed));
    if (!goTo_->hasFocus()) goTo_->setText(QString::number(snapshot->step));
  } else {
    for (QLabel* l : {stepField_, timeField_, modeField_, seedField_, pendingField_, dirtyField_}) l->clear();
    goTo_->clear();
    seed_->clear();
  }
  for (QLabel* l : {stepField_, timeField_, modeField_, seedField_, pendingField_, dirtyField_}) {
    l->setVisible(snapshot != nullptr);
    l->setAccessibleName(l->text());
  }
  overview_->setSnapshot(snapshot);
  graph_->setSnapshot(snapshot);
  timing_->setSnapshot(snapshot);
  scheduler_->setSnapshot(snapshot);
  debounce_->setSnapshot(snapshot);
  cycles_->setSnapshot(snapshot);
  sessions_->setSnapshot(snapshot);
  insights_->setSnapshot(snapshot);
  timeline_->setSnapshot(snapshot);
  updateActions();
}

void MainWindow::showBreakpoints() {
  breakpoints_->setBreakpoints(session_->breakpoints(), session_->publication().hitCounts);
  breakpoints_->setLastHit(session_->lastBreakpointHit());
}

void MainWindow::showHistory() {
  QStringList lines;
  if (const auto document = session_->document()) {
    for (const run::Intervention& i : session_->publication().history)
      lines << QString::fromStdString(run::describe(i, *document));
  }
  overview_->setInterventions(lines);
  action(tr("Forget Hand Edits"))->setEnabled(!lines.isEmpty());
}

void MainWindow::updateTitle() {
  setWindowTitle(session_->hasDocument() ? QStringLiteral("%1 — Tickscope").arg(session_->documentName())
                                         : QStringLiteral("Tickscope"));
}

void MainWindow::updateActions() {
  const bool open = session_->hasDocument();
  const auto snapshot = session_->snapshot();
  // A recording is what happened: it can be moved through, not changed.
  const auto recording = session_->recording();
  const bool over = snapshot && (recording ? snapshot->step >= recording->lastStep() : snapshot->done);
  for (const char* name : {"Tick", "Run Until Parked", "Continue", "Next Event", "Next Timer"})
    action(tr(name))->setEnabled(open && !over);
  action(tr("Advance Clock"))->setEnabled(open && !over && !recording);
  action(tr("Step Back"))->setEnabled(open && snapshot && snapshot->step > 0);
  for (const char* name : {"Reload", "Close", "Reset", "Go to Step…", "Export Report (JSON)…", "Export Report (CSV)…",
                           "Export Chrome Trace…", "Export Recording…", "Export Graph Image (PNG)…",
                           "Export Graph as SVG…", "Export Graph as DOT…"})
    action(tr(name))->setEnabled(open);
  action(tr("Set Cell…"))->setEnabled(open && !recording);
  action(tr("Pause"))->setEnabled(open);
  action(tr("Forget Hand Edits"))->setEnabled(open && !session_->publication().history.empty());
  goTo_->setEnabled(open);
  mode_->setEnabled(open && !recording);
  seed_->setEnabled(open && !recording);
  updateScrubber();
}

void MainWindow::updateBusy() {
  const DebugSession::Busy& busy = session_->busy();
  progress_->setVisible(busy.active());
  cancel_->setVisible(busy.active());
  if (!busy.active()) return;
  if (busy.total > 0) {
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(1000 * std::min(busy.done, busy.total) / busy.total));
    progress_->setFormat(busy.what + QStringLiteral(" %p%"));
  } else {
    progress_->setRange(0, 0);  // busy, length unknown
    progress_->setFormat(busy.done > 0 ? tr("%1: %2 steps").arg(busy.what).arg(busy.done) : busy.what);
  }
  progress_->setToolTip(busy.what);
}

// --- user input --------------------------------------------------------------------------------

void MainWindow::openFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a graph"), QString(),
                                                    tr("Tickscope graphs and recordings (*.tsg.json *.json *.tstrace);;"
                                                       "Tickscope recordings (*.tstrace);;All files (*)"));
  if (!path.isEmpty()) session_->open(path);
}

void MainWindow::askAdvanceClock() {
  if (!session_->hasDocument()) return;
  bool ok = false;
  const double ms = QInputDialog::getDouble(this, tr("Advance Clock"), tr("Advance the clock by (milliseconds):"), 100,
                                            0.001, run::Runner::kMaxVirtualMs, 3, &ok);
  if (ok) session_->advanceClock(ms);
}

void MainWindow::askSetCell() {
  const auto document = session_->document();
  if (!document) return;
  QStringList cells;
  for (std::size_t c = 0; c < document->cellCount(); ++c)
    cells << QString::fromStdString(std::string(document->cellId(static_cast<graph::CellIndex>(c))));
  bool ok = false;
  const QString cell = QInputDialog::getItem(this, tr("Set Cell"), tr("Cell:"), cells, 0, true, &ok);
  if (!ok) return;
  const auto index = document->findCell(cell.toStdString());
  if (!index) {
    statusBar()->showMessage(tr("No cell named %1").arg(cell), 8000);
    return;
  }
  const auto snapshot = session_->snapshot();
  const double current = snapshot && *index < snapshot->cells.size() ? snapshot->cells[*index] : 0;
  const double value = QInputDialog::getDouble(this, tr("Set Cell"), tr("New value of %1:").arg(cell), current,
                                               -1e300, 1e300, 6, &ok);
  if (ok) session_->setCellValue(*index, value);
}

void MainWindow::goToStepEntered() {
  bool ok = false;
  const quint64 step = goTo_->text().toULongLong(&ok);
  if (ok) session_->goToStep(step);
}

void MainWindow::seedEntered() {
  bool ok = false;
  const quint64 seed = seed_->text().toULongLong(&ok);
  const auto snapshot = session_->snapshot();
  if (ok && snapshot && snapshot->seed != seed) session_->setSeed(seed);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() &&
      event->mimeData()->urls().front().isLocalFile())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.front().isLocalFile()) return;
  session_->open(urls.front().toLocalFile());
  event->acceptProposedAction();
}

// --- layout ------------------------------------------------------------------------------------

void MainWindow::restoreLayout() {
  const QByteArray geometry = SessionSettings::windowGeometry();
  if (!geometry.isEmpty()) restoreGeometry(geometry);
  const QByteArray state = SessionSettings::windowState();
  if (!state.isEmpty()) restoreState(state, kLayoutVersion);  // another version's is ignored
}

void MainWindow::saveLayout() const { SessionSettings::setWindowLayout(saveGeometry(), saveState(kLayoutVersion)); }

void MainWindow::closeEvent(QCloseEvent* event) {
  saveLayout();
  session_->pause();
  QMainWindow::closeEvent(event);
}

}  // namespace tickscope::app
