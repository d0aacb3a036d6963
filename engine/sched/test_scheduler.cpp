#include "sched/test_scheduler.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <sstream>

#include <fmt/format.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include "log/log.h"
#include "sched/spawn.h"
#include "trace/observer.h"

namespace tickscope::sched {

namespace {
bool timerAfter(const auto& a, const auto& b) {  // heap order: earliest deadline, then arming order
  return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
}

std::string describeSite(const std::source_location& site) {
  if (!site.file_name() || !*site.file_name()) return "unknown site";
  return fmt::format("{}:{} ({})", site.file_name(), site.line(), site.function_name());
}
}  // namespace

TestScheduler::TestScheduler(Config config) : config_(config), rng_(config.seed), owner_(std::this_thread::get_id()) {}

TestScheduler::~TestScheduler() {
  observer_ = nullptr;
  // Dropping a runnable cancels its task, which may wake (and so queue) others: repeat.
  while (!background_.empty() || !foreground_.empty() || !deprioritized_.empty() || !timers_.empty() ||
         hasForeign_.load()) {
    auto background = std::move(background_);
    auto foreground = std::move(foreground_);
    auto deprioritized = std::move(deprioritized_);
    auto timers = std::move(timers_);
    background_.clear();
    foreground_.clear();
    deprioritized_.clear();
    timers_.clear();
    foregroundCount_ = 0;
    std::vector<ForeignCall> foreign;
    {
      MutexLock lock(foreignMutex_);
      foreign = std::move(foreign_);
      foreign_.clear();
      hasForeign_ = false;
    }
  }
}

namespace {
// Chunks after the first come from arenas of kArenaChunks chunks, each arena one 2 MiB-aligned
// block that Linux may back with a transparent huge page (one page fault per arena instead of
// one per 4 KiB: first-touch faults were most of the rest of a spawn's wall time in long runs).
// The first chunk is an ordinary allocation, so the many small schedulers of tests stay small.
constexpr std::size_t kArenaBytes = std::size_t{2} << 20;

template <std::size_t ChunkBytes>
constexpr std::size_t arenaChunks() {
  return kArenaBytes / ChunkBytes > 0 ? kArenaBytes / ChunkBytes : 1;
}

bool startsArena(std::size_t chunk, std::size_t perArena) { return chunk >= 1 && (chunk - 1) % perArena == 0; }
}  // namespace

TestScheduler::TaskRecords::~TaskRecords() {
  for (std::size_t i = 0; i < size_; ++i) (*this)[i].~TaskRecord();
  constexpr std::size_t perArena = arenaChunks<kChunk * sizeof(TaskRecord)>();
  for (std::size_t c = 0; c < chunks_.size(); ++c) {
    if (c == 0) {
      std::allocator<TaskRecord>().deallocate(chunks_[c], kChunk);
    } else if (startsArena(c, perArena)) {
      std::free(chunks_[c]);
    }
  }
}

TestScheduler::TaskRecord& TestScheduler::TaskRecords::emplaceAt(std::size_t i, TaskRecord record) {
  while (true) {
    if (size_ == chunks_.size() * kChunk) {
      constexpr std::size_t chunkBytes = kChunk * sizeof(TaskRecord);
      constexpr std::size_t perArena = arenaChunks<chunkBytes>();
      const std::size_t c = chunks_.size();
      if (c == 0) {
        chunks_.push_back(std::allocator<TaskRecord>().allocate(kChunk));
      } else if (startsArena(c, perArena)) {
        const std::size_t bytes = (perArena * chunkBytes + kArenaBytes - 1) / kArenaBytes * kArenaBytes;
        void* arena = std::aligned_alloc(kArenaBytes, bytes);
        if (!arena) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        ::madvise(arena, bytes, MADV_HUGEPAGE);  // advice only: without huge pages it still works
#endif
        chunks_.push_back(static_cast<TaskRecord*>(arena));
      } else {
        chunks_.push_back(chunks_.back() + kChunk);  // the next chunk of the current arena
      }
    }
    TaskRecord* slot = &chunks_[size_ / kChunk][size_ % kChunk];
    if (size_ == i) {
      ::new (static_cast<void*>(slot)) TaskRecord(std::move(record));
      ++size_;
      return *slot;
    }
    ::new (static_cast<void*>(slot)) TaskRecord();
    ++size_;
  }
}

// --- Scheduler ---------------------------------------------------------------------------

void TestScheduler::schedule(Runnable runnable) {
  if (checkThread(runnable, ScheduleKind::Background, {})) enqueue(std::move(runnable), ScheduleKind::Background);
}

void TestScheduler::scheduleLabeled(Runnable runnable, TaskLabel) {
  if (checkThread(runnable, ScheduleKind::Labeled, {})) enqueue(std::move(runnable), ScheduleKind::Labeled);
}

void TestScheduler::scheduleForeground(Runnable runnable) {
  if (checkThread(runnable, ScheduleKind::Foreground, {})) enqueue(std::move(runnable), ScheduleKind::Foreground);
}

void TestScheduler::scheduleAfter(Duration duration, Runnable runnable) {
  if (checkThread(runnable, ScheduleKind::Timer, duration)) enqueue(std::move(runnable), ScheduleKind::Timer, duration);
}

bool TestScheduler::park(std::optional<Duration> timeout) {
  if (!config_.allowParking) failStuck("park");
  return parker_->park(timeout);
}

Unparker TestScheduler::unparker() { return Unparker(parker_); }

bool TestScheduler::isMainThread() const { return std::this_thread::get_id() == owner_; }

TaskId TestScheduler::registerTask(const TaskHeader& task) {
  const TaskId id{nextTaskId_.fetch_add(1, std::memory_order_relaxed)};
  TaskRecord record{id, TaskState::Scheduled, task.kind(), task.label(), task.site()};
  if (tasks_.size() + 1 == id.value) [[likely]] {
    tasks_.append(std::move(record));
  } else if (tasks_.size() < id.value) {
    tasks_.emplaceAt(id.value - 1, std::move(record));
  } else {
    tasks_[id.value - 1] = std::move(record);
  }
  if (observer_) [[unlikely]] {
    trace::SchedEvent e{.kind = trace::SchedEventKind::TaskSpawned, .at = now_, .task = id};
    e.scheduleKind = task.kind();
    e.session = task.session();
    e.label = task.label();
    e.site = task.site();
    observer_->onSchedEvent(e);
  }
  return id;
}

void TestScheduler::taskFinished(TaskId id, TaskState state) {
  setState(id, state);
  if (observer_) [[unlikely]] {
    observer_->onSchedEvent(trace::SchedEvent{
        .kind = state == TaskState::Completed ? trace::SchedEventKind::TaskCompleted : trace::SchedEventKind::TaskCancelled,
        .at = now_,
        .task = id});
  }
}

// --- queues ------------------------------------------------------------------------------

bool TestScheduler::keepForeign(const Runnable& runnable, ScheduleKind kind, Duration delay) {
  std::ostringstream thread;
  thread << std::this_thread::get_id();
  std::string report = fmt::format(
      "non-determinism: task {} ({}) was scheduled from thread {}, not the test scheduler's own thread; "
      "its place in the schedule depends on timing, not on the seed",
      runnable.id().value, describeSite(runnable.site()), thread.str());
  log::engine().warn(fmt::runtime(report));
  // The runnable is kept (not lost) and queued on the scheduler's thread at its next tick.
  MutexLock lock(foreignMutex_);
  foreign_.push_back(ForeignCall{kind, Runnable(), delay});
  foreign_.back().runnable = std::move(const_cast<Runnable&>(runnable));
  foreignReports_.push_back(std::move(report));
  hasForeign_ = true;
  return false;
}

void TestScheduler::drainForeign() {
  if (!hasForeign_.load(std::memory_order_acquire)) [[likely]]
    return;
  std::vector<ForeignCall> calls;
  std::size_t firstReport = 0;
  std::vector<std::string> reports;
  {
    MutexLock lock(foreignMutex_);
    calls = std::move(foreign_);
    foreign_.clear();
    reports = foreignReports_;
    firstReport = reports.size() - std::min(reports.size(), calls.size());
    hasForeign_ = false;
  }
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (observer_) [[unlikely]] {
      trace::SchedEvent e{.kind = trace::SchedEventKind::NonDeterminism, .at = now_, .task = calls[i].runnable.id()};
      if (firstReport + i < reports.size()) e.detail = reports[firstReport + i];
      observer_->onSchedEvent(e);
    }
    enqueue(std::move(calls[i].runnable), calls[i].kind, calls[i].delay);
  }
}

