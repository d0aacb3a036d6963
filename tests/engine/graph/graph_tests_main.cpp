// One executable for engine/graph: runs every test class in this folder.
#include <QtTest/QtTest>

#include "graph_test_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    LoaderTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ValidationTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ExpressionTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    WriterTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    GeneratorTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    ReaderParityTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    SchemaTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
