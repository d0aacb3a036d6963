#pragma once
// CycleValuesModel: the Cycles pane's table of one cycle's values, iteration by iteration.
// Rows: the recorded iterations (0 = the values when the cycle was detected). Columns:
// "Iteration", one per cell the members write (titled with the cell's id, in the cycle's
// valueCells order), then "Change": the largest absolute change of any of those cells since
// the previous iteration (empty on row 0). A converging cycle's Change shrinks towards 0; an
// oscillating or runaway one's does not.
// It shows the cycle chosen with setCycle, or the newest cycle when none is chosen (or the
// chosen one is not in the snapshot). A new snapshot showing the same cycle and cells updates
// in place (rows inserted or removed, dataChanged for changed rows); another cycle, other
// cells or another document reset the model. Texts are the report's numbers; SortRole holds
// the raw value (NaN: none).
#include <cstdint>
#include <memory>
#include <optional>

#include <QAbstractTableModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

class CycleValuesModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value (double; the Iteration column: int)
  };

  explicit CycleValuesModel(QObject* parent = nullptr);

  // setSnapshot: shows the chosen cycle of `snapshot` (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }
  // setCycle: shows cycle `id` (nullopt: the newest one, following new cycles as they come).
  void setCycle(std::optional<std::uint32_t> id);
  std::optional<std::uint32_t> chosenCycle() const { return chosen_; }
  // cycle: the cycle shown (null when the snapshot has none).
  const run::CycleRow* cycle() const;

  // Column layout of the cycle shown: Iteration, cells..., Change.
  static constexpr int kIterationColumn = 0;
  int cellColumnCount() const;
  int changeColumn() const { return cellColumnCount() + 1; }
  // change: iteration k's largest absolute change from iteration k - 1 (NaN for k == 0).
  static double change(const run::CycleRow& cycle, std::size_t k);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  // shownIndex: the position in snapshot->cycles of the cycle to show, or -1.
  static int shownIndex(const run::RunSnapshot* snapshot, std::optional<std::uint32_t> chosen);
  void show(std::shared_ptr<const run::RunSnapshot> snapshot);
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::optional<std::uint32_t> chosen_;
  int shown_ = -1;  // index of the cycle shown in snapshot_->cycles
  int rows_ = 0;    // rows the views know (kept apart so rows are removed before a new snapshot)
};

}  // namespace tickscope::views
