#pragma once
// GraphView: the Graph pane's canvas. The dependency graph is painted by hand over flat arrays,
// not with one QGraphicsItem per node (issue 14: an item per node needed 1.9 s to draw 100,000
// nodes; a painter over flat arrays 34 ms).
//
// What it keeps, and when it is prepared (never per frame):
//   setGraph     node boxes (scene rectangles), a uniform grid index over them, edge routes
//                flattened into one array of points (Bézier chains cut into segments, straight
//                edges clipped to the two boxes' borders) with a bounding box per edge, and
//                each node's incident edges (hover);
//   setSnapshot  each node's fill (its state, by the precedence of Fill), its badges, and the
//                edges the last step's change travelled along (both ends ran or were written).
// A frame draws only what meets the repainted rectangle: nodes from the grid, edges whose
// bounding box meets it; batched per colour (drawRects / drawLines / one path), no per-node
// save/restore. Level of detail (scale = pixels per layout point): below kLabelScale nodes are
// filled rectangles without labels, badges or antialiasing; from kLabelScale labels, shapes
// (cells rounded, effects double-bordered), arrowheads and badges; cells' values (actions' too,
// with cells folded: the cell they write) under the label once the box is tall enough.
//
// Coordinates: the scene is the layout's (points, y down); the widget shows the scene at
// `scale()` pixels per point. Interaction: wheel zooms around the mouse, drag pans, + and -
// zoom, arrows pan, 0 fits; a click asks for the node's selection (empty space: the empty
// selection); hovering highlights the node's edges and shows a tooltip (id, kind, state, value).
// Hit testing and hover use the grid index: no O(nodes) work per mouse move.
// UI thread only.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QWidget>

#include "graph_structure.h"
#include "run/run_snapshot.h"
#include "run/state_colors.h"
#include "selection.h"

class QTimer;

namespace tickscope::views {

class GraphView final : public QWidget {
  Q_OBJECT
 public:
  // Fill: a node's fill, by state (run/state_colors.h: the precedence, the colours; the
  // legend and the exports use the same table).
  using Fill = run::NodeFill;
  static constexpr int kFillCount = run::kNodeFillCount;
  static QColor fillColor(Fill fill);
  // fillName: the state's name as tooltips and the legend say it ("ran this step", "dirty").
  static QString fillName(Fill fill);
  static QColor edgeColor();          // an edge
  static QColor farEdgeColor();       // an edge zoomed out (below kLabelScale)
  static QColor travelledColor();     // an edge the last step's change travelled along; Ran's outline
  static QColor hoverColor();         // the hovered node's edges
  static QColor selectionColor();     // the selection's thick outline
  static QColor borderColor();        // a node's border
  static QColor backgroundColor();

  // Levels of detail (scale: pixels per layout point).
  static constexpr double kLabelScale = 0.55;  // labels, shapes, badges, antialiasing from here
  static constexpr double kMaxScale = 8.0;
  static constexpr double kMaxFitScale = 1.5;  // fit never enlarges a small graph beyond this

  explicit GraphView(QWidget* parent = nullptr);
  ~GraphView() override;

  // setGraph: what to draw. `layout` must have a centre per node of `structure` (else it is
  // treated as missing); without one the view says "Laying out N nodes…" instead of drawing.
  // A new structure is fitted into view; a new layout of the structure shown keeps the view
  // if the user moved it, else fits again. The selection is kept (by actions and cells).
  void setGraph(std::shared_ptr<const GraphStructure> structure, std::shared_ptr<const layout::GraphLayout> layout);
  // setPlaceholder: the text shown while there is no structure ("No graph open").
  void setPlaceholder(const QString& text);
  // setSnapshot: states and values (null: every node clean, no values). Only its actions and
  // cells that exist are read: a snapshot of another document draws nothing wrong, just less.
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: drawn with a thick outline; centres on the primary node when it is off screen.
  void setSelection(const Selection& selection);

  const std::shared_ptr<const GraphStructure>& structure() const { return structure_; }
  const std::shared_ptr<const layout::GraphLayout>& graphLayout() const { return layout_; }
  bool hasLayout() const { return layout_ != nullptr; }
  // edgeCount: edges of the structure shown (0 without one).
  std::size_t edgeCount() const;

  // --- the viewport -----------------------------------------------------------------------
  double scale() const { return scale_; }
  QPointF mapToScene(QPointF widgetPos) const { return origin_ + widgetPos / scale_; }
  QPointF mapFromScene(QPointF scenePos) const { return (scenePos - origin_) * scale_; }
  QRectF visibleSceneRect() const;
  // sceneBounds: the layout's bounds (every node box and route); empty without a layout.
  QRectF sceneBounds() const { return bounds_; }
  // fit: the whole bounds in view, centred (at most kMaxFitScale).
  void fit();
  // zoomAt: multiplies the scale by `factor`, keeping the scene point under `widgetPos` there.
  void zoomAt(double factor, QPointF widgetPos);
  void zoomBy(double factor) { zoomAt(factor, QPointF(width() / 2.0, height() / 2.0)); }
  void panBy(QPointF pixels);
  void centerOn(QPointF scenePos);
  // centerOnNode: centres node `node` (false: no such node or no layout).
  bool centerOnNode(std::uint32_t node);

