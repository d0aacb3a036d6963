#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "trace/csv_report.h"
#include "trace/report_json.h"
#include "trace_test_classes.h"

using namespace tickscope::trace;

namespace {

// The report of spec/graph-format.md section 5's example, plus a session (section 6).
Report specReport() {
  Report r;
  r.graph = "diamond";
  r.mode = "pull";
  r.seed = 7;
  r.virtualTimeMs = 12;
  r.stats = {1, 2, 0};
  r.cells = {{"a", 4}, {"b", 3}, {"s", 7}, {"d", 14}};
  r.actions = {{"sum", "computation", 3, 6, 2, 2, 0, false},
               {"twice", "computation", 3, 0, 0, 0, 0, false},
               {"show", "effect", 3, 3, 1, 1, 0, false}};
  r.effectRuns = {{"show", 3, {{"s", 12}, {"d", 24}}, {}}};
  r.cycles = {{{"fx", "fy"}, 6, true, "fast", 0}};
  r.errors = {{"cycle-limit", {"inc", "dec"}, 0, "cycle inc, dec did not converge in 20 iterations", {}, {}}};
  r.sessions = {{"req-1", 10, {"flush", "audit"}, {"flush"}, {"audit"}, false}};
  return r;
}

}  // namespace

void ReportExporterTests::jsonReportHasSpecKeysInOrder() {
  const std::string text = reportJson(specReport());
  const auto j = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  const std::vector<std::string> expected{"tickscope", "graph",   "mode",       "seed",   "virtualTimeMs",
                                          "stats",     "cells",   "actions",    "effectRuns", "cycles",
                                          "errors",    "sessions"};
  QCOMPARE(keys, expected);
  QCOMPARE(j["tickscope"].get<int>(), 1);
  QCOMPARE(j["seed"].get<int>(), 7);
  QVERIFY(j["virtualTimeMs"].is_number_integer());  // 12, not 12.0
  QCOMPARE(j["stats"]["computations"].get<int>(), 2);
  std::vector<std::string> cellOrder;
  for (const auto& [k, v] : j["cells"].items()) cellOrder.push_back(k);
  QCOMPARE(cellOrder, (std::vector<std::string>{"a", "b", "s", "d"}));
  QCOMPARE(j["actions"].size(), std::size_t(3));
  QCOMPARE(j["actions"][2]["id"].get<std::string>(), std::string("show"));
  std::vector<std::string> actionKeys;
  for (const auto& [k, v] : j["actions"][0].items()) actionKeys.push_back(k);
  QCOMPARE(actionKeys, (std::vector<std::string>{"id", "kind", "runCount", "totalMs", "averageMs", "lastRunMs",
                                                 "debounceMs", "autoDebounced", "minMs", "maxMs"}));
  QVERIFY(j["effectRuns"][0]["output"].is_null());
  QCOMPARE(j["effectRuns"][0]["reads"]["d"].get<double>(), 24.0);
  QCOMPARE(j["cycles"][0]["strategy"].get<std::string>(), std::string("fast"));
  QCOMPARE(j["errors"][0]["actions"][1].get<std::string>(), std::string("dec"));
  QVERIFY(!j["errors"][0].contains("session"));
  QCOMPARE(j["sessions"][0]["dangling"][0].get<std::string>(), std::string("audit"));
  QCOMPARE(j["sessions"][0]["valid"].get<bool>(), false);
}

