#pragma once
// RuntimeConfig: the per-runtime settings, with the defaults of the graph file format
// (spec/graph-format.md, "settings"). Every duration is measured on Scheduler::now().
#include <chrono>
#include <cstdint>
#include <string_view>

#include "sched/clock.h"

namespace tickscope::reactive {

// Mode: Pull (the default) runs computations only on demand of an effect; Push runs every
// notified action (the escape hatch, the classic behaviour).
enum class Mode : std::uint8_t { Pull, Push };

inline std::string_view nameOf(Mode mode) { return mode == Mode::Pull ? "pull" : "push"; }

struct CycleConfig {
  // budget: a cycle whose members' summed average run time is below it converges "fast"
  // (all iterations inside one scheduler decision); otherwise "slow" (one per decision).
  sched::Duration budget = std::chrono::milliseconds(16);
  // maxIterations: a cycle still dirty after this many iterations is stopped with an error.
  std::uint32_t maxIterations = 20;
};

struct AutoDebounceConfig {
  bool enabled = true;
  // threshold: an action whose average run time is >= threshold after minRuns runs gets
  // debounce `delay`, unless it has a manual debounce or opted out.
  sched::Duration threshold = std::chrono::milliseconds(50);
  std::uint32_t minRuns = 3;
  sched::Duration delay = std::chrono::milliseconds(100);
};

struct RuntimeConfig {
  Mode mode = Mode::Pull;
  // epsilon: a numeric write with |new - old| <= epsilon changes nothing and notifies nobody.
  double epsilon = 0;
  CycleConfig cycle{};
  AutoDebounceConfig autoDebounce{};
  // pushIterationGuard: an action picked to run more than this many times before the runtime
  // settles (nothing pending, no slow cycle in progress; armed debounce timers do not count:
  // a loop through a timer moves virtual time) is stopped with a "too-many-iterations" error
  // instead of looping forever (both modes).
  std::uint32_t pushIterationGuard = 100;
};

}  // namespace tickscope::reactive
