// Replays the fuzzer's seed corpus and every saved crash input (tests/fuzz/corpus and
// tests/fuzz/regressions) through the loader in the normal build: each must load or give
// well-formed errors, and whatever loads must survive a save/load round trip. This is the
// regression test for crashes the libFuzzer target (tests/fuzz) once found.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/loader.h"
#include "graph/writer.h"

using namespace tickscope::graph;

class FuzzReplayTests : public QObject {
  Q_OBJECT
 private slots:
  void replay_data();
  void replay();
};

void FuzzReplayTests::replay_data() {
  QTest::addColumn<QString>("path");
  const std::filesystem::path root = TICKSCOPE_FUZZ_DIR;
  int rows = 0;
  for (const char* dir : {"corpus", "regressions"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(root / dir))
      if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      QTest::newRow(qPrintable(QString::fromStdString(std::string(dir) + "/" + f.filename().string())))
          << QString::fromStdString(f.string());
      ++rows;
    }
  }
  QVERIFY(rows >= 5);
}

void FuzzReplayTests::replay() {
  QFETCH(QString, path);
  std::ifstream in(path.toStdString(), std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  const LoadResult r = loadGraphBytes(data, "fuzz.tsg.json");
  if (!r.ok()) {
    QVERIFY(!r.errors.empty());
    for (const Diagnostic& d : r.errors) {
      const std::string text = d.format();
      QVERIFY(text.starts_with("fuzz.tsg.json:"));
      QVERIFY(!d.message.empty());
      for (char c : text) QVERIFY(c != '\n');
    }
    return;
  }
  const std::string saved = saveGraph(*r.document);
  const LoadResult again = loadGraphBytes(saved, "fuzz.tsg.json");
  QVERIFY2(again.ok(), again.errorText().c_str());
  QVERIFY(*again.document == *r.document);
  QCOMPARE(saveGraph(*again.document), saved);
}

QTEST_APPLESS_MAIN(FuzzReplayTests)
#include "fuzz_replay_tests.moc"
