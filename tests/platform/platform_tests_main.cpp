// One executable for platform/: runs every test class in this folder. QtScheduler needs the
// QCoreApplication; no test runs its event loop except through the scheduler.
#include <QtTest/QtTest>

#include "platform_test_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int status = 0;
  {
    TimerHeapTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    SchedulerConformanceTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
