#pragma once
// ThreadPoolScheduler: the production Scheduler on plain std::threads.
// - Background work (schedule, scheduleLabeled) runs on N worker threads that share one
//   queue; a worker takes a small batch per lock, so spawning and running tiny tasks is cheap.
// - Foreground work (scheduleForeground) goes to the main-thread queue. The main thread is
//   the thread that constructed the scheduler; it drains the queue in FIFO order in
//   runMainThreadTasks() and whenever it parks (so block() on the main thread runs the
//   foreground work it may be waiting for).
// - Timers (scheduleAfter) wait on a timer thread, which runs each due runnable itself: in
//   deadline order, ties in arming order, never before the deadline. A timer's runnable is
//   the first step of a timer task (timer(), spawnAfter()); it must not block, or later
//   timers fire late.
// - now() reads the steady clock. Labels and observers are accepted and ignored.
// docs/platform.md describes the queues, the wake-up protocol and shutdown.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "platform/mutex.h"
#include "platform/thread_annotations.h"
#include "platform/timer_heap.h"
#include "sched/scheduler.h"

namespace tickscope::platform {

class UnparkRelay;

class ThreadPoolScheduler final : public sched::Scheduler {
 public:
  struct Config {
    // workers: the number of background worker threads; 0 means sched::numCpus().
    unsigned workers = 0;
  };

  ThreadPoolScheduler() : ThreadPoolScheduler(Config{}) {}
  // ThreadPoolScheduler: starts the workers, the timer thread and the main thread's unpark
  // relay. The calling thread becomes the main thread.
  explicit ThreadPoolScheduler(Config config);
  // ~ThreadPoolScheduler: stops and joins its threads (a step already executing on a worker
  // finishes first), then drops every queued runnable and armed timer without running it,
  // which cancels their tasks. Preconditions: not called on one of its own threads, and no
  // other thread schedules on it any more.
  ~ThreadPoolScheduler() override;
  ThreadPoolScheduler(const ThreadPoolScheduler&) = delete;
  ThreadPoolScheduler& operator=(const ThreadPoolScheduler&) = delete;

  // --- Scheduler (all callable from any thread) ------------------------------------------
  void schedule(sched::Runnable runnable) override;
  void scheduleLabeled(sched::Runnable runnable, sched::TaskLabel label) override;
  void scheduleForeground(sched::Runnable runnable) override;
  void scheduleAfter(sched::Duration duration, sched::Runnable runnable) override;
  // park: on the main thread, runs foreground work as it arrives until unparked or timed out
  // (even park(0) runs what is already queued). On a worker, first hands its not yet started
  // batch back to the shared queue (so a task blocking on something later in its own batch
  // does not wait for itself), then parks the thread. When every worker is parked that way
  // and work is queued, a spare worker thread starts and runs it (it leaves when it finds the
  // queue empty), so a task may block on other background work even with one worker.
  // Elsewhere, a plain park on the calling thread's own parker. Returns false on timeout.
  bool park(std::optional<sched::Duration> timeout) override;
  // unparker: wakes park() on the thread that called unparker() (each thread has its own
  // parker; the main thread's wakes its foreground loop).
  sched::Unparker unparker() override;
  // isMainThread: whether the caller is the thread that constructed the scheduler.
  bool isMainThread() const override;
  sched::Instant now() const override;

  // --- main thread -------------------------------------------------------------------------

  // runMainThreadTasks: runs the foreground work queued at the time of the call, in FIFO
  // order, and returns how many runnables ran; work queued meanwhile waits for the next call.
  // Main thread only (SchedulerError otherwise).
  std::size_t runMainThreadTasks();

  unsigned workerCount() const { return static_cast<unsigned>(workers_.size()); }

 private:
  struct WorkerContext;
  // The worker state of the calling thread, if it is a worker (of any ThreadPoolScheduler).
  static thread_local WorkerContext* currentWorker_;

  void workerLoop();
  // runBatches: runs what takeBatch (or, for a spare, takeSpareBatch) hands out.
  template <class Take>
  void runBatches(Take take);
  void spareLoop();
  bool takeSpareBatch(std::vector<sched::Runnable>& batch) TICKSCOPE_EXCLUDES(queueMutex_);
  // claimSpare: true (and counted in liveSpares_) when every worker, spares included, is
  // parked inside a task and work is queued: the caller then calls startSpare.
  bool claimSpare() TICKSCOPE_REQUIRES(queueMutex_);
  void takeShare(std::vector<sched::Runnable>& batch) TICKSCOPE_REQUIRES(queueMutex_);
  void startSpare() TICKSCOPE_EXCLUDES(queueMutex_);
  bool takeBatch(std::vector<sched::Runnable>& batch) TICKSCOPE_EXCLUDES(queueMutex_);
  void giveBack(WorkerContext& worker) TICKSCOPE_EXCLUDES(queueMutex_);
  void timerLoop() TICKSCOPE_EXCLUDES(timerMutex_);
  bool parkMain(std::optional<sched::Duration> timeout) TICKSCOPE_EXCLUDES(mainMutex_);
  void onMainUnparked() TICKSCOPE_EXCLUDES(mainMutex_);
  void dropQueued() TICKSCOPE_EXCLUDES(queueMutex_, mainMutex_, timerMutex_);

  const std::thread::id mainThread_;
  std::atomic<bool> stopping_{false};

  // Background queue. sleepers_ counts workers blocked on queueCv_, wakesPending_ the
  // notifications sent to them and not yet taken, so a burst of pushes wakes each once.
  Mutex queueMutex_;
  std::condition_variable queueCv_;
  std::deque<sched::Runnable> queue_ TICKSCOPE_GUARDED_BY(queueMutex_);
  unsigned sleepers_ TICKSCOPE_GUARDED_BY(queueMutex_) = 0;
  unsigned wakesPending_ TICKSCOPE_GUARDED_BY(queueMutex_) = 0;
  // blocked_: workers (spares included) parked inside a task; liveSpares_: spare threads
  // running (the destructor waits for them on sparesDone_).
  unsigned blocked_ TICKSCOPE_GUARDED_BY(queueMutex_) = 0;
  unsigned liveSpares_ TICKSCOPE_GUARDED_BY(queueMutex_) = 0;
  std::condition_variable sparesDone_;
  // queued_: queue_.size() as of the last change, read without the lock by idle workers
  // spinning before they sleep.
  std::atomic<std::size_t> queued_{0};

  // Main-thread queue. unparked_ is the main thread's unpark token; mainWakes_ counts its
  // unparks, so that a park whose token a nested park (run by a foreground step) consumed
  // still returns.
  Mutex mainMutex_;
  std::condition_variable mainCv_;
  std::deque<sched::Runnable> mainQueue_ TICKSCOPE_GUARDED_BY(mainMutex_);
  bool unparked_ TICKSCOPE_GUARDED_BY(mainMutex_) = false;
  std::uint64_t mainWakes_ TICKSCOPE_GUARDED_BY(mainMutex_) = 0;

  Mutex timerMutex_;
  std::condition_variable timerCv_;
  TimerHeap timers_ TICKSCOPE_GUARDED_BY(timerMutex_);

  std::unique_ptr<UnparkRelay> relay_;
  std::vector<std::thread> workers_;
  std::thread timerThread_;
};

}  // namespace tickscope::platform
