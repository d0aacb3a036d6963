#include "label_model.h"

#include <algorithm>

namespace tickscope::views {

LabelModel::LabelModel(QObject* parent) : QAbstractListModel(parent) {}

std::vector<LabelModel::Row> LabelModel::rowsOf(const run::RunSnapshot* snapshot) const {
  std::vector<Row> rows;
  if (!snapshot) return rows;
  rows.reserve(snapshot->labels.size());
  for (const std::string& label : snapshot->labels) {
    Row row;
    row.label = QString::fromStdString(label);
    row.deprioritized = std::find(snapshot->deprioritized.begin(), snapshot->deprioritized.end(), label) !=
                        snapshot->deprioritized.end();
    if (snapshot->document) {
      row.actions = static_cast<int>(std::count_if(snapshot->document->actions.begin(), snapshot->document->actions.end(),
                                                   [&](const graph::Action& a) { return a.label == label; }));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void LabelModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  std::vector<Row> next = rowsOf(snapshot.get());
  const bool sameRows = snapshot_ && snapshot && snapshot_->document == snapshot->document &&
                        std::equal(rows_.begin(), rows_.end(), next.begin(), next.end(),
                                   [](const Row& a, const Row& b) { return a.label == b.label; });
  if (!sameRows) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = std::move(next);
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  for (std::size_t i = 0; i < next.size(); ++i) {
    if (rows_[i].deprioritized == next[i].deprioritized) continue;
    rows_[i].deprioritized = next[i].deprioritized;
    const QModelIndex changed = index(static_cast<int>(i));
    emit dataChanged(changed, changed, {Qt::CheckStateRole, DeprioritizedRole});
  }
}

int LabelModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

QVariant LabelModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& row = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      return row.label;
    case Qt::CheckStateRole:
      return row.deprioritized ? Qt::Checked : Qt::Unchecked;
    case DeprioritizedRole:
      return row.deprioritized;
    case Qt::ToolTipRole:
    {
      const QString actions = row.actions == 1 ? tr("1 action") : tr("%1 actions").arg(row.actions);
      return row.deprioritized ? tr("%1: %2, deprioritized (its tasks run only when nothing else is ready)").arg(row.label, actions)
                               : tr("%1: %2; check to deprioritize").arg(row.label, actions);
    }
    default:
      return {};
  }
}

bool LabelModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::CheckStateRole ||
      !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return false;
  // Only ask: the check follows the next snapshot, so it never shows a state the run is not in.
  const bool deprioritize = value.toInt() == Qt::Checked;
  emit deprioritizeRequested(rows_[static_cast<std::size_t>(index.row())].label, deprioritize);
  return true;
}

Qt::ItemFlags LabelModel::flags(const QModelIndex& index) const {
  if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid)) return Qt::NoItemFlags;
  return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

QVariant LabelModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Horizontal && section == 0 && role == Qt::DisplayRole) return tr("Task labels");
  return {};
}

}  // namespace tickscope::views
