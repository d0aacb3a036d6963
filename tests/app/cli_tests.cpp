#include <QtTest/QtTest>

#include <map>

#include "cli_process.h"
#include "cli_test_classes.h"
#include "run/recording.h"

using nlohmann::json;

namespace {

// A graph whose effect divides by zero once a becomes 0.
const char* const kMathError = R"({
  "tickscope": 1, "name": "math",
  "cells": { "a": 2 },
  "actions": [
    { "id": "ratio", "kind": "computation", "reads": ["a"], "writes": ["r"], "expr": "1 / a" },
    { "id": "show", "kind": "effect", "reads": ["r"], "expr": "r * 2" }
  ],
  "events": [ { "atMs": 5, "set": { "a": 0 } }, { "atMs": 10, "set": { "a": 4 } } ]
})";

// A debounced effect whose timer would fire at 1010 ms.
const char* const kLateTimer = R"({
  "tickscope": 1, "name": "late",
  "cells": { "a": 0 },
  "actions": [ { "id": "slow", "kind": "effect", "reads": ["a"], "debounceMs": 1000 } ],
  "events": [ { "atMs": 10, "set": { "a": 1 } } ]
})";

}  // namespace

void CliTests::init() {
  // A fresh, empty directory per test function, so each can list exactly what it wrote.
  QVERIFY(dir_.isValid());
  work_ = dir_.filePath(QTest::currentTestFunction());
  QVERIFY(QDir().mkpath(work_));
}

QString CliTests::path(const QString& name) const { return work_ + "/" + name; }

void CliTests::reportGoesToStdoutByDefault() {
  const auto r = cli::run({"run", cli::example("diamond")});
  QCOMPARE(r.exitCode, 0);
  const json report = cli::parseJson(r.out);
  QCOMPARE(report["tickscope"].get<int>(), 1);
  QCOMPARE(report["graph"].get<std::string>(), std::string("diamond"));
  QCOMPARE(report["mode"].get<std::string>(), std::string("pull"));
  QCOMPARE(report["seed"].get<int>(), 7);
  QCOMPARE(report["actions"].size(), std::size_t(4));
  QVERIFY(r.err.isEmpty());
}

void CliTests::dashWritesEachOutputToStdout() {
  const auto csv = cli::run({"run", cli::example("diamond"), "--csv", "-"});
  QCOMPARE(csv.exitCode, 0);
  QVERIFY(csv.out.startsWith("id,kind,runCount,totalMs,averageMs,lastRunMs,debounceMs,autoDebounced\n"));
  const auto trace = cli::run({"run", cli::example("diamond"), "--trace", "-"});
  QCOMPARE(trace.exitCode, 0);
  QVERIFY(cli::parseJson(trace.out).contains("traceEvents"));
  const auto report = cli::run({"run", cli::example("diamond"), "--report", "-"});
  QCOMPARE(report.exitCode, 0);
  QCOMPARE(cli::parseJson(report.out)["graph"].get<std::string>(), std::string("diamond"));
  QVERIFY(!QFile::exists("-"));
  QVERIFY(!QFile::exists(path("-")));
  QVERIFY(cli::entries(work_).isEmpty());
}

void CliTests::writesReportCsvAndTraceFiles() {
  const QString report = path("r.json"), csv = path("t.csv"), trace = path("tr.json");
  const auto r = cli::run({"run", cli::example("diamond"), "--report", report, "--csv", csv, "--trace", trace});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.isEmpty());  // asked for files: nothing on stdout
  QCOMPARE(cli::parseJson(cli::readFile(report))["graph"].get<std::string>(), std::string("diamond"));
  QVERIFY(cli::readFile(csv).startsWith("id,kind,"));
  QVERIFY(cli::parseJson(cli::readFile(trace)).contains("traceEvents"));
  QCOMPARE(cli::entries(work_), (QStringList{"r.json", "t.csv", "tr.json"}));
  // The report written to a file is the one printed to stdout.
  QCOMPARE(cli::readFile(report), cli::run({"run", cli::example("diamond")}).out);
}

