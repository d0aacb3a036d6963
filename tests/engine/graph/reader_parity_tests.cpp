// The loader's two readers give the same result: the fast one (simdjson On-Demand, taken
// when it can say nothing would be reported) and the reference one (nlohmann SAX, which
// reports every diagnostic). Every bundled example, generated graphs of every shape, valid
// inputs with unusual spellings and a list of bad inputs are loaded through both
// (detail::ReadPath::Auto and ::Reference) and compared: errors, warnings, the document, its
// saved text and its resolution.
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/generator.h"
#include "graph/loader.h"
#include "graph/loader_p.h"
#include "graph/validate.h"
#include "graph/writer.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::errorLines;
using testing::kSpecExample;
using testing::q;
using testing::warningLines;
using namespace std::string_literals;

namespace {

LoadResult loadAuto(std::string_view bytes, const LoadLimits& limits = {}) {
  return detail::loadGraphBytes(bytes, "g.tsg.json", limits, detail::ReadPath::Auto);
}
LoadResult loadReference(std::string_view bytes, const LoadLimits& limits = {}) {
  return detail::loadGraphBytes(bytes, "g.tsg.json", limits, detail::ReadPath::Reference);
}

template <class T>
std::vector<T> toVector(std::span<const T> s) {
  return {s.begin(), s.end()};
}

// compareResolvedActions: the same cells, inputs and expressions (evaluated alike) per action.
void compareResolvedActions(const Resolution& a, const Resolution& b) {
  QCOMPARE(a.actions.size(), b.actions.size());
  for (std::size_t i = 0; i < a.actions.size(); ++i) {
    const ResolvedAction& x = a.actions[i];
    const ResolvedAction& y = b.actions[i];
    QVERIFY(toVector(x.reads) == toVector(y.reads));
    QVERIFY(toVector(x.writes) == toVector(y.writes));
    QVERIFY(toVector(x.inputs) == toVector(y.inputs));
    QCOMPARE(x.expression.valid(), y.expression.valid());
    if (!x.expression.valid()) continue;
    QCOMPARE(x.expression.variableCount(), y.expression.variableCount());  // bound to x/y.inputs
    QCOMPARE(x.expression.resultCount(), y.expression.resultCount());
    const std::vector<double> inputs(x.expression.variableCount(), 1.25);
    QVERIFY(x.expression.evaluate(inputs).values == y.expression.evaluate(inputs).values);
  }
}

// compareResults: both loads agree on everything a caller can see.
void compareResults(const LoadResult& fast, const LoadResult& reference) {
  QCOMPARE(errorLines(fast), errorLines(reference));
  QCOMPARE(warningLines(fast), warningLines(reference));
  QCOMPARE(fast.ok(), reference.ok());
  for (std::size_t i = 0; i < fast.errors.size(); ++i) QVERIFY(fast.errors[i].code == reference.errors[i].code);
  for (std::size_t i = 0; i < fast.warnings.size(); ++i)
    QVERIFY(fast.warnings[i].code == reference.warnings[i].code);
  if (!reference.ok()) return;
  const GraphDocument& a = *fast.document;
  const GraphDocument& b = *reference.document;
  QVERIFY(a == b);
  QCOMPARE(q(saveGraph(a)), q(saveGraph(b)));
  // Fields operator== leaves to the writer: reads taken from expr, resolution.
  QCOMPARE(a.actions.size(), b.actions.size());
  for (std::size_t i = 0; i < a.actions.size(); ++i) QCOMPARE(a.actions[i].readsFromExpr, b.actions[i].readsFromExpr);
  QCOMPARE(a.resolution.valid, b.resolution.valid);
  QVERIFY(a.resolution.implicitCells == b.resolution.implicitCells);
  QVERIFY(a.resolution.eventTargets == b.resolution.eventTargets);
  compareResolvedActions(a.resolution, b.resolution);
  for (std::size_t c = 0; c < a.cellCount(); ++c) {
    const auto cell = static_cast<CellIndex>(c);
    QCOMPARE(q(a.cellId(cell)), q(b.cellId(cell)));
    QCOMPARE(a.findCell(a.cellId(cell)), b.findCell(b.cellId(cell)));
  }
  for (std::size_t i = 0; i < a.actions.size(); ++i) QCOMPARE(a.findAction(a.actions[i].id), b.findAction(b.actions[i].id));
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string generated(Shape shape, std::size_t nodes, std::uint64_t seed, const GenerateOptions& options) {
  std::ostringstream out;
  writeGeneratedGraph(out, shape, nodes, seed, options);
  return out.str();
}

}  // namespace

void ReaderParityTests::examplesTakeTheFastPathAndMatch_data() {
  QTest::addColumn<QString>("path");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  QVERIFY(files.size() >= 5);
  for (const auto& f : files) QTest::newRow(f.filename().string().c_str()) << q(f.string());
}

void ReaderParityTests::examplesTakeTheFastPathAndMatch() {
  QFETCH(QString, path);
  const std::filesystem::path file = path.toStdString();
  const std::string bytes = readFile(file);
  const LoadResult fast = loadAuto(bytes);
  const LoadResult reference = loadReference(bytes);
  QVERIFY2(fast.timings.fastPath, "the fast reader gave up on a bundled example");
  QVERIFY(!reference.timings.fastPath);
  QVERIFY2(reference.ok(), qPrintable(q(reference.errorText())));
  compareResults(fast, reference);
  // loadGraph (from the file, the buffer read with padding) takes the fast path too.
  const LoadResult fromFile = loadGraph(file);
  QVERIFY(fromFile.timings.fastPath);
  QVERIFY(fromFile.ok());
  QVERIFY(*fromFile.document == *reference.document);
}

void ReaderParityTests::generatedShapesMatch_data() {
  QTest::addColumn<int>("shape");
  QTest::addColumn<int>("nodes");
  QTest::addColumn<bool>("cycles");
  QTest::addColumn<double>("maxCostMs");
  for (const Shape shape : allShapes()) {
    const std::string name(toString(shape));
    QTest::newRow((name + "-1").c_str()) << static_cast<int>(shape) << 1 << false << 0.0;
    QTest::newRow((name + "-3000").c_str()) << static_cast<int>(shape) << 3000 << false << 0.0;
    QTest::newRow((name + "-500-costs").c_str()) << static_cast<int>(shape) << 500 << false << 7.0;
  }
  QTest::newRow("random-3000-cycles") << static_cast<int>(Shape::Random) << 3000 << true << 0.0;
  QTest::newRow("random-200-cycles-costs") << static_cast<int>(Shape::Random) << 200 << true << 3.0;
}

void ReaderParityTests::generatedShapesMatch() {
  QFETCH(int, shape);
  QFETCH(int, nodes);
  QFETCH(bool, cycles);
  QFETCH(double, maxCostMs);
  GenerateOptions options;
  options.cycles = cycles;
  options.maxCostMs = maxCostMs;
  options.events = 25;
  for (const std::uint64_t seed : {1u, 7u}) {
    const std::string bytes = generated(static_cast<Shape>(shape), static_cast<std::size_t>(nodes), seed, options);
    const LoadResult fast = loadAuto(bytes);
    const LoadResult reference = loadReference(bytes);
    QVERIFY(fast.timings.fastPath);
    QVERIFY2(reference.ok(), qPrintable(q(reference.errorText())));
    compareResults(fast, reference);
    if (QTest::currentTestFailed()) return;
  }
}

// Valid files written in ways the generator never writes: both readers must agree, whichever
// of them the loader takes.
void ReaderParityTests::unusualValidInputsMatch_data() {
  QTest::addColumn<QByteArray>("text");
  QTest::addColumn<bool>("fast");  // the fast reader is expected to take it
  const auto row = [](const char* name, std::string text, bool fast) {
    QTest::newRow(name) << QByteArray(text.data(), static_cast<qsizetype>(text.size())) << fast;
  };
  row("spec example", std::string(kSpecExample), true);
  row("minimal", R"({"tickscope": 1})", true);
  row("version 1.0", R"({"tickscope": 1.0, "actions": []})", true);
  row("version 1e0", R"({"tickscope": 1e0})", true);
  row("keys in any order", R"({"actions": [{"expr": "a + 1", "writes": ["b"], "kind": "computation", "id": "x"}], "cells": {"a": 2}, "tickscope": 1})", true);
  row("numbers", R"({"tickscope": 1, "cells": {"a": -0, "b": -0.0, "c": 1e2, "d": 1E-5, "e": 0.1, "f": 1.7976931348623157e308, "g": 18446744073709551615, "h": -9223372036854775808, "i": 2.5e-300, "j": 123456789012345678}})", true);
  row("big integers", R"({"tickscope": 1, "cells": {"a": 18446744073709551616, "b": -9223372036854775809}})", false);
  row("subnormal", R"({"tickscope": 1, "cells": {"a": 4.9e-324}})", false);
  row("integral floats", R"({"tickscope": 1, "settings": {"seed": 7.0, "cycle": {"maxIterations": 2e1}, "autoDebounce": {"minRuns": 0.0}}})", true);
  row("big seed", R"({"tickscope": 1, "settings": {"seed": 18446744073709551615}})", true);
  row("biggest float seed", R"({"tickscope": 1, "settings": {"seed": 9223372036854775807.0}})", false);
  row("big float seed", R"({"tickscope": 1, "settings": {"seed": 9.2e18}})", false);
  row("every setting", R"({"tickscope": 1, "name": "n", "description": "d", "settings": {"mode": "push", "seed": 3, "epsilon": 0.5, "cycle": {"budgetMs": 1.5, "maxIterations": 3}, "autoDebounce": {"enabled": false, "thresholdMs": 2, "minRuns": 4, "delayMs": 5}, "deprioritize": ["a", "b"]}})", true);
  row("escapes", R"({"tickscope": 1, "name": "a\"b\\c\/d\n\t\r\b\f", "description": "q\"", "actions": [{"id": "e", "kind": "effect", "label": "l\\"}]})", true);
  row("unicode escapes", R"({"tickscope": 1, "name": "caf\u00e9 \ud83d\ude00"})", false);
  row("raw unicode", "{\"tickscope\": 1, \"name\": \"caf\xc3\xa9 \xf0\x9f\x98\x80\", \"description\": \"\xe2\x82\xac\"}", true);
  row("whitespace", "\r\n\t {\r\n\"tickscope\"\t:\n1 ,\"cells\" : { \"a\" : 1 } }\r\n\t ", true);
  row("compact", R"({"tickscope":1,"cells":{"a":1},"actions":[{"id":"x","kind":"computation","reads":["a"],"writes":["b"],"expr":"a*2"}],"events":[{"atMs":1,"set":{"a":2}}]})", true);
  row("empty sections", R"({"tickscope": 1, "settings": {}, "cells": {}, "actions": [], "events": []})", true);
  row("events", R"({"tickscope": 1, "cells": {"a": 1, "b": 2}, "events": [{"atMs": 0}, {"atMs": 5, "set": {"a": 3, "b": -1.5}, "session": "s1", "spawn": [{"name": "t", "delayMs": 2, "waitUntil": true}, {"name": "u"}]}, {"atMs": 6, "set": {}, "spawn": []}]})", true);
  row("reads from expr", R"({"tickscope": 1, "cells": {"a": 1, "b": 2}, "actions": [{"id": "x", "kind": "computation", "writes": ["c", "d"], "expr": "b * sin(a), _pi + a"}, {"id": "y", "kind": "effect", "reads": [], "expr": "1"}]})", true);
  row("costs and labels", R"({"tickscope": 1, "cells": {"a": 1}, "actions": [{"id": "x", "kind": "effect", "reads": ["a"], "expr": "a", "costMs": 2.5, "debounceMs": 10, "label": "ui"}]})", true);
  row("muParser constant cell", R"({"tickscope": 1, "cells": {"_pi": 1}})", true);
  row("unknown key", R"({"tickscope": 1, "note": {"deep": [1, 2]}})", false);  // a warning
  row("unknown action key", R"({"tickscope": 1, "cells": {"a": 1}, "actions": [{"id": "x", "kind": "effect", "note": 1}]})", false);  // a warning
  row("escaped known key", R"({"tickscope": 1, "n\u0061me": "x"})", false);  // a warning
  row("long mantissas", R"({"tickscope": 1, "cells": {"a": 0.12345678901234567890123, "b": 9223372036854775807.0, "c": 1.00000000000000011102230246251565404236316680908203125, "d": 12345678901234567890.5e-3}})", true);
  row("BOM", "\xef\xbb\xbf{\"tickscope\": 1}", false);
  row("spawn without session", R"({"tickscope": 1, "events": [{"atMs": 1, "spawn": [{"name": "t"}]}]})", true);
}

