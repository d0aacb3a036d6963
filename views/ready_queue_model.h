#pragma once
// ReadyQueueModel: the Scheduler pane's ready queue, one row per ready task in the scheduler's
// order (RunSnapshot::ready: foreground heads first, then background, then deprioritized),
// with the columns Task, Label, Session, Deprioritized, What. "What" names the task's role
// (describeTask); Session is the request session of a session task, "foreground" for another
// foreground runnable. It reads run snapshots (run/run_snapshot.h) and nothing else.
// SortRole holds the raw value, ActionRole the action a debounce task wakes (none for other
// tasks), TaskRole the task's id. A new snapshot updates the rows in place, keyed by task id
// (syncRows below); another document resets the model.
//
// Also here, shared by the Scheduler pane's models: describeTask (what a task is for, as the
// ready queue and the timers name it) and syncRows (rows updated in place by key).
#include <cstdint>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <QAbstractTableModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

// describeTask: "actions labelled net (3 pending)", "unlabelled actions (1 pending)",
// "debounce of save", "slow cycle 2", "task audit of session req-1", "other".
// `document` names debounced actions (null: "debounce of action N").
QString describeTask(const run::TaskRow& task, const graph::GraphDocument* document);

class ReadyQueueModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { TaskColumn, LabelColumn, SessionColumn, DeprioritizedColumn, WhatColumn, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  // the raw value: qulonglong, bool or QString
    ActionRole,                   // a debounce task's action index (uint); invalid otherwise
    TaskRole,                     // the task's id (qulonglong)
  };

  explicit ReadyQueueModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s ready queue (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString headerText(int column);

 private:
  QVariant raw(int row, int column) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::vector<run::TaskRow> rows_;  // what the view has been told about (see syncRows)
};

// RowSignal: a change syncRows asks its model to announce.
enum class RowSignal { BeginReset, EndReset, BeginRemove, EndRemove, BeginInsert, EndInsert, Changed };

// syncRows: turns `rows` into `next` and announces each change through
// `signal(RowSignal, first, last)` (the model's begin/end calls and dataChanged), so views
// keep their selection, current row and scroll position: rows whose key is gone are removed,
// new keys inserted where `next` has them, kept rows whose content differs (`same` false)
// reported Changed (after `rows` holds the new content). When the kept keys changed order
// or a key repeats, it resets instead. keyOf(row) returns a hashable key.
template <class Row, class KeyOf, class Same, class Signal>
void syncRows(std::vector<Row>& rows, std::vector<Row> next, KeyOf keyOf, Same same, Signal signal) {
  using Key = std::decay_t<decltype(keyOf(std::declval<const Row&>()))>;
  std::unordered_map<Key, std::size_t> nextAt;
  nextAt.reserve(next.size());
  bool inOrder = true;
  for (std::size_t i = 0; i < next.size() && inOrder; ++i) inOrder = nextAt.emplace(keyOf(next[i]), i).second;
  std::vector<bool> kept(next.size(), false);
  std::size_t previous = 0;
  bool any = false;
  for (std::size_t i = 0; i < rows.size() && inOrder; ++i) {
    const auto it = nextAt.find(keyOf(rows[i]));
    if (it == nextAt.end()) continue;
    inOrder = !kept[it->second] && (!any || it->second > previous);
    kept[it->second] = true;
    previous = it->second;
    any = true;
  }
  if (!inOrder) {
    signal(RowSignal::BeginReset, 0, 0);
    rows = std::move(next);
    signal(RowSignal::EndReset, 0, 0);
    return;
  }
  // Removals bottom up, one signal per run of rows, so the earlier row numbers stay valid.
  for (int i = static_cast<int>(rows.size()) - 1; i >= 0;) {
    if (nextAt.count(keyOf(rows[static_cast<std::size_t>(i)]))) {
      --i;
      continue;
    }
    const int last = i;
    while (i >= 0 && !nextAt.count(keyOf(rows[static_cast<std::size_t>(i)]))) --i;
    signal(RowSignal::BeginRemove, i + 1, last);
    rows.erase(rows.begin() + (i + 1), rows.begin() + (last + 1));
    signal(RowSignal::EndRemove, i + 1, last);
  }
  // What is left is `next`'s kept rows in `next`'s order: insert the new ones top down.
  for (std::size_t i = 0; i < next.size();) {
    if (kept[i]) {
      ++i;
      continue;
    }
    std::size_t last = i;
    while (last + 1 < next.size() && !kept[last + 1]) ++last;
    signal(RowSignal::BeginInsert, static_cast<int>(i), static_cast<int>(last));
    rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(i), next.begin() + static_cast<std::ptrdiff_t>(i),
                next.begin() + static_cast<std::ptrdiff_t>(last + 1));
    signal(RowSignal::EndInsert, static_cast<int>(i), static_cast<int>(last));
    i = last + 1;
  }
  std::vector<std::pair<int, int>> changed;
  for (std::size_t i = 0; i < next.size(); ++i) {
    if (same(rows[i], next[i])) continue;
    if (!changed.empty() && changed.back().second + 1 == static_cast<int>(i))
      changed.back().second = static_cast<int>(i);
    else
      changed.emplace_back(static_cast<int>(i), static_cast<int>(i));
  }
  rows = std::move(next);
  for (const auto& [first, last] : changed) signal(RowSignal::Changed, first, last);
}

}  // namespace tickscope::views
