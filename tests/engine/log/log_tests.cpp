#include <QtTest/QtTest>

#include "log/log.h"

using namespace tickscope;

class LogTests : public QObject {
  Q_OBJECT
 private slots:
  void levelComesFromEnvironment() {
    qunsetenv("TICKSCOPE_LOG");
    QCOMPARE(log::levelFromEnvironment(), spdlog::level::warn);
    qputenv("TICKSCOPE_LOG", "debug");
    QCOMPARE(log::levelFromEnvironment(), spdlog::level::debug);
    qputenv("TICKSCOPE_LOG", "off");
    QCOMPARE(log::levelFromEnvironment(), spdlog::level::off);
    qputenv("TICKSCOPE_LOG", "loud");  // unknown: stays at the default instead of going silent
    QCOMPARE(log::levelFromEnvironment(), spdlog::level::warn);
  }
  void oneLoggerPerLayer() {
    qputenv("TICKSCOPE_LOG", "trace");
    QCOMPARE(log::logger(log::Layer::Engine).name(), std::string("tickscope.engine"));
    QCOMPARE(log::logger(log::Layer::Platform).name(), std::string("tickscope.platform"));
    QCOMPARE(log::logger(log::Layer::Views).name(), std::string("tickscope.views"));
    QCOMPARE(log::logger(log::Layer::App).name(), std::string("tickscope.app"));
    QCOMPARE(log::logger(log::Layer::App).level(), spdlog::level::trace);
    QVERIFY(&log::engine() == &log::logger(log::Layer::Engine));
  }
};

QTEST_APPLESS_MAIN(LogTests)
#include "log_tests.moc"
