#pragma once
// TimerModel: the Scheduler pane's timers, one row per armed timer by deadline
// (RunSnapshot::timers), with the columns Task, Deadline ms, In ms (deadline - now), Label,
// Wakes (what fires: describeTask, e.g. "debounce of save", "task flush of session req-1").
// It reads run snapshots (run/run_snapshot.h) and nothing else. Numbers read as the report
// prints them (views/format.h); SortRole holds the raw value, ActionRole the action a
// debounce timer wakes (none for other timers), TaskRole the task's id. A new snapshot of
// the same document updates the rows in place, keyed by task id (syncRows), and In ms of
// every row when the clock moved; another document resets the model.
#include <memory>
#include <vector>

#include "row_sync.h"
#include "run/run_snapshot.h"

namespace tickscope::views {

class TimerModel final : public RowSyncTableModel {
  Q_OBJECT
 public:
  enum Column { TaskColumn, DeadlineColumn, InColumn, LabelColumn, WakesColumn, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, double or QString
    ActionRole,                   // a debounce timer's action index (uint); invalid otherwise
    TaskRole,                     // the task's id (qulonglong)
  };

  explicit TimerModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s armed timers (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString headerText(int column);

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::vector<run::TaskRow> rows_;  // what the view has been told about (see syncRows)
  double nowMs_ = 0;
};

}  // namespace tickscope::views
