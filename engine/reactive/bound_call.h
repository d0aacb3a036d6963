#pragma once
// BoundCall<R(Args...)>: a plain function bound to its owner's object by type. What the runtime
// keeps of a hot-path hook an owner of many actions plugs in (the graph runner, lift over
// numbers: see NumericKernel and RunPrefetch in kernel.h): two words (a trampoline and the
// object's address), called with one indirect call and no allocation, where a std::function
// would take four words and may allocate. The caller names a member function or a function of
// its state and never writes a cast: the only `void*` is inside, set by `of`.
//
//   struct Owner { std::size_t run(ActionId, std::span<const double>, std::span<double>); };
//   NumericKernel k = NumericKernel::of<&Owner::run>(owner);  // owner must outlive k's use
#include <type_traits>
#include <utility>

namespace tickscope::reactive {

namespace detail {
class RunCall;
}

template <class Signature>
class BoundCall;

template <class R, class... Args>
class BoundCall<R(Args...)> {
 public:
  BoundCall() = default;

  // of<&Owner::method>(owner): calls owner.method(args...) (const or not).
  template <auto Method, class Owner>
    requires std::is_member_function_pointer_v<decltype(Method)>
  static BoundCall of(Owner& owner) {
    return BoundCall([](void* self, Args... args) -> R {
      return (static_cast<Owner*>(self)->*Method)(std::forward<Args>(args)...);
    }, const_cast<std::remove_const_t<Owner>*>(&owner));
  }
  // of<&function>(state): calls function(state, args...).
  template <auto Function, class State>
    requires(!std::is_member_function_pointer_v<decltype(Function)> &&
             std::is_invocable_r_v<R, decltype(Function), State&, Args...>)
  static BoundCall of(State& state) {
    return BoundCall([](void* s, Args... args) -> R {
      return Function(*static_cast<State*>(s), std::forward<Args>(args)...);
    }, const_cast<std::remove_const_t<State>*>(&state));
  }

  explicit operator bool() const { return fn_ != nullptr; }
  // (precondition: bound)
  R operator()(Args... args) const { return fn_(context_, std::forward<Args>(args)...); }

 private:
  friend class detail::RunCall;  // keeps a function action's callable in context_ when unbound
  using Fn = R (*)(void*, Args...);
  BoundCall(Fn fn, void* context) : fn_(fn), context_(context) {}

  Fn fn_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace tickscope::reactive
