#pragma once
// Shape: one "kairo" shape of the js-reactivity-benchmark (milomg/js-reactivity-benchmark,
// src/kairo) built over some reactive system: the Tickscope runtime in pull or push mode, or
// Qt's QProperty bindings. The benchmark and the computation-count test drive every system
// through this interface, so they measure and assert exactly the same graphs.
#include <cstdint>
#include <string>

#include "bench/shapes/harness.h"

namespace tickscope::shapes {

class Shape {
 public:
  virtual ~Shape() = default;
  // update: one head write (every write changes the value) and its full propagation: when
  // update() returns, every effect that must see the write has run.
  virtual void update() = 0;
  // check: "" when the observed values and the effect runs since resetCounts() are the ones
  // the original benchmark asserts after updates() updates; else what is wrong.
  virtual std::string check() const = 0;
  // counts: computations and effect runs since resetCounts().
  virtual Counts counts() const = 0;
  // resetCounts: zeroes counts() and updates() (the graph keeps its values).
  virtual void resetCounts() = 0;
  // updates: update() calls since resetCounts().
  virtual std::uint64_t updates() const = 0;
};

// ReactiveShape: a Shape over a Harness (Tickscope runtime). Subclasses build their graph in
// their constructor and settle it once, then resetCounts(): counts start at zero.
class ReactiveShape : public Shape {
 public:
  ReactiveShape(reactive::Mode mode, SchedulerPtr scheduler) : h_(mode, std::move(scheduler)) {}
  Counts counts() const override { return h_.counts(); }
  void resetCounts() override {
    h_.resetCounts();
    updates_ = 0;
    onReset();
  }
  std::uint64_t updates() const override { return updates_; }
  Harness& harness() { return h_; }

 protected:
  // onReset: subclasses zero their own observation counters here.
  virtual void onReset() {}
  // Counters for the bodies of computations and effects (stable addresses).
  std::uint64_t* computations() { return &h_.counts().computations; }
  std::uint64_t* effects() { return &h_.counts().effects; }

  Harness h_;
  std::uint64_t updates_ = 0;
};

}  // namespace tickscope::shapes
