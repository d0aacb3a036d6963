#pragma once
// SweepGroupModel: the Sweep pane's groups (run/sweep.h SweepGroup), one row each: Group (1,
// 2, ...), Seeds (how many), Example seeds (the first few), Outcome (the group's summary).
// FirstSeedRole holds the group's first seed.
#include <memory>

#include <QAbstractTableModel>

#include "run/sweep.h"

namespace tickscope::views {

class SweepGroupModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { GroupColumn, SeedsColumn, ExamplesColumn, OutcomeColumn, ColumnCount };
  enum Role { FirstSeedRole = Qt::UserRole + 1 };
  static constexpr int kExampleSeeds = 8;

  explicit SweepGroupModel(QObject* parent = nullptr);

  void setResult(std::shared_ptr<const run::SweepResult> result);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const run::SweepResult> result_;
};

}  // namespace tickscope::views