void CliTests::overridesModeAndSeed() {
  const auto r = cli::run({"run", cli::example("diamond"), "--mode", "push", "--seed", "99"});
  QCOMPARE(r.exitCode, 0);
  const json report = cli::parseJson(r.out);
  QCOMPARE(report["mode"].get<std::string>(), std::string("push"));
  QCOMPARE(report["seed"].get<int>(), 99);
}

void CliTests::sameFileSameSeedSameBytes() {
  for (const char* name : {"diamond", "debounce-storm", "slow-cycle", "request-dangling"}) {
    QStringList first, second;
    for (QStringList* outs : {&first, &second}) {
      const QString tag = QString::number(outs == &first);
      *outs = {path(tag + "r.json"), path(tag + "t.csv"), path(tag + "tr.json")};
      const auto r = cli::run({"run", cli::example(name), "--seed", "3", "--report", (*outs)[0], "--csv", (*outs)[1],
                               "--trace", (*outs)[2]});
      QCOMPARE(r.exitCode == 0 || r.exitCode == 3, true);
    }
    for (int i = 0; i < 3; ++i) {
      const QByteArray a = cli::readFile(first[i]);
      QVERIFY(!a.isEmpty());
      QVERIFY2(a == cli::readFile(second[i]), qPrintable(QString(name) + " " + first[i]));
    }
  }
}

void CliTests::traceTracksNeverOverlap() {
  for (const char* name : {"diamond", "slow-cycle", "debounce-storm", "auto-debounce", "request-dangling"}) {
    const auto r = cli::run({"run", cli::example(name), "--trace", "-"});
    QVERIFY(r.exitCode == 0 || r.exitCode == 3);
    const json trace = cli::parseJson(r.out);
    QVERIFY(trace["traceEvents"].is_array());
    std::map<int, std::string> threads;
    std::map<int, std::vector<std::pair<double, double>>> runs;
    std::map<std::uint64_t, int> asyncBalance;
    for (const json& e : trace["traceEvents"]) {
      const std::string ph = e["ph"].get<std::string>();
      if (ph == "M" && e["name"] == "thread_name") threads[e["tid"].get<int>()] = e["args"]["name"].get<std::string>();
      if (ph == "X") runs[e["tid"].get<int>()].emplace_back(e["ts"].get<double>(), e["dur"].get<double>());
      if (ph == "b") ++asyncBalance[e["id"].get<std::uint64_t>()];
      if (ph == "e") --asyncBalance[e["id"].get<std::uint64_t>()];
    }
    QVERIFY2(!runs.empty(), name);
    for (auto& [tid, spans] : runs) {
      QVERIFY(threads.contains(tid));  // every run is on a named track
      std::sort(spans.begin(), spans.end());
      for (std::size_t i = 1; i < spans.size(); ++i)
        QVERIFY2(spans[i - 1].first + spans[i - 1].second <= spans[i].first,
                 qPrintable(QString("%1: overlapping runs on %2").arg(name).arg(threads[tid].c_str())));
    }
    for (const auto& [id, balance] : asyncBalance) QCOMPARE(balance, 0);  // every b has its e
  }
  // One track per action, named after it, plus the scheduler and sessions tracks.
  const json trace = cli::parseJson(cli::run({"run", cli::example("diamond"), "--trace", "-"}).out);
  QStringList names;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name") names << QString::fromStdString(e["args"]["name"].get<std::string>());
  QCOMPARE(names, (QStringList{"scheduler", "sessions", "left", "right", "join", "show"}));
}

