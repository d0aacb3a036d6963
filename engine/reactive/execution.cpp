// Running one action: its transaction (reads recorded and pulled, writes applied with an undo
// log), its timing on now(), its commit (dependencies updated, changed addresses notify their
// readers) or its rollback when it throws.
#include <array>
#include <cmath>
#include <exception>
#include <limits>

#include <fmt/format.h>

#include "log/log.h"
#include "reactive/pooled_scope_p.h"
#include "reactive/runtime_core_p.h"

namespace tickscope::reactive {

// --- Transaction ---------------------------------------------------------------------------

// A Transaction lives only inside a run or a batch, which the core runs under its mutex: the
// methods tell the analysis so (assertHeld: no run-time cost).
const Value& Transaction::read(CellId cell) {
  core_->mutex.assertHeld();
  return core_->txRead(*frame_, cell, 0);
}
const Value& Transaction::read(CellId cell, const Path& path) {
  core_->mutex.assertHeld();
  return core_->txRead(*frame_, cell, core_->pathId(path));
}
void Transaction::write(CellId cell, Value value) {
  core_->mutex.assertHeld();
  core_->txWrite(*frame_, cell, 0, std::move(value));
}
void Transaction::write(CellId cell, const Path& path, Value value) {
  core_->mutex.assertHeld();
  core_->txWrite(*frame_, cell, core_->pathId(path), std::move(value));
}
Runtime& Transaction::runtime() const { return core_->owner; }
const ReactivityLog& Transaction::log() const {
  core_->mutex.assertHeld();
  frame_->materialize();
  ReactivityLog& log = frame_->publicLog;
  log.reads.clear();
  log.writes.clear();
  for (detail::Dep d : frame_->readLog) log.reads.push_back(core_->addressOf(d));
  for (detail::Dep d : frame_->writeLog) log.writes.push_back(core_->addressOf(d));
  return log;
}

namespace detail {

using trace::ReactiveEventKind;

namespace {
const Value kNull;

void rollback(StableArena<CellSlot>& cells, RunFrame& frame) {
  for (auto it = frame.changes.rbegin(); it != frame.changes.rend(); ++it) {
    cells[it->cell.value - 1].value = std::move(it->old);
  }
  frame.changes.clear();
}
}  // namespace

const Value& RuntimeCore::txRead(RunFrame& frame, CellId cellId, PathId path) {
  const CellSlot& c = requireCell(cellId);
  if (frame.action) frame.reads.record(frame.readLog, Dep{cellId, path});
  if (config.mode == Mode::Pull) {
    for (const IndexEntry& w : c.writers) {
      if (levelOf(w.action) != DirtyLevel::Clean) {  // usually all clean: one check each
        pullForRead(frame, cellId, path);
        break;
      }
    }
  }
  if (path == 0) return c.value;
  const Value* v = valueAt(c.value, pathOf(path));
  return v ? *v : kNull;
}

bool RuntimeCore::changedAheadOfRun(ActionId reader, CellId cell, PathId path, ActionId writer) {
  RunFrame* found = nullptr;
  for (std::size_t d = 0; d < frameDepth_; ++d) {
    RunFrame& f = *frames_[d];
    if (f.action != reader || !f.open) continue;
    if (found) return false;  // (running twice, nested: leave it to the walk)
    found = &f;
  }
  if (!found || found->hasRead(cell, [&](PathId read) {
        mutex.assertHeld();  // (called back under this method's hold)
        return overlap(read, path);
      })) return false;
  if (!found->changedAhead) found->changedAhead = writer ? writer : reader;
  return true;
}

void RuntimeCore::txWrite(RunFrame& frame, CellId cellId, PathId pathId, Value&& value) {
  CellSlot& c = requireCell(cellId);
  if (frame.action) frame.writes.record(frame.writeLog, Dep{cellId, pathId});
  if (pathId == 0) {
    if (valuesEqual(c.value, value, config.epsilon)) return;
    Change& change = frame.changes.emplace_back();
    change.cell = cellId;
    change.old = std::move(c.value);
    c.value = std::move(value);
  } else {
    const Path& path = pathOf(pathId);
    const Value* current = valueAt(c.value, path);
    if (current && valuesEqual(*current, value, config.epsilon)) return;
    Value before = c.value;
    assignAt(c.value, path, std::move(value));  // throws before anything changed
    frame.changes.push_back(Change{cellId, pathId, std::move(before)});
  }
  if (observer_) [[unlikely]] {
    const ActionSlot* writer = frame.action ? &slot(frame.action) : nullptr;
    emit(ReactiveEventKind::CellWritten, nullptr, [&](trace::ReactiveEvent& e) TICKSCOPE_REQUIRES(mutex) {
      e.cause = frame.action.value;
      if (writer) e.actionName = actionName(*writer);
      e.cell = cellId.value;
      e.detail = std::string(cellName(cellId)) + pathToString(pathOf(pathId));
      const Value* now = valueAt(c.value, pathOf(pathId));
      e.number = now && now->is_number() ? now->get<double>() : std::numeric_limits<double>::quiet_NaN();
    });
  }
}

bool RuntimeCore::execute(ActionSlot& a, ActionId cause, bool pulled) {
  if (a.call.kernel() && !observer_ && kernelInputsReady(a)) [[likely]]
    return runKernelDirect(a, a.id);
  if (pulled) emit(ReactiveEventKind::Pulled, &a, [&](trace::ReactiveEvent& e) { e.cause = cause.value; });
  emit(ReactiveEventKind::ActionStarted, &a, [&](trace::ReactiveEvent& e) { e.cause = cause.value; });

  PooledScope<RunFrame> scope(frames_, frameDepth_);
  RunFrame& frame = scope.get();
  frame.reset(a.id, &a.reads, &a.recordedWrites);
  Transaction tx(*this, a.id, frame);
  bool ok = false;
  std::string failure;
  setFlag(a.id, mark::kRunning, true);
  frame.open = true;
  const sched::Instant start = scheduler->now();
  try {
    if (a.call.kernel()) {
      runKernel(a, tx);
    } else {
      a.call.function()(tx);
    }
    ok = true;
  } catch (const RestartPull&) {
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  const sched::Instant end = scheduler->now();
  setFlag(a.id, mark::kRunning, false);
  frame.open = false;
  if (restartPull_) [[unlikely]] {  // also when the action caught RestartPull itself
    abandonRun(a, frame);
    return false;
  }
  finishRun(a, a.id, start, end);

  if (ok) {
    const bool sameReads = frame.reads.same();
    // (its first run replaces the declared reads: that is no change of mind)
    if (!sameReads && a.run.runCount > 1) setFlag(a.id, mark::kDynamicReads, true);
    if (!sameReads || !frame.writes.same()) {
      frame.materialize();
      setDependencies(a, frame.readLog, frame.writeLog);
    }
  } else {
    ++a.errorCount;
    undoRun(a, frame);
    if (frame.changedAhead) {
      // Its value is the old one again, and something it read last time changed during the
      // run: dirty, as the change would have made it (changedAheadOfRun).
      beginPropagation();
      markDirty(a, DirtyLevel::Dirty, frame.changedAhead);
    } else if (config.mode == Mode::Pull && !a.effect && levelOf(a) == DirtyLevel::Clean) {
      // It stopped before reading everything (its other inputs may still be dirty).
      setFlag(a.id, mark::kStaleClean, true);
    }
    emit(ReactiveEventKind::ActionFailed, &a, [&](trace::ReactiveEvent& e) {
      e.detail = failure;
      e.duration = end - start;
    });
  }
  emit(ReactiveEventKind::ActionFinished, &a, [&](trace::ReactiveEvent& e) {
    e.cause = cause.value;
    e.duration = end - start;
  });
  if (!ok) reportRunFailure(a, failure, end);
  checkAutoDebounce(a);
  if (!frame.changes.empty()) notifyChanges(frame.changes, a.id);
  // Dirty again after its run (a read pulled a writer of something it had read or reads):
  // its readers may be cleaned above it (only Check, and it did not change), which only the
  // walk knows to skip; and its next change must pass through to them (as a throttled node's).
  if (config.mode == Mode::Pull && !a.effect && levelOf(a) != DirtyLevel::Clean) [[unlikely]] {
    pausePullPlans();
    if (!(markOf(a.id) & (mark::kInCycle | mark::kCycleBusy))) setRepropagate(a, true);
  }
  return ok;
}

void RuntimeCore::checkAutoDebounce(ActionSlot& a) {
  // The total first (the average is never above it): most runs are cheap, and then neither
  // the division nor the flags' line is touched.
  const RunStats& s = a.run;
  const sched::Duration threshold = config.autoDebounce.threshold;
  if (s.runCount >= config.autoDebounce.minRuns && s.totalTime >= threshold && s.average() >= threshold &&
      !a.autoDebounced && !a.debounceManual && !a.autoOptOut) {
    maybeAutoDebounce(a);
  }
}

void RuntimeCore::reportRunFailure(const ActionSlot& a, const std::string& failure, sched::Instant at) {
  reportError(ReactiveError{ErrorKind::ActionError, {std::string(actionName(a))}, {a.id}, at,
                            fmt::format("action {} threw: {}", actionName(a), failure), 0});
}

// --- numeric kernels ---------------------------------------------------------------------

bool RuntimeCore::kernelInputsReady(const ActionSlot& a) const {
  if (config.mode == Mode::Push) return true;  // reads never pull in push mode
  for (const Dep r : a.reads) {
    for (const IndexEntry& w : cell(r.cell).writers) {
      if (levelOf(w.action) != DirtyLevel::Clean) return false;  // a read would pull: the general path
    }
  }
  return true;
}

void RuntimeCore::runKernel(ActionSlot& a, Transaction& tx) {
  const DepList reads = a.reads;  // copies: a read may pull, which runs others
  const WriteList writes = a.declaredWrites;
  SmallList<double, 4> in, out;
  for (const Dep r : reads) in.push_back(numberOf(tx.read(r.cell)));
  for (std::size_t k = 0; k < writes.size(); ++k) out.push_back(0.0);
  const std::size_t n = std::min(a.call.kernel()(a.id, std::span<const double>(in.begin(), in.end()),
                                                 std::span<double>(out.begin(), out.end())),
                                 writes.size());
  for (std::size_t k = 0; k < n; ++k) tx.write(writes[k].cell, Value(out[k]));
}

bool RuntimeCore::runKernelDirect(ActionSlot& a, ActionId id) {
  // Small kernels (a graph file's usual ones) keep their numbers on the stack, larger ones on
  // the heap: [inputs | outputs], and the cells that changed.
  constexpr std::size_t kOnStack = 16;
  const std::size_t reads = a.reads.size(), writes = a.declaredWrites.size();
  std::array<double, 2 * kOnStack> stack;
  std::array<CellId, kOnStack> changedStack;
  std::vector<double> heap;
  std::vector<CellId> changedHeap;
  double* in = stack.data();
  CellId* changed = changedStack.data();
  if (reads > kOnStack || writes > kOnStack) {
    heap.resize(reads + writes);
    changedHeap.resize(writes);
    in = heap.data();
    changed = changedHeap.data();
  }
  double* out = in + reads;
  for (std::size_t k = 0; k < reads; ++k) in[k] = numberOf(cell(a.reads[k].cell).value);
  std::fill_n(out, writes, 0.0);
  std::size_t n = 0;
  bool ok = false;
  std::string failure;
  setFlag(id, mark::kRunning, true);
  const sched::Instant start = scheduler->now();
  try {
    n = a.call.kernel()(id, std::span<const double>(in, reads), std::span<double>(out, writes));
    ok = true;
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  const sched::Instant end = scheduler->now();
  setFlag(id, mark::kRunning, false);
  finishRun(a, id, start, end);
  if (!ok) {
    ++a.errorCount;  // nothing was written, its dependencies stay
    reportRunFailure(a, failure, end);
    checkAutoDebounce(a);
    return false;
  }

  // The writes, as Transaction::write makes them: a number within epsilon of the current
  // value changes nothing (but is still a write).
  n = std::min(n, writes);
  std::size_t changedCount = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const CellId target = a.declaredWrites[k].cell;
    Value& current = cell(target).value;
    const double y = out[k];
    if (double* x = current.get_ptr<double*>()) {
      if (numbersEqual(*x, y, config.epsilon)) continue;
      *x = y;
    } else if (current.is_number()) {
      // An integer (a typed cell's initial value, kept while the kernel's results equal it):
      // valuesEqual(current, Value(y)) compares the two as doubles, as here.
      if (numbersEqual(numberOf(current), y, config.epsilon)) continue;
      current = y;
    } else {
      current = y;  // anything but a number never equals a number
    }
    changed[changedCount++] = target;
  }
  // What it wrote is a prefix of its declared writes: the same as the last run's when as long.
  if (a.recordedWrites.size() != n) {
    DepList sameReads = a.reads;
    WriteList written(a.declaredWrites.begin(), a.declaredWrites.begin() + static_cast<std::ptrdiff_t>(n));
    setDependencies(a, sameReads, written);
  }
  checkAutoDebounce(a);
  if (changedCount > 0) {
    beginPropagation();
    for (std::size_t k = 0; k < changedCount; ++k)
      notifyReaders(changed[k], 0, id);
  }
  return true;
}

void RuntimeCore::undoRun(ActionSlot& a, RunFrame& frame) {
  frame.materialize();
  rollback(cells_, frame);
  // Keep every dependency it had, plus what it read before it stopped: any of them changing
  // gives it another chance (and a pull for it pulls them first).
  DepList reads = a.reads;
  for (Dep r : frame.readLog) appendUnique(reads, r);
  WriteList writes = a.recordedWrites;
  setDependencies(a, reads, writes);
}

void RuntimeCore::abandonRun(ActionSlot& a, RunFrame& frame) {
  undoRun(a, frame);
  if (config.mode == Mode::Pull && !a.effect) setLevel(a, DirtyLevel::Dirty);
  emit(ReactiveEventKind::ActionSkipped, &a, [](trace::ReactiveEvent& e) { e.detail = "restarted: pulls nested too deep"; });
}

void RuntimeCore::pullForRead(RunFrame& frame, CellId cellId, PathId path) {
  if (!writersNeedPull(cellId, path, frame.action)) return;
  const bool inRun = static_cast<bool>(frame.action);  // an action's run (or a batch inside one)
  if (inRun && pullDepth_ >= kMaxPullDepth) {
    restartPull_ = true;
    restartPoints_.push_back(RestartPoint{cellId, path, frame.action});  // the retry starts here
    throw RestartPull{};
  }
  struct Restore {
    ReadingNow& now;
    ReadingNow saved;
    ~Restore() { now = saved; }
  } restore{readingNow_, readingNow_};
  readingNow_ = ReadingNow{frame.action, cellId, path};
  pullWriters(cellId, path, frame.action);
  readingNow_ = restore.saved;
  if (!restartPull_) return;
  if (inRun) throw RestartPull{};
  // a batch's read, outermost
  retryPulls([&]() TICKSCOPE_REQUIRES(mutex) { pullWritersOf(cellId, path, frame.action); });
}

void RuntimeCore::externalWrite(const Address& address, Value value) {
  if (RunFrame* running = currentFrame(); running && running->open) {
    txWrite(*running, address.cell, pathId(address.path), std::move(value));  // joins the running transaction
    return;
  }
  if (address.path.empty() && frameDepth_ == 0 && !observer_) [[likely]] {
    // A whole cell, outside any run, batch or commit, with nobody observing: no rollback, no
    // recorded lists, no events, so no frame. As txWrite: a value equal to the current one
    // (numbers within epsilon) changes nothing.
    CellSlot& c = requireCell(address.cell);
    if (!valuesEqual(c.value, value, config.epsilon)) {
      c.value = std::move(value);
      beginPropagation();
      notifyReaders(address.cell, 0, ActionId{});
    }
    checkIdle();
    return;
  }
  PooledScope<RunFrame> scope(frames_, frameDepth_);
  RunFrame& frame = scope.get();
  frame.reset(ActionId{}, nullptr, nullptr);
  txWrite(frame, address.cell, pathId(address.path), std::move(value));
  if (!frame.changes.empty()) notifyChanges(frame.changes, ActionId{});
  checkIdle();
}

void RuntimeCore::batch(const std::function<void(Transaction&)>& writes) {
  if (RunFrame* running = currentFrame(); running && running->open) {
    Transaction joined(*this, running->action, *running);  // inside an action: its writes
    writes(joined);
    return;
  }
  PooledScope<RunFrame> scope(frames_, frameDepth_);
  RunFrame& frame = scope.get();
  frame.reset(ActionId{}, nullptr, nullptr);
  Transaction tx(*this, ActionId{}, frame);
  frame.open = true;
  try {
    writes(tx);
  } catch (...) {
    frame.open = false;
    rollback(cells_, frame);
    throw;
  }
  frame.open = false;
  if (!frame.changes.empty()) notifyChanges(frame.changes, ActionId{});
  checkIdle();
}

void RuntimeCore::reportError(ReactiveError error) {
  errors_.push_back(error);
  if (errorHandlers_.empty()) {
    log::engine().warn("reactive {}: {}", nameOf(error.kind), error.message);
    return;
  }
  const auto handlers = errorHandlers_;  // a handler may add or remove handlers
  for (const auto& [id, handler] : handlers) {
    try {
      handler(error);
    } catch (const std::exception& e) {
      log::engine().warn("reactive error handler {} threw: {}", id, e.what());
    } catch (...) {
      log::engine().warn("reactive error handler {} threw", id);
    }
  }
}

}  // namespace detail
}  // namespace tickscope::reactive
