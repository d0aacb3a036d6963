#pragma once
// Address: what an action reads or writes — a cell and a path inside its value.
#include <algorithm>
#include <string>

#include "reactive/ids.h"
#include "reactive/value.h"

namespace tickscope::reactive {

struct Address {
  CellId cell;
  Path path;

  friend bool operator==(const Address&, const Address&) = default;
};

// pathsOverlap: one path is a prefix of the other (so a write to one can change the other).
inline bool pathsOverlap(const Path& a, const Path& b) {
  const std::size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin());
}

// overlaps: same cell and overlapping paths.
inline bool overlaps(const Address& a, const Address& b) { return a.cell == b.cell && pathsOverlap(a.path, b.path); }

}  // namespace tickscope::reactive
