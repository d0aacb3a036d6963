#include "edge_raster.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace tickscope::views {

namespace {

// clip: Liang-Barsky against [0, w - 1] x [0, h - 1]; false when nothing is left.
bool clip(double& x0, double& y0, double& x1, double& y1, double w, double h) {
  double t0 = 0;
  double t1 = 1;
  const double dx = x1 - x0;
  const double dy = y1 - y0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0, w - 1 - x0, y0, h - 1 - y0};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this border and outside it
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  const double ox = x0;
  const double oy = y0;
  x0 = ox + t0 * dx;
  y0 = oy + t0 * dy;
  x1 = ox + t1 * dx;
  y1 = oy + t1 * dy;
  return true;
}

}  // namespace

void drawThinLines(QImage& image, std::span<const QLineF> lines, QRgb color) {
  if (image.format() != QImage::Format_ARGB32_Premultiplied && image.format() != QImage::Format_RGB32) return;
  const int w = image.width();
  const int h = image.height();
  if (w <= 0 || h <= 0) return;
  const auto stride = static_cast<std::ptrdiff_t>(image.bytesPerLine() / 4);
  auto* bits = reinterpret_cast<std::uint32_t*>(image.bits());
  const std::uint32_t pixel = color | 0xff000000u;
  for (const QLineF& line : lines) {
    double x0 = line.x1(), y0 = line.y1(), x1 = line.x2(), y1 = line.y2();
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) continue;
    if (!clip(x0, y0, x1, y1, w, h)) continue;
    int ax = static_cast<int>(std::lround(x0)), ay = static_cast<int>(std::lround(y0));
    const int bx = static_cast<int>(std::lround(x1)), by = static_cast<int>(std::lround(y1));
    const int dx = std::abs(bx - ax), sx = ax < bx ? 1 : -1;
    const int dy = -std::abs(by - ay), sy = ay < by ? 1 : -1;
    int err = dx + dy;
    for (;;) {
      bits[ay * stride + ax] = pixel;  // clipped to the image: always inside
      if (ax == bx && ay == by) break;
      const int e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        ax += sx;
      }
      if (e2 <= dx) {
        err += dx;
        ay += sy;
      }
    }
  }
}

}  // namespace tickscope::views
