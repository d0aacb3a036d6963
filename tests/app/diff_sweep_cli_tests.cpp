// `tickscope diff` and `tickscope sweep` through the binary: JSON, exit codes 0 / 3 / 2.
#include <QtTest/QtTest>

#include <set>

#include "cli_process.h"
#include "cli_test_classes.h"

using nlohmann::json;

void DiffSweepCliTests::initTestCase() { QVERIFY(dir_.isValid()); }

void DiffSweepCliTests::diffSameFileIsExit0() {
  const auto r = cli::run({"diff", cli::example("newton-cycle"), cli::example("newton-cycle")});
  QCOMPARE(r.exitCode, 0);
  const json j = cli::parseJson(r.out);
  QCOMPARE(j["same"].get<bool>(), true);
  QVERIFY(j["firstDifferentStep"].is_null());
  QVERIFY(j["cells"].empty());
  QCOMPARE(j["a"]["graph"].get<std::string>(), std::string("newton-cycle"));
  QVERIFY(!j["actions"].empty());
  for (const json& a : j["actions"]) QCOMPARE(a["runCountA"], a["runCountB"]);
}

void DiffSweepCliTests::diffSeedsOfTheDiamondNeverDiffer() {
  for (const char* mode : {"pull", "push"}) {
    // The file's mode is pull; push through a copy with the mode changed.
    QString file = cli::example("diamond");
    if (QString(mode) == "push") {
      QByteArray text = cli::readFile(file);
      text.replace("\"mode\": \"pull\"", "\"mode\": \"push\"");
      file = dir_.filePath("diamond-push.tsg.json");
      cli::writeFile(file, text);
    }
    for (const char* seeds : {"0,1", "7,99", "12345,3"}) {
      const auto r = cli::run({"diff", file, "--seeds", seeds});
      QCOMPARE(r.exitCode, 0);
      const json j = cli::parseJson(r.out);
      QCOMPARE(j["a"]["mode"].get<std::string>(), std::string(mode));
      QVERIFY2(j["firstDifferentStep"].is_null(), r.out.constData());
      QCOMPARE(j["same"].get<bool>(), true);
    }
  }
}

void DiffSweepCliTests::diffSeedsOfOrderDependentDiffer() {
  // Find a seed whose outcome differs from seed 0's by running both (the reports say).
  const auto report = [](int seed) {
    return cli::parseJson(cli::run({"run", cli::example("order-dependent"), "--seed", QString::number(seed)}).out);
  };
  const double shared0 = report(0)["cells"]["shared"].get<double>();
  int other = -1;
  for (int s = 1; s < 32 && other < 0; ++s)
    if (report(s)["cells"]["shared"].get<double>() != shared0) other = s;
  QVERIFY(other > 0);
  const auto r = cli::run({"diff", cli::example("order-dependent"), "--seeds", QString("0,%1").arg(other)});
  QCOMPARE(r.exitCode, 3);
  const json j = cli::parseJson(r.out);
  QCOMPARE(j["same"].get<bool>(), false);
  QVERIFY(j["firstDifferentStep"].is_number_unsigned());
  QCOMPARE(j["a"]["decision"]["step"], j["firstDifferentStep"]);
  QCOMPARE(j["b"]["seed"].get<int>(), other);
  QCOMPARE(j["cells"].size(), std::size_t(1));
  QCOMPARE(j["cells"][0]["name"].get<std::string>(), std::string("shared"));
  QCOMPARE(j["cells"][0]["a"].get<double>(), shared0);
}

void DiffSweepCliTests::diffModesOfAvoidableWork() {
  const auto r = cli::run({"diff", cli::example("avoidable-work"), "--modes", "pull,push"});
  QCOMPARE(r.exitCode, 3);  // push computes audit and histogram: their cells differ
  const json j = cli::parseJson(r.out);
  QCOMPARE(j["a"]["mode"].get<std::string>(), std::string("pull"));
  QCOMPARE(j["b"]["mode"].get<std::string>(), std::string("push"));
  bool audit = false;
  for (const json& a : j["actions"]) {
    if (a["id"] != "audit") continue;
    audit = true;
    QCOMPARE(a["runCountA"].get<int>(), 0);
    QCOMPARE(a["runCountB"].get<int>(), 4);
    QCOMPARE(a["runCountDelta"].get<int>(), 4);
  }
  QVERIFY(audit);
  QVERIFY(!j["cells"].empty());
}

void DiffSweepCliTests::diffInputErrorsAreExit2() {
  const QString bad = dir_.filePath("bad.tsg.json");
  cli::writeFile(bad, "{\"tickscope\": 1, \"actions\": [ { \"id\": \"x\" } ]}");
  auto r = cli::run({"diff", cli::example("diamond"), bad});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  QVERIFY2(r.err.contains("bad.tsg.json: /actions/0"), r.err.constData());
  r = cli::run({"diff", cli::example("diamond"), dir_.filePath("run.tstrace")});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  QVERIFY2(r.err.contains("run.tstrace: cannot open the recording"), r.err.constData());
  r = cli::run({"sweep", dir_.filePath("missing.tsg.json"), "--seeds", "4"});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  QVERIFY2(r.err.contains("missing.tsg.json"), r.err.constData());
  r = cli::run({"diff", bad, "--seeds", "1,2"});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
}

