#include <QtTest/QtTest>

#include <fstream>
#include <string>

#include "graph/loader.h"
#include "graph/writer.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::errorLines;
using testing::kSpecExample;
using testing::load;
using testing::q;

namespace {

std::string writeFile(const QTemporaryDir& dir, const QString& name, std::string_view bytes) {
  const std::string path = dir.filePath(name).toStdString();
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace

void LoaderTests::specExampleLoadsAndResolves() {
  const LoadResult r = load(kSpecExample);
  QVERIFY2(r.ok(), qPrintable(q(r.errorText())));
  QVERIFY(r.warnings.empty());
  const GraphDocument& doc = *r.document;
  QCOMPARE(q(doc.name), QStringLiteral("diamond"));
  QVERIFY(doc.settings.mode == Mode::Pull);
  QCOMPARE(doc.settings.seed, std::uint64_t{7});
  QCOMPARE(doc.settings.cycle.budgetMs, 16.0);
  QCOMPARE(doc.settings.autoDebounce.minRuns, 3);
  QCOMPARE(doc.cells.size(), std::size_t{2});
  QCOMPARE(doc.actions.size(), std::size_t{3});
  QCOMPARE(doc.events.size(), std::size_t{2});

  // Cell table: declared a, b, then s and d, written by actions, in order of first write.
  QVERIFY(doc.resolution.valid);
  QCOMPARE(doc.cellCount(), std::size_t{4});
  QCOMPARE(q(doc.cellId(2)), QStringLiteral("s"));
  QCOMPARE(q(doc.cellId(3)), QStringLiteral("d"));
  QCOMPARE(doc.initialValue(0), 1.0);
  QCOMPARE(doc.initialValue(3), 0.0);
  QCOMPARE(doc.findCell("b"), std::optional<CellIndex>(1));
  QCOMPARE(doc.findCell("sum"), std::optional<CellIndex>());
  QCOMPARE(doc.findAction("show"), std::optional<std::size_t>(2));
  QCOMPARE(doc.findAction("a"), std::optional<std::size_t>());

  const ResolvedAction& sum = doc.resolution.actions[0];
  QCOMPARE(std::vector<CellIndex>(sum.reads.begin(), sum.reads.end()), (std::vector<CellIndex>{0, 1}));
  QCOMPARE(std::vector<CellIndex>(sum.writes.begin(), sum.writes.end()), (std::vector<CellIndex>{2}));
  QCOMPARE(std::vector<CellIndex>(sum.inputs.begin(), sum.inputs.end()), (std::vector<CellIndex>{0, 1}));
  QCOMPARE(sum.expression.evaluate(std::vector<double>{1, 2}).values, (std::vector<double>{3}));
  QVERIFY(!doc.resolution.actions[2].expression.valid());  // the effect has no expr
  QCOMPARE(doc.resolution.eventTargets[1], (std::vector<CellIndex>{0, 1}));

  // The resolution's spans survive copying the document and destroying the original.
  std::optional<GraphDocument> copy;
  {
    GraphDocument original = *r.document;
    copy = original;
  }
  QCOMPARE(copy->resolution.actions[1].reads[0], CellIndex{2});
  QCOMPARE(copy->resolution.actions[1].writes[0], CellIndex{3});
}

void LoaderTests::nameDefaultsToFileName() {
  const LoadResult r = loadGraphBytes(R"({"tickscope": 1})", "dir/sub/diamond.tsg.json");
  QVERIFY(r.ok());
  QCOMPARE(q(r.document->name), QStringLiteral("diamond"));
  QCOMPARE(loadGraphBytes(R"({"tickscope": 1})", "x.json").document->name, std::string("x"));
}

void LoaderTests::malformedJsonAtKnownLine_data() {
  QTest::addColumn<QByteArray>("text");
  QTest::addColumn<QString>("expected");
  QTest::newRow("missing comma") << QByteArray(
      "{\n  \"tickscope\": 1,\n  \"cells\": {\"a\": 1},\n  \"actions\": [\n"
      "    {\"id\": \"f\", \"kind\": \"computation\", \"reads\": [\"a\"] \"writes\": [\"b\"], \"expr\": \"a\"}\n"
      "  ]\n}\n")
      << "g.tsg.json:5:55: syntax error while parsing object - unexpected string literal; expected '}'";
  QTest::newRow("trailing comma") << QByteArray("{\n  \"tickscope\": 1,\n  \"cells\": {\"a\": 1,}\n}\n")
      << "g.tsg.json:3:20: syntax error while parsing object key - unexpected '}'; expected string literal";
  QTest::newRow("bad literal") << QByteArray("{\"tickscope\": 1,\n\n   \"name\": tru}")
      << "g.tsg.json:3:12: syntax error while parsing value - invalid literal; last read: '\"name\": tru}'";
  QTest::newRow("end of input") << QByteArray("{\"tickscope\": 1,\n \"cells\": {\"a\": 1}")
      << "g.tsg.json:2:19: syntax error while parsing object - unexpected end of input; expected '}'";
  QTest::newRow("text after the object") << QByteArray("{\"tickscope\": 1}\n{}")
      << "g.tsg.json:2:1: syntax error while parsing value - unexpected '{'; expected end of input";
  QTest::newRow("control character in a string") << QByteArray("{\"name\": \"a\tb\"}")
      << "g.tsg.json:1:12: syntax error while parsing value - invalid string: control character "
         "U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"a<U+0009>'";
  // Columns count characters, not bytes: "é" is one column.
  QTest::newRow("column in characters") << QByteArray("{\"name\": \"\xc3\xa9\xc3\xa9\" \"x\"}")
      << "g.tsg.json:1:15: syntax error while parsing object - unexpected string literal; expected '}'";
}

void LoaderTests::malformedJsonAtKnownLine() {
  QFETCH(QByteArray, text);
  QFETCH(QString, expected);
  const LoadResult r = load(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
  QVERIFY(!r.ok());
  QVERIFY(!r.document);
  QCOMPARE(errorLines(r), QStringList{expected});  // exactly one error
  QCOMPARE(r.errors[0].code, DiagnosticCode::Syntax);
}

void LoaderTests::emptyFile() {
  LoadResult r = load("");
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json:1:1: the file is empty (expected a JSON object)"});
  QCOMPARE(r.errors[0].code, DiagnosticCode::EmptyFile);
  r = load("  \n\n ");
  QCOMPARE(errorLines(r),
           QStringList{"g.tsg.json:3:2: the file has only whitespace (expected a JSON object)"});
  r = load("\xEF\xBB\xBF");  // a byte order mark and nothing else
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::EmptyFile);
}

void LoaderTests::binaryGarbage() {
  // Deterministic garbage: every byte value, scrambled.
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 167 + 200) & 0xff);
  LoadResult r = load(garbage);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::Syntax);
  QCOMPARE(r.errors[0].line, std::size_t{1});
  QCOMPARE(r.errors[0].column, std::size_t{1});
  QVERIFY(r.errors[0].format().starts_with("g.tsg.json:1:1: syntax error while parsing value - invalid literal"));
  // Messages quote raw bytes as \xNN, never as raw bytes.
  for (char c : r.errors[0].message) QVERIFY(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f);

  // NUL bytes, which nlohmann would take for the end of the input.
  r = load(std::string("{\"tickscope\": 1,\n \0\0\0", 21));
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json:2:2: a NUL byte (JSON text cannot contain one; is "
                                      "this a binary file?)"});
  r = load(std::string("{\"tickscope\": 1}\n\0 trailing junk", 33));
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json:2:1: a NUL byte (JSON text cannot contain one; is "
                                      "this a binary file?)"});
  // A syntax error before the NUL is reported first.
  r = load(std::string("{\"tickscope\" 1}\0", 17));
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json:1:14: syntax error while parsing object "
                                      "separator - unexpected number literal; expected ':'"});
}

