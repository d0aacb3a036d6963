#pragma once
// The builder API for embedders: typed cells, computations (lift, derive) and effects (sink,
// effect) over a Runtime. Values convert to and from Value with nlohmann::json's rules
// (numbers, strings, bools, std::vector, std::map, and any type with to_json/from_json).
//
//   auto a = cell(rt, "a", 1);
//   auto b = cell(rt, "b", 2);
//   auto sum = lift(rt, "sum", [](int x, int y) { return x + y; }, a, b);
//   Cancel stop = sink(rt, "show", sum, [](int v) { std::printf("%d\n", v); });
//   scheduler.block(rt.idle());   // prints 3
//
// Cells are handles (a runtime pointer and an id): cheap to copy, valid while the runtime
// lives.
#include <concepts>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "reactive/runtime.h"

namespace tickscope::reactive {

// Spec: the name and the options of a builder-made action; converts from a name.
struct Spec {
  Spec(const char* actionName) : name(actionName) {}            // NOLINT: implicit on purpose
  Spec(std::string actionName) : name(std::move(actionName)) {}  // NOLINT: implicit on purpose

  std::string name;
  sched::TaskLabel label{};
  std::optional<sched::Duration> debounce;
  bool autoDebounce = true;
  sched::Duration throttle{};

  Spec& withLabel(std::string_view l) { label = sched::TaskLabel(l); return *this; }
  Spec& withDebounce(sched::Duration d) { debounce = d; return *this; }
  Spec& withoutAutoDebounce() { autoDebounce = false; return *this; }
  Spec& withThrottle(sched::Duration t) { throttle = t; return *this; }

  SubscribeOptions options(bool isEffect) const {
    SubscribeOptions o;
    o.isEffect = isEffect;
    o.debounce = debounce;
    o.autoDebounce = autoDebounce;
    o.throttle = throttle;
    return o;
  }
};

template <class T>
class Cell {
 public:
  using value_type = T;

  Cell() = default;
  Cell(Runtime& runtime, CellId id) : runtime_(&runtime), id_(id) {}

  CellId id() const { return id_; }
  Address address() const { return Address{id_, {}}; }
  Runtime& runtime() const { return *runtime_; }

  // get: the current value without pulling (a dirty computation's output may be stale).
  T get() const { return runtime_->peek(id_).template get<T>(); }
  // pull: the value on demand: in pull mode its dirty writers run first.
  T pull() const { return runtime_->pull(id_).template get<T>(); }
  // set: an external write (its own batch); inside an action it joins the action's writes.
  void set(const T& value) const { runtime_->write(id_, Value(value)); }

  // read / write: inside an action, through its transaction (read records a dependency).
  T read(Transaction& tx) const { return tx.read(id_).template get<T>(); }
  void write(Transaction& tx, const T& value) const { tx.write(id_, Value(value)); }

 private:
  Runtime* runtime_ = nullptr;
  CellId id_;
};

// cell: a new cell holding `initial`.
template <class T>
Cell<T> cell(Runtime& rt, std::string name, T initial) {
  return Cell<T>(rt, rt.createCell(std::move(name), Value(std::move(initial))));
}

namespace detail {

template <class R>
Value initialValue() {
  if constexpr (std::is_default_constructible_v<R>) {
    return Value(R{});
  } else {
    return Value();
  }
}

// Cleanup: what a sink's function may return: nothing, or a callable run before the next
// run and on cancel.
struct SinkState {
  std::function<void()> cleanup;
  void runCleanup() {
    if (auto c = std::exchange(cleanup, nullptr)) c();
  }
};

template <class F, class... Args>
void callSink(SinkState& state, F& f, Args&&... args) {
  state.runCleanup();
  using R = std::invoke_result_t<F&, Args...>;
  if constexpr (std::is_void_v<R>) {
    std::invoke(f, std::forward<Args>(args)...);
  } else {
    state.cleanup = std::function<void()>(std::invoke(f, std::forward<Args>(args)...));
  }
}


// ExactNumber: a type every value of which a double holds exactly (integers up to 32 bits,
// float, double; not bool, which a Value keeps apart from numbers).
template <class T>
concept ExactNumber = (std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= 4) ||
                      std::is_same_v<T, float> || std::is_same_v<T, double>;

// NumericLift: the callable of a lift over exact numbers, run as a NumericKernel (no
// transaction, no recorded log: its dependencies are the declared inputs). The runtime owns
// it through the action's cleanup.
template <class F, class R, class... Ts>
struct NumericLift {
  F f;

  std::size_t run(ActionId, std::span<const double> in, std::span<double> out) {
    out[0] = static_cast<double>(call(f, in, std::index_sequence_for<Ts...>{}));
    return 1;
  }

