#include "timeline_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include "format.h"
#include "timeline_model.h"

namespace tickscope::views {

namespace {

using Kind = TimelineDrawItem::Kind;
using Row = TimelineModel::Row;
using RowKind = TimelineModel::RowKind;

constexpr double kMinMsPerPx = 1e-7;
constexpr double kMaxMsPerPx = 1e9;

// niceStep: a ruler step of 1, 2 or 5 times a power of ten, at least `ms`.
double niceStep(double ms) {
  const double p = std::pow(10.0, std::floor(std::log10(ms)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= ms) return m * p;
  }
  return 10 * p;
}

QColor barColor(std::uint8_t flags) {
  if (flags & run::TimelineRun::Failed) return QColor(0xc6, 0x28, 0x28);
  if (flags & run::TimelineRun::Effect) return QColor(0xe0, 0x8a, 0x1e);
  return QColor(0x3b, 0x7d, 0xc4);
}

}  // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
  setAccessibleName(QStringLiteral("Timeline"));
  setAccessibleDescription(tr("Runs of every action on the virtual time axis; wheel zooms, drag pans, "
                              "Shift+drag selects a range"));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(320, 60);  // a short dock still shows a few rows; the window must fit small screens
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void TimelineView::setModel(TimelineModel* model) {
  model_ = model;
  modelChanged();
}

void TimelineView::modelChanged() {
  if (fitted_) {
    fit();
  } else {
    clampRows();
    update();
    emit viewportChanged();
  }
}

void TimelineView::setSelection(const Selection& selection) {
  selection_ = selection;
  update();
}

void TimelineView::setViewport(const TimelineViewport& viewport) {
  viewport_ = viewport;
  viewport_.msPerPx = std::clamp(viewport_.msPerPx, kMinMsPerPx, kMaxMsPerPx);
  clampRows();
  update();
  emit viewportChanged();
}

void TimelineView::fit() {
  const double end = model_ ? std::max(model_->endMs(), 1.0) : 1.0;
  TimelineViewport v = viewport_;
  v.startMs = 0;
  v.msPerPx = end * 1.02 / plotWidth();
  setViewport(v);
  fitted_ = true;
}

void TimelineView::zoomAt(double factor, double x) {
  if (!(factor > 0)) return;
  const double t = timeAt(x);
  TimelineViewport v = viewport_;
  v.msPerPx = std::clamp(viewport_.msPerPx / factor, kMinMsPerPx, kMaxMsPerPx);
  v.startMs = t - (x - kNameWidth) * v.msPerPx;
  fitted_ = false;
  setViewport(v);
}

void TimelineView::zoomToRange(double fromMs, double toMs) {
  if (!(toMs > fromMs)) return;
  TimelineViewport v = viewport_;
  v.startMs = fromMs;
  v.msPerPx = (toMs - fromMs) / plotWidth();
  fitted_ = false;
  setViewport(v);
}

void TimelineView::zoomToSelection() {
  if (range_) {
    zoomToRange(range_->first, range_->second);
    return;
  }
  if (!model_ || !selection_.primaryAction()) return;
  const auto row = model_->rowOfAction(*selection_.primaryAction());
  if (!row || model_->rows()[*row].runs.empty()) return;
  const Row& r = model_->rows()[*row];
  const run::TimelineRun& last = model_->run(r.runs.back());
  const double from = r.starts.front();
  const double to = std::max(from + 1e-3, last.startMs + last.costMs);
  const double pad = (to - from) * 0.05;
  zoomToRange(from - pad, to + pad);
}

void TimelineView::setRange(std::optional<std::pair<double, double>> range) {
  range_ = range;
  update();
}

int TimelineView::lastFirstRow() const {
  const int shown = model_ ? static_cast<int>(model_->shownRows().size()) : 0;
  return std::max(0, shown - rowsThatFit());
}

void TimelineView::clampRows() {
  const int before = viewport_.firstRow;
  viewport_.firstRow = std::clamp(viewport_.firstRow, 0, lastFirstRow());
  if (before != viewport_.firstRow) emit viewportChanged();
}

std::optional<std::uint32_t> TimelineView::rowAt(double y) const {
  if (!model_ || y < kRulerHeight) return std::nullopt;
  const auto k = static_cast<std::size_t>((y - kRulerHeight) / kRowHeight) + static_cast<std::size_t>(viewport_.firstRow);
  if (k >= model_->shownRows().size()) return std::nullopt;
  return model_->shownRows()[k];
}

double TimelineView::rowTop(std::uint32_t row) const {
  if (!model_) return std::numeric_limits<double>::quiet_NaN();
  const auto& shown = model_->shownRows();
  const auto it = std::lower_bound(shown.begin(), shown.end(), row);
  if (it == shown.end() || *it != row) return std::numeric_limits<double>::quiet_NaN();
  return kRulerHeight + static_cast<double>((it - shown.begin()) - viewport_.firstRow) * kRowHeight;
}

std::vector<TimelineDrawItem> TimelineView::buildDrawList() const {
  std::vector<TimelineDrawItem> items;
  if (!model_ || !model_->hasLog()) return items;
  const double left = kNameWidth;
  const double right = width();
  const double t0 = timeAt(left);
  const double t1 = timeAt(right);
  const double foldMs = kFoldPx * viewport_.msPerPx;
  const auto& shown = model_->shownRows();
  const auto clipX = [&](double x) { return std::clamp(x, left - 2, right + 2); };

  for (std::size_t k = static_cast<std::size_t>(viewport_.firstRow); k < shown.size(); ++k) {
    const double top = kRulerHeight + static_cast<double>(k - static_cast<std::size_t>(viewport_.firstRow)) * kRowHeight;
    if (top >= height()) break;
    const std::uint32_t rowIndex = shown[k];
    const Row& row = model_->rows()[rowIndex];
    const double barTop = top + 3;
    const double barHeight = row.kind == RowKind::Action ? kRowHeight - 9 : kRowHeight - 6;

    if (row.kind == RowKind::Action || row.kind == RowKind::Label) {
      const TimelineModel::VisibleRuns v = model_->visibleRuns(row, t0, t1);
      const auto bar = [&](std::size_t at) {
        const run::TimelineRun& r = model_->run(row.runs[at]);
        const double x0 = clipX(xOf(r.startMs));
        const double x1 = clipX(xOf(r.startMs + r.costMs));
        items.push_back({Kind::Bar, QRectF(x0, barTop, std::max(1.0, x1 - x0), barHeight), 1, row.runs[at], rowIndex,
                         r.flags});
      };
      for (std::size_t at = v.margin; at < v.begin; ++at) {  // started before the range
        const run::TimelineRun& r = model_->run(row.runs[at]);
        if (r.startMs + r.costMs >= t0) bar(at);
      }
      std::size_t at = v.begin;
      while (at < v.end) {
        const run::TimelineRun& r = model_->run(row.runs[at]);
        if (r.costMs >= foldMs) {
          bar(at++);
          continue;
        }
        // Narrow: it folds with every run starting within the next kFoldPx.
        const auto next = std::lower_bound(row.starts.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                                           row.starts.begin() + static_cast<std::ptrdiff_t>(v.end), r.startMs + foldMs);
        auto j = static_cast<std::size_t>(next - row.starts.begin());
        if (j == at + 1) {
          bar(at++);
          continue;
        }
        // A dense stretch: the next narrow cluster that starts within a pixel of this fold's
        // end joins it (Tracy's folded zone), so a frame draws a few marks, not one per 3 px.
        const run::TimelineRun* last = &model_->run(row.runs[j - 1]);
        double endX = std::max(xOf(r.startMs) + kFoldPx, xOf(last->startMs + last->costMs));
        while (j < v.end) {
          const run::TimelineRun& n = model_->run(row.runs[j]);
          if (n.costMs >= foldMs || xOf(n.startMs) > endX + 1) break;
          const auto k = static_cast<std::size_t>(
              std::lower_bound(row.starts.begin() + static_cast<std::ptrdiff_t>(j) + 1,
                               row.starts.begin() + static_cast<std::ptrdiff_t>(v.end), n.startMs + foldMs) -
              row.starts.begin());
          last = &model_->run(row.runs[k - 1]);
          endX = std::max({endX, xOf(n.startMs) + kFoldPx, xOf(last->startMs + last->costMs)});
          j = k;
        }
        const double x0 = clipX(xOf(r.startMs));
        const double x1 = clipX(endX);
        items.push_back({Kind::Fold, QRectF(x0, barTop, x1 - x0, barHeight), static_cast<std::uint32_t>(j - at),
                         row.runs[at], rowIndex, 0});
        at = j;
      }
      if (row.kind == RowKind::Action) {
        const auto& spans = model_->debounceSpans(row.subject);
        // One timer per action: spans do not overlap, so their ends are in order too.
        auto it = std::lower_bound(spans.begin(), spans.end(), t0,
                                   [](const TimelineModel::DebounceSpan& s, double t) { return s.endMs < t; });
        double lastX = -1;
        for (; it != spans.end() && it->armMs <= t1; ++it) {
          const double x0 = clipX(xOf(it->armMs));
          const double x1 = clipX(xOf(it->endMs));
          if (x1 - x0 < 1 && std::floor(x0) == lastX) continue;  // one pixel says it already
          lastX = std::floor(x0);
          const std::uint8_t flags = static_cast<std::uint8_t>((it->fired ? 1 : 0) | (it->open ? 2 : 0));
          items.push_back({Kind::DebounceSpan, QRectF(x0, top + kRowHeight - 5, std::max(1.0, x1 - x0), 3), 1,
                           row.subject, rowIndex, flags});
          if (x1 - x0 >= 4) {
            const auto from = std::lower_bound(it->restarts.begin(), it->restarts.end(), t0);
            double tickX = -1;
            for (auto r = from; r != it->restarts.end() && *r <= t1; ++r) {
              const double x = xOf(*r);
              if (std::floor(x) == tickX) continue;
              tickX = std::floor(x);
              items.push_back({Kind::Restart, QRectF(x, top + kRowHeight - 7, 1, 6), 1, row.subject, rowIndex, 0});
            }
          }
        }
      }
    } else if (row.kind == RowKind::Cycles) {
      for (std::size_t c = 0; c < model_->cycleSpans().size(); ++c) {
        const TimelineModel::CycleSpan& s = model_->cycleSpans()[c];
        if (s.endMs < t0 || s.startMs > t1) continue;
        const double x0 = clipX(xOf(s.startMs));
        const double x1 = clipX(xOf(s.endMs));
        items.push_back({Kind::Cycle, QRectF(x0, barTop + 2, std::max(2.0, x1 - x0), barHeight - 4), 1, s.id, rowIndex,
                         static_cast<std::uint8_t>(s.open ? 2 : 0)});
        double tickX = -1;
        for (double t : s.iterations) {
          if (t < t0 || t > t1) continue;
          const double x = xOf(t);
          if (std::floor(x) == tickX) continue;
          tickX = std::floor(x);
          items.push_back({Kind::Iteration, QRectF(x - 1, barTop, 2, barHeight), 1, s.id, rowIndex, 0});
        }
      }
    } else if (row.kind == RowKind::Session) {
      // A request session: where it began (its tasks' times are the Sessions pane's).
      const auto* snap = model_->snapshot();
      if (snap && row.subject < snap->sessions.size()) {
        const double at = snap->sessions[row.subject].atMs;
        if (at >= t0 && at <= t1)
          items.push_back({Kind::Session, QRectF(xOf(at) - 4, barTop, 8, barHeight), 1, row.subject, rowIndex,
                           static_cast<std::uint8_t>(snap->sessions[row.subject].valid ? 0 : 1)});
      }
    } else if (row.kind == RowKind::Events) {
      const auto& markers = model_->markers();
      double lastX = -1;
      for (const TimelineModel::Marker& m : markers) {
        const bool clock = m.kind == run::TimelineMarkKind::ClockMoved;
        const double end = clock ? m.untilMs : m.atMs;
        if (end < t0 || m.atMs > t1) continue;
        if (clock) {
          const double x0 = clipX(xOf(m.atMs));
          const double x1 = clipX(xOf(m.untilMs));
          items.push_back({Kind::Clock, QRectF(x0, top + kRowHeight / 2.0 - 1, std::max(1.0, x1 - x0), 2), 1, 0,
                           rowIndex, 0});
          continue;
        }
        const double x = xOf(m.atMs);
        if (std::floor(x) == lastX) continue;
        lastX = std::floor(x);
        items.push_back({m.kind == run::TimelineMarkKind::HandEdit ? Kind::HandEdit : Kind::Event,
                         QRectF(x - 4, barTop, 8, barHeight), 1, m.subject, rowIndex, 0});
      }
    }
  }
  return items;
}

std::optional<std::uint32_t> TimelineView::runAt(QPointF pos) const {
  const auto row = rowAt(pos.y());
  if (!row || pos.x() < kNameWidth) return std::nullopt;
  std::optional<std::uint32_t> best;
  double bestDistance = 4;  // px: a narrow bar is still hit within a few pixels
  for (const TimelineDrawItem& item : buildDrawList()) {
    if (item.row != *row || (item.kind != Kind::Bar && item.kind != Kind::Fold)) continue;
    const double d = pos.x() < item.rect.left() ? item.rect.left() - pos.x()
                     : pos.x() > item.rect.right() ? pos.x() - item.rect.right()
                                                   : 0;
    if (d < bestDistance || (d == 0 && bestDistance == 0)) {
      bestDistance = d;
      best = item.ref;
    }
  }
  return best;
}

QString TimelineView::hoverText(QPointF pos) const {
  if (!model_) return {};
  const auto row = rowAt(pos.y());
  if (!row) return {};
  const Row& r = model_->rows()[*row];
  if (pos.x() < kNameWidth) {
    if (r.kind == RowKind::Group) return tr("%1: click to collapse or expand").arg(r.title);
    if (r.kind == RowKind::Action || r.kind == RowKind::Label) return tr("%1: %2").arg(r.title, countText(r.runs.size(), "run", "runs"));
    return r.title;
  }
  const std::vector<TimelineDrawItem> items = buildDrawList();
  for (const TimelineDrawItem& item : items) {
    if (item.row != *row || !item.rect.adjusted(-2, -2, 2, 2).contains(pos)) continue;
    switch (item.kind) {
      case Kind::Fold:
        return tr("%1 folded (zoom in to see them)").arg(countText(item.count, "run", "runs")) + QStringLiteral("\n") +
               tr("first: ") + model_->runText(item.ref);
      case Kind::DebounceSpan:
      case Kind::Restart: {
        for (const auto& s : model_->debounceSpans(item.ref)) {
          if (timeAt(pos.x()) + 2 * viewport_.msPerPx < s.armMs || timeAt(pos.x()) - 2 * viewport_.msPerPx > s.endMs) continue;
          return tr("%1: debounce armed at %2, %3 at %4, %5")
              .arg(model_->actionName(item.ref), formatMs(s.armMs),
                   s.open ? tr("due") : s.fired ? tr("fired") : tr("cancelled"), formatMs(s.endMs),
                   countText(s.restarts.size(), "restart", "restarts"));
        }
        break;
      }
      case Kind::Cycle:
      case Kind::Iteration:
        for (const auto& s : model_->cycleSpans()) {
          if (s.id != item.ref) continue;
          return tr("cycle %1: %2 to %3, %4%5")
              .arg(QString::number(s.id), formatMs(s.startMs), formatMs(s.endMs),
                   countText(s.iterations.size(), "iteration", "iterations"), s.open ? tr(" (in progress)") : QString());
        }
        break;
      case Kind::Event: {
        const auto* doc = model_->snapshot() ? model_->snapshot()->document.get() : nullptr;
        QString id;
        if (doc && item.ref < doc->events.size()) {
          QStringList writes;
          for (const graph::Assignment& a : doc->events[item.ref].set)
            writes << QString::fromStdString(a.cell) + QStringLiteral(" = ") + formatNumber(a.value);
          id = writes.join(QStringLiteral(", "));
          if (doc->events[item.ref].session) id += tr(" (request %1)").arg(QString::fromStdString(*doc->events[item.ref].session));
        }
        return tr("event %1 applied at %2: %3").arg(QString::number(item.ref), formatMs(timeAt(item.rect.center().x())), id);
      }
      case Kind::HandEdit: return tr("hand edit at %1").arg(formatMs(timeAt(item.rect.center().x())));
      case Kind::Session: {
        const run::SessionRow& s = model_->snapshot()->sessions[item.ref];
        return tr("request session %1 at %2: %3, %4")
            .arg(QString::fromStdString(s.id), formatMs(s.atMs), countText(s.tasks.size(), "task", "tasks"),
                 !s.validated ? tr("not validated yet") : s.valid ? tr("valid") : QString::fromStdString(s.message));
      }
      case Kind::Clock: {
        for (const auto& m : model_->markers()) {
          if (m.kind == run::TimelineMarkKind::ClockMoved && timeAt(pos.x()) >= m.atMs - 2 * viewport_.msPerPx &&
              timeAt(pos.x()) <= m.untilMs + 2 * viewport_.msPerPx)
            return tr("clock moved from %1 to %2").arg(formatMs(m.atMs), formatMs(m.untilMs));
        }
        break;
      }
      case Kind::Bar: break;
    }
  }
  if (const auto run = runAt(pos)) return model_->runText(*run);
  return {};
}

void TimelineView::click(QPointF pos) {
  if (!model_) return;
  const auto row = rowAt(pos.y());
  if (!row) return;
  const Row& r = model_->rows()[*row];
  if (r.kind == RowKind::Group) {
    model_->setCollapsed(r.group, !model_->collapsed(r.group));
    clampRows();
    update();
    emit viewportChanged();  // the rows changed: the pane's scroll bar follows
    return;
  }
  if (pos.x() >= kNameWidth) {
    if (const auto run = runAt(pos)) {
      const run::TimelineRun& picked = model_->run(*run);
      Selection s = Selection::ofAction(picked.action);
      s.step = picked.step;
      emit selectionRequested(s);
      return;
    }
  }
  if (r.kind == RowKind::Action) {
    emit selectionRequested(Selection::ofAction(r.subject));
  } else if (r.kind == RowKind::Label && model_->snapshot() && model_->snapshot()->document) {
    std::vector<std::uint32_t> actions;
    const auto& doc = *model_->snapshot()->document;
    for (std::size_t a = 0; a < doc.actions.size(); ++a) {
      if (doc.actions[a].label && QString::fromStdString(*doc.actions[a].label) == r.title)
        actions.push_back(static_cast<std::uint32_t>(a));
    }
    if (!actions.empty()) emit selectionRequested(Selection::ofActions(std::move(actions)));
  }
}

bool TimelineView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString text = hoverText(help->pos());
    if (text.isEmpty()) {
      QToolTip::hideText();
      event->ignore();
    } else {
      QToolTip::showText(help->globalPos(), text, this);
    }
    return true;
  }
  return QWidget::event(event);
}

