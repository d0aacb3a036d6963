#include <QtTest/QtTest>

#include <cmath>
#include <set>

#include "cli_process.h"
#include "cli_test_classes.h"

using nlohmann::json;

namespace {

json runReport(const QString& name, const QStringList& extra = {}, int expectedExit = 0) {
  const auto r = cli::run(QStringList{"run", cli::example(name)} + extra);
  if (r.exitCode != expectedExit) qWarning("%s exited %d: %s", qPrintable(name), r.exitCode, r.err.constData());
  return r.exitCode == expectedExit ? cli::parseJson(r.out) : json();
}

const json* action(const json& report, const std::string& id) {
  for (const json& a : report["actions"])
    if (a["id"] == id) return &a;
  return nullptr;
}

std::vector<json> runsOf(const json& report, const std::string& id) {
  std::vector<json> runs;
  for (const json& r : report["effectRuns"])
    if (r["action"] == id) runs.push_back(r);
  return runs;
}

bool near(double a, double b, double tolerance = 1e-9) { return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b)); }

}  // namespace

void ExampleTests::initTestCase() { QVERIFY(dir_.isValid()); }

void ExampleTests::everyExampleValidatesAndRuns() {
  const QStringList files = QDir(TICKSCOPE_EXAMPLES_DIR).entryList({"*.tsg.json"}, QDir::Files, QDir::Name);
  QCOMPARE(files, (QStringList{"auto-debounce.tsg.json", "avoidable-work.tsg.json", "debounce-storm.tsg.json",
                               "diamond.tsg.json", "grid-10000.tsg.json", "newton-cycle.tsg.json",
                               "order-dependent.tsg.json", "request-dangling.tsg.json", "runaway-cycle.tsg.json", "slow-cycle.tsg.json"}));
  const QByteArray readme = cli::readFile(QString(TICKSCOPE_EXAMPLES_DIR) + "/README.md");
  for (const QString& f : files) {
    const QString path = QString(TICKSCOPE_EXAMPLES_DIR) + "/" + f;
    const auto v = cli::run({"validate", path});
    QCOMPARE(v.exitCode, 0);
    QVERIFY2(v.err.isEmpty(), v.err.constData());  // no warnings either
    QVERIFY2(readme.contains(f.toUtf8()), qPrintable(f + " is not described in README.md"));
    const bool hasErrors = f.startsWith("runaway") || f.startsWith("request");
    const auto r = cli::run({"run", path, "--strict"});
    QCOMPARE(r.exitCode, hasErrors ? 3 : 0);
    const json report = cli::parseJson(r.out);
    QCOMPARE(report["graph"].get<std::string>(), f.chopped(9).toStdString());  // name = file name
    QCOMPARE(report["stats"]["pending"].get<int>(), 0);  // a finished run leaves nothing pending
  }
}

// Lesson: an effect never sees a mix of old and new values, whatever the order of the
// computations — d is always b + c, in pull and push mode, for many seeds.
void ExampleTests::diamondIsGlitchFree() {
  for (const char* mode : {"pull", "push"}) {
    for (int seed = 0; seed < 8; ++seed) {
      const json report = runReport("diamond", {"--mode", mode, "--seed", QString::number(seed)});
      const auto runs = runsOf(report, "show");
      QCOMPARE(runs.size(), std::size_t(5));  // the initial settle and one per event
      for (const json& run : runs) {
        const json& r = run["reads"];
        QCOMPARE(r["d"].get<double>(), r["b"].get<double>() + r["c"].get<double>());
        QCOMPARE(run["output"].get<double>(), 0.0);
      }
      QCOMPARE(runs.back()["reads"]["d"].get<double>(), 2.5);  // a = 0.5: b = 1.5, c = 1
      QCOMPARE(report["cells"]["d"].get<double>(), 2.5);
      QVERIFY(report["errors"].empty());
    }
  }
}

// Lesson: in pull mode a computation no effect depends on never runs; push runs everything.
void ExampleTests::avoidableWorkPullSkipsWhatPushRuns() {
  const json pull = runReport("avoidable-work");
  const json push = runReport("avoidable-work", {"--mode", "push"});
  QCOMPARE((*action(pull, "audit"))["runCount"].get<int>(), 0);
  QCOMPARE((*action(pull, "histogram"))["runCount"].get<int>(), 0);
  // Push: the initial run and one per change of net (events at 100, 200 and 400).
  QCOMPARE((*action(push, "audit"))["runCount"].get<int>(), 4);
  QCOMPARE((*action(push, "histogram"))["runCount"].get<int>(), 4);
  // Both modes show the user the same totals.
  const auto pullRuns = runsOf(pull, "checkout"), pushRuns = runsOf(push, "checkout");
  QCOMPARE(pullRuns.size(), pushRuns.size());
  for (std::size_t i = 0; i < pullRuns.size(); ++i) QCOMPARE(pullRuns[i]["output"], pushRuns[i]["output"]);
  QVERIFY(near(pullRuns.back()["output"].get<double>(), 49.5));  // 9 * 5 * 1.1
  double pullBusy = 0, pushBusy = 0;
  for (const json& a : pull["actions"]) pullBusy += a["totalMs"].get<double>();
  for (const json& a : push["actions"]) pushBusy += a["totalMs"].get<double>();
  QCOMPARE(pushBusy, pullBusy + 4 * 40);  // audit + histogram: 40 ms per run, all avoidable
}

