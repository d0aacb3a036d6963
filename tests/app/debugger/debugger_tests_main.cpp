// One executable for the debugger (app/debugger): runs every test class in this folder.
#include <QtTest/QtTest>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>

#include "debugger_test_classes.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("TickscopeTests"));
  QApplication::setApplicationName(QStringLiteral("debugger_tests"));
  // The debugger remembers breakpoints and layouts per user: start from none, leave none.
  QStandardPaths::setTestModeEnabled(true);
  QSettings().clear();
  int status = 0;
  {
    DebugSessionTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    MainWindowTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    AnalysisWindowTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    LaunchTests t;
    status |= QTest::qExec(&t, argc, argv);
  }
  QSettings().clear();
  return status;
}
