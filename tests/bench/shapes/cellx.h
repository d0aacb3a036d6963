#pragma once
// Cellx: the cellx benchmark (Riim/cellx perf.html, as ported by js-reactivity-benchmark's
// cellxBench.ts). Four start cells; each of `layers` layers has four computations over the
// previous layer,
//   p1 = m.p2,  p2 = m.p1 - m.p3,  p3 = m.p2 + m.p4,  p4 = m.p3,
// and one effect per computation. The measured update writes the four start cells in one
// batch (4, 3, 2, 1) and reads the last layer before and after.
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "bench/shapes/harness.h"
#include "reactive/builder.h"

namespace tickscope::shapes {

using CellxValues = std::array<int, 4>;

struct CellxExpectation {
  CellxValues before;  // the last layer with start values 1, 2, 3, 4
  CellxValues after;   // ... and with 4, 3, 2, 1
};

// cellxExpectation: the end values for `layers` layers, computed with plain integers.
CellxExpectation cellxExpectation(int layers);
// publishedCellxExpectation: the expectations the benchmarks publish: js-reactivity-
// benchmark's for 1000 and 2500 layers ([-3,-6,-2,2] / [-2,-4,2,3]), the anchors' for 10
// and 20; nullopt for other layer counts.
std::optional<CellxExpectation> publishedCellxExpectation(int layers);

class Cellx {
 public:
  // Cellx: builds `layers` layers on a runtime in `mode` and settles (every effect ran once).
  Cellx(int layers, reactive::Mode mode, SchedulerPtr scheduler = {});

  // readEnd: the last layer's values, pulled (the caller's read of the original).
  CellxValues readEnd();
  // set: writes the four start cells in one batch, then runs the scheduler until parked.
  void set(const CellxValues& start);

  int layers() const { return layers_; }
  Harness& harness() { return h_; }
  const Counts& counts() const { return h_.counts(); }
  void resetCounts() { h_.resetCounts(); }

 private:
  int layers_;
  Harness h_;
  std::array<reactive::Cell<int>, 4> start_;
  std::array<reactive::Cell<int>, 4> end_;
};

}  // namespace tickscope::shapes
