// One executable for engine/run: runs every test class in this folder.
#include <QtTest/QtTest>

#include "run_test_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    RunnerTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    MovesTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    SnapshotTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    HistoryTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    BreakpointTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ObserverTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    CauseTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    InsightsTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    RecordingTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TimelineTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ComparisonTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    SweepTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    StateDotTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
