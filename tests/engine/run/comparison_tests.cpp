// run::RunDigest, run::DigestLog and run::compareRuns: what `tickscope diff` and the Compare
// pane show, checked against the runs' own journals and reports.
#include <QtTest/QtTest>

#include <memory>
#include <nlohmann/json.hpp>

#include "run/run_comparison.h"
#include "run/run_digest.h"
#include "run/run_journal.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;
using run::RunDigest;
using run::RunOptions;

namespace {

std::shared_ptr<const graph::GraphDocument> example(const char* name) {
  return std::make_shared<const graph::GraphDocument>(testing::loadExample(name));
}

RunOptions optionsFor(std::uint64_t seed, graph::Mode mode) {
  RunOptions o;
  o.seed = seed;
  o.mode = mode;
  o.recorderCapacity = 0;
  return o;
}

// What the journal says of a step, in the digest's terms (names, not indices): an
// independent record of the same decisions.
struct JournalStep {
  run::MoveKind kind;
  bool timerFired;
  std::string label;
  double atMs;
  std::vector<std::string> ran;
  bool idle = false;  // a pick that ran nothing and changed no cell (not compared)
  bool operator==(const JournalStep& o) const {
    return kind == o.kind && timerFired == o.timerFired && label == o.label && atMs == o.atMs && ran == o.ran;
  }
};

std::vector<JournalStep> journalSteps(const std::shared_ptr<const graph::GraphDocument>& doc, std::uint64_t seed) {
  RunOptions o = optionsFor(seed, doc->settings.mode);
  o.journalSteps = 100'000;
  run::Runner r(doc, o);
  while (r.step()) {
  }
  std::vector<JournalStep> out;
  for (const run::StepRecord& s : r.journal()->steps()) {
    JournalStep j{s.move.kind, s.timerFired, s.label, s.atMs, {}, false};
    for (std::uint32_t a : s.ran) j.ran.push_back(doc->actions[a].id);
    j.idle = s.move.kind == run::MoveKind::Decision && !s.timerFired && s.ranCount == 0 && s.cellsChanged == 0;
    out.push_back(std::move(j));
  }
  return out;
}

double finalValue(const std::shared_ptr<const graph::GraphDocument>& doc, std::uint64_t seed, const std::string& cell) {
  run::Runner r(doc, optionsFor(seed, doc->settings.mode));
  r.runToEnd();
  for (const trace::NamedValue& v : r.report().cells)
    if (v.name == cell) return v.value;
  return std::nan("");
}

}  // namespace

void ComparisonTests::diamondDecidesAlikeUnderAnySeeds() {
  // What we found: in pull mode each event schedules only `show`, which pulls left, right and
  // join inside its own step: every seed makes the same decisions. In push mode the
  // computations (unlabeled) and `show` (label ui) are two group tasks; a seed may pick ui's
  // while show still waits for right (an idle pick: nothing runs), another seed runs right
  // first. The actions still run in one order: skipping idle picks, no differing step.
  const auto doc = example("diamond.tsg.json");
  const std::pair<std::uint64_t, std::uint64_t> pairs[] = {{0, 1}, {7, 42}, {3, 1000}, {5, 6}, {123456789, 2}};
  for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
    for (auto [x, y] : pairs) {
      const RunDigest a = run::digestRun(doc, optionsFor(x, mode));
      const RunDigest b = run::digestRun(doc, optionsFor(y, mode));
      QVERIFY(!a.decisions.empty());
      QCOMPARE(a.decisions.size(), a.steps);  // every step recorded
      const run::RunComparison c = run::compareRuns(a, b);
      QVERIFY2(c.same, qPrintable(QString("seeds %1, %2").arg(x).arg(y)));
      QVERIFY2(!c.firstDifferentStep, qPrintable(QString::fromStdString(toJson(c).dump())));
      QVERIFY(c.cells.empty() && c.effects.empty() && !c.errorsDiffer);
      for (const run::ActionDelta& d : c.actions) QVERIFY(!d.differs());
    }
  }
  // The finding above, shown: seeds 0 and 1 in push mode differ in their idle picks alone.
  const RunDigest a = run::digestRun(doc, optionsFor(0, graph::Mode::Push));
  const RunDigest b = run::digestRun(doc, optionsFor(1, graph::Mode::Push));
  const auto idleSteps = [](const RunDigest& d) {
    std::vector<std::size_t> steps;
    for (std::size_t i = 0; i < d.decisions.size(); ++i)
      if (d.decisions[i].idle) steps.push_back(i + 1);
    return steps;
  };
  QVERIFY(!idleSteps(a).empty() || !idleSteps(b).empty());
  QVERIFY(idleSteps(a) != idleSteps(b));
  QCOMPARE(a.decisions.size() - idleSteps(a).size(), b.decisions.size() - idleSteps(b).size());
}

