// One executable for engine/trace: runs every test class in this folder.
#include <QtTest/QtTest>

#include "trace_test_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    JsonWriterTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ReportExporterTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ChromeTraceTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    AtomicFileTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ObserverSetTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
