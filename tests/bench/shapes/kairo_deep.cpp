#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

class Deep final : public ReactiveShape {
 public:
  Deep(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    Cell<int> current = head_;
    for (int i = 0; i < deepLength; ++i) {
      current = lift(
          rt, fmt::format("c{}", i + 1),
          [n = computations()](int x) {
            ++*n;
            return x + 1;
          },
          current);
    }
    sink(rt, "effect", current, [this, n = effects()](int v) {
      seen_ = v;
      ++*n;
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
    return firstError(expectEqual("deep: effect runs", counts().effects, updates_),
                      expectEqual("deep: value", seen_, value_ + deepLength));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeDeep(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Deep>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
