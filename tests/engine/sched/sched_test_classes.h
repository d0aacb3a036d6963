#pragma once
#include <QObject>

class TestSchedulerTests : public QObject {
  Q_OBJECT
 private slots:
  void spawnReturnsValueBackgroundAndForeground();
  void foregroundSessionsKeepOrderButInterleave();
  void timersCompleteInDeadlineOrder();
  void randomizedOrderFollowsConfig();
  void blockOnValueSentFromBackgroundTask();
  void blockOnNeverCompletingTaskNamesIt();
  void blockWithTimeout();
  void deprioritizedLabelsRunLast();
  void isTaskRunningTracksLifecycle();
  void advanceClockFiresInDeadlineOrderAndRunsWoken();
  void foreignThreadSchedulingIsReported();
  void seedEnvironmentReplaysExactOrder();
  void manyStopsAtFirstFailingSeed();
  void tickIsOneDecision();
  void freeRunningMakesTheSameDecisions();
  void freeRunningStepsAsideForOthers();
  void simulatedCostFiresDueTimersAtNextTick();
  void parkingForbiddenByDefault();
  void decisionsAreTraceEvents();
  void executorsReachTestScheduler();
  void prioritizeUndoesDeprioritize();
  void hasDecisionPredictsTick();
  void timersListTheTasksTheyWake();
};

class TaskTests : public QObject {
  Q_OBJECT
 private slots:
  void droppingTaskCancelsAndFreesIt();
  void detachKeepsRunning();
  void droppingAwaitingCoroutineCancelsItsTimer();
  void exceptionsPropagateToAwaiter();
  void awaitingUnstartedTaskStartsIt();
  void zeroTimerIsReadyAtOnce();
  void simulateRandomDelayYields();
  void lambdaCapturesOutliveSpawnCall();
  void foregroundUnsupportedIsAClearError();
  void taskMemoryIsReusedAndBounded();
  void taskMemoryFreedOnAnotherThread();
  void ringQueueKeepsFifoOrderAcrossGrowth();
};
