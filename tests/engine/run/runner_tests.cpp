#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>

#include "run_test_classes.h"
#include "graph/generator.h"
#include "graph/loader.h"
#include "run/runner.h"
#include "graph/validate.h"
#include "trace/chrome_trace.h"
#include "trace/csv_report.h"
#include "trace/report_json.h"

using namespace tickscope;
using run::Runner;

namespace {

graph::GraphDocument load(const char* json) {
  graph::LoadResult r = graph::loadGraphBytes(json, "test.tsg.json");
  if (!r.ok()) qFatal("test graph does not load: %s", r.errorText().c_str());
  return std::move(*r.document);
}

// diamond-like: two computations with costs, one effect, three events (one at 0: passed).
const char* const kGraph = R"({
  "tickscope": 1, "name": "steps", "settings": { "seed": 4 },
  "cells": { "a": 1 },
  "actions": [
    { "id": "left", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a + 1", "costMs": 2 },
    { "id": "right", "kind": "computation", "reads": ["a"], "writes": ["c"], "expr": "a * 2", "costMs": 3 },
    { "id": "show", "kind": "effect", "reads": ["b", "c"], "expr": "b + c", "costMs": 1 }
  ],
  "events": [ { "atMs": 0, "set": { "a": 2 } }, { "atMs": 50, "set": { "a": 3 } }, { "atMs": 50, "set": { "a": 4 } } ]
})";

// A debounce timer due exactly when an event happens.
const char* const kTimerTie = R"({
  "tickscope": 1, "name": "tie",
  "cells": { "a": 0, "b": 0 },
  "actions": [
    { "id": "slow", "kind": "effect", "reads": ["a"], "expr": "a", "debounceMs": 40 },
    { "id": "fast", "kind": "effect", "reads": ["b"], "expr": "b" }
  ],
  "events": [ { "atMs": 10, "set": { "a": 1 } }, { "atMs": 50, "set": { "b": 1 } } ]
})";


std::vector<std::pair<std::string, double>> runsAt(const trace::Report& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& run : r.effectRuns) out.emplace_back(run.action, run.atMs);
  return out;
}

}  // namespace

void RunnerTests::phasesStepByStep() {
  Runner runner(load(kGraph));
  QCOMPARE(runner.phase(), Runner::Phase::Settling);
  QCOMPARE(runner.nowMs(), 0.0);
  QCOMPARE(runner.report().effectRuns.size(), std::size_t(0));  // nothing runs before a step

  runner.settle();
  QCOMPARE(runner.phase(), Runner::Phase::Events);
  QCOMPARE(runner.nextEvent(), std::size_t(0));
  QCOMPARE(runner.nowMs(), 6.0);  // left 2 + right 3 + show 1
  QCOMPARE(runner.report().effectRuns.size(), std::size_t(1));
  QCOMPARE(runner.report().effectRuns[0].atMs, 5.0);
  QCOMPARE(runner.report().effectRuns[0].outputs, std::vector<double>{4});

  // The event at 0 has passed: it applies at once, at 6.
  QVERIFY(runner.applyNextEvent());
  QCOMPARE(runner.nextEvent(), std::size_t(1));
  QCOMPARE(runner.report().effectRuns.back().atMs, 11.0);
  QCOMPARE(runner.report().effectRuns.back().outputs, std::vector<double>{7});

  QVERIFY(runner.applyNextEvent());  // at 50
  QCOMPARE(runner.report().effectRuns.back().atMs, 55.0);
  QVERIFY(runner.applyNextEvent());  // also at 50, which has passed: at 56
  QCOMPARE(runner.report().effectRuns.back().atMs, 61.0);
  QCOMPARE(runner.report().effectRuns.back().outputs, std::vector<double>{13});
  QVERIFY(!runner.applyNextEvent());

  runner.runToEnd();
  QCOMPARE(runner.phase(), Runner::Phase::Done);
  QVERIFY(!runner.step());
  const trace::Report r = runner.report();
  QCOMPARE(r.virtualTimeMs, 62.0);
  QCOMPARE(r.actions[0].runCount, std::uint64_t(4));
  QCOMPARE(r.actions[0].totalMs, 8.0);
  QCOMPARE(r.actions[1].averageMs, 3.0);
  QCOMPARE(r.cells.size(), std::size_t(3));  // a declared, then b and c (written only)
  QCOMPARE(r.cells[1].name, std::string("b"));
  QCOMPARE(r.cells[2].value, 8.0);
}

