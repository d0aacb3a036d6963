#pragma once
// BlockedCandidate, Group, CycleState: the runtime's long-lived tasks: one per task label (its
// actions, one decision at a time) and one per slow cycle in progress.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "reactive/ids.h"
#include "reactive/pending_heap_p.h"
#include "sched/task.h"
#include "sched/task_label.h"

namespace tickscope::reactive::detail {

// BlockedCandidate: a candidate a pick set aside, and the pending action of another group
// that comes first and can change one of its inputs.
struct BlockedCandidate {
  ActionId candidate;
  ActionId blocker;
};

// Group: the actions of one task label, served by one long-lived task that runs one action
// per decision and sleeps (suspended, not queued) when the group has nothing ready.
struct Group {
  sched::TaskLabel label;
  PendingQueue heap;  // pending candidates on (rank, id); may hold stale ids
  std::uint32_t members = 0;  // subscribed actions (a large group's queue may be a bitset)
  std::uint32_t pending = 0;
  std::uint64_t changes = 0;  // counts its actions becoming or ceasing to be pending
  // The last pick's blocked candidates, in pick order, valid while the graph is as it was
  // (blockedEpoch): one whose blocker is still pending is still blocked, without a search.
  // `stalled`: that pick found every candidate blocked, with `changes` at stalledChanges.
  std::vector<BlockedCandidate> blocked;
  std::uint64_t blockedEpoch = 0;
  std::uint64_t stalledChanges = 0;
  bool stalled = false;
  sched::Task<void> task;
  bool started = false;
  bool sleeping = false;
};

// CycleState: a slow cycle in progress.
struct CycleState {
  std::uint32_t id = 0;
  std::size_t record = 0;  // index in cycles_
  std::vector<ActionId> members;
  std::vector<ActionId> waiters;  // effects waiting for it
  sched::Task<void> task;
};

}  // namespace tickscope::reactive::detail
