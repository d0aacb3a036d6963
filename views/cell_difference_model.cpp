#include "cell_difference_model.h"

#include <cmath>

#include "format.h"

namespace tickscope::views {

namespace {
QString valueText(const std::optional<double>& v) {
  if (!v) return QStringLiteral("—");
  if (std::isnan(*v)) return QStringLiteral("NaN");
  return formatNumber(*v);
}
}  // namespace

CellDifferenceModel::CellDifferenceModel(QObject* parent) : QAbstractTableModel(parent) {}

void CellDifferenceModel::setComparison(std::shared_ptr<const run::RunComparison> comparison) {
  beginResetModel();
  comparison_ = std::move(comparison);
  endResetModel();
}

int CellDifferenceModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !comparison_ ? 0 : static_cast<int>(comparison_->cells.size());
}

int CellDifferenceModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CellDifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case CellColumn: return tr("Cell");
    case AColumn: return tr("Final A");
    case BColumn: return tr("Final B");
    default: return {};
  }
}

QVariant CellDifferenceModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !comparison_) return {};
  const run::CellDifference& c = comparison_->cells[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case CellColumn: return QString::fromStdString(c.name);
      case AColumn: return valueText(c.a);
      case BColumn: return valueText(c.b);
      default: return {};
    }
  }
  if (role == Qt::TextAlignmentRole)
    return index.column() == CellColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

}  // namespace tickscope::views
