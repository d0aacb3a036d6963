// run::Breakpoint and run::BreakpointWatch: every kind hits on exactly the steps where its
// condition holds, worked out independently from a second runner's snapshots and journal;
// disabled and invalid breakpoints never hit; the settings JSON round-trips and survives junk.
#include <QtTest/QtTest>

#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "run/breakpoint.h"
#include "run/breakpoint_watch.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::Breakpoint;
using run::BreakpointWatch;
using run::Runner;
using run::RunSnapshot;
using testing::loadExample;
using testing::loadJson;
using Kind = Breakpoint::Kind;

namespace {

// Four task labels (ui, io, net, none); a math error when a = 2; s = 3a crosses 10 both ways;
// a debounced effect; enough effects per event to make the ready queue grow and shrink.
const char* const kBreak = R"json({
  "tickscope": 1, "name": "break", "settings": { "seed": 6 },
  "cells": { "a": 1, "k": 0 },
  "actions": [
    { "id": "grow", "kind": "computation", "reads": ["a"], "writes": ["s"], "expr": "a * 3", "costMs": 1 },
    { "id": "show", "kind": "effect", "reads": ["s"], "expr": "s", "label": "ui" },
    { "id": "inv", "kind": "computation", "reads": ["a"], "writes": ["r"], "expr": "1 / (a - 2)" },
    { "id": "showInv", "kind": "effect", "reads": ["r"], "expr": "r", "label": "ui" },
    { "id": "save", "kind": "effect", "reads": ["k"], "expr": "k", "debounceMs": 15, "costMs": 2, "label": "io" },
    { "id": "ping", "kind": "effect", "reads": ["a"], "expr": "a", "label": "net" },
    { "id": "log", "kind": "effect", "reads": ["a", "k"], "expr": "a + k" }
  ],
  "events": [ { "atMs": 10, "set": { "a": 2 } }, { "atMs": 20, "set": { "a": 5, "k": 1 } },
              { "atMs": 25, "set": { "k": 2 } }, { "atMs": 30, "set": { "a": 4 } },
              { "atMs": 60, "set": { "a": 1, "k": 3 } } ]
})json";

// expectedHit: whether breakpoint `b` holds for the step from `before` to `after` (snapshots
// of a reference runner with a journal), read from the rows alone.
bool expectedHit(const Breakpoint& b, const RunSnapshot& before, const RunSnapshot& after,
                 const std::function<bool(double)>& condition) {
  const graph::GraphDocument& doc = *after.document;
  const run::StepRecord& step = after.recentSteps.front();
  switch (b.kind) {
    case Kind::ActionRuns: {
      const std::size_t i = *doc.findAction(b.target);
      return after.actions[i].runCount > before.actions[i].runCount;
    }
    case Kind::CellChanges: {
      const graph::CellIndex c = *doc.findCell(b.target);
      return after.cells[c] != before.cells[c] && condition(after.cells[c]);
    }
    case Kind::ReportError:
      for (std::size_t k = before.errors.size(); k < after.errors.size(); ++k) {
        if (b.target.empty() || after.errors[k].kind == b.target) return true;
      }
      return false;
    case Kind::CycleDetected:
      return after.cycles.size() > before.cycles.size();
    case Kind::DebounceFires: {
      std::uint64_t firedBefore = 0, firedAfter = 0;
      for (const run::DebounceRow& d : before.debounces) {
        if (b.target.empty() || doc.actions[d.action].id == b.target) firedBefore += d.firedTotal;
      }
      for (const run::DebounceRow& d : after.debounces) {
        if (b.target.empty() || doc.actions[d.action].id == b.target) firedAfter += d.firedTotal;
      }
      return firedAfter > firedBefore;
    }
    case Kind::TaskPicked:
      return step.move.kind == run::MoveKind::Decision && !step.timerFired && step.label == b.target;
    case Kind::ReadyQueueLonger:
      return after.ready.size() > b.threshold && before.ready.size() <= b.threshold;
  }
  return false;
}

using HitSteps = std::map<std::size_t, std::vector<std::uint64_t>>;  // breakpoint -> steps

