#pragma once
// tableAsCsv: rows of a table model as CSV text (RFC 4180 quoting), a header line of the
// column titles first; what every table pane's "Copy as CSV" puts on the clipboard.
#include <QAbstractItemModel>
#include <QList>
#include <QString>

namespace tickscope::views {

// tableAsCsv: `rows` (row numbers of `model`, top level) in the given order, every column,
// with each cell's `role` text (Qt::DisplayRole by default).
QString tableAsCsv(const QAbstractItemModel& model, const QList<int>& rows, int role = Qt::DisplayRole);

}  // namespace tickscope::views
