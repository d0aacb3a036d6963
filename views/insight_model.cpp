#include "insight_model.h"

#include <string>

namespace tickscope::views {

namespace {

std::string keyOf(const run::Insight& i) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(i.kind)));
  for (std::uint32_t a : i.actions) key += ',' + std::to_string(a);
  if (i.actions.empty()) key += ':' + i.text;  // sessions name no action: their text tells them apart
  return key;
}

}  // namespace

InsightModel::InsightModel(QObject* parent) : RowSyncTableModel(parent) {}

void InsightModel::setSnapshot(const std::shared_ptr<const run::RunSnapshot>& snapshot) {
  std::vector<run::Insight> next = snapshot ? snapshot->insights : std::vector<run::Insight>{};
  syncTableRows(rows_, std::move(next), keyOf, [](const run::Insight& a, const run::Insight& b) {
    return a.text == b.text && a.count == b.count;
  });
}

int InsightModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int InsightModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant InsightModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const run::Insight& i = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      switch (index.column()) {
        case KindColumn: return QString::fromUtf8(run::kindName(i.kind).data(), static_cast<qsizetype>(run::kindName(i.kind).size()));
        case FindingColumn: return QString::fromStdString(i.text);
        case CountColumn: return static_cast<qulonglong>(i.count);
        default: return {};
      }
    case Qt::TextAlignmentRole:
      return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ActionRole:
      return i.actions.empty() ? QVariant() : QVariant(static_cast<uint>(i.actions.front()));
    case ActionsRole: {
      QList<uint> actions;
      for (std::uint32_t a : i.actions) actions << a;
      return QVariant::fromValue(actions);
    }
    default:
      return {};
  }
}

QVariant InsightModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case KindColumn: return tr("Kind");
    case FindingColumn: return tr("Finding");
    case CountColumn: return tr("Count");
    default: return {};
  }
}

}  // namespace tickscope::views
