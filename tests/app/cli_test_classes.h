#pragma once
#include <QObject>
#include <QTemporaryDir>

// The command-line parser, in process.
class CommandLineTests : public QObject {
  Q_OBJECT
 private slots:
  void runWithEveryOption();
  void optionValuesAfterEquals();
  void dashIsAValue();
  void validateAndGenerate();
  void debuggerForms();
  void diffAndSweep();
  void badUsage_data();
  void badUsage();
};

// The binary: exit codes, outputs, determinism, formats.
class CliTests : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void reportGoesToStdoutByDefault();
  void dashWritesEachOutputToStdout();
  void writesReportCsvAndTraceFiles();
  void overridesModeAndSeed();
  void sameFileSameSeedSameBytes();
  void traceTracksNeverOverlap();
  void csvMatchesTheReport();
  void strictExitCode();
  void unwritableOutputIsExit1AndTouchesNothing();
  void dotWritesTheFinalState();
  void maxTimeStopsTheFinalPhase();
  void mathErrorIsReportedNotACrash();
  void absurdTimesSaturate();
  void validateCommand();
  void generateCommand();
  void generateUnknownShape();
  void usageErrorsExit2();
  void helpAndVersion();
  void helpForEverySubcommand_data();
  void helpForEverySubcommand();
  void versionIsTheProjectVersion();
  void fileAloneRunsHeadless();
  void noArgumentsIsUsage();
  void recordWritesARecordingThatReopens();

 private:
  QString path(const QString& name) const;  // in this test's own directory
  QTemporaryDir dir_;
  QString work_;
};

// Every input error: exit 2, a positioned message, nothing written or truncated.
class BadInputTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void badInput_data();
  void badInput();
  void validateReportsAllSchemaErrors();

 private:
  QTemporaryDir dir_;
};

// Every bundled example through the CLI, with the lesson it teaches checked in its report.
class ExampleTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void everyExampleValidatesAndRuns();
  void diamondIsGlitchFree();
  void avoidableWorkPullSkipsWhatPushRuns();
  void newtonCycleConvergesFast();
  void slowCycleYields();
  void runawayCycleHitsTheLimitOnce();
  void debounceStormRunsOncePerBurst();
  void autoDebounceKicksIn();
  void grid10000();
  void requestLeavesADanglingTask();
  void orderDependentDependsOnTheSeed();

 private:
  QTemporaryDir dir_;
};

// `tickscope diff` and `tickscope sweep`, end to end.
class DiffSweepCliTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void diffSameFileIsExit0();
  void diffSeedsOfTheDiamondNeverDiffer();
  void diffSeedsOfOrderDependentDiffer();
  void diffModesOfAvoidableWork();
  void diffInputErrorsAreExit2();
  void sweepExamplesGiveOneGroup();
  void sweepOrderDependentGivesTwoGroups();
  void diffOfRecordingsIsTheDiffOfTheirRuns();

 private:
  QTemporaryDir dir_;
};
