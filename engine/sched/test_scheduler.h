#pragma once
// TestScheduler: the deterministic scheduler of tests and of the debugger's step mode.
// Everything runs on the thread that created it; one tick() is one decision; a seeded RNG
// picks among ready work; time is virtual and moves only when told. docs/scheduler.md
// describes the queues, the tick order and the error messages in full.
#include <cstdint>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sched/errors.h"
#include "sched/mutex.h"
#include "sched/rng.h"
#include "sched/ring_queue.h"
#include "sched/scheduler.h"
#include "sched/task.h"

namespace tickscope::sched {

class TestScheduler final : public Scheduler {
 public:
  struct Config {
    // seed: of every random choice (pick order, block budgets, simulateRandomDelay).
    std::uint64_t seed = 0;
    // randomizeOrder: pick among ready runnables at random; off, everything runs in the
    // order it was scheduled (foreground and background alike).
    bool randomizeOrder = true;
    // allowParking: when false (the default), a park() or a block() with nothing left to
    // run is a SchedulerError that lists every pending task.
    bool allowParking = false;
    // blockTickRange: blockWithTimeout draws its tick budget uniformly from [first, second].
    std::pair<std::size_t, std::size_t> blockTickRange{0, 1000};
    // maxRandomDelayYields: simulateRandomDelay yields 0..this many times.
    std::uint32_t maxRandomDelayYields = 10;
  };

  // Information about one task, kept for the task's whole life and after it (for display).
  struct TaskRecord {
    TaskId id;
    TaskState state = TaskState::Scheduled;
    ScheduleKind kind = ScheduleKind::Background;
    TaskLabel label;
    std::source_location site;
  };

  // A ready or timed runnable, as the Scheduler pane lists it.
  struct QueuedTask {
    TaskId id;
    TaskLabel label;
    ForegroundSessionId session;
    ScheduleKind kind;
    bool deprioritized = false;
    Instant deadline{};  // timers only
    std::vector<TaskId> wakes;  // the tasks that await it (TaskHeader::waiterIds)
  };

  TestScheduler() : TestScheduler(Config{}) {}
  explicit TestScheduler(Config config);
  // ~TestScheduler: drops every queued runnable and timer; their tasks are cancelled.
  ~TestScheduler() override;

  // --- Scheduler -----------------------------------------------------------------------
  void schedule(Runnable runnable) override;
  void scheduleLabeled(Runnable runnable, TaskLabel label) override;
  void scheduleForeground(Runnable runnable) override;
  void scheduleAfter(Duration duration, Runnable runnable) override;
  // park: with parking allowed, blocks until unparked (another thread) or the timeout; with
  // parking forbidden, throws SchedulerError listing the pending tasks.
  bool park(std::optional<Duration> timeout) override;
  Unparker unparker() override;
  // isMainThread: true on the thread that created the scheduler.
  bool isMainThread() const override;
  Instant now() const override { return now_; }
  TaskId registerTask(const TaskHeader& task) override;
  void taskFinished(TaskId id, TaskState state) override;
  void setObserver(trace::Observer* observer) override { observer_ = observer; }

  // --- decisions -------------------------------------------------------------------------

  // tick: makes exactly one decision and returns whether there was one to make: the earliest
  // due timer fires (its runnable runs), or else one ready runnable runs — chosen by the RNG
  // among foreground session heads and background runnables; deprioritized labels only when
  // nothing else is ready. Must be called on the scheduler's thread.
  bool tick();
  // hasDecision: whether tick() would make a decision now (work scheduled from another thread,
  // a live timer due, or a ready runnable), without making it. Parked is !hasDecision().
  bool hasDecision() const;
  // runUntilParked: ticks until nothing is ready and no timer is due. The clock stays put.
  // Returns the number of decisions made. Free-running meanwhile (see setFreeRunning).
  std::size_t runUntilParked();
  // setFreeRunning: while on, a task that yields when it would be the next decision's only
  // candidate (nothing else ready, no timer due, no foreign call, no observer) takes that
  // decision itself (continueRunning): the same decisions, draws and counts without the trip
  // through the queue, but one tick() may then make several decisions. Off by default:
  // stepping needs one decision per tick. On for running to the end: runUntilParked (and so
  // advanceClock and advanceToNextTimer) and Runner::runToEnd turn it on while they run.
  void setFreeRunning(bool on) { freeRunning_ = on; }
  // FreeRun: free-running for its lifetime, then as before.
  class FreeRun {
   public:
    explicit FreeRun(TestScheduler& s) : s_(s), was_(std::exchange(s.freeRunning_, true)) {}
    ~FreeRun() { s_.freeRunning_ = was_; }
    FreeRun(const FreeRun&) = delete;
    FreeRun& operator=(const FreeRun&) = delete;

