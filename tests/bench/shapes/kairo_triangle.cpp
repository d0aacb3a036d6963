#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

// As the anchors: sum reads the chain nodes c1..c10, so sum = 10 head + 55. (The original
// sums head, c1..c9; the shape of the work is the same.)
class Triangle final : public ReactiveShape {
 public:
  Triangle(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    std::vector<Cell<int>> chain;
    Cell<int> current = head_;
    for (int i = 0; i < triangleWidth; ++i) {
      current = lift(
          rt, fmt::format("c{}", i + 1),
          [c = computations()](int x) {
            ++*c;
            return x + 1;
          },
          current);
      chain.push_back(current);
    }
    auto sum = derive(rt, "sum", [chain, c = computations()](Transaction& tx) {
      ++*c;
      int s = 0;
      for (const auto& node : chain) s += node.read(tx);
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
    return firstError(expectEqual("triangle: effect runs", counts().effects, updates_),
                      expectEqual("triangle: sum", seen_, triangleWidth * value_ + triangleWidth * (triangleWidth + 1) / 2));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeTriangle(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Triangle>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