void ReaderParityTests::unusualValidInputsMatch() {
  QFETCH(QByteArray, text);
  QFETCH(bool, fast);
  const std::string bytes(text.constData(), static_cast<std::size_t>(text.size()));
  const LoadResult automatic = loadAuto(bytes);
  const LoadResult reference = loadReference(bytes);
  QVERIFY2(reference.ok(), qPrintable(q(reference.errorText())));
  QCOMPARE(automatic.timings.fastPath, fast);
  compareResults(automatic, reference);
}

// Bad inputs: the diagnostics are the reference reader's, whichever reader the loader took
// first (reading problems make the fast reader give up; validation problems are found after
// either reader).
void ReaderParityTests::badInputsGiveTheSameDiagnostics_data() {
  QTest::addColumn<QByteArray>("text");
  QTest::addColumn<bool>("fast");  // the fast reader is expected to read it (validation fails)
  const auto row = [](const char* name, std::string text, bool fast) {
    QTest::newRow(name) << QByteArray(text.data(), static_cast<qsizetype>(text.size())) << fast;
  };
  const std::string base = R"({"tickscope": 1, "cells": {"a": 1}, "actions": [)";
  row("malformed", R"({"tickscope": 1, "cells": {"a": 1,}})", false);
  row("missing comma", R"({"tickscope": 1 "cells": {}})", false);
  row("unterminated", R"({"tickscope": 1, "cells": {"a": 1})", false);
  row("trailing garbage", R"({"tickscope": 1} x)", false);
  row("trailing brace", R"({"tickscope": 1}})", false);
  row("second object", R"({"tickscope": 1}{})", false);
  row("bad literal", R"({"tickscope": 1, "settings": {"autoDebounce": {"enabled": tru}}})", false);
  row("leading zero", R"({"tickscope": 1, "cells": {"a": 01}})", false);
  row("number overflow", R"({"tickscope": 1, "cells": {"a": 1e999}})", false);
  row("control character", "{\"tickscope\": 1, \"name\": \"a\x01b\"}", false);
  row("NUL byte", "{\"tickscope\": 1, \"name\": \"a\0b\"}"s, false);
  row("NUL after", "{\"tickscope\": 1}\0"s, false);
  row("invalid UTF-8", "{\"tickscope\": 1, \"name\": \"a\xff\"}", false);
  row("invalid UTF-8 outside strings", "{\"tickscope\": 1, \xc3\xa9}", false);
  row("lone surrogate", R"({"tickscope": 1, "name": "\ud800"})", false);
  row("bad escape", R"({"tickscope": 1, "name": "\q"})", false);
  row("top-level array", R"([{"tickscope": 1}])", false);
  row("top-level number", "1", false);
  row("version 2", R"({"tickscope": 2, "cells": {"a": "x"}})", false);
  row("version missing", R"({"cells": {"a": 1}})", false);
  row("version string", R"({"tickscope": "1"})", false);
  row("duplicate key", R"({"tickscope": 1, "name": "a", "name": "b"})", false);
  row("duplicate action key", base + R"({"id": "x", "kind": "effect", "kind": "effect"}]})", false);
  row("wrong types", base + R"({"id": 1, "kind": "effect", "reads": "a", "writes": [2], "expr": null, "costMs": "1"}]})", false);
  row("null", R"({"tickscope": 1, "name": null})", false);
  row("missing id and kind", base + R"({"expr": "a"}]})", false);
  row("bad kind", base + R"({"id": "x", "kind": "thing"}]})", false);
  row("bad mode", R"({"tickscope": 1, "settings": {"mode": "both"}})", false);
  row("negative seed", R"({"tickscope": 1, "settings": {"seed": -1}})", false);
  row("fractional integer", R"({"tickscope": 1, "settings": {"cycle": {"maxIterations": 2.5}}})", false);
  row("event without atMs", R"({"tickscope": 1, "events": [{"set": {}}]})", false);
  row("task without name", R"({"tickscope": 1, "events": [{"atMs": 1, "spawn": [{"delayMs": 1}]}]})", false);
  row("wrong event value", R"({"tickscope": 1, "cells": {"a": 1}, "events": [{"atMs": 1, "set": {"a": true}}]})", false);
  // Read fine, rejected by validation: the fast reader reads them.
  row("unknown cell", base + R"({"id": "x", "kind": "computation", "reads": ["q"], "writes": ["b"], "expr": "q + 1"}]})", true);
  row("duplicate ids", base + R"({"id": "a", "kind": "effect"}, {"id": "x", "kind": "effect"}, {"id": "x", "kind": "effect"}]})", true);
  row("bad identifiers", R"({"tickscope": 1, "cells": {"1a": 1, "": 2}, "actions": [{"id": "b-c", "kind": "computation", "writes": ["d e"], "expr": "1"}]})", true);
  row("expression errors", base + R"({"id": "x", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a +"}, {"id": "y", "kind": "computation", "writes": ["c"], "expr": "a, a"}, {"id": "z", "kind": "effect", "reads": [], "expr": "a"}]})", true);
  row("no writes, no expr", base + R"({"id": "x", "kind": "computation"}, {"id": "y", "kind": "effect", "writes": ["b"]}]})", true);
  row("negative times", base + R"({"id": "x", "kind": "effect", "costMs": -1, "debounceMs": -2}], "events": [{"atMs": -3, "set": {"a": 1, "q": 2}}]})", true);
  row("settings ranges", R"({"tickscope": 1, "settings": {"epsilon": -1, "cycle": {"budgetMs": -1, "maxIterations": 0}, "autoDebounce": {"minRuns": -1, "delayMs": -5}}})", true);
  row("event sets twice", R"({"tickscope": 1, "cells": {"a": 1}, "events": [{"atMs": 1, "set": {"a": 1, "a": 2}, "spawn": [{"name": ""}]}]})", true);
  row("writes an action", base + R"({"id": "x", "kind": "computation", "writes": ["x", "b", "b"], "expr": "1, 2, 3"}]})", true);
}

