// run::sweep: seeds grouped by outcome, on several threads, cancellable; the bundled
// examples' outcomes do not depend on the schedule, order-dependent's does.
#include <QtTest/QtTest>

#include <atomic>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "run/runner.h"
#include "run/sweep.h"
#include "run_test_classes.h"
#include "run_test_support.h"

using namespace tickscope;

namespace {

std::shared_ptr<const graph::GraphDocument> example(const std::string& name) {
  return std::make_shared<const graph::GraphDocument>(testing::loadExample(name));
}

run::SweepOptions options(std::uint64_t seeds, unsigned threads) {
  run::SweepOptions o;
  o.seeds = seeds;
  o.threads = threads;
  return o;
}

std::string groupsText(const run::SweepResult& r) { return toJson(r).dump(); }

}  // namespace

void SweepTests::everyExampleGivesOneGroup() {
  // 64 seeds each; grid-10000 (10,000 computations, ~0.3 s a run here) 8 seeds to keep the
  // suite short. Both modes for the small ones.
  for (const auto& path : testing::examplePaths()) {
    const std::string name = path.filename().string();
    if (name == "order-dependent.tsg.json") continue;
    const bool big = name == "grid-10000.tsg.json";
    const auto doc = example(name);
    for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      if (big && mode == graph::Mode::Push) continue;
      run::SweepOptions o = options(big ? 8 : 64, 2);
      o.mode = mode;
      const run::SweepResult r = run::sweep(doc, o);
      QVERIFY2(r.failures.empty(), name.c_str());
      QCOMPARE(r.seedsRun, o.seeds);
      QVERIFY2(r.groups.size() == 1, qPrintable(QString::fromStdString(name + ": " + groupsText(r).substr(0, 2000))));
      QCOMPARE(r.groups[0].seeds.size(), o.seeds);
      QVERIFY(!r.explanation);
    }
  }
}

void SweepTests::orderDependentGivesTwoGroups() {
  const auto doc = example("order-dependent.tsg.json");
  const run::SweepResult r = run::sweep(doc, options(64, 2));
  QCOMPARE(r.groups.size(), std::size_t(2));
  // The groups partition the seeds, each ascending, the group of seed 0 first.
  std::set<std::uint64_t> all;
  for (const run::SweepGroup& g : r.groups) {
    QVERIFY(std::is_sorted(g.seeds.begin(), g.seeds.end()));
    all.insert(g.seeds.begin(), g.seeds.end());
  }
  QCOMPARE(all.size(), std::size_t(64));
  QCOMPARE(r.groups[0].seeds.front(), std::uint64_t(0));
  // Each group's outcome is the one its seeds' runs report (checked on every seed).
  for (const run::SweepGroup& g : r.groups) {
    for (std::uint64_t seed : g.seeds) {
      run::RunOptions o;
      o.seed = seed;
      o.recorderCapacity = 0;
      run::Runner runner(doc, o);
      runner.runToEnd();
      QVERIFY(run::sameOutcome(run::outcomeOf(runner.report()), g.outcome));
    }
  }
  // The final values of `shared` are the two the description names.
  std::set<double> shared;
  for (const run::SweepGroup& g : r.groups)
    for (const trace::NamedValue& v : g.outcome.cells)
      if (v.name == "shared") shared.insert(v.value);
  QCOMPARE(shared, (std::set<double>{3, 20}));
  QVERIFY2(r.groups[0].summary.starts_with("shared = "), r.groups[0].summary.c_str());
  // The explanation compares the groups' first seeds and names where they part.
  QVERIFY(r.explanation.has_value());
  QCOMPARE(r.explanation->a.seed, r.groups[0].seeds.front());
  QCOMPARE(r.explanation->b.seed, r.groups[1].seeds.front());
  QVERIFY(!r.explanation->same);
  QVERIFY(r.explanation->firstDifferentStep.has_value());
}

void SweepTests::threadCountDoesNotChangeTheResult() {
  const auto doc = example("order-dependent.tsg.json");
  const std::string one = groupsText(run::sweep(doc, options(40, 1)));
  QCOMPARE(groupsText(run::sweep(doc, options(40, 2))), one);
  QCOMPARE(groupsText(run::sweep(doc, options(40, 5))), one);
}

void SweepTests::cancelStopsStartingRuns() {
  const auto doc = example("diamond.tsg.json");
  run::SweepOptions o = options(1000, 2);
  std::atomic<std::uint64_t> calls{0};
  o.progress = [&](std::uint64_t done, std::uint64_t total) {
    ++calls;
    return done < 5 && total == 1000;
  };
  const run::SweepResult r = run::sweep(doc, o);
  QVERIFY(r.cancelled);
  QVERIFY(r.seedsRun >= 5 && r.seedsRun <= 7);  // at most one run under way per other thread
  QCOMPARE(calls.load(), r.seedsRun);
  std::uint64_t grouped = 0;
  for (const run::SweepGroup& g : r.groups) grouped += g.seeds.size();
  QCOMPARE(grouped, r.seedsRun);
}

void SweepTests::rejectsAnUnvalidatedDocument() {
  auto doc = std::make_shared<graph::GraphDocument>();
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::sweep(doc, options(2, 1)));
}
