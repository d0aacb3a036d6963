#pragma once
// TwoLevelTreeModel: a tree of top-level rows (cycles, sessions), each with child rows (its
// iterations, its tasks), that grows as a run goes on and shrinks when it steps back. It
// answers the tree's structure (index, parent, rowCount) from the child counts it has
// announced, which it keeps apart from the data, and syncTree moves from one snapshot to the
// next with removals, insertions and dataChanged rather than a reset, so views keep their
// selection, expanded rows and scroll position.
//
// A child index's internal id is its top-level row + 1 (0 marks a top-level row).
#include <cstddef>
#include <vector>

#include <QAbstractItemModel>

namespace tickscope::views {

class TwoLevelTreeModel : public QAbstractItemModel {
 public:
  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;

 protected:
  using QAbstractItemModel::QAbstractItemModel;

  // isTopLevel / topRow: whether `index` is a top-level row, and the top-level row it is or
  // belongs to.
  static bool isTopLevel(const QModelIndex& index) { return index.internalId() == 0; }
  static int topRow(const QModelIndex& index) {
    return isTopLevel(index) ? index.row() : static_cast<int>(index.internalId() - 1);
  }
  std::size_t topCount() const { return children_.size(); }

  // resetTree: the structure of a new document (inside begin/endResetModel).
  void resetTree(std::vector<int> childCounts) { children_ = std::move(childCounts); }

  // syncTree: from the shown snapshot to one with `newTops` top-level rows. Top-level rows only
  // append: the first rows for which keepTop(r) holds stay, the rest go. Of a kept row's
  // children, keptChildren(r) stay (the rest go). Then swap() makes the new snapshot the
  // shown one (before it, the old one still answers for the rows that go), and for each kept
  // row topChanged(r) and childChanged(r, k) say what to announce as changed, and
  // childCount(r) how many children it has now (more are inserted); new top-level rows are
  // inserted last. The functions take std::size_t r and int k.
  template <class KeepTop, class KeptChildren, class Swap, class TopChanged, class ChildChanged, class ChildCount>
  void syncTree(std::size_t newTops, KeepTop keepTop, KeptChildren keptChildren, Swap swap, TopChanged topChanged,
                ChildChanged childChanged, ChildCount childCount);

 private:
  void removeTopRowsFrom(std::size_t kept);
  void removeChildrenFrom(std::size_t r, int kept);
  void setChildCount(std::size_t r, int count);  // inserts children up to `count`
  void changedChildRuns(std::size_t r, const std::vector<bool>& changed);

  // children_[r]: the child rows the views know under top-level row r.
  std::vector<int> children_;
};

// ---------------------------------------------------------------------------------------

template <class KeepTop, class KeptChildren, class Swap, class TopChanged, class ChildChanged, class ChildCount>
void TwoLevelTreeModel::syncTree(std::size_t newTops, KeepTop keepTop, KeptChildren keptChildren, Swap swap,
                                 TopChanged topChanged, ChildChanged childChanged, ChildCount childCount) {
  std::size_t kept = 0;
  while (kept < children_.size() && kept < newTops && keepTop(kept)) ++kept;
  removeTopRowsFrom(kept);
  for (std::size_t r = 0; r < kept; ++r) removeChildrenFrom(r, keptChildren(r));
  swap();
  const int columns = columnCount();
  for (std::size_t r = 0; r < kept; ++r) {
    const int row = static_cast<int>(r);
    if (topChanged(r)) emit dataChanged(index(row, 0), index(row, columns - 1));
    std::vector<bool> changed(static_cast<std::size_t>(children_[r]));
    for (int k = 0; k < children_[r]; ++k) changed[static_cast<std::size_t>(k)] = childChanged(r, k);
    changedChildRuns(r, changed);
    setChildCount(r, childCount(r));
  }
  if (newTops > kept) {
    beginInsertRows({}, static_cast<int>(kept), static_cast<int>(newTops) - 1);
    for (std::size_t r = kept; r < newTops; ++r) children_.push_back(childCount(r));
    endInsertRows();
  }
}

}  // namespace tickscope::views
