#pragma once
// drawThinLines: one-pixel, non-antialiased, opaque lines straight into an image's pixels: the
// Graph pane's edges when zoomed out. Hand-written (Bresenham with Liang-Barsky clipping)
// because QPainter's raster engine spends about 0.75 us of set-up per line: 200,000 edges of a
// 100,000-node graph took 150 ms through QPainter::drawLines, a few ms here. Same pixels as a
// cosmetic pen without antialiasing, up to the rounding of end points.
#include <span>

#include <QImage>
#include <QLineF>
#include <QRgb>

namespace tickscope::views {

// drawThinLines: draws `lines` (in the image's pixel coordinates) in `color` (its alpha is
// ignored: opaque) into `image`, which must be Format_ARGB32_Premultiplied or Format_RGB32;
// what falls outside the image is clipped. Other formats: nothing is drawn.
void drawThinLines(QImage& image, std::span<const QLineF> lines, QRgb color);

}  // namespace tickscope::views
