#include "cycle_values_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "format.h"

namespace tickscope::views {

namespace {

bool sameNumber(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameNumber);
}

}  // namespace

CycleValuesModel::CycleValuesModel(QObject* parent) : QAbstractTableModel(parent) {}

int CycleValuesModel::shownIndex(const run::RunSnapshot* snapshot, std::optional<std::uint32_t> chosen) {
  if (!snapshot || snapshot->cycles.empty()) return -1;
  if (chosen) {
    for (std::size_t i = 0; i < snapshot->cycles.size(); ++i) {
      if (snapshot->cycles[i].id == *chosen) return static_cast<int>(i);
    }
  }
  return static_cast<int>(snapshot->cycles.size()) - 1;
}

void CycleValuesModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) { show(std::move(snapshot)); }

void CycleValuesModel::setCycle(std::optional<std::uint32_t> id) {
  if (id == chosen_) return;
  chosen_ = id;
  show(snapshot_);
}

const run::CycleRow* CycleValuesModel::cycle() const {
  return shown_ < 0 ? nullptr : &snapshot_->cycles[static_cast<std::size_t>(shown_)];
}

int CycleValuesModel::cellColumnCount() const {
  const run::CycleRow* c = cycle();
  return c ? static_cast<int>(c->valueCells.size()) : 0;
}

double CycleValuesModel::change(const run::CycleRow& cycle, std::size_t k) {
  if (k == 0 || k >= cycle.values.size()) return run::kNoTime;
  const std::vector<double>& before = cycle.values[k - 1];
  const std::vector<double>& now = cycle.values[k];
  double largest = 0;
  for (std::size_t j = 0; j < before.size() && j < now.size(); ++j) {
    const double d = std::abs(now[j] - before[j]);
    if (std::isnan(d)) {
      // A cell that became (or stopped being) NaN changed without measure; NaN to NaN did not.
      if (std::isnan(now[j]) != std::isnan(before[j])) return std::numeric_limits<double>::infinity();
      continue;
    }
    largest = std::max(largest, d);
  }
  return largest;
}

void CycleValuesModel::show(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const int next = shownIndex(snapshot.get(), chosen_);
  const run::CycleRow* was = cycle();
  const run::CycleRow* is = next < 0 ? nullptr : &snapshot->cycles[static_cast<std::size_t>(next)];
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (sameDocument && !was && !is) {  // still no cycle: nothing a view shows changes
    snapshot_ = std::move(snapshot);
    return;
  }
  // In place only for the same cycle with the same columns; anything else is another table.
  const bool inPlace = sameDocument && was && is && was->id == is->id && was->valueCells == is->valueCells;
  if (!inPlace) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    shown_ = next;
    rows_ = is ? static_cast<int>(is->values.size()) : 0;
    endResetModel();
    return;
  }
  const int now = static_cast<int>(is->values.size());
  if (rows_ > now) {  // the run went back
    beginRemoveRows({}, now, rows_ - 1);
    rows_ = now;
    endRemoveRows();
  }
  const std::shared_ptr<const run::RunSnapshot> old = std::exchange(snapshot_, std::move(snapshot));
  shown_ = next;
  const run::CycleRow& before = *was;  // still alive: `old` holds its snapshot
  int first = -1;
  for (int k = 0; k <= rows_; ++k) {
    const bool changed =
        k < rows_ && !sameValues(before.values[static_cast<std::size_t>(k)], is->values[static_cast<std::size_t>(k)]);
    if (changed && first < 0) first = k;
    if (!changed && first >= 0) {
      // Row k's Change depends on row k - 1 as well: include the row after the changed run.
      emit dataChanged(index(first, 0), index(std::min(k, rows_ - 1), columnCount() - 1));
      first = -1;
    }
  }
  if (now > rows_) {
    beginInsertRows({}, rows_, now - 1);
    rows_ = now;
    endInsertRows();
  }
}

int CycleValuesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }

int CycleValuesModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid() || shown_ < 0) return 0;
  return cellColumnCount() + 2;
}

QVariant CycleValuesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
  const run::CycleRow* c = cycle();
  if (role == Qt::DisplayRole) {
    if (section == kIterationColumn) return tr("Iteration");
    if (section == changeColumn()) return tr("Change");
    return QString::fromUtf8(snapshot_->document->cellId(c->valueCells[static_cast<std::size_t>(section - 1)]));
  }
  if (role == Qt::ToolTipRole) {
    if (section == kIterationColumn) return tr("0: the values when the cycle was detected");
    if (section == changeColumn()) return tr("The largest absolute change of any cell since the previous iteration");
    return tr("The cell's value after the iteration");
  }
  return {};
}

QVariant CycleValuesModel::raw(int row, int column) const {
  const run::CycleRow& c = *cycle();
  const auto k = static_cast<std::size_t>(row);
  if (k >= c.values.size()) return {};
  if (column == kIterationColumn) return row;
  if (column == changeColumn()) return change(c, k);
  const auto j = static_cast<std::size_t>(column - 1);
  return j < c.values[k].size() ? QVariant(c.values[k][j]) : QVariant();
}

QVariant CycleValuesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !cycle()) return {};
  switch (role) {
    case Qt::DisplayRole: {
      const QVariant value = raw(index.row(), index.column());
      if (!value.isValid()) return {};
      if (index.column() == kIterationColumn) return QString::number(value.toInt());
      const double v = value.toDouble();
      // Row 0 has no Change; a cell's NaN is a value and reads "nan", as in the report.
      if (index.column() == changeColumn() && std::isnan(v)) return QString();
      return QString::fromStdString(trace::formatNumber(v));
    }
    case SortRole:
      return raw(index.row(), index.column());
    case Qt::TextAlignmentRole:
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
