#include "bench/shapes/node_memory.h"

#include <malloc.h>

#include <vector>

#include <fmt/format.h>

#include "bench/shapes/harness.h"
#include "reactive/builder.h"

namespace tickscope::shapes {

std::size_t heapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

double tickscopeBytesPerNode(NodeKind kind, reactive::Mode mode, int nodes) {
  using namespace tickscope::reactive;
  Harness h(mode);
  Runtime& rt = h.rt();
  Cell<int> head = cell(rt, "head", 0);
  h.settle();
  std::vector<Cell<int>> cells;
  cells.reserve(static_cast<std::size_t>(nodes));  // (the handles' vector: before the measurement)
  const std::size_t before = heapInUse();
  Cell<int> last = head;
  for (int i = 0; i < nodes; ++i) {
    const std::string name = fmt::format("n{}", i);
    switch (kind) {
      case NodeKind::Cell:
        cells.push_back(cell(rt, name, i));
        break;
      case NodeKind::Lift:
        last = lift(rt, name, [](int x) { return x + 1; }, last);
        break;
      case NodeKind::Derive:
        last = derive(rt, name, [previous = last](Transaction& tx) { return previous.read(tx) + 1; });
        break;
    }
  }
  Cancel effect;
  if (kind != NodeKind::Cell) {
    effect = sink(rt, "end", last, [](int) {});
    h.settle();
  }
  const std::size_t after = heapInUse();
  return static_cast<double>(after - before) / nodes;
}

}  // namespace tickscope::shapes
