#pragma once
// currentThreadParker: each thread's own Parker, made on first use. The production
// schedulers park every thread other than their main thread on it, so that block() works
// on several threads at once: each parks on, and is woken through, its own parker.
#include <memory>

#include "sched/unparker.h"

namespace tickscope::platform {

// currentThreadParker: the calling thread's Parker. Unparkers made from it stay valid after
// the thread has exited (an unpark then wakes nobody).
const std::shared_ptr<sched::Parker>& currentThreadParker();

}  // namespace tickscope::platform