void CliTests::csvMatchesTheReport() {
  const QString csvPath = path("t.csv"), reportPath = path("r.json");
  QCOMPARE(cli::run({"run", cli::example("auto-debounce"), "--csv", csvPath, "--report", reportPath}).exitCode, 0);
  const json report = cli::parseJson(cli::readFile(reportPath));
  const QList<QByteArray> lines = cli::readFile(csvPath).split('\n');
  QCOMPARE(lines.first(), QByteArray("id,kind,runCount,totalMs,averageMs,lastRunMs,debounceMs,autoDebounced"));
  QCOMPARE(lines.size(), int(report["actions"].size()) + 2);  // header, rows, "" after the last newline
  for (std::size_t i = 0; i < report["actions"].size(); ++i) {
    const json& a = report["actions"][i];
    const QList<QByteArray> f = lines[int(i) + 1].split(',');
    QCOMPARE(f.size(), 8);
    QCOMPARE(f[0].toStdString(), a["id"].get<std::string>());
    QCOMPARE(f[1].toStdString(), a["kind"].get<std::string>());
    QCOMPARE(f[2].toULongLong(), a["runCount"].get<std::uint64_t>());
    QCOMPARE(f[3].toDouble(), a["totalMs"].get<double>());
    QCOMPARE(f[4].toDouble(), a["averageMs"].get<double>());
    QCOMPARE(f[5].toDouble(), a["lastRunMs"].get<double>());
    QCOMPARE(f[6].toDouble(), a["debounceMs"].get<double>());
    QCOMPARE(f[7] == "true", a["autoDebounced"].get<bool>());
  }
}

void CliTests::strictExitCode() {
  const QString report = path("r.json");
  const auto failing = cli::run({"run", cli::example("runaway-cycle"), "--strict", "--report", report});
  QCOMPARE(failing.exitCode, 3);
  QVERIFY(failing.err.contains("cycle-limit"));
  // The report is still written: --strict only changes the exit code.
  QVERIFY(!cli::parseJson(cli::readFile(report))["errors"].empty());
  QCOMPARE(cli::run({"run", cli::example("runaway-cycle")}).exitCode, 0);
  QCOMPARE(cli::run({"run", cli::example("diamond"), "--strict"}).exitCode, 0);
}

void CliTests::unwritableOutputIsExit1AndTouchesNothing() {
  const QString csv = path("t.csv");
  cli::writeFile(csv, "keep me");
  const auto missingDir =
      cli::run({"run", cli::example("diamond"), "--csv", csv, "--report", path("no/such/dir/r.json")});
  QCOMPARE(missingDir.exitCode, 1);
  QVERIFY(missingDir.err.contains("no/such/dir/r.json"));
  QCOMPARE(cli::readFile(csv), QByteArray("keep me"));  // opened first, so nothing was written
  QDir(work_).mkdir("adir");
  const auto isDir = cli::run({"run", cli::example("diamond"), "--report", path("adir")});
  QCOMPARE(isDir.exitCode, 1);
  QCOMPARE(cli::entries(work_), (QStringList{"adir", "t.csv"}));
  QVERIFY(cli::entries(path("adir")).isEmpty());
  // A write that fails (device full) is exit 1 too.
  const auto full = cli::run({"run", cli::example("diamond"), "--report", "/dev/full"});
  QCOMPARE(full.exitCode, 1);
  QVERIFY(full.err.contains("/dev/full"));
}

