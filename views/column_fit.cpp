#include "column_fit.h"

#include <algorithm>

#include <QHeaderView>
#include <QStyle>
#include <QTableView>

namespace tickscope::views {

int cellPadding(const QTableView& table) {
  return 2 * (table.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &table) + 1) + 8;
}

void growColumnsToRows(QTableView& table, int first, int last) {
  const QAbstractItemModel& model = *table.model();
  const QFontMetrics metrics = table.fontMetrics();
  const int padding = cellPadding(table);
  const int columns = model.columnCount() - (table.horizontalHeader()->stretchLastSection() ? 1 : 0);
  for (int c = 0; c < columns; ++c) {
    int wanted = 0;
    for (int r = std::max(first, 0); r <= last && r < model.rowCount(); ++r)
      wanted = std::max(wanted, metrics.horizontalAdvance(model.index(r, c).data().toString()) + padding);
    if (table.columnWidth(c) < wanted) table.setColumnWidth(c, wanted);
  }
}

}  // namespace tickscope::views
