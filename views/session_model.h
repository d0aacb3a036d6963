#pragma once
// SessionModel: the Sessions pane's tree (spec section 6). One top-level row per request
// session (run::RunSnapshot::sessions, oldest first) with the columns Session, Opened ms,
// Tasks, Wait until, Dangling, Valid, Message; under it one row per task of the session, whose
// fields sit in the same columns in order: Task (its name, under Session), Task id ("task 5",
// under Opened ms), State (under Tasks), Wait until ("yes"/"no"), Dangling ("yes"/"no").
// Valid reads "yes", "no" or "not validated yet" (validation happens once the request has
// settled). An invalid session and a dangling task read in the error colour
// (Qt::ForegroundRole) besides saying so in their text. SortRole holds the raw value,
// TaskIdRole a task row's task id. A new snapshot of the same document updates in place
// (rows inserted for new sessions and tasks, removed when the run went back, dataChanged for
// changed rows); another document resets the model. It reads run snapshots only.
#include <memory>
#include <vector>

#include "two_level_tree_model.h"
#include <QColor>

#include "run/run_snapshot.h"

namespace tickscope::views {

class SessionModel final : public TwoLevelTreeModel {
  Q_OBJECT
 public:
  enum Column {
    SessionColumn,    // session id; task rows: the task's name
    OpenedColumn,     // ms; task rows: "task N" (its task id)
    TasksColumn,      // how many tasks; task rows: the task's state
    WaitUntilColumn,  // the waitUntil tasks' names; task rows: "yes"/"no"
    DanglingColumn,   // the dangling tasks' names; task rows: "yes"/"no"
    ValidColumn,      // "yes", "no", "not validated yet"; task rows: empty
    MessageColumn,    // the cleanup error of an invalid session; task rows: empty
    ColumnCount
  };
  // Task rows' fields, by the columns that hold them.
  static constexpr int TaskColumn = SessionColumn;
  static constexpr int TaskIdColumn = OpenedColumn;
  static constexpr int StateColumn = TasksColumn;

  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: QString, double, qulonglong or bool
    TaskIdRole,                   // task rows: the task's id (qulonglong)
    SessionRole,                  // every row: its session's id (QString)
    ProblemRole,                  // bool: an invalid session, a dangling task
  };

  explicit SessionModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot` (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  // sessionAt: the session of top-level row `row` (null when out of range).
  const run::SessionRow* sessionAt(int row) const;

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // headerText: the column titles (the session rows' fields).
  static QString headerText(int column);
  // errorColor: the colour of invalid sessions and dangling tasks (light themes' base and
  // alternate row colours both read it).
  static QColor errorColor();
  // validText: "yes", "no" or "not validated yet".
  static QString validText(const run::SessionRow& session);

 private:
  QVariant sessionData(const run::SessionRow& session, int column, int role) const;
  QVariant taskData(const run::SessionRow::Task& task, int column, int role) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
};

}  // namespace tickscope::views