void CliTests::dotWritesTheFinalState() {
  // --dot alone: the DOT only, nothing on standard output.
  const QString dot = path("g.dot");
  const auto r = cli::run({"run", cli::example("diamond"), "--dot", dot});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.isEmpty());
  const QByteArray text = cli::readFile(dot);
  QVERIFY(text.startsWith("digraph \"diamond\" {\n"));
  QVERIFY(text.endsWith("}\n"));
  // The final state: values in the cells' labels, run counts in the actions' as the report says.
  const json report = cli::parseJson(cli::run({"run", cli::example("diamond")}).out);
  for (const json& a : report["actions"]) {
    const QByteArray id = QByteArray::fromStdString(a["id"].get<std::string>());
    const qsizetype at = text.indexOf("\"a:" + id + "\" [");
    QVERIFY2(at >= 0, id.constData());
    const QByteArray line = text.mid(at, text.indexOf('\n', at) - at);
    QVERIFY2(line.contains("\\nruns: " + QByteArray::number(a["runCount"].get<qint64>()) + "\\n"), line.constData());
    QVERIFY2(line.contains("fillcolor=\"#"), line.constData());
  }
  QCOMPARE(report["cells"].size(), std::size_t(4));
  for (const auto& [cell, value] : report["cells"].items()) {  // diamond's values are whole numbers
    const QByteArray label = "label=\"" + QByteArray::fromStdString(cell) + "\\n= " + QByteArray::fromStdString(value.dump()) + "\"";
    QVERIFY2(text.contains(label), label.constData());
  }
  QVERIFY(text.contains("(done)"));
  // "-": standard output, the same bytes; with --report too, both are written.
  const auto dash = cli::run({"run", cli::example("diamond"), "--dot", "-"});
  QCOMPARE(dash.exitCode, 0);
  QCOMPARE(dash.out, text);
  const QString report2 = path("r.json");
  QCOMPARE(cli::run({"run", cli::example("diamond"), "--report", report2, "--dot", path("g2.dot")}).exitCode, 0);
  QCOMPARE(cli::readFile(path("g2.dot")), text);
  // The DOT changes nothing in the run: the report is the one without it.
  QCOMPARE(cli::readFile(report2), cli::run({"run", cli::example("diamond")}).out);
  // Another seed or mode, another final state (push runs everything: other run counts).
  QVERIFY(cli::run({"run", cli::example("diamond"), "--mode", "push", "--dot", "-"}).out != text);
  // Unwritable: exit 1, the other outputs untouched.
  cli::writeFile(report2, "keep me");
  const auto bad = cli::run({"run", cli::example("diamond"), "--report", report2, "--dot", path("no/such/dir/g.dot")});
  QCOMPARE(bad.exitCode, 1);
  QVERIFY(bad.err.contains("no/such/dir/g.dot"));
  QCOMPARE(cli::readFile(report2), QByteArray("keep me"));
  QCOMPARE(cli::entries(work_), (QStringList{"g.dot", "g2.dot", "r.json"}));
}

void CliTests::maxTimeStopsTheFinalPhase() {
  const QString file = path("late.tsg.json");
  cli::writeFile(file, kLateTimer);
  const json full = cli::parseJson(cli::run({"run", file}).out);
  QCOMPARE(full["virtualTimeMs"].get<double>(), 1010.0);
  QVERIFY(full["errors"].empty());
  QCOMPARE(full["effectRuns"].size(), std::size_t(2));  // the initial run, then the debounced one
  QCOMPARE(full["effectRuns"][1]["atMs"].get<double>(), 1010.0);

  const auto cut = cli::run({"run", file, "--max-time", "500", "--strict"});
  QCOMPARE(cut.exitCode, 3);
  const json report = cli::parseJson(cut.out);
  QCOMPARE(report["virtualTimeMs"].get<double>(), 500.0);
  QCOMPARE(report["effectRuns"].size(), std::size_t(1));
  QCOMPARE(report["errors"].size(), std::size_t(1));
  QCOMPARE(report["errors"][0]["kind"].get<std::string>(), std::string("max-time"));
  QCOMPARE(report["errors"][0]["actions"], json::parse(R"(["slow"])"));
}

void CliTests::mathErrorIsReportedNotACrash() {
  const QString file = path("math.tsg.json");
  cli::writeFile(file, kMathError);
  const auto r = cli::run({"run", file});
  QCOMPARE(r.exitCode, 0);
  const json report = cli::parseJson(r.out);
  QCOMPARE(report["errors"].size(), std::size_t(1));
  const json& e = report["errors"][0];
  QCOMPARE(e["kind"].get<std::string>(), std::string("math-error"));
  QCOMPARE(e["actions"], json::parse(R"(["ratio"])"));
  QCOMPARE(e["atMs"].get<double>(), 5.0);
  QVERIFY(e["message"].get<std::string>().find("/actions/0/expr") != std::string::npos);
  // The failed run wrote nothing; the next event recovers.
  QCOMPARE(report["cells"]["r"].get<double>(), 0.25);
  QCOMPARE(cli::run({"run", file, "--strict"}).exitCode, 3);
}

