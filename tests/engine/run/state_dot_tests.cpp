// run::writeStateDot: the graph with a snapshot's states — fills by state from the shared
// table (run/state_colors.h), values in cell labels, run counts in action labels, the edges the
// last step's change travelled, escaping, and the same bytes for the same run and step.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "graph/dot.h"
#include "run/runner.h"
#include "run/state_colors.h"
#include "run/state_dot.h"
#include "trace/json_writer.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::ActionState;
using run::NodeFill;
using run::Runner;
using testing::loadJson;

namespace {

// A division by zero at 10 ms (a = 0), fine again at 20 ms; the name needs escaping.
const char* const kMath = R"({
  "tickscope": 1, "name": "say \"hi\" \\ there", "settings": { "seed": 1 },
  "cells": { "a": 1 },
  "actions": [
    { "id": "inverse", "kind": "computation", "reads": ["a"], "writes": ["r"], "expr": "1 / a", "costMs": 1 },
    { "id": "show", "kind": "effect", "reads": ["r"], "expr": "r" },
    { "id": "echo", "kind": "effect", "reads": ["a"], "expr": "a" }
  ],
  "events": [ { "atMs": 10, "set": { "a": 0 } }, { "atMs": 20, "set": { "a": 4 } } ]
})";

run::RunOptions journaled() {
  run::RunOptions options;
  options.journalSteps = 16;
  return options;
}

// line: the statement of node `id` ("a:show", "c:r") in `dot`, "" when missing.
std::string line(const std::string& dot, const std::string& id) {
  const std::string start = "  \"" + id + "\" [";
  const auto at = dot.find(start);
  if (at == std::string::npos) return {};
  return dot.substr(at, dot.find('\n', at) - at);
}