void ReaderParityTests::badInputsGiveTheSameDiagnostics() {
  QFETCH(QByteArray, text);
  QFETCH(bool, fast);
  const std::string bytes(text.constData(), static_cast<std::size_t>(text.size()));
  const LoadResult automatic = loadAuto(bytes);
  const LoadResult reference = loadReference(bytes);
  QVERIFY(!reference.ok());
  QCOMPARE(automatic.timings.fastPath, fast);
  compareResults(automatic, reference);
}

// Limits are the reference reader's: the fast reader gives up at them.
void ReaderParityTests::limitsGiveTheSameDiagnostics() {
  const std::string bytes = generated(Shape::Grid, 400, 1, {});
  for (const std::uint64_t maxActions : {10u, 100u, 1000u}) {
    LoadLimits limits;
    limits.maxActions = maxActions;
    compareResults(loadAuto(bytes, limits), loadReference(bytes, limits));
  }
  for (const std::uint64_t maxCells : {5u, 50u, 500u}) {
    LoadLimits limits;
    limits.maxCells = maxCells;
    compareResults(loadAuto(bytes, limits), loadReference(bytes, limits));
  }
  for (const std::uint32_t maxDepth : {1u, 2u, 3u, 4u, 5u, 6u}) {
    LoadLimits limits;
    limits.maxDepth = maxDepth;
    compareResults(loadAuto(kSpecExample, limits), loadReference(kSpecExample, limits));
  }
  LoadLimits shortExpressions;
  shortExpressions.maxExpressionBytes = 4;
  compareResults(loadAuto(kSpecExample, shortExpressions), loadReference(kSpecExample, shortExpressions));
  LoadLimits fewErrors;
  fewErrors.maxErrors = 2;
  const std::string bad = R"({"tickscope": 1, "actions": [{"id": "a", "kind": "effect", "reads": ["p", "q", "r"]}]})";
  compareResults(loadAuto(bad, fewErrors), loadReference(bad, fewErrors));
}

