#pragma once
#include <QObject>

// DebugSession: open, step forward and back, hand edits, breakpoints, load errors, Pause.
class DebugSessionTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void init();
  void opensEveryExample();
  void tickIsOneStep();
  void stepBackEqualsForward_data();
  void stepBackEqualsForward();
  void replayRepeatsHandEdits();
  void breakpointsStopOnTheRightStep_data();
  void breakpointsStopOnTheRightStep();
  void breakpointsAreSavedPerFile();
  void modeAndSeedRestartAtStepZero();
  void forwardCommandsStopWhereTheySay();
  void loadErrorsKeepTheOldDocument();
  void changesOnDiskReload();
  void pauseInterruptsContinueOnALargeGraph();
};

// MainWindow: spec section 7's surface (title, actions, shortcuts, status fields, panes), the
// Timing pane against `tickscope run`, the shared selection, drag and drop, the saved layout.
class MainWindowTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void init();
  void titleAndStatusFields();
  void everyExampleOpensInTheWindow();
  void everyShortcutTriggersItsAction();
  void tickFromTheKeyboardIsOneStep();
  void toolBarGoesToStepAndRestarts();
  void panesAreDocksWithTheirTitles();
  void graphAndInspectorFollowTheSelection();
  void inspectorHandEditRerunsDependents();
  void aPickedDecisionExplainsThatRun();
  void clickingATimelineBarSelectsItsRun();
  void dotThresholdIsASetting();
  void anInsightSelectsWhatItNames();
  void exportsEqualTheCommandLine();
  void opensARecordingAndScrubsIt();
  void aDamagedRecordingIsALoadError();
  void graphExportsSvgAndDot_data();
  void graphExportsSvgAndDot();
  void timingAfterContinueEqualsTheReport_data();
  void timingAfterContinueEqualsTheReport();
  void selectionIsSharedByThePanes();
  void deprioritizingALabelIsAHandEdit();
  void loadErrorShowsInTheWindow();
  void droppingAFileOpensIt();
  void layoutIsSaved();
  void screenReaderReadsTheWindow();
};

// The binary's debugger forms: --screenshot, --size, --goto, no display.
class LaunchTests : public QObject {
  Q_OBJECT
 private slots:
  void screenshotHasTheGivenSize();
  void gotoOpensAtThatStep();
  void screenshotFailures();
};

// The Compare and Sweep docks: background runs, results, back to the run.
class AnalysisWindowTests : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void docksAreThere();
  void sweepFindsTwoGroupsAndOpensASeed();
  void compareGoesToTheFirstDifferingStep();
  void comparingPullAndPushAndCancelling();
};