void TestScheduler::enqueue(Runnable&& runnable, ScheduleKind kind, Duration delay) {
  const TaskId id = runnable.id();
  setState(id, TaskState::Scheduled);
  if (kind == ScheduleKind::Timer) {
    const Instant deadline = now_ + std::max(delay, Duration::zero());
    timers_.push_back(Timer{deadline, seq_++, std::move(runnable)});
    std::push_heap(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) { return timerAfter(a, b); });
    if (observer_) [[unlikely]]
      emitTimerArmed(id, deadline);
    return;
  }
  bool deprioritized = false;
  if (kind == ScheduleKind::Foreground) {
    foreground_[runnable.session().value].push_back(Ready{seq_++, std::move(runnable)});
    ++foregroundCount_;
  } else if (!deprioritizedLabels_.empty() && !runnable.label().empty() &&
             deprioritizedLabels_.contains(runnable.label())) {
    deprioritized_.push_back(Ready{seq_++, std::move(runnable)});
    deprioritized = true;
  } else {
    background_.push_back(Ready{seq_++, std::move(runnable)});
  }
  if (observer_) [[unlikely]]
    emitScheduled(id, kind, deprioritized);
}

void TestScheduler::emitTimerArmed(TaskId id, Instant deadline) {
  observer_->onSchedEvent(trace::SchedEvent{
      .kind = trace::SchedEventKind::TimerArmed, .at = now_, .task = id, .scheduleKind = ScheduleKind::Timer, .deadline = deadline});
}

