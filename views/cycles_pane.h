#pragma once
// CyclesPane: the Cycles pane. Above, a tree of the dependency cycles the run detected
// (CycleModel: members, strategy, iterations, budget left, outcome, times; each cycle expands
// to its iterations' values); below, the values table of the selected cycle, or of the newest
// one when none is selected (CycleValuesModel, with each iteration's largest change).
// Selecting a cycle (or one of its iterations) asks for its members (selectionRequested; the
// first member is primary); setSelection highlights every cycle whose members include the
// selection's primary action, without asking for anything. Ctrl+C, the button or the context
// menu copy the selected cycles (or all of them) as CSV.
#include <cstdint>
#include <memory>
#include <vector>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QLabel;
class QTableView;
class QToolButton;
class QTreeView;

namespace tickscope::views {

class CycleModel;
class CycleValuesModel;

class CyclesPane final : public QWidget {
  Q_OBJECT
 public:
  explicit CyclesPane(QWidget* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: highlights the cycles that contain selection's primary action (none
  // without one); emits nothing.
  void setSelection(const Selection& selection);

  // rowsAsCsv: what copyAsCsv puts on the clipboard: the selected cycles' rows (a selected
  // iteration counts as its cycle), or every cycle when none is selected.
  QString rowsAsCsv() const;

  QTreeView* tree() const { return tree_; }
  CycleModel* model() const { return model_; }
  QTableView* valuesTable() const { return valuesTable_; }
  CycleValuesModel* valuesModel() const { return values_; }
  QLabel* summary() const { return summary_; }
  QLabel* valuesCaption() const { return caption_; }

 public slots:
  void copyAsCsv();

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);

 private:
  // selectedCycleRows: top-level rows with something selected, the current one's first.
  std::vector<int> selectedCycleRows() const;
  void treeSelectionChanged();
  // showValuesOfSelection: the values table follows the first selected cycle.
  void showValuesOfSelection();
  // fitColumns: sizes the tree's columns (but Values) to their texts: exactly, or only wider.
  void fitColumns(bool exact);
  // fitValueColumns: widens the values table's columns to their header and the rows in view.
  void fitValueColumns();
  // spanIterationRows: cycle `cycleRow`'s iteration rows span the tree's width.
  void spanIterationRows(int cycleRow);
  void updateSummary();
  void updateCaption();

  CycleModel* model_;
  CycleValuesModel* values_;
  QLabel* summary_;
  QToolButton* copy_;
  QTreeView* tree_;
  QLabel* caption_;
  QTableView* valuesTable_;
  bool applyingSelection_ = false;
};

}  // namespace tickscope::views
