#include <QtTest/QtTest>

#include <string>

#include "graph/json_pointer.h"
#include "graph/validate.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::errorLines;
using testing::kSpecExample;
using testing::load;
using testing::q;
using testing::warningLines;

namespace {

// graph: a v1 file with these cells, actions and events (JSON fragments).
std::string graphText(std::string_view cells, std::string_view actions, std::string_view events = "") {
  std::string text = "{\n  \"tickscope\": 1,\n  \"cells\": {" + std::string(cells) + "},\n  \"actions\": [\n";
  text += actions;
  text += "\n  ]";
  if (!events.empty()) text += ",\n  \"events\": [" + std::string(events) + "]";
  return text + "\n}\n";
}

QStringList prefixed(std::initializer_list<const char*> lines) {
  QStringList out;
  for (const char* l : lines) out << QStringLiteral("g.tsg.json: ") + QString::fromUtf8(l);
  return out;
}

}  // namespace

void ValidationTests::unknownCell() {
  const LoadResult r = load(graphText(R"("a": 1, "b": 2)", R"(
    {"id": "one", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a"},
    {"id": "two", "kind": "computation", "reads": ["x"], "writes": ["y"], "expr": "x"},
    {"id": "sum", "kind": "computation", "reads": ["q", "a"], "writes": ["s"], "expr": "a"},
    {"id": "show", "kind": "effect", "expr": "a + nope"})",
                                  R"({"atMs": 1, "set": {"a": 2, "ghost": 3}})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/2/reads/0: action "sum" reads unknown cell "q")",
                     R"(/actions/3/expr: action "show" uses unknown cell "nope" in expr (it lists no reads, so it reads the variables of expr))",
                     R"(/events/0/set/ghost: event 0 sets unknown cell "ghost")"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::UnknownCell);
  QCOMPARE(q(r.errors[0].pointer), QStringLiteral("/actions/2/reads/0"));
}

void ValidationTests::duplicateIds() {
  const LoadResult r = load(graphText(R"("a": 1, "b": 2, "a": 3)", R"(
    {"id": "f", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a"},
    {"id": "f", "kind": "computation", "reads": ["a"], "writes": ["y"], "expr": "a"},
    {"id": "b", "kind": "effect", "reads": ["a"]},
    {"id": "x", "kind": "effect", "reads": ["a"]},
    {"id": "g", "kind": "computation", "reads": ["a"], "writes": ["f"], "expr": "a"},
    {"id": "h", "kind": "computation", "reads": ["a"], "writes": ["z", "z"], "expr": "a, a"})"));
  // Ids go into one table in order: cells, action ids, then cells that actions write.
  QCOMPARE(errorLines(r),
           prefixed({R"(/cells/a: duplicate id "a": cell declared twice)",
                     R"(/actions/1/id: duplicate id "f": action 0 has it too)",
                     R"(/actions/2/id: duplicate id "b": it is also a cell)",
                     R"(/actions/0/writes/0: action "f" writes "x", which is the id of an action)",
                     R"(/actions/4/writes/0: action "g" writes "f", which is the id of an action)",
                     R"(/actions/5/writes/1: action "h" writes "z" twice)"}));
  for (const Diagnostic& d : r.errors)
    QVERIFY(d.code == DiagnosticCode::DuplicateId || d.code == DiagnosticCode::BadValue);
}

void ValidationTests::wrongTypes() {
  const LoadResult r = load(R"({
  "tickscope": 1,
  "name": 5,
  "settings": {"mode": 1, "seed": "7", "cycle": [], "autoDebounce": {"enabled": "yes"}, "deprioritize": "ui"},
  "cells": {"a": "one", "b": [1], "c": 3},
  "actions": [
    {"id": 7, "kind": "computation", "reads": "a", "writes": ["x"], "expr": "a"},
    {"id": "f", "kind": "effect", "reads": ["c", 2], "costMs": "2", "label": false, "expr": ["c"]}
  ],
  "events": {"atMs": 0}
})");
  QCOMPARE(errorLines(r),
           prefixed({R"(/name: name must be a string, not a number)",
                     R"(/settings/mode: mode must be a string, not a number)",
                     R"(/settings/seed: seed must be an integer, not a string)",
                     R"(/settings/cycle: cycle must be an object, not an array)",
                     R"(/settings/autoDebounce/enabled: enabled must be true or false, not a string)",
                     R"(/settings/deprioritize: deprioritize must be an array, not a string)",
                     R"(/cells/a: cell "a": initial value must be a number, not a string)",
                     R"(/cells/b: cell "b": initial value must be a number, not an array)",
                     R"(/actions/0/id: action at index 0: id must be a string, not a number)",
                     R"(/actions/0/reads: action at index 0: reads must be an array, not a string)",
                     R"(/actions/1/reads/1: action "f": reads[1] must be a string, not a number)",
                     R"(/actions/1/costMs: action "f": costMs must be a number, not a string)",
                     R"(/actions/1/label: action "f": label must be a string, not a boolean)",
                     R"(/actions/1/expr: action "f": expr must be a string, not an array)",
                     R"(/events: events must be an array, not an object)"}));
  for (const Diagnostic& d : r.errors) QCOMPARE(d.code, DiagnosticCode::WrongType);
}

void ValidationTests::resultCountDiffersFromWrites() {
  const LoadResult r = load(graphText(R"("a": 1)", R"(
    {"id": "two", "kind": "computation", "reads": ["a"], "writes": ["x", "y"], "expr": "a * 2"},
    {"id": "one", "kind": "computation", "reads": ["a"], "writes": ["z"], "expr": "a, a + 1"},
    {"id": "fx", "kind": "effect", "reads": ["a"], "writes": ["w"], "expr": "a, a, a"},
    {"id": "ok", "kind": "computation", "reads": ["a"], "writes": ["p", "q"], "expr": "a, -a"},
    {"id": "out", "kind": "effect", "reads": ["a"], "expr": "a, 2 * a"})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/0/expr: action "two": expr gives 1 result but the action writes 2 cells)",
                     R"(/actions/1/expr: action "one": expr gives 2 results but the action writes 1 cell)",
                     R"(/actions/2/expr: action "fx": expr gives 3 results but the action writes 1 cell)"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::ResultCount);
}

void ValidationTests::expressionDoesNotParse() {
  const LoadResult r = load(graphText(R"("a": 1, "b": 2)", R"j(
    {"id": "sum", "kind": "computation", "reads": ["a", "b"], "writes": ["s"], "expr": "a + * b"},
    {"id": "open", "kind": "computation", "reads": ["a"], "writes": ["t"], "expr": "sqrt(a"},
    {"id": "empty", "kind": "computation", "reads": ["a"], "writes": ["u"], "expr": ""},
    {"id": "fn", "kind": "computation", "reads": ["a"], "writes": ["v"], "expr": "nosuch(a)"},
    {"id": "glued", "kind": "computation", "reads": ["a"], "writes": ["w"], "expr": "2a"})j"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/0/expr: action "sum": expr "a + * b" does not parse at character 5: Unexpected operator "*")",
                     R"(/actions/1/expr: action "open": expr "sqrt(a" does not parse at character 7: Missing parenthesis)",
                     R"(/actions/2/expr: action "empty": expr "" does not parse: Expression is empty)",
                     R"j(/actions/3/expr: action "fn": expr "nosuch(a)" does not parse at character 7: Unexpected parenthesis "(")j",
                     R"(/actions/4/expr: action "glued": expr "2a" does not parse at character 2: Unexpected variable "a")"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::ExpressionSyntax);
}

void ValidationTests::expressionUsesUnreadVariable() {
  const LoadResult r = load(graphText(R"("a": 1, "b": 2)", R"(
    {"id": "sum", "kind": "computation", "reads": ["a"], "writes": ["s"], "expr": "a + b"},
    {"id": "extra", "kind": "computation", "reads": ["a", "b"], "writes": ["t"], "expr": "a"})"));
  // Reading a cell the expression does not use is fine (a dependency without a variable).
  QCOMPARE(errorLines(r), prefixed({R"(/actions/0/expr: action "sum" uses "b" in expr but does not read it (add it to reads))"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::UnreadVariable);
}

void ValidationTests::expressionTooLong() {
  LoadLimits limits;
  limits.maxExpressionBytes = 8;
  const LoadResult r = load(graphText(R"("a": 1)", R"(
    {"id": "long", "kind": "computation", "reads": ["a"], "writes": ["s"], "expr": "a + a + a"},
    {"id": "fits", "kind": "computation", "reads": ["a"], "writes": ["t"], "expr": "a + a"})"),
                            limits);
  QCOMPARE(errorLines(r), prefixed({R"(/actions/0/expr: action "long": expr is 9 bytes, over the limit of 8 (set TICKSCOPE_MAX_EXPRESSION_BYTES to raise it))"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::ExpressionTooLong);
}

void ValidationTests::version2IsReportedAlone() {
  // Version 2 with schema errors besides: only the version is reported.
  const LoadResult r = load(R"({"tickscope": 2, "cells": {"1x": "no"}, "actions": [{"id": 3}]})");
  QCOMPARE(errorLines(r), prefixed({"/tickscope: unsupported format version 2 (this build reads version 1)"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::Version);
  QVERIFY(load(R"({"tickscope": 1.0})").ok());
}

void ValidationTests::versionMissingOrMistyped() {
  QCOMPARE(errorLines(load(R"({"name": "x"})")),
           prefixed({R"(missing required key "tickscope" (the format version; this build reads version 1))"}));
  QCOMPARE(errorLines(load(R"({"tickscope": "1"})")),
           prefixed({R"(/tickscope: the format version must be the number 1, not "1")"}));
  QCOMPARE(errorLines(load(R"({"tickscope": 1.5})")),
           prefixed({R"(/tickscope: unsupported format version 1.5 (this build reads version 1))"}));
}

void ValidationTests::missingRequiredKeys() {
  const LoadResult r = load(graphText(R"("a": 1)", R"(
    {"kind": "effect", "reads": ["a"]},
    {"id": "k", "reads": ["a"]})",
                                  R"({"set": {"a": 1}}, {"atMs": 1, "session": "s", "spawn": [{"delayMs": 3}]})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/0: action at index 0: missing required key "id")",
                     R"(/actions/1: action "k": missing required key "kind" ("computation" or "effect"))",
                     R"(/events/0: event 0: missing required key "atMs")",
                     R"(/events/1/spawn/0: event 1: missing required key "name" (of the spawned task))",
                     R"(/events/1/spawn/0/name: event 1: spawned task 0 has an empty name)"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::MissingKey);
}

void ValidationTests::badIdentifiers() {
  const LoadResult r = load(graphText(R"("1a": 1, "a b": 2, "ok": 3)", R"(
    {"id": "x-y", "kind": "effect", "reads": ["ok"]},
    {"id": "f", "kind": "computation", "reads": ["ok", "b.c"], "writes": ["é"], "expr": "ok"})",
                                  R"({"atMs": 0, "set": {"9": 1}})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/cells/1a: cell "1a": bad identifier (an id must match [A-Za-z_][A-Za-z0-9_]*))",
                     R"(/cells/a b: cell "a b": bad identifier (an id must match [A-Za-z_][A-Za-z0-9_]*))",
                     R"(/actions/0/id: action "x-y": bad identifier (an id must match [A-Za-z_][A-Za-z0-9_]*))",
                     R"(/actions/1/writes/0: action "f" writes "é", a bad identifier (an id must match [A-Za-z_][A-Za-z0-9_]*))",
                     R"(/actions/1/reads/1: action "f" reads "b.c", a bad identifier (an id must match [A-Za-z_][A-Za-z0-9_]*))",
                     R"(/events/0/set/9: event 0 sets unknown cell "9")"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::BadIdentifier);
  QCOMPARE(r.errors.back().code, DiagnosticCode::BadIdentifier);
}

void ValidationTests::negativeTimes() {
  const LoadResult r = load(graphText(R"("a": 1)", R"(
    {"id": "f", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a", "costMs": -2, "debounceMs": -0.5})",
                                  R"({"atMs": -1, "set": {"a": 1}, "session": "r", "spawn": [{"name": "t", "delayMs": -3}]})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/0/costMs: action "f": costMs must not be negative (-2))",
                     R"(/actions/0/debounceMs: action "f": debounceMs must not be negative (-0.5))",
                     R"(/events/0/atMs: event 0: atMs must not be negative (-1))",
                     R"(/events/0/spawn/0/delayMs: event 0: delayMs must not be negative (-3))"}));
  for (const Diagnostic& d : r.errors) QCOMPARE(d.code, DiagnosticCode::Negative);
}

void ValidationTests::computationWithoutWrites() {
  const LoadResult r = load(graphText(R"("a": 1)", R"(
    {"id": "f", "kind": "computation", "reads": ["a"], "expr": "a"},
    {"id": "g", "kind": "computation", "reads": ["a"], "writes": ["x"]},
    {"id": "e", "kind": "effect", "reads": ["a"], "writes": ["y", "z"]})"));
  QCOMPARE(errorLines(r),
           prefixed({R"(/actions/0: action "f" is a computation without writes (a computation writes at least one cell; an action without results is an effect))",
                     R"(/actions/1: action "g" writes 1 cell but has no expr to compute it)",
                     R"(/actions/2: action "e" writes 2 cells but has no expr to compute them)"}));
  QCOMPARE(r.errors[0].code, DiagnosticCode::NoWrites);
  QCOMPARE(r.errors[1].code, DiagnosticCode::NoExpression);
}

void ValidationTests::settingsRanges() {
  const LoadResult r = load(R"({"tickscope": 1, "settings": {"mode": "pulled", "seed": -1, "epsilon": -0.1,
    "cycle": {"budgetMs": -1, "maxIterations": 0}, "autoDebounce": {"thresholdMs": -5, "minRuns": 2.5, "delayMs": -2}}})");
  QCOMPARE(errorLines(r),
           prefixed({R"(/settings/mode: mode must be "pull" or "push", not "pulled")",
                     R"(/settings/seed: seed must be an integer from 0 to 9223372036854775807, not -1)",
                     R"(/settings/autoDebounce/minRuns: minRuns must be an integer from -2147483648 to 2147483647, not 2.5)",
                     R"(/settings/epsilon: epsilon must not be negative (-0.1))",
                     R"(/settings/cycle/budgetMs: budgetMs must not be negative (-1))",
                     R"(/settings/cycle/maxIterations: maxIterations must be at least 1 (0))",
                     R"(/settings/autoDebounce/thresholdMs: thresholdMs must not be negative (-5))",
                     R"(/settings/autoDebounce/delayMs: delayMs must not be negative (-2))"}));
  // A number beyond double's range is a JSON-level error at the number.
  QCOMPARE(errorLines(load("{\"tickscope\": 1,\n \"settings\": {\"epsilon\": 1e999}}")),
           QStringList{"g.tsg.json:2:26: number overflow parsing '1e999'"});
  const LoadResult ok = load(R"({"tickscope": 1, "settings": {"mode": "push", "seed": 18446744073709551615,
    "deprioritize": ["ui", "io"], "autoDebounce": {"enabled": false}}})");
  QVERIFY(ok.ok());
  QVERIFY(ok.document->settings.mode == Mode::Push);
  QCOMPARE(ok.document->settings.seed, std::uint64_t{18446744073709551615ull});
  QCOMPARE(ok.document->settings.deprioritize, (std::vector<std::string>{"ui", "io"}));
  QVERIFY(!ok.document->settings.autoDebounce.enabled);
  QCOMPARE(ok.document->settings.autoDebounce.delayMs, 100.0);  // defaults kept
}

void ValidationTests::eventsAndSessions() {
  const LoadResult r = load(graphText(R"("a": 1, "b": 2)", R"(
    {"id": "f", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a"})",
                                  R"({"atMs": 10, "set": {"a": 3, "x": 4}, "session": "req-1",
       "spawn": [{"name": "flush", "delayMs": 30, "waitUntil": true}, {"name": "audit", "delayMs": 500}]},
     {"atMs": 5, "set": {"b": 1, "b": 2}},
     {"atMs": 6, "spawn": [{"name": "orphan"}]})"));
  QCOMPARE(errorLines(r), prefixed({R"(/events/1/set/b: event 1 sets "b" twice)"}));
  QCOMPARE(warningLines(r), prefixed({R"(/events/2/spawn: event 2: spawns tasks without a session: their cleanup is not validated)"}));

  const LoadResult ok = load(graphText(R"("a": 1)", R"(
    {"id": "f", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a"})",
                                   R"({"atMs": 10, "set": {"a": 3, "x": 4}, "session": "req-1",
       "spawn": [{"name": "flush", "delayMs": 30, "waitUntil": true}, {"name": "audit", "delayMs": 500}]},
     {"atMs": 5})"));
  QVERIFY(ok.ok());
  const Event& e = ok.document->events[0];
  QCOMPARE(e.atMs, 10.0);
  QCOMPARE(e.set.size(), std::size_t{2});
  QCOMPARE(q(e.set[1].cell), QStringLiteral("x"));  // a cell written by an action may be set too
  QCOMPARE(e.set[1].value, 4.0);
  QCOMPARE(q(*e.session), QStringLiteral("req-1"));
  QCOMPARE(e.spawn.size(), std::size_t{2});
  QCOMPARE(q(e.spawn[0].name), QStringLiteral("flush"));
  QCOMPARE(e.spawn[0].delayMs, 30.0);
  QVERIFY(e.spawn[0].waitUntil);
  QVERIFY(!e.spawn[1].waitUntil);
  QCOMPARE(ok.document->resolution.eventTargets[0], (std::vector<CellIndex>{0, 1}));
  QVERIFY(ok.document->events[1].set.empty());  // an event may set nothing
}

void ValidationTests::allErrorsInOnePass() {
  // One file, one error of each kind, spread over it: all are reported, in one load.
  const LoadResult r = load(R"({
  "tickscope": 1,
  "cells": {"a": 1, "b": "two"},
  "actions": [
    {"id": "sum", "kind": "computation", "reads": ["a", "q"], "writes": ["s"], "expr": "a"},
    {"id": "sum", "kind": "computation", "reads": ["a"], "writes": ["t"], "expr": "a + * 2"},
    {"id": "neg", "kind": "effect", "reads": ["a"], "costMs": -1},
    {"id": "cnt", "kind": "computation", "reads": ["a"], "writes": ["u", "v"], "expr": "a"}
  ],
  "events": [{"atMs": 0, "set": {"zz": 1}}]
})");
  QCOMPARE(errorLines(r),
           prefixed({R"(/cells/b: cell "b": initial value must be a number, not a string)",
                     R"(/actions/1/id: duplicate id "sum": action 0 has it too)",
                     R"(/actions/0/reads/1: action "sum" reads unknown cell "q")",
                     R"(/actions/1/expr: action "sum": expr "a + * 2" does not parse at character 5: Unexpected operator "*")",
                     R"(/actions/2/costMs: action "neg": costMs must not be negative (-1))",
                     R"(/actions/3/expr: action "cnt": expr gives 1 result but the action writes 2 cells)",
                     R"(/events/0/set/zz: event 0 sets unknown cell "zz")"}));
  QVERIFY(!r.document);
}

void ValidationTests::errorListIsCapped() {
  std::string actions;
  for (int i = 0; i < 50; ++i) {
    if (i > 0) actions += ",\n";
    actions += R"({"id": "f)" + std::to_string(i) + R"(", "kind": "effect", "reads": ["nope"]})";
  }
  LoadLimits limits;
  limits.maxErrors = 10;
  const LoadResult r = load(graphText("", actions), limits);
  QCOMPARE(r.errors.size(), std::size_t{11});
  QCOMPARE(q(r.errors.back().format()), QStringLiteral("g.tsg.json: 40 more errors not shown"));
  QCOMPARE(r.errors.back().code, DiagnosticCode::TooManyErrors);
}

void ValidationTests::unknownKeysWarn() {
  const LoadResult r = load(R"({"tickscope": 1, "colour": "red", "settings": {"speed": {"x": [1]}},
    "cells": {"a": 1},
    "actions": [{"id": "e", "kind": "effect", "reads": ["a"], "note": "hi"}],
    "events": [{"atMs": 0, "later": true, "spawn": [{"name": "t", "extra": 1}], "session": "s"}]})");
  QVERIFY(r.ok());
  QCOMPARE(warningLines(r),
           prefixed({R"(/colour: unknown key "colour" ignored)",
                     R"(/settings/speed: unknown key "speed" ignored)",
                     R"(/actions/0/note: action "e": unknown key "note" ignored)",
                     R"(/events/0/later: event 0: unknown key "later" ignored)",
                     R"(/events/0/spawn/0/extra: event 0: unknown key "extra" ignored)"}));
  QCOMPARE(r.warnings[0].code, DiagnosticCode::UnknownKey);
  QCOMPARE(r.warnings[0].severity, Severity::Warning);
  // Given twice is an error, not a warning.
  QCOMPARE(errorLines(load(R"({"tickscope": 1, "actions": [{"id": "e", "id": "f", "kind": "effect"}]})")),
           prefixed({R"(/actions/0/id: action "f": key "id" given twice)"}));
}

void ValidationTests::readsDefaultToExpressionVariables() {
  const LoadResult r = load(graphText(R"("b": 1, "a": 2, "_pi": 3)", R"(
    {"id": "f", "kind": "computation", "writes": ["x"], "expr": "b * max(a, b) + sin(_pi) + a"},
    {"id": "g", "kind": "effect"})"));
  QVERIFY2(r.ok(), qPrintable(q(r.errorText())));
  const GraphDocument& doc = *r.document;
  QVERIFY(doc.actions[0].readsFromExpr);
  QCOMPARE(doc.actions[0].reads, (std::vector<std::string>{"b", "a"}));  // order of appearance
  const ResolvedAction& f = doc.resolution.actions[0];
  QCOMPARE(std::vector<CellIndex>(f.reads.begin(), f.reads.end()), (std::vector<CellIndex>{0, 1}));
  QCOMPARE(std::vector<CellIndex>(f.inputs.begin(), f.inputs.end()), (std::vector<CellIndex>{0, 1}));
  QVERIFY(doc.actions[1].reads.empty());
  // A cell named like a muParser constant is legal but shadowed: say so.
  QCOMPARE(warningLines(r), prefixed({R"(/cells/_pi: cell "_pi" has the name of a muParser constant: expressions read the constant, not the cell)"}));
}

void ValidationTests::validateBuiltDocument() {
  GraphDocument doc;
  doc.name = "built";
  doc.cells = {{"a", 1}, {"a", 2}};
  Action f;
  f.id = "f";
  f.reads = {"a"};
  f.writes = {"x"};
  f.expr = "a / 0";
  f.costMs = -1;
  doc.actions.push_back(f);
  ValidationResult v = validate(doc, "mem");
  QStringList lines;
  for (const Diagnostic& d : v.errors) lines << q(d.format());
  QCOMPARE(lines, (QStringList{R"(mem: /cells/a: duplicate id "a": cell declared twice)",
                               R"(mem: /actions/0/costMs: action "f": costMs must not be negative (-1))"}));
  QVERIFY(!doc.resolution.valid);
  QVERIFY(doc.resolution.actions.empty());  // cleared on failure

  doc.cells.pop_back();
  doc.actions[0].costMs = std::numeric_limits<double>::infinity();
  v = validate(doc, "mem");
  QCOMPARE(v.errors.size(), std::size_t{1});
  QCOMPARE(q(v.errors[0].format()), QStringLiteral(R"(mem: /actions/0/costMs: action "f": costMs must be a finite number)"));

  doc.actions[0].costMs = 0;
  v = validate(doc, "mem");
  QVERIFY(v.ok());
  QVERIFY(doc.resolution.valid);
  // Validating twice gives the same resolution, and a shared cache reuses programs.
  ExpressionCache cache;
  QVERIFY(validate(doc, "mem", {}, &cache).ok());
  QVERIFY(validate(doc, "mem", {}, &cache).ok());
  QCOMPARE(cache.programCount(), std::size_t{1});
  // Pointers name elements by index and escaped id.
  QCOMPARE(q(cellPointer("a/b~c")), QStringLiteral("/cells/a~1b~0c"));
  QCOMPARE(q(actionListPointer(3, "reads", 1)), QStringLiteral("/actions/3/reads/1"));
  QCOMPARE(q(spawnPointer(2, 0)), QStringLiteral("/events/2/spawn/0"));
  QCOMPARE(q(eventSetPointer(1, "a")), QStringLiteral("/events/1/set/a"));
}