void ComparisonTests::digestDecisionsAreTheJournalSteps() {
  // DigestLog and RunJournal see the same steps; the digest lists them all, in order.
  for (const char* name : {"order-dependent.tsg.json", "debounce-storm.tsg.json", "request-dangling.tsg.json"}) {
    const auto doc = example(name);
    const RunDigest d = run::digestRun(doc, optionsFor(doc->settings.seed, doc->settings.mode));
    const std::vector<JournalStep> journal = journalSteps(doc, doc->settings.seed);
    QCOMPARE(d.decisions.size(), journal.size());
    for (std::size_t i = 0; i < journal.size(); ++i) {
      const run::StepDecision& s = d.decisions[i];
      std::vector<std::string> ran;
      for (std::uint32_t a : d.ranOf(s)) ran.push_back(d.actionName(a));
      QVERIFY2((JournalStep{s.kind, s.timerFired, s.label, s.atMs, ran, false} == journal[i]),
               qPrintable(QString("%1 step %2").arg(name).arg(i + 1)));
      // An idle pick is one the journal sees run nothing and change no cell.
      if (s.idle) QVERIFY(journal[i].idle);
    }
  }
}

void ComparisonTests::orderDependentFirstDifferentStep() {
  const auto doc = example("order-dependent.tsg.json");
  // Two seeds with different final values of `shared`, found from the reports alone.
  std::optional<std::uint64_t> other;
  const double first = finalValue(doc, 0, "shared");
  for (std::uint64_t s = 1; s < 64 && !other; ++s)
    if (finalValue(doc, s, "shared") != first) other = s;
  QVERIFY2(other, "no seed of 64 changes the order-dependent graph's outcome");

  // The first differing step, from the two journals, picks that ran and wrote nothing skipped
  // (this graph has no sessions and no timers that do nothing).
  const std::vector<JournalStep> ja = journalSteps(doc, 0), jb = journalSteps(doc, *other);
  std::uint64_t expected = 0, expectedB = 0;
  for (std::size_t i = 0, j = 0;; ++i, ++j) {
    while (i < ja.size() && ja[i].idle) ++i;
    while (j < jb.size() && jb[j].idle) ++j;
    if (i == ja.size() && j == jb.size()) break;
    if (i == ja.size() || j == jb.size() || !(ja[i] == jb[j])) {
      expected = i + 1;
      expectedB = j + 1;
      break;
    }
  }
  QVERIFY(expected > 0);

  const RunDigest a = run::digestRun(doc, optionsFor(0, graph::Mode::Pull));
  const RunDigest b = run::digestRun(doc, optionsFor(*other, graph::Mode::Pull));
  const run::RunComparison c = run::compareRuns(a, b);
  QVERIFY(!c.same);
  QVERIFY(c.firstDifferentStep.has_value());
  QCOMPARE(*c.firstDifferentStep, expected);
  QVERIFY(c.decisionA && c.decisionB);
  QCOMPARE(c.decisionA->step, expected);
  QCOMPARE(c.decisionB->step, expectedB);
  QVERIFY(c.decisionA->ranNames != c.decisionB->ranNames);
  QCOMPARE(c.cells.size(), std::size_t(1));
  QCOMPARE(c.cells[0].name, std::string("shared"));
  QCOMPARE(*c.cells[0].a, first);
  QCOMPARE(*c.cells[0].b, finalValue(doc, *other, "shared"));
  // Both writers ran as often in either order: no run-count delta.
  for (const run::ActionDelta& d : c.actions) QCOMPARE(d.runCountDelta(), std::int64_t(0));
  const nlohmann::json j = run::toJson(c);
  QCOMPARE(j["same"].get<bool>(), false);
  QCOMPARE(j["firstDifferentStep"].get<std::uint64_t>(), expected);
  QCOMPARE(j["cells"][0]["name"].get<std::string>(), std::string("shared"));
}

