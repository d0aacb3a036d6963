#include <QtTest/QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "trace/atomic_file.h"
#include "trace_test_classes.h"

using namespace tickscope::trace;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeRaw(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

std::vector<std::string> entries(const QString& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.toStdString())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

void AtomicFileTests::init() {
  dir_ = QDir::tempPath() + "/tickscope-atomic-" + QString::number(QCoreApplication::applicationPid());
  fs::remove_all(dir_.toStdString());
  fs::create_directories(dir_.toStdString());
}

void AtomicFileTests::cleanup() { fs::remove_all(dir_.toStdString()); }

void AtomicFileTests::writesAndReplaces() {
  const fs::path target = dir_.toStdString() + "/out.json";
  writeOutput(target.string(), [](std::ostream& o) { o << "first"; }, std::cout);
  QCOMPARE(readAll(target), std::string("first"));
  const std::string big(300000, 'x');  // larger than the write buffer
  writeOutput(target.string(), [&](std::ostream& o) { o << big; }, std::cout);
  QCOMPARE(readAll(target), big);
  QCOMPARE(entries(dir_), std::vector<std::string>{"out.json"});
}

void AtomicFileTests::keepsModeOfExistingFile() {
  const fs::path target = dir_.toStdString() + "/mode.csv";
  writeRaw(target, "old");
  ::chmod(target.c_str(), 0640);
  writeOutput(target.string(), [](std::ostream& o) { o << "new"; }, std::cout);
  struct stat st {};
  QCOMPARE(::stat(target.c_str(), &st), 0);
  QCOMPARE(int(st.st_mode & 0777), 0640);
  QCOMPARE(readAll(target), std::string("new"));
}

void AtomicFileTests::discardLeavesTargetUntouched() {
  const fs::path target = dir_.toStdString() + "/keep.json";
  writeRaw(target, "precious");
  {
    AtomicFile file(target);
    file.stream() << "half a fi";
    QVERIFY(fs::exists(file.temporaryPath()));
    QCOMPARE(file.temporaryPath().parent_path(), target.parent_path());
  }  // destroyed without commit
  QCOMPARE(readAll(target), std::string("precious"));
  QCOMPARE(entries(dir_), std::vector<std::string>{"keep.json"});
}

void AtomicFileTests::throwingWriterLeavesTargetUntouched() {
  const fs::path target = dir_.toStdString() + "/keep.json";
  writeRaw(target, "precious");
  bool threw = false;
  try {
    writeOutput(target.string(),
                [](std::ostream& o) {
                  o << std::string(200000, 'y');  // some of it already reached the temporary
                  throw std::runtime_error("exporter failed");
                },
                std::cout);
  } catch (const std::runtime_error& e) {
    threw = std::string(e.what()) == "exporter failed";
  }
  QVERIFY(threw);
  QCOMPARE(readAll(target), std::string("precious"));
  QCOMPARE(entries(dir_), std::vector<std::string>{"keep.json"});
}

void AtomicFileTests::missingDirectoryFails() {
  const std::string target = dir_.toStdString() + "/no/such/dir/out.json";
  bool threw = false;
  try {
    writeOutput(target, [](std::ostream& o) { o << "x"; }, std::cout);
  } catch (const OutputError& e) {
    threw = std::string(e.what()).rfind(target, 0) == 0;  // names the path first
  }
  QVERIFY(threw);
  QVERIFY(entries(dir_).empty());
}

void AtomicFileTests::directoryTargetFailsWithoutTemporary() {
  const fs::path target = dir_.toStdString() + "/adir";
  fs::create_directory(target);
  QVERIFY_THROWS_EXCEPTION(OutputError, writeOutput(target.string(), [](std::ostream& o) { o << "x"; }, std::cout));
  QCOMPARE(entries(dir_), std::vector<std::string>{"adir"});
  QVERIFY(fs::is_directory(target));
}

void AtomicFileTests::devicesAreWrittenThrough() {
  writeOutput("/dev/null", [](std::ostream& o) { o << std::string(100000, 'z'); }, std::cout);
  AtomicFile file("/dev/null");
  QVERIFY(file.temporaryPath().empty());  // nothing to replace: no temporary
  file.stream() << "x";
  file.commit();
  QVERIFY(fs::exists("/dev/null"));
  // A device that fails every write (ENOSPC): the failure is reported, not swallowed.
  QVERIFY_THROWS_EXCEPTION(OutputError, writeOutput("/dev/full", [](std::ostream& o) { o << "x"; }, std::cout));
}

void AtomicFileTests::dashWritesToStream() {
  std::ostringstream out;
  writeOutput("-", [](std::ostream& o) { o << "to stdout"; }, out);
  QCOMPARE(out.str(), std::string("to stdout"));
  QVERIFY(entries(dir_).empty());
  QVERIFY(!fs::exists("-"));
}

void AtomicFileTests::failingStreamIsAnError() {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  QVERIFY_THROWS_EXCEPTION(OutputError, writeOutput("-", [](std::ostream& o) { o << "x"; }, out));
}
