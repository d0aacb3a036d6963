#pragma once
// IndexEntry, CellSlot: how the runtime stores a cell (RuntimeCore::cells_): its value and who
// reads and writes it, in one cache line.
#include <cstdint>

#include "reactive/dep_p.h"
#include "reactive/ids.h"
#include "reactive/small_list_p.h"
#include "reactive/value.h"

namespace tickscope::reactive::detail {

// An index entry: `action` reads (or writes) `path` of a cell.
struct IndexEntry {
  ActionId action;
  PathId path = 0;
};

// CellSlot: one cache line: what reads, writes and notifications touch (names are apart).
struct alignas(64) CellSlot {
  Value value;
  SmallList<IndexEntry, 1> writers;
  SmallList<IndexEntry, 3> readers;
};

}  // namespace tickscope::reactive::detail