// Every prefix and a sample of one-byte corruptions of a valid file.
void ReaderParityTests::prefixesAndCorruptionsMatch() {
  const std::string full = readFile(std::filesystem::path(TICKSCOPE_EXAMPLES_DIR) / "newton-cycle.tsg.json");
  QVERIFY(!full.empty());
  for (std::size_t n = 0; n <= full.size(); ++n) {
    const std::string_view prefix(full.data(), n);
    compareResults(loadAuto(prefix), loadReference(prefix));
    if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("prefix of %1 bytes").arg(n)));
  }
  const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '1', 'x', '\\', ' ', '\0', '\x80'};
  for (std::size_t at = 0; at < full.size(); at += 3) {
    for (const char c : replacements) {
      std::string corrupt = full;
      corrupt[at] = c;
      compareResults(loadAuto(corrupt), loadReference(corrupt));
      if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("byte %1 set to %2").arg(at).arg(int(c))));
    }
  }
}

// The loader validates big documents with the expressions compiled on a helper thread;
// validate() compiles them in line. Same diagnostics (in the same order), same resolution,
// for a big valid graph and for one with expression errors spread through it.
void ReaderParityTests::parallelValidationMatchesSequential() {
  GenerateOptions options;
  options.cycles = true;
  GraphDocument document = generateGraph(Shape::Random, 5000, 3, options);
  // Variables that are not the first reads in order (reads reversed) and reads taken from
  // expr: the helper passes these actions' variable names on, unlike the common case.
  for (std::size_t i = 0; i < document.actions.size(); ++i) {
    Action& a = document.actions[i];
    if (i % 89 == 5 && a.reads.size() >= 2) std::reverse(a.reads.begin(), a.reads.end());
    if (i % 101 == 7 && a.expr) {
      a.reads.clear();
      a.readsFromExpr = true;
    }
  }
  for (const bool broken : {false, true}) {
    if (broken) {
      for (std::size_t i = 0; i < document.actions.size(); i += 97) {
        Action& a = document.actions[i];
        switch (i % 4) {
          case 0: a.expr = "(" + a.expr.value_or("1"); break;            // does not parse
          case 1: a.expr = a.expr.value_or("1") + ", 1"; break;          // one result too many
          case 2: a.expr = "undeclared_" + std::to_string(i); break;    // unknown variable
          default: a.expr = std::string(5000, '1'); break;               // over the length limit
        }
      }
    }
    const std::string text = saveGraph(document);
    const LoadResult loaded = loadAuto(text);
    QVERIFY(loaded.timings.fastPath);
    GraphDocument copy = document;
    const ValidationResult validated = validate(copy, "g.tsg.json");
    QStringList sequential;
    for (const Diagnostic& d : validated.errors) sequential << q(d.format());
    QCOMPARE(errorLines(loaded), sequential);
    QCOMPARE(loaded.ok(), !broken);
    if (broken) {
      QVERIFY(loaded.errors.size() > 40);
      continue;
    }
    QVERIFY(copy.resolution.valid);
    const GraphDocument& a = *loaded.document;
    compareResolvedActions(a.resolution, copy.resolution);
    QVERIFY(a.resolution.implicitCells == copy.resolution.implicitCells);
  }
}

