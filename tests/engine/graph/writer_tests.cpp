#include <QtTest/QtTest>

#include <limits>
#include <sstream>

#include "graph/dot.h"
#include "graph/loader.h"
#include "graph/validate.h"
#include "graph/writer.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::kSpecExample;
using testing::load;
using testing::q;

namespace {

GraphDocument loaded(std::string_view text) {
  LoadResult r = load(text);
  if (!r.ok()) qFatal("does not load: %s", r.errorText().c_str());
  return std::move(*r.document);
}

}  // namespace

void WriterTests::specExampleRoundTrips() {
  const GraphDocument doc = loaded(kSpecExample);
  const std::string text = saveGraph(doc);
  const GraphDocument again = loaded(text);
  QVERIFY(again == doc);
  QCOMPARE(q(saveGraph(again)), q(text));  // stable bytes
  QCOMPARE(q(text), QStringLiteral(R"({
  "tickscope": 1,
  "name": "diamond",
  "settings": {
    "mode": "pull",
    "seed": 7,
    "epsilon": 0,
    "cycle": {"budgetMs": 16, "maxIterations": 20},
    "autoDebounce": {"enabled": true, "thresholdMs": 50, "minRuns": 3, "delayMs": 100},
    "deprioritize": []
  },
  "cells": {
    "a": 1,
    "b": 2
  },
  "actions": [
    {"id": "sum", "kind": "computation", "reads": ["a", "b"], "writes": ["s"], "expr": "a + b", "costMs": 2},
    {"id": "twice", "kind": "computation", "reads": ["s"], "writes": ["d"], "expr": "s * 2"},
    {"id": "show", "kind": "effect", "reads": ["s", "d"], "costMs": 1, "label": "ui"}
  ],
  "events": [
    {"atMs": 0, "set": {"a": 10}},
    {"atMs": 5, "set": {"a": 4, "b": 3}}
  ]
}
)"));
}

void WriterTests::everyFeatureRoundTrips() {
  GraphDocument doc;
  doc.name = "all \"features\"";
  doc.description = "line one\nline two";
  doc.settings.mode = Mode::Push;
  doc.settings.seed = 18446744073709551615ull;
  doc.settings.epsilon = 1e-9;
  doc.settings.cycle = {2.5, 7};
  doc.settings.autoDebounce = {false, 12.5, 0, 0.25};
  doc.settings.deprioritize = {"ui", "slow io"};
  doc.cells = {{"a", -1.5}, {"b", 1e300}};
  Action f;
  f.id = "f";
  f.readsFromExpr = true;
  f.writes = {"x", "y"};
  f.expr = "a * 2, b > 0 ? a : -a";
  f.costMs = 0.125;
  f.debounceMs = 40;
  f.label = "compute";
  Action e;
  e.id = "e";
  e.kind = ActionKind::Effect;
  e.reads = {"x", "y"};
  doc.actions = {f, e};
  doc.events = {Event{0, {{"a", 3}}, std::nullopt, {}},
                Event{12.5, {{"a", 1}, {"b", 2}}, "req-1", {{"flush", 30, true}, {"audit", 500, false}}},
                Event{20, {}, std::nullopt, {}}};
  QVERIFY(validate(doc).ok());
  const std::string text = saveGraph(doc);
  const GraphDocument again = loaded(text);
  QVERIFY(again == doc);
  QVERIFY(again.actions[0].readsFromExpr);  // "reads" stays absent
  QVERIFY(text.find("\"reads\": [\"a\", \"b\"]") == std::string::npos);
  QCOMPARE(q(saveGraph(again)), q(text));
  // Unknown keys of a loaded file are not kept.
  const GraphDocument withUnknown = loaded(R"({"tickscope": 1, "colour": "red"})");
  QVERIFY(saveGraph(withUnknown).find("colour") == std::string::npos);
}

void WriterTests::numbersRoundTripExactly() {
  GraphDocument doc;
  const std::vector<double> values = {0.1, 1.0 / 3, -0.0, 1e-300, 5e-324, 1.7976931348623157e308,
                                      123456789012345678.0, 2.5, -7};
  for (std::size_t i = 0; i < values.size(); ++i) doc.cells.push_back({"c" + std::to_string(i), values[i]});
  const GraphDocument again = loaded(saveGraph(doc));
  for (std::size_t i = 0; i < values.size(); ++i) {
    QCOMPARE(again.cells[i].initial, values[i]);
    QCOMPARE(std::signbit(again.cells[i].initial), std::signbit(values[i]));
  }
  const std::string text = saveGraph(doc);
  QVERIFY(text.find("\"c0\": 0.1,") != std::string::npos);
  QVERIFY(text.find("\"c8\": -7\n") != std::string::npos);
}

void WriterTests::stringsAreEscaped() {
  GraphDocument doc;
  doc.name = "quote \" backslash \\ tab \t nul " + std::string(1, '\0') + " unicode \xc3\xa9";
  Action e;
  e.id = "e";
  e.kind = ActionKind::Effect;
  e.label = "\x01\x1f";
  doc.actions.push_back(e);
  const std::string text = saveGraph(doc);
  QVERIFY(text.find(R"("quote \" backslash \\ tab \t nul \u0000 unicode )") != std::string::npos);
  QVERIFY(text.find(R"("label": "\u0001\u001f")") != std::string::npos);
  const GraphDocument again = loaded(text);
  QVERIFY(again == doc);
}

void WriterTests::writerEnforcesOrder() {
  std::ostringstream out;
  GraphWriter w(out);
  QVERIFY_THROWS_EXCEPTION(std::logic_error, w.cell(Cell{"a", 1}));  // before begin()
  w.begin("x", Settings{});
  w.cell(Cell{"a", 1});
  w.action(Action{"e", ActionKind::Effect});
  QVERIFY_THROWS_EXCEPTION(std::logic_error, w.cell(Cell{"b", 1}));  // cells after actions
  w.event(Event{});
  QVERIFY_THROWS_EXCEPTION(std::logic_error, w.action(Action{"f", ActionKind::Effect}));
  w.end();
  QVERIFY_THROWS_EXCEPTION(std::logic_error, w.end());
  QVERIFY(load(out.str()).ok());
}

void WriterTests::emptySections() {
  GraphDocument doc;
  doc.name = "empty";
  const std::string text = saveGraph(doc);
  QVERIFY(text.find("\"cells\": {},\n  \"actions\": [],\n  \"events\": []\n}\n") != std::string::npos);
  QVERIFY(loaded(text) == doc);
}

void WriterTests::dotDump() {
  const GraphDocument doc = loaded(kSpecExample);
  const std::string dot = toDot(doc);
  QVERIFY(dot.starts_with("digraph \"diamond\" {\n"));
  QVERIFY(dot.find(R"("c:s" [shape=ellipse, label="s"];)") != std::string::npos);  // written-only cell
  QVERIFY(dot.find(R"("a:sum" [shape=box, label="sum\na + b"];)") != std::string::npos);
  QVERIFY(dot.find(R"("a:show" [shape=doubleoctagon, label="show"];)") != std::string::npos);
  QVERIFY(dot.find(R"("c:a" -> "a:sum";)") != std::string::npos);
  QVERIFY(dot.find(R"("a:twice" -> "c:d";)") != std::string::npos);
  QVERIFY(dot.ends_with("}\n"));
  // Four cells, three actions, 2 + 1 + 2 reads and 2 writes.
  QCOMPARE(std::count(dot.begin(), dot.end(), '>'), std::ptrdiff_t{7});
}
