#include "timing_filter_model.h"

#include "timing_model.h"

namespace tickscope::views {

TimingFilterModel::TimingFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(TimingModel::SortRole);
  setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TimingFilterModel::setNameFilter(const QString& text) {
  if (text == name_) return;
  name_ = text;
  invalidateRowsFilter();
}

void TimingFilterModel::setKindFilter(KindFilter kind) {
  if (kind == kind_) return;
  kind_ = kind;
  invalidateRowsFilter();
}

bool TimingFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* source = sourceModel();
  if (!source) return false;
  if (kind_ != KindFilter::All) {
    const QString kind = source->index(sourceRow, TimingModel::KindColumn, sourceParent).data(TimingModel::KindRole).toString();
    if ((kind_ == KindFilter::Effects) != (kind == QLatin1String("effect"))) return false;
  }
  if (name_.isEmpty()) return true;
  return source->index(sourceRow, TimingModel::ActionColumn, sourceParent)
      .data(Qt::DisplayRole)
      .toString()
      .contains(name_, Qt::CaseInsensitive);
}

}  // namespace tickscope::views
