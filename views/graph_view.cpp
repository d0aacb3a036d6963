#include "graph_view.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineF>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPaintEvent>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include "edge_raster.h"
#include "format.h"

namespace tickscope::views {

using Kind = GraphStructure::NodeKind;
using run::ActionState;

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kFitMarginPx = 24;      // around the bounds when fitting
constexpr double kTinyNodePx = 4;        // nodes lower than this are drawn without a border
constexpr int kBezierSegments = 8;       // segments per cubic Bézier piece
constexpr double kPaintSlackPx = 18;
constexpr int kSettleMs = 150;           // the view rests this long after a move: smooth edges again     // outlines and badges stick out of a box by at most this

QPointF toQ(const layout::Point& p) { return {p.x, p.y}; }

// borderPoint: where the ray from the centre of `box` toward `toward` leaves the box.
QPointF borderPoint(const QRectF& box, QPointF toward) {
  const QPointF c = box.center();
  const QPointF d = toward - c;
  if (d.x() == 0 && d.y() == 0) return c;
  const double sx = d.x() != 0 ? (box.width() / 2) / std::abs(d.x()) : std::numeric_limits<double>::infinity();
  const double sy = d.y() != 0 ? (box.height() / 2) / std::abs(d.y()) : std::numeric_limits<double>::infinity();
  return c + d * std::min({sx, sy, 1.0});
}

QPointF cubic(QPointF p0, QPointF c1, QPointF c2, QPointF p1, double t) {
  const double u = 1 - t;
  return p0 * (u * u * u) + c1 * (3 * u * u * t) + c2 * (3 * u * t * t) + p1 * (t * t * t);
}

}  // namespace

// The layout-derived arrays (setGraph).
struct GraphView::Scene {
  // From the structure.
  std::vector<std::int32_t> actionNode;  // action index -> node (-1: not shown)
  std::vector<std::int32_t> cellNode;    // cell index -> node
  std::vector<std::uint32_t> incidentStart;  // per node + 1: its edges in `incident`
  std::vector<std::uint32_t> incident;
  // From the layout.
  std::vector<QRectF> boxes;
  QPointF gridOrigin;
  double cell = 1;
  int cols = 0;
  int rows = 0;
  std::vector<std::uint32_t> gridStart;  // per grid cell + 1: its nodes (by centre) in gridNodes
  std::vector<std::uint32_t> gridNodes;
  double maxHalfWidth = 0;
  double maxHalfHeight = 0;
  std::vector<QPointF> points;           // every edge's route, one after the other
  std::vector<std::uint32_t> edgeStart;  // per edge + 1: its points
  std::vector<QRectF> edgeBox;           // per edge: the bounding box of its route (never empty)

  // forEachNodeIn: every node whose box meets `r` (scene), from the grid.
  template <typename F>
  void forEachNodeIn(const QRectF& r, F&& f) const {
    if (cols == 0 || boxes.empty()) return;
    const QRectF q = r.adjusted(-maxHalfWidth, -maxHalfHeight, maxHalfWidth, maxHalfHeight);
    const int c0 = std::clamp(static_cast<int>(std::floor((q.left() - gridOrigin.x()) / cell)), 0, cols - 1);
    const int c1 = std::clamp(static_cast<int>(std::floor((q.right() - gridOrigin.x()) / cell)), 0, cols - 1);
    const int r0 = std::clamp(static_cast<int>(std::floor((q.top() - gridOrigin.y()) / cell)), 0, rows - 1);
    const int r1 = std::clamp(static_cast<int>(std::floor((q.bottom() - gridOrigin.y()) / cell)), 0, rows - 1);
    if (q.right() < gridOrigin.x() || q.bottom() < gridOrigin.y()) return;
    if (q.left() > gridOrigin.x() + cols * cell || q.top() > gridOrigin.y() + rows * cell) return;
    for (int row = r0; row <= r1; ++row) {
      for (int col = c0; col <= c1; ++col) {
        const std::size_t g = static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col);
        for (std::uint32_t i = gridStart[g]; i < gridStart[g + 1]; ++i) {
          const std::uint32_t n = gridNodes[i];
          if (boxes[n].intersects(r)) f(n);
        }
      }
    }
  }
};

// The snapshot-derived arrays (setSnapshot).
struct GraphView::States {
  std::vector<Fill> fills;          // per node
  std::vector<std::uint8_t> hot;    // per node: ran this step, or a cell written this step
  std::vector<std::uint8_t> hotEdge;  // per edge: both ends hot (the change travelled along it)
};

// Per-frame scratch, kept to reuse its memory.
struct GraphView::Batches {
  std::array<std::vector<QRectF>, GraphView::kFillCount> rects;
  std::array<std::vector<QRectF>, GraphView::kFillCount> cells;
  std::vector<QRectF> effectInner;
  std::vector<QRectF> ranRects;
  std::vector<QRectF> ranCells;
  std::vector<QLineF> lines;
  std::vector<QLineF> hotLines;
  std::vector<QLineF> hoverLines;
  std::vector<std::uint32_t> visible;
  std::vector<std::uint32_t> visibleEdges;
  void clear() {
    for (auto& v : rects) v.clear();
    for (auto& v : cells) v.clear();
    effectInner.clear();
    ranRects.clear();
    ranCells.clear();
    lines.clear();
    hotLines.clear();
    hoverLines.clear();
    visible.clear();
    visibleEdges.clear();
  }
};

namespace {

using Fill = GraphView::Fill;

Fill fillOfAction(const ActionState& s) { return run::nodeFillOf(s); }

// tinyFill: nodes too small for a border: clean ones darker (else white vanishes on the
// background), ran ones in the strong highlight (their outline is not drawn).
QColor tinyFill(Fill f) {
  switch (f) {
    case Fill::Clean: return QColor(0x86, 0x91, 0x9e);
    case Fill::Cell: return QColor(0xa9, 0xb6, 0xc4);
    case Fill::NeverRun: return QColor(0xc4, 0xc8, 0xcd);
    case Fill::Ran:
    case Fill::CellWritten: return GraphView::travelledColor();
    default: return GraphView::fillColor(f);
  }
}

QString kindName(Kind k) {
  switch (k) {
    case Kind::Computation: return QObject::tr("computation");
    case Kind::Effect: return QObject::tr("effect");
    case Kind::Cell: return QObject::tr("cell");
  }
  return {};
}

QString valueString(double v) { return std::isnan(v) ? QStringLiteral("NaN") : formatNumber(v); }

// addArrow: a filled arrowhead at `tip`, pointing from `from`.
void addArrow(QPainterPath& path, QPointF from, QPointF tip, double size) {
  const QPointF d = tip - from;
  const double len = std::hypot(d.x(), d.y());
  if (len < 1e-6) return;
  const QPointF u = d / len;
  const QPointF n(-u.y(), u.x());
  const QPointF base = tip - u * size;
  path.moveTo(tip);
  path.lineTo(base + n * (size * 0.45));
  path.lineTo(base - n * (size * 0.45));
  path.closeSubpath();
}

}  // namespace