 private:
  template <class T>
  static T input(double x) {
    // A cell that holds no number: the transaction path's read would throw (Value::get).
    if constexpr (std::is_integral_v<T>) {
      if (x != x) throw std::invalid_argument("lift: an input holds no number");
    }
    return static_cast<T>(x);
  }
  template <std::size_t... I>
  static R call(F& f, std::span<const double> in, std::index_sequence<I...>) {
    return std::invoke(f, input<Ts>(in[I])...);
  }
};

}  // namespace detail

// lift: a computation whose output cell (named like it) holds f(inputs...). It reads the
// inputs and writes the output; the output starts at R{} until it first runs. Over exact
// numbers (ExactNumber inputs and result) it runs as a numeric kernel: the same runs and
// values, without a transaction (the output cell then holds a double, which reads back as R).
template <class F, class... Ts>
auto lift(Runtime& rt, Spec spec, F f, const Cell<Ts>&... inputs) {
  using R = std::decay_t<std::invoke_result_t<F&, const Ts&...>>;
  Cell<R> out(rt, rt.createCell(spec.name, detail::initialValue<R>()));
  ReactivityLog log;
  (log.reads.push_back(inputs.address()), ...);
  log.writes.push_back(out.address());
  if constexpr (detail::ExactNumber<R> && (detail::ExactNumber<Ts> && ...)) {
    using Kernel = detail::NumericLift<F, R, Ts...>;
    auto* kernel = new Kernel{std::move(f)};
    Action action{spec.name, nullptr, spec.label, [kernel] { delete kernel; }, NumericKernel::of<&Kernel::run>(*kernel)};
    try {
      rt.subscribe(std::move(action), std::move(log), spec.options(false));
    } catch (...) {
      delete kernel;
      throw;
    }
  } else {
    Action action{spec.name, [f = std::move(f), out, inputs...](Transaction& tx) mutable {
                    // A braced list reads left to right (function arguments may not): the
                    // recorded reads then equal the declared ones and nothing is re-indexed.
                    std::tuple<Ts...> values{inputs.read(tx)...};
                    out.write(tx, std::apply(f, std::move(values)));
                  },
                  spec.label};
    rt.subscribe(std::move(action), std::move(log), spec.options(false));
  }
  return out;
}


// derive: a computation whose function reads what it needs itself (`f(Transaction&)`,
// reading cells with Cell::read): its dependencies follow what each run reads.
template <class F>
  requires std::invocable<F&, Transaction&>
auto derive(Runtime& rt, Spec spec, F f) {
  using R = std::decay_t<std::invoke_result_t<F&, Transaction&>>;
  Cell<R> out(rt, rt.createCell(spec.name, detail::initialValue<R>()));
  ReactivityLog log;
  log.writes.push_back(out.address());
  Action action{spec.name, [f = std::move(f), out](Transaction& tx) mutable { out.write(tx, std::invoke(f, tx)); },
                spec.label};
  rt.subscribe(std::move(action), std::move(log), spec.options(false));
  return out;
}

// derive: a one-input lift.
template <class T, class F>
auto derive(Runtime& rt, Spec spec, const Cell<T>& input, F f) {
  return lift(rt, std::move(spec), std::move(f), input);
}

// sink: an effect calling f(value of `input`) at start and whenever the value changes. f may
// return a cleanup callable, run before f's next call and when the sink is cancelled.
template <class T, class F>
Cancel sink(Runtime& rt, Spec spec, const Cell<T>& input, F f) {
  auto state = std::make_shared<detail::SinkState>();
  ReactivityLog log;
  log.reads.push_back(input.address());
  Action action{spec.name,
                [f = std::move(f), input, state](Transaction& tx) mutable { detail::callSink(*state, f, input.read(tx)); },
                spec.label, [state] { state->runCleanup(); }};
  return rt.subscribe(std::move(action), std::move(log), spec.options(true));
}

// effect: an effect whose function reads (and may write) through the transaction; like
// sink, it may return a cleanup callable.
template <class F>
  requires std::invocable<F&, Transaction&>
Cancel effect(Runtime& rt, Spec spec, F f) {
  auto state = std::make_shared<detail::SinkState>();
  Action action{spec.name, [f = std::move(f), state](Transaction& tx) mutable { detail::callSink(*state, f, tx); },
                spec.label, [state] { state->runCleanup(); }};
  return rt.subscribe(std::move(action), ReactivityLog{}, spec.options(true));
}

// idle: a task that completes when the runtime has settled (Runtime::idle):
// `scheduler.block(reactive::idle(rt))`.
inline sched::Task<void> idle(Runtime& rt) { return rt.idle(); }

}  // namespace tickscope::reactive
