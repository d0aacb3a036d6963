#include <string>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

// As the anchors: c1..c3 and the effect (the original adds c4 = c3 + 2, c5 = c4 + 3, which
// never run either).
class Avoidable final : public ReactiveShape {
 public:
  Avoidable(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    auto c1 = lift(
        rt, "c1",
        [c = computations()](int x) {
          ++*c;
          return x;
        },
        head_);
    auto c2 = lift(
        rt, "c2",
        [c = computations()](int) {
          ++*c;
          return 0;
        },
        c1);
    c3_ = lift(
        rt, "c3",
        [this, c = computations()](int x) {
          busy();
          ++c3Runs_;
          ++*c;
          return x + 1;
        },
        c2);
    sink(rt, "effect", c3_, [this, e = effects()](int v) {
      seen_ = v;
      busy();
      ++*e;
    });
    h_.settle();
    setupOk_ = c3Runs_ == 1 && counts().effects == 1 && seen_ == 1;
    resetCounts();
  }

  void update() override {
    head_.set(++value_);
    h_.settle();
    ++updates_;
  }

  std::string check() const override {
    return firstError(setupOk_ ? std::string() : std::string("avoidable: the setup did not run c3 and the effect once"),
                      expectEqual("avoidable: c3 runs", c3Runs_, 0), expectEqual("avoidable: effect runs", counts().effects, 0),
                      expectEqual("avoidable: c3", c3_.get(), 1), expectEqual("avoidable: effect saw", seen_, 1));
  }

 private:
  void onReset() override { c3Runs_ = 0; }

  Cell<int> head_;
  Cell<int> c3_;
  int value_ = 0;
  int seen_ = 0;
  std::uint64_t c3Runs_ = 0;
  bool setupOk_ = false;
};

}  // namespace

std::unique_ptr<Shape> makeAvoidable(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Avoidable>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