// loadGraph streams a regular file through the fast reader's window; with tiny windows every
// element crosses a boundary (and, with multi-byte characters, so do characters). Whatever
// the window, the result is the reference reader's on the whole bytes; with a window of a
// few KiB (elements of up to a quarter of it fit), the fast reader reads them.
void ReaderParityTests::streamedFilesMatch() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  struct Input {
    std::string bytes;
    bool valid;       // the fast reader reads it (with the default window)
    bool fitsIn4KiB;  // ... and with a 4 KiB window (every element under 1 KiB)
  };
  std::vector<Input> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR))
    if (entry.path().extension() == ".json") inputs.push_back({readFile(entry.path()), true, true});
  GenerateOptions options;
  options.cycles = true;
  options.maxCostMs = 5;
  inputs.push_back({generated(Shape::Grid, 3000, 2, {}), true, true});
  inputs.push_back({generated(Shape::Random, 2000, 5, options), true, true});
  inputs.push_back({generated(Shape::Cellx, 400, 1, {}), true, true});
  // Multi-byte characters everywhere a string may hold them.
  GraphDocument unicode = generateGraph(Shape::Chain, 300, 1);
  unicode.description = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 ";
  for (int i = 0; i < 9; ++i) *unicode.description += *unicode.description;  // 7.5 KiB
  for (std::size_t i = 0; i < unicode.actions.size(); ++i)
    unicode.actions[i].label = std::string(i % 7, 'x') + "\xf0\x9f\x98\x80\xe2\x82\xac\xc3\xa9";
  const std::string unicodeText = saveGraph(unicode);
  inputs.push_back({unicodeText, true, false});
  unicode.description.reset();
  inputs.push_back({saveGraph(unicode), true, true});
  // Bad bytes far from the start.
  std::string bad = generated(Shape::Grid, 2000, 3, {});
  bad[bad.size() / 2] = '\xff';
  inputs.push_back({bad, false, false});
  std::string truncated = generated(Shape::Grid, 2000, 3, {});
  truncated.resize(truncated.size() * 2 / 3);
  inputs.push_back({truncated, false, false});
  std::string cut = unicodeText;  // ends inside a multi-byte character
  cut.resize(cut.find("\xf0\x9f", cut.size() / 2) + 2);
  inputs.push_back({cut, false, false});
  inputs.push_back({generated(Shape::Broad, 500, 1, {}) + "\n\n  x", false, false});
  inputs.push_back({generated(Shape::Broad, 500, 1, {}) + std::string(1, '\0'), false, false});
  inputs.push_back({generated(Shape::Diamond, 500, 1, {}) + "  \n\t", true, true});

  for (std::size_t n = 0; n < inputs.size(); ++n) {
    const Input& input = inputs[n];
    const std::string path = dir.filePath(QString("in%1.tsg.json").arg(n)).toStdString();
    {
      std::ofstream out(path, std::ios::binary);
      out << input.bytes;
    }
    const LoadResult reference =
        detail::loadGraphBytes(input.bytes, path, {}, detail::ReadPath::Reference);
    QCOMPARE(reference.ok(), input.valid);
    for (const std::size_t window : {16u, 64u, 100u, 257u, 1000u, 4096u, 0u}) {
      const LoadResult streamed = detail::loadGraphFile(path, {}, window);
      compareResults(streamed, reference);
      if (QTest::currentTestFailed())
        QFAIL(qPrintable(QString("input %1, window %2").arg(n).arg(window)));
      if (window == 4096 && streamed.timings.fastPath != (input.valid && input.fitsIn4KiB))
        QFAIL(qPrintable(QString("input %1: fast path %2 with a 4 KiB window").arg(n).arg(streamed.timings.fastPath)));
      if (window == 0) QCOMPARE(streamed.timings.fastPath, input.valid);
    }
  }
}
