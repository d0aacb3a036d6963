#pragma once
// FrozenLinks: every action's upstream (or downstream) list copied into one array, indexed by
// an offset table (compressed sparse rows), for a graph that has stopped changing. 4 bytes
// per edge and 4 per node, no block per long list: a 100,000-node grid's downstream lists
// take 1.2 MB here, which the cache keeps between events, against 2.4 MB of per-node lists
// plus a heap block for each list longer than three. The marking pass and the pull walk
// visit most of the graph on every event, so where their lists live decides their speed.
// A copy: valid only while the graph it was taken from is unchanged (the owner compares
// epochs); the per-node lists stay the reference.
#include <cstdint>
#include <span>
#include <vector>

#include "reactive/ids.h"

namespace tickscope::reactive::detail {

class FrozenLinks {
 public:
  // freeze: the lists of nodes 0..count-1, `listOf(i)` giving node i's (a range of ActionId).
  template <class ListOf>
  void freeze(std::size_t count, ListOf&& listOf) {
    offsets_.clear();
    ids_.clear();
    offsets_.reserve(count + 1);
    offsets_.push_back(0);
    for (std::size_t i = 0; i < count; ++i) {
      const auto& list = listOf(i);
      ids_.insert(ids_.end(), list.begin(), list.end());
      offsets_.push_back(static_cast<std::uint32_t>(ids_.size()));
    }
    ids_.shrink_to_fit();
  }
  // of: node `id`'s list (precondition: frozen with id.value <= count).
  std::span<const ActionId> of(ActionId id) const {
    return {ids_.data() + offsets_[id.value - 1], ids_.data() + offsets_[id.value]};
  }
  void prefetch(ActionId id) const { __builtin_prefetch(&offsets_[id.value - 1]); }
  std::size_t bytes() const { return offsets_.capacity() * sizeof(std::uint32_t) + ids_.capacity() * sizeof(ActionId); }

 private:
  std::vector<std::uint32_t> offsets_;  // node i's list: ids_[offsets_[i] .. offsets_[i + 1])
  std::vector<ActionId> ids_;
};

}  // namespace tickscope::reactive::detail
