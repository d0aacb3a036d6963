#include "timer_model.h"

#include <cmath>

#include "format.h"
#include "task_text.h"

namespace tickscope::views {

TimerModel::TimerModel(QObject* parent) : RowSyncTableModel(parent) {}

void TimerModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = snapshot_ ? snapshot_->timers : std::vector<run::TaskRow>{};
    nowMs_ = snapshot_ ? snapshot_->nowMs : 0;
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  bool reset = false;
  syncTableRows(
      rows_, snapshot_->timers, [](const run::TaskRow& t) { return t.task; }, sameTaskRow, [this, &reset] {
        nowMs_ = snapshot_->nowMs;
        reset = true;
      });
  // The clock moved: every countdown changed.
  if (!reset && nowMs_ != snapshot_->nowMs) {
    nowMs_ = snapshot_->nowMs;
    if (!rows_.empty()) emit dataChanged(index(0, InColumn), index(rowCount() - 1, InColumn));
  }
}

int TimerModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

int TimerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TimerModel::headerText(int column) {
  switch (column) {
    case TaskColumn: return tr("Task");
    case DeadlineColumn: return tr("Deadline ms");
    case InColumn: return tr("In ms");
    case LabelColumn: return tr("Label");
    case WakesColumn: return tr("Wakes");
    default: return {};
  }
}

QVariant TimerModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

QVariant TimerModel::raw(int row, int column) const {
  const run::TaskRow& t = rows_[static_cast<std::size_t>(row)];
  switch (column) {
    case TaskColumn: return QVariant::fromValue<qulonglong>(t.task);
    case DeadlineColumn: return t.deadlineMs;
    case InColumn: return t.deadlineMs - nowMs_;
    case LabelColumn: return QString::fromStdString(t.label);
    case WakesColumn: return describeTask(t, snapshot_ ? snapshot_->document.get() : nullptr);
    default: return {};
  }
}

QVariant TimerModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const int column = index.column();
  const run::TaskRow& t = rows_[static_cast<std::size_t>(row)];
  switch (role) {
    case Qt::DisplayRole: {
      if (column == TaskColumn) return QString::number(t.task);
      if (column == DeadlineColumn || column == InColumn) return formatNumber(raw(row, column).toDouble());
      return raw(row, column);
    }
    case Qt::ToolTipRole:
      return column == WakesColumn ? raw(row, column) : QVariant();
    case SortRole:
      return raw(row, column);
    case ActionRole:
      if (t.role == run::TaskRow::Role::Debounce && t.action > 0) return static_cast<uint>(t.action - 1);
      return {};
    case TaskRole:
      return QVariant::fromValue<qulonglong>(t.task);
    case Qt::TextAlignmentRole:
      return column <= InColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