void RunnerTests::stepIsOneMove() {
  Runner runner(load(kGraph));
  std::uint64_t steps = 0;
  std::uint64_t lastDecisions = runner.scheduler().decisionCount();
  while (runner.step()) {
    ++steps;
    const std::uint64_t d = runner.scheduler().decisionCount();
    QVERIFY(d - lastDecisions <= 1);  // at most one scheduler decision per step
    lastDecisions = d;
    QVERIFY(steps < 1000);
  }
  QCOMPARE(runner.phase(), Runner::Phase::Done);
  // The same run in one go gives the same report.
  Runner whole(load(kGraph));
  whole.runToEnd();
  QCOMPARE(trace::reportJson(runner.report()), trace::reportJson(whole.report()));
  QVERIFY(steps > runner.scheduler().decisionCount());  // clock moves and events are steps too
}

// runToEnd lets the scheduler free-run (a task that is the only candidate goes on without
// yielding); stepping does not. Both make the same decisions: the same report, decision count
// and RNG draws, on graphs with several task labels (one deprioritized), costs, debounce and
// cycles, in both modes.
void RunnerTests::runToEndDecidesAsStepping() {
  int graphs = 0;
  for (const graph::Shape shape : {graph::Shape::Random, graph::Shape::Grid, graph::Shape::Diamond}) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      graph::GenerateOptions generate;
      generate.events = 8;
      generate.cycles = shape == graph::Shape::Random && seed % 2 == 0;
      generate.maxCostMs = seed % 3 == 0 ? 0 : 2;
      graph::GraphDocument doc = graph::generateGraph(shape, 150, seed, generate);
      sched::Rng labels(seed);
      for (graph::Action& a : doc.actions) {
        const std::uint64_t r = labels.below(10);
        if (r < 3) a.label = "a";
        if (r == 3) a.label = "b";
        if (r == 4) a.label = "slow";
        if (r == 5) a.debounceMs = 3;
      }
      if (seed % 2) doc.settings.deprioritize = {"slow"};
      QVERIFY(graph::validate(doc).errors.empty());
      for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
        run::RunOptions options;
        options.mode = mode;
        options.recorderCapacity = 0;  // an observer would see every decision: no free-running
        Runner whole(doc, options), stepped(doc, options);
        whole.runToEnd();
        while (stepped.step()) {
        }
        QCOMPARE(trace::reportJson(whole.report()), trace::reportJson(stepped.report()));
        QCOMPARE(whole.scheduler().decisionCount(), stepped.scheduler().decisionCount());
        QCOMPARE(whole.scheduler().rng().next(), stepped.scheduler().rng().next());
        ++graphs;
      }
    }
  }
  QCOMPARE(graphs, 36);
}

void RunnerTests::sameSeedSameReport() {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    run::RunOptions options;
    options.seed = seed;
    Runner a(load(kGraph), options), b(load(kGraph), options);
    a.runToEnd();
    b.runToEnd();
    const std::string ra = trace::reportJson(a.report());
    QCOMPARE(trace::reportJson(b.report()), ra);
    QCOMPARE(trace::chromeTrace(a.recorder()->events(), a.chromeTraceOptions()),
             trace::chromeTrace(b.recorder()->events(), b.chromeTraceOptions()));
    QCOMPARE(a.report().seed, seed);
    // Glitch-free whatever the order: show always sees b and c of the same a.
    for (const auto& run : a.report().effectRuns)
      QCOMPARE(run.reads[1].value, 2 * (run.reads[0].value - 1));
  }
}

