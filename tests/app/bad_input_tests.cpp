#include <QtTest/QtTest>

#include <QRegularExpression>

#include "cli_process.h"
#include "cli_test_classes.h"

namespace {

QByteArray graphWith(const QByteArray& actions, const QByteArray& extra = {}) {
  return R"({ "tickscope": 1, "name": "bad", "cells": { "a": 1, "b": 2 }, "actions": [)" + actions + "]" + extra + "}";
}

}  // namespace

void BadInputTests::initTestCase() { QVERIFY(dir_.isValid()); }

void BadInputTests::badInput_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("pattern");  // regex over stderr; FILE stands for the file's path
  QTest::addColumn<QString>("limitBytes");  // TICKSCOPE_MAX_FILE_BYTES, or empty

  QTest::newRow("malformed JSON on line 4")
      << QByteArray("{\n  \"tickscope\": 1,\n  \"cells\": { \"a\": 1 },\n  \"actions\": [ oops ]\n}\n")
      << "^FILE:4:\\d+: " << "";
  QTest::newRow("unknown cell")
      << graphWith(R"({ "id": "e", "kind": "effect", "reads": ["a", "q"] })")
      << "^FILE: /actions/0/reads/1: .*\"q\"" << "";
  QTest::newRow("duplicate id")
      << graphWith(R"({ "id": "x", "kind": "effect", "reads": ["a"] }, { "id": "x", "kind": "effect", "reads": ["b"] })")
      << "^FILE: /actions/1/id: .*\"x\"" << "";
  QTest::newRow("id duplicates a cell")
      << graphWith(R"({ "id": "a", "kind": "effect", "reads": ["b"] })") << "^FILE: /actions/0/id: .*\"a\"" << "";
  QTest::newRow("wrong type")
      << graphWith(R"({ "id": "e", "kind": "effect", "reads": ["a"], "costMs": "fast" })")
      << "^FILE: /actions/0/costMs: " << "";
  QTest::newRow("result count differs from writes")
      << graphWith(R"({ "id": "c", "kind": "computation", "reads": ["a"], "writes": ["x", "y"], "expr": "a + 1" })")
      << "^FILE: /actions/0/expr: .*\"c\"" << "";
  QTest::newRow("expression does not parse")
      << graphWith(R"({ "id": "c", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a + * 2" })")
      << "^FILE: /actions/0/expr: .*\"c\"" << "";
  QTest::newRow("expression uses an unread variable")
      << graphWith(R"({ "id": "c", "kind": "computation", "reads": ["a"], "writes": ["x"], "expr": "a + b" })")
      << "^FILE: /actions/0/expr: .*\"b\"" << "";
  QTest::newRow("negative costMs")
      << graphWith(R"({ "id": "e", "kind": "effect", "reads": ["a"], "costMs": -1 })") << "^FILE: /actions/0/costMs: "
      << "";
  QTest::newRow("event sets an unknown cell")
      << graphWith(R"({ "id": "e", "kind": "effect", "reads": ["a"] })", R"(, "events": [{ "atMs": 1, "set": { "zz": 1 } }])")
      << "^FILE: /events/0/set/zz: " << "";
  QTest::newRow("version 2") << QByteArray(R"({ "tickscope": 2, "actions": [] })") << "^FILE: /tickscope: " << "";
  QTest::newRow("empty file") << QByteArray() << "^FILE:1:\\d+: " << "";
  QByteArray garbage;
  for (int i = 0; i < 4096; ++i) garbage.append(char((i * 7919 + 13) % 256));
  QTest::newRow("binary garbage") << garbage << "^FILE:\\d+:\\d+: " << "";
  QTest::newRow("100000 nested arrays")
      << QByteArray(100000, '[') + QByteArray(100000, ']') << "^FILE:1:\\d+: .*" << "";
  QTest::newRow("100000 nested arrays inside the graph")
      << QByteArray(R"({ "tickscope": 1, "cells": )") + QByteArray(100000, '[') + QByteArray(100000, ']') + "}"
      << "^FILE:1:\\d+: " << "";
  QTest::newRow("over the size limit")
      << graphWith(R"({ "id": "e", "kind": "effect", "reads": ["a"] })") << "^FILE: .*(limit|large|size)"
      << "64";
}

void BadInputTests::badInput() {
  QFETCH(QByteArray, content);
  QFETCH(QString, pattern);
  QFETCH(QString, limitBytes);
  const QString work = dir_.filePath(QTest::currentDataTag());
  QVERIFY(QDir().mkpath(work));
  const QString file = work + "/input.tsg.json";
  cli::writeFile(file, content);
  const QString report = work + "/r.json", csv = work + "/t.csv", trace = work + "/tr.json", dot = work + "/g.dot";
  for (const QString& out : {report, csv, trace, dot}) cli::writeFile(out, "previous " + out.toUtf8());
  const QStringList before = cli::entries(work);

  QProcessEnvironment env;
  if (!limitBytes.isEmpty()) env.insert("TICKSCOPE_MAX_FILE_BYTES", limitBytes);
  const auto r = cli::run({"run", file, "--report", report, "--csv", csv, "--trace", trace, "--dot", dot}, {}, env);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  const QString expected = QString(pattern).replace("FILE", QRegularExpression::escape(file));
  const QRegularExpression re(expected, QRegularExpression::MultilineOption);
  QVERIFY2(re.match(QString::fromUtf8(r.err)).hasMatch(), qPrintable("stderr: " + QString::fromUtf8(r.err.left(600))));
  // Nothing written, nothing truncated, no temporary left behind.
  for (const QString& out : {report, csv, trace, dot}) QCOMPARE(cli::readFile(out), "previous " + out.toUtf8());
  QCOMPARE(cli::entries(work), before);

  const auto v = cli::run({"validate", file}, {}, env);
  QCOMPARE(v.exitCode, 2);
  QVERIFY(re.match(QString::fromUtf8(v.err)).hasMatch());
}

void BadInputTests::validateReportsAllSchemaErrors() {
  const QString file = dir_.filePath("many.tsg.json");
  cli::writeFile(file, graphWith(R"({ "id": "e", "kind": "effect", "reads": ["q1"] },
                                    { "id": "f", "kind": "effect", "reads": ["q2"], "costMs": -3 })"));
  const auto r = cli::run({"validate", file});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.err.contains(file.toUtf8() + ": /actions/0/reads/0: "));
  QVERIFY(r.err.contains(file.toUtf8() + ": /actions/1/reads/0: "));
  QVERIFY(r.err.contains(file.toUtf8() + ": /actions/1/costMs: "));
  const auto missing = cli::run({"run", dir_.filePath("does-not-exist.tsg.json")});
  QCOMPARE(missing.exitCode, 2);
  QVERIFY(missing.err.contains("does-not-exist.tsg.json: "));
}
