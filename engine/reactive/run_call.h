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
    call.target_ = new ActionFn(std::move(fn));
    return call;
  }
  static RunCall numeric(NumericKernel kernel, void* context) {
    RunCall call;
    call.kernel_ = kernel;
    call.target_ = context;
    return call;
  }
  RunCall(RunCall&& other) noexcept
      : kernel_(std::exchange(other.kernel_, nullptr)), target_(std::exchange(other.target_, nullptr)) {}
  RunCall& operator=(RunCall&& other) noexcept {
    if (this != &other) {
      release();
      kernel_ = std::exchange(other.kernel_, nullptr);
      target_ = std::exchange(other.target_, nullptr);
    }
    return *this;
  }
  RunCall(const RunCall&) = delete;
  RunCall& operator=(const RunCall&) = delete;
  ~RunCall() { release(); }

  // kernel: the numeric kernel, or nullptr for a function action.
  NumericKernel kernel() const { return kernel_; }
  void* context() const { return target_; }
  // function: a function action's callable (precondition: kernel() is nullptr and it was set).
  ActionFn& function() const { return *static_cast<ActionFn*>(target_); }

 private:
  void release() {
    if (!kernel_) delete static_cast<ActionFn*>(target_);
    target_ = nullptr;
  }

  NumericKernel kernel_ = nullptr;
  void* target_ = nullptr;  // the kernel's context, or the owned ActionFn
};

}  // namespace tickscope::reactive::detail
