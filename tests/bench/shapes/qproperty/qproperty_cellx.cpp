#include "bench/shapes/qproperty/qproperty_cellx.h"

namespace tickscope::shapes::qproperty {

QCellx::QCellx(int layers) {
  for (int i = 0; i < 4; ++i) start_[static_cast<std::size_t>(i)].setValue(i + 1);
  std::array<QProperty<int>, 4>* m = &start_;
  for (int l = 0; l < layers; ++l) {
    auto& s = layers_.emplace_back();
    s[0].setBinding([this, m] {
      ++counts_.computations;
      return (*m)[1].value();
    });
    s[1].setBinding([this, m] {
      ++counts_.computations;
      return (*m)[0].value() - (*m)[2].value();
    });
    s[2].setBinding([this, m] {
      ++counts_.computations;
      return (*m)[1].value() + (*m)[3].value();
    });
    s[3].setBinding([this, m] {
      ++counts_.computations;
      return (*m)[2].value();
    });
    for (auto& p : s) {
      effects_.push_back(p.addNotifier([this, q = &p] {
        (void)q->value();
        ++counts_.effects;
      }));
    }
    m = &s;
  }
  counts_ = {};
}

QCellx::~QCellx() {
  // Notifiers first, then the layers from the last one, so no binding outlives its inputs.
  effects_.clear();
  while (!layers_.empty()) layers_.pop_back();
}

CellxValues QCellx::readEnd() const {
  const auto& e = layers_.back();
  return {e[0].value(), e[1].value(), e[2].value(), e[3].value()};
}

void QCellx::set(const CellxValues& start) {
  Qt::beginPropertyUpdateGroup();
  for (std::size_t i = 0; i < 4; ++i) start_[i].setValue(start[i]);
  Qt::endPropertyUpdateGroup();
}

}  // namespace tickscope::shapes::qproperty