// Lesson: a cheap cycle converges inside one decision: sqrt(n) by Newton's method.
void ExampleTests::newtonCycleConvergesFast() {
  const json report = runReport("newton-cycle");
  QVERIFY(!report["cycles"].empty());
  for (const json& c : report["cycles"]) {
    QCOMPARE(c["strategy"].get<std::string>(), std::string("fast"));
    QVERIFY(c["converged"].get<bool>());
    QVERIFY(c["iterations"].get<int>() >= 2);
    QCOMPARE(std::set<std::string>(c["members"].begin(), c["members"].end()),
             (std::set<std::string>{"halfStep", "fullStep"}));
  }
  const auto runs = runsOf(report, "show");
  QCOMPARE(runs.size(), std::size_t(4));
  const double roots[] = {std::sqrt(2.0), 9.0, 1000.0, 0.5};
  for (std::size_t i = 0; i < 4; ++i) QVERIFY2(near(runs[i]["output"].get<double>(), roots[i]), qPrintable(QString::number(i)));
  QVERIFY(near(report["cells"]["x"].get<double>(), 0.5));
  QVERIFY(report["errors"].empty());
}

// Lesson: once the members' measured cost exceeds the budget, the cycle converges one
// iteration per decision: other work and virtual time go on in between.
void ExampleTests::slowCycleYields() {
  const json report = runReport("slow-cycle");
  bool slow = false;
  for (const json& c : report["cycles"]) {
    QVERIFY(c["converged"].get<bool>());
    if (c["strategy"] == "slow") {
      slow = true;
      QVERIFY(c["iterations"].get<int>() >= 2);
    }
  }
  QVERIFY(slow);
  QCOMPARE(report["cycles"][0]["strategy"].get<std::string>(), std::string("fast"));  // nothing measured yet
  QVERIFY(near(report["cells"]["x"].get<double>(), 100.0, 1e-6));
  const auto show = runsOf(report, "show");
  QVERIFY(near(show.back()["output"].get<double>(), 100.0, 1e-6));
  // The counter effect (clicks = 1, same event) ran between iterations of the slow cycle
  // started at 300, before show got the converged value.
  double clicks1 = -1;
  for (const json& r : runsOf(report, "counter"))
    if (r["output"] == 1) clicks1 = r["atMs"].get<double>();
  QVERIFY(clicks1 > 300);
  QVERIFY(clicks1 < show.back()["atMs"].get<double>());
  QCOMPARE(report["cycles"].size(), std::size_t(3));
  QCOMPARE(report["cycles"][2]["atMs"].get<double>(), 300.0);
  QVERIFY(report["errors"].empty());
}

// Lesson: a cycle that never converges is stopped at maxIterations, once, and the rest of the
// graph keeps running.
void ExampleTests::runawayCycleHitsTheLimitOnce() {
  const json report = runReport("runaway-cycle");
  QCOMPARE(report["errors"].size(), std::size_t(1));
  const json& e = report["errors"][0];
  QCOMPARE(e["kind"].get<std::string>(), std::string("cycle-limit"));
  QCOMPARE(std::set<std::string>(e["actions"].begin(), e["actions"].end()), (std::set<std::string>{"inc", "dec"}));
  QCOMPARE(report["cycles"].size(), std::size_t(1));
  QCOMPARE(report["cycles"][0]["converged"].get<bool>(), false);
  QCOMPARE(report["cycles"][0]["iterations"].get<int>(), 20);
  std::vector<double> z2;
  for (const json& r : runsOf(report, "watchZ")) z2.push_back(r["output"].get<double>());
  QCOMPARE(z2, (std::vector<double>{2, 4, 6}));
  QCOMPARE(report["stats"]["pending"].get<int>(), 0);
}

// Lesson: a debounced effect runs once per burst, debounceMs after the burst's last write.
void ExampleTests::debounceStormRunsOncePerBurst() {
  const json report = runReport("debounce-storm");
  const auto runs = runsOf(report, "save");
  QCOMPARE(runs.size(), std::size_t(3));
  QCOMPARE(runs[0]["atMs"].get<double>(), 0.0);  // the first scheduling is never debounced
  QCOMPARE(runs[1]["atMs"].get<double>(), 240.0);  // last write of burst 1 at 140
  QCOMPARE(runs[1]["output"].get<double>(), 0.5);
  QCOMPARE(runs[2]["atMs"].get<double>(), 1200.0);  // last write of burst 2 at 1100
  QCOMPARE(runs[2]["output"].get<double>(), 6.0);
  const json& save = *action(report, "save");
  QCOMPARE(save["runCount"].get<int>(), 3);
  QCOMPARE(save["debounceMs"].get<double>(), 100.0);
  QCOMPARE(save["autoDebounced"].get<bool>(), false);
  QCOMPARE(runsOf(report, "preview").size(), std::size_t(12));  // the initial run and every write
  QCOMPARE(report["virtualTimeMs"].get<double>(), 1205.0);
  // The trace shows the timers: one span per arming, restarts included.
  const auto t = cli::run({"run", cli::example("debounce-storm"), "--trace", "-"});
  QCOMPARE(t.exitCode, 0);
  const json trace = cli::parseJson(t.out);
  int spans = 0;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "b" && e["cat"] == "debounce") ++spans;
  QCOMPARE(spans, 11);
}