// watchRun: runs `doc` with a BreakpointWatch over `breakpoints` and returns the steps each
// breakpoint hit; checks the hits' own fields on the way.
void watchRun(const graph::GraphDocument& doc, const run::RunOptions& options, const std::vector<Breakpoint>& breakpoints,
              HitSteps& hits, std::map<std::size_t, std::string>& firstDetail) {
  Runner runner(doc, options);
  const auto watch = runner.makeObserver<BreakpointWatch>(breakpoints);
  QCOMPARE(watch->breakpoints(), breakpoints);
  QVERIFY(watch->hits().empty());
  while (runner.step()) {
    std::size_t lastIndex = 0;
    bool first = true;
    for (const run::BreakpointHit& h : watch->hits()) {
      QCOMPARE(h.step, runner.steps());
      QCOMPARE(h.before, breakpoints[h.breakpoint].kind == Kind::ActionRuns);
      QVERIFY(first || h.breakpoint > lastIndex);  // in breakpoint order, each once
      QVERIFY(!h.detail.empty());
      first = false;
      lastIndex = h.breakpoint;
      hits[h.breakpoint].push_back(h.step);
      firstDetail.emplace(h.breakpoint, h.detail);
    }
  }
}

// expectedRun: the same from a reference runner's snapshots: the steps each breakpoint holds.
void expectedRun(const graph::GraphDocument& doc, run::RunOptions options, const std::vector<Breakpoint>& breakpoints,
                 const std::map<std::string, std::function<bool(double)>>& conditions, HitSteps& expected) {
  options.journalSteps = 4;
  Runner reference(doc, options);
  RunSnapshot before = reference.snapshot();
  while (reference.step()) {
    const RunSnapshot after = reference.snapshot();
    for (std::size_t i = 0; i < breakpoints.size(); ++i) {
      const Breakpoint& b = breakpoints[i];
      if (!b.enabled || !run::checkBreakpoint(b, doc).empty()) continue;
      if (expectedHit(b, before, after, conditions.at(b.condition))) expected[i].push_back(after.step);
    }
    before = after;
  }
}

std::string stepsText(const HitSteps& hits, const std::vector<Breakpoint>& breakpoints) {
  std::string out;
  for (const auto& [i, steps] : hits) out += fmt::format("{} [{}]: {}\n", i, run::describe(breakpoints[i]), fmt::join(steps, " "));
  return out;
}

const std::map<std::string, std::function<bool(double)>> kConditions{
    {"", [](double) { return true; }},
    {"v > 10", [](double v) { return v > 10; }},
    {"v < 2 || v == 4", [](double v) { return v < 2 || v == 4; }},
};

}  // namespace

