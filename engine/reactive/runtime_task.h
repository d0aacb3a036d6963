#pragma once
// RuntimeTask: one scheduler task a Runtime keeps alive, and what it is for. The debugger's
// Scheduler pane names ready tasks and armed timers with these (Runtime::tasks()).
#include <cstdint>

#include "reactive/ids.h"
#include "sched/task_id.h"
#include "sched/task_label.h"

namespace tickscope::reactive {

struct RuntimeTask {
  enum class Role : std::uint8_t {
    Group,      // runs the pending actions of one task label (label empty: the unlabeled ones)
    Debounce,   // a debounce timer: when it fires, `action` is scheduled
    SlowCycle,  // continues slow cycle `cycle`, one iteration per decision
  };
  sched::TaskId task;
  Role role = Role::Group;
  sched::TaskLabel label;       // the task's label (Group and Debounce: the action group's)
  ActionId action;              // Debounce: the debounced action
  std::uint32_t cycle = 0;      // SlowCycle: CycleRecord::id
  std::uint32_t pending = 0;    // Group: its pending actions
};

}  // namespace tickscope::reactive
