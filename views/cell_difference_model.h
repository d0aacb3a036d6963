#pragma once
// CellDifferenceModel: the Compare pane's cells whose final values differ (run/run_comparison.h
// CellDifference): Cell, A, B ("—" where a run has no such cell). Read-only.
#include <memory>

#include <QAbstractTableModel>

#include "run/run_comparison.h"

namespace tickscope::views {

class CellDifferenceModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { CellColumn, AColumn, BColumn, ColumnCount };

  explicit CellDifferenceModel(QObject* parent = nullptr);

  void setComparison(std::shared_ptr<const run::RunComparison> comparison);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const run::RunComparison> comparison_;
};

}  // namespace tickscope::views
