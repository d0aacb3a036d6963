#pragma once
// Park: an awaiter that suspends the current coroutine task and records its header in
// `*parked`, so a benchmark can wake it as the reactive runtime wakes its group loop
// (sched_bench's wake+run and sched_ir_probe's wake scenario).
// (The header goes through a pointer: GCC may await a copy of an lvalue awaiter.)
#include <coroutine>

#include "sched/task_header.h"

namespace tickscope::bench {

struct Park {
  sched::TaskHeader** parked;
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) noexcept {
    *parked = h.promise().header();
  }
  void await_resume() const noexcept {}
};

}  // namespace tickscope::bench
