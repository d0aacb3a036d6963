#include <QtTest/QtTest>

#include "cli/command_line.h"
#include "cli_test_classes.h"

using namespace tickscope::app;

namespace {
Command parse(std::initializer_list<const char*> args) {
  std::vector<std::string> v;
  for (const char* a : args) v.emplace_back(a);
  return parseCommandLine(v);
}
}  // namespace

void CommandLineTests::runWithEveryOption() {
  const Command c = parse({"run", "g.tsg.json", "--mode", "push", "--seed", "18446744073709551615", "--max-time",
                           "250.5", "--report", "r.json", "--csv", "t.csv", "--trace", "tr.json", "--dot", "g.dot",
                           "--strict"});
  const auto* run = std::get_if<RunCommand>(&c);
  QVERIFY(run);
  QCOMPARE(run->file, std::string("g.tsg.json"));
  QCOMPARE(run->mode.value(), std::string("push"));
  QCOMPARE(run->seed.value(), std::uint64_t(18446744073709551615ull));
  QCOMPARE(run->maxTimeMs.value(), 250.5);
  QCOMPARE(run->report, std::string("r.json"));
  QCOMPARE(run->csv, std::string("t.csv"));
  QCOMPARE(run->trace, std::string("tr.json"));
  QCOMPARE(run->dot, std::string("g.dot"));
  QVERIFY(run->strict);

  const auto plain = std::get<RunCommand>(parse({"run", "g.tsg.json"}));
  QVERIFY(!plain.mode && !plain.seed && !plain.maxTimeMs && !plain.strict);
  QVERIFY(plain.report.empty() && plain.csv.empty() && plain.trace.empty() && plain.dot.empty());
}

void CommandLineTests::optionValuesAfterEquals() {
  const auto run = std::get<RunCommand>(parse({"run", "--seed=7", "--mode=pull", "g.tsg.json", "--report=out.json"}));
  QCOMPARE(run.seed.value(), std::uint64_t(7));
  QCOMPARE(run.mode.value(), std::string("pull"));
  QCOMPARE(run.report, std::string("out.json"));
  QCOMPARE(run.file, std::string("g.tsg.json"));
}

void CommandLineTests::dashIsAValue() {
  const auto run = std::get<RunCommand>(parse({"run", "g.tsg.json", "--report", "-", "--csv", "-"}));
  QCOMPARE(run.report, std::string("-"));
  QCOMPARE(run.csv, std::string("-"));
  const auto gen = std::get<GenerateCommand>(parse({"generate", "grid", "--nodes", "9", "-o", "-"}));
  QCOMPARE(gen.output, std::string("-"));
  // "--" ends the options: a file may start with a dash.
  QCOMPARE(std::get<RunCommand>(parse({"run", "--", "-odd.tsg.json"})).file, std::string("-odd.tsg.json"));
}

void CommandLineTests::validateAndGenerate() {
  QCOMPARE(std::get<ValidateCommand>(parse({"validate", "x.json"})).file, std::string("x.json"));
  const auto gen = std::get<GenerateCommand>(parse({"generate", "cellx", "--nodes", "400", "--seed", "3", "-o", "c.json"}));
  QCOMPARE(gen.shape, std::string("cellx"));
  QCOMPARE(gen.nodes, std::uint64_t(400));
  QCOMPARE(gen.seed, std::uint64_t(3));
  QCOMPARE(gen.output, std::string("c.json"));
  QCOMPARE(std::get<GenerateCommand>(parse({"generate", "chain", "--nodes", "5"})).output, std::string("-"));
  const auto opts = std::get<GenerateCommand>(parse({"generate", "random", "--nodes", "50", "--events", "100",
                                                     "--event-interval", "2.5", "--max-reads", "5", "--cycles",
                                                     "--max-cost", "3", "--mode", "push"}));
  QCOMPARE(opts.events, std::uint64_t(100));
  QCOMPARE(opts.eventIntervalMs, 2.5);
  QCOMPARE(opts.maxReads, std::uint64_t(5));
  QVERIFY(opts.cycles);
  QCOMPARE(opts.maxCostMs, 3.0);
  QCOMPARE(opts.mode, std::string("push"));
  QCOMPARE(std::get<HelpCommand>(parse({"run", "--help"})).topic, std::string("run"));
}

