#pragma once
// GraphLegend: what the Graph pane's shapes and colours mean, drawn with GraphView's own
// colours in rows that wrap to the width. A screen reader reads the same as a sentence (the
// accessible description, also `text()`).
#include <QString>
#include <QWidget>
#include <vector>

namespace tickscope::views {

class GraphLegend final : public QWidget {
  Q_OBJECT
 public:
  explicit GraphLegend(QWidget* parent = nullptr);
  ~GraphLegend() override;

  // text: every shape, colour and mark with its meaning (the accessible description).
  QString text() const;
  // entries: the names shown, in order ("Computation", ..., "Errored", ...).
  QStringList entries() const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Entry;
  // layoutEntries: where each entry goes at `width`; returns the height used.
  int layoutEntries(int width, std::vector<QRect>* places) const;
  QFont legendFont() const;
  QFont badgeFont() const;

  std::vector<Entry> entries_;
};

}  // namespace tickscope::views
