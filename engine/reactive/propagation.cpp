// Notifications and marking: a changed address notifies its readers (never its writer). In
// push mode every notified action is scheduled. In pull mode a notified computation becomes
// Dirty, its downstream computations Check, and the effects they reach are scheduled; a
// notified effect is scheduled. Scheduling honours debounce.
#include <stdexcept>

#include "reactive/runtime_core_p.h"

namespace tickscope::reactive::detail {

using trace::ReactiveEventKind;

void RuntimeCore::notifyChanges(std::span<const Change> changes, ActionId writer) {
  beginPropagation();  // one pass for the whole commit: shared downstream is visited once
  for (const Change& address : changes) notifyReaders(address.cell, address.path, writer);
}

void RuntimeCore::notifyReaders(CellId changed, PathId path, ActionId writer) {
  const auto& readers = cell(changed).readers;
  const bool readNow = changed == readingNow_.cell && path == readingNow_.path;  // (see ReadingNow)
  // Pull mode's common case, decided here: a computation the marking pass reached already
  // (not clean, its downstream marked) only has its level raised to Dirty (markDirty by id,
  // with nothing to emit and no debounce to restart).
  const bool quietPull = config.mode == Mode::Pull && armedTimers_ == 0 && !observer_;
  constexpr mark::Mark kAsked = mark::kDead | mark::kEffect | mark::kDebounced | mark::kRepropagate;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const IndexEntry& r = readers[i];
    if (r.action == writer || !overlap(path, r.path)) continue;  // own writes never retrigger
    if (readNow && r.action == readingNow_.reader && r.path == path) [[unlikely]]
      continue;
    const mark::Mark m = markOf(r.action);
    if (quietPull && !(m & kAsked) && (m & mark::kLevel) != static_cast<mark::Mark>(DirtyLevel::Clean)) [[likely]] {
      marks_[r.action.value - 1] = (m & ~mark::kLevel) | static_cast<mark::Mark>(DirtyLevel::Dirty);
      continue;
    }
    if (m & mark::kDead) continue;
    if (config.mode == Mode::Push || (m & mark::kEffect)) {
      schedule(r.action, writer, true);
    } else if (m & mark::kDebounced) {
      armDebounce(slot(r.action), writer);  // a debounced computation propagates when its timer fires
    } else if ((m & mark::kRunning) && !(m & mark::kInCycle) && changedAheadOfRun(r.action, changed, path, writer)) [[unlikely]] {
      continue;  // a run in progress that reads it later, if at all
    } else {
      markDirty(r.action, DirtyLevel::Dirty, writer);  // (a reader marked already: decided by its mark)
    }
  }
}

void RuntimeCore::setLevel(ActionSlot& a, DirtyLevel level) { setLevel(a.id, level); }

void RuntimeCore::setLevel(ActionId id, DirtyLevel level) {
  mark::Mark& m = marks_[id.value - 1];
  const auto before = static_cast<DirtyLevel>(m & mark::kLevel);
  if ((before == DirtyLevel::Clean) != (level == DirtyLevel::Clean)) {
    if (level == DirtyLevel::Clean) {
      --dirtyCount_;
    } else {
      ++dirtyCount_;
    }
  }
  const mark::Mark cleared = level == DirtyLevel::Clean ? mark::kLevel : mark::kLevel | mark::kStaleClean;
  m = static_cast<mark::Mark>((m & ~cleared) | static_cast<mark::Mark>(level));
}

void RuntimeCore::markDirty(ActionId id, DirtyLevel level, ActionId cause) {
  const mark::Mark m = markOf(id);
  const auto before = static_cast<DirtyLevel>(m & mark::kLevel);
  if (config.mode == Mode::Pull && !(m & (mark::kEffect | mark::kRepropagate)) && before != DirtyLevel::Clean &&
      armedTimers_ == 0) {
    // Marked already, its downstream too: only its own level may rise (as below).
    if (level > before) {
      setLevel(id, level);
      emit(ReactiveEventKind::MarkedDirty, &slot(id), [&](trace::ReactiveEvent& e) {
        e.cause = cause.value;
        e.detail = level == DirtyLevel::Dirty ? "dirty" : "check";
      });
    }
    return;
  }
  markDirty(slot(id), level, cause);
}

