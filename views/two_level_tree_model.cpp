#include "two_level_tree_model.h"

#include <algorithm>

namespace tickscope::views {

QModelIndex TwoLevelTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (!hasIndex(row, column, parent)) return {};
  if (!parent.isValid()) return createIndex(row, column, quintptr{0});
  return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex TwoLevelTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid() || isTopLevel(child)) return {};
  return createIndex(topRow(child), 0, quintptr{0});
}

int TwoLevelTreeModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return static_cast<int>(children_.size());
  // Only a top-level row's first column has children; children have none.
  if (parent.column() != 0 || !isTopLevel(parent)) return 0;
  if (parent.row() < 0 || parent.row() >= static_cast<int>(children_.size())) return 0;
  return children_[static_cast<std::size_t>(parent.row())];
}

void TwoLevelTreeModel::removeTopRowsFrom(std::size_t kept) {
  if (children_.size() <= kept) return;
  beginRemoveRows({}, static_cast<int>(kept), static_cast<int>(children_.size()) - 1);
  children_.resize(kept);
  endRemoveRows();
}

void TwoLevelTreeModel::removeChildrenFrom(std::size_t r, int kept) {
  kept = std::max(kept, 0);
  if (children_[r] <= kept) return;
  beginRemoveRows(index(static_cast<int>(r), 0), kept, children_[r] - 1);
  children_[r] = kept;
  endRemoveRows();
}

void TwoLevelTreeModel::setChildCount(std::size_t r, int count) {
  if (count <= children_[r]) return;
  beginInsertRows(index(static_cast<int>(r), 0), children_[r], count - 1);
  children_[r] = count;
  endInsertRows();
}

void TwoLevelTreeModel::changedChildRuns(std::size_t r, const std::vector<bool>& changed) {
  const QModelIndex parent = index(static_cast<int>(r), 0);
  const int last = columnCount() - 1;
  const int n = static_cast<int>(changed.size());
  for (int k = 0; k < n;) {
    if (!changed[static_cast<std::size_t>(k)]) {
      ++k;
      continue;
    }
    const int first = k;
    while (k < n && changed[static_cast<std::size_t>(k)]) ++k;
    emit dataChanged(index(first, 0, parent), index(k - 1, last, parent));
  }
}

}  // namespace tickscope::views