void ReportExporterTests::jsonReportExactText() {
  Report r;
  r.graph = "g";
  r.mode = "push";
  r.seed = 3;
  r.virtualTimeMs = 2.5;
  r.stats = {1, 0, 0};
  r.cells = {{"a", 0.1}};
  r.actions = {{"e", "effect", 1, 2.5, 2.5, 2.5, 0, false, 2.5, 2.5}};
  r.effectRuns = {{"e", 0, {{"a", 0.1}}, {0.2}}};
  r.errors = {{"dangling-task", {}, 10, "session req-1: dangling audit", "req-1", {"audit"}}};
  const std::string expected =
      "{\n"
      "  \"tickscope\": 1,\n"
      "  \"graph\": \"g\",\n"
      "  \"mode\": \"push\",\n"
      "  \"seed\": 3,\n"
      "  \"virtualTimeMs\": 2.5,\n"
      "  \"stats\": {\"effects\": 1, \"computations\": 0, \"pending\": 0},\n"
      "  \"cells\": {\n"
      "    \"a\": 0.1\n"
      "  },\n"
      "  \"actions\": [\n"
      "    {\"id\": \"e\", \"kind\": \"effect\", \"runCount\": 1, \"totalMs\": 2.5, \"averageMs\": 2.5, "
      "\"lastRunMs\": 2.5, \"debounceMs\": 0, \"autoDebounced\": false, \"minMs\": 2.5, \"maxMs\": 2.5}\n"
      "  ],\n"
      "  \"effectRuns\": [\n"
      "    {\"action\": \"e\", \"atMs\": 0, \"reads\": {\"a\": 0.1}, \"output\": 0.2}\n"
      "  ],\n"
      "  \"cycles\": [],\n"
      "  \"errors\": [\n"
      "    {\"kind\": \"dangling-task\", \"actions\": [], \"atMs\": 10, \"message\": \"session req-1: dangling "
      "audit\", \"session\": \"req-1\", \"tasks\": [\"audit\"]}\n"
      "  ],\n"
      "  \"sessions\": []\n"
      "}\n";
  QCOMPARE(reportJson(r), expected);
}

void ReportExporterTests::jsonReportOutputForms() {
  Report r;
  r.effectRuns = {{"none", 0, {}, {}},
                  {"one", 1, {}, {4}},
                  {"many", 2, {}, {1, 2}},
                  {"nan", 3, {{"x", std::numeric_limits<double>::infinity()}}, {std::nan("")}}};
  r.cells = {{"bad", std::numeric_limits<double>::quiet_NaN()}};
  const auto j = nlohmann::json::parse(reportJson(r));
  QVERIFY(j["effectRuns"][0]["output"].is_null());
  QCOMPARE(j["effectRuns"][1]["output"].get<double>(), 4.0);
  QCOMPARE(j["effectRuns"][2]["output"], nlohmann::json::parse("[1, 2]"));
  QVERIFY(j["effectRuns"][3]["output"].is_null());
  QVERIFY(j["effectRuns"][3]["reads"]["x"].is_null());
  QVERIFY(j["cells"]["bad"].is_null());
}

void ReportExporterTests::jsonReportIsDeterministic() {
  const Report r = specReport();
  const std::string a = reportJson(r);
  Report copy = r;
  QCOMPARE(reportJson(copy), a);
  copy.cells[0].value = 5;
  QVERIFY(reportJson(copy) != a);
}

void ReportExporterTests::csvHeaderAndRowsInFileOrder() {
  const std::string csv = csvReport(specReport());
  const QStringList lines = QString::fromStdString(csv).split('\n');
  QCOMPARE(lines.size(), 5);  // header, 3 rows, "" after the last line break
  QCOMPARE(lines[0], QString("id,kind,runCount,totalMs,averageMs,lastRunMs,debounceMs,autoDebounced"));
  QCOMPARE(lines[1], QString("sum,computation,3,6,2,2,0,false"));
  QCOMPARE(lines[2], QString("twice,computation,3,0,0,0,0,false"));
  QCOMPARE(lines[3], QString("show,effect,3,3,1,1,0,false"));
  QCOMPARE(lines[4], QString());
}

void ReportExporterTests::csvQuotesAndNonFinite() {
  Report r;
  r.actions = {{"we,ird\"id", "effect", 4, 1.25, 0.3125, std::nan(""), 100, true}};
  const std::string csv = csvReport(r);
  QCOMPARE(csv, std::string(kCsvReportHeader) + "\n\"we,ird\"\"id\",effect,4,1.25,0.3125,nan,100,true\n");
}
