#pragma once
// Number and time texts as the panes show them: the report's own formatting (the shortest
// round-trip decimal, locale-independent: trace::formatNumber), so a number in a table reads
// exactly as in `tickscope run`'s report.
#include <cmath>

#include <QString>

#include "trace/json_writer.h"

namespace tickscope::views {

// formatNumber: 12, 0.5, 1234.75 ("" for NaN: nothing to show).
inline QString formatNumber(double value) {
  if (std::isnan(value)) return {};
  return QString::fromStdString(trace::formatNumber(value));
}

// formatMs: "12 ms" ("" for NaN).
inline QString formatMs(double ms) {
  if (std::isnan(ms)) return {};
  return formatNumber(ms) + QStringLiteral(" ms");
}

}  // namespace tickscope::views