void CliTests::absurdTimesSaturate() {
  const QString file = path("huge.tsg.json");
  cli::writeFile(file, R"({ "tickscope": 1, "name": "huge", "cells": { "a": 0 },
    "actions": [ { "id": "e", "kind": "effect", "reads": ["a"], "costMs": 1e300, "debounceMs": 1e300 } ],
    "events": [ { "atMs": 1e300, "set": { "a": 1 } }, { "atMs": 1e17, "set": { "a": 2 } } ] })");
  const auto r = cli::run({"run", file});
  QCOMPARE(r.exitCode, 0);
  const json report = cli::parseJson(r.out);
  // Times saturate at 1e10 ms: the initial run ends there, the events apply at once after it.
  QCOMPARE(report["effectRuns"].size(), std::size_t(1));
  QCOMPARE(report["effectRuns"][0]["atMs"].get<double>(), 0.0);
  QCOMPARE(report["actions"][0]["totalMs"].get<double>(), 1e10);
  QCOMPARE(report["virtualTimeMs"].get<double>(), 1e10);
  QCOMPARE(report["errors"][0]["kind"].get<std::string>(), std::string("max-time"));  // the debounce is left
  QCOMPARE(report["cells"]["a"].get<double>(), 2.0);
}

void CliTests::validateCommand() {
  const auto ok = cli::run({"validate", cli::example("diamond")});
  QCOMPARE(ok.exitCode, 0);
  QVERIFY(ok.out.contains(": ok:"));
  QVERIFY(ok.out.contains("4 actions"));
  const QString bad = path("bad.tsg.json");
  cli::writeFile(bad, R"({"tickscope": 1, "actions": [{"id": "x", "kind": "effect", "reads": ["nope"]}]})");
  const auto r = cli::run({"validate", bad});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  QVERIFY2(r.err.contains(bad.toUtf8() + ": /actions/0/reads/0: "), r.err.constData());
}

void CliTests::generateCommand() {
  const QString a = path("a.tsg.json"), b = path("b.tsg.json");
  QCOMPARE(cli::run({"generate", "grid", "--nodes", "200", "--seed", "5", "-o", a}).exitCode, 0);
  QCOMPARE(cli::run({"generate", "grid", "--nodes", "200", "--seed", "5", "-o", b}).exitCode, 0);
  QVERIFY(!cli::readFile(a).isEmpty());
  QCOMPARE(cli::readFile(a), cli::readFile(b));
  const auto toStdout = cli::run({"generate", "grid", "--nodes", "200", "--seed", "5"});
  QCOMPARE(toStdout.exitCode, 0);
  QCOMPARE(toStdout.out, cli::readFile(a));
  QCOMPARE(cli::run({"validate", a}).exitCode, 0);
  const json graph = cli::parseJson(cli::readFile(a));
  QCOMPARE(graph["settings"]["seed"].get<int>(), 5);
  const auto run = cli::run({"run", a, "--strict"});
  QCOMPARE(run.exitCode, 0);
  for (const char* shape : {"chain", "broad", "diamond", "cellx", "random"}) {
    const auto g = cli::run({"generate", shape, "--nodes", "40", "-o", path("s.tsg.json")});
    QCOMPARE(g.exitCode, 0);
    QCOMPARE(cli::run({"validate", path("s.tsg.json")}).exitCode, 0);
  }
  // The generator's options reach the file: events, mode, cycles (the random graph converges).
  const auto opts = cli::run({"generate", "random", "--nodes", "60", "--seed", "4", "--events", "25", "--cycles",
                              "--mode", "push", "-o", path("r.tsg.json")});
  QCOMPARE(opts.exitCode, 0);
  const json r = cli::parseJson(cli::readFile(path("r.tsg.json")));
  QCOMPARE(r["events"].size(), std::size_t(25));
  QCOMPARE(r["settings"]["mode"].get<std::string>(), std::string("push"));
  // Push mode does not converge cycles as such (docs/reactive.md): they show in a pull run.
  const auto cyclic = cli::run({"run", path("r.tsg.json"), "--mode", "pull", "--strict"});
  QCOMPARE(cyclic.exitCode, 0);
  QVERIFY(!cli::parseJson(cyclic.out)["cycles"].empty());
  QCOMPARE(cli::entries(work_), (QStringList{"a.tsg.json", "b.tsg.json", "r.tsg.json", "s.tsg.json"}));
}

