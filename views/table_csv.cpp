#include "table_csv.h"

#include <QStringList>

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

}  // namespace tickscope::views