void TestScheduler::emitScheduled(TaskId id, ScheduleKind kind, bool deprioritized) {
  trace::SchedEvent e{.kind = trace::SchedEventKind::TaskScheduled, .at = now_, .task = id, .scheduleKind = kind};
  e.deprioritized = deprioritized;
  e.readyCount = static_cast<std::uint32_t>(readyCount());
  observer_->onSchedEvent(e);
}

// --- decisions ---------------------------------------------------------------------------

bool TestScheduler::tick() {
  drainForeign();
  if (!timers_.empty() && fireDueTimer()) return true;
  return runReady();
}

bool TestScheduler::hasDecision() const {
  if (hasForeign_.load(std::memory_order_acquire) || readyCount() > 0) return true;
  const std::optional<Instant> next = nextTimerDeadline();  // as fireDueTimer sees it after purging
  return next && *next <= now_;
}

void TestScheduler::purgeCancelledTimers() {
  while (!timers_.empty() && timers_.front().runnable.task().finished()) {
    std::pop_heap(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) { return timerAfter(a, b); });
    Runnable dead = std::move(timers_.back().runnable);
    timers_.pop_back();
  }
}

bool TestScheduler::fireDueTimer() {
  purgeCancelledTimers();
  if (timers_.empty() || timers_.front().deadline > now_) return false;
  std::pop_heap(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) { return timerAfter(a, b); });
  Timer timer = std::move(timers_.back());
  timers_.pop_back();
  ++decisions_;
  const TaskId id = timer.runnable.id();
  if (observer_) [[unlikely]] {
    observer_->onSchedEvent(trace::SchedEvent{.kind = trace::SchedEventKind::TimerFired,
                                              .at = now_,
                                              .task = id,
                                              .scheduleKind = ScheduleKind::Timer,
                                              .readyCount = static_cast<std::uint32_t>(readyCount()),
                                              .deadline = timer.deadline});
  }
  setState(id, TaskState::Running);
  timer.runnable.run();
  return true;
}

Runnable TestScheduler::popFrom(ReadyQueue& queue, bool random) {
  if (random && queue.size() > 1) {
    const std::size_t index = rng_.below(queue.size());
    std::swap(queue[index], queue.front());
  }
  Runnable picked = std::move(queue.front().runnable);
  queue.drop_front();
  return picked;
}

bool TestScheduler::runReady() {
  const std::size_t candidates = foregroundCount_ + background_.size();
  if (candidates == 0) {
    if (deprioritized_.empty()) return false;
    const std::size_t n = deprioritized_.size();
    runPicked(popFrom(deprioritized_, config_.randomizeOrder), n, true);
    return true;
  }
  ReadyQueue* source = nullptr;
  bool random = false;
  if (config_.randomizeOrder) {
    std::uint64_t pick = rng_.below(candidates);
    if (pick < foregroundCount_) {
      for (auto& [session, queue] : foreground_) {  // weighted by queue length; head only (FIFO)
        if (pick < queue.size()) {
          source = &queue;
          break;
        }
        pick -= queue.size();
      }
    } else {
      source = &background_;
      random = true;
    }
  } else {  // the oldest head overall
    std::uint64_t oldest = UINT64_MAX;
    if (!background_.empty()) {
      source = &background_;
      oldest = background_.front().seq;
    }
    for (auto& [session, queue] : foreground_) {
      if (!queue.empty() && queue.front().seq < oldest) {
        source = &queue;
        oldest = queue.front().seq;
      }
    }
  }
  Runnable picked = popFrom(*source, random);
  if (source != &background_) {
    --foregroundCount_;
    if (source->empty()) foreground_.erase(picked.session().value);
  }
  runPicked(std::move(picked), candidates, false);
  return true;
}