std::string fillOf(NodeFill f) { return "fillcolor=\"" + run::hexColor(run::nodeFillRgb(f)) + "\""; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

void StateDotTests::hexColorsAreLowerCaseSixDigits() {
  QCOMPARE(run::hexColor(0x000000), std::string("#000000"));
  QCOMPARE(run::hexColor(0x1565c0), std::string("#1565c0"));
  QCOMPARE(run::hexColor(0xABCDEF), std::string("#abcdef"));
  // Every fill has a colour of its own: the legend tells them apart.
  std::set<std::uint32_t> colours;
  for (int f = 0; f < run::kNodeFillCount; ++f) colours.insert(run::nodeFillRgb(NodeFill(f)));
  QCOMPARE(static_cast<int>(colours.size()), run::kNodeFillCount);
}

void StateDotTests::neverRunBeforeTheFirstStep() {
  Runner runner(loadJson(kMath), journaled());
  const std::string dot = run::toStateDot(runner.snapshot());
  // Pull: the effects are scheduled (pending goes before never run), the computation is not
  // demanded yet: dirty and never run, filled as never run, its label dimmed.
  const std::string dimmed = "fontcolor=\"" + run::hexColor(run::colors::kDimmedLabel) + "\"";
  for (const char* id : {"a:show", "a:echo"}) {
    const std::string l = line(dot, id);
    QVERIFY2(contains(l, fillOf(NodeFill::Pending)), l.c_str());
    QVERIFY2(contains(l, "runs: 0\\npending, never run\""), l.c_str());
    QVERIFY2(!contains(l, dimmed), l.c_str());
  }
  const std::string inverse = line(dot, "a:inverse");
  QVERIFY2(contains(inverse, fillOf(NodeFill::NeverRun)), inverse.c_str());
  QVERIFY2(contains(inverse, "runs: 0\\ndirty, never run\""), inverse.c_str());  // every state that holds
  QVERIFY2(contains(inverse, dimmed), inverse.c_str());
  // Cells show their values: a its initial 1; r, written only, starts at 0.
  QVERIFY(contains(line(dot, "c:a"), "label=\"a\\n= 1\""));
  QVERIFY(contains(line(dot, "c:r"), "label=\"r\\n= 0\""));
  QVERIFY(contains(line(dot, "c:r"), fillOf(NodeFill::Cell)));
  // No edge is hot before anything ran.
  QVERIFY(!contains(dot, "-> \"c:r\" [color"));
  QVERIFY(contains(dot, "step 0, t = 0 ms"));
}

void StateDotTests::ranErroredAndValuesAfterSteps() {
  Runner runner(loadJson(kMath), journaled());
  runner.settle();
  bool sawRan = false;
  // Step until something ran in the last step: its fill, outline and hot edges.
  while (runner.step()) {
    const run::RunSnapshot snap = runner.snapshot();
    const auto inverse = *snap.document->findAction("inverse");
    const ActionState& s = snap.actions[inverse];
    const std::string dot = run::toStateDot(snap);
    const std::string l = line(dot, "a:inverse");
    QVERIFY2(contains(l, "runs: " + std::to_string(s.runCount)), l.c_str());
    if (s.has(ActionState::RanThisStep)) {
      sawRan = true;
      QVERIFY2(contains(l, fillOf(NodeFill::Ran)), l.c_str());
      QVERIFY2(contains(l, "color=\"" + run::hexColor(run::colors::kTravelled) + "\", penwidth=2"), l.c_str());
      QVERIFY(contains(line(dot, "c:r"), fillOf(NodeFill::CellWritten)));
      QVERIFY(contains(dot, "\"a:inverse\" -> \"c:r\" [color=\"" + run::hexColor(run::colors::kTravelled) + "\""));
    } else {
      QVERIFY(contains(dot, "\"a:inverse\" -> \"c:r\";\n"));
    }
    // r's label carries its value, as the report prints numbers.
    const auto r = *snap.document->findCell("r");
    const std::string value = std::isnan(snap.cells[r]) ? "NaN" : trace::formatNumber(snap.cells[r]);
    QVERIFY2(contains(line(dot, "c:r"), "label=\"r\\n= " + value + "\""), line(dot, "c:r").c_str());
  }
  QVERIFY(sawRan);
  // The division by zero at 10 ms is in the report: inverse is errored (red, or "!" words).
  const run::RunSnapshot end = runner.snapshot();
  const std::string dot = run::toStateDot(end);
  const ActionState& inv = end.actions[*end.document->findAction("inverse")];
  QVERIFY(inv.has(ActionState::Errored));
  QVERIFY(contains(line(dot, "a:inverse"), "errored"));
  if (!inv.has(ActionState::RanThisStep)) QVERIFY(contains(line(dot, "a:inverse"), fillOf(NodeFill::Errored)));
  QVERIFY(contains(line(dot, "a:echo"), "shape=doubleoctagon"));
  QVERIFY(contains(line(dot, "a:inverse"), "shape=box"));
  QVERIFY(contains(line(dot, "a:inverse"), "\\n1 / a\\n"));
  QVERIFY(contains(dot, "(done)"));
}

void StateDotTests::escapesTheName() {
  Runner runner(loadJson(kMath), journaled());
  const std::string dot = run::toStateDot(runner.snapshot());
  QVERIFY2(dot.starts_with("digraph \"say \\\"hi\\\" \\\\ there\" {\n"), dot.substr(0, 60).c_str());
  // Every quote outside an escape opens or closes a string: an even count per line.
  std::size_t start = 0;
  while (start < dot.size()) {
    const std::size_t end = dot.find('\n', start);
    int quotes = 0;
    for (std::size_t i = start; i < end; ++i) {
      if (dot[i] == '\\') {
        ++i;
        continue;
      }
      if (dot[i] == '"') ++quotes;
    }
    QVERIFY2(quotes % 2 == 0, dot.substr(start, end - start).c_str());
    start = end + 1;
  }
  QVERIFY(dot.ends_with("}\n"));
}

void StateDotTests::sameRunSameBytes() {
  const auto runOnce = [](std::uint64_t steps) {
    Runner runner(loadJson(kMath), journaled());
    for (std::uint64_t i = 0; i < steps && runner.step();) ++i;
    return run::toStateDot(runner.snapshot());
  };
  const std::string a = runOnce(3);
  QCOMPARE(runOnce(3), a);
  QVERIFY(runOnce(4) != a);  // another step: another state
  // Same node and edge statements as the structure-only dump, one per cell, action and edge.
  const std::string plain = graph::toDot(loadJson(kMath));
  QCOMPARE(std::count(a.begin(), a.end(), '>'), std::count(plain.begin(), plain.end(), '>'));
}

void StateDotTests::rejectsASnapshotWithoutDocument() {
  run::RunSnapshot empty;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::toStateDot(empty));
}
