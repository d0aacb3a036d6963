#pragma once
// The runtime's compact form of an Address: a cell and an interned path (8 bytes instead of a
// cell and a vector of strings), kept in lists that hold a few entries inline. A graph of
// 100,000 actions then keeps its dependency lists inside the action and cell slots rather than
// in half a dozen heap blocks per node: the walks touch far fewer cache lines.
#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "reactive/address.h"
#include "reactive/ids.h"
#include "reactive/small_list_p.h"

namespace tickscope::reactive::detail {

// PathId: an interned Path; 0 is the empty path (the whole value).
using PathId = std::uint32_t;

// PathTable: every path the runtime has seen, interned once. Paths are never forgotten (a
// program reads a bounded set of paths; whole-cell reads never reach the table).
class PathTable {
 public:
  PathId intern(const Path& path) {
    if (path.empty()) return 0;
    auto [it, added] = ids_.try_emplace(path, static_cast<PathId>(paths_.size()));
    if (added) paths_.push_back(&it->first);
    return it->second;
  }
  const Path& path(PathId id) const { return id == 0 ? kRoot : *paths_[id]; }
  // overlap: one path is a prefix of the other (a write to one can change the other).
  bool overlap(PathId a, PathId b) const { return a == 0 || b == 0 || a == b || pathsOverlap(path(a), path(b)); }

 private:
  static inline const Path kRoot{};
  std::map<Path, PathId> ids_;                // node-based: the keys stay put
  std::vector<const Path*> paths_{nullptr};   // by id; 0 is kRoot
};

struct Dep {
  CellId cell;
  PathId path = 0;
  friend bool operator==(Dep, Dep) = default;
};

using DepList = SmallList<Dep, 3>;        // what one action reads (the grid's 1..3 inputs fit)
using WriteList = SmallList<Dep, 1>;      // what one action writes (usually one cell)
using ActionList = SmallList<ActionId, 3>;

// appendUnique: appends `x` unless `out` already holds it (lists are short).
template <class List, class T>
void appendUnique(List& out, const T& x) {
  if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
}

}  // namespace tickscope::reactive::detail
