#pragma once
// DecisionModel: the Scheduler pane's last decisions, one row per step the run's journal kept
// (RunSnapshot::recentSteps), newest first, with the columns Step, Time ms (when the step
// began), Move ("task 3 picked among 4", "timer of task 7 fired", "clock moved to 50 ms",
// "event 2 applied", "request validated", "clock set to 250 ms", "run finished"), Label (of
// the task picked) and Ran (the action ids it ran, "+N more" beyond the ones listed). It
// reads run snapshots (run/run_snapshot.h) and nothing else. SortRole holds the raw value,
// ActionRole the first action the step ran (none when it ran nothing), RanRole every action
// listed (QList<uint>, in start order): clicking a decision selects them. A new snapshot of
// the same document updates the rows in place, keyed by step number (syncRows: new steps
// inserted at the top, old ones dropped at the bottom); another document resets the model.
#include <memory>
#include <vector>

#include "row_sync.h"
#include "run/run_snapshot.h"

namespace tickscope::views {

class DecisionModel final : public RowSyncTableModel {
  Q_OBJECT
 public:
  enum Column { StepColumn, TimeColumn, MoveColumn, LabelColumn, RanColumn, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, double or QString (Ran: ranCount)
    ActionRole,                   // the first action the step ran (uint); invalid when none
    RanRole,                      // every action listed in Ran (QList<uint>)
  };

  explicit DecisionModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s recent steps (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString headerText(int column);
  // moveText: what a step did, as the Move column reads.
  static QString moveText(const run::StepRecord& step);
  // ranText: the Ran column: ids joined with ", ", an action that ran several times once with
  // its count ("halfStep ×8"), then "+N more" when ranCount exceeds the runs listed.
  static QString ranText(const run::StepRecord& step, const graph::GraphDocument* document);

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::vector<run::StepRecord> rows_;  // what the view has been told about (see syncRows)
};

}  // namespace tickscope::views
