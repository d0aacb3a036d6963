#pragma once
#include <QObject>

class JsonWriterTests : public QObject {
  Q_OBJECT
 private slots:
  void numbersAreShortestAndLocaleIndependent();
  void nonFiniteNumbersAreNull();
  void stringsAreEscaped();
  void layoutsNestAndParse();
};

class ReportExporterTests : public QObject {
  Q_OBJECT
 private slots:
  void jsonReportHasSpecKeysInOrder();
  void jsonReportExactText();
  void jsonReportOutputForms();
  void jsonReportIsDeterministic();
  void csvHeaderAndRowsInFileOrder();
  void csvQuotesAndNonFinite();
};

class ChromeTraceTests : public QObject {
  Q_OBJECT
 private slots:
  void metadataNamesProcessAndTracks();
  void actionRunsAreCompleteEvents();
  void debounceTimersAreAsyncSpans();
  void slowCycleIsASpanWithIterationInstants();
  void clockAdvancesAndCounters();
  void sessionTasksAreSpansClosedAtEnd();
  void sameEventsSameBytes();
};

class AtomicFileTests : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void cleanup();
  void writesAndReplaces();
  void keepsModeOfExistingFile();
  void discardLeavesTargetUntouched();
  void throwingWriterLeavesTargetUntouched();
  void missingDirectoryFails();
  void directoryTargetFailsWithoutTemporary();
  void devicesAreWrittenThrough();
  void dashWritesToStream();
  void failingStreamIsAnError();

 private:
  QString dir_;
};

class ObserverSetTests : public QObject {
  Q_OBJECT
 private slots:
  void attachableFollowsSize();
  void forwardsEveryEventInOrder();
};