void BreakpointTests::everyKindHitsOnItsSteps() {
  struct Case {
    std::string name;
    graph::GraphDocument doc;
    std::vector<Breakpoint> breakpoints;
    double maxTimeMs = 60000;
  };
  std::vector<Case> cases;
  cases.push_back({"break",
                   loadJson(kBreak),
                   {{Kind::ActionRuns, "show", {}, 0, true},
                    {Kind::ActionRuns, "inv", {}, 0, true},
                    {Kind::CellChanges, "s", "v > 10", 0, true},
                    {Kind::CellChanges, "s", {}, 0, true},
                    {Kind::CellChanges, "a", "v < 2 || v == 4", 0, true},
                    {Kind::CellChanges, "k", {}, 0, true},
                    {Kind::ReportError, {}, {}, 0, true},
                    {Kind::ReportError, "math-error", {}, 0, true},
                    {Kind::ReportError, "cycle-limit", {}, 0, true},
                    {Kind::DebounceFires, "save", {}, 0, true},
                    {Kind::DebounceFires, {}, {}, 0, true},
                    {Kind::TaskPicked, "ui", {}, 0, true},
                    {Kind::TaskPicked, "net", {}, 0, true},
                    {Kind::ReadyQueueLonger, {}, {}, 1, true},
                    {Kind::ReadyQueueLonger, {}, {}, 2, true},
                    {Kind::CycleDetected, {}, {}, 0, true}}});
  cases.push_back({"newton-cycle",
                   loadExample("newton-cycle.tsg.json"),
                   {{Kind::CycleDetected, {}, {}, 0, true},
                    {Kind::ActionRuns, "fullStep", {}, 0, true},
                    {Kind::CellChanges, "n", "v > 10", 0, true}}});
  cases.push_back({"runaway-cycle",
                   loadExample("runaway-cycle.tsg.json"),
                   {{Kind::CycleDetected, {}, {}, 0, true},
                    {Kind::ReportError, "cycle-limit", {}, 0, true},
                    {Kind::ActionRuns, "watchZ", {}, 0, true}}});
  cases.push_back({"debounce-storm",
                   loadExample("debounce-storm.tsg.json"),
                   {{Kind::DebounceFires, "save", {}, 0, true},
                    {Kind::DebounceFires, "preview", {}, 0, true},  // never debounced: never fires
                    {Kind::ActionRuns, "save", {}, 0, true},
                    {Kind::CellChanges, "input", "v > 10", 0, true}}});
  cases.push_back({"request-dangling",
                   loadExample("request-dangling.tsg.json"),
                   {{Kind::ReportError, "dangling-task", {}, 0, true}, {Kind::ReportError, {}, {}, 0, true}}});
  cases.push_back({"max-time",  // save's debounce is still armed at the max time
                   loadJson(kBreak),
                   {{Kind::ReportError, "max-time", {}, 0, true}, {Kind::DebounceFires, "save", {}, 0, true}},
                   62});

  std::set<Kind> kindsHit;
  for (Case& c : cases) {
    for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      const std::string what = fmt::format("{} {}", c.name, graph::toString(mode));
      run::RunOptions options;
      options.mode = mode;
      options.maxTimeMs = c.maxTimeMs;
      // Each breakpoint also disabled, and a few that cannot hit: they must never hit.
      std::vector<Breakpoint> all = c.breakpoints;
      for (Breakpoint b : c.breakpoints) {
        b.enabled = false;
        all.push_back(b);
      }
      all.push_back({Kind::ActionRuns, "nope", {}, 0, true});
      all.push_back({Kind::CellChanges, "nope", {}, 0, true});
      all.push_back({Kind::CellChanges, c.name == "break" ? "s" : "n", "v >", 0, true});
      all.push_back({Kind::ReportError, "oops", {}, 0, true});
      all.push_back({Kind::TaskPicked, "nope", {}, 0, true});
      all.push_back({Kind::ActionRuns, {}, {}, 0, true});
      HitSteps hits, expected;
      std::map<std::size_t, std::string> details;
      watchRun(c.doc, options, all, hits, details);
      if (QTest::currentTestFailed()) return;
      expectedRun(c.doc, options, all, kConditions, expected);
      SAME_TEXT(stepsText(hits, all), stepsText(expected, all), what);
      if (QTest::currentTestFailed()) return;
      for (const auto& [i, steps] : hits) {
        QVERIFY2(i < c.breakpoints.size(), what.c_str());  // no disabled or invalid one
        kindsHit.insert(all[i].kind);
      }
      // The details name what happened.
      for (const auto& [i, detail] : details) {
        const Breakpoint& b = all[i];
        const std::string where = what + ": " + detail;
        switch (b.kind) {
          case Kind::ActionRuns: QCOMPARE(detail, fmt::format("action {} runs", b.target)); break;
          case Kind::CellChanges: QVERIFY2(detail.starts_with(fmt::format("cell {} changed to ", b.target)), where.c_str()); break;
          case Kind::ReportError: QVERIFY2(detail.find(" error: ") != std::string::npos, where.c_str()); break;
          case Kind::CycleDetected: QVERIFY2(detail.starts_with("cycle 1 detected ("), where.c_str()); break;
          case Kind::DebounceFires: QCOMPARE(detail, std::string("the debounce of save fired")); break;
          case Kind::TaskPicked: QVERIFY2(detail.find(fmt::format("[{}] picked among ", b.target)) != std::string::npos, where.c_str()); break;
          case Kind::ReadyQueueLonger: QVERIFY2(detail.starts_with("the ready queue holds "), where.c_str()); break;
        }
      }
    }
  }
  QCOMPARE(kindsHit.size(), std::size_t(Breakpoint::kKindCount));  // every kind hit somewhere
}

