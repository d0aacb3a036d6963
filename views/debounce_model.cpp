#include "debounce_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "format.h"

namespace tickscope::views {

namespace {

bool sameTime(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameDebounce(const run::DebounceRow& a, const run::DebounceRow& b) {
  return a.action == b.action && a.delayMs == b.delayMs && a.automatic == b.automatic && a.manual == b.manual &&
         sameTime(a.deadlineMs, b.deadlineMs) && sameTime(a.leftMs, b.leftMs) && a.restarts == b.restarts &&
         a.armedTotal == b.armedTotal && a.restartsTotal == b.restartsTotal && a.firedTotal == b.firedTotal;
}

bool contains(const std::vector<run::DebounceRow>& rows, std::uint32_t action) {
  const auto it = std::lower_bound(rows.begin(), rows.end(), action,
                                   [](const run::DebounceRow& r, std::uint32_t a) { return r.action < a; });
  return it != rows.end() && it->action == action;
}

bool inFileOrder(const std::vector<run::DebounceRow>& rows) {
  return std::adjacent_find(rows.begin(), rows.end(), [](const run::DebounceRow& a, const run::DebounceRow& b) {
           return a.action >= b.action;
         }) == rows.end();
}

}  // namespace

DebounceModel::DebounceModel(QObject* parent) : QAbstractTableModel(parent) {}

void DebounceModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument || !inFileOrder(snapshot->debounces) || !inFileOrder(rows_)) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = snapshot_ ? snapshot_->debounces : std::vector<run::DebounceRow>{};
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  const std::vector<run::DebounceRow>& next = snapshot_->debounces;
  // Both lists are in file order: rows leave and arrive without reordering the others.
  for (int i = static_cast<int>(rows_.size()) - 1; i >= 0; --i) {
    if (contains(next, rows_[static_cast<std::size_t>(i)].action)) continue;
    beginRemoveRows({}, i, i);
    rows_.erase(rows_.begin() + i);
    endRemoveRows();
  }
  for (std::size_t i = 0; i < next.size(); ++i) {
    if (i < rows_.size() && rows_[i].action == next[i].action) continue;
    beginInsertRows({}, static_cast<int>(i), static_cast<int>(i));
    rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(i), next[i]);
    endInsertRows();
  }
  int first = -1;
  const int rows = static_cast<int>(next.size());
  std::vector<std::pair<int, int>> changed;
  for (int row = 0; row <= rows; ++row) {
    const bool differs = row < rows && !sameDebounce(rows_[static_cast<std::size_t>(row)], next[static_cast<std::size_t>(row)]);
    if (differs && first < 0) first = row;
    if (!differs && first >= 0) {
      changed.emplace_back(first, row - 1);
      first = -1;
    }
  }
  rows_ = next;
  for (const auto& [from, to] : changed) emit dataChanged(index(from, 0), index(to, ColumnCount - 1));
}

int DebounceModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DebounceModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString DebounceModel::headerText(int column) {
  switch (column) {
    case ActionColumn: return tr("Action");
    case DelayColumn: return tr("Delay ms");
    case KindColumn: return tr("Kind");
    case ArmedColumn: return tr("Armed");
    case DeadlineColumn: return tr("Deadline ms");
    case LeftColumn: return tr("Left ms");
    case RestartsColumn: return tr("Restarts");
    case ArmedTotalColumn: return tr("Armed total");
    case RestartsTotalColumn: return tr("Restarts total");
    case FiredTotalColumn: return tr("Fired total");
    default: return {};
  }
}

QVariant DebounceModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case LeftColumn: return tr("Virtual time left until the timer fires");
      case RestartsColumn: return tr("How often the timer armed now was restarted by a new trigger");
      case ArmedTotalColumn: return tr("Timers armed since the run began");
      case RestartsTotalColumn: return tr("Restarts since the run began");
      case FiredTotalColumn: return tr("Timers that fired since the run began");
      default: return {};
    }
  }
  return {};
}

QVariant DebounceModel::raw(int row, int column) const {
  const run::DebounceRow& d = rows_[static_cast<std::size_t>(row)];
  const bool armed = !std::isnan(d.deadlineMs);
  switch (column) {
    case ActionColumn: {
      const graph::GraphDocument* doc = snapshot_ ? snapshot_->document.get() : nullptr;
      if (doc && d.action < doc->actions.size()) return QString::fromStdString(doc->actions[d.action].id);
      return QString::number(d.action);
    }
    case DelayColumn: return d.delayMs;
    case KindColumn: return d.automatic ? tr("automatic") : d.manual ? tr("manual") : QString();
    case ArmedColumn: return armed;
    case DeadlineColumn: return d.deadlineMs;
    case LeftColumn: return d.leftMs;
    case RestartsColumn: return static_cast<qulonglong>(d.restarts);
    case ArmedTotalColumn: return QVariant::fromValue<qulonglong>(d.armedTotal);
    case RestartsTotalColumn: return QVariant::fromValue<qulonglong>(d.restartsTotal);
    case FiredTotalColumn: return QVariant::fromValue<qulonglong>(d.firedTotal);
    default: return {};
  }
}

QVariant DebounceModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole: {
      const QVariant value = raw(row, column);
      switch (column) {
        case ArmedColumn: return value.toBool() ? tr("yes") : tr("no");
        case DelayColumn:
        case DeadlineColumn:
        case LeftColumn: return formatNumber(value.toDouble());  // "" when not armed
        case RestartsColumn:
        case ArmedTotalColumn:
        case RestartsTotalColumn:
        case FiredTotalColumn: return QString::number(value.toULongLong());
        default: return value;
      }
    }
    case SortRole: {
      const QVariant value = raw(row, column);
      // NaN has no order: a timer that is not armed sorts after every armed one.
      if ((column == DeadlineColumn || column == LeftColumn) && std::isnan(value.toDouble()))
        return std::numeric_limits<double>::infinity();
      return value;
    }
    case ActionRole:
      return static_cast<uint>(rows_[static_cast<std::size_t>(row)].action);
    case Qt::TextAlignmentRole:
      return column == ActionColumn || column == KindColumn || column == ArmedColumn
                 ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                 : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
