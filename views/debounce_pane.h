#pragma once
// DebouncePane: the Debounce pane (design.md, "The debugger"): the debounce timers, one row
// per debounced action with its countdown and counts (DebounceModel, table "Debounce
// timers"), and the runtime's auto-debounce decisions with their reasons (AutoDebounceModel,
// table "Auto-debounce decisions"). Both tables sort on the raw numbers through a
// QSortFilterProxyModel (file order, resp. oldest first, until the user sorts). It reads run
// snapshots and emits intents: selecting rows asks for their actions (selectionRequested);
// setSelection shows the shared selection (the rows of the selected actions in both tables)
// without asking for anything. Every table copies its selected rows (all rows when none is
// selected) as CSV with its "Copy as CSV" action: Ctrl+C while it has focus, or its
// context menu.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace tickscope::views {

class AutoDebounceModel;
class DebounceModel;

class DebouncePane final : public QWidget {
  Q_OBJECT
 public:
  explicit DebouncePane(QWidget* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document, empty tables).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: selects the rows of the selection's actions in both tables; emits nothing.
  void setSelection(const Selection& selection);

  // rowsAsCsv: what `table`'s "Copy as CSV" puts on the clipboard (rows in the view's order).
  static QString rowsAsCsv(const QTableView& table);

  QTableView* debounceTable() const { return debounceTable_; }
  QTableView* autoDebounceTable() const { return autoTable_; }
  DebounceModel* debounceModel() const { return debounces_; }
  AutoDebounceModel* autoDebounceModel() const { return autos_; }
  QSortFilterProxyModel* debounceProxy() const { return debounceProxy_; }
  QSortFilterProxyModel* autoDebounceProxy() const { return autoProxy_; }
  QLabel* summaryLabel() const { return summary_; }

 public slots:
  // copyAsCsv: copies `table`'s rows (rowsAsCsv) to the clipboard.
  void copyAsCsv(QTableView* table);

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);

 private:
  QTableView* makeTable(const QString& name, QSortFilterProxyModel* proxy);
  void tableSelectionChanged(QTableView* table);
  void updateTexts();
  void fitColumns();

  DebounceModel* debounces_;
  AutoDebounceModel* autos_;
  QSortFilterProxyModel* debounceProxy_;
  QSortFilterProxyModel* autoProxy_;
  QLabel* summary_;
  QLabel* debounceCaption_;
  QLabel* autoCaption_;
  QTableView* debounceTable_;
  QTableView* autoTable_;
  std::shared_ptr<const run::RunSnapshot> snapshot_;
  bool updating_ = false;  // selection changes are ours, not the user's
};

}  // namespace tickscope::views
