#pragma once
// ActionDeltaModel: the Compare pane's per-action table: one row per action of either run
// (run/run_comparison.h ActionDelta), columns Action, Runs A, Runs B, Δ runs, Total ms A,
// Total ms B, Δ ms. A side the action is absent from shows "—". SortRole holds the raw value
// (a number, the text for Action; an absent side sorts as -1) so a proxy sorts numerically.
#include <memory>

#include <QAbstractTableModel>

#include "run/run_comparison.h"

namespace tickscope::views {

class ActionDeltaModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { ActionColumn, RunsAColumn, RunsBColumn, RunsDeltaColumn, MsAColumn, MsBColumn, MsDeltaColumn, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,
    DiffersRole,  // bool: the row's runs or time differ
  };

  explicit ActionDeltaModel(QObject* parent = nullptr);

  // setComparison: shows `comparison`'s actions (null: no rows).
  void setComparison(std::shared_ptr<const run::RunComparison> comparison);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunComparison> comparison_;
};

}  // namespace tickscope::views
