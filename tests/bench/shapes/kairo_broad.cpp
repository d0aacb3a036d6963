#include <string>

#include <fmt/format.h>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

class Broad final : public ReactiveShape {
 public:
  Broad(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    for (int i = 0; i < broadWidth; ++i) {
      auto a = lift(
          rt, fmt::format("a{}", i),
          [i, c = computations()](int x) {
            ++*c;
            return x + i;
          },
          head_);
      auto b = lift(
          rt, fmt::format("b{}", i),
          [c = computations()](int x) {
            ++*c;
            return x + 1;
          },
          a);
      sink(rt, fmt::format("effect{}", i), b, [this, i, e = effects()](int v) {
        if (i == broadWidth - 1) last_ = v;
        ++*e;
      });
    }
    h_.settle();
    resetCounts();
  }

  void update() override {
    head_.set(++value_);
    h_.settle();
    ++updates_;
  }

  std::string check() const override {
    return firstError(expectEqual("broad: effect runs", counts().effects, broadWidth * updates_),
                      expectEqual("broad: last value", last_, value_ + broadWidth));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int last_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeBroad(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Broad>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