void TestScheduler::runPicked(Runnable&& runnable, std::size_t candidates, bool deprioritized) {
  ++decisions_;
  if (observer_) [[unlikely]]
    emitPicked(runnable, candidates, deprioritized);
  setState(runnable.id(), TaskState::Running);
  runnable.run();
}

void TestScheduler::emitPicked(const Runnable& runnable, std::size_t candidates, bool deprioritized) {
  trace::SchedEvent e{.kind = trace::SchedEventKind::TaskPicked, .at = now_, .task = runnable.id(), .scheduleKind = runnable.kind()};
  e.session = runnable.session();
  e.deprioritized = deprioritized;
  e.readyCount = static_cast<std::uint32_t>(candidates);
  observer_->onSchedEvent(e);
}

std::size_t TestScheduler::runUntilParked() {
  const FreeRun freeRun(*this);  // nobody looks between its decisions (the same either way)
  const std::uint64_t before = decisions_;
  while (tick()) {
  }
  return static_cast<std::size_t>(decisions_ - before);
}

bool TestScheduler::continueRunning(TaskHeader& task) {
  if (!freeRunning_ || observer_ || hasForeign_.load(std::memory_order_acquire)) return false;
  if (!background_.empty() || foregroundCount_ != 0 || !deprioritized_.empty()) return false;
  if (task.kind() != ScheduleKind::Background && task.kind() != ScheduleKind::Labeled) return false;
  if (std::this_thread::get_id() != owner_) return false;
  if (!timers_.empty()) {
    purgeCancelledTimers();  // as the next tick would first
    if (!timers_.empty() && timers_.front().deadline <= now_) return false;  // that tick fires it
  }
  if (!task.restartStep()) return false;
  // The yield's enqueue and the next tick's pick, from a queue holding this task alone.
  ++seq_;
  const bool deprioritized =
      !deprioritizedLabels_.empty() && !task.label().empty() && deprioritizedLabels_.contains(task.label());
  if (config_.randomizeOrder && !deprioritized) rng_.below(1);
  ++decisions_;
  return true;
}

void TestScheduler::emitClock(Instant from) {
  if (observer_ && from != now_) [[unlikely]] {
    observer_->onSchedEvent(trace::SchedEvent{.kind = trace::SchedEventKind::ClockAdvanced, .at = now_, .from = from});
  }
}

void TestScheduler::fireTimersUpTo(Instant target) {
  while (true) {
    purgeCancelledTimers();
    if (timers_.empty() || timers_.front().deadline > target) break;
    const Instant deadline = timers_.front().deadline;
    if (deadline > now_) {
      const Instant from = now_;
      now_ = deadline;
      emitClock(from);
    }
    runUntilParked();  // fires every timer now due (deadline order, ties by arming) and what they wake
  }
}

void TestScheduler::advanceClock(Duration by) {
  const Instant target = now_ + std::max(by, Duration::zero());
  fireTimersUpTo(target);
  if (now_ < target) {
    const Instant from = now_;
    now_ = target;
    emitClock(from);
  }
}

bool TestScheduler::advanceToNextTimer() {
  purgeCancelledTimers();
  if (timers_.empty()) return false;
  fireTimersUpTo(std::max(now_, timers_.front().deadline));
  return true;
}

void TestScheduler::simulateElapsed(Duration by) {
  if (by <= Duration::zero()) return;
  const Instant from = now_;
  now_ += by;
  emitClock(from);
}

// --- test features -----------------------------------------------------------------------

void TestScheduler::deprioritize(const TaskLabel& label) {
  deprioritizedLabels_.insert(label);
  ReadyQueue keep;
  while (!background_.empty()) {
    Ready ready = background_.pop_front();
    (ready.runnable.label() == label ? deprioritized_ : keep).push_back(std::move(ready));
  }
  background_ = std::move(keep);
}

bool TestScheduler::isDeprioritized(const TaskLabel& label) const { return deprioritizedLabels_.contains(label); }

