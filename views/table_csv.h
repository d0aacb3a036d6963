#pragma once
// tableAsCsv: rows of a table model as CSV text (RFC 4180 quoting), a header line of the
// column titles first; what every table pane's "Copy as CSV" puts on the clipboard.
#include <QAbstractItemModel>
#include <QList>
#include <QString>

class QAbstractItemView;
class QAction;
class QWidget;

namespace tickscope::views {

// tableAsCsv: `rows` (row numbers of `model`, top level) in the given order, every column,
// with each cell's `role` text (Qt::DisplayRole by default).
QString tableAsCsv(const QAbstractItemModel& model, const QList<int>& rows, int role = Qt::DisplayRole);

// viewRowsAsCsv: what a pane's "Copy as CSV" copies from `view`: its selected rows (a child
// row counts as its top-level row) in the view's order, or every top-level row when none is
// selected.
QString viewRowsAsCsv(const QAbstractItemView& view);

// addCopyAsCsvAction: a "Copy as CSV" action on `owner` (Ctrl+C in `context`) that puts
// viewRowsAsCsv(view) on the clipboard, also in `view`'s context menu. Returned for a button.
QAction* addCopyAsCsvAction(QWidget& owner, QAbstractItemView& view, Qt::ShortcutContext context);

}  // namespace tickscope::views
