#pragma once
// TimelinePane: the Timeline pane (issue 15): the run on a virtual time axis (TimelineView:
// a row per action with its runs as bars and its debounce timers as spans, rows for labels,
// sessions, cycles, events and clock moves, a cursor at now), Fit / Zoom to selection, the
// statistics of a selected time range in a strip below, and the selected action's run-time
// histogram beside it (RunTimeHistogram; showHistogram is how the Timing pane reaches it).
// It reads the snapshot's TimelineLog (only below the snapshot's counts) and asks for
// selections (selectionRequested) like every pane; setSelection shows the shared one.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"
#include "timeline_model.h"

class QLabel;
class QScrollBar;
class QToolButton;

namespace tickscope::views {

class RunTimeHistogram;
class TimelineView;

class TimelinePane final : public QWidget {
  Q_OBJECT
 public:
  explicit TimelinePane(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  void setSelection(const Selection& selection);
  // showHistogram: the run-time histogram of `action` (and its row in view).
  void showHistogram(std::uint32_t action);

  TimelineView* view() const { return view_; }
  const TimelineModel& model() const { return model_; }
  RunTimeHistogram* histogram() const { return histogram_; }
  // rangeText: the strip's text for the selected range ("" when none).
  QString rangeText() const;

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);

 private:
  void rangeSelected(double fromMs, double toMs);
  void refreshRange();
  void syncScrollBar();

  TimelineModel model_;
  TimelineView* view_;
  RunTimeHistogram* histogram_;
  QLabel* range_;
  QScrollBar* rows_;  // scrolls the view's rows (the view has no scroll area of its own)
  QToolButton* fit_;
  QToolButton* zoomSelection_;
  std::optional<std::uint32_t> histogramAction_;
};

}  // namespace tickscope::views
