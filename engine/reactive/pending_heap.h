#pragma once
// PendingHeap: a group's pending candidates, a min-heap on (rank, id) — the topological order,
// ties by registration — that may hold stale and duplicate entries (the owner skips them).
// Eight children per node rather than std::push_heap's two: a push-mode frontier of tens of
// thousands of entries is five levels deep instead of fifteen, and a node's children share
// one or two cache lines. Hand-written because the standard heap algorithms are binary only;
// the pops come out in the same order (entries are distinct keys, or identical).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "reactive/ids.h"

namespace tickscope::reactive::detail {

// HeapEntry: a pending candidate with its rank as of the last topological order, so the heap
// compares without touching the slots (a pick in a big graph would miss the cache ~2 log n times).
struct HeapEntry {
  std::uint32_t rank = 0;
  ActionId id;
};

class PendingHeap {
 public:
  static constexpr std::size_t kArity = 8;

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const HeapEntry& front() const { return items_.front(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }

  void push(HeapEntry e) {
    items_.push_back(e);
    siftUp(items_.size() - 1);
  }
  // popFront: removes and returns the first entry (precondition: not empty).
  HeapEntry popFront() {
    const HeapEntry top = items_.front();
    items_.front() = items_.back();
    items_.pop_back();
    if (!items_.empty()) siftDown(0);
    return top;
  }
  // rebuild: after the entries were changed in place (ranks, removals): the heap order again.
  template <class Edit>
  void rebuild(Edit&& edit) {
    edit(items_);
    if (items_.size() > 1) {
      for (std::size_t i = (items_.size() - 2) / kArity + 1; i-- > 0;) siftDown(i);
    }
  }

 private:
  static bool before(const HeapEntry& a, const HeapEntry& b) { return a.rank != b.rank ? a.rank < b.rank : a.id < b.id; }
  void siftUp(std::size_t i) {
    const HeapEntry e = items_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, items_[parent])) break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = e;
  }
  void siftDown(std::size_t i) {
    const std::size_t n = items_.size();
    const HeapEntry e = items_[i];
    while (true) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      const std::size_t last = std::min(first + kArity, n);
      std::size_t best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(items_[c], items_[best])) best = c;
      }
      if (!before(items_[best], e)) break;
      items_[i] = items_[best];
      i = best;
    }
    items_[i] = e;
  }

  std::vector<HeapEntry> items_;
};

}  // namespace tickscope::reactive::detail