void BreakpointTests::actionRunsHitsBeforeTheRun() {
  // The hit says "before": the step shown is the one before, and the next Tick runs it.
  Runner runner(loadExample("diamond.tsg.json"));
  const auto watch = runner.makeObserver<BreakpointWatch>(std::vector<Breakpoint>{{Kind::ActionRuns, "join", {}, 0, true}});
  const std::size_t join = *runner.document().findAction("join");
  std::uint64_t runsBefore = 0;
  int hits = 0;
  while (runner.step()) {
    const std::uint64_t runs = runner.runtime().getActionStats(runner.actionId(join)).runCount;
    QCOMPARE(watch->hits().size(), std::size_t(runs > runsBefore ? 1 : 0));
    if (!watch->hits().empty()) {
      QVERIFY(watch->hits()[0].before);
      QCOMPARE(watch->hits()[0].step, runner.steps());
      ++hits;
    }
    runsBefore = runs;
  }
  QCOMPARE(hits, 5);  // the settle and four events
}

void BreakpointTests::conditionFiltersCellChanges() {
  // s = 3a: a goes 1, 2, 5, 4, 1 -> s 3, 6, 15, 12, 3. "v > 10" hits for 15 and 12 only.
  for (const graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
    run::RunOptions options;
    options.mode = mode;
    Runner runner(loadJson(kBreak), options);
    const auto watch = runner.makeObserver<BreakpointWatch>(std::vector<Breakpoint>{
        {Kind::CellChanges, "s", "v > 10", 0, true}, {Kind::CellChanges, "s", "", 0, true}, {Kind::CellChanges, "s", "v == 6", 0, true}});
    std::vector<std::string> filtered, all, six;
    while (runner.step()) {
      for (const run::BreakpointHit& h : watch->hits()) {
        (h.breakpoint == 0 ? filtered : h.breakpoint == 1 ? all : six).push_back(h.detail);
      }
    }
    QCOMPARE(filtered, (std::vector<std::string>{"cell s changed to 15", "cell s changed to 12"}));
    QCOMPARE(all, (std::vector<std::string>{"cell s changed to 3", "cell s changed to 6", "cell s changed to 15",
                                            "cell s changed to 12", "cell s changed to 3"}));
    QCOMPARE(six, std::vector<std::string>{"cell s changed to 6"});
  }
}

void BreakpointTests::readyQueueLongerIsEdgeTriggered() {
  // The ready queue's length per step, from a reference run; the watch hits where it goes
  // above the threshold and not again until it has come back to it or below.
  for (const std::uint32_t threshold : {1u, 2u}) {  // it starts at 4, then peaks at 3
    Runner reference(loadJson(kBreak));
    std::vector<std::size_t> lengths{reference.scheduler().readyCount()};
    while (reference.step()) lengths.push_back(reference.scheduler().readyCount());
    std::vector<std::uint64_t> expected;
    std::size_t stayedLonger = 0;
    for (std::size_t s = 1; s < lengths.size(); ++s) {
      if (lengths[s] > threshold && lengths[s - 1] <= threshold) expected.push_back(s);
      if (lengths[s] > threshold && lengths[s - 1] > threshold) ++stayedLonger;
    }
    QVERIFY(expected.size() >= 2);  // it went above, came back, and went above again
    QVERIFY(stayedLonger >= 1);     // and stayed above for a step without hitting again

    Runner runner(loadJson(kBreak));
    const auto watch = runner.makeObserver<BreakpointWatch>(std::vector<Breakpoint>{{Kind::ReadyQueueLonger, {}, {}, threshold, true}});
    std::vector<std::uint64_t> hits;
    while (runner.step()) {
      for (const run::BreakpointHit& h : watch->hits()) {
        hits.push_back(h.step);
        QCOMPARE(h.detail, fmt::format("the ready queue holds {} tasks", runner.scheduler().readyCount()));
      }
    }
    QCOMPARE(hits, expected);
  }
  // Attached while the queue is already longer: no hit until it has come back.
  Runner runner(loadJson(kBreak));
  QVERIFY(runner.scheduler().readyCount() > 1);
  const auto watch = runner.makeObserver<BreakpointWatch>(std::vector<Breakpoint>{{Kind::ReadyQueueLonger, {}, {}, 1, true}});
  bool cameBack = false;
  while (runner.step()) {
    const std::size_t now = runner.scheduler().readyCount();
    if (!cameBack) QVERIFY(watch->hits().empty());
    if (now <= 1) cameBack = true;
    if (cameBack && !watch->hits().empty()) break;
  }
  QVERIFY(cameBack);
  QCOMPARE(watch->hits().size(), std::size_t(1));
}