void RuntimeCore::markDirty(ActionSlot& a, DirtyLevel level, ActionId cause) {
  if (config.mode == Mode::Push) {
    schedule(a, cause, true);
    return;
  }
  if (a.effect) {
    schedule(a, cause, level == DirtyLevel::Dirty);
    return;
  }
  const DirtyLevel before = levelOf(a);
  const bool wasClean = before == DirtyLevel::Clean;
  if (level > before) {
    setLevel(a, level);
    emit(ReactiveEventKind::MarkedDirty, &a, [&](trace::ReactiveEvent& e) {
      e.cause = cause.value;
      e.detail = level == DirtyLevel::Dirty ? "dirty" : "check";
    });
  }
  // A node that was already marked has marked its downstream, unless it asks to pass through.
  if (!wasClean && !repropagates(a)) {
    // Its effects are scheduled already, but this change triggers them again: a debounced
    // one restarts its timer, exactly as push mode (which schedules anew) does.
    if (armedTimers_ > 0) restartDownstreamDebounces(a, cause);
    return;
  }
  setRepropagate(a, false);
  a.stamp = stamp_;

  // scheduleAffectedEffects: downstream computations become Check, reached effects scheduled.
  std::vector<ActionId> local;
  std::vector<ActionId>& stack = propagateStack_.empty() ? propagateStack_ : local;
  stack.push_back(a.id);
  freezeIfSettled();
  const bool fetchAhead = fetchesAhead();
  std::size_t visited = 0;
  while (!stack.empty()) {
    const ActionId v = stack.back();
    stack.pop_back();
    ++visited;
    const std::span<const ActionId> down = downLinks(v);
    for (std::size_t i = 0; i < down.size(); ++i) {
      const ActionId id = down[i];
      const mark::Mark m = markOf(id);
      if (m & mark::kDead) continue;
      if (m & mark::kEffect) {
        ActionSlot& w = slot(id);
        if (w.stamp == stamp_) continue;  // scheduled once per pass
        w.stamp = stamp_;
        schedule(w, cause, false);
        continue;
      }
      // A computation: marked Check once (a second visit in this pass finds it not clean and
      // without the repropagate flag, so its mark alone decides; its slot stays untouched).
      const bool clean = static_cast<DirtyLevel>(m & mark::kLevel) == DirtyLevel::Clean;
      if (!clean && !(m & mark::kRepropagate)) continue;
      if (clean) {
        setLevel(id, DirtyLevel::Check);
        emit(ReactiveEventKind::MarkedDirty, &slot(id), [&](trace::ReactiveEvent& e) {
          e.cause = cause.value;
          e.detail = "check";
        });
      }
      marks_[id.value - 1] &= ~mark::kRepropagate;
      if (fetchAhead) prefetchLinks(id);  // its downstream list is what the pass reads of it next
      stack.push_back(id);
    }
  }
  countWalkWork(visited);
}

void RuntimeCore::restartDownstreamDebounces(ActionSlot& from, ActionId cause) {
  const std::uint64_t stamp = ++reachStamp_;  // its own stamp: the marking pass's stays untouched
  std::vector<ActionId> stack{from.id};
  while (!stack.empty()) {
    const ActionId v = stack.back();
    stack.pop_back();
    const auto& down = downstreamOf(slot(v));
    for (std::size_t i = 0; i < down.size(); ++i) {
      ActionSlot& w = slot(down[i]);
      if (!w.alive || reach_[w.id.value - 1] == stamp) continue;
      reach_[w.id.value - 1] = stamp;
      if (!w.effect) {
        stack.push_back(w.id);
      } else if (w.debounceTimer.valid() && !pending(w.id) && !w.waitingCycle && !flag(w.id, mark::kDeciding)) {
        armDebounce(w, cause);
      }
    }
  }
}

void RuntimeCore::markUpstreamForRepropagation(ActionSlot& effect) {
  const std::uint64_t stamp = ++reachStamp_;
  std::vector<ActionId> stack{effect.id};
  while (!stack.empty()) {
    ActionSlot& v = slot(stack.back());
    stack.pop_back();
    for (ActionId u : upstreamOf(v)) {
      ActionSlot& w = slot(u);
      if (w.effect || !w.alive || reach_[w.id.value - 1] == stamp || levelOf(w) == DirtyLevel::Clean) continue;
      reach_[w.id.value - 1] = stamp;
      setRepropagate(w, true);
      stack.push_back(u);
    }
  }
}

