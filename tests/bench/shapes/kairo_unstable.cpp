#include <string>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

// unstable (src/kairo/unstable.ts, "worst case"): current's dependencies flip between
// double and inverse on every update.
class Unstable final : public ReactiveShape {
 public:
  Unstable(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    auto twice = lift(
        rt, "double",
        [c = computations()](int x) {
          ++*c;
          return x * 2;
        },
        head_);
    auto inverse = lift(
        rt, "inverse",
        [c = computations()](int x) {
          ++*c;
          return -x;
        },
        head_);
    auto current = derive(rt, "current", [head = head_, twice, inverse, c = computations()](Transaction& tx) {
      ++*c;
      int result = 0;
      for (int i = 0; i < unstableReads; ++i) result += head.read(tx) % 2 != 0 ? twice.read(tx) : inverse.read(tx);
      return result;
    });
    sink(rt, "effect", current, [this, e = effects()](int v) {
      seen_ = v;
      ++*e;
    });
    h_.settle();
    resetCounts();
  }

  void update() override {
    head_.set(++value_);
    h_.settle();
    ++updates_;
  }

  std::string check() const override {
    const int expected = unstableReads * (value_ % 2 != 0 ? 2 * value_ : -value_);
    return firstError(expectEqual("unstable: effect runs", counts().effects, updates_),
                      expectEqual("unstable: value", seen_, expected));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeUnstable(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Unstable>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