void BreakpointTests::disabledAndInvalidNeverHit() {
  const graph::GraphDocument doc = loadJson(kBreak);
  std::vector<Breakpoint> list{
      {Kind::ActionRuns, "show", {}, 0, false},           // disabled
      {Kind::ActionRuns, "nope", {}, 0, true},            // no such action
      {Kind::CellChanges, "s", "v >", 0, true},           // does not compile
      {Kind::CellChanges, "s", "w > 1", 0, true},         // not only v
      {Kind::ReportError, "oops", {}, 0, true},           // no such error kind
      {Kind::TaskPicked, "", {}, 0, true},                // needs a target
      {Kind::DebounceFires, "ghost", {}, 0, true},        // no such action
      {Kind::ActionRuns, "show", {}, 0, true},            // valid: the control
  };
  Runner runner(doc);
  const auto watch = runner.makeObserver<BreakpointWatch>(list);
  QCOMPARE(watch->problems().size(), list.size());
  QVERIFY(watch->problems()[0].empty());  // disabled, but it makes sense
  for (std::size_t i = 1; i + 1 < list.size(); ++i) QVERIFY2(!watch->problems()[i].empty(), run::describe(list[i]).c_str());
  QVERIFY(watch->problems().back().empty());
  int controlHits = 0;
  while (runner.step()) {
    for (const run::BreakpointHit& h : watch->hits()) {
      QCOMPARE(h.breakpoint, list.size() - 1);
      ++controlHits;
    }
  }
  QVERIFY(controlHits > 0);
}

