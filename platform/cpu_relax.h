#pragma once
// cpuRelax: a spin-wait hint (x86 `pause`): lets the sibling hyper-thread run and saves power
// while a thread polls a lock or a queue for a few hundred nanoseconds.

namespace tickscope::platform {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace tickscope::platform