void TestScheduler::prioritize(const TaskLabel& label) {
  if (deprioritizedLabels_.erase(label) == 0) return;
  ReadyQueue keep;
  ReadyQueue back;
  while (!deprioritized_.empty()) {
    Ready ready = deprioritized_.pop_front();
    (ready.runnable.label() == label ? back : keep).push_back(std::move(ready));
  }
  deprioritized_ = std::move(keep);
  // At the back of the ready work, in their own order (a random pick swaps entries, so the
  // ready queue is in no particular order to merge into).
  while (!back.empty()) background_.push_back(back.pop_front());
}

std::vector<std::string> TestScheduler::deprioritizedLabels() const {
  std::vector<std::string> out;
  for (const TaskLabel& label : deprioritizedLabels_) out.emplace_back(label.name());
  std::sort(out.begin(), out.end());
  return out;
}

bool TestScheduler::isTaskRunning(TaskId id) const {
  const auto state = taskState(id);
  return state && isAlive(*state);
}

std::optional<TaskState> TestScheduler::taskState(TaskId id) const {
  if (id.value == 0 || id.value > tasks_.size()) return std::nullopt;
  return tasks_[id.value - 1].state;
}

const TestScheduler::TaskRecord* TestScheduler::taskRecord(TaskId id) const {
  if (id.value == 0 || id.value > tasks_.size()) return nullptr;
  return &tasks_[id.value - 1];
}

Task<void> TestScheduler::simulateRandomDelay() {
  const auto yields = rng_.below(std::uint64_t{config_.maxRandomDelayYields} + 1);
  return spawn(*this, [yields]() -> Task<void> {
    for (std::uint64_t i = 0; i < yields; ++i) co_await yieldNow();
  });
}

std::string TestScheduler::pendingTasksDescription() const {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    const TaskRecord& record = tasks_[i];
    if (!isAlive(record.state)) continue;
    ++count;
    out += fmt::format("  task {} [{}] label \"{}\" {}, spawned at {}\n", record.id.value, nameOf(record.kind),
                       record.label.name(), nameOf(record.state), describeSite(record.site));
  }
  return fmt::format("pending tasks ({}):\n{}", count, count ? out : std::string("  (none)\n"));
}

void TestScheduler::failStuck(std::string_view what) const {
  throw SchedulerError(fmt::format(
      "TestScheduler: {} would wait forever: nothing is ready, no timer is pending (clock at {} ms) and parking "
      "is forbidden (Config::allowParking). {}",
      what, toMs(now_), pendingTasksDescription()));
}

// --- inspection --------------------------------------------------------------------------

std::size_t TestScheduler::readyCount() const { return background_.size() + foregroundCount_ + deprioritized_.size(); }

std::size_t TestScheduler::timerCount() const {
  return static_cast<std::size_t>(
      std::count_if(timers_.begin(), timers_.end(), [](const Timer& t) { return !t.runnable.task().finished(); }));
}

std::optional<Instant> TestScheduler::nextTimerDeadline() const {
  std::optional<Instant> next;
  for (const Timer& t : timers_) {
    if (!t.runnable.task().finished() && (!next || t.deadline < *next)) next = t.deadline;
  }
  return next;
}

std::vector<TestScheduler::QueuedTask> TestScheduler::readyTasks() const {
  std::vector<QueuedTask> out;
  auto add = [&](const ReadyQueue& queue, bool deprioritized) {
    queue.forEach([&](const Ready& r) {
      out.push_back(QueuedTask{r.runnable.id(), r.runnable.label(), r.runnable.session(), r.runnable.kind(), deprioritized,
                               {}, r.runnable.task().waiterIds()});
    });
  };
  for (const auto& [session, queue] : foreground_) add(queue, false);
  add(background_, false);
  add(deprioritized_, true);
  return out;
}

std::vector<TestScheduler::QueuedTask> TestScheduler::timers() const {
  std::vector<const Timer*> alive;
  for (const Timer& t : timers_) {
    if (!t.runnable.task().finished()) alive.push_back(&t);
  }
  std::sort(alive.begin(), alive.end(), [](const Timer* a, const Timer* b) { return timerAfter(*b, *a); });
  std::vector<QueuedTask> out;
  for (const Timer* t : alive) {
    out.push_back(QueuedTask{t->runnable.id(), t->runnable.label(), {}, ScheduleKind::Timer, false, t->deadline,
                             t->runnable.task().waiterIds()});
  }
  return out;
}

std::vector<std::string> TestScheduler::nonDeterminismReports() const {
  MutexLock lock(foreignMutex_);
  return foreignReports_;
}

}  // namespace tickscope::sched