void BreakpointTests::checkExplainsWhatIsWrong() {
  const graph::GraphDocument doc = loadJson(kBreak);
  const auto check = [&](Breakpoint b) { return run::checkBreakpoint(b, doc); };
  QCOMPARE(check({Kind::ActionRuns, "show", {}, 0, true}), std::string());
  QCOMPARE(check({Kind::ActionRuns, "nope", {}, 0, true}), std::string("no action named \"nope\""));
  QCOMPARE(check({Kind::ActionRuns, {}, {}, 0, true}), std::string("action-runs needs a target"));
  QCOMPARE(check({Kind::CellChanges, {}, {}, 0, true}), std::string("cell-changes needs a target"));
  QCOMPARE(check({Kind::TaskPicked, {}, {}, 0, true}), std::string("task-picked needs a target"));
  QCOMPARE(check({Kind::CellChanges, "s", {}, 0, true}), std::string());
  QCOMPARE(check({Kind::CellChanges, "r", "v > 10", 0, true}), std::string());  // an implicit cell
  QCOMPARE(check({Kind::CellChanges, "q", {}, 0, true}), std::string("no cell named \"q\""));
  QCOMPARE(check({Kind::CellChanges, "s", "w > 1", 0, true}),
           std::string("condition \"w > 1\": only v (the new value) can be used, not w"));
  QCOMPARE(check({Kind::CellChanges, "s", "v > a", 0, true}),
           std::string("condition \"v > a\": only v (the new value) can be used, not a"));
  const std::string bad = check({Kind::CellChanges, "s", "v >", 0, true});
  QVERIFY2(bad.starts_with("condition \"v >\": ") && bad.size() > std::string("condition \"v >\": ").size(), bad.c_str());
  QCOMPARE(check({Kind::CellChanges, "s", "v, v + 1", 0, true}), std::string("condition \"v, v + 1\": one result expected"));
  QCOMPARE(check({Kind::ReportError, {}, {}, 0, true}), std::string());
  for (const char* kind : {"cycle-limit", "math-error", "action-failed", "too-many-iterations", "dangling-task", "max-time"})
    QCOMPARE(check({Kind::ReportError, kind, {}, 0, true}), std::string());
  QCOMPARE(check({Kind::ReportError, "oops", {}, 0, true}), std::string("no report error kind \"oops\""));
  QCOMPARE(check({Kind::TaskPicked, "ui", {}, 0, true}), std::string());
  QCOMPARE(check({Kind::TaskPicked, "nope", {}, 0, true}), std::string("no action is labelled \"nope\""));
  QCOMPARE(check({Kind::DebounceFires, {}, {}, 0, true}), std::string());
  QCOMPARE(check({Kind::DebounceFires, "save", {}, 0, true}), std::string());
  QCOMPARE(check({Kind::DebounceFires, "ghost", {}, 0, true}), std::string("no action named \"ghost\""));
  QCOMPARE(check({Kind::CycleDetected, {}, {}, 0, true}), std::string());
  QCOMPARE(check({Kind::ReadyQueueLonger, {}, {}, 0, true}), std::string());

  // describe, per kind.
  QCOMPARE(run::describe({Kind::ActionRuns, "sum", {}, 0, true}), std::string("before action sum runs"));
  QCOMPARE(run::describe({Kind::CellChanges, "s", {}, 0, true}), std::string("when cell s changes"));
  QCOMPARE(run::describe({Kind::CellChanges, "s", "v > 10", 0, true}), std::string("when cell s changes and v > 10"));
  QCOMPARE(run::describe({Kind::ReportError, {}, {}, 0, true}), std::string("on any report error"));
  QCOMPARE(run::describe({Kind::ReportError, "math-error", {}, 0, true}), std::string("on a math-error error"));
  QCOMPARE(run::describe({Kind::CycleDetected, {}, {}, 0, true}), std::string("when a cycle is detected"));
  QCOMPARE(run::describe({Kind::DebounceFires, {}, {}, 0, true}), std::string("when any debounce timer fires"));
  QCOMPARE(run::describe({Kind::DebounceFires, "save", {}, 0, true}), std::string("when the debounce of save fires"));
  QCOMPARE(run::describe({Kind::TaskPicked, "ui", {}, 0, true}), std::string("when a task labelled ui is picked"));
  QCOMPARE(run::describe({Kind::ReadyQueueLonger, {}, {}, 4, true}), std::string("when the ready queue is longer than 4"));

  // Kind names both ways; which kinds need a target.
  const std::vector<std::string> names{"action-runs",    "cell-changes", "report-error",      "cycle-detected",
                                       "debounce-fires", "task-picked",  "ready-queue-longer"};
  for (int k = 0; k < Breakpoint::kKindCount; ++k) {
    const auto kind = static_cast<Kind>(k);
    QCOMPARE(std::string(run::nameOf(kind)), names[std::size_t(k)]);
    QCOMPARE(run::parseBreakpointKind(names[std::size_t(k)]), std::optional<Kind>(kind));
    QCOMPARE(run::needsTarget(kind), kind == Kind::ActionRuns || kind == Kind::CellChanges || kind == Kind::TaskPicked);
  }
  QVERIFY(!run::parseBreakpointKind("Action-Runs"));
  QVERIFY(!run::parseBreakpointKind(""));
}