void DiffSweepCliTests::sweepExamplesGiveOneGroup() {
  for (const char* name : {"diamond", "debounce-storm", "newton-cycle", "request-dangling", "runaway-cycle"}) {
    const auto r = cli::run({"sweep", cli::example(name), "--seeds", "64"});
    QVERIFY2(r.exitCode == 0, qPrintable(QString("%1: %2").arg(name, QString::fromUtf8(r.out.left(500)))));
    const json j = cli::parseJson(r.out);
    QCOMPARE(j["groups"].size(), std::size_t(1));
    QCOMPARE(j["groups"][0]["seeds"].size(), std::size_t(64));
    QCOMPARE(j["seedsRun"].get<int>(), 64);
    QVERIFY(j["explanation"].is_null());
  }
}

void DiffSweepCliTests::sweepOrderDependentGivesTwoGroups() {
  const auto r = cli::run({"sweep", cli::example("order-dependent"), "--seeds", "64"});
  QCOMPARE(r.exitCode, 3);
  const json j = cli::parseJson(r.out);
  QCOMPARE(j["groups"].size(), std::size_t(2));
  std::set<int> seeds;
  std::set<double> shared;
  for (const json& g : j["groups"]) {
    for (const json& s : g["seeds"]) seeds.insert(s.get<int>());
    shared.insert(g["outcome"]["cells"]["shared"].get<double>());
  }
  QCOMPARE(seeds.size(), std::size_t(64));
  QCOMPARE(shared, (std::set<double>{3, 20}));
  QVERIFY(j["explanation"]["firstDifferentStep"].is_number_unsigned());
  // The same through push mode.
  const auto push = cli::run({"sweep", cli::example("order-dependent"), "--seeds", "64", "--mode", "push"});
  QCOMPARE(push.exitCode, 3);
  QCOMPARE(cli::parseJson(push.out)["mode"].get<std::string>(), std::string("push"));
}

void DiffSweepCliTests::diffOfRecordingsIsTheDiffOfTheirRuns() {
  // The order-dependent graph under two seeds of different outcomes, recorded, then compared
  // from the recordings alone: what diff says of the graph file under those seeds.
  const auto shared = [](int seed) {
    return cli::parseJson(cli::run({"run", cli::example("order-dependent"), "--seed", QString::number(seed)}).out)["cells"]
                         ["shared"]
                             .get<double>();
  };
  int other = -1;
  for (int s = 1; s < 32 && other < 0; ++s)
    if (shared(s) != shared(0)) other = s;
  QVERIFY(other > 0);
  const QString a = dir_.filePath("od-0.tstrace"), b = dir_.filePath(QString("od-%1.tstrace").arg(other));
  QCOMPARE(cli::run({"run", cli::example("order-dependent"), "--seed", "0", "--record", a}).exitCode, 0);
  QCOMPARE(cli::run({"run", cli::example("order-dependent"), "--seed", QString::number(other), "--record", b}).exitCode, 0);
  const auto fromRecordings = cli::run({"diff", a, b});
  const auto fromFile = cli::run({"diff", cli::example("order-dependent"), "--seeds", QString("0,%1").arg(other)});
  QCOMPARE(fromRecordings.exitCode, 3);
  QCOMPARE(fromFile.exitCode, 3);
  const json r = cli::parseJson(fromRecordings.out), f = cli::parseJson(fromFile.out);
  QCOMPARE(r["same"], f["same"]);
  QCOMPARE(r["firstDifferentStep"], f["firstDifferentStep"]);
  QCOMPARE(r["a"]["decision"], f["a"]["decision"]);
  QCOMPARE(r["b"]["decision"], f["b"]["decision"]);
  QCOMPARE(r["cells"], f["cells"]);
  QCOMPARE(r["actions"], f["actions"]);
  // A recording against a graph file, and the diamond's recordings under two seeds: the same.
  QCOMPARE(cli::run({"diff", a, cli::example("order-dependent")}).exitCode, 0);  // the file's seed is 0
  const QString d1 = dir_.filePath("d1.tstrace"), d2 = dir_.filePath("d2.tstrace");
  QCOMPARE(cli::run({"run", cli::example("diamond"), "--seed", "1", "--record", d1}).exitCode, 0);
  QCOMPARE(cli::run({"run", cli::example("diamond"), "--seed", "2", "--record", d2}).exitCode, 0);
  const auto diamond = cli::run({"diff", d1, d2});
  QCOMPARE(diamond.exitCode, 0);
  QVERIFY(cli::parseJson(diamond.out)["firstDifferentStep"].is_null());
  // A damaged recording: exit 2, the offset named, nothing on standard output.
  QByteArray bytes = cli::readFile(d1);
  cli::writeFile(dir_.filePath("cut.tstrace"), bytes.left(bytes.size() - 40));
  const auto cut = cli::run({"diff", dir_.filePath("cut.tstrace"), d2});
  QCOMPARE(cut.exitCode, 2);
  QVERIFY(cut.out.isEmpty());
  QVERIFY2(cut.err.contains("damaged recording at offset"), cut.err.constData());
}