void RuntimeCore::schedule(ActionId id, ActionId cause, bool definite) {
  const mark::Mark m = markOf(id);
  if (m & mark::kDead) return;
  if (definite) setFlag(id, mark::kDefinite, true);
  // Pending, waiting for a cycle, or running in this decision (its pulls write what it
  // reads): it will see the change without being scheduled again.
  if (m & (mark::kPending | mark::kWaiting | mark::kDeciding)) return;
  if (m & mark::kDebounced) {
    armDebounce(slot(id), cause);
    return;
  }
  addPending(id, cause);
}

void RuntimeCore::addPending(ActionId id, ActionId cause) {
  const mark::Mark m = markOf(id);
  if (m & (mark::kPending | mark::kDead)) return;
  if (config.mode == Mode::Pull && !(m & mark::kEffect)) {
    throw std::logic_error("reactive: only effects are ever pending in pull mode (" + std::string(actionName(slot(id))) + ")");
  }
  setFlag(id, mark::kPending, true);
  ++pendingCount_;
  const std::uint32_t g = groupOf_[id.value - 1];
  Group& group = groups_[g];
  ++group.pending;
  ++group.changes;
  // An action the current order does not rank (or an order that no longer holds): the heap.
  if (group.heap.usesBits() && rankEpoch_ != graphEpoch_) group.heap.useHeap();
  group.heap.push(HeapEntry{rankOf_[id.value - 1], id});
  emit(ReactiveEventKind::ActionScheduled, &slot(id), [&](trace::ReactiveEvent& e) { e.cause = cause.value; });
  wakeGroup(g);
}

void RuntimeCore::removePending(ActionSlot& a) {
  if (!pending(a.id)) return;
  setFlag(a.id, mark::kPending, false);
  --pendingCount_;
  --groups_[a.group].pending;
  ++groups_[a.group].changes;
}

void RuntimeCore::armDebounce(ActionSlot& a, ActionId cause) {
  const bool restart = a.debounceTimer.valid();
  if (!restart) ++armedTimers_;
  const std::uint64_t generation = ++a.debounceGeneration;
  const ActionId id = a.id;
  a.debounceDeadline = scheduler->now() + a.debounce;
  // Replacing the handle cancels the previous timer.
  a.debounceTimer = sched::spawnAfter(
      *scheduler, a.debounce, [this, id, generation] { onDebounceFired(id, generation); }, groups_[a.group].label);
  emit(restart ? ReactiveEventKind::DebounceRestarted : ReactiveEventKind::DebounceArmed, &a,
       [&](trace::ReactiveEvent& e) {
         e.cause = cause.value;
         e.duration = a.debounce;
         e.deadline = *a.debounceDeadline;
       });
}

void RuntimeCore::cancelDebounce(ActionSlot& a, bool emitEvent) {
  if (!a.debounceTimer.valid()) return;
  a.debounceTimer = {};
  ++a.debounceGeneration;
  --armedTimers_;
  a.debounceDeadline.reset();
  if (emitEvent) emit(ReactiveEventKind::DebounceCancelled, &a);
}

void RuntimeCore::onDebounceFired(ActionId id, std::uint64_t generation) {
  RuntimeLock lock(mutex);
  ActionSlot* found = find(id);
  if (!found || !found->alive || found->debounceGeneration != generation || !found->debounceTimer.valid()) return;
  ActionSlot& a = *found;
  std::move(a.debounceTimer).detach();  // this very task: it completes when we return
  --armedTimers_;
  a.debounceDeadline.reset();
  emit(ReactiveEventKind::DebounceFired, &a);
  if (config.mode == Mode::Pull && !a.effect) {
    beginPropagation();
    markDirty(a, DirtyLevel::Dirty, ActionId{});
  } else if (!a.waitingCycle) {
    addPending(a, ActionId{});
  }
  checkIdle();
}

}  // namespace tickscope::reactive::detail