QColor GraphView::fillColor(Fill fill) { return QColor::fromRgb(run::nodeFillRgb(fill)); }

QString GraphView::fillName(Fill fill) {
  switch (fill) {
    case Fill::Ran: return tr("ran this step");
    case Fill::Errored: return tr("errored");
    case Fill::InCycle: return tr("in a cycle");
    case Fill::Debounced: return tr("debounced");
    case Fill::Pending: return tr("pending");
    case Fill::Dirty: return tr("dirty");
    case Fill::Check: return tr("check");
    case Fill::NeverRun: return tr("never run");
    case Fill::Clean: return tr("clean");
    case Fill::Cell: return tr("cell");
    case Fill::CellWritten: return tr("written this step");
  }
  return {};
}

QColor GraphView::edgeColor() { return QColor::fromRgb(run::colors::kEdge); }
QColor GraphView::farEdgeColor() { return QColor::fromRgb(run::colors::kFarEdge); }
QColor GraphView::travelledColor() { return QColor::fromRgb(run::colors::kTravelled); }
QColor GraphView::hoverColor() { return QColor::fromRgb(run::colors::kHover); }
QColor GraphView::selectionColor() { return QColor::fromRgb(run::colors::kSelection); }
QColor GraphView::borderColor() { return QColor::fromRgb(run::colors::kBorder); }
QColor GraphView::backgroundColor() { return QColor::fromRgb(run::colors::kBackground); }

GraphView::GraphView(QWidget* parent)
    : QWidget(parent),
      scene_(std::make_unique<Scene>()),
      states_(std::make_unique<States>()),
      batches_(std::make_unique<Batches>()),
      settle_(new QTimer(this)) {
  setAttribute(Qt::WA_OpaquePaintEvent);  // paintEvent fills its rectangle itself
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(120, 90);
  setAccessibleName(tr("Graph"));
  settle_->setSingleShot(true);
  settle_->setInterval(kSettleMs);
  connect(settle_, &QTimer::timeout, this, [this] {
    moving_ = false;
    update();  // the edges smooth again
  });
  placeholder_ = tr("No graph open");
  updateDescription();
}

GraphView::~GraphView() = default;

std::size_t GraphView::edgeCount() const { return structure_ ? structure_->layoutGraph.edges.size() : 0; }

void GraphView::setGraph(std::shared_ptr<const GraphStructure> structure, std::shared_ptr<const layout::GraphLayout> layout) {
  const bool sameStructure = structure_ && structure && structure_->hash == structure->hash &&
                             structure_->nodeCount() == structure->nodeCount();
  const bool hadLayout = layout_ != nullptr;
  structure_ = std::move(structure);
  layout_ = structure_ && layout && layout->nodes.size() == structure_->nodeCount() ? std::move(layout) : nullptr;
  hovered_.reset();
  prepareScene();
  prepareStates();
  resolveSelection();
  if (layout_ && !(sameStructure && hadLayout && userMoved_)) fit();
  updateDescription();
  update();
  emit graphChanged();
}

void GraphView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  updateDescription();
  update();
}

void GraphView::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  snapshot_ = std::move(snapshot);
  prepareStates();
  update();
  emit statesChanged();
}

void GraphView::setSelection(const Selection& selection) {
  selection_ = selection;
  resolveSelection();
  if (layout_ && !selectedNodes_.empty()) {
    const QRectF box = scene_->boxes[selectedNodes_.front()];
    if (!visibleSceneRect().contains(box)) centerOnNode(selectedNodes_.front());
  }
  updateDescription();
  update();
}

