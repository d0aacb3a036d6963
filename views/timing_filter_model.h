#pragma once
// TimingFilterModel: sorting and filtering over TimingModel: sorts on TimingModel::SortRole
// (raw numbers, not their texts), keeps the rows whose action name contains the name filter
// (case-insensitive) and whose kind matches the kind filter.
#include <QSortFilterProxyModel>

namespace tickscope::views {

class TimingFilterModel final : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  enum class KindFilter { All, Computations, Effects };

  explicit TimingFilterModel(QObject* parent = nullptr);

  void setNameFilter(const QString& text);
  QString nameFilter() const { return name_; }
  void setKindFilter(KindFilter kind);
  KindFilter kindFilter() const { return kind_; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QString name_;
  KindFilter kind_ = KindFilter::All;
};

}  // namespace tickscope::views