QString TimelineView::rulerLabel(double ms, int decimals) {
  return QString::number(ms, 'f', decimals) + QStringLiteral(" ms");
}

void TimelineView::paintRuler(QPainter& p) const {
  const QPalette& pal = palette();
  p.fillRect(QRectF(0, 0, width(), kRulerHeight), pal.color(QPalette::Button));
  const double step = niceStep(90 * viewport_.msPerPx);
  const double t0 = timeAt(kNameWidth);
  const double t1 = timeAt(width());
  p.setPen(pal.color(QPalette::ButtonText));
  // Ticks at whole multiples of the step (no accumulated error), labelled to the step's precision
  // (0.3 ms, not 0.30000000000000004 ms).
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 12);
  for (double k = std::ceil(t0 / step);; k += 1) {
    const double t = k * step;
    if (t > t1) break;
    const double x = xOf(t);
    p.drawLine(QPointF(x, kRulerHeight - 6), QPointF(x, kRulerHeight));
    p.drawText(QPointF(x + 3, kRulerHeight - 8), rulerLabel(k == 0 ? 0.0 : t, decimals));
  }
  p.drawText(QRectF(6, 0, kNameWidth - 12, kRulerHeight), Qt::AlignVCenter | Qt::AlignLeft,
             tr("%1 ms / px").arg(QString::number(viewport_.msPerPx, 'g', 3)));
}