void GraphView::prepareScene() {
  ++sceneSerial_;  // the edge layer of the old scene is stale
  Scene& s = *scene_;
  s = Scene{};
  bounds_ = {};
  if (!structure_) return;
  const GraphStructure& g = *structure_;
  const std::size_t n = g.nodeCount();
  const auto& edges = g.layoutGraph.edges;
  // Node maps (a focus structure holds some actions and cells only).
  for (std::size_t i = 0; i < n; ++i) {
    auto& map = g.kinds[i] == Kind::Cell ? s.cellNode : s.actionNode;
    if (map.size() <= g.refs[i]) map.resize(g.refs[i] + 1, -1);
    map[g.refs[i]] = static_cast<std::int32_t>(i);
  }
  // Incident edges per node (hover), as CSR.
  s.incidentStart.assign(n + 1, 0);
  for (const auto& e : edges) {
    if (e.from < n) ++s.incidentStart[e.from + 1];
    if (e.to < n && e.to != e.from) ++s.incidentStart[e.to + 1];
  }
  for (std::size_t i = 0; i < n; ++i) s.incidentStart[i + 1] += s.incidentStart[i];
  s.incident.resize(s.incidentStart[n]);
  {
    std::vector<std::uint32_t> fill(s.incidentStart.begin(), s.incidentStart.end() - 1);
    for (std::size_t k = 0; k < edges.size(); ++k) {
      const auto& e = edges[k];
      if (e.from < n) s.incident[fill[e.from]++] = static_cast<std::uint32_t>(k);
      if (e.to < n && e.to != e.from) s.incident[fill[e.to]++] = static_cast<std::uint32_t>(k);
    }
  }
  if (!layout_) return;
  const layout::GraphLayout& l = *layout_;

  // Boxes, and the bounds (the layout's, grown to hold every box should it be short).
  s.boxes.resize(n);
  QRectF bounds(l.bounds.x, l.bounds.y, l.bounds.width, l.bounds.height);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& size = g.layoutGraph.nodes[i];
    s.boxes[i] = QRectF(l.nodes[i].x - size.width / 2, l.nodes[i].y - size.height / 2, size.width, size.height);
    s.maxHalfWidth = std::max(s.maxHalfWidth, size.width / 2);
    s.maxHalfHeight = std::max(s.maxHalfHeight, size.height / 2);
    bounds = bounds.isEmpty() ? s.boxes[i] : bounds.united(s.boxes[i]);
  }

  // Edge routes, flattened.
  s.edgeStart.reserve(edges.size() + 1);
  s.edgeStart.push_back(0);
  s.edgeBox.reserve(edges.size());
  s.points.reserve(edges.size() * 2);
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const auto& e = edges[k];
    const std::size_t first = s.points.size();
    const layout::EdgeRoute* route = k < l.edges.size() ? &l.edges[k] : nullptr;
    if (e.from >= n || e.to >= n) {
      // nothing to draw
    } else if (route && route->points.size() >= 2) {
      const auto& p = route->points;
      if (route->bezier && p.size() >= 4) {
        s.points.push_back(toQ(p[0]));
        for (std::size_t i = 0; i + 3 < p.size(); i += 3) {
          for (int j = 1; j <= kBezierSegments; ++j) {
            s.points.push_back(cubic(toQ(p[i]), toQ(p[i + 1]), toQ(p[i + 2]), toQ(p[i + 3]), double(j) / kBezierSegments));
          }
        }
      } else {
        for (const auto& q : p) s.points.push_back(toQ(q));
      }
    } else if (e.from != e.to) {
      const QRectF& a = s.boxes[e.from];
      const QRectF& b = s.boxes[e.to];
      s.points.push_back(borderPoint(a, b.center()));
      s.points.push_back(borderPoint(b, a.center()));
    }
    QRectF box;
    if (s.points.size() > first) {
      double x0 = s.points[first].x(), x1 = x0, y0 = s.points[first].y(), y1 = y0;
      for (std::size_t i = first + 1; i < s.points.size(); ++i) {
        x0 = std::min(x0, s.points[i].x());
        x1 = std::max(x1, s.points[i].x());
        y0 = std::min(y0, s.points[i].y());
        y1 = std::max(y1, s.points[i].y());
      }
      box = QRectF(QPointF(x0, y0), QPointF(x1, y1)).adjusted(-0.5, -0.5, 0.5, 0.5);  // never empty: intersects() needs area
      bounds = bounds.united(box);
    }
    s.edgeBox.push_back(box);
    s.edgeStart.push_back(static_cast<std::uint32_t>(s.points.size()));
  }
  bounds_ = bounds;

  // The grid: about four nodes per cell on an even spread, registered by their centre (a
  // query widens by the largest half box).
  if (n > 0 && !bounds.isEmpty()) {
    const double area = bounds.width() * bounds.height();
    s.cell = std::max(8.0, std::sqrt(area / static_cast<double>(n)) * 2.0);
    s.cols = std::clamp(static_cast<int>(std::ceil(bounds.width() / s.cell)), 1, 4096);
    s.rows = std::clamp(static_cast<int>(std::ceil(bounds.height() / s.cell)), 1, 4096);
    s.cell = std::max({s.cell, bounds.width() / s.cols, bounds.height() / s.rows});
    s.gridOrigin = bounds.topLeft();
    const std::size_t cells = static_cast<std::size_t>(s.cols) * static_cast<std::size_t>(s.rows);
    std::vector<std::uint32_t> cellOf(n);
    s.gridStart.assign(cells + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const QPointF c = s.boxes[i].center() - s.gridOrigin;
      const int col = std::clamp(static_cast<int>(c.x() / s.cell), 0, s.cols - 1);
      const int row = std::clamp(static_cast<int>(c.y() / s.cell), 0, s.rows - 1);
      cellOf[i] = static_cast<std::uint32_t>(row) * static_cast<std::uint32_t>(s.cols) + static_cast<std::uint32_t>(col);
      ++s.gridStart[cellOf[i] + 1];
    }
    for (std::size_t g2 = 0; g2 < cells; ++g2) s.gridStart[g2 + 1] += s.gridStart[g2];
    s.gridNodes.resize(n);
    std::vector<std::uint32_t> fill(s.gridStart.begin(), s.gridStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i) s.gridNodes[fill[cellOf[i]]++] = static_cast<std::uint32_t>(i);
  }
}