void CommandLineTests::debuggerForms() {
  QVERIFY(std::get<DebuggerCommand>(parse({})).file.empty());
  QCOMPARE(std::get<DebuggerCommand>(parse({"g.tsg.json"})).file, std::string("g.tsg.json"));
  const auto shot = std::get<DebuggerCommand>(parse({"g.tsg.json", "--screenshot", "o.png", "--size", "800x600"}));
  QCOMPARE(shot.screenshot, std::string("o.png"));
  QCOMPARE(shot.size.value(), std::make_pair(800, 600));
  const auto at =
      std::get<DebuggerCommand>(parse({"g.tsg.json", "--mode", "push", "--seed=3", "--goto", "12", "--select", "sum"}));
  QCOMPARE(at.select, std::string("sum"));
  QCOMPARE(at.mode.value(), std::string("push"));
  QCOMPARE(at.seed.value(), std::uint64_t(3));
  QCOMPARE(at.gotoStep.value(), std::uint64_t(12));
  QVERIFY(!shot.mode && !shot.seed && !shot.gotoStep && shot.select.empty());
  QVERIFY(std::holds_alternative<HelpCommand>(parse({"--help"})));
  QVERIFY(std::holds_alternative<VersionCommand>(parse({"--version"})));
}

void CommandLineTests::diffAndSweep() {
  const auto two = std::get<DiffCommand>(parse({"diff", "a.tsg.json", "b.tsg.json"}));
  QCOMPARE(two.inputs, (std::vector<std::string>{"a.tsg.json", "b.tsg.json"}));
  QVERIFY(!two.seeds && !two.modes);
  const auto seeds = std::get<DiffCommand>(parse({"diff", "g.tsg.json", "--seeds=3,18446744073709551615"}));
  QCOMPARE(seeds.seeds->first, std::uint64_t(3));
  QCOMPARE(seeds.seeds->second, std::uint64_t(18446744073709551615ull));
  const auto modes = std::get<DiffCommand>(parse({"diff", "g.tsg.json", "--modes", "push,pull"}));
  QCOMPARE(modes.modes->first, std::string("push"));
  QCOMPARE(modes.modes->second, std::string("pull"));
  const auto sweep = std::get<SweepCommand>(parse({"sweep", "g.tsg.json", "--seeds", "64", "--mode", "push"}));
  QCOMPARE(sweep.file, std::string("g.tsg.json"));
  QCOMPARE(sweep.seeds, std::uint64_t(64));
  QCOMPARE(*sweep.mode, std::string("push"));
  QCOMPARE(std::get<HelpCommand>(parse({"sweep", "--help"})).topic, std::string("sweep"));
  QVERIFY(QString::fromStdString(usage("diff")).contains("--modes pull,push"));
}