void RunnerTests::reportSourceWritesTheReport() {
  // The CLI writes from reportSource(), row by row; report() builds the same rows. Every
  // bundled example (cycles, errors, sessions, debounce) in both modes, mid-run and at the end.
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR)) {
    if (!entry.path().string().ends_with(".tsg.json")) continue;
    graph::LoadResult loaded = graph::loadGraph(entry.path(), graph::LoadLimits{});
    QVERIFY2(loaded.ok(), loaded.errorText().c_str());
    for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      run::RunOptions options;
      options.mode = mode;
      Runner runner(*loaded.document, options);
      const auto same = [&] {
        const trace::Report built = runner.report();
        const std::unique_ptr<trace::ReportSource> rows = runner.reportSource();
        QCOMPARE(trace::reportJson(*rows), trace::reportJson(built));
        QCOMPARE(trace::csvReport(*rows), trace::csvReport(built));
        QCOMPARE(trace::reportJson(trace::toReport(trace::ReportView(built))), trace::reportJson(built));
      };
      same();
      runner.settle();
      same();
      runner.runToEnd();
      same();
    }
  }
}

void RunnerTests::droppedDocumentRunsTheSame() {
  // keepDocument false (tickscope run) empties what build() has used; the run, its report and
  // its trace are the same, and what the report and the lookups read is still there.
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR)) {
    if (!entry.path().string().ends_with(".tsg.json")) continue;
    graph::LoadResult loaded = graph::loadGraph(entry.path(), graph::LoadLimits{});
    QVERIFY2(loaded.ok(), loaded.errorText().c_str());
    const graph::GraphDocument& original = *loaded.document;
    run::RunOptions options;
    Runner kept(original, options);
    options.keepDocument = false;
    Runner dropped(original, options);
    kept.runToEnd();
    dropped.runToEnd();
    QCOMPARE(trace::reportJson(*dropped.reportSource()), trace::reportJson(kept.report()));
    QCOMPARE(trace::chromeTrace(dropped.recorder()->events(), dropped.chromeTraceOptions()),
             trace::chromeTrace(kept.recorder()->events(), kept.chromeTraceOptions()));
    QVERIFY(kept.document() == original);
    const graph::GraphDocument& d = dropped.document();
    QCOMPARE(d.actions.size(), original.actions.size());
    for (std::size_t i = 0; i < d.actions.size(); ++i) {
      const graph::Action& a = d.actions[i];
      QVERIFY(a.id == original.actions[i].id && a.kind == original.actions[i].kind);
      QVERIFY(a.reads.empty() && a.reads.capacity() == 0 && a.writes.capacity() == 0);
      QVERIFY(!a.expr && !a.label);
      QVERIFY(d.findAction(a.id) == std::optional<std::size_t>(i));
    }
    QVERIFY(d.resolution.actions.empty() && !d.resolution.cellRefs);  // the plans hold them
    for (std::size_t c = 0; c < d.cellCount(); ++c) {
      const auto cell = static_cast<graph::CellIndex>(c);
      QVERIFY(d.cellId(cell) == original.cellId(cell));
      QVERIFY(d.findCell(d.cellId(cell)) == std::optional<graph::CellIndex>(cell));
    }
    QVERIFY(d.events == original.events);
  }
}

void RunnerTests::timersDueAtAnEventFireFirst() {
  Runner runner(load(kTimerTie));
  runner.runToEnd();
  const auto runs = runsAt(runner.report());
  // slow's timer, armed at 10 for 40 ms, is due at 50: it fires before the event at 50.
  const std::vector<std::pair<std::string, double>> expected{
      {"slow", 0}, {"fast", 0}, {"slow", 50}, {"fast", 50}};
  auto sorted = runs;
  std::stable_sort(sorted.begin(), sorted.begin() + 2);  // the initial order depends on the seed
  QCOMPARE(sorted.size(), expected.size());
  QCOMPARE(sorted[2], expected[2]);
  QCOMPARE(sorted[3], expected[3]);
  QCOMPARE(runner.report().effectRuns[2].outputs, std::vector<double>{1});
}