// Lesson: an action that keeps costing more than thresholdMs gets debounced automatically
// after minRuns runs.
void ExampleTests::autoDebounceKicksIn() {
  const json report = runReport("auto-debounce");
  const json& search = *action(report, "search");
  const json& echo = *action(report, "echo");
  QCOMPARE(search["autoDebounced"].get<bool>(), true);
  QCOMPARE(search["debounceMs"].get<double>(), 100.0);
  QCOMPARE(search["averageMs"].get<double>(), 60.0);
  QCOMPARE(echo["autoDebounced"].get<bool>(), false);
  QCOMPARE(echo["debounceMs"].get<double>(), 0.0);
  QVERIFY(search["runCount"].get<int>() < echo["runCount"].get<int>());
  // The burst 1000..1040 ends in one search run, 100 ms after its last write.
  const auto runs = runsOf(report, "search");
  QCOMPARE(runs.back()["output"].get<double>(), 16.0);
  int inBurst = 0;
  for (const json& r : runs) inBurst += r["atMs"].get<double>() >= 1000;
  QCOMPARE(inBurst, 1);
}

// Lesson: a 10,000-node generated grid runs headless in well under a second.
void ExampleTests::grid10000() {
  const json report = runReport("grid-10000", {"--strict"});
  QCOMPARE(report["stats"]["computations"].get<int>(), 10000);
  QVERIFY(report["stats"]["effects"].get<int>() >= 100);
  QVERIFY(report["errors"].empty());
  for (const json& a : report["actions"]) {
    if (a["kind"] == "effect") QVERIFY(a["runCount"].get<int>() >= 1);
  }
  QCOMPARE(runReport("grid-10000").dump(), report.dump());  // deterministic
}

// Lesson (spec section 6): a request that leaves a background task running without
// waitUntil is an invalid session; waitUntil tasks are allowed.
void ExampleTests::requestLeavesADanglingTask() {
  const json report = runReport("request-dangling");
  QCOMPARE(report["sessions"].size(), std::size_t(2));
  const json& s1 = report["sessions"][0];
  QCOMPARE(s1["id"].get<std::string>(), std::string("req-1"));
  QCOMPARE(s1["atMs"].get<double>(), 10.0);
  QCOMPARE(s1["tasks"], json::parse(R"(["flush", "audit"])"));
  QCOMPARE(s1["waitUntil"], json::parse(R"(["flush"])"));
  QCOMPARE(s1["dangling"], json::parse(R"(["audit"])"));
  QCOMPARE(s1["valid"].get<bool>(), false);
  const json& s2 = report["sessions"][1];
  QCOMPARE(s2["id"].get<std::string>(), std::string("req-2"));
  QCOMPARE(s2["valid"].get<bool>(), true);
  QVERIFY(s2["dangling"].empty());
  QCOMPARE(report["errors"].size(), std::size_t(1));
  const json& e = report["errors"][0];
  QCOMPARE(e["kind"].get<std::string>(), std::string("dangling-task"));
  QCOMPARE(e["session"].get<std::string>(), std::string("req-1"));
  QCOMPARE(e["tasks"], json::parse(R"(["audit"])"));
  QVERIFY(e["message"].get<std::string>().find("audit") != std::string::npos);
  // The run goes on until the audit task's timer (10 + 500 ms) has fired.
  QCOMPARE(report["virtualTimeMs"].get<double>(), 510.0);
  QCOMPARE(runsOf(report, "render").back()["output"].get<double>(), 8.0);
}

// Lesson: two effects writing one cell, unordered: the seed decides which write is last.
void ExampleTests::orderDependentDependsOnTheSeed() {
  std::set<double> finals;
  for (int seed = 0; seed < 16; ++seed) {
    const json report = runReport("order-dependent", {"--seed", QString::number(seed)});
    const double shared = report["cells"]["shared"].get<double>();
    QVERIFY2(shared == 3 || shared == 20, qPrintable(QString::number(shared)));  // trigger + 1 or trigger * 10
    finals.insert(shared);
    QCOMPARE(runsOf(report, "stamp").size(), std::size_t(2));  // the settle and the event, in any order
    QCOMPARE(runsOf(report, "scale").size(), std::size_t(2));
    QVERIFY(report["errors"].empty());
  }
  QCOMPARE(finals.size(), std::size_t(2));
}
