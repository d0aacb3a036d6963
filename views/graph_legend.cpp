#include "graph_legend.h"

#include <QPainter>

#include "graph_view.h"

namespace tickscope::views {

namespace {

constexpr int kSwatchWidth = 22;
constexpr int kSwatchHeight = 13;
constexpr int kGap = 5;       // swatch to text
constexpr int kSpacing = 14;  // between entries
constexpr int kRowGap = 3;
constexpr int kMargin = 3;

}  // namespace

struct GraphLegend::Entry {
  enum class Mark { Computation, Effect, Cell, State, Ran, Badge, Deprioritized, Selected, Travelled, Hovered };
  Mark mark;
  GraphView::Fill fill;
  QString badge;
  QColor badgeColor;
  QString name;
};

GraphLegend::GraphLegend(QWidget* parent) : QWidget(parent) {
  using F = GraphView::Fill;
  using M = Entry::Mark;
  entries_ = {
      {M::Computation, F::Clean, {}, {}, tr("Computation")},
      {M::Effect, F::Clean, {}, {}, tr("Effect")},
      {M::Cell, F::Cell, {}, {}, tr("Cell")},
      {M::Ran, F::Ran, {}, {}, tr("Ran this step")},
      {M::State, F::Errored, {}, {}, tr("Errored")},
      {M::Badge, F::InCycle, QStringLiteral("×3"), QColor::fromRgb(run::colors::kCycleBadge), tr("In a cycle (iteration)")},
      {M::Badge, F::Debounced, QStringLiteral("40 ms"), QColor::fromRgb(run::colors::kDebounceBadge), tr("Debounced (time left)")},
      {M::State, F::Pending, {}, {}, tr("Pending")},
      {M::State, F::NeverRun, {}, {}, tr("Never run")},
      {M::State, F::Dirty, {}, {}, tr("Dirty")},
      {M::State, F::Check, {}, {}, tr("Check")},
      {M::State, F::Clean, {}, {}, tr("Clean")},
      {M::Deprioritized, F::Clean, {}, {}, tr("Deprioritized")},
      {M::Selected, F::Clean, {}, {}, tr("Selected")},
      {M::Travelled, F::Clean, {}, {}, tr("Change travelled")},
      {M::Hovered, F::Clean, {}, {}, tr("Hovered node's edges")},
  };
  setAccessibleName(tr("Graph legend"));
  setAccessibleDescription(text());
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  QSizePolicy policy = sizePolicy();
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
}

GraphLegend::~GraphLegend() = default;

QString GraphLegend::text() const {
  return tr("Shapes: a computation is a rectangle, an effect a rectangle with a double border, a cell a rounded box. "
            "States by fill colour, the first that holds: ran this step, light blue with a blue outline; errored, red; "
            "in a cycle, purple, its badge the iteration (×3); debounced, teal, its badge the time left; pending, amber; "
            "never run, grey with a dimmed label; dirty, orange; check (something upstream changed), light orange; "
            "clean, white. A red ! badge: errored under another state. A cell written this step is light blue. Deprioritized: a small dark triangle in the corner. "
            "Selected: a thick dark outline. Edges the last step's change travelled along are blue; the hovered node's "
            "edges are pink.");
}

QStringList GraphLegend::entries() const {
  QStringList out;
  for (const Entry& e : entries_) out << e.name;
  return out;
}

QFont GraphLegend::badgeFont() const {
  QFont f = font();
  f.setPixelSize(9);
  f.setBold(true);
  return f;
}

QFont GraphLegend::legendFont() const {
  QFont f = font();
  if (f.pointSizeF() > 0) f.setPointSizeF(std::max(7.5, f.pointSizeF() - 1));
  return f;
}

int GraphLegend::layoutEntries(int width, std::vector<QRect>* places) const {
  const QFontMetrics fm(legendFont());
  const int rowHeight = std::max(kSwatchHeight + 4, fm.height());
  int x = kMargin;
  int y = kMargin;
  for (const Entry& e : entries_) {
    const int badge = e.badge.isEmpty() ? 0 : QFontMetrics(badgeFont()).horizontalAdvance(e.badge) + 11;
    const int w = kSwatchWidth + badge + kGap + fm.horizontalAdvance(e.name);
    if (x > kMargin && x + w > width - kMargin) {
      x = kMargin;
      y += rowHeight + kRowGap;
    }
    if (places) places->push_back(QRect(x, y, w, rowHeight));
    x += w + kSpacing;
  }
  return y + rowHeight + kMargin;
}

int GraphLegend::heightForWidth(int width) const { return layoutEntries(width, nullptr); }

QSize GraphLegend::sizeHint() const { return {600, heightForWidth(600)}; }

// One row at least: the pane may be short; at its real width the layout asks heightForWidth.
QSize GraphLegend::minimumSizeHint() const { return {160, heightForWidth(4000)}; }

void GraphLegend::paintEvent(QPaintEvent*) {
  std::vector<QRect> places;
  layoutEntries(width(), &places);
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, true);
  const QFont font = legendFont();
  const QFont badge = badgeFont();
  using M = Entry::Mark;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    const QRect place = places[i];
    const QRectF sw(place.left() + 1.5, place.center().y() - kSwatchHeight / 2.0 + 0.5, kSwatchWidth - 3, kSwatchHeight - 1);
    const QPen border(GraphView::borderColor(), 1);
    p.setPen(border);
    p.setBrush(GraphView::fillColor(e.fill));
    switch (e.mark) {
      case M::Computation:
      case M::State:
      case M::Badge:
        p.drawRect(sw);
        break;
      case M::Effect:
        p.drawRect(sw);
        p.setBrush(Qt::NoBrush);
        p.drawRect(sw.adjusted(2.5, 2.5, -2.5, -2.5));
        break;
      case M::Cell:
        p.drawRoundedRect(sw, 5, 5);
        break;
      case M::Ran:
        p.drawRect(sw.adjusted(1, 1, -1, -1));
        p.setPen(QPen(GraphView::travelledColor(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(sw);
        break;
      case M::Deprioritized: {
        p.drawRect(sw);
        const QPointF c(sw.left() + 2, sw.bottom() - 2);
        const QPointF tri[3] = {QPointF(c.x(), c.y() - 6), QPointF(c.x() + 6, c.y() - 6), QPointF(c.x() + 3, c.y())};
        p.setPen(Qt::NoPen);
        p.setBrush(QColor::fromRgb(run::colors::kDeprioritized));
        p.drawPolygon(tri, 3);
        break;
      }
      case M::Selected:
        p.drawRect(sw.adjusted(3, 3, -3, -3));
        p.setPen(QPen(GraphView::selectionColor(), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(sw.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        break;
      case M::Travelled:
      case M::Hovered:
        p.setPen(QPen(e.mark == M::Travelled ? GraphView::travelledColor() : GraphView::hoverColor(), 2.5));
        p.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()));
        break;
    }
    int textX = place.left() + kSwatchWidth;
    if (!e.badge.isEmpty()) {
      p.setFont(badge);
      const int w = QFontMetrics(badge).horizontalAdvance(e.badge) + 8;
      const QRectF pill(textX + 1, sw.center().y() - 6.5, w, 13);
      p.setPen(QPen(Qt::white, 1));
      p.setBrush(e.badgeColor);
      p.drawRoundedRect(pill, 6.5, 6.5);
      p.setPen(Qt::white);
      p.drawText(pill, Qt::AlignCenter, e.badge);
      textX = static_cast<int>(pill.right()) + 2;
    }
    p.setFont(font);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(textX + kGap, place.top(), place.right() - textX, place.height()), Qt::AlignVCenter | Qt::AlignLeft,
               e.name);
  }
}

}  // namespace tickscope::views
