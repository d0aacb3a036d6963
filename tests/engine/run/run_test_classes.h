#pragma once
#include <QObject>

// run::Runner: phases, stepping, determinism, event timing.
class RunnerTests : public QObject {
  Q_OBJECT
 private slots:
  void phasesStepByStep();
  void stepIsOneMove();
  void runToEndDecidesAsStepping();
  void sameSeedSameReport();
  void reportSourceWritesTheReport();
  void droppedDocumentRunsTheSame();
  void timersDueAtAnEventFireFirst();
  void modeOverrideAndPushRunsEverything();
  void chromeTraceFromARun();
  void deprioritizedLabelsRunLast();
  void rejectsAnUnvalidatedDocument();
};

// run::Runner moves: nextMove predicts step, steps() counts, user moves and interventions.
class MovesTests : public QObject {
  Q_OBJECT
 private slots:
  void nextMovePredictsEveryStepOfTheExamples();
  void nextMovePredictsEveryStepOfGeneratedGraphs();
  void maxTimeStopsTheClock();
  void doneMeansNoMove();
  void stepsCountEveryMove();
  void phasesStepLikeAStepLoop();
  void advanceClockToIsAClockSetStep();
  void interventionAfterDoneReopensTheRun();
  void interventionsAreNotSteps();
};

// run::Runner::snapshot: status, flags, timing, queues, sessions, cycles, journal.
class SnapshotTests : public QObject {
  Q_OBJECT
 private slots:
  void statusFieldsFollowTheRun();
  void pullFlagsBeforeAndAfterPulling();
  void erroredAfterAMathError();
  void debounceArmedInDebounceStorm();
  void inCycleWhileASlowCycleRuns();
  void timingColumnsEqualTheReport();
  void readyQueueRowsNameGroupTasks();
  void sessionRowsAndSessionTasks();
  void readyTasksNamedByTheTaskTheyWake();
  void cycleRowsOfNewtonCycle();
  void runawayCycleStopsAtTheLimit();
  void recentStepsNewestFirst();
  void autoDebounceDecisions();
  void snapshotOutlivesItsRunner();
};

// run::History: replay to any step reaches the live state, interventions included.
class HistoryTests : public QObject {
  Q_OBJECT
 private slots:
  void replayReachesEveryStepWithoutInterventions();
  void replayRepeatsInterventionsAtTheirSteps();
  void dropAfterForgetsTheFuture();
  void describeSaysWhatWasDone();
  void replayStopsWhenToldAndResumes();
  void cursorMakesEachChangeOnce();
};

// run::Breakpoint and run::BreakpointWatch: hits per kind, checks, describe, JSON.
class BreakpointTests : public QObject {
  Q_OBJECT
 private slots:
  void everyKindHitsOnItsSteps();
  void actionRunsHitsBeforeTheRun();
  void conditionFiltersCellChanges();
  void readyQueueLongerIsEdgeTriggered();
  void disabledAndInvalidNeverHit();
  void checkExplainsWhatIsWrong();
  void jsonRoundTrip();
  void badJsonReportsProblems();
};

// run::Runner observers: attach and detach at run time, setUp, step hooks.
class ObserverTests : public QObject {
  Q_OBJECT
 private slots:
  void eventsReachOnlyAttachedObservers();
  void twoObserversBothSeeEverything();
  void removingTheLastDetaches();
  void setUpComesFirst();
  void stepHooksBracketEachStep();
};

// run::CauseLog and Runner::inspect: why an action ran (cause chains) and why not.
class CauseTests : public QObject {
  Q_OBJECT
 private slots:
  void cycleChainOfNewtonCycle();
  void debounceChainOfDebounceStorm();
  void handEditRerunsDependents();
  void inspectCells();
  void whyNotNotDemanded();
  void whyNotInputsUnchanged();
  void whyNotDebounced();
  void whyNotDeprioritizedAndWaiting();
  void whyNotCycleStopped();
  void whyNotThrottled();
  void whyNotPendingAndNotTriggered();
  void boundedMemory();
  void sameWithOtherObservers();
  void reportUnchangedByRecording();
};

// run::findInsights: the Insights pane's findings, on examples made to show each.
class InsightsTests : public QObject {
  Q_OBJECT
 private slots:
  void eachExampleShowsWhatItIsAbout();
  void wastedWorkCountsRunsThatChangedNothing();
  void effectsThatNeverRanAndModes();
  void reachingAnEffect();
};

// run::Recording (*.tstrace): every step reopens as the runner showed it; damaged files are
// clear errors; Playback moves and breakpoints as the Controller does.
class RecordingTests : public QObject {
  Q_OBJECT
 private slots:
  void everyStepOfEveryExampleReopensIdentical();
  void seeksInAnyOrder();
  void runToEndRecordsEveryStep();
  void aFinishedRunCarriesItsDigest();
  void savedAtomicallyAndReopened();
  void truncatedAtEveryLengthIsAnError();
  void everyFlippedByteIsAnError();
  void wrongVersionAndForeignFilesAreErrors();
  void aRecordingWithoutValuesOpens();
  void playbackMovesAsTheController();
  void playbackBreakpointsStopWhereTheControllerDoes();
  void playbackRefusesChanges();
  void playbackExplainsRunsAsTheLiveRunDoes();
};

// run::TimelineLog: one run record per run, debounce and cycle marks as the journal counts
// them, steps in order, the snapshot's shared log and counts.
class TimelineTests : public QObject {
  Q_OBJECT
 private slots:
  void runsAndMarksMatchEveryExample();
  void causesOfDebounceStorm();
  void handEditsAndClockMovesAreMarked();
  void snapshotSharesTheLogWithItsCounts();
  void commandLineRunnerHasNoLog();
  void valuesReadAreWhatEachRunSaw();
  void valuesOfACellItWritesAreAsItStarted();
  void appendKeepsEarlierRecordsInPlace();
};

// run::RunDigest, DigestLog and compareRuns: decisions, outcomes, JSON.
class ComparisonTests : public QObject {
  Q_OBJECT
 private slots:
  void diamondDecidesAlikeUnderAnySeeds();
  void digestDecisionsAreTheJournalSteps();
  void orderDependentFirstDifferentStep();
  void pullAndPushCompareByActionId();
  void nanEqualsNanInOutcomes();
  void digestJsonRoundTrip();
  void badDigestJsonNamesTheField();
};

// run::sweep: grouping, threads, cancel.
class SweepTests : public QObject {
  Q_OBJECT
 private slots:
  void everyExampleGivesOneGroup();
  void orderDependentGivesTwoGroups();
  void threadCountDoesNotChangeTheResult();
  void cancelStopsStartingRuns();
  void rejectsAnUnvalidatedDocument();
};

// run::writeStateDot: the DOT with states, values and run counts; deterministic; escaping.
class StateDotTests : public QObject {
  Q_OBJECT
 private slots:
  void hexColorsAreLowerCaseSixDigits();
  void neverRunBeforeTheFirstStep();
  void ranErroredAndValuesAfterSteps();
  void escapesTheName();
  void sameRunSameBytes();
  void rejectsASnapshotWithoutDocument();
};
