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
