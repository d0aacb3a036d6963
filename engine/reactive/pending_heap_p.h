#pragma once
// PendingHeap: a group's pending candidates, a min-heap on (rank, id) — the topological order,
// ties by registration — that may hold stale and duplicate entries (the owner skips them).
// Eight children per node rather than std::push_heap's two: a push-mode frontier of tens of
// thousands of entries is five levels deep instead of fifteen, and a node's children share
// one or two cache lines. Hand-written because the standard heap algorithms are binary only;
// the pops come out in the same order (entries are distinct keys, or identical).
#include <algorithm>
#include <bit>
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

// PendingQueue: a group's pending candidates: the PendingHeap, or — for a large group while
// the topological order is current, when every rank belongs to one action — a bitset over the
// ranks, scanned from the lowest word that may hold a bit: a push, a pop and a look at the
// front touch a word or two of a bitset that stays in the cache (12.5 KB at 100,000 actions)
// instead of sifting a heap of tens of thousands of entries. Both give the candidates in the
// same order (rank, then id; ranks are unique in a current order), the bitset without
// duplicates. The owner switches: useBits after the order was computed, useHeap before it is
// computed again or when an action the order does not know yet becomes pending.
class PendingQueue {
 public:
  bool empty() const { return bits_ ? count_ == 0 : heap_.empty(); }
  std::size_t size() const { return bits_ ? count_ : heap_.size(); }
  bool usesBits() const { return bits_; }

  void push(HeapEntry e) {
    if (!bits_) {
      heap_.push(e);
      return;
    }
    const std::size_t w = e.rank / 64;
    const std::uint64_t bit = std::uint64_t{1} << (e.rank % 64);
    if (!(words_[w] & bit)) {
      words_[w] |= bit;
      ++count_;
    }
    cursor_ = std::min(cursor_, w);
  }
  // front, popFront: the first candidate (precondition: not empty).
  HeapEntry front() {
    if (!bits_) return heap_.front();
    const std::uint32_t r = firstRank();
    return HeapEntry{r, (*ids_)[r]};
  }
  HeapEntry popFront() {
    if (!bits_) return heap_.popFront();
    const std::uint32_t r = firstRank();
    words_[r / 64] &= ~(std::uint64_t{1} << (r % 64));
    --count_;
    return HeapEntry{r, (*ids_)[r]};
  }
  // rebuild: the heap's entries edited in place (in heap form: a bitset is turned back first).
  template <class Edit>
  void rebuild(Edit&& edit) {
    useHeap();
    heap_.rebuild(edit);
  }
  // useBits: from now on a bitset over ranks [0, ids->size()), `ids` giving each rank's action
  // (the runtime's table, valid until the order is computed again: call useHeap before that).
  // Precondition: every entry's rank is current.
  void useBits(const std::vector<ActionId>* ids) {
    if (bits_) return;
    ids_ = ids;
    words_.assign((ids->size() + 63) / 64, 0);
    cursor_ = words_.size();
    count_ = 0;
    bits_ = true;
    while (!heap_.empty()) push(heap_.popFront());
  }
  void useHeap() {
    if (!bits_) return;
    bits_ = false;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      for (std::uint64_t word = words_[w]; word != 0; word &= word - 1) {
        const auto r = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
        heap_.push(HeapEntry{r, (*ids_)[r]});
      }
    }
    std::vector<std::uint64_t>().swap(words_);
    count_ = 0;
  }

 private:
  std::uint32_t firstRank() {
    while (words_[cursor_] == 0) ++cursor_;  // (not empty: a bit is at or after the cursor)
    return static_cast<std::uint32_t>(cursor_ * 64 + static_cast<std::size_t>(std::countr_zero(words_[cursor_])));
  }

  PendingHeap heap_;
  bool bits_ = false;
  std::vector<std::uint64_t> words_;
  std::size_t cursor_ = 0;  // no bit below this word
  std::size_t count_ = 0;
  const std::vector<ActionId>* ids_ = nullptr;
};

}  // namespace tickscope::reactive::detail
