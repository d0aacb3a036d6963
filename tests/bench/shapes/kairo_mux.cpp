#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"
#include "reactive/builder.h"

namespace tickscope::shapes::kairo {
namespace {

using namespace tickscope::reactive;

class Mux final : public ReactiveShape {
 public:
  Mux(Mode mode, SchedulerPtr scheduler) : ReactiveShape(mode, std::move(scheduler)) {
    Runtime& rt = h_.rt();
    for (int i = 0; i < muxWidth; ++i) heads_.push_back(cell(rt, fmt::format("head{}", i), 0));
    auto mux = derive(rt, "mux", [heads = heads_, c = computations()](Transaction& tx) {
      ++*c;
      std::vector<int> all;
      all.reserve(heads.size());
      for (const auto& h : heads) all.push_back(h.read(tx));
      return all;
    });
    seen_.assign(muxWidth, 0);
    for (int i = 0; i < muxWidth; ++i) {
      // pick_i indexes the mux's value in place (Transaction::read returns a reference)
      // instead of converting the whole array to a std::vector for every pick.
      auto pick = derive(rt, fmt::format("pick{}", i), [mux, i, c = computations()](Transaction& tx) {
        ++*c;
        return tx.read(mux.id())[static_cast<std::size_t>(i)].get<int>();
      });
      auto plus = lift(
          rt, fmt::format("plus{}", i),
          [c = computations()](int x) {
            ++*c;
            return x + 1;
          },
          pick);
      sink(rt, fmt::format("effect{}", i), plus, [this, i, e = effects()](int v) {
        seen_[static_cast<std::size_t>(i)] = v;
        ++*e;
      });
    }
    h_.settle();
    resetCounts();
  }

  void update() override {
    lastIndex_ = next_;
    heads_[static_cast<std::size_t>(next_)].set(++value_);
    if (++next_ == muxWidth) next_ = 0;
    h_.settle();
    ++updates_;
  }

  std::string check() const override {
    return firstError(expectEqual("mux: effect runs", counts().effects, updates_),
                      expectEqual("mux: last plus", seen_[static_cast<std::size_t>(lastIndex_)], value_ + 1));
  }

 private:
  std::vector<Cell<int>> heads_;
  std::vector<int> seen_;
  int next_ = 0;
  int lastIndex_ = 0;
  int value_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeMux(reactive::Mode mode, SchedulerPtr scheduler) {
  return std::make_unique<Mux>(mode, std::move(scheduler));
}

}  // namespace tickscope::shapes::kairo
