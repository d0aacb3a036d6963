#pragma once
// AutoDebounceModel: the Debounce pane's auto-debounce decisions, one row per action the
// runtime debounced on its own (RunSnapshot::autoDebounces), oldest first, with the columns
// Step, Time ms, Action, Runs, Average ms, Threshold ms, Delay ms and Reason ("average 60 ms
// >= threshold 50 ms after 3 runs (min 3)"). It reads run snapshots (run/run_snapshot.h)
// and nothing else. Numbers read as the report prints them (views/format.h); SortRole holds
// the raw value, ActionRole the action's index. Decisions are only ever added: a new
// snapshot of the same document appends rows; anything else (another document, a replay
// that decided differently) resets the model.
#include <memory>
#include <vector>

#include <QAbstractTableModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

class AutoDebounceModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    StepColumn,
    TimeColumn,
    ActionColumn,
    RunsColumn,
    AverageColumn,
    ThresholdColumn,
    DelayColumn,
    ReasonColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, double or QString
    ActionRole,                   // the action's index in the document (uint)
  };

  explicit AutoDebounceModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s auto-debounce decisions (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString headerText(int column);
  // reasonText: "average 60 ms >= threshold 50 ms after 3 runs (min 3)".
  static QString reasonText(const run::AutoDebounceDecision& decision);

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::vector<run::AutoDebounceDecision> rows_;  // what the view has been told about
};

}  // namespace tickscope::views
