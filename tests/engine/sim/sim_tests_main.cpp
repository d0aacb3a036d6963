// One executable for engine/sim: runs every test class in this folder.
#include <QtTest/QtTest>

#include "sim_test_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    SessionTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    RequestTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ProductionSchedulerTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
