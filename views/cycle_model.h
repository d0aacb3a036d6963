#pragma once
// CycleModel: the Cycles pane's tree. One top-level row per dependency cycle the run has
// detected (run::RunSnapshot::cycles, oldest first) with the columns Cycle, Members, Strategy,
// Iterations, Budget left, Outcome, Detected ms, Finished ms, Values; under it one child row
// per recorded iteration ("iteration 0" holds the values when the cycle was detected, then
// 1, 2, ...), whose Values column lists the members' written cells ("y = 1.5, x = 1.25") so
// the user sees the cycle converge or oscillate. A top-level row's Values are its latest ones.
// Texts are the report's numbers (views/format.h); SortRole holds the raw value. A new
// snapshot of the same document updates in place: rows inserted for new cycles and
// iterations, removed when the run went back (Step Back), dataChanged for changed rows;
// another document resets the model. It reads run snapshots and document names only.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "two_level_tree_model.h"

#include "run/run_snapshot.h"

namespace tickscope::views {

class CycleModel final : public TwoLevelTreeModel {
  Q_OBJECT
 public:
  enum Column {
    CycleColumn,       // the cycle's id; on iteration rows "iteration k"
    MembersColumn,     // action ids in iteration order, ", "-joined
    StrategyColumn,    // "fast" / "slow"
    IterationsColumn,  // iterations run so far
    BudgetLeftColumn,  // maxIterations - iterations
    OutcomeColumn,     // "converged", "stopped at the limit", "in progress"
    DetectedColumn,    // ms
    FinishedColumn,    // ms ("" while in progress)
    ValuesColumn,      // "cell = value, ..." (top level: the latest recorded values)
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, double or QString
    CycleRole,                    // the cycle's id (uint), on every row
    MembersRole,                  // the members' action indices (QList<uint>), on every row
    IterationRole,                // iteration rows: k (int); top-level rows: none
  };

  explicit CycleModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  // cycleAt: the cycle of top-level row `row` (null when out of range).
  const run::CycleRow* cycleAt(int row) const;
  // rowOfCycle: the top-level row of cycle `id`, or -1.
  int rowOfCycle(std::uint32_t id) const;

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // headerText: the column titles.
  static QString headerText(int column);
  // outcomeText: "converged", "stopped at the limit", "in progress" ("finished" otherwise).
  static QString outcomeText(const run::CycleRow& cycle);
  // valuesText: "y = 1.5, x = 1.25": iteration `k`'s values of `cycle`'s written cells.
  static QString valuesText(const graph::GraphDocument& document, const run::CycleRow& cycle, std::size_t k);

 private:
  QVariant cycleData(int row, int column, int role) const;
  QVariant iterationData(int cycleRow, int iteration, int column, int role) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
};

}  // namespace tickscope::views