void RunnerTests::modeOverrideAndPushRunsEverything() {
  const char* const unread = R"({
    "tickscope": 1, "name": "unread", "cells": { "a": 1 },
    "actions": [
      { "id": "used", "kind": "computation", "reads": ["a"], "writes": ["u"], "expr": "a" },
      { "id": "unused", "kind": "computation", "reads": ["a"], "writes": ["v"], "expr": "a", "costMs": 7 },
      { "id": "show", "kind": "effect", "reads": ["u"] }
    ],
    "events": [ { "atMs": 1, "set": { "a": 2 } } ]
  })";
  Runner pull(load(unread));
  pull.runToEnd();
  QCOMPARE(pull.report().mode, std::string("pull"));
  QCOMPARE(pull.report().actions[1].runCount, std::uint64_t(0));
  QVERIFY(pull.report().effectRuns[0].outputs.empty());  // no expr: output null
  run::RunOptions options;
  options.mode = graph::Mode::Push;
  Runner push(load(unread), options);
  push.runToEnd();
  QCOMPARE(push.report().mode, std::string("push"));
  QCOMPARE(push.report().actions[1].runCount, std::uint64_t(2));
  QCOMPARE(push.report().cells[2].value, 2.0);  // v
}

void RunnerTests::chromeTraceFromARun() {
  Runner runner(load(kGraph));
  runner.runToEnd();
  const auto& events = runner.recorder()->events();
  std::size_t finished = 0;
  for (const auto& e : events)
    if (const auto* r = std::get_if<trace::ReactiveEvent>(&e); r && r->kind == trace::ReactiveEventKind::ActionFinished)
      ++finished;
  QCOMPARE(finished, std::size_t(12));  // 4 runs of each of the 3 actions
  const auto options = runner.chromeTraceOptions();
  QCOMPARE(options.actions.size(), std::size_t(3));
  QCOMPARE(options.actions[2].name, std::string("show"));
  QCOMPARE(options.actions[2].index, runner.actionId(2).value);
  const std::string text = trace::chromeTrace(events, options);
  std::size_t x = 0;
  for (std::size_t at = text.find("\"ph\": \"X\""); at != std::string::npos; at = text.find("\"ph\": \"X\"", at + 1)) ++x;
  QCOMPARE(x, finished);
  // Without a recorder nothing is recorded (and nothing is paid for).
  run::RunOptions quiet;
  quiet.recorderCapacity = 0;
  Runner silent(load(kGraph), quiet);
  silent.runToEnd();
  QVERIFY(silent.recorder() == nullptr);
  QCOMPARE(trace::reportJson(silent.report()), trace::reportJson(runner.report()));
}

void RunnerTests::deprioritizedLabelsRunLast() {
  const char* const labeled = R"({
    "tickscope": 1, "name": "labels", "settings": { "deprioritize": ["bg"] }, "cells": { "a": 0 },
    "actions": [
      { "id": "background", "kind": "effect", "reads": ["a"], "label": "bg" },
      { "id": "ui1", "kind": "effect", "reads": ["a"], "label": "ui" },
      { "id": "plain", "kind": "effect", "reads": ["a"] }
    ],
    "events": [ { "atMs": 1, "set": { "a": 1 } } ]
  })";
  bool backgroundFirstSomewhere = false;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    run::RunOptions options;
    options.seed = seed;
    Runner with(load(labeled), options);
    with.runToEnd();
    const auto runs = with.report().effectRuns;
    QCOMPARE(runs.size(), std::size_t(6));
    QCOMPARE(runs[2].action, std::string("background"));  // after the others, at start and at 1 ms
    QCOMPARE(runs[5].action, std::string("background"));
    // The same graph without the setting: the background effect is not always last.
    graph::GraphDocument plain = load(labeled);
    plain.settings.deprioritize.clear();
    Runner without(std::move(plain), options);
    without.runToEnd();
    backgroundFirstSomewhere = backgroundFirstSomewhere || without.report().effectRuns[0].action == "background";
  }
  QVERIFY(backgroundFirstSomewhere);
}

void RunnerTests::rejectsAnUnvalidatedDocument() {
  graph::GraphDocument doc;
  doc.name = "raw";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Runner{doc});
  run::RunOptions bad;
  bad.maxTimeMs = -1;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (Runner{load(kGraph), bad}));
}