void LoaderTests::invalidUtf8() {
  const LoadResult r = load("{\"tickscope\": 1,\n \"name\": \"ok\xff\xfe\"}");
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::InvalidUtf8);
  // The position is the bad byte itself (line 2, the 13th character).
  QCOMPARE(q(r.errors[0].format()),
           QStringLiteral("g.tsg.json:2:13: syntax error while parsing value - invalid string: "
                          "ill-formed UTF-8 byte; last read: '\"ok\\xff'"));
}

void LoaderTests::hundredThousandNestedArrays() {
  const std::string nested = std::string(100000, '[') + std::string(100000, ']');
  // As the whole file: the top level must be an object, said at once.
  LoadResult r = load(nested);
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json:1:1: the top level must be an object (a "
                                      "Tickscope graph), not an array"});
  // As the value of a key: rejected at the first bracket beyond the depth limit.
  const std::string inKey = "{\"tickscope\": 1,\n \"deep\": " + nested + "}";
  r = load(inKey);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::TooDeep);
  // The object is level 1, so the 256th '[' (column 10 + 255) opens level 257.
  QCOMPARE(q(r.errors[0].format()),
           QStringLiteral("g.tsg.json:2:265: nesting deeper than 256 levels (the limit; set "
                          "TICKSCOPE_MAX_DEPTH to raise it)"));
  // Unbalanced: a million opening brackets and nothing else.
  r = load("{\"x\": " + std::string(1000000, '['));
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::TooDeep);
  // Objects nest the same way.
  std::string objects = "{\"tickscope\": 1, \"o\": ";
  for (int i = 0; i < 100000; ++i) objects += "{\"k\": ";
  objects += "1" + std::string(100001, '}');
  r = load(objects);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::TooDeep);
}