   private:
    TestScheduler& s_;
    bool was_;
  };
  bool continueRunning(TaskHeader& task) override;
  // advanceClock: fires every timer due up to now()+by, in deadline order (ties in arming
  // order): the clock moves to each deadline, the timer fires and everything it wakes runs
  // until parked. The clock ends at now()+by.
  void advanceClock(Duration by);
  // advanceToNextTimer: jumps the clock to the earliest pending deadline and fires as above.
  // Returns false if there is no timer.
  bool advanceToNextTimer();
  // simulateElapsed: moves the clock by `by` without running anything (an action's simulated
  // cost). Timers that fall due meanwhile fire at the next tick, in deadline order.
  void simulateElapsed(Duration by);

  // --- test features ---------------------------------------------------------------------

  // deprioritize: runnables labeled `label` run only when nothing else is ready (also those
  // already queued).
  void deprioritize(const TaskLabel& label);
  bool isDeprioritized(const TaskLabel& label) const;
  // prioritize: undoes deprioritize(label): its queued runnables join the back of the
  // ordinary ready work, in their order. Nothing happens if the label is not deprioritized.
  void prioritize(const TaskLabel& label);
  // deprioritizedLabels: every deprioritized label, sorted by name.
  std::vector<std::string> deprioritizedLabels() const;
  // isTaskRunning: spawned and neither completed nor cancelled.
  bool isTaskRunning(TaskId id) const;
  std::optional<TaskState> taskState(TaskId id) const;
  const TaskRecord* taskRecord(TaskId id) const;
  // block: drives the scheduler until `task` finishes and returns its value (or rethrows).
  // With nothing ready it advances to the next timer; with no timer either it parks if
  // parking is allowed, else throws SchedulerError naming every pending task.
  template <class T>
  T block(Task<T> task);
  // blockWithTimeout: ticks at most a budget drawn from Config::blockTickRange (the virtual
  // timeout is not consulted: ticks, not time, bound the wait). Returns the value, or hands
  // the still running task back.
  template <class T>
  std::variant<detail::Stored<T>, Task<T>> blockWithTimeout(Task<T> task);
  // simulateRandomDelay: a task that yields a random number of times, then completes.
  Task<void> simulateRandomDelay();
  // pendingTasksDescription: one line per alive task: id, label, state, spawn site.
  std::string pendingTasksDescription() const;

  // --- inspection (the debugger's Scheduler pane) -----------------------------------------
  std::size_t readyCount() const;
  std::size_t timerCount() const;  // armed timers whose task is still alive
  std::optional<Instant> nextTimerDeadline() const;
  std::vector<QueuedTask> readyTasks() const;
  std::vector<QueuedTask> timers() const;
  std::uint64_t decisionCount() const { return decisions_; }
  std::uint64_t seed() const { return config_.seed; }
  Rng& rng() { return rng_; }
  const Config& config() const { return config_; }
  void setBlockTickRange(std::size_t min, std::size_t max) { config_.blockTickRange = {min, max}; }
  void setAllowParking(bool allow) { config_.allowParking = allow; }
  // nonDeterminismReports: one line per scheduling call made from a foreign thread.
  std::vector<std::string> nonDeterminismReports() const;
  // newForegroundSession: a fresh session id for a ForegroundExecutor.
  ForegroundSessionId newForegroundSession() { return ForegroundSessionId{++lastSession_}; }

 private:
  struct Ready {
    std::uint64_t seq = 0;
    Runnable runnable;
  };
  using ReadyQueue = RingQueue<Ready>;
  struct Timer {
    Instant deadline;
    std::uint64_t seq;
    Runnable runnable;
  };
  struct ForeignCall {
    ScheduleKind kind;
    Runnable runnable;
    Duration delay;
  };

  // enqueue: inlined into each schedule call (a reactive update's wake comes through one).
  [[gnu::always_inline]] inline void enqueue(Runnable&& runnable, ScheduleKind kind, Duration delay = {});
  // checkThread: true on the scheduler's own thread; otherwise the runnable is kept for the
  // next tick and reported as non-determinism (keepForeign), and it returns false.
  bool checkThread(const Runnable& runnable, ScheduleKind kind, Duration delay) {
    if (std::this_thread::get_id() == owner_) [[likely]]
      return true;
    return keepForeign(runnable, kind, delay);
  }
  [[gnu::noinline]] bool keepForeign(const Runnable& runnable, ScheduleKind kind, Duration delay);
  // The events of enqueue, out of line (their SchedEvent would widen every push's frame).
  [[gnu::noinline]] void emitTimerArmed(TaskId id, Instant deadline);
  [[gnu::noinline]] void emitScheduled(TaskId id, ScheduleKind kind, bool deprioritized);
  void drainForeign();
  bool fireDueTimer();
  bool runReady();
  void runPicked(Runnable&& runnable, std::size_t candidates, bool deprioritized);
  // emitPicked: runPicked's event, out of line (its SchedEvent would widen every pick's frame).
  [[gnu::noinline]] void emitPicked(const Runnable& runnable, std::size_t candidates, bool deprioritized);
  void fireTimersUpTo(Instant target);
  void setState(TaskId id, TaskState state) {  // (every schedule and pick: inline)
    if (id.value - 1 >= tasks_.size()) return;      // (id 0 wraps around: not a task)
    TaskRecord& record = tasks_[id.value - 1];
    if (record.state == TaskState::Completed || record.state == TaskState::Cancelled) return;
    record.state = state;
  }
  void emitClock(Instant from);
  void purgeCancelledTimers();
  // popFrom: the picked runnable, out of `queue` (inlined: its call cost a sixth of a pick).
  [[gnu::always_inline]] inline Runnable popFrom(ReadyQueue& queue, bool random);
  [[noreturn]] void failStuck(std::string_view what) const;

