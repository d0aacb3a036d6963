#include "graph/id_index.h"

namespace tickscope::graph {

void IdIndex::reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  if (capacity <= slots_.size()) return;
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  // Rehash by the stored hash: no names needed.
  for (std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void IdIndex::grow() { reserve(slots_.empty() ? 8 : slots_.size()); }

}  // namespace tickscope::graph