void LoaderTests::nestingLimitIsConfigurable() {
  LoadLimits limits;
  limits.maxDepth = 3;
  // root object (1) > actions array (2) > action object (3) > reads array (4): too deep; the
  // first such bracket is the "reads" of the first action (line 13).
  LoadResult r = load(kSpecExample, limits);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(q(r.errors[0].format()),
           QStringLiteral("g.tsg.json:13:55: nesting deeper than 3 levels (the limit; set "
                          "TICKSCOPE_MAX_DEPTH to raise it)"));
  limits.maxDepth = 4;
  QVERIFY(load(kSpecExample, limits).ok());
}

void LoaderTests::fileOverSizeLimit() {
  QTemporaryDir dir;
  const std::string path = writeFile(dir, "big.tsg.json", kSpecExample);
  LoadLimits limits;
  limits.maxFileBytes = 100;
  const LoadResult r = loadGraph(path, limits);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::FileTooLarge);
  QCOMPARE(q(r.errors[0].format()),
           q(path + ": the file is 0.0 MiB (" + std::to_string(kSpecExample.size()) +
             " bytes), over the limit of 100 bytes (0.0 MiB; set TICKSCOPE_MAX_FILE_BYTES to "
             "raise it)"));
  QVERIFY(!r.errors[0].positional());
  limits.maxFileBytes = kSpecExample.size();
  QVERIFY(loadGraph(path, limits).ok());
}

void LoaderTests::bytesOverSizeLimit() {
  LoadLimits limits;
  limits.maxFileBytes = 10;
  const LoadResult r = load(kSpecExample, limits);
  QCOMPARE(r.errors.size(), std::size_t{1});
  QCOMPARE(r.errors[0].code, DiagnosticCode::FileTooLarge);
}

void LoaderTests::missingFileAndDirectory() {
  QTemporaryDir dir;
  const std::string missing = dir.filePath("nope.tsg.json").toStdString();
  LoadResult r = loadGraph(missing);
  QCOMPARE(errorLines(r), QStringList{q(missing + ": cannot open: No such file or directory")});
  QCOMPARE(r.errors[0].code, DiagnosticCode::CannotOpen);
  r = loadGraph(dir.path().toStdString());
  QCOMPARE(errorLines(r), QStringList{q(dir.path().toStdString() + ": cannot open: it is a directory")});
  // A readable file loads through the path overload and names the file in its errors.
  const std::string path = writeFile(dir, "bad.tsg.json", "{\"tickscope\": 1, \"cells\": 3}");
  r = loadGraph(path);
  QCOMPARE(errorLines(r), QStringList{q(path + ": /cells: cells must be an object, not a number")});
}

void LoaderTests::actionCountLimit() {
  LoadLimits limits;
  limits.maxActions = 2;
  const LoadResult r = load(kSpecExample, limits);
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json: /actions/2: more than 2 actions (the limit; set "
                                      "TICKSCOPE_MAX_ACTIONS to raise it)"});
  QCOMPARE(r.errors[0].code, DiagnosticCode::TooManyActions);
  limits.maxActions = 3;
  QVERIFY(load(kSpecExample, limits).ok());
}

