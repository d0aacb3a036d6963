#pragma once
// GraphOverview: the Graph pane's small map of a large graph, overlaid in the view's
// bottom-right corner: every node as a dot in its state's colour and the part the view shows
// as a rectangle; a click or drag there moves the view. It shows itself only when the graph has
// at least kMinNodes nodes with a layout and the view has room for it (three times its size).
// The map is an image drawn when the layout or the states change (a pixel per node: linear,
// no painter per node), not per frame.
#include <QImage>
#include <QWidget>

namespace tickscope::views {

class GraphView;

class GraphOverview final : public QWidget {
  Q_OBJECT
 public:
  static constexpr std::size_t kMinNodes = 400;

  // GraphOverview: a child of `view`, following it.
  explicit GraphOverview(GraphView* view);

  // mapRect: where the scene's bounds are drawn inside the widget.
  QRectF mapRect() const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  void place();
  void graphChanged();
  void render();
  void moveViewTo(QPointF pos);

  GraphView* view_;
  QImage image_;
  bool stale_ = true;
};

}  // namespace tickscope::views
