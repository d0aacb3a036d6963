#include <fmt/format.h>

#include "bench/shapes/cellx.h"

#include <string>

namespace tickscope::shapes {

using namespace tickscope::reactive;

CellxExpectation cellxExpectation(int layers) {
  auto run = [layers](CellxValues v) {
    for (int l = 0; l < layers; ++l) v = {v[1], v[0] - v[2], v[1] + v[3], v[2]};
    return v;
  };
  return {run({1, 2, 3, 4}), run({4, 3, 2, 1})};
}

std::optional<CellxExpectation> publishedCellxExpectation(int layers) {
  switch (layers) {
    case 10: return CellxExpectation{{3, 6, 2, -2}, {2, 4, -2, -3}};
    case 20: return CellxExpectation{{2, 4, -1, -6}, {-2, 1, -4, -4}};
    case 1000:
    case 2500: return CellxExpectation{{-3, -6, -2, 2}, {-2, -4, 2, 3}};
    default: return std::nullopt;
  }
}

Cellx::Cellx(int layers, Mode mode, SchedulerPtr scheduler) : layers_(layers), h_(mode, std::move(scheduler)) {
  Runtime& rt = h_.rt();
  for (int i = 0; i < 4; ++i) start_[static_cast<std::size_t>(i)] = cell(rt, fmt::format("p{}", i + 1), i + 1);
  std::uint64_t* evals = &h_.counts().computations;
  std::uint64_t* runs = &h_.counts().effects;
  // counted: f with the computation counter incremented on every run.
  auto counted = [evals](auto f) {
    return [evals, f](auto... in) {
      ++*evals;
      return f(in...);
    };
  };
  std::array<Cell<int>, 4> m = start_;
  for (int l = 1; l <= layers; ++l) {
    std::array<Cell<int>, 4> s;
    s[0] = lift(rt, fmt::format("p1_{}", l), counted([](int p2) { return p2; }), m[1]);
    s[1] = lift(rt, fmt::format("p2_{}", l), counted([](int p1, int p3) { return p1 - p3; }), m[0], m[2]);
    s[2] = lift(rt, fmt::format("p3_{}", l), counted([](int p2, int p4) { return p2 + p4; }), m[1], m[3]);
    s[3] = lift(rt, fmt::format("p4_{}", l), counted([](int p3) { return p3; }), m[2]);
    for (std::size_t j = 0; j < 4; ++j) {
      sink(rt, fmt::format("effect{}_{}", j + 1, l), s[j], [runs](int) { ++*runs; });
    }
    m = s;
  }
  end_ = m;
  h_.settle();
  h_.resetCounts();
}

CellxValues Cellx::readEnd() { return {end_[0].pull(), end_[1].pull(), end_[2].pull(), end_[3].pull()}; }

void Cellx::set(const CellxValues& start) {
  h_.rt().batch([&](Transaction& tx) {
    for (std::size_t i = 0; i < 4; ++i) start_[i].write(tx, start[i]);
  });
  h_.settle();
}

}  // namespace tickscope::shapes
