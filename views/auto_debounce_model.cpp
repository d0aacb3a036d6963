#include "auto_debounce_model.h"

#include "format.h"

namespace tickscope::views {

namespace {

bool sameDecision(const run::AutoDebounceDecision& a, const run::AutoDebounceDecision& b) {
  return a.action == b.action && a.step == b.step && a.atMs == b.atMs && a.runs == b.runs && a.averageMs == b.averageMs &&
         a.thresholdMs == b.thresholdMs && a.minRuns == b.minRuns && a.delayMs == b.delayMs;
}

}  // namespace

AutoDebounceModel::AutoDebounceModel(QObject* parent) : QAbstractTableModel(parent) {}

void AutoDebounceModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool appended = snapshot_ && snapshot && snapshot_->document == snapshot->document &&
                        snapshot->autoDebounces.size() >= rows_.size() &&
                        std::equal(rows_.begin(), rows_.end(), snapshot->autoDebounces.begin(), sameDecision);
  if (!appended) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = snapshot_ ? snapshot_->autoDebounces : std::vector<run::AutoDebounceDecision>{};
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  const std::vector<run::AutoDebounceDecision>& next = snapshot_->autoDebounces;
  if (next.size() == rows_.size()) return;
  beginInsertRows({}, static_cast<int>(rows_.size()), static_cast<int>(next.size()) - 1);
  rows_.insert(rows_.end(), next.begin() + static_cast<std::ptrdiff_t>(rows_.size()), next.end());
  endInsertRows();
}

int AutoDebounceModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int AutoDebounceModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString AutoDebounceModel::headerText(int column) {
  switch (column) {
    case StepColumn: return tr("Step");
    case TimeColumn: return tr("Time ms");
    case ActionColumn: return tr("Action");
    case RunsColumn: return tr("Runs");
    case AverageColumn: return tr("Average ms");
    case ThresholdColumn: return tr("Threshold ms");
    case DelayColumn: return tr("Delay ms");
    case ReasonColumn: return tr("Reason");
    default: return {};
  }
}

QVariant AutoDebounceModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

QString AutoDebounceModel::reasonText(const run::AutoDebounceDecision& d) {
  const QString runs = d.runs == 1 ? tr("1 run") : tr("%1 runs").arg(d.runs);
  return tr("average %1 >= threshold %2 after %3 (min %4)")
      .arg(formatMs(d.averageMs), formatMs(d.thresholdMs), runs)
      .arg(d.minRuns);
}

QVariant AutoDebounceModel::raw(int row, int column) const {
  const run::AutoDebounceDecision& d = rows_[static_cast<std::size_t>(row)];
  switch (column) {
    case StepColumn: return QVariant::fromValue<qulonglong>(d.step);
    case TimeColumn: return d.atMs;
    case ActionColumn: {
      const graph::GraphDocument* doc = snapshot_ ? snapshot_->document.get() : nullptr;
      if (doc && d.action < doc->actions.size()) return QString::fromStdString(doc->actions[d.action].id);
      return QString::number(d.action);
    }
    case RunsColumn: return QVariant::fromValue<qulonglong>(d.runs);
    case AverageColumn: return d.averageMs;
    case ThresholdColumn: return d.thresholdMs;
    case DelayColumn: return d.delayMs;
    case ReasonColumn: return reasonText(d);
    default: return {};
  }
}

QVariant AutoDebounceModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole: {
      const QVariant value = raw(row, column);
      switch (column) {
        case StepColumn:
        case RunsColumn: return QString::number(value.toULongLong());
        case TimeColumn:
        case AverageColumn:
        case ThresholdColumn:
        case DelayColumn: return formatNumber(value.toDouble());
        default: return value;
      }
    }
    case Qt::ToolTipRole:
      return column == ReasonColumn ? raw(row, column) : QVariant();
    case SortRole:
      return raw(row, column);
    case ActionRole:
      return static_cast<uint>(rows_[static_cast<std::size_t>(row)].action);
    case Qt::TextAlignmentRole:
      return column == ActionColumn || column == ReasonColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