void GraphView::prepareStates() {
  States& st = *states_;
  const std::size_t n = structure_ ? structure_->nodeCount() : 0;
  const std::size_t m = edgeCount();
  st.fills.assign(n, Fill::Clean);
  st.hot.assign(n, 0);
  st.hotEdge.assign(m, 0);
  if (!structure_) return;
  const GraphStructure& g = *structure_;
  const run::RunSnapshot* snap = snapshot_.get();
  for (std::size_t i = 0; i < n; ++i) {
    if (g.kinds[i] == Kind::Cell) {
      st.fills[i] = Fill::Cell;
    } else if (snap && g.refs[i] < snap->actions.size()) {
      const ActionState& a = snap->actions[g.refs[i]];
      st.fills[i] = fillOfAction(a);
      st.hot[i] = a.has(ActionState::RanThisStep) ? 1 : 0;
    }
  }
  if (!snap) return;
  const auto& edges = g.layoutGraph.edges;
  // A cell is written this step when an action writing it (an edge action -> cell) ran.
  for (const auto& e : edges) {
    if (e.from < n && e.to < n && g.kinds[e.to] == Kind::Cell && g.kinds[e.from] != Kind::Cell && st.hot[e.from] == 1) {
      st.hot[e.to] = 2;
      st.fills[e.to] = Fill::CellWritten;
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    const auto& e = edges[k];
    st.hotEdge[k] = e.from < n && e.to < n && st.hot[e.from] && st.hot[e.to] ? 1 : 0;
  }
}

void GraphView::resolveSelection() {
  selectedNodes_.clear();
  if (!structure_) return;
  for (std::uint32_t a : selection_.actions) {
    if (auto node = nodeOfAction(a)) selectedNodes_.push_back(*node);
  }
  for (std::uint32_t c : selection_.cells) {
    if (auto node = nodeOfCell(c)) selectedNodes_.push_back(*node);
  }
}

std::optional<std::uint32_t> GraphView::nodeOfAction(std::uint32_t action) const {
  if (action >= scene_->actionNode.size() || scene_->actionNode[action] < 0) return std::nullopt;
  return static_cast<std::uint32_t>(scene_->actionNode[action]);
}

std::optional<std::uint32_t> GraphView::nodeOfCell(std::uint32_t cell) const {
  if (cell >= scene_->cellNode.size() || scene_->cellNode[cell] < 0) return std::nullopt;
  return static_cast<std::uint32_t>(scene_->cellNode[cell]);
}

QRectF GraphView::nodeRect(std::uint32_t node) const {
  return node < scene_->boxes.size() ? scene_->boxes[node] : QRectF();
}

GraphView::Fill GraphView::nodeFill(std::uint32_t node) const {
  return node < states_->fills.size() ? states_->fills[node] : Fill::Clean;
}

Selection GraphView::selectionOfNode(std::uint32_t node) const {
  if (!structure_ || node >= structure_->nodeCount()) return {};
  if (structure_->kinds[node] == Kind::Cell) return Selection{{}, {structure_->refs[node]}};
  return Selection::ofAction(structure_->refs[node]);
}

std::optional<std::uint32_t> GraphView::hoveredNode() const { return hovered_; }

// --- the viewport -------------------------------------------------------------------------

QRectF GraphView::visibleSceneRect() const { return QRectF(origin_, QSizeF(width() / scale_, height() / scale_)); }

double GraphView::minScale() const {
  if (bounds_.isEmpty()) return 1e-3;
  const double fitScale = std::min(std::max(1.0, width() - 2 * kFitMarginPx) / bounds_.width(),
                                   std::max(1.0, height() - 2 * kFitMarginPx) / bounds_.height());
  return std::min(0.1, fitScale * 0.5);
}

void GraphView::setScaleAndOrigin(double scale, QPointF origin, bool byUser) {
  scale_ = scale;
  origin_ = origin;
  userMoved_ = userMoved_ || byUser;
  if (byUser) {  // while the user moves the view, edges are drawn fast; smooth once it rests
    moving_ = true;
    settle_->start();
  }
  if (hovered_) setHovered(std::nullopt);
  update();
  emit viewChanged();
}

void GraphView::fit() {
  if (bounds_.isEmpty()) return;
  const double w = std::max(1.0, width() - 2 * kFitMarginPx);
  const double h = std::max(1.0, height() - 2 * kFitMarginPx);
  const double s = std::min({w / bounds_.width(), h / bounds_.height(), kMaxFitScale});
  userMoved_ = false;
  setScaleAndOrigin(s, bounds_.center() - QPointF(width() / 2.0, height() / 2.0) / s, false);
}

void GraphView::zoomAt(double factor, QPointF widgetPos) {
  if (!layout_ || !(factor > 0)) return;
  const QPointF anchor = mapToScene(widgetPos);
  const double s = std::clamp(scale_ * factor, minScale(), kMaxScale);
  setScaleAndOrigin(s, anchor - widgetPos / s, true);
}

void GraphView::panBy(QPointF pixels) {
  if (!layout_) return;
  setScaleAndOrigin(scale_, origin_ - pixels / scale_, true);
}

void GraphView::centerOn(QPointF scenePos) {
  if (!layout_) return;
  setScaleAndOrigin(scale_, scenePos - QPointF(width() / 2.0, height() / 2.0) / scale_, true);
}

bool GraphView::centerOnNode(std::uint32_t node) {
  if (!layout_ || node >= scene_->boxes.size()) return false;
  // Zoomed far out, a centred node is still unreadable: come close enough for its label.
  if (scale_ < kLabelScale) scale_ = std::min(1.0, kMaxScale);
  centerOn(scene_->boxes[node].center());
  return true;
}

// --- nodes --------------------------------------------------------------------------------

std::optional<std::uint32_t> GraphView::nodeAt(QPointF widgetPos) const {
  if (!layout_) return std::nullopt;
  const QPointF p = mapToScene(widgetPos);
  const double slack = 3.0 / scale_;  // three pixels around a node still hit it
  std::uint32_t best = kNone;
  double bestDistance = std::numeric_limits<double>::infinity();
  scene_->forEachNodeIn(QRectF(p.x() - slack, p.y() - slack, 2 * slack, 2 * slack), [&](std::uint32_t n) {
    const QRectF& box = scene_->boxes[n];
    const double dx = std::max({box.left() - p.x(), 0.0, p.x() - box.right()});
    const double dy = std::max({box.top() - p.y(), 0.0, p.y() - box.bottom()});
    const double d = std::hypot(dx, dy);
    if (d < bestDistance || (d == bestDistance && n < best)) {
      bestDistance = d;
      best = n;
    }
  });
  if (best == kNone || bestDistance > slack) return std::nullopt;
  return best;
}

QString GraphView::valueText(std::uint32_t node) const {
  if (!snapshot_ || !structure_ || node >= structure_->nodeCount()) return {};
  const GraphStructure& g = *structure_;
  if (g.kinds[node] == Kind::Cell) {
    return g.refs[node] < snapshot_->cells.size() ? valueString(snapshot_->cells[g.refs[node]]) : QString();
  }
  if (g.cellsShown || !snapshot_->document) return {};  // shown cells carry the values themselves
  const auto& r = snapshot_->document->resolution;
  if (g.refs[node] >= r.actions.size() || r.actions[g.refs[node]].writes.empty()) return {};
  const graph::CellIndex c = r.actions[g.refs[node]].writes.front();
  return c < snapshot_->cells.size() ? QStringLiteral("= ") + valueString(snapshot_->cells[c]) : QString();
}

QString GraphView::toolTipForNode(std::uint32_t node) const {
  if (!structure_ || node >= structure_->nodeCount()) return {};
  const GraphStructure& g = *structure_;
  QStringList lines{QString::fromStdString(g.labels[node]), kindName(g.kinds[node])};
  const std::uint32_t ref = g.refs[node];
  if (g.kinds[node] == Kind::Cell) {
    if (nodeFill(node) == Fill::CellWritten) lines << tr("state: written this step");
    if (snapshot_ && ref < snapshot_->cells.size()) lines << tr("value: %1").arg(valueString(snapshot_->cells[ref]));
    return lines.join('\n');
  }
  if (!snapshot_ || ref >= snapshot_->actions.size()) return lines.join('\n');
  const ActionState& a = snapshot_->actions[ref];
  QStringList state;
  if (a.has(ActionState::RanThisStep)) state << fillName(Fill::Ran);
  if (a.has(ActionState::Errored)) state << fillName(Fill::Errored);
  if (a.has(ActionState::InCycle)) state << tr("in a cycle (iteration %1)").arg(a.cycleIteration);
  if (a.has(ActionState::DebounceArmed)) state << tr("debounced (%1 left)").arg(formatMs(a.debounceDeadlineMs - snapshot_->nowMs));
  if (a.has(ActionState::Pending)) state << fillName(Fill::Pending);
  if (a.has(ActionState::Dirty)) state << fillName(Fill::Dirty);
  if (a.has(ActionState::Check)) state << fillName(Fill::Check);
  if (a.has(ActionState::NeverRun)) state << fillName(Fill::NeverRun);
  if (a.has(ActionState::Deprioritized)) state << tr("deprioritized");
  lines << tr("state: %1").arg(state.isEmpty() ? fillName(Fill::Clean) : state.join(", "));
  lines << tr("runs: %1").arg(a.runCount);
  if (snapshot_->document && ref < snapshot_->document->resolution.actions.size()) {
    QStringList values;
    for (graph::CellIndex c : snapshot_->document->resolution.actions[ref].writes) {
      if (c < snapshot_->cells.size()) {
        values << QStringLiteral("%1 = %2").arg(QString::fromUtf8(snapshot_->document->cellId(c).data(),
                                                                  static_cast<qsizetype>(snapshot_->document->cellId(c).size())),
                                                valueString(snapshot_->cells[c]));
      }
    }
    if (!values.isEmpty()) lines << tr("value: %1").arg(values.join(", "));
  }
  return lines.join('\n');
}

QString GraphView::description() const {
  if (!structure_) return placeholder_;
  const std::size_t n = structure_->nodeCount();
  if (!layout_) return tr("Laying out %1 nodes…").arg(n);
  QString text = tr("%1 nodes, %2 edges; ").arg(n).arg(edgeCount());
  if (selectedNodes_.empty()) return text + tr("nothing selected");
  QStringList names;
  for (std::size_t i = 0; i < selectedNodes_.size() && i < 3; ++i) names << QString::fromStdString(structure_->labels[selectedNodes_[i]]);
  if (selectedNodes_.size() > 3) names << tr("and %1 more").arg(selectedNodes_.size() - 3);
  return text + tr("selected: %1").arg(names.join(", "));
}

void GraphView::updateDescription() { setAccessibleDescription(description()); }

// --- interaction --------------------------------------------------------------------------

void GraphView::setHovered(std::optional<std::uint32_t> node) {
  if (node == hovered_) return;
  QRect dirty;
  if (hovered_) dirty = deviceRectOfNodeAndEdges(*hovered_);
  hovered_ = node;
  if (hovered_) dirty = dirty.united(deviceRectOfNodeAndEdges(*hovered_));
  update(dirty);
}

// deviceRectOfNodeAndEdges: what a node's hover touches on screen: its box and its edges.
QRect GraphView::deviceRectOfNodeAndEdges(std::uint32_t node) const {
  if (!layout_ || node >= scene_->boxes.size()) return {};
  QRectF scene = scene_->boxes[node];
  for (std::uint32_t i = scene_->incidentStart[node]; i < scene_->incidentStart[node + 1]; ++i) {
    const QRectF& b = scene_->edgeBox[scene_->incident[i]];
    if (!b.isEmpty()) scene = scene.united(b);
  }
  const QRectF device(mapFromScene(scene.topLeft()), mapFromScene(scene.bottomRight()));
  return device.adjusted(-kPaintSlackPx, -kPaintSlackPx, kPaintSlackPx, kPaintSlackPx).toAlignedRect().intersected(rect());
}

bool GraphView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    if (auto node = nodeAt(QPointF(help->pos()))) {
      const QRectF box(mapFromScene(scene_->boxes[*node].topLeft()), mapFromScene(scene_->boxes[*node].bottomRight()));
      QToolTip::showText(help->globalPos(), toolTipForNode(*node), this, box.toAlignedRect().adjusted(-3, -3, 3, 3));
    } else {
      QToolTip::hideText();
      e->ignore();
    }
    return true;
  }
  return QWidget::event(e);
}

