#include "run_time_histogram.h"

#include <algorithm>

#include <QPainter>

#include "format.h"

namespace tickscope::views {

RunTimeHistogram::RunTimeHistogram(QWidget* parent) : QWidget(parent) {
  setAccessibleName(tr("Run-time histogram"));
  setMinimumWidth(160);
  setMinimumHeight(40);
}

void RunTimeHistogram::setRunTimes(const QString& name, const TimelineModel::RunTimes& times) {
  name_ = name;
  times_ = times;
  setAccessibleDescription(summary());
  update();
}

QString RunTimeHistogram::summary() const {
  if (name_.isEmpty()) return tr("Select an action to see its run times");
  if (times_.runs == 0) return tr("%1: no runs yet").arg(name_);
  return tr("%1: %2\nmin %3 · median %4\np90 %5 · max %6")
      .arg(name_, countText(times_.runs, "run", "runs"), shortMs(times_.minMs), shortMs(times_.medianMs),
           shortMs(times_.p90Ms), shortMs(times_.maxMs));
}

void RunTimeHistogram::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QPalette& pal = palette();
  p.fillRect(rect(), pal.color(QPalette::Base));
  p.setPen(pal.color(QPalette::Text));
  const QRectF text(8, 6, width() - 16, 3.4 * fontMetrics().height());
  p.drawText(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, summary());
  if (times_.runs == 0 || times_.bins.empty()) return;
  const QRectF plot(10, text.bottom() + 6, width() - 20, height() - text.bottom() - 6 - 2.2 * fontMetrics().height());
  if (plot.height() < 10) return;
  const std::size_t most = *std::max_element(times_.bins.begin(), times_.bins.end());
  const double w = plot.width() / static_cast<double>(times_.bins.size());
  if (!(times_.maxMs > times_.minMs)) {  // every run took the same time: one bar in the middle
    p.fillRect(QRectF(plot.center().x() - w / 2, plot.top(), std::max(2.0, w), plot.height()), QColor(0x3b, 0x7d, 0xc4));
  }
  for (std::size_t b = 0; b < times_.bins.size() && times_.maxMs > times_.minMs; ++b) {
    if (times_.bins[b] == 0) continue;
    const double h = std::max(1.0, plot.height() * static_cast<double>(times_.bins[b]) / static_cast<double>(most));
    p.fillRect(QRectF(plot.left() + static_cast<double>(b) * w + 1, plot.bottom() - h, std::max(1.0, w - 2), h),
               QColor(0x3b, 0x7d, 0xc4));
  }
  const auto xOf = [&](double ms) {
    const double span = times_.maxMs - times_.minMs;
    return span > 0 ? plot.left() + (ms - times_.minMs) / span * plot.width() : plot.center().x();
  };
  p.setPen(QPen(QColor(0xd0, 0x20, 0x20), 1, Qt::DashLine));
  p.drawLine(QPointF(xOf(times_.medianMs), plot.top()), QPointF(xOf(times_.medianMs), plot.bottom()));
  p.setPen(QPen(QColor(0x8e, 0x44, 0xad), 1, Qt::DashLine));
  p.drawLine(QPointF(xOf(times_.p90Ms), plot.top()), QPointF(xOf(times_.p90Ms), plot.bottom()));
  p.setPen(pal.color(QPalette::Mid));
  p.drawLine(plot.bottomLeft(), plot.bottomRight());
  p.setPen(pal.color(QPalette::Text));
  const QRectF axis(plot.left(), plot.bottom() + 2, plot.width(), fontMetrics().height());
  p.drawText(axis, Qt::AlignLeft, formatMs(times_.minMs));
  p.drawText(axis, Qt::AlignRight, formatMs(times_.maxMs));
  p.drawText(QRectF(plot.left(), axis.bottom(), plot.width(), fontMetrics().height()), Qt::AlignLeft,
             tr("red: median · purple: p90"));
}

}  // namespace tickscope::views
