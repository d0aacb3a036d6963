#include "ready_queue_model.h"

#include <cmath>

namespace tickscope::views {

namespace {

bool sameTime(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameTask(const run::TaskRow& a, const run::TaskRow& b) {
  return a.task == b.task && a.role == b.role && a.label == b.label && a.name == b.name && a.session == b.session &&
         a.deprioritized == b.deprioritized && a.foreground == b.foreground && sameTime(a.deadlineMs, b.deadlineMs) &&
         a.action == b.action && a.cycle == b.cycle && a.pending == b.pending;
}

}  // namespace

QString describeTask(const run::TaskRow& task, const graph::GraphDocument* document) {
  switch (task.role) {
    case run::TaskRow::Role::Actions:
      if (task.label.empty()) return QObject::tr("unlabelled actions (%1 pending)").arg(task.pending);
      return QObject::tr("actions labelled %1 (%2 pending)").arg(QString::fromStdString(task.label)).arg(task.pending);
    case run::TaskRow::Role::Debounce: {
      if (task.action == 0) return QObject::tr("debounce");
      const std::size_t action = task.action - 1;  // TaskRow::action is the index + 1
      if (document && action < document->actions.size())
        return QObject::tr("debounce of %1").arg(QString::fromStdString(document->actions[action].id));
      return QObject::tr("debounce of action %1").arg(action);
    }
    case run::TaskRow::Role::SlowCycle:
      return QObject::tr("slow cycle %1").arg(task.cycle);
    case run::TaskRow::Role::SessionTask:
      return QObject::tr("task %1 of session %2").arg(QString::fromStdString(task.name), QString::fromStdString(task.session));
    case run::TaskRow::Role::Other:
      break;
  }
  return QObject::tr("other");
}

ReadyQueueModel::ReadyQueueModel(QObject* parent) : QAbstractTableModel(parent) {}

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
  syncRows(
      rows_, snapshot_->ready, [](const run::TaskRow& t) { return t.task; }, sameTask,
      [this](RowSignal s, int first, int last) {
        switch (s) {
          case RowSignal::BeginReset: beginResetModel(); break;
          case RowSignal::EndReset: endResetModel(); break;
          case RowSignal::BeginRemove: beginRemoveRows({}, first, last); break;
          case RowSignal::EndRemove: endRemoveRows(); break;
          case RowSignal::BeginInsert: beginInsertRows({}, first, last); break;
          case RowSignal::EndInsert: endInsertRows(); break;
          case RowSignal::Changed: emit dataChanged(index(first, 0), index(last, ColumnCount - 1)); break;
        }
      });
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