void GraphView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (!layout_) return;
  if (!userMoved_) {
    fit();
  } else {  // keep the centre where it was
    const QSizeF old = event->oldSize().isValid() ? QSizeF(event->oldSize()) : QSizeF(size());
    setScaleAndOrigin(scale_, origin_ + QPointF(old.width() - width(), old.height() - height()) / (2 * scale_), false);
  }
}

void GraphView::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches == 0) return;
  zoomAt(std::pow(1.2, notches), event->position());
  event->accept();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  pressed_ = true;
  dragging_ = false;
  pressPos_ = lastDragPos_ = event->position().toPoint();
  event->accept();
}

void GraphView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (pressed_ && (event->buttons() & Qt::LeftButton)) {
    if (!dragging_ && (pos - pressPos_).manhattanLength() >= 4) {
      dragging_ = true;
      setCursor(Qt::ClosedHandCursor);
    }
    if (dragging_) {
      panBy(pos - lastDragPos_);
      lastDragPos_ = pos;
    }
    return;
  }
  setHovered(nodeAt(event->position()));  // the grid: a handful of boxes looked at
}

void GraphView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !pressed_) return QWidget::mouseReleaseEvent(event);
  pressed_ = false;
  if (dragging_) {
    dragging_ = false;
    unsetCursor();
    return;
  }
  if (!layout_) return;
  const auto node = nodeAt(event->position());
  emit selectionRequested(node ? selectionOfNode(*node) : Selection{});
}

void GraphView::leaveEvent(QEvent* event) {
  setHovered(std::nullopt);
  QWidget::leaveEvent(event);
}

void GraphView::keyPressEvent(QKeyEvent* event) {
  const double step = std::max(40, std::min(width(), height()) / 8);
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.25); break;
    case Qt::Key_Minus: zoomBy(1 / 1.25); break;
    case Qt::Key_0: fit(); break;
    case Qt::Key_Left: panBy({step, 0}); break;
    case Qt::Key_Right: panBy({-step, 0}); break;
    case Qt::Key_Up: panBy({0, step}); break;
    case Qt::Key_Down: panBy({0, -step}); break;
    default: return QWidget::keyPressEvent(event);
  }
  event->accept();
}

// --- painting -----------------------------------------------------------------------------

void GraphView::paintEvent(QPaintEvent* event) {
  QElapsedTimer clock;
  clock.start();
  QPainter painter(this);
  painter.fillRect(event->rect(), backgroundColor());
  if (!structure_ || !layout_) {
    painter.setPen(QColor(0x55, 0x5d, 0x66));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, description());
    frame_ = {};
    return;
  }
  paintGraph(painter, QRectF(event->rect()));
  frame_.ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

