// drawThinLines: the Graph pane's fast edges: the pixels a one-pixel line covers, clipped to the
// image, and nothing for what cannot be drawn.
#include <QtTest/QtTest>

#include <limits>
#include <vector>

#include <QImage>
#include <QLineF>
#include <QPainter>
#include <QPen>

#include "edge_raster.h"

using tickscope::views::drawThinLines;

namespace {

constexpr QRgb kBackground = 0xff000000u;
constexpr QRgb kInk = 0xff336699u;

QImage blank(int w = 20, int h = 10, QImage::Format format = QImage::Format_ARGB32_Premultiplied) {
  QImage image(w, h, format);
  image.fill(kBackground);
  return image;
}

int inked(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) n += image.pixel(x, y) == kInk ? 1 : 0;
  }
  return n;
}

}  // namespace

class EdgeRasterTests : public QObject {
  Q_OBJECT
 private slots:
  void straightAndDiagonalLines();
  void clippedToTheImage();
  void whatCannotBeDrawnIsSkipped();
  void sameAsQPainterWithoutAntialiasing();
};

void EdgeRasterTests::straightAndDiagonalLines() {
  QImage image = blank();
  const std::vector<QLineF> lines{{2, 1, 12, 1}, {3, 2, 3, 8}, {5, 2, 9, 6}};
  drawThinLines(image, lines, kInk);
  for (int x = 2; x <= 12; ++x) QCOMPARE(image.pixel(x, 1), kInk);
  QCOMPARE(image.pixel(1, 1), kBackground);
  QCOMPARE(image.pixel(13, 1), kBackground);
  for (int y = 2; y <= 8; ++y) QCOMPARE(image.pixel(3, y), kInk);
  for (int i = 0; i <= 4; ++i) QCOMPARE(image.pixel(5 + i, 2 + i), kInk);
  QCOMPARE(inked(image), 11 + 7 + 5);
  // A line of zero length is one pixel; the colour's alpha is ignored (opaque).
  QImage dot = blank();
  drawThinLines(dot, std::vector<QLineF>{{4, 4, 4, 4}}, kInk & 0x00ffffffu);
  QCOMPARE(inked(dot), 1);
  QCOMPARE(dot.pixel(4, 4), kInk);
}

void EdgeRasterTests::clippedToTheImage() {
  QImage image = blank();
  // Through the image from far outside on both ends; wholly outside; touching a corner.
  const std::vector<QLineF> lines{{-1000, 5, 1000, 5}, {-50, -50, -1, -1}, {25, 0, 40, 9}, {-5, -5, 0, 0}};
  drawThinLines(image, lines, kInk);
  for (int x = 0; x < 20; ++x) QCOMPARE(image.pixel(x, 5), kInk);
  QCOMPARE(image.pixel(0, 0), kInk);
  QCOMPARE(inked(image), 21);
  // A steep line leaving through the bottom.
  QImage steep = blank();
  drawThinLines(steep, std::vector<QLineF>{{10, 0, 10, 1e9}}, kInk);
  QCOMPARE(inked(steep), 10);
}

void EdgeRasterTests::whatCannotBeDrawnIsSkipped() {
  QImage image = blank();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  drawThinLines(image, std::vector<QLineF>{{nan, 1, 5, 5}, {0, 0, inf, 3}}, kInk);
  QCOMPARE(inked(image), 0);
  QImage other = blank(20, 10, QImage::Format_RGB888);  // a format it does not write
  drawThinLines(other, std::vector<QLineF>{{0, 0, 19, 9}}, kInk);
  QCOMPARE(other.pixel(0, 0), kBackground);
  QImage empty;
  drawThinLines(empty, std::vector<QLineF>{{0, 0, 19, 9}}, kInk);  // no crash
  QVERIFY(empty.isNull());
}

void EdgeRasterTests::sameAsQPainterWithoutAntialiasing() {
  // Horizontal, vertical and 45-degree lines on whole pixels: the same pixels as a cosmetic
  // pen (other slopes may differ by rounding at a step).
  const std::vector<QLineF> lines{{1, 1, 17, 1}, {2, 3, 2, 9}, {4, 3, 10, 9}, {18, 2, 12, 8}};
  QImage ours = blank();
  drawThinLines(ours, lines, kInk);
  QImage qt = blank();
  {
    QPainter p(&qt);
    p.setPen(QPen(QColor::fromRgb(kInk), 0));
    p.drawLines(lines.data(), static_cast<int>(lines.size()));
  }
  QCOMPARE(ours, qt);
}

QTEST_MAIN(EdgeRasterTests)
#include "edge_raster_tests.moc"