void BreakpointTests::jsonRoundTrip() {
  const std::vector<Breakpoint> list{
      {Kind::ActionRuns, "sum", {}, 0, true},
      {Kind::CellChanges, "s \"quoted\" \\ név", "v > 10 && v < 1e6", 0, false},
      {Kind::ReportError, {}, {}, 0, true},
      {Kind::ReportError, "max-time", {}, 0, false},
      {Kind::CycleDetected, {}, {}, 0, true},
      {Kind::DebounceFires, "save", {}, 0, true},
      {Kind::TaskPicked, "ui", {}, 0, true},
      {Kind::ReadyQueueLonger, {}, {}, 4294967295u, true},
  };
  std::vector<std::string> problems;
  const std::string json = run::breakpointsToJson(list);
  QCOMPARE(run::breakpointsFromJson(json, &problems), list);
  QVERIFY(problems.empty());
  QCOMPARE(run::breakpointsToJson(run::breakpointsFromJson(json)), json);  // stable text
  QCOMPARE(run::breakpointsToJson({}), std::string("[]"));
  QVERIFY(run::breakpointsFromJson("[]", &problems).empty());
  QVERIFY(problems.empty());
  // The keys the settings form promises.
  for (const char* key : {"\"kind\"", "\"target\"", "\"condition\"", "\"threshold\"", "\"enabled\""})
    QVERIFY2(json.find(key) != std::string::npos, key);
  QVERIFY(json.find("\"ready-queue-longer\"") != std::string::npos);
}

void BreakpointTests::badJsonReportsProblems() {
  struct Case {
    std::string json;
    std::size_t kept;
    std::vector<std::string> problems;
  };
  const std::string notArray = "saved breakpoints are not a JSON array; none restored";
  const std::vector<Case> cases{
      {"", 0, {}},  // nothing saved: not a problem
      {"not json", 0, {notArray}},
      {"{\"kind\": \"action-runs\"}", 0, {notArray}},
      {"[1, 2", 0, {notArray}},
      {"\"text\"", 0, {notArray}},
      {"[{\"kind\": \"fly\"}, {\"kind\": \"cycle-detected\"}]", 1, {"saved breakpoint 1: unknown kind; skipped"}},
      {"[5, null, \"x\", [], {\"kind\": \"task-picked\", \"target\": \"ui\"}]",
       1,
       {"saved breakpoint 1: unknown kind; skipped", "saved breakpoint 2: unknown kind; skipped",
        "saved breakpoint 3: unknown kind; skipped", "saved breakpoint 4: unknown kind; skipped"}},
      {"[{\"kind\": 3}, {}]", 0, {"saved breakpoint 1: unknown kind; skipped", "saved breakpoint 2: unknown kind; skipped"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> problems;
    std::vector<Breakpoint> read;
    try {
      read = run::breakpointsFromJson(c.json, &problems);
    } catch (...) {
      QFAIL(("threw on: " + c.json).c_str());
    }
    QVERIFY2(read.size() == c.kept, c.json.c_str());
    QVERIFY2(problems == c.problems, (c.json + " -> " + fmt::format("{}", fmt::join(problems, " | "))).c_str());
    (void)run::breakpointsFromJson(c.json);  // no problem list: fine too
  }
  // Fields of the wrong type fall back to their defaults; a huge threshold saturates.
  std::vector<std::string> problems;
  const auto read = run::breakpointsFromJson(
      R"([{"kind": "ready-queue-longer", "threshold": -3, "enabled": "no", "target": 7, "condition": null},
          {"kind": "ready-queue-longer", "threshold": 1e30},
          {"kind": "ready-queue-longer", "threshold": 99999999999, "enabled": false},
          {"kind": "ready-queue-longer", "threshold": "4", "enabled": true},
          {"kind": "cell-changes", "target": "s", "condition": "v > 1", "extra": [1, 2]}])",
      &problems);
  QVERIFY(problems.empty());
  QCOMPARE(read.size(), std::size_t(5));
  QCOMPARE(read[0], (Breakpoint{Kind::ReadyQueueLonger, {}, {}, 0, true}));
  QCOMPARE(read[1].threshold, std::uint32_t(0));  // not an unsigned integer
  QCOMPARE(read[2], (Breakpoint{Kind::ReadyQueueLonger, {}, {}, 4294967295u, false}));
  QCOMPARE(read[3], (Breakpoint{Kind::ReadyQueueLonger, {}, {}, 0, true}));
  QCOMPARE(read[4], (Breakpoint{Kind::CellChanges, "s", "v > 1", 0, true}));
  // Deeply nested junk does not throw either.
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  QVERIFY(run::breakpointsFromJson(deep, &problems).empty());
}
