#include "action_delta_model.h"

#include <QBrush>
#include <QFont>

#include "format.h"

namespace tickscope::views {

ActionDeltaModel::ActionDeltaModel(QObject* parent) : QAbstractTableModel(parent) {}

void ActionDeltaModel::setComparison(std::shared_ptr<const run::RunComparison> comparison) {
  beginResetModel();
  comparison_ = std::move(comparison);
  endResetModel();
}

int ActionDeltaModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !comparison_ ? 0 : static_cast<int>(comparison_->actions.size());
}

int ActionDeltaModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ActionDeltaModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case ActionColumn: return tr("Action");
    case RunsAColumn: return tr("Runs A");
    case RunsBColumn: return tr("Runs B");
    case RunsDeltaColumn: return tr("Δ runs");
    case MsAColumn: return tr("Total ms A");
    case MsBColumn: return tr("Total ms B");
    case MsDeltaColumn: return tr("Δ ms");
    default: return {};
  }
}

QVariant ActionDeltaModel::raw(int row, int column) const {
  const run::ActionDelta& d = comparison_->actions[static_cast<std::size_t>(row)];
  switch (column) {
    case ActionColumn: return QString::fromStdString(d.id);
    case RunsAColumn: return d.runCountA ? QVariant(static_cast<double>(*d.runCountA)) : QVariant(-1.0);
    case RunsBColumn: return d.runCountB ? QVariant(static_cast<double>(*d.runCountB)) : QVariant(-1.0);
    case RunsDeltaColumn: return static_cast<double>(d.runCountDelta());
    case MsAColumn: return d.totalMsA ? QVariant(*d.totalMsA) : QVariant(-1.0);
    case MsBColumn: return d.totalMsB ? QVariant(*d.totalMsB) : QVariant(-1.0);
    case MsDeltaColumn: return d.totalMsDelta();
    default: return {};
  }
}

QVariant ActionDeltaModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !comparison_) return {};
  const run::ActionDelta& d = comparison_->actions[static_cast<std::size_t>(index.row())];
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole: {
      auto signedText = [](double v) { return v > 0 ? QStringLiteral("+") + formatNumber(v) : formatNumber(v); };
      switch (column) {
        case ActionColumn: return QString::fromStdString(d.id);
        case RunsAColumn: return d.runCountA ? QString::number(*d.runCountA) : QStringLiteral("—");
        case RunsBColumn: return d.runCountB ? QString::number(*d.runCountB) : QStringLiteral("—");
        case RunsDeltaColumn: return signedText(static_cast<double>(d.runCountDelta()));
        case MsAColumn: return d.totalMsA ? formatNumber(*d.totalMsA) : QStringLiteral("—");
        case MsBColumn: return d.totalMsB ? formatNumber(*d.totalMsB) : QStringLiteral("—");
        case MsDeltaColumn: return signedText(d.totalMsDelta());
        default: return {};
      }
    }
    case SortRole: return raw(index.row(), column);
    case DiffersRole: return d.differs();
    case Qt::FontRole: {
      if (!d.differs()) return {};
      QFont bold;
      bold.setBold(true);
      return bold;
    }
    case Qt::TextAlignmentRole:
      return column == ActionColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
  }
}

}  // namespace tickscope::views
