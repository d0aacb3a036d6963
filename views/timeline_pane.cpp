#include "timeline_pane.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "format.h"
#include "run_time_histogram.h"
#include "timeline_view.h"

namespace tickscope::views {

TimelinePane::TimelinePane(QWidget* parent)
    : QWidget(parent),
      view_(new TimelineView(this)),
      histogram_(new RunTimeHistogram(this)),
      range_(new QLabel(this)),
      rows_(new QScrollBar(Qt::Vertical, this)),
      fit_(new QToolButton(this)),
      zoomSelection_(new QToolButton(this)) {
  setAccessibleName(tr("Timeline pane"));
  view_->setModel(&model_);

  fit_->setText(tr("Fit"));
  fit_->setToolTip(tr("Show the whole run (Home)"));
  fit_->setAccessibleName(tr("Fit"));
  zoomSelection_->setText(tr("Zoom to selection"));
  zoomSelection_->setToolTip(tr("Zoom to the selected time range, or else to the selected action's runs"));
  zoomSelection_->setAccessibleName(tr("Zoom to selection"));
  auto* hint = new QLabel(tr("wheel: zoom · drag: pan · Shift+drag: range · click: select"), this);
  hint->setEnabled(false);
  range_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  range_->setAccessibleName(tr("Range statistics"));
  range_->setWordWrap(true);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 2, 4, 2);
  bar->addWidget(fit_);
  bar->addWidget(zoomSelection_);
  bar->addSpacing(12);
  bar->addWidget(hint, 1);

  rows_->setAccessibleName(tr("Timeline rows"));
  auto* viewBox = new QWidget(this);
  auto* viewLayout = new QHBoxLayout(viewBox);
  viewLayout->setContentsMargins(0, 0, 0, 0);
  viewLayout->setSpacing(0);
  viewLayout->addWidget(view_, 1);
  viewLayout->addWidget(rows_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(viewBox);
  split->addWidget(histogram_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 0);
  split->setSizes({900, 240});
  split->setCollapsible(0, false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addLayout(bar);
  layout->addWidget(split, 1);
  layout->addWidget(range_);
  range_->setContentsMargins(6, 2, 6, 2);
  range_->setText(tr("Shift+drag (or right-drag) across the timeline to see a range's statistics"));

  connect(fit_, &QToolButton::clicked, view_, &TimelineView::fit);
  connect(zoomSelection_, &QToolButton::clicked, view_, &TimelineView::zoomToSelection);
  connect(view_, &TimelineView::selectionRequested, this, &TimelinePane::selectionRequested);
  connect(view_, &TimelineView::rangeSelected, this, &TimelinePane::rangeSelected);
  connect(view_, &TimelineView::rangeCleared, this, &TimelinePane::refreshRange);
  connect(view_, &TimelineView::viewportChanged, this, &TimelinePane::syncScrollBar);
  connect(rows_, &QScrollBar::valueChanged, this, [this](int value) {
    if (value == view_->viewport().firstRow) return;
    TimelineViewport v = view_->viewport();
    v.firstRow = value;
    view_->setViewport(v);
  });
  syncScrollBar();
}

void TimelinePane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const std::shared_ptr<const graph::GraphDocument> before =
      model_.snapshot() ? model_.snapshot()->document : nullptr;
  model_.update(snapshot);
  // Another document: the whole run in view again, no range from the old one.
  if (!snapshot || snapshot->document != before) {
    view_->setRange(std::nullopt);
    view_->fit();
  }
  view_->modelChanged();
  syncScrollBar();
  refreshRange();
  if (histogramAction_) showHistogram(*histogramAction_);
}

void TimelinePane::syncScrollBar() {
  const QSignalBlocker block(rows_);
  rows_->setRange(0, view_->lastFirstRow());
  rows_->setPageStep(view_->rowsThatFit());
  rows_->setValue(view_->viewport().firstRow);
  rows_->setVisible(view_->lastFirstRow() > 0);
}

void TimelinePane::setSelection(const Selection& selection) {
  view_->setSelection(selection);
  if (const auto action = selection.primaryAction()) {
    showHistogram(*action);
  } else {
    histogramAction_.reset();
    histogram_->setRunTimes({}, {});
  }
}

void TimelinePane::showHistogram(std::uint32_t action) {
  histogramAction_ = action;
  histogram_->setRunTimes(model_.actionName(action), model_.runTimes(action));
}

void TimelinePane::rangeSelected(double fromMs, double toMs) {
  (void)fromMs;
  (void)toMs;
  refreshRange();
}

QString TimelinePane::rangeText() const {
  const auto range = view_->range();
  if (!range) return {};
  const TimelineModel::RangeStats stats = model_.rangeStats(range->first, range->second);
  const double span = range->second - range->first;
  QString text = tr("%1 to %2 (%3): %4, busy %5 (%6%)")
                     .arg(shortMs(range->first), shortMs(range->second), shortMs(span), countText(stats.runs, "run", "runs"),
                          shortMs(stats.busyMs),
                          QString::number(span > 0 ? std::round(stats.busyMs / span * 1000) / 10 : 0.0));
  if (!stats.top.empty()) {
    QStringList top;
    for (const auto& t : stats.top)
      top << tr("%1 %2 (%3)").arg(model_.actionName(t.action), shortMs(t.busyMs), countText(t.runs, "run", "runs"));
    text += tr(" · busiest: ") + top.join(QStringLiteral(", "));
  }
  return text;
}

void TimelinePane::refreshRange() {
  if (view_->range()) {
    range_->setText(rangeText());
  } else {
    range_->setText(tr("Shift+drag (or right-drag) across the timeline to see a range's statistics"));
  }
}

}  // namespace tickscope::views
