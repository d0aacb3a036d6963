#pragma once
// ReadyQueueModel: the Scheduler pane's ready queue, one row per ready task in the scheduler's
// order (RunSnapshot::ready: foreground heads first, then background, then deprioritized),
// with the columns Task, Label, Session, Deprioritized, What. "What" names the task's role
// (describeTask); Session is the request session of a session task, "foreground" for another
// foreground runnable. It reads run snapshots (run/run_snapshot.h) and nothing else.
// SortRole holds the raw value, ActionRole the action a debounce task wakes (none for other
// tasks), TaskRole the task's id. A new snapshot updates the rows in place, keyed by task id
// (row_sync.h); another document resets the model.
#include <cstdint>
#include <memory>
#include <vector>

#include "row_sync.h"
#include "run/run_snapshot.h"

namespace tickscope::views {

class ReadyQueueModel final : public RowSyncTableModel {
  Q_OBJECT
 public:
  enum Column { TaskColumn, LabelColumn, SessionColumn, DeprioritizedColumn, WhatColumn, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, bool or QString
    ActionRole,                   // a debounce task's action index (uint); invalid otherwise
    TaskRole,                     // the task's id (qulonglong)
  };

  explicit ReadyQueueModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s ready queue (null: no document, no rows).
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
};

}  // namespace tickscope::views