void CliTests::generateUnknownShape() {
  const QString out = path("g.tsg.json");
  cli::writeFile(out, "keep");
  const auto r = cli::run({"generate", "torus", "--nodes", "10", "-o", out});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.err.contains("unknown shape \"torus\""));
  QVERIFY(r.err.contains("grid"));
  QCOMPARE(cli::readFile(out), QByteArray("keep"));
}

void CliTests::usageErrorsExit2() {
  const auto a = cli::run({"run"});
  QCOMPARE(a.exitCode, 2);
  QVERIFY(a.err.contains("missing FILE"));
  QVERIFY(a.err.contains("Usage:"));
  const auto b = cli::run({"run", cli::example("diamond"), "--mode", "sideways"});
  QCOMPARE(b.exitCode, 2);
  QVERIFY(b.out.isEmpty());
  QCOMPARE(cli::run({"run", cli::example("diamond"), "--bogus"}).exitCode, 2);
  QCOMPARE(cli::run({"generate", "grid"}).exitCode, 2);
}

void CliTests::helpAndVersion() {
  const auto help = cli::run({"--help"});
  QCOMPARE(help.exitCode, 0);
  QVERIFY(help.out.contains("tickscope run FILE"));
  QVERIFY(help.out.contains("tickscope generate SHAPE"));
  QVERIFY(help.out.contains("tickscope run|validate|generate|diff|sweep --help"));
  const auto runHelp = cli::run({"run", "--help"});
  QCOMPARE(runHelp.exitCode, 0);
  QVERIFY(runHelp.out.contains("--max-time"));
  const auto version = cli::run({"--version"});
  QCOMPARE(version.exitCode, 0);
  QVERIFY(version.out.startsWith("tickscope "));
}

void CliTests::helpForEverySubcommand_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("synopsis");  // the subcommand's usage line
  QTest::addColumn<QString>("option");    // one of its options, in its usage
  QTest::newRow("run --help") << QStringList{"run", "--help"} << "tickscope run FILE" << "--record";
  QTest::newRow("run -h") << QStringList{"run", "-h"} << "tickscope run FILE" << "--strict";
  QTest::newRow("run FILE --mode push --help")
      << QStringList{"run", cli::example("diamond"), "--mode", "push", "--help"} << "tickscope run FILE" << "--dot";
  QTest::newRow("validate --help") << QStringList{"validate", "--help"} << "tickscope validate FILE" << "";
  QTest::newRow("generate --help") << QStringList{"generate", "--help"} << "tickscope generate SHAPE" << "--max-reads";
  QTest::newRow("diff --help") << QStringList{"diff", "--help"} << "tickscope diff A B" << "--modes";
  QTest::newRow("sweep --help") << QStringList{"sweep", "--help"} << "tickscope sweep FILE" << "--seeds";
  QTest::newRow("sweep -h") << QStringList{"sweep", "-h"} << "tickscope sweep FILE" << "--mode";
}

