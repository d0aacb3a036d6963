#pragma once
// TimingModel: the Timing pane's table, one row per action in file order, with the columns of
// spec section 7: Action, Kind, Runs, Average ms, Last ms, Total ms, Min ms, Max ms,
// Debounce ms, Auto-debounced. It reads run snapshots (run/run_snapshot.h) and nothing else.
// Texts are the report's numbers (views/format.h); SortRole holds the raw value (a number,
// or the text for Action and Kind) so a proxy sorts numerically, ActionRole the action's
// index. A new snapshot of the same document changes data in place (dataChanged over the
// rows that changed); another document resets the model.
#include <cstdint>
#include <memory>

#include <QAbstractTableModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

class TimingModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    ActionColumn,
    KindColumn,
    RunsColumn,
    AverageColumn,
    LastColumn,
    TotalColumn,
    MinColumn,
    MaxColumn,
    DebounceColumn,
    AutoDebouncedColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: double, qulonglong or QString
    ActionRole,                   // the action's index in the document (uint)
    KindRole,                     // "computation" / "effect"
  };

  explicit TimingModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // headerText: the spec's column titles.
  static QString headerText(int column);

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
};

}  // namespace tickscope::views
