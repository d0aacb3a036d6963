// One executable for the command line: runs every test class in this folder.
#include <QtTest/QtTest>

#include "cli_test_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int status = 0;
  {
    CommandLineTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    CliTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    BadInputTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    DiffSweepCliTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ExampleTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
