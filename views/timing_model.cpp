#include "timing_model.h"

#include "format.h"

namespace tickscope::views {

namespace {

bool sameTiming(const run::ActionState& a, const run::ActionState& b) {
  return a.runCount == b.runCount && a.totalMs == b.totalMs && a.lastMs == b.lastMs && a.minMs == b.minMs &&
         a.maxMs == b.maxMs && a.debounceMs == b.debounceMs && a.autoDebounced == b.autoDebounced;
}

}  // namespace

TimingModel::TimingModel(QObject* parent) : QAbstractTableModel(parent) {}

void TimingModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameRows = snapshot_ && snapshot && snapshot_->document == snapshot->document &&
                        snapshot_->actions.size() == snapshot->actions.size();
  if (!sameRows) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    endResetModel();
    return;
  }
  const std::shared_ptr<const run::RunSnapshot> old = std::exchange(snapshot_, std::move(snapshot));
  // One dataChanged per run of changed rows: a sorting proxy then re-sorts only what moved.
  const int rows = static_cast<int>(snapshot_->actions.size());
  int first = -1;
  for (int row = 0; row <= rows; ++row) {
    const bool changed = row < rows && !sameTiming(old->actions[static_cast<std::size_t>(row)],
                                                   snapshot_->actions[static_cast<std::size_t>(row)]);
    if (changed && first < 0) first = row;
    if (!changed && first >= 0) {
      emit dataChanged(index(first, 0), index(row - 1, ColumnCount - 1));
      first = -1;
    }
  }
}

int TimingModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !snapshot_) return 0;
  return static_cast<int>(snapshot_->actions.size());
}

int TimingModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TimingModel::headerText(int column) {
  switch (column) {
    case ActionColumn: return tr("Action");
    case KindColumn: return tr("Kind");
    case RunsColumn: return tr("Runs");
    case AverageColumn: return tr("Average ms");
    case LastColumn: return tr("Last ms");
    case TotalColumn: return tr("Total ms");
    case MinColumn: return tr("Min ms");
    case MaxColumn: return tr("Max ms");
    case DebounceColumn: return tr("Debounce ms");
    case AutoDebouncedColumn: return tr("Auto-debounced");
    default: return {};
  }
}

QVariant TimingModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

QVariant TimingModel::raw(int row, int column) const {
  const run::ActionState& a = snapshot_->actions[static_cast<std::size_t>(row)];
  const graph::Action& doc = snapshot_->document->actions[static_cast<std::size_t>(row)];
  switch (column) {
    case ActionColumn: return QString::fromStdString(doc.id);
    case KindColumn: return QString::fromUtf8(graph::toString(doc.kind).data());
    case RunsColumn: return QVariant::fromValue<qulonglong>(a.runCount);
    case AverageColumn: return a.averageMs;
    case LastColumn: return a.lastMs;
    case TotalColumn: return a.totalMs;
    case MinColumn: return a.minMs;
    case MaxColumn: return a.maxMs;
    case DebounceColumn: return a.debounceMs;
    case AutoDebouncedColumn: return a.autoDebounced;
    default: return {};
  }
}

QVariant TimingModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !snapshot_) return {};
  const int row = index.row();
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole: {
      const QVariant value = raw(row, column);
      if (column == AutoDebouncedColumn) return value.toBool() ? tr("yes") : tr("no");
      if (column == RunsColumn) return QString::number(value.toULongLong());
      if (column >= AverageColumn && column <= DebounceColumn) return formatNumber(value.toDouble());
      return value;
    }
    case SortRole:
      return raw(row, column);
    case ActionRole:
      return static_cast<uint>(row);
    case KindRole:
      return raw(row, KindColumn);
    case Qt::TextAlignmentRole:
      return column == ActionColumn || column == KindColumn || column == AutoDebouncedColumn
                 ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                 : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
