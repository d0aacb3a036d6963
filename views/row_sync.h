#pragma once
// Rows updated in place by key, for the table models whose rows come and go between two
// snapshots (the ready queue, the timers, the last decisions): syncRows announces each change
// the way views keep their selection, current row and scroll position through, and
// RowSyncTableModel makes those announcements for a flat table.
#include <cstddef>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <QAbstractTableModel>

namespace tickscope::views {

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

// RowSyncTableModel: a flat table model whose rows follow a keyed list (syncRows), with the
// begin/end calls and dataChanged over every column.
class RowSyncTableModel : public QAbstractTableModel {
 protected:
  using QAbstractTableModel::QAbstractTableModel;

  // syncTableRows: syncRows over `rows` with this model's signals; `onReset` runs at the start
  // of a reset, inside it (the model's other state changes with the rows).
  template <class Row, class KeyOf, class Same, class OnReset>
  void syncTableRows(std::vector<Row>& rows, std::vector<Row> next, KeyOf keyOf, Same same, OnReset onReset) {
    syncRows(rows, std::move(next), keyOf, same, [&](RowSignal s, int first, int last) {
      switch (s) {
        case RowSignal::BeginReset:
          beginResetModel();
          onReset();
          break;
        case RowSignal::EndReset: endResetModel(); break;
        case RowSignal::BeginRemove: beginRemoveRows({}, first, last); break;
        case RowSignal::EndRemove: endRemoveRows(); break;
        case RowSignal::BeginInsert: beginInsertRows({}, first, last); break;
        case RowSignal::EndInsert: endInsertRows(); break;
        case RowSignal::Changed: emit dataChanged(index(first, 0), index(last, columnCount() - 1)); break;
      }
    });
  }
  template <class Row, class KeyOf, class Same>
  void syncTableRows(std::vector<Row>& rows, std::vector<Row> next, KeyOf keyOf, Same same) {
    syncTableRows(rows, std::move(next), keyOf, same, [] {});
  }
};

}  // namespace tickscope::views
