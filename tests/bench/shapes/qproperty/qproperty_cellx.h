#pragma once
// QCellx: cellx (see cellx.h) over QProperty bindings, one QPropertyNotifier per computation;
// the batched update is one Qt property update group. Qt re-evaluates a binding once per
// changed incoming path, so the work per update grows about 1.6x per layer: only small layer
// counts are practical (the QProperty anchor stops at 25).
#include <array>
#include <deque>

#include <QtCore/qproperty.h>

#include "bench/shapes/cellx.h"
#include "bench/shapes/harness.h"

namespace tickscope::shapes::qproperty {

class QCellx {
 public:
  explicit QCellx(int layers);
  ~QCellx();
  QCellx(const QCellx&) = delete;
  QCellx& operator=(const QCellx&) = delete;

  CellxValues readEnd() const;
  // set: the four start writes inside Qt::beginPropertyUpdateGroup()/endPropertyUpdateGroup().
  void set(const CellxValues& start);

  const Counts& counts() const { return counts_; }
  void resetCounts() { counts_ = {}; }

 private:
  Counts counts_;
  std::array<QProperty<int>, 4> start_;
  std::deque<std::array<QProperty<int>, 4>> layers_;
  std::deque<QPropertyNotifier> effects_;
};

}  // namespace tickscope::shapes::qproperty
