// One executable for engine/sched: runs every test class in this folder.
#include <QtTest/QtTest>

#include "sched_test_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    TestSchedulerTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TaskTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
