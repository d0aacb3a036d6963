#pragma once
// Node memory: the heap a graph's nodes take, per node, measured as the growth of the bytes
// malloc has handed out (glibc mallinfo2) while `nodes` of one kind are built and settled.
// Cells and plain properties are compared with each other, and a computation (its output cell
// or property included) with a QProperty binding.
#include <cstddef>

#include "reactive/runtime_config.h"

namespace tickscope::shapes {

// heapInUse: bytes malloc has handed out and not taken back (small blocks and mapped ones).
std::size_t heapInUse();

// NodeKind: what tickscopeBytesPerNode builds `nodes` of, over one head cell.
enum class NodeKind {
  Cell,    // plain cells
  Lift,    // a chain of int lifts (numeric kernels), a sink at its end, settled
  Derive,  // the same chain as derives (transactions, dynamic dependencies), settled
};

// tickscopeBytesPerNode: heap bytes per node of `kind` on a fresh runtime in `mode`.
double tickscopeBytesPerNode(NodeKind kind, reactive::Mode mode, int nodes);

}  // namespace tickscope::shapes
