#pragma once
// StructureHasher: FNV-1a over 64-bit words, the hash of a GraphStructure (its nodes, edges and
// sizes) and of the structures derived from it (focus): what layouts are cached by. Stable
// across runs and machines (the cache on disk depends on it).
#include <cstdint>

namespace tickscope::views {

struct StructureHasher {
  std::uint64_t h = 1469598103934665603ull;
  void add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  }
};

}  // namespace tickscope::views
