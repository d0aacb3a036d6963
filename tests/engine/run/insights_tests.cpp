// run::findInsights and the insights every snapshot carries: what the Insights pane points out.
#include <QtTest/QtTest>

#include <algorithm>

#include "run/insights.h"
#include "run/run_snapshot.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::Insight;
using run::Runner;
using Kind = run::Insight::Kind;

namespace {

run::RunOptions withCauses() {
  run::RunOptions options;
  options.journalSteps = 1000;
  options.recordCauses = true;
  return options;
}

std::vector<Insight> insightsAtEnd(graph::GraphDocument document) {
  Runner r(std::move(document), withCauses());
  r.runToEnd();
  return r.snapshot().insights;
}

std::string dump(const std::vector<Insight>& list) {
  std::string out;
  for (const Insight& i : list) out += std::string(run::kindName(i.kind)) + ": " + i.text + "\n";
  return out;
}

}  // namespace

void InsightsTests::eachExampleShowsWhatItIsAbout() {
  // At the end of each bundled example's run: exactly the insights its description is about.
  const auto dumpOf = [](const char* file) { return dump(insightsAtEnd(testing::loadExample(file))); };
  QCOMPARE(dumpOf("diamond.tsg.json"), std::string());
  QCOMPARE(dumpOf("avoidable-work.tsg.json"),
           std::string("not demanded: 2 computations no effect depends on (pull mode never runs them): audit, histogram\n"));
  QCOMPARE(dumpOf("runaway-cycle.tsg.json"),
           std::string("cycle near its budget: cycle 1 (inc, dec) needed 20 of its 20 iterations: stopped at the limit\n"));
  QCOMPARE(dumpOf("request-dangling.tsg.json"), std::string("dangling tasks: session req-1 left 1 task dangling: audit\n"));
  const std::vector<Insight> storm = insightsAtEnd(testing::loadExample("debounce-storm.tsg.json"));
  QCOMPARE(storm.size(), std::size_t(1));
  QVERIFY(storm[0].kind == Kind::AlwaysDebounced);
  QVERIFY2(storm[0].text.starts_with("save ran only when its manual debounce fired (2 runs after its first"), storm[0].text.c_str());
  // newton-cycle converges inside each pull: the run that finds nothing more to change is wasted.
  const std::vector<Insight> newton = insightsAtEnd(testing::loadExample("newton-cycle.tsg.json"));
  QCOMPARE(newton.size(), std::size_t(1));
  QVERIFY(newton[0].kind == Kind::WastedWork);
  QCOMPARE(newton[0].text, std::string("halfStep ran 4 times without changing its output (4 of its 25 runs)"));
}

void InsightsTests::wastedWorkCountsRunsThatChangedNothing() {
  // push: capped runs on every write of a; from the second write on, min(a, 10) stays 10.
  const char* json = R"json({ "tickscope": 1, "settings": { "mode": "push" }, "cells": { "a": 1 },
    "actions": [
      { "id": "capped", "kind": "computation", "reads": ["a"], "writes": ["c"], "expr": "min(a, 10)" },
      { "id": "show", "kind": "effect", "reads": ["c"], "expr": "c" } ],
    "events": [ { "atMs": 10, "set": { "a": 20 } }, { "atMs": 20, "set": { "a": 30 } },
                { "atMs": 30, "set": { "a": 40 } } ] })json";
  Runner r(testing::loadJson(json), withCauses());
  r.runToEnd();
  const run::RunSnapshot s = r.snapshot();
  const std::uint32_t capped = static_cast<std::uint32_t>(*r.document().findAction("capped"));
  QCOMPARE(s.actions[capped].runCount, std::uint64_t(4));       // the first run, then one per event
  QCOMPARE(s.actions[capped].unchangedRuns, std::uint64_t(2));  // a = 30 and a = 40 left c at 10
  QCOMPARE(s.insights.size(), std::size_t(1));
  QCOMPARE(s.insights[0].actions, std::vector<std::uint32_t>{capped});
  QCOMPARE(s.insights[0].count, std::uint64_t(2));
  // Without a CauseLog (the command line) there is nothing to count.
  run::RunOptions plain;
  plain.journalSteps = 1000;
  Runner quiet(testing::loadJson(json), plain);
  quiet.runToEnd();
  QCOMPARE(quiet.snapshot().actions[capped].unchangedRuns, std::uint64_t(0));
  QVERIFY(quiet.snapshot().insights.empty());
}

void InsightsTests::effectsThatNeverRanAndModes() {
  // Before the first step no effect has run yet; in push mode a computation no effect depends
  // on still runs, for nothing.
  Runner fresh(testing::loadExample("avoidable-work.tsg.json"), withCauses());
  const std::string before = dump(fresh.snapshot().insights);
  QVERIFY2(before.find("effect never ran: ") != std::string::npos && before.find("never ran yet") != std::string::npos,
           before.c_str());
  run::RunOptions push = withCauses();
  push.mode = graph::Mode::Push;
  Runner pushed(testing::loadExample("avoidable-work.tsg.json"), push);
  pushed.runToEnd();
  QVERIFY2(dump(pushed.snapshot().insights).find("(push mode runs them for nothing): audit, histogram") != std::string::npos,
           dump(pushed.snapshot().insights).c_str());
  // A long list ends with how many more; the order is by kind, then count.
  graph::GraphDocument many = testing::generatedGraph(graph::Shape::Broad, 1, 40, false);
  std::vector<std::uint8_t> none(many.actions.size(), 0);
  Runner r(std::move(many), withCauses());
  run::RunSnapshot s = r.snapshot();
  const std::vector<Insight> list = run::findInsights(s, none);
  QVERIFY(!list.empty());
  QVERIFY(list.front().kind == Kind::NotDemanded);
  QVERIFY2(list.front().text.find(" more") != std::string::npos, list.front().text.c_str());
  QVERIFY(std::is_sorted(list.begin(), list.end(), [](const Insight& a, const Insight& b) { return a.kind < b.kind; }));
}

void InsightsTests::reachingAnEffect() {
  const graph::GraphDocument d = testing::loadExample("avoidable-work.tsg.json");
  const std::vector<std::uint8_t> reaches = run::actionsReachingAnEffect(d);
  QCOMPARE(reaches.size(), d.actions.size());
  for (std::size_t a = 0; a < d.actions.size(); ++a) {
    const bool expected = d.actions[a].id != "audit" && d.actions[a].id != "histogram";
    QCOMPARE(bool(reaches[a]), expected);
  }
}
