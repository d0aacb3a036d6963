#pragma once
// The test classes of platform/; platform_tests_main.cpp runs them all in one executable.
#include <QObject>

#include <memory>

#include "deadlock_guard.h"
#include "sched/scheduler.h"

// SchedulerConformanceTests: what every production scheduler must do. Each test function runs
// once per global data row: ThreadPoolScheduler with 1, 2 and 8 workers, QtScheduler with a
// 1- and a 4-thread pool. init() builds a fresh scheduler and cleanup() destroys it, both
// under a DeadlockGuard, so a hang fails the case instead of stalling the run.
class SchedulerConformanceTests : public QObject {
  Q_OBJECT
 public:
  enum class Kind { ThreadPool, Qt };

 private slots:
  void initTestCase_data();
  void init();
  void cleanup();

  void tenThousandTasksComplete();
  void spawnReturnsValues();
  void timersNeverFireEarly();
  void timersFireInDeadlineOrder();
  void foregroundRunsOnMainThread();
  void foregroundRunsInFifoOrder();
  void parkUnparkWakes();
  void parkWithTimeoutReturnsFalse();
  void droppedTaskNeverRuns();
  void droppedQueuedBackgroundTaskNeverRuns();
  void cancellingAWaitingCoroutineFreesIt();
  void cancellationRacesWithRunning();
  void blockAndBlockWithTimeout();
  void nestedParkKeepsTheOuterWake();
  void blockInsideATaskDoesNotStrandQueuedWork();
  void nestedBlocksOnLaterBackgroundWork();
  void everyWorkerBlocksOnWorkItSpawned();
  void coroutineAwaitsTimerAndTask();
  void destructorDropsQueuedWork();
  void destructorWakesABlockedWorker();
  void reactiveRuntimeFromManyThreads();  // reactive_threads_tests.cpp

 private:
  Kind kind_ = Kind::ThreadPool;
  int threads_ = 1;
  std::shared_ptr<tickscope::sched::Scheduler> scheduler_;
  tickscope::testing::DeadlockGuard guard_;
};

// TimerHeapTests: the timer heap both schedulers share, with exact deadlines (ties included,
// which a real clock hardly ever produces).
class TimerHeapTests : public QObject {
  Q_OBJECT
 private slots:
  void firesInDeadlineOrderTiesInArmingOrder();
  void popsOnlyWhatIsDue();
  void reportsANewEarliestTimer();
  void purgesTimersOfFinishedTasks();
};

Q_DECLARE_METATYPE(SchedulerConformanceTests::Kind)