void CommandLineTests::badUsage_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("message");
  QTest::newRow("run without file") << QStringList{"run"} << "missing FILE";
  QTest::newRow("diff one file") << QStringList{"diff", "a"} << "expects two inputs";
  QTest::newRow("diff three files") << QStringList{"diff", "a", "b", "c"} << "unexpected argument \"c\"";
  QTest::newRow("diff seeds two files") << QStringList{"diff", "a", "b", "--seeds", "1,2"} << "exactly one FILE";
  QTest::newRow("diff seeds one value") << QStringList{"diff", "a", "--seeds", "1"} << "two values separated by a comma";
  QTest::newRow("diff bad seed") << QStringList{"diff", "a", "--seeds", "1,x"} << "--seeds expects a non-negative";
  QTest::newRow("diff bad mode") << QStringList{"diff", "a", "--modes", "pull,up"} << "--modes expects pull or push";
  QTest::newRow("diff seeds and modes") << QStringList{"diff", "a", "--seeds", "1,2", "--modes", "pull,push"}
                                        << "cannot be combined";
  QTest::newRow("sweep without seeds") << QStringList{"sweep", "a"} << "--seeds N is required";
  QTest::newRow("sweep zero seeds") << QStringList{"sweep", "a", "--seeds", "0"} << "at least 1";
  QTest::newRow("sweep bad mode") << QStringList{"sweep", "a", "--seeds", "4", "--mode", "x"} << "--mode must be pull or push";
  QTest::newRow("sweep without file") << QStringList{"sweep", "--seeds", "4"} << "missing FILE";
  QTest::newRow("debugger bad mode") << QStringList{"g.tsg.json", "--mode", "pul"} << "--mode must be pull or push";
  QTest::newRow("debugger bad goto") << QStringList{"g.tsg.json", "--goto", "x"} << "--goto expects a non-negative";
  QTest::newRow("debugger goto without file") << QStringList{"--goto", "3"} << "need a FILE";
  QTest::newRow("debugger select without file") << QStringList{"--select", "a"} << "need a FILE";
  QTest::newRow("debugger empty select") << QStringList{"g.tsg.json", "--select="} << "--select expects";
  QTest::newRow("run two files") << QStringList{"run", "a", "b"} << "unexpected argument \"b\"";
  QTest::newRow("unknown option") << QStringList{"run", "a", "--fast"} << "unknown option --fast";
  QTest::newRow("bad mode") << QStringList{"run", "a", "--mode", "both"} << "--mode must be pull or push";
  QTest::newRow("bad seed") << QStringList{"run", "a", "--seed", "-1"} << "--seed expects a non-negative integer";
  QTest::newRow("seed overflow") << QStringList{"run", "a", "--seed", "18446744073709551616"} << "--seed expects";
  QTest::newRow("bad max-time") << QStringList{"run", "a", "--max-time", "soon"} << "--max-time expects";
  QTest::newRow("negative max-time") << QStringList{"run", "a", "--max-time", "-5"} << "--max-time expects";
  QTest::newRow("same output twice") << QStringList{"run", "a", "--report", "o.json", "--trace", "o.json"}
                                     << "--report and --trace name the same file";
  QTest::newRow("dot and csv same file") << QStringList{"run", "a", "--csv", "o.txt", "--dot", "o.txt"}
                                         << "--csv and --dot name the same file";
  QTest::newRow("empty dot") << QStringList{"run", "a", "--dot="} << "--dot needs a file name";
  QTest::newRow("missing value") << QStringList{"run", "a", "--report"} << "option --report needs a value";
  QTest::newRow("flag with value") << QStringList{"run", "a", "--strict=yes"} << "takes no value";
  QTest::newRow("generate without nodes") << QStringList{"generate", "grid"} << "--nodes N is required";
  QTest::newRow("generate zero nodes") << QStringList{"generate", "grid", "--nodes", "0"} << "at least 1";
  QTest::newRow("generate cycles on grid") << QStringList{"generate", "grid", "--nodes", "3", "--cycles"}
                                          << "--cycles is only for the random shape";
  QTest::newRow("generate zero reads") << QStringList{"generate", "grid", "--nodes", "3", "--max-reads", "0"}
                                       << "--max-reads must be 1..64";
  QTest::newRow("generate bad mode") << QStringList{"generate", "grid", "--nodes", "3", "--mode", "x"}
                                     << "--mode must be pull or push";
  QTest::newRow("generate bad events") << QStringList{"generate", "grid", "--nodes", "3", "--events", "many"}
                                       << "--events expects";
  QTest::newRow("generate without shape") << QStringList{"generate", "--nodes", "3"} << "missing SHAPE";
  QTest::newRow("validate extra") << QStringList{"validate", "a", "b"} << "unexpected argument";
  QTest::newRow("two files") << QStringList{"a", "b"} << "unexpected argument \"b\"";
  QTest::newRow("bad size") << QStringList{"a", "--screenshot", "o.png", "--size", "big"} << "--size expects WxH";
  QTest::newRow("screenshot without file") << QStringList{"--screenshot", "o.png"} << "needs a FILE";
}

void CommandLineTests::badUsage() {
  QFETCH(QStringList, args);
  QFETCH(QString, message);
  std::vector<std::string> v;
  for (const QString& a : args) v.push_back(a.toStdString());
  try {
    parseCommandLine(v);
    QFAIL("no UsageError");
  } catch (const UsageError& e) {
    QVERIFY2(QString(e.what()).contains(message), e.what());
  }
}
