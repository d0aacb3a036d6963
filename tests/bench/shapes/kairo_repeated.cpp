#include <string>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

// repeated observers (src/kairo/repeated.ts): one computation reads the head 30 times.
class Repeated final : public ReactiveShape {
 public:
  Repeated(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    head_ = cell(rt, "head", 0);
    auto current = derive(rt, "current", [head = head_, c = computations()](Transaction& tx) {
      ++*c;
      int result = 0;
      for (int i = 0; i < repeatedReads; ++i) result += head.read(tx);
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
    return firstError(expectEqual("repeated: effect runs", counts().effects, updates_),
                      expectEqual("repeated: value", seen_, value_ * repeatedReads));
  }

 private:
  Cell<int> head_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeRepeated(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Repeated>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
