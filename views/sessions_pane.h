#pragma once
// SessionsPane: the Sessions pane (spec section 6): a tree of the run's request sessions
// (SessionModel), each expanding to its tasks, with invalid sessions and dangling tasks in
// the error colour; a summary line above, and below the full cleanup error of the current
// session (else of the newest invalid one). Selecting a session (or one of its tasks) asks for
// the cells its request set (selectionRequested, Selection::cells in the order the events
// set them); setSelection highlights the sessions whose request set one of the selection's
// cells, without asking for anything. Ctrl+C, the button or the context menu copy the
// selected sessions (or all of them) as CSV.
#include <cstdint>
#include <memory>
#include <vector>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QLabel;
class QToolButton;
class QTreeView;

namespace tickscope::views {

class SessionModel;

class SessionsPane final : public QWidget {
  Q_OBJECT
 public:
  explicit SessionsPane(QWidget* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: highlights the sessions whose request set one of selection.cells (none
  // without cells); emits nothing.
  void setSelection(const Selection& selection);

  // rowsAsCsv: what copyAsCsv puts on the clipboard: the selected sessions' rows (a selected
  // task counts as its session), or every session when none is selected.
  QString rowsAsCsv() const;
  // cellsOfSession: the cells the requests of session `id` set, in event order, no repeats.
  std::vector<std::uint32_t> cellsOfSession(const std::string& id) const;

  QTreeView* tree() const { return tree_; }
  SessionModel* model() const { return model_; }
  QLabel* summary() const { return summary_; }
  QLabel* details() const { return details_; }

 public slots:
  void copyAsCsv();

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);

 private:
  // selectedSessionRows: top-level rows with something selected, the current one's first.
  std::vector<int> selectedSessionRows() const;
  void treeSelectionChanged();
  // fitColumns: sizes the columns (but Message) to their texts: exactly, or only wider.
  void fitColumns(bool exact);
  // updateDetails: the full cleanup error below the tree (the current session's, else the
  // newest invalid one's); hidden when there is none.
  void updateDetails();
  void updateSummary();

  SessionModel* model_;
  QLabel* summary_;
  QToolButton* copy_;
  QTreeView* tree_;
  QLabel* details_;
  bool applyingSelection_ = false;
  bool rowsAdded_ = false;  // rows came in during this setSnapshot
};

}  // namespace tickscope::views
