#pragma once
// TimingPane: the Timing pane (spec section 7): one row per action with its run statistics,
// sortable on the raw numbers, filtered by name and kind, rows copied as CSV (Ctrl+C or the
// button copies the selected rows, or every visible row when none is selected). A double
// click on a row, or its context menu's "Show in Timeline", asks for the action's runs and
// run-time histogram in the Timeline pane (showInTimelineRequested). Selecting
// rows asks for that selection (selectionRequested); setSelection shows the shared one.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QAction;
class QComboBox;
class QLineEdit;
class QTableView;
class QToolButton;

namespace tickscope::views {

class TimingModel;
class TimingFilterModel;

class TimingPane final : public QWidget {
  Q_OBJECT
 public:
  explicit TimingPane(QWidget* parent = nullptr);

  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  void setSelection(const Selection& selection);

  // rowsAsCsv: what copyAsCsv puts on the clipboard.
  QString rowsAsCsv() const;

  QTableView* table() const { return table_; }
  // showInTimelineAction: the context menu's entry (for the row under the cursor).
  QAction* showInTimelineAction() const { return showInTimeline_; }
  TimingModel* model() const { return model_; }
  TimingFilterModel* proxy() const { return proxy_; }
  QLineEdit* nameFilter() const { return filter_; }
  QComboBox* kindFilter() const { return kind_; }

 public slots:
  void copyAsCsv();

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  void showInTimelineRequested(std::uint32_t action);

 private:
  void tableSelectionChanged();

  TimingModel* model_;
  TimingFilterModel* proxy_;
  QLineEdit* filter_;
  QComboBox* kind_;
  QToolButton* copy_;
  QAction* showInTimeline_;
  QTableView* table_;
  bool applyingSelection_ = false;
};

}  // namespace tickscope::views
