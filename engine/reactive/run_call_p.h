#pragma once
// RunCall: what a run of an action calls: its numeric kernel with the kernel's context, or
// its function. 16 bytes where a std::function takes 32: it sits in the two cache lines every
// run touches (ActionSlot), and the kernel, the graph runner's hot path, needs no
// indirection. A function is kept out of line (one allocation per function action).
#include <memory>
#include <utility>

#include "reactive/action.h"

namespace tickscope::reactive::detail {

class RunCall {
 public:
  RunCall() = default;
  static RunCall function(ActionFn fn) {
    RunCall call;
    call.kernel_.context_ = new ActionFn(std::move(fn));
    return call;
  }
  static RunCall numeric(NumericKernel kernel) {
    RunCall call;
    call.kernel_ = kernel;
    return call;
  }
  RunCall(RunCall&& other) noexcept : kernel_(std::exchange(other.kernel_, NumericKernel{})) {}
  RunCall& operator=(RunCall&& other) noexcept {
    if (this != &other) {
      release();
      kernel_ = std::exchange(other.kernel_, NumericKernel{});
    }
    return *this;
  }
  RunCall(const RunCall&) = delete;
  RunCall& operator=(const RunCall&) = delete;
  ~RunCall() { release(); }

  // kernel: the numeric kernel; unbound (false) for a function action.
  const NumericKernel& kernel() const { return kernel_; }
  // function: a function action's callable (precondition: kernel() is unbound and it was set).
  ActionFn& function() const { return *static_cast<ActionFn*>(kernel_.context_); }

 private:
  void release() {
    if (!kernel_) delete static_cast<ActionFn*>(kernel_.context_);
    kernel_ = NumericKernel{};
  }

  // A kernel, or (unbound) the owned ActionFn in its context: 16 bytes either way.
  NumericKernel kernel_;
};

}  // namespace tickscope::reactive::detail
