#pragma once
// InsightsPane: the Insights pane (spec section 7's title "Insights"): what the run points out
// (run/insights.h: wasted work, computations nothing demands, actions always debounced, cycles
// near their budget, effects that never ran, sessions with dangling tasks), one row each in a
// table (InsightModel), with a summary line above. Selecting rows asks for the actions they
// name (selectionRequested; the current row's first); setSelection highlights the rows that name
// the selection's actions, without asking for anything. Ctrl+C, the button or the context menu
// copy the selected rows (or all) as CSV.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QLabel;
class QTableView;

namespace tickscope::views {

class InsightModel;

class InsightsPane final : public QWidget {
  Q_OBJECT
 public:
  explicit InsightsPane(QWidget* parent = nullptr);

  // setSnapshot: shows `snapshot`'s insights (null: no document).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: highlights the rows naming one of selection.actions; emits nothing.
  void setSelection(const Selection& selection);

  QTableView* table() const { return table_; }
  InsightModel* model() const { return model_; }
  QLabel* summary() const { return summary_; }

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);

 private:
  void tableSelectionChanged();

  InsightModel* model_;
  QTableView* table_;
  QLabel* summary_;
  bool updating_ = false;  // the pane itself changes the table's selection
  Selection selection_;
};

}  // namespace tickscope::views