void TimelineView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QPalette& pal = palette();
  p.fillRect(rect(), pal.color(QPalette::Base));
  if (!model_ || !model_->hasLog()) {
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter, tr("No timeline: open a graph and step the run"));
    return;
  }
  const auto& shown = model_->shownRows();
  const std::optional<std::uint32_t> selectedRow =
      selection_.primaryAction() ? model_->rowOfAction(*selection_.primaryAction()) : std::nullopt;
  // Row backgrounds and names.
  QFont bold = font();
  bold.setBold(true);
  for (std::size_t k = static_cast<std::size_t>(viewport_.firstRow); k < shown.size(); ++k) {
    const double top = kRulerHeight + static_cast<double>(k - static_cast<std::size_t>(viewport_.firstRow)) * kRowHeight;
    if (top >= height()) break;
    const Row& row = model_->rows()[shown[k]];
    const QRectF band(0, top, width(), kRowHeight);
    if (row.kind == RowKind::Group) {
      p.fillRect(band, pal.color(QPalette::AlternateBase).darker(106));
    } else if (selectedRow && *selectedRow == shown[k]) {
      p.fillRect(band, pal.color(QPalette::Highlight).lighter(185));
    } else if (k % 2) {
      p.fillRect(band, pal.color(QPalette::AlternateBase));
    }
    p.setPen(pal.color(QPalette::Text));
    if (row.kind == RowKind::Group) {
      p.setFont(bold);
      const QString arrow = model_->collapsed(row.group) ? QStringLiteral("▸ ") : QStringLiteral("▾ ");
      p.drawText(QRectF(4, top, kNameWidth - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, arrow + row.title);
      p.setFont(font());
    } else {
      const QString name = p.fontMetrics().elidedText(row.title, Qt::ElideMiddle, kNameWidth - 24);
      p.drawText(QRectF(18, top, kNameWidth - 22, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, name);
    }
  }
  p.setPen(pal.color(QPalette::Mid));
  p.drawLine(QPointF(kNameWidth - 0.5, kRulerHeight), QPointF(kNameWidth - 0.5, height()));

  // The draw list, clipped to the plot.
  p.save();
  p.setClipRect(QRectF(kNameWidth, kRulerHeight, width() - kNameWidth, height() - kRulerHeight));
  const std::vector<TimelineDrawItem> items = buildDrawList();
  const QColor fold(0x5f, 0x6b, 0x7a);
  const QColor debounce(0x8e, 0x44, 0xad);
  const QColor cycle(0x2e, 0x9d, 0x5b);
  const QColor eventColor(0x20, 0x20, 0x20);
  QFont small = font();
  small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
  p.setFont(small);
  for (const TimelineDrawItem& item : items) {
    switch (item.kind) {
      case Kind::Bar: {
        QColor c = barColor(item.flags);
        if (item.flags & run::TimelineRun::Pulled) c = c.lighter(125);
        p.fillRect(item.rect.toAlignedRect(), c);
        if (item.rect.width() >= 4) {
          p.setPen(c.darker(140));
          p.drawRect(item.rect.adjusted(0, 0, -1, -1));
        }
        break;
      }
      case Kind::Fold: {
        p.fillRect(item.rect.toAlignedRect(), fold);
        // The count where it fits (a cheap bound first: measuring text per fold costs a frame).
        if (item.rect.width() >= 16) {
          const QString count = QString::number(item.count);
          if (item.rect.width() >= p.fontMetrics().horizontalAdvance(count) + 4) {
            p.setPen(Qt::white);
            p.drawText(item.rect, Qt::AlignCenter, count);
          }
        }
        break;
      }
      case Kind::DebounceSpan: {
        QColor c = debounce;
        if (!(item.flags & 1)) c.setAlpha(item.flags & 2 ? 200 : 110);  // open / cancelled
        p.fillRect(item.rect, c);
        if ((item.flags & 1) && item.rect.width() >= 3)
          p.fillRect(QRectF(item.rect.right() - 1.5, item.rect.top() - 3, 3, item.rect.height() + 3), debounce.darker(130));
        break;
      }
      case Kind::Restart: p.fillRect(item.rect, debounce.darker(150)); break;
      case Kind::Cycle: {
        QColor c = cycle;
        c.setAlpha(item.flags & 2 ? 110 : 160);
        p.fillRect(item.rect, c);
        break;
      }
      case Kind::Iteration: p.fillRect(item.rect, cycle.darker(160)); break;
      case Kind::Clock: p.fillRect(item.rect, pal.color(QPalette::Mid)); break;
      case Kind::Session: {
        const QPointF c = item.rect.center();
        QPolygonF diamond;
        diamond << QPointF(c.x(), item.rect.top()) << QPointF(c.x() + 4, c.y()) << QPointF(c.x(), item.rect.bottom())
                << QPointF(c.x() - 4, c.y());
        p.setPen(Qt::NoPen);
        p.setBrush(item.flags ? QColor(0xc6, 0x28, 0x28) : QColor(0x00, 0x79, 0x6b));
        p.drawPolygon(diamond);
        p.setBrush(Qt::NoBrush);
        break;
      }
      case Kind::Event:
      case Kind::HandEdit: {
        const QPointF c = item.rect.center();
        QPolygonF triangle;
        triangle << QPointF(c.x() - 4, item.rect.top()) << QPointF(c.x() + 4, item.rect.top())
                 << QPointF(c.x(), item.rect.bottom());
        p.setPen(Qt::NoPen);
        p.setBrush(item.kind == Kind::Event ? eventColor : QColor(0xc6, 0x28, 0x28));
        p.drawPolygon(triangle);
        p.setBrush(Qt::NoBrush);
        break;
      }
    }
  }
  // The selected range and the cursor at now.
  if (range_) {
    const double x0 = xOf(range_->first);
    const double x1 = xOf(range_->second);
    QColor c = pal.color(QPalette::Highlight);
    c.setAlpha(50);
    p.fillRect(QRectF(x0, kRulerHeight, x1 - x0, height() - kRulerHeight), c);
  }
  if (model_->snapshot()) {
    const double x = xOf(model_->snapshot()->nowMs);
    p.setPen(QPen(QColor(0xd0, 0x20, 0x20), 1.5));
    p.drawLine(QPointF(x, kRulerHeight), QPointF(x, height()));
  }
  p.restore();
  paintRuler(p);
  if (model_->snapshot()) {
    const double x = xOf(model_->snapshot()->nowMs);
    if (x >= kNameWidth && x <= width()) {
      p.setBrush(QColor(0xd0, 0x20, 0x20));
      p.setPen(Qt::NoPen);
      QPolygonF head;
      head << QPointF(x - 5, kRulerHeight - 7) << QPointF(x + 5, kRulerHeight - 7) << QPointF(x, kRulerHeight);
      p.drawPolygon(head);
    }
  }
}

void TimelineView::wheelEvent(QWheelEvent* event) {
  const double delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
  if (event->modifiers() & Qt::ShiftModifier) {
    TimelineViewport v = viewport_;
    v.firstRow -= static_cast<int>(delta / 40);
    setViewport(v);
  } else {
    zoomAt(std::pow(1.0015, delta), std::max<double>(kNameWidth, event->position().x()));
  }
  event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
  pressPos_ = event->position();
  pressViewport_ = viewport_;
  moved_ = false;
  if (event->button() == Qt::RightButton ||
      (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
    drag_ = Drag::Range;
  } else if (event->button() == Qt::LeftButton) {
    drag_ = Drag::Pan;
  }
  event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
  if (drag_ == Drag::None) return;
  const QPointF d = event->position() - pressPos_;
  if (!moved_ && std::abs(d.x()) + std::abs(d.y()) < 4) return;
  moved_ = true;
  if (drag_ == Drag::Pan) {
    TimelineViewport v = pressViewport_;
    v.startMs -= d.x() * v.msPerPx;
    v.firstRow -= static_cast<int>(std::lround(d.y() / kRowHeight));
    fitted_ = false;
    setViewport(v);
  } else {
    const double a = timeAt(std::max<double>(kNameWidth, pressPos_.x()));
    const double b = timeAt(std::max<double>(kNameWidth, event->position().x()));
    setRange(std::make_pair(std::min(a, b), std::max(a, b)));
  }
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event) {
  const Drag drag = drag_;
  drag_ = Drag::None;
  if (drag == Drag::Range && moved_ && range_) {
    emit rangeSelected(range_->first, range_->second);
  } else if (!moved_ && event->button() == Qt::LeftButton && drag == Drag::Pan) {
    click(event->position());
  } else if (!moved_ && drag == Drag::Range && range_) {
    setRange(std::nullopt);
    emit rangeCleared();
  }
  event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
  const double centre = kNameWidth + plotWidth() / 2;
  TimelineViewport v = viewport_;
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAt(1.5, centre); break;
    case Qt::Key_Minus: zoomAt(1 / 1.5, centre); break;
    case Qt::Key_Home: fit(); break;
    case Qt::Key_Left: v.startMs -= plotWidth() * v.msPerPx / 8; fitted_ = false; setViewport(v); break;
    case Qt::Key_Right: v.startMs += plotWidth() * v.msPerPx / 8; fitted_ = false; setViewport(v); break;
    case Qt::Key_Up: --v.firstRow; setViewport(v); break;
    case Qt::Key_Down: ++v.firstRow; setViewport(v); break;
    case Qt::Key_PageUp: v.firstRow -= std::max(1, (height() - kRulerHeight) / kRowHeight - 1); setViewport(v); break;
    case Qt::Key_PageDown: v.firstRow += std::max(1, (height() - kRulerHeight) / kRowHeight - 1); setViewport(v); break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void TimelineView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (fitted_) {
    fit();
  } else {
    clampRows();
    emit viewportChanged();
  }
}

}  // namespace tickscope::views