void GraphView::paintGraph(QPainter& p, const QRectF& dirty) {
  const Scene& s = *scene_;
  const States& st = *states_;
  const GraphStructure& g = *structure_;
  Batches& b = *batches_;
  b.clear();
  frame_ = {};
  const double slack = kPaintSlackPx / scale_;
  const QRectF view = QRectF(mapToScene(dirty.topLeft()), mapToScene(dirty.bottomRight())).adjusted(-slack, -slack, slack, slack);
  const bool detailed = scale_ >= kLabelScale;
  const double scale = scale_;
  const QPointF origin = origin_;
  auto dev = [scale, origin](QPointF q) { return (q - origin) * scale; };
  p.setRenderHint(QPainter::Antialiasing, detailed);
  frame_.antialiased = detailed;
  frame_.labels = detailed;

  // The plain edges come from the edge layer (drawn again only when the view moved or the
  // layout changed: a new step's states reuse it); the ones the change travelled along on top.
  const double arrowPx = std::clamp(7.0 * scale, 5.0, 11.0);
  frame_.edgeLayerDrawn = !edgeLayerFits();
  if (frame_.edgeLayerDrawn) paintEdgeLayer();
  frame_.smoothEdges = edgeLayerKey_.smooth;
  p.drawImage(dirty, edgeLayer_, QRectF(dirty.topLeft() * edgeLayer_.devicePixelRatio(),
                                        dirty.size() * edgeLayer_.devicePixelRatio()));
  frame_.edges = edgeLayerEdges_;
  QPainterPath hotArrows;
  const std::size_t m = s.edgeBox.size();
  for (std::size_t k = 0; k < m; ++k) {
    if (st.hotEdge[k] == 0 || !s.edgeBox[k].intersects(view)) continue;
    const std::uint32_t a = s.edgeStart[k];
    const std::uint32_t e = s.edgeStart[k + 1];
    if (e - a < 2) continue;
    QPointF prev = dev(s.points[a]);
    for (std::uint32_t i = a + 1; i < e; ++i) {
      const QPointF next = dev(s.points[i]);
      b.hotLines.emplace_back(prev, next);
      prev = next;
    }
    if (detailed) addArrow(hotArrows, dev(s.points[e - 2]), prev, arrowPx);
  }
  p.setBrush(Qt::NoBrush);
  if (!b.hotLines.empty()) {
    p.setPen(QPen(travelledColor(), detailed ? 2.5 : 1.5));
    p.drawLines(b.hotLines.data(), static_cast<int>(b.hotLines.size()));
  }
  if (detailed) {
    p.setPen(Qt::NoPen);
    p.fillPath(hotArrows, travelledColor());
  }
  // The hovered node's edges on top.
  if (hovered_ && *hovered_ < g.nodeCount()) {
    for (std::uint32_t i = s.incidentStart[*hovered_]; i < s.incidentStart[*hovered_ + 1]; ++i) {
      const std::uint32_t k = s.incident[i];
      for (std::uint32_t j = s.edgeStart[k] + 1; j < s.edgeStart[k + 1]; ++j) b.hoverLines.emplace_back(dev(s.points[j - 1]), dev(s.points[j]));
    }
    p.setPen(QPen(hoverColor(), 2.5));
    p.drawLines(b.hoverLines.data(), static_cast<int>(b.hoverLines.size()));
  }

  // Nodes: batched per fill (and per shape when detailed).
  s.forEachNodeIn(view, [&](std::uint32_t n) { b.visible.push_back(n); });
  frame_.nodes = b.visible.size();
  paintNodes(p, scale, origin, detailed);

  if (detailed) {
    const double fontPx = std::clamp(std::round(9.5 * scale), 7.0, 12.0);
    paintLabels(p, b.visible, fontPx, scale, origin);
    paintBadges(p, b.visible, scale, origin);
  }

  // The selection (a thick ring, at least 14 px wide so it shows when zoomed out) and the
  // hovered node's outline.
  auto ring = [&](std::uint32_t n, const QColor& color, double width, double grow) {
    const QRectF& box = s.boxes[n];
    QRectF r(dev(box.topLeft()), box.size() * scale);
    r = r.adjusted(-grow, -grow, grow, grow);
    if (r.width() < 14) r.adjust(-(14 - r.width()) / 2, 0, (14 - r.width()) / 2, 0);
    if (r.height() < 14) r.adjust(0, -(14 - r.height()) / 2, 0, (14 - r.height()) / 2);
    p.setPen(QPen(color, width));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(r, 4, 4);
  };
  p.setRenderHint(QPainter::Antialiasing, true);  // a handful of rings: smooth at any zoom
  for (std::uint32_t n : selectedNodes_) {
    if (s.boxes[n].intersects(view)) ring(n, selectionColor(), 3.0, 5.0);
  }
  if (hovered_ && *hovered_ < s.boxes.size() && s.boxes[*hovered_].intersects(view)) ring(*hovered_, hoverColor(), 2.0, 2.5);
}

