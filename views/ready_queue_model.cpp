#include "ready_queue_model.h"

#include "task_text.h"

namespace tickscope::views {

ReadyQueueModel::ReadyQueueModel(QObject* parent) : RowSyncTableModel(parent) {}

void ReadyQueueModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = snapshot_ ? snapshot_->ready : std::vector<run::TaskRow>{};
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  syncTableRows(rows_, snapshot_->ready, [](const run::TaskRow& t) { return t.task; }, sameTaskRow);
}

int ReadyQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ReadyQueueModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString ReadyQueueModel::headerText(int column) {
  switch (column) {
    case TaskColumn: return tr("Task");
    case LabelColumn: return tr("Label");
    case SessionColumn: return tr("Session");
    case DeprioritizedColumn: return tr("Deprioritized");
    case WhatColumn: return tr("What");
    default: return {};
  }
}

QVariant ReadyQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

QVariant ReadyQueueModel::raw(int row, int column) const {
  const run::TaskRow& t = rows_[static_cast<std::size_t>(row)];
  switch (column) {
    case TaskColumn: return QVariant::fromValue<qulonglong>(t.task);
    case LabelColumn: return QString::fromStdString(t.label);
    case SessionColumn:
      if (t.role == run::TaskRow::Role::SessionTask) return QString::fromStdString(t.session);
      return t.foreground ? tr("foreground") : QString();
    case DeprioritizedColumn: return t.deprioritized;
    case WhatColumn: return describeTask(t, snapshot_ ? snapshot_->document.get() : nullptr);
    default: return {};
  }
}

QVariant ReadyQueueModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const int column = index.column();
  const run::TaskRow& t = rows_[static_cast<std::size_t>(row)];
  switch (role) {
    case Qt::DisplayRole: {
      if (column == DeprioritizedColumn) return t.deprioritized ? tr("yes") : tr("no");
      if (column == TaskColumn) return QString::number(t.task);
      return raw(row, column);
    }
    case Qt::ToolTipRole:
      return column == WhatColumn ? raw(row, column) : QVariant();
    case SortRole:
      return raw(row, column);
    case ActionRole:
      if (t.role == run::TaskRow::Role::Debounce && t.action > 0) return static_cast<uint>(t.action - 1);
      return {};
    case TaskRole:
      return QVariant::fromValue<qulonglong>(t.task);
    case Qt::TextAlignmentRole:
      return column == TaskColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