void CliTests::helpForEverySubcommand() {
  // Each subcommand's --help (or -h, anywhere before "--") prints that subcommand's usage on
  // standard output and exits 0 without running anything.
  QFETCH(QStringList, args);
  QFETCH(QString, synopsis);
  QFETCH(QString, option);
  const auto r = cli::run(args, work_);
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.err.isEmpty());
  QVERIFY2(r.out.startsWith("Usage:\n"), r.out.constData());
  QVERIFY2(r.out.contains(synopsis.toUtf8()), r.out.constData());
  if (!option.isEmpty()) QVERIFY2(r.out.contains(option.toUtf8()), r.out.constData());
  for (const char* other : {"tickscope run FILE", "tickscope validate FILE", "tickscope generate SHAPE",
                            "tickscope sweep FILE", "tickscope [FILE]"}) {
    if (synopsis != QLatin1String(other)) QVERIFY2(!r.out.contains(other), other);  // only its own usage
  }
  QCOMPARE(cli::entries(work_), QStringList());  // nothing ran, nothing written
}

void CliTests::versionIsTheProjectVersion() {
  // The version comes from project(Tickscope VERSION ...) through a configured header.
  const auto r = cli::run({"--version"});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.out, QByteArray("tickscope " TICKSCOPE_PROJECT_VERSION "\n"));
  QVERIFY(r.err.isEmpty());
}

void CliTests::fileAloneRunsHeadless() {
  // No display: the debugger cannot open, the file runs headless.
  QProcessEnvironment noDisplay;
  noDisplay.insert("DISPLAY", "");
  noDisplay.insert("WAYLAND_DISPLAY", "");
  noDisplay.insert("QT_QPA_PLATFORM", "");
  const auto r = cli::run({cli::example("diamond")}, {}, noDisplay);
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.err.contains("headless"));
  QCOMPARE(r.out, cli::run({"run", cli::example("diamond")}).out);
}

void CliTests::noArgumentsIsUsage() {
  QProcessEnvironment noDisplay;
  noDisplay.insert("DISPLAY", "");
  noDisplay.insert("WAYLAND_DISPLAY", "");
  noDisplay.insert("QT_QPA_PLATFORM", "");
  const auto r = cli::run({}, {}, noDisplay);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.err.contains("Usage:"));
  QVERIFY(r.out.isEmpty());
}

void CliTests::recordWritesARecordingThatReopens() {
  for (const char* example : {"newton-cycle", "debounce-storm", "request-dangling"}) {
    const QString out = path(QString(example) + ".tstrace");
    const auto recorded = cli::run({"run", cli::example(example), "--record", out, "--seed", "5"});
    QCOMPARE(recorded.exitCode, 0);
    // The report is the same with or without the recorder.
    const auto plain = cli::run({"run", cli::example(example), "--seed", "5"});
    QCOMPARE(recorded.out, plain.out);
    const json report = cli::parseJson(plain.out);
    const auto recording = tickscope::run::Recording::open(out.toStdString());
    QCOMPARE(recording->info().seed, std::uint64_t{5});
    QVERIFY(recording->info().finished);
    const tickscope::run::RunSnapshot last = recording->snapshotAt(recording->lastStep());
    QCOMPARE(last.nowMs, report["virtualTimeMs"].get<double>());
    QCOMPARE(last.actions.size(), report["actions"].size());
    for (std::size_t i = 0; i < last.actions.size(); ++i)
      QCOMPARE(last.actions[i].runCount, report["actions"][i]["runCount"].get<std::uint64_t>());
    // The same run recorded twice: the same bytes.
    const QString again = path(QString(example) + "-again.tstrace");
    QCOMPARE(cli::run({"run", cli::example(example), "--record", again, "--seed", "5"}).exitCode, 0);
    QCOMPARE(cli::readFile(again), cli::readFile(out));
  }
  // Standard output cannot take the recording and the report at once.
  const auto both = cli::run({"run", cli::example("diamond"), "--record", "-"});
  QCOMPARE(both.exitCode, 2);
  QVERIFY(both.err.contains("--record -"));
  // An unwritable recording path: exit 1, nothing written.
  const auto bad = cli::run({"run", cli::example("diamond"), "--record", path("missing/dir/x.tstrace")});
  QCOMPARE(bad.exitCode, 1);
}