void GraphView::paintNodes(QPainter& p, double scale, QPointF origin, bool detailed) {
  const Scene& s = *scene_;
  const States& st = *states_;
  const GraphStructure& g = *structure_;
  Batches& b = *batches_;
  auto dev = [scale, origin](QPointF q) { return (q - origin) * scale; };
  for (auto& v : b.rects) v.clear();
  for (auto& v : b.cells) v.clear();
  b.effectInner.clear();
  b.ranRects.clear();
  b.ranCells.clear();
  const bool tiny = s.maxHalfHeight * 2 * scale < kTinyNodePx;
  const double inset = std::clamp(3.0 * scale, 2.0, 4.0);
  for (std::uint32_t n : b.visible) {
    const QRectF& box = s.boxes[n];
    const QRectF r(dev(box.topLeft()), box.size() * scale);
    const auto f = static_cast<std::size_t>(st.fills[n]);
    const Kind kind = g.kinds[n];
    if (detailed && kind == Kind::Cell) {
      b.cells[f].push_back(r);
      if (st.hot[n]) b.ranCells.push_back(r.adjusted(-2.5, -2.5, 2.5, 2.5));
    } else {
      b.rects[f].push_back(r);
      if (detailed && kind == Kind::Effect) b.effectInner.push_back(r.adjusted(inset, inset, -inset, -inset));
      if (detailed && st.hot[n]) b.ranRects.push_back(r.adjusted(-2.5, -2.5, 2.5, 2.5));
    }
  }
  const QPen border(borderColor(), detailed ? 1.0 : 0);
  p.setPen(tiny ? QPen(Qt::NoPen) : border);
  for (int f = 0; f < kFillCount; ++f) {
    if (b.rects[f].empty()) continue;
    p.setBrush(tiny ? tinyFill(Fill(f)) : fillColor(Fill(f)));
    p.drawRects(b.rects[f].data(), static_cast<int>(b.rects[f].size()));
  }
  const double radius = std::min(8.0 * scale, 10.0);
  for (int f = 0; f < kFillCount; ++f) {
    if (b.cells[f].empty()) continue;
    p.setBrush(fillColor(Fill(f)));
    for (const QRectF& r : b.cells[f]) p.drawRoundedRect(r, radius, radius);
  }
  p.setBrush(Qt::NoBrush);
  if (!b.effectInner.empty()) p.drawRects(b.effectInner.data(), static_cast<int>(b.effectInner.size()));
  if (!b.ranRects.empty() || !b.ranCells.empty()) {
    p.setPen(QPen(travelledColor(), 2.5));
    p.drawRects(b.ranRects.data(), static_cast<int>(b.ranRects.size()));
    for (const QRectF& r : b.ranCells) p.drawRoundedRect(r, radius + 2, radius + 2);
  }
}

QSizeF GraphView::vectorSize() const {
  if (!layout_ || bounds_.isEmpty()) return {};
  return bounds_.size() + QSizeF(2 * kVectorMargin, 2 * kVectorMargin);
}