  Config config_;
  Rng rng_;
  Instant now_{};
  std::thread::id owner_;
  trace::Observer* observer_ = nullptr;
  bool freeRunning_ = false;
  std::uint64_t decisions_ = 0;
  std::uint64_t seq_ = 0;
  std::uint32_t lastSession_ = 0;

  ReadyQueue background_;
  std::map<std::uint32_t, ReadyQueue> foreground_;  // by session id
  std::size_t foregroundCount_ = 0;
  ReadyQueue deprioritized_;
  std::unordered_set<TaskLabel> deprioritizedLabels_;
  std::vector<Timer> timers_;  // a min-heap on (deadline, seq)

  // TaskRecords: every task's record, indexed by id - 1, kept for the scheduler's life.
  // Append-only in fixed chunks: growing never moves a record (a spawn costs one record's
  // construction, never a reallocation that copies all of them) and taskRecord() pointers
  // stay valid.
  class TaskRecords {
   public:
    TaskRecords() = default;
    TaskRecords(const TaskRecords&) = delete;
    TaskRecords& operator=(const TaskRecords&) = delete;
    ~TaskRecords();
    std::size_t size() const { return size_; }
    TaskRecord& operator[](std::size_t i) { return chunks_[i / kChunk][i % kChunk]; }
    const TaskRecord& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
    // emplaceAt: the record at `i`, default records filling any gap before it (ids are handed
    // out in order, so there is none in practice). Precondition: i >= size().
    TaskRecord& emplaceAt(std::size_t i, TaskRecord record);
    // append: the record at size(), constructed in place when its chunk exists (the common
    // case: emplaceAt only when a chunk is added).
    TaskRecord& append(TaskRecord record) {
      if (size_ < chunks_.size() * kChunk) {
        TaskRecord* slot = &chunks_[size_ / kChunk][size_ % kChunk];
        ::new (static_cast<void*>(slot)) TaskRecord(std::move(record));
        ++size_;
        return *slot;
      }
      return emplaceAt(size_, std::move(record));
    }

   private:
    static constexpr std::size_t kChunk = 4096;
    std::vector<TaskRecord*> chunks_;  // each holds kChunk records' room; the first size_ are alive
    std::size_t size_ = 0;
  };
  TaskRecords tasks_;

  std::shared_ptr<Parker> parker_ = std::make_shared<Parker>();
  mutable Mutex foreignMutex_;
  std::vector<ForeignCall> foreign_ TICKSCOPE_GUARDED_BY(foreignMutex_);
  std::vector<std::string> foreignReports_ TICKSCOPE_GUARDED_BY(foreignMutex_);
  std::atomic<bool> hasForeign_{false};
};

// ---------------------------------------------------------------------------------------

template <class T>
T TestScheduler::block(Task<T> task) {
  if (!task.valid()) throw SchedulerError("block: empty task handle");
  if (!task.core()->started()) task.core()->start(*this, ScheduleKind::Background, {}, std::source_location::current());
  while (!task.core()->finished()) {
    if (tick()) continue;
    if (advanceToNextTimer()) continue;
    if (config_.allowParking) {
      park(std::nullopt);
      continue;
    }
    failStuck("block on task " + std::to_string(task.id().value));
  }
  return std::move(task).result();
}

template <class T>
std::variant<detail::Stored<T>, Task<T>> TestScheduler::blockWithTimeout(Task<T> task) {
  if (!task.valid()) throw SchedulerError("blockWithTimeout: empty task handle");
  if (!task.core()->started()) task.core()->start(*this, ScheduleKind::Background, {}, std::source_location::current());
  const auto [lo, hi] = config_.blockTickRange;
  std::size_t budget = lo + static_cast<std::size_t>(rng_.below(hi >= lo ? hi - lo + 1 : 1));
  while (!task.core()->finished() && budget > 0) {
    if (!tick()) break;
    --budget;
  }
  if (!task.core()->finished()) return task;
  return std::move(task).storedResult();
}

}  // namespace tickscope::sched