  // --- nodes ------------------------------------------------------------------------------
  // nodeAt: the node under `widgetPos` (a few pixels of slack around tiny nodes), from the grid.
  std::optional<std::uint32_t> nodeAt(QPointF widgetPos) const;
  std::optional<std::uint32_t> nodeOfAction(std::uint32_t action) const;
  std::optional<std::uint32_t> nodeOfCell(std::uint32_t cell) const;
  // nodeRect: node `node`'s box in the scene (empty without a layout).
  QRectF nodeRect(std::uint32_t node) const;
  Fill nodeFill(std::uint32_t node) const;
  // selectionOfNode: what a click on `node` asks for: the action, or the cell.
  Selection selectionOfNode(std::uint32_t node) const;
  // toolTipForNode: id, kind, state and value, as the hover tooltip shows them.
  QString toolTipForNode(std::uint32_t node) const;
  std::optional<std::uint32_t> hoveredNode() const;
  // description: "N nodes, M edges; selected: sum" (the accessible description).
  QString description() const;

  // --- export -----------------------------------------------------------------------------
  // kVectorMargin: the blank border of paintVector's drawing, in points.
  static constexpr double kVectorMargin = 24;
  // vectorSize: paintVector's drawing size in points (the layout's bounds and the margin;
  // empty without a layout).
  QSizeF vectorSize() const;
  // paintVector: the whole graph with the current states as vectors, at one unit per layout
  // point from (0, 0) to vectorSize(), for the SVG export: every edge one polyline through its
  // route (the pane rasterises its plain edges: not here) and a polygon arrowhead, the
  // travelled ones blue and on top; every node its shape and fill, label, value and badges, as
  // the pane draws them zoomed in. No selection or hover. Nothing is culled: all of it.
  void paintVector(QPainter& painter);

  // FrameStats: what the last paint drew (tests, the probe).
  struct FrameStats {
    std::size_t nodes = 0;
    std::size_t edges = 0;
    bool labels = false;
    bool antialiased = false;
    bool edgeLayerDrawn = false;  // the plain edges were drawn again (the view moved, a new layout)
    bool smoothEdges = false;     // they are antialiased (zoomed in and at rest)
    double ms = 0;
  };
  const FrameStats& lastFrame() const { return frame_; }

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  // viewChanged: the scale or the position changed (the overview map follows).
  void viewChanged();
  // graphChanged: another structure or layout; statesChanged: another snapshot's fills.
  void graphChanged();
  void statesChanged();

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  struct Scene;   // layout-derived arrays
  struct States;  // snapshot-derived arrays
  struct Batches; // per-frame scratch buffers, reused

  void prepareScene();
  void prepareStates();
  void resolveSelection();
  void setScaleAndOrigin(double scale, QPointF origin, bool byUser);
  double minScale() const;
  void setHovered(std::optional<std::uint32_t> node);
  QRect deviceRectOfNodeAndEdges(std::uint32_t node) const;
  void updateDescription();
  void paintGraph(QPainter& painter, const QRectF& dirty);
  // The edge layer: the plain edges of the whole view, drawn into an image once per view
  // position and layout, so a step (new states), a hover or a selection repaints without them.
  bool edgeLayerFits() const;
  void paintEdgeLayer();
  // paintNodes: batches_->visible's boxes, fills, shapes and the ran outlines, mapped to the
  // device as (scene - origin) * scale.
  void paintNodes(QPainter& painter, double scale, QPointF origin, bool detailed);
  // paintLabels: labels elided to their box; values too unless `wholeValues` (the export).
  void paintLabels(QPainter& painter, const std::vector<std::uint32_t>& visible, double fontPx, double scale,
                   QPointF origin, bool wholeValues = false);
  void paintBadges(QPainter& painter, const std::vector<std::uint32_t>& visible, double scale, QPointF origin);
  QString valueText(std::uint32_t node) const;

  std::shared_ptr<const GraphStructure> structure_;
  std::shared_ptr<const layout::GraphLayout> layout_;
  std::shared_ptr<const run::RunSnapshot> snapshot_;
  Selection selection_;
  std::vector<std::uint32_t> selectedNodes_;  // primary first
  std::unique_ptr<Scene> scene_;
  std::unique_ptr<States> states_;
  std::unique_ptr<Batches> batches_;
  QString placeholder_;
  QRectF bounds_;
  double scale_ = 1.0;
  QPointF origin_;          // the scene point at the widget's top-left corner
  bool userMoved_ = false;  // the user zoomed or panned since the last fit
  std::optional<std::uint32_t> hovered_;
  QPoint pressPos_;
  QPoint lastDragPos_;
  bool pressed_ = false;
  bool dragging_ = false;
  FrameStats frame_;
  std::uint64_t sceneSerial_ = 0;  // counts prepareScene() calls
  struct EdgeLayerKey {
    std::uint64_t serial = 0;
    double scale = 0;
    QPointF origin;
    bool smooth = false;
  };
  QImage edgeLayer_;
  EdgeLayerKey edgeLayerKey_;
  std::size_t edgeLayerEdges_ = 0;
  bool moving_ = false;  // the user moved the view less than kSettleMs ago: fast edges
  QTimer* settle_;
};

}  // namespace tickscope::views