void GraphView::paintVector(QPainter& p) {
  if (!structure_ || !layout_ || bounds_.isEmpty()) return;
  const Scene& s = *scene_;
  const States& st = *states_;
  Batches& b = *batches_;
  b.clear();
  // One point of the layout is one unit of the drawing: a vector drawing scales itself.
  const double scale = 1.0;
  const QPointF origin = bounds_.topLeft() - QPointF(kVectorMargin, kVectorMargin);
  auto dev = [origin](QPointF q) { return q - origin; };
  p.setRenderHint(QPainter::Antialiasing, true);
  p.fillRect(QRectF(QPointF(0, 0), vectorSize()), backgroundColor());

  // Edges: each one polyline through its route (plain grey, or blue where the last step's
  // change travelled), its arrowhead a polygon; the travelled ones last, on top.
  const double arrow = 7.0;
  for (int pass = 0; pass < 2; ++pass) {
    const bool hot = pass == 1;
    p.setPen(QPen(hot ? travelledColor() : edgeColor(), hot ? 2.0 : 1.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (std::size_t k = 0; k < s.edgeBox.size(); ++k) {
      if ((st.hotEdge[k] != 0) != hot) continue;
      const std::uint32_t a = s.edgeStart[k];
      const std::uint32_t e = s.edgeStart[k + 1];
      if (e - a < 2) continue;
      QPolygonF line;
      line.reserve(static_cast<qsizetype>(e - a));
      for (std::uint32_t i = a; i < e; ++i) line << dev(s.points[i]);
      p.setBrush(Qt::NoBrush);
      p.drawPolyline(line);
      QPainterPath head;
      addArrow(head, line[line.size() - 2], line.back(), arrow);
      p.fillPath(head, hot ? travelledColor() : edgeColor());
    }
  }

  for (std::uint32_t n = 0; n < s.boxes.size(); ++n) b.visible.push_back(n);
  paintNodes(p, scale, origin, true);
  // 8 px labels: a cell's box (20 points) then holds its value under its label too; values
  // whole (a file is read closely: 0.5000000000000059, not 0.50…).
  paintLabels(p, b.visible, 8.0, scale, origin, true);
  paintBadges(p, b.visible, scale, origin);
}

bool GraphView::edgeLayerFits() const {
  const double dpr = devicePixelRatioF();
  return !edgeLayer_.isNull() && edgeLayerKey_.serial == sceneSerial_ && edgeLayerKey_.scale == scale_ &&
         edgeLayerKey_.smooth == (scale_ >= kLabelScale && !moving_) &&
         edgeLayerKey_.origin == origin_ && edgeLayer_.size() == (QSizeF(size()) * dpr).toSize() &&
         edgeLayer_.devicePixelRatio() == dpr;
}

void GraphView::paintEdgeLayer() {
  const Scene& s = *scene_;
  Batches& b = *batches_;
  const double dpr = devicePixelRatioF();
  const QSize pixels = (QSizeF(size()) * dpr).toSize();
  if (edgeLayer_.size() != pixels) edgeLayer_ = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
  edgeLayer_.setDevicePixelRatio(dpr);
  edgeLayer_.fill(backgroundColor());
  const bool detailed = scale_ >= kLabelScale;
  edgeLayerKey_ = {sceneSerial_, scale_, origin_, detailed && !moving_};
  edgeLayerEdges_ = 0;
  const double slack = kPaintSlackPx / scale_;
  const QRectF view = visibleSceneRect().adjusted(-slack, -slack, slack, slack);
  // Zoomed out or moving, thin lines in pixels (drawThinLines: antialiased long lines across a
  // zoomed-in view cost 20-30 ms a frame through QPainter); at rest zoomed in, smooth lines in
  // widget coordinates through a painter.
  const bool smooth = detailed && !moving_;
  const double toPixels = smooth ? 1.0 : dpr;
  const double scale = scale_ * toPixels;
  const QPointF origin = origin_;
  auto dev = [scale, origin](QPointF q) { return (q - origin) * scale; };
  QPainterPath arrows;
  const double arrowPx = std::clamp(7.0 * scale_, 5.0, 11.0);
  b.lines.clear();
  const std::size_t m = s.edgeBox.size();
  for (std::size_t k = 0; k < m; ++k) {
    if (!s.edgeBox[k].intersects(view)) continue;
    const std::uint32_t a = s.edgeStart[k];
    const std::uint32_t e = s.edgeStart[k + 1];
    if (e - a < 2) continue;
    ++edgeLayerEdges_;
    QPointF prev = dev(s.points[a]);
    for (std::uint32_t i = a + 1; i < e; ++i) {
      const QPointF next = dev(s.points[i]);
      b.lines.emplace_back(prev, next);
      prev = next;
    }
    if (detailed) addArrow(arrows, dev(s.points[e - 2]), prev, arrowPx * toPixels);
  }
  if (!smooth) {
    // Zoomed out, edges are many and short: lighter, so the nodes' states stand out.
    drawThinLines(edgeLayer_, b.lines, detailed ? edgeColor().rgb() : farEdgeColor().rgb());
    if (detailed) {
      QPainter p(&edgeLayer_);
      p.scale(1 / dpr, 1 / dpr);  // the arrows are in pixels too
      p.fillPath(arrows, edgeColor());
    }
    return;
  }
  QPainter p(&edgeLayer_);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(edgeColor(), std::clamp(scale_, 1.0, 1.6)));
  p.drawLines(b.lines.data(), static_cast<int>(b.lines.size()));
  p.setPen(Qt::NoPen);
  p.fillPath(arrows, edgeColor());
}

void GraphView::paintLabels(QPainter& p, const std::vector<std::uint32_t>& visible, double fontPx, double scale,
                            QPointF origin, bool wholeValues) {
  const Scene& s = *scene_;
  const States& st = *states_;
  const GraphStructure& g = *structure_;
  QFont labelFont = font();
  labelFont.setPixelSize(static_cast<int>(fontPx));
  QFont valueFont = labelFont;
  valueFont.setPixelSize(static_cast<int>(std::max(7.0, fontPx - 1)));
  const QFontMetricsF labelMetrics(labelFont);
  const QFontMetricsF valueMetrics(valueFont);
  const QColor text = QColor::fromRgb(run::colors::kLabel);
  const QColor dimmed = QColor::fromRgb(run::colors::kDimmedLabel);
  const QColor valueColor = QColor::fromRgb(run::colors::kValue);
  const bool values = snapshot_ != nullptr;
  for (std::uint32_t n : visible) {
    const QRectF& box = s.boxes[n];
    const QRectF r((box.topLeft() - origin) * scale, box.size() * scale);
    const double room = r.width() - 6;
    if (room < fontPx) continue;
    const QString label = labelMetrics.elidedText(QString::fromStdString(g.labels[n]), Qt::ElideRight, room);
    const QString value = values && r.height() >= 2 * fontPx + 4 ? valueText(n) : QString();
    p.setFont(labelFont);
    p.setPen(st.fills[n] == Fill::NeverRun ? dimmed : text);
    if (value.isEmpty()) {
      p.drawText(r, Qt::AlignCenter, label);
      continue;
    }
    const double mid = r.top() + r.height() / 2;
    p.drawText(QRectF(r.left(), r.top(), r.width(), mid - r.top() + 1), Qt::AlignHCenter | Qt::AlignBottom, label);
    p.setFont(valueFont);
    p.setPen(valueColor);
    if (wholeValues) {  // centred under the label, wider than the box if it must
      const double w = std::max(r.width(), valueMetrics.horizontalAdvance(value) + 2);
      if (w > r.width()) {  // on a plate of the node's fill, so edges and borders do not cross it
        p.setPen(QPen(borderColor(), 0.5));
        p.setBrush(fillColor(st.fills[n]));
        p.drawRoundedRect(QRectF(r.center().x() - w / 2 - 2, mid + 1, w + 4, valueMetrics.height() + 1), 3, 3);
        p.setPen(valueColor);
      }
      p.drawText(QRectF(r.center().x() - w / 2, mid + 1, w, r.bottom() - mid), Qt::AlignHCenter | Qt::AlignTop, value);
    } else {
      p.drawText(QRectF(r.left(), mid + 1, r.width(), r.bottom() - mid), Qt::AlignHCenter | Qt::AlignTop,
                 valueMetrics.elidedText(value, Qt::ElideRight, room));
    }
  }
}

void GraphView::paintBadges(QPainter& p, const std::vector<std::uint32_t>& visible, double scale, QPointF origin) {
  if (!snapshot_) return;
  const Scene& s = *scene_;
  const GraphStructure& g = *structure_;
  QFont badgeFont = font();
  badgeFont.setPixelSize(9);
  badgeFont.setBold(true);
  const QFontMetricsF metrics(badgeFont);
  p.setFont(badgeFont);
  for (std::uint32_t n : visible) {
    if (g.kinds[n] == Kind::Cell || g.refs[n] >= snapshot_->actions.size()) continue;
    const ActionState& a = snapshot_->actions[g.refs[n]];
    const bool cycle = a.has(ActionState::InCycle);
    const bool debounce = a.has(ActionState::DebounceArmed);
    const bool errored = a.has(ActionState::Errored) && states_->fills[n] != Fill::Errored;
    const bool deprioritized = a.has(ActionState::Deprioritized);
    if (!cycle && !debounce && !errored && !deprioritized) continue;
    const QRectF& box = s.boxes[n];
    const QRectF r((box.topLeft() - origin) * scale, box.size() * scale);
    double right = r.right() + 5;
    auto pill = [&](const QColor& color, const QString& text) {
      const double w = metrics.horizontalAdvance(text) + 8;
      const QRectF pillRect(right - w, r.top() - 7, w, 13);
      p.setPen(QPen(Qt::white, 1));
      p.setBrush(color);
      p.drawRoundedRect(pillRect, 6.5, 6.5);
      p.setPen(Qt::white);
      p.drawText(pillRect, Qt::AlignCenter, text);
      right -= w + 2;
    };
    if (errored) pill(QColor::fromRgb(run::colors::kErrorBadge), QStringLiteral("!"));
    if (cycle) pill(QColor::fromRgb(run::colors::kCycleBadge), QStringLiteral("×%1").arg(a.cycleIteration));
    if (debounce) pill(QColor::fromRgb(run::colors::kDebounceBadge), formatMs(std::max(0.0, a.debounceDeadlineMs - snapshot_->nowMs)));
    if (deprioritized) {  // a small dark triangle pointing down in the bottom-left corner
      const double t = 7;
      const QPointF c(r.left() + 3, r.bottom() - 3);
      const QPointF tri[3] = {QPointF(c.x(), c.y() - t), QPointF(c.x() + t, c.y() - t), QPointF(c.x() + t / 2, c.y())};
      p.setPen(Qt::NoPen);
      p.setBrush(QColor::fromRgb(run::colors::kDeprioritized));
      p.drawPolygon(tri, 3);
    }
  }
}

}  // namespace tickscope::views