void ComparisonTests::pullAndPushCompareByActionId() {
  // avoidable-work: pull never runs audit and histogram, push runs them 4 times each.
  const auto doc = example("avoidable-work.tsg.json");
  const RunDigest pull = run::digestRun(doc, optionsFor(0, graph::Mode::Pull));
  const RunDigest push = run::digestRun(doc, optionsFor(0, graph::Mode::Push));
  const run::RunComparison c = run::compareRuns(pull, push);
  QCOMPARE(c.a.mode, std::string("pull"));
  QCOMPARE(c.b.mode, std::string("push"));
  QVERIFY(c.firstDifferentStep.has_value());
  for (const char* id : {"audit", "histogram"}) {
    const auto it = std::find_if(c.actions.begin(), c.actions.end(), [&](const run::ActionDelta& d) { return d.id == id; });
    QVERIFY(it != c.actions.end());
    QCOMPARE(*it->runCountA, std::uint64_t(0));
    QCOMPARE(*it->runCountB, std::uint64_t(4));
    QCOMPARE(it->runCountDelta(), std::int64_t(4));
    QVERIFY(it->totalMsDelta() > 0);
  }
  // The effects saw the same values: none of them is listed as differing.
  QVERIFY(c.effects.empty());

  // Two different files: an action only one of them has is listed with the other side absent.
  graph::GraphDocument more = testing::loadJson(R"({"tickscope": 1, "name": "more", "cells": {"a": 1},
    "actions": [{"id": "show", "kind": "effect", "reads": ["a"], "expr": "a"},
                {"id": "extra", "kind": "effect", "reads": ["a"], "expr": "a * 2"}]})");
  graph::GraphDocument less = testing::loadJson(R"({"tickscope": 1, "name": "less", "cells": {"a": 1},
    "actions": [{"id": "show", "kind": "effect", "reads": ["a"], "expr": "a"}]})");
  const RunDigest dm = run::digestRun(std::make_shared<const graph::GraphDocument>(std::move(more)), RunOptions{});
  const RunDigest dl = run::digestRun(std::make_shared<const graph::GraphDocument>(std::move(less)), RunOptions{});
  const run::RunComparison files = run::compareRuns(dl, dm);
  QVERIFY(!files.same);
  QCOMPARE(files.actions.size(), std::size_t(2));
  QCOMPARE(files.actions[1].id, std::string("extra"));
  QVERIFY(!files.actions[1].runCountA && files.actions[1].runCountB == std::uint64_t(1));
  QCOMPARE(files.effects.size(), std::size_t(1));
  QCOMPARE(files.effects[0].action, std::string("extra"));
}

void ComparisonTests::nanEqualsNanInOutcomes() {
  run::RunOutcome a, b;
  a.cells = {{"x", std::nan("")}, {"z", -0.0}};
  b.cells = {{"x", std::nan("")}, {"z", 0.0}};
  QVERIFY(run::sameOutcome(a, b));
  QCOMPARE(run::outcomeHash(a), run::outcomeHash(b));
  b.cells[0].value = 1;
  QVERIFY(!run::sameOutcome(a, b));
  QVERIFY(run::outcomeHash(a) != run::outcomeHash(b));
}

void ComparisonTests::digestJsonRoundTrip() {
  for (const char* name : {"order-dependent.tsg.json", "runaway-cycle.tsg.json", "newton-cycle.tsg.json"}) {
    const auto doc = example(name);
    const RunDigest d = run::digestRun(doc, optionsFor(3, graph::Mode::Pull));
    const nlohmann::json j = run::toJson(d);
    const RunDigest back = run::digestFromJson(nlohmann::json::parse(j.dump()));
    QCOMPARE(run::toJson(back).dump(), j.dump());
    const run::RunComparison c = run::compareRuns(d, back);
    QVERIFY(c.same);
    QVERIFY(!c.firstDifferentStep);
    QCOMPARE(back.decisions.size(), d.decisions.size());
    QCOMPARE(back.ran, d.ran);
  }
  // Non-finite values survive the trip.
  RunDigest d;
  d.graph = "g";
  d.mode = "push";
  d.outcome.cells = {{"n", std::nan("")}, {"i", -std::numeric_limits<double>::infinity()}};
  const RunDigest back = run::digestFromJson(run::toJson(d));
  QVERIFY(std::isnan(back.outcome.cells[0].value));
  QCOMPARE(back.outcome.cells[1].value, -std::numeric_limits<double>::infinity());
}

void ComparisonTests::badDigestJsonNamesTheField() {
  const RunDigest d = run::digestRun(example("order-dependent.tsg.json"), RunOptions{});
  const auto expectError = [&](const std::function<void(nlohmann::json&)>& damage, const std::string& field) {
    nlohmann::json j = run::toJson(d);
    damage(j);
    try {
      (void)run::digestFromJson(j);
      QFAIL(qPrintable(QString::fromStdString("accepted a digest with a bad " + field)));
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find(field) != std::string::npos, e.what());
    }
  };
  expectError([](nlohmann::json& j) { j.erase("seed"); }, "seed: missing");
  expectError([](nlohmann::json& j) { j["decisions"][1]["label"] = 3; }, "decisions[1].label");
  expectError([](nlohmann::json& j) { j["decisions"][1]["kind"] = "jump"; }, "decisions[1].kind");
  expectError([](nlohmann::json& j) { j["decisions"][0]["ran"] = nlohmann::json::array({99}); }, "decisions[0].ran[0]");
  expectError([](nlohmann::json& j) { j["outcome"]["cells"][0]["value"] = "x"; }, "outcome.cells[0].value");
  expectError([](nlohmann::json& j) { j["mode"] = "sideways"; }, "mode");
  expectError([](nlohmann::json& j) { j = nlohmann::json::array(); }, "expected an object");
}
