#pragma once
// SchedulerPane: the Scheduler pane (design.md, "The debugger"): the virtual clock, the run's
// phase and its next move; the ready queue (ReadyQueueModel), the armed timers (TimerModel)
// and the last decisions, newest first (DecisionModel), each a table ("Ready queue",
// "Timers", "Last decisions"); and the task labels (LabelModel, "Task labels"), checked when
// deprioritized. It reads run snapshots and emits intents, never driving the run:
//   - selecting rows asks for their actions (selectionRequested): a debounce timer (or ready
//     debounce task) its action, a decision every action it ran, the first one primary;
//     rows without an action ask for nothing;
//   - checking or unchecking a label asks for it (deprioritizeRequested); the check follows
//     the next snapshot, not the click (the list shows only when the graph has labels);
//   - setSelection shows the shared selection without asking for anything: the debounce
//     timers and tasks of the selected actions, the decisions that ran one of them. The table
//     the user selected in keeps the rows they picked while the selection is the one it asked
//     for. The selection is shown again on every snapshot (new rows follow it).
// Every table copies its selected rows (all rows when none is selected) as CSV with its
// "Copy as CSV" action: Ctrl+C while it has focus, or its context menu.
#include <memory>

#include <QWidget>

#include "run/run_snapshot.h"
#include "selection.h"

class QAbstractItemModel;
class QLabel;
class QListView;
class QTableView;

namespace tickscope::views {

class DecisionModel;
class LabelModel;
class ReadyQueueModel;
class TimerModel;

class SchedulerPane final : public QWidget {
  Q_OBJECT
 public:
  explicit SchedulerPane(QWidget* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document: empty tables, "No document").
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  // setSelection: shows the shared selection (see above); emits nothing.
  void setSelection(const Selection& selection);

  // clockText / nextMoveText: "Clock 12.5 ms"; "Next: clock moves to 50 ms",
  // "Next: a scheduling decision", "Next: event 3 applied" (events numbered from 1),
  // "Next: request validated", "Next: the run finishes", "Run finished".
  static QString clockText(double nowMs);
  static QString nextMoveText(const run::Move& next);
  // rowsAsCsv: what `table`'s "Copy as CSV" puts on the clipboard.
  static QString rowsAsCsv(const QTableView& table);

  QLabel* clockLabel() const { return clock_; }
  QLabel* phaseLabel() const { return phase_; }
  QLabel* nextMoveLabel() const { return next_; }
  QTableView* readyTable() const { return readyTable_; }
  QTableView* timerTable() const { return timerTable_; }
  QTableView* decisionTable() const { return decisionTable_; }
  QListView* labelList() const { return labelList_; }
  ReadyQueueModel* readyModel() const { return ready_; }
  TimerModel* timerModel() const { return timers_; }
  DecisionModel* decisionModel() const { return decisions_; }
  LabelModel* labelModel() const { return labels_; }

 public slots:
  // copyAsCsv: copies `table`'s rows (rowsAsCsv) to the clipboard.
  void copyAsCsv(QTableView* table);

 signals:
  void selectionRequested(const tickscope::views::Selection& selection);
  void deprioritizeRequested(const QString& label, bool deprioritized);

 private:
  QTableView* makeTable(const QString& name, QAbstractItemModel* model);
  QWidget* titled(QLabel* caption, QWidget* content);
  void tableSelectionChanged(QTableView* table);
  // showSelection: selection_ on every table but the one that asked for it; scrolls to the
  // primary action's rows only when `scroll`.
  void showSelection(bool scroll);
  void selectDecisionRows(const Selection& selection, bool scroll);
  void updateTexts();
  void fitColumns();

  ReadyQueueModel* ready_;
  TimerModel* timers_;
  DecisionModel* decisions_;
  LabelModel* labels_;
  QLabel* clock_;
  QLabel* phase_;
  QLabel* next_;
  QLabel* readyCaption_;
  QLabel* timerCaption_;
  QLabel* decisionCaption_;
  QLabel* labelCaption_;
  QTableView* readyTable_;
  QTableView* timerTable_;
  QTableView* decisionTable_;
  QListView* labelList_;
  QWidget* labelBox_;  // the list and its caption: hidden when the graph has no task label
  std::shared_ptr<const run::RunSnapshot> snapshot_;
  Selection selection_;                  // the shared selection, as last shown
  QTableView* requestedBy_ = nullptr;    // the table whose rows asked for selection_
  Selection requested_;                  // what it asked for
  bool updating_ = false;                // selection changes are ours, not the user's
};

}  // namespace tickscope::views
