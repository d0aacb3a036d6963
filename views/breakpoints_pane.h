#pragma once
// BreakpointsPane: the Breakpoints pane (design.md, "Stepping"; spec section 7's pane title).
// A table of the debug session's breakpoints (BreakpointModel: Enabled, Kind, Target,
// Condition, Stops, Hits, Problem) and the buttons Add Breakpoint…, Edit…, Remove, Remove All.
// The pane does not own the breakpoints: the session hands it the list (setBreakpoints) and
// every change (add, edit, remove, enable or disable) is asked for as the whole new list
// (breakpointsChangeRequested); nothing shows the change until the session sets that list.
// Adding and editing go through a BreakpointDialog, opened window-modal without blocking
// (dialog() while it is open); Add starts from the primary selected action (setSelection).
// Double-clicking a row edits it; Delete removes the selected rows.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "graph/document.h"
#include "run/breakpoint.h"
#include "selection.h"

class QAction;
class QTableView;
class QToolButton;

namespace tickscope::views {

class BreakpointDialog;
class BreakpointModel;

class BreakpointsPane final : public QWidget {
  Q_OBJECT
 public:
  explicit BreakpointsPane(QWidget* parent = nullptr);

  // setDocument: the open document (null: nothing open, nothing can be added). The Problem
  // column and an open dialog check against it; the dialog offers its actions, cells, labels.
  void setDocument(std::shared_ptr<const graph::GraphDocument> document);
  // setBreakpoints: what to show; hitCounts is parallel to breakpoints.
  void setBreakpoints(const std::vector<run::Breakpoint>& breakpoints, const std::vector<std::uint64_t>& hitCounts);
  // setLastHit: the breakpoint the last stop hit (highlighted), or none.
  void setLastHit(std::optional<std::size_t> index);
  // setSelection: the shared selection; its primary action (or first cell) prefills Add.
  void setSelection(const Selection& selection);

  QTableView* table() const { return table_; }
  BreakpointModel* model() const { return model_; }
  // dialog: the add or edit dialog while it is open, else null.
  BreakpointDialog* dialog() const;
  QToolButton* addButton() const { return addButton_; }
  QToolButton* editButton() const { return editButton_; }
  QToolButton* removeButton() const { return removeButton_; }
  QToolButton* removeAllButton() const { return removeAllButton_; }

 public slots:
  void addBreakpoint();
  void editBreakpoint();  // the current selected row
  void removeSelected();
  void removeAll();

 signals:
  // breakpointsChangeRequested: the whole list as the user wants it now.
  void breakpointsChangeRequested(const std::vector<tickscope::run::Breakpoint>& breakpoints);

 private:
  std::vector<std::size_t> selectedRows() const;
  std::optional<std::size_t> editRow() const;
  void openDialog(std::optional<std::size_t> row);
  void dialogAccepted(const run::Breakpoint& edited);
  void enabledChangeRequested(int row, bool enabled);
  void updateActions();

  std::shared_ptr<const graph::GraphDocument> document_;
  Selection selection_;
  BreakpointModel* model_;
  QTableView* table_;
  QAction* add_;
  QAction* edit_;
  QAction* remove_;
  QAction* removeAll_;
  QToolButton* addButton_;
  QToolButton* editButton_;
  QToolButton* removeButton_;
  QToolButton* removeAllButton_;
  QPointer<BreakpointDialog> dialog_;
  // The row the open dialog edits and its breakpoint when the dialog opened (none: adding).
  std::optional<std::size_t> editingRow_;
  run::Breakpoint editingOriginal_;
};

}  // namespace tickscope::views
