#include "graph_overview.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

#include "graph_view.h"

namespace tickscope::views {

namespace {

constexpr int kMaxWidth = 200;
constexpr int kMaxHeight = 140;
constexpr int kMargin = 10;   // from the view's corner
constexpr double kPadding = 4;

QRgb dotColor(GraphView::Fill f) {
  switch (f) {
    case GraphView::Fill::Clean: return qRgb(0x9a, 0xa5, 0xb1);
    case GraphView::Fill::Cell: return qRgb(0xc2, 0xcb, 0xd5);
    case GraphView::Fill::Ran:
    case GraphView::Fill::CellWritten: return GraphView::travelledColor().rgb();
    default: return GraphView::fillColor(f).rgb();
  }
}

}  // namespace

GraphOverview::GraphOverview(GraphView* view) : QWidget(view), view_(view) {
  setAccessibleName(tr("Overview map"));
  setAccessibleDescription(tr("The whole graph, with the part in view framed; click or drag to move the view"));
  setToolTip(tr("Overview: click or drag to move the view"));
  setCursor(Qt::PointingHandCursor);
  view_->installEventFilter(this);
  connect(view_, &GraphView::graphChanged, this, &GraphOverview::graphChanged);
  connect(view_, &GraphView::statesChanged, this, [this] {
    stale_ = true;
    if (isVisible()) update();
  });
  connect(view_, &GraphView::viewChanged, this, [this] {
    if (isVisible()) update();
  });
  graphChanged();
}

bool GraphOverview::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_ && event->type() == QEvent::Resize) place();
  return QWidget::eventFilter(watched, event);
}

void GraphOverview::graphChanged() {
  stale_ = true;
  place();
  update();
}

// place: sized to the bounds' shape, in the view's bottom-right corner; hidden when not useful.
void GraphOverview::place() {
  const QRectF bounds = view_->sceneBounds();
  const auto& structure = view_->structure();
  if (!structure || !view_->hasLayout() || bounds.isEmpty() || structure->nodeCount() < kMinNodes) {
    hide();
    return;
  }
  const double k = std::min(kMaxWidth / bounds.width(), kMaxHeight / bounds.height());
  const int w = std::max(60, static_cast<int>(std::ceil(bounds.width() * k)));
  const int h = std::max(40, static_cast<int>(std::ceil(bounds.height() * k)));
  if (view_->width() < 3 * w || view_->height() < 3 * h) {
    hide();
    return;
  }
  if (size() != QSize(w, h)) stale_ = true;
  setGeometry(view_->width() - w - kMargin, view_->height() - h - kMargin, w, h);
  show();
  raise();
}

QRectF GraphOverview::mapRect() const {
  const QRectF bounds = view_->sceneBounds();
  if (bounds.isEmpty()) return {};
  const QRectF inner = QRectF(rect()).adjusted(kPadding, kPadding, -kPadding, -kPadding);
  const double k = std::min(inner.width() / bounds.width(), inner.height() / bounds.height());
  const QSizeF size = bounds.size() * k;
  return QRectF(inner.center() - QPointF(size.width(), size.height()) / 2, size);
}

// render: a dot per node, clean ones first so states are never hidden under them.
void GraphOverview::render() {
  stale_ = false;
  const QRectF map = mapRect();
  const auto& structure = view_->structure();
  if (map.isEmpty() || !structure) {
    image_ = {};
    return;
  }
  const QSize size(std::max(1, static_cast<int>(std::ceil(map.width()))), std::max(1, static_cast<int>(std::ceil(map.height()))));
  if (image_.size() != size) image_ = QImage(size, QImage::Format_ARGB32);
  image_.fill(Qt::transparent);
  const QRectF bounds = view_->sceneBounds();
  const double k = map.width() / bounds.width();
  const std::size_t n = structure->nodeCount();
  auto* bits = reinterpret_cast<QRgb*>(image_.bits());
  const qsizetype stride = image_.bytesPerLine() / static_cast<qsizetype>(sizeof(QRgb));
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto node = static_cast<std::uint32_t>(i);
      const GraphView::Fill f = view_->nodeFill(node);
      const bool plain = f == GraphView::Fill::Clean || f == GraphView::Fill::Cell;
      if (plain != (pass == 0)) continue;
      const QRectF box = view_->nodeRect(node);
      const int x0 = std::clamp(static_cast<int>((box.left() - bounds.left()) * k), 0, size.width() - 1);
      const int y0 = std::clamp(static_cast<int>((box.top() - bounds.top()) * k), 0, size.height() - 1);
      const int x1 = std::clamp(static_cast<int>((box.right() - bounds.left()) * k), x0, std::min(size.width() - 1, x0 + 3));
      const int y1 = std::clamp(static_cast<int>((box.bottom() - bounds.top()) * k), y0, std::min(size.height() - 1, y0 + 3));
      const QRgb c = dotColor(f);
      for (int y = y0; y <= y1; ++y) std::fill(bits + y * stride + x0, bits + y * stride + x1 + 1, c);
    }
  }
}

void GraphOverview::paintEvent(QPaintEvent*) {
  if (stale_) render();
  QPainter p(this);
  p.setPen(QColor(0x8a, 0x93, 0x9d));
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
  const QRectF map = mapRect();
  if (map.isEmpty()) return;
  p.drawImage(map.topLeft(), image_);
  // The part in view.
  const QRectF bounds = view_->sceneBounds();
  const double k = map.width() / bounds.width();
  const QRectF visible = view_->visibleSceneRect();
  QRectF frame(map.topLeft() + (visible.topLeft() - bounds.topLeft()) * k, visible.size() * k);
  frame = frame.intersected(QRectF(rect()).adjusted(1, 1, -1, -1));
  if (frame.width() < 3) frame.adjust(-1.5, 0, 1.5, 0);
  if (frame.height() < 3) frame.adjust(0, -1.5, 0, 1.5);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(GraphView::selectionColor(), 1.5));
  QColor fill = GraphView::travelledColor();
  fill.setAlpha(30);
  p.setBrush(fill);
  p.drawRect(frame);
}

void GraphOverview::moveViewTo(QPointF pos) {
  const QRectF map = mapRect();
  if (map.isEmpty()) return;
  const QRectF bounds = view_->sceneBounds();
  const double k = map.width() / bounds.width();
  view_->centerOn(bounds.topLeft() + (pos - map.topLeft()) / k);
}

void GraphOverview::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  moveViewTo(event->position());
  event->accept();
}

void GraphOverview::mouseMoveEvent(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton)) return QWidget::mouseMoveEvent(event);
  moveViewTo(event->position());
  event->accept();
}

}  // namespace tickscope::views