void LoaderTests::cellCountLimit() {
  LoadLimits limits;
  limits.maxCells = 1;
  LoadResult r = load(kSpecExample, limits);
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json: /cells: more than 1 cells (the limit; set "
                                      "TICKSCOPE_MAX_CELLS to raise it)"});
  // Cells written by actions count too: a and b are declared, s and d are not.
  limits.maxCells = 3;
  r = load(kSpecExample, limits);
  QCOMPARE(errorLines(r), QStringList{"g.tsg.json: /actions/1/writes/0: more than 3 cells (the "
                                      "limit; set TICKSCOPE_MAX_CELLS to raise it)"});
  limits.maxCells = 4;
  QVERIFY(load(kSpecExample, limits).ok());
}

void LoaderTests::limitsFromEnvironment() {
  qputenv("TICKSCOPE_MAX_ACTIONS", "7");
  qputenv("TICKSCOPE_MAX_FILE_BYTES", "not a number");
  qputenv("TICKSCOPE_MAX_EXPRESSION_BYTES", "0");
  qputenv("TICKSCOPE_MAX_CELLS", "99999999999");
  const LoadLimits limits = LoadLimits::fromEnvironment();
  qunsetenv("TICKSCOPE_MAX_CELLS");
  QCOMPARE(limits.maxCells, kMaxIndexable);  // indices are 31-bit
  qunsetenv("TICKSCOPE_MAX_ACTIONS");
  qunsetenv("TICKSCOPE_MAX_FILE_BYTES");
  qunsetenv("TICKSCOPE_MAX_EXPRESSION_BYTES");
  QCOMPARE(limits.maxActions, std::uint64_t{7});
  QCOMPARE(limits.maxFileBytes, LoadLimits{}.maxFileBytes);              // ignored: not a number
  QCOMPARE(limits.maxExpressionBytes, LoadLimits{}.maxExpressionBytes);  // ignored: not positive
  QCOMPARE(LoadLimits{}.maxFileBytes, std::uint64_t{256} << 20);
  QCOMPARE(LoadLimits{}.maxActions, std::uint64_t{5'000'000});
  QCOMPARE(LoadLimits{}.maxExpressionBytes, std::uint64_t{4096});
}

void LoaderTests::everyPrefixOfAValidFileIsHandled() {
  // Every truncation is an input error with a position inside the text; none crashes.
  const std::string text(kSpecExample);
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (std::size_t n = 0; n + 1 < text.size(); ++n) {
    const LoadResult r = load(std::string_view(text).substr(0, n));
    if (r.ok()) {
      // Only the complete object can load: the text up to its closing brace.
      QVERIFY2(text.substr(n).find_first_not_of(" \n") == std::string::npos, qPrintable(QString::number(n)));
      continue;
    }
    QCOMPARE(r.errors.size(), std::size_t{1});
    QVERIFY(r.errors[0].positional());
    QVERIFY(r.errors[0].line >= 1 && r.errors[0].line <= lines);
  }
}

void LoaderTests::topLevelMustBeAnObject() {
  QCOMPARE(errorLines(load("  42")), QStringList{"g.tsg.json:1:3: the top level must be an object "
                                                 "(a Tickscope graph), not a number"});
  QCOMPARE(errorLines(load("\n\"x\"")), QStringList{"g.tsg.json:2:1: the top level must be an "
                                                    "object (a Tickscope graph), not a string"});
  QCOMPARE(errorLines(load("null")), QStringList{"g.tsg.json:1:1: the top level must be an object "
                                                 "(a Tickscope graph), not null"});
}

// A key with an escaped newline (or a backslash) names its place on one line: the pointer
// escapes it as the message's quote does (found by the fuzzer).
void LoaderTests::controlCharactersInKeysStayOnOneLine() {
  const QStringList lines = errorLines(load(R"({"tickscope": 1, "cells": {"a": 0},
    "events": [{"atMs": 1, "set": {"a\nb": 1, "c\\d": 2}}]})"));
  QCOMPARE(lines, (QStringList{
                      R"(g.tsg.json: /events/0/set/a\x0ab: event 0 sets unknown cell "a\x0ab")",
                      R"(g.tsg.json: /events/0/set/c\\d: event 0 sets unknown cell "c\\d")"}));
}
