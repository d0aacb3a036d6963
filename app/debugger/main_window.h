#pragma once
// MainWindow: the debugger's window, as spec section 7 fixes it: the title "NAME — Tickscope"
// ("Tickscope" with nothing open); the actions with their texts and shortcuts in the File,
// Run and View menus and the tool bar (Open… Ctrl+O, Reload Ctrl+Shift+R, Tick F10, Step
// Back Shift+F10, Run Until Parked Ctrl+F10, Continue F5, Pause Esc, Next Event F8, Next
// Timer F7, Advance Clock, Reset Ctrl+Shift+F5); a status bar of one label per field (`step
// N`, `time T ms`, `mode pull|push`, `seed N`, `pending N`, `dirty N`); the panes as dock
// widgets with their titles (movable, the layout saved between sessions); a file dropped on
// the window opens. It wires the DebugSession to the panes: snapshots and the shared
// selection go down, the panes' intents go to the session.
#include <QMainWindow>
#include <QPointer>

#include <cstdint>
#include <map>

#include "comparison_job.h"
#include "debug_session.h"
#include "exporter.h"
#include "sweep_job.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSlider;
class QTimer;
class QSpinBox;
class QToolButton;

namespace tickscope::views {
class BreakpointsPane;
class ComparePane;
class CyclesPane;
class DebouncePane;
class GraphPane;
class InsightsPane;
class InspectorPane;
class RunOverview;
class SchedulerPane;
class SessionsPane;
class SweepPane;
class TimingPane;
class TimelinePane;
}  // namespace tickscope::views

namespace tickscope::views::layout {
class LayoutService;
}

namespace tickscope::app {

class MainWindow final : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(DebugSession* session, QWidget* parent = nullptr);

  DebugSession* session() const { return session_; }
  // action: by its text (the spec's), e.g. action("Tick"); nullptr if there is none.
  QAction* action(const QString& text) const;
  // statusField: the status bar label of a field: "step", "time", "mode", "seed", "pending", "dirty".
  QLabel* statusField(const QString& name) const;
  QDockWidget* dock(const QString& title) const;
  views::RunOverview* overview() const { return overview_; }
  views::TimingPane* timingPane() const { return timing_; }
  views::TimelinePane* timelinePane() const { return timeline_; }
  views::SchedulerPane* schedulerPane() const { return scheduler_; }
  views::BreakpointsPane* breakpointsPane() const { return breakpoints_; }
  views::GraphPane* graphPane() const { return graph_; }
  views::InspectorPane* inspectorPane() const { return inspector_; }
  views::InsightsPane* insightsPane() const { return insights_; }
  views::ComparePane* comparePane() const { return compare_; }
  views::SweepPane* sweepPane() const { return sweep_; }
  ComparisonJob* comparisonJob() const { return comparisonJob_; }
  SweepJob* sweepJob() const { return sweepJob_; }
  // openRunAt: the session's run with `mode` and `seed` (restarted if either differs), at step
  // `step`, with `actions` selected: where the Compare and Sweep panes take the user.
  void openRunAt(graph::Mode mode, std::uint64_t seed, std::uint64_t step, const std::vector<std::uint32_t>& actions);
  views::layout::LayoutService* layoutService() const { return layouts_; }
  // graphSettled: the graph shows its final layout (none to wait for: nothing open).
  bool graphSettled() const;
  // exportReport / exportGraphImage: File > Export without the file dialog (exporter.h).
  // exportReport: false when nothing is open or an export runs; the exporter says when done.
  bool exportReport(Exporter::Report kind, const QString& out);
  // exportGraphImage: "" when written, else why not.
  QString exportGraphImage(const QString& out);
  // exportGraphSvg / exportGraphDot: the whole graph with the current step's states as SVG
  // (vectors) or DOT (run/state_dot.h); "" when written, else why not.
  QString exportGraphSvg(const QString& out);
  QString exportGraphDot(const QString& out);
  Exporter* exporter() const { return exporter_; }
  QProgressBar* progressBar() const { return progress_; }
  QLineEdit* goToStepField() const { return goTo_; }
  QSlider* stepSlider() const { return scrubber_; }
  QComboBox* modeBox() const { return mode_; }
  QLineEdit* seedField() const { return seed_; }

  // restoreLayout / saveLayout: the window's geometry and docks, in the user's settings.
  void restoreLayout();
  void saveLayout() const;

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QAction* makeAction(const QString& text, const QKeySequence& shortcut, const QString& tip);
  void createActions();
  void createMenus();
  void createToolBar();
  void createDocks();
  void createStatusBar();
  void connectSession();
  void connectAnalysis();
  QDockWidget* addPane(QWidget* pane, const QString& title, Qt::DockWidgetArea area);

  void openFile();
  void askAdvanceClock();
  void askSetCell();
  QString askExportPath(const QString& filter, const QString& suffix);
  void goToStepEntered();
  void seedEntered();
  void updateTitle();
  void updateActions();
  // updateScrubber: the step slider's range and position from the snapshot (and the recording).
  void updateScrubber();
  void updateBusy();
  void updateRecentMenu();
  void showSnapshot(const std::shared_ptr<const run::RunSnapshot>& snapshot);
  void showBreakpoints();
  void showHistory();

  DebugSession* session_;
  views::RunOverview* overview_;
  views::TimingPane* timing_ = nullptr;
  views::TimelinePane* timeline_ = nullptr;
  views::SchedulerPane* scheduler_ = nullptr;
  views::BreakpointsPane* breakpoints_ = nullptr;
  views::DebouncePane* debounce_ = nullptr;
  views::CyclesPane* cycles_ = nullptr;
  views::SessionsPane* sessions_ = nullptr;
  views::GraphPane* graph_ = nullptr;
  views::InspectorPane* inspector_ = nullptr;
  views::InsightsPane* insights_ = nullptr;
  views::ComparePane* compare_ = nullptr;
  views::SweepPane* sweep_ = nullptr;
  ComparisonJob* comparisonJob_ = nullptr;
  SweepJob* sweepJob_ = nullptr;
  views::layout::LayoutService* layouts_;
  Exporter* exporter_;
  std::map<std::uint64_t, std::uint64_t> layoutKeys_;  // layout request generation -> structure hash
  std::vector<QAction*> actions_;
  std::vector<QDockWidget*> docks_;
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QLabel* stepField_ = nullptr;
  QLabel* timeField_ = nullptr;
  QLabel* modeField_ = nullptr;
  QLabel* seedField_ = nullptr;
  QLabel* pendingField_ = nullptr;
  QLabel* dirtyField_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_ = nullptr;
  QLineEdit* goTo_ = nullptr;
  QSlider* scrubber_ = nullptr;
  QLabel* scrubberLabel_ = nullptr;
  QTimer* scrubTimer_ = nullptr;
  quint64 scrubbed_ = 0;  // the furthest step of this document's run seen (a run's scrubber range)
  QComboBox* mode_ = nullptr;
  QLineEdit* seed_ = nullptr;
};

}  // namespace tickscope::app
