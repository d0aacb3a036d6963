#pragma once
// QtScheduler: the production Scheduler on Qt.
// - Foreground work runs on the Qt event loop of the thread that constructed the scheduler
//   (its main thread), in FIFO order: each runnable is posted there as an event.
// - Background work runs on a QThreadPool that the scheduler owns.
// - Timers wait in a heap; one precise timer of the main thread's event loop fires for the
//   earliest deadline and hands what is due, in deadline order (ties in arming order), to a
//   serial lane on the pool, so timer steps start in that order. Never before the deadline.
// - park() on the main thread runs a nested event loop until unparked or timed out; on other
//   threads it parks the thread (a pool thread lends its slot to the pool meanwhile, so a
//   task blocking in block() does not starve the pool).
// - now() reads the steady clock. Labels and observers are accepted and ignored.
// Preconditions: a QCoreApplication exists, and the main thread keeps its event loop turning
// (exec(), processEvents() or park()): foreground work and timers happen only there.
// docs/platform.md describes the event types, the timer lane and shutdown.
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "platform/handoff.h"
#include "platform/mutex.h"
#include "platform/thread_annotations.h"
#include "platform/timer_heap.h"
#include "sched/scheduler.h"

class QEvent;
class QEventLoop;
class QThreadPool;

namespace tickscope::platform {

class UnparkRelay;

class QtScheduler final : public sched::Scheduler {
 public:
  struct Config {
    // backgroundThreads: the pool's maximum thread count; 0 means sched::numCpus().
    int backgroundThreads = 0;
  };

  QtScheduler() : QtScheduler(Config{}) {}
  // QtScheduler: binds foreground work and timers to the calling thread's event loop.
  // Throws SchedulerError without a QCoreApplication.
  explicit QtScheduler(Config config);
  // ~QtScheduler: drops every queued runnable (posted, pooled, armed or due) without running
  // it, which cancels its task, and waits for the steps already executing on the pool.
  // Preconditions: called on the main thread, not from inside one of its own steps, and no
  // thread other than its own schedules on it any more.
  ~QtScheduler() override;
  QtScheduler(const QtScheduler&) = delete;
  QtScheduler& operator=(const QtScheduler&) = delete;

  // --- Scheduler (all callable from any thread) ------------------------------------------
  void schedule(sched::Runnable runnable) override;
  void scheduleLabeled(sched::Runnable runnable, sched::TaskLabel label) override;
  void scheduleForeground(sched::Runnable runnable) override;
  void scheduleAfter(sched::Duration duration, sched::Runnable runnable) override;
  // park: on the main thread, runs a nested event loop (anything may run meanwhile, as in
  // QDialog::exec) until unparked or timed out, and delivers what is already posted even when
  // the timeout is zero; elsewhere parks the calling thread on its own parker (a pool thread
  // lends its slot to the pool meanwhile). Returns false on timeout.
  bool park(std::optional<sched::Duration> timeout) override;
  // unparker: wakes park() on the thread that called unparker().
  sched::Unparker unparker() override;
  // isMainThread: whether the caller is the thread that constructed the scheduler.
  bool isMainThread() const override;
  sched::Instant now() const override;

 private:
  class Context;
  friend class Context;
  class PoolJob;
  friend class PoolJob;

  void post(QEvent* event);  // to the main thread's event loop
  bool parkMain(std::optional<sched::Duration> timeout);
  bool parkElsewhere(std::optional<sched::Duration> timeout);
  void onUnparked();
  void rearmTimer() TICKSCOPE_EXCLUDES(timerMutex_);
  void onTimer() TICKSCOPE_EXCLUDES(timerMutex_, laneMutex_);
  void drainLane() TICKSCOPE_EXCLUDES(laneMutex_);
  void dropQueued() TICKSCOPE_EXCLUDES(timerMutex_, laneMutex_);

  const std::thread::id mainThread_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Context> context_;  // a QObject living on the main thread
  std::unique_ptr<QThreadPool> pool_;
  // For ThreadSanitizer, which cannot see Qt's locks: every post publishes posted_ and the main
  // thread receives it before touching an event; every pool job publishes poolDone_ at its
  // end and the destructor receives it once the pool has stopped.
  Handoff posted_;
  Handoff poolDone_;

  // Main thread only: the unpark token, the count of unparks (a park whose token a nested
  // park consumed still returns), the event loops of the parks in progress, the Qt timer.
  bool unparked_ = false;
  std::uint64_t wakes_ = 0;
  std::vector<QEventLoop*> parkLoops_;
  int qtTimerId_ = 0;
  sched::Instant armedFor_{};

  Mutex timerMutex_;
  TimerHeap timers_ TICKSCOPE_GUARDED_BY(timerMutex_);
  bool rearmPosted_ TICKSCOPE_GUARDED_BY(timerMutex_) = false;

  // The timer lane: due timer runnables, run one at a time on the pool in firing order.
  Mutex laneMutex_;
  std::deque<sched::Runnable> lane_ TICKSCOPE_GUARDED_BY(laneMutex_);
  bool laneRunning_ TICKSCOPE_GUARDED_BY(laneMutex_) = false;

  std::unique_ptr<UnparkRelay> relay_;
};

}  // namespace tickscope::platform
