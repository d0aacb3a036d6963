#pragma once
// The test classes of engine/sim; sim_tests_main.cpp runs them all in one executable.
#include <QObject>

// SessionTests: SimulatedExecutionContext on the TestScheduler (issue 6's cases).
class SessionTests : public QObject {
  Q_OBJECT
 private slots:
  void tasksSpawnedInsideWithSessionAreLinked();
  void withSessionRestoresPreviousSessionAlsoOnThrow();
  void currentSessionCanBeSetAndCleared();
  void unknownSessionIsAnError();
  void sessionWhoseTasksAllFinishedValidates();
  void waitUntilTaskIsAllowedAndStartsAfterTenMs();
  void waitUntilTakesCoroutinesAndTasks();
  void unregisteredRunningTaskIsAnErrorNamingIt();
  void unnamedDanglingTasksAreNamedById();
  void validationAfterDanglingTaskFinishesPasses();
  void droppedHandleCancelsSoNothingDangles();
  void twoInterleavedSessionsKeepTheirOwnTasks();
  void passThroughAndDelayUseTheSchedulerTimer();
  void traceEventsCarryWhatTheSessionsPaneNeeds();
  void noObserverNoEvents();
};

// RequestTests: openRequest and the report adapters (spec section 6).
class RequestTests : public QObject {
  Q_OBJECT
 private slots:
  void specExampleLeavesAuditDangling();
  void waitUntilDelayAddsToDelayMs();
  void zeroDelayTaskFinishesWhileSettling();
  void writesRunInsideTheSession();
  void negativeDelayIsRejectedBeforeOpening();
  void validSessionHasNoError();
};

// ProductionSchedulerTests: the same context on a hand-driven Scheduler that is not a
// TestScheduler, so lifecycle comes from the context's own completion tracking.
class ProductionSchedulerTests : public QObject {
  Q_OBJECT
 private slots:
  void tracksCompletionWithoutTestScheduler();
  void tracksCancellation();
  void waitUntilRunsAfterTenMsOnTheSchedulersTimer();
  void taskFinishingAfterContextIsGoneIsHarmless();
  void alreadyFinishedTaskLinksAsCompleted();
  void tracksCompletionAcrossWorkerThreads();
};
