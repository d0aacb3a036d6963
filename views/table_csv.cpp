#include "table_csv.h"

#include <algorithm>

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QStringList>

#include "table_selection.h"

namespace tickscope::views {

namespace {

QString csvField(const QString& text) {
  const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                     text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
  if (!quote) return text;
  QString escaped = text;
  escaped.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + escaped + QLatin1Char('"');
}

}  // namespace

QString tableAsCsv(const QAbstractItemModel& model, const QList<int>& rows, int role) {
  const int columns = model.columnCount();
  QString out;
  QStringList fields;
  for (int c = 0; c < columns; ++c) fields << csvField(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
  out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
  for (int row : rows) {
    fields.clear();
    for (int c = 0; c < columns; ++c) fields << csvField(model.index(row, c).data(role).toString());
    out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  return out;
}

QString viewRowsAsCsv(const QAbstractItemView& view) {
  const QAbstractItemModel* model = view.model();
  if (!model) return {};
  std::vector<int> selected = selectedTopLevelRows(view);
  std::sort(selected.begin(), selected.end());
  QList<int> rows;
  if (selected.empty()) {
    for (int r = 0; r < model->rowCount(); ++r) rows << r;
  } else {
    for (int r : selected) rows << r;
  }
  return tableAsCsv(*model, rows);
}

QAction* addCopyAsCsvAction(QWidget& owner, QAbstractItemView& view, Qt::ShortcutContext context) {
  auto* copy = new QAction(QObject::tr("Copy as CSV"), &owner);
  copy->setShortcut(QKeySequence::Copy);
  copy->setShortcutContext(context);
  owner.addAction(copy);
  if (&owner != &view) view.addAction(copy);
  view.setContextMenuPolicy(Qt::ActionsContextMenu);
  QObject::connect(copy, &QAction::triggered, &view,
                   [&view] { QApplication::clipboard()->setText(viewRowsAsCsv(view)); });
  return copy;
}

}  // namespace tickscope::views
