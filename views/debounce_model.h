#pragma once
// DebounceModel: the Debounce pane's timers table, one row per debounced action (or one armed
// at least once), in file order (RunSnapshot::debounces), with the columns Action, Delay ms,
// Kind ("manual"/"automatic"), Armed ("yes"/"no"), Deadline ms, Left ms (virtual time left
// until it fires), Restarts (of the timer armed now), Armed total, Restarts total, Fired
// total. It reads run snapshots (run/run_snapshot.h) and nothing else. Numbers read as the
// report prints them (views/format.h), empty when there is none (not armed); SortRole holds
// the raw value (an unarmed timer's deadline and time left sort after every armed one),
// ActionRole the action's index. A new snapshot of the same document updates the rows in
// place (rows inserted or removed by action, dataChanged where they differ); another
// document resets the model.
#include <memory>
#include <vector>

#include <QAbstractTableModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

class DebounceModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    ActionColumn,
    DelayColumn,
    KindColumn,
    ArmedColumn,
    DeadlineColumn,
    LeftColumn,
    RestartsColumn,
    ArmedTotalColumn,
    RestartsTotalColumn,
    FiredTotalColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: double, qulonglong, bool or QString
    ActionRole,                   // the action's index in the document (uint)
  };

  explicit DebounceModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s debounce rows (null: no document, no rows).
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
  std::vector<run::DebounceRow> rows_;  // what the view has been told about
};

}  // namespace tickscope::views
