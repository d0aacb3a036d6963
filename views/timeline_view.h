#pragma once
// TimelineView: the Timeline pane's canvas, Tracy's structure: a viewport (the time at the
// left edge, ms per pixel, the first row shown), a binary search for what a row has in the
// visible time range (TimelineModel::visibleRuns), and a draw list built from that alone, so
// a frame costs what is visible, not what was recorded. In a row, runs narrower than
// kFoldPx fold, with the narrow runs that start within the next kFoldPx, into one mark
// carrying their count (the counts of the bars and folds of a row add up to the runs that
// reach the range). Names at the left, a time ruler on top, a cursor at the snapshot's now.
//
// Input: wheel zooms around the mouse (Shift+wheel scrolls the rows), a left drag pans,
// Shift+drag or a right drag selects a time range (rangeSelected), +/- zoom, Home fits,
// Up/Down/PageUp/PageDown scroll the rows. A click on a run asks to select its action and
// its step (selectionRequested); on a row, its action (a label row: its actions); on a
// group header, collapses or expands the group. Hovering a run shows its details.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include <QRectF>
#include <QWidget>

#include "selection.h"

namespace tickscope::views {

class TimelineModel;

struct TimelineViewport {
  double startMs = 0;   // the time at the plot's left edge
  double msPerPx = 1;   // zoom
  int firstRow = 0;     // the first shown row drawn (index in TimelineModel::shownRows)
};

struct TimelineDrawItem {
  enum class Kind : std::uint8_t { Bar, Fold, DebounceSpan, Restart, Cycle, Iteration, Event, Clock, HandEdit, Session };
  Kind kind = Kind::Bar;
  QRectF rect;
  std::uint32_t count = 1;  // Bar: 1; Fold: the runs folded into it
  std::uint32_t ref = 0;    // Bar, Fold: the (first) run's log index; spans: the action or cycle
  std::uint32_t row = 0;    // index in TimelineModel::rows
  std::uint8_t flags = 0;   // Bar: TimelineRun::flags; DebounceSpan: 1 when it fired, 2 when open
};

class TimelineView final : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kNameWidth = 170;
  static constexpr int kRulerHeight = 22;
  static constexpr int kRowHeight = 20;
  static constexpr double kFoldPx = 3;

  explicit TimelineView(QWidget* parent = nullptr);

  // setModel: the model drawn (owned by the pane); modelChanged after each update.
  void setModel(TimelineModel* model);
  void modelChanged();
  void setSelection(const Selection& selection);

  const TimelineViewport& viewport() const { return viewport_; }
  void setViewport(const TimelineViewport& viewport);
  // fit: the whole run in view (and it stays fitted as the run grows, until a zoom or pan).
  void fit();
  // zoomAt: zooms by `factor` (> 1 zooms in) keeping the time under plot x `x` in place.
  void zoomAt(double factor, double x);
  // zoomToRange: [fromMs, toMs] fills the plot.
  void zoomToRange(double fromMs, double toMs);
  // zoomToSelection: the selected range, else the selected action's runs.
  void zoomToSelection();

  // The geometry: plot x (widget x) of a time and back; the row at a widget y.
  double xOf(double ms) const { return kNameWidth + (ms - viewport_.startMs) / viewport_.msPerPx; }
  double timeAt(double x) const { return viewport_.startMs + (x - kNameWidth) * viewport_.msPerPx; }
  std::optional<std::uint32_t> rowAt(double y) const;  // index in TimelineModel::rows
  int rowsThatFit() const { return std::max(1, (height() - kRulerHeight) / kRowHeight); }
  // lastFirstRow: the largest firstRow (the last rows at the bottom); the pane's scroll bar's range.
  int lastFirstRow() const;
  double rowTop(std::uint32_t row) const;             // NaN when not shown

  // buildDrawList: what a frame of the current size and viewport draws (the tests count it).
  std::vector<TimelineDrawItem> buildDrawList() const;
  // runAt: the run (log index) drawn under `pos`: a bar, or the first run of a fold.
  std::optional<std::uint32_t> runAt(QPointF pos) const;
  // hoverText: the tooltip at `pos` ("" over nothing): a run's details, a fold's count, a span's.
  QString hoverText(QPointF pos) const;

  std::optional<std::pair<double, double>> range() const { return range_; }
  // rulerLabel: a ruler tick's text, `decimals` after the point ("0.3 ms", "1200 ms").
  static QString rulerLabel(double ms, int decimals);
  void setRange(std::optional<std::pair<double, double>> range);

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  void rangeSelected(double fromMs, double toMs);
  void rangeCleared();
  void viewportChanged();

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  double plotWidth() const { return std::max(1, width() - kNameWidth); }
  void click(QPointF pos);
  void clampRows();
  void paintRuler(class QPainter& p) const;

  TimelineModel* model_ = nullptr;
  TimelineViewport viewport_;
  Selection selection_;
  bool fitted_ = true;
  std::optional<std::pair<double, double>> range_;
  // Dragging: a pan (left) or a range (Shift+left, right).
  enum class Drag : std::uint8_t { None, Pan, Range } drag_ = Drag::None;
  QPointF pressPos_;
  TimelineViewport pressViewport_;
  bool moved_ = false;
};

}  // namespace tickscope::views
