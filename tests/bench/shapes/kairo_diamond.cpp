#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

class Diamond final : public ReactiveShape {
 public:
  Diamond(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    std::vector<Cell<int>> branches;
    for (int i = 0; i < diamondWidth; ++i) {
      branches.push_back(lift(
          rt, fmt::format("c{}", i),
          [c = computations()](int x) {
            ++*c;
            return x + 1;
          },
          head_));
    }
    auto sum = derive(rt, "sum", [branches, c = computations()](Transaction& tx) {
      ++*c;
      int s = 0;
      for (const auto& b : branches) s += b.read(tx);
      return s;
    });
    sink(rt, "effect", sum, [this, e = effects()](int v) {
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
    return firstError(expectEqual("diamond: effect runs", counts().effects, updates_),
                      expectEqual("diamond: sum", seen_, (value_ + 1) * diamondWidth));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeDiamond(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Diamond>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
