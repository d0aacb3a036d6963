// run::CauseLog and Runner::inspect: the Inspector's "why did this run" and "why not"
// (issue 14). The cause chain of a known run through a cycle (newton-cycle) and through a
// debounce (debounce-storm), each "why not" reason on a graph made to show it, a hand-edited
// cell re-running its dependents, inspecting cells, bounded memory, and that recording causes
// changes nothing that runs.
#include <QtTest/QtTest>

#include <chrono>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "graph/generator.h"
#include "graph/validate.h"
#include "run/cause_log.h"
#include "run/controller.h"
#include "run/inspection.h"
#include "run/runner.h"
#include "run_test_classes.h"
#include "run_test_support.h"
#include "trace/chrome_trace.h"
#include "trace/json_writer.h"
#include "trace/report_json.h"

using namespace tickscope;
using run::CauseLink;
using run::Inspection;
using run::MoveKind;
using run::Runner;
using run::WhyNot;
using testing::loadExample;
using testing::loadJson;

namespace {

using Target = Inspection::Target;
using LinkKind = CauseLink::Kind;
using Reason = WhyNot::Reason;

run::RunOptions withCauses(std::size_t records = run::CauseLog::kDefaultCapacity) {
  run::RunOptions options;
  options.recordCauses = true;
  options.causeRecords = records;
  return options;
}

std::uint32_t actionIndex(const Runner& r, std::string_view id) {
  const auto index = r.document().findAction(id);
  if (!index) qFatal("no action %s", std::string(id).c_str());
  return static_cast<std::uint32_t>(*index);
}

std::uint32_t cellIndex(const Runner& r, std::string_view id) {
  const auto index = r.document().findCell(id);
  if (!index) qFatal("no cell %s", std::string(id).c_str());
  return *index;
}

Inspection inspectAction(const Runner& r, std::string_view id) { return r.inspect(Target::Action, actionIndex(r, id)); }

// stepUntilParked: steps while the next move is a scheduler decision.
void stepUntilParked(Runner& r) {
  while (r.nextMove().kind == MoveKind::Decision) r.step();
}

std::string linkText(const CauseLink& l) {
  return fmt::format("{} step {} at {} cell {} {} -> {} writer {} run {} event {} cycle {}: {}", static_cast<int>(l.kind),
                     l.step, l.atMs, l.cell, l.oldValue, l.newValue, l.writer, l.writerRun, l.event, l.cycle, l.text);
}

// inspectionText: every field of an Inspection, to compare two of them (`flagMask`: the
// state flags compared).
std::string inspectionText(const Inspection& in, std::uint16_t flagMask = 0xffff) {
  std::string out = fmt::format("{} {} step {} id {} kind {} expr '{}' label '{}' reads {} writes {} dependents {} "
                                "upstream {} flags {:#x} runs {} debounce {} {} {} throttle {} value {} writers {} "
                                "readers {}\n",
                                static_cast<int>(in.target), in.index, in.step, in.id, static_cast<int>(in.kind),
                                in.expression, in.label, fmt::join(in.reads, ","), fmt::join(in.writes, ","),
                                fmt::join(in.dependents, ","), fmt::join(in.upstream, ","), in.state.flags & flagMask,
                                in.state.runCount, in.debounceMs, in.debounceManual, in.autoDebounced, in.throttleMs,
                                in.value, fmt::join(in.writers, ","), fmt::join(in.readers, ","));
  if (in.lastRun) {
    out += fmt::format("lastRun {} run {} step {} at {} pulled {} by {}\n", in.lastRun->action, in.lastRun->run,
                       in.lastRun->step, in.lastRun->atMs, in.lastRun->pulled, in.lastRun->puller);
    for (const CauseLink& l : in.lastRun->chain) out += "  " + linkText(l) + "\n";
  }
  for (const WhyNot& w : in.whyNot) out += fmt::format("whyNot {} until {}: {}\n", static_cast<int>(w.reason), w.untilMs, w.text);
  if (in.lastChange) out += "lastChange " + linkText(*in.lastChange) + "\n";
  return out;
}

// everything: every action and cell inspected.
std::string everything(const Runner& r, std::uint16_t flagMask = 0xffff) {
  std::string out;
  for (std::uint32_t i = 0; i < r.document().actions.size(); ++i)
    out += inspectionText(r.inspect(Target::Action, i), flagMask);
  for (std::uint32_t c = 0; c < r.document().cellCount(); ++c) out += inspectionText(r.inspect(Target::Cell, c));
  return out;
}

// Listener: an observer that only counts, to attach beside the log.
class Listener : public run::RunObserver {
 public:
  void onReactiveEvent(const trace::ReactiveEvent&) override { ++events; }
  void onStepEnd(std::uint64_t, const run::Move&) override { ++steps; }
  std::size_t events = 0, steps = 0;
};

bool hasReason(const Inspection& in, Reason reason, std::string_view text) {
  for (const WhyNot& w : in.whyNot) {
    if (w.reason == reason && w.text.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string reasons(const Inspection& in) {
  std::string out;
  for (const WhyNot& w : in.whyNot) out += fmt::format("[{}] {}; ", static_cast<int>(w.reason), w.text);
  return out.empty() ? "(none)" : out;
}

#define HAS_REASON(in, reason, text) QVERIFY2(hasReason((in), (reason), (text)), reasons(in).c_str())

// A computation feeding an effect, and one that nothing demands.
const char* const kHandEdit = R"({
  "tickscope": 1, "name": "hand", "settings": { "seed": 1 },
  "cells": { "a": 1 },
  "actions": [
    { "id": "doubled", "kind": "computation", "reads": ["a"], "writes": ["d"], "expr": "a * 2" },
    { "id": "show", "kind": "effect", "reads": ["d"], "expr": "d" },
    { "id": "orphan", "kind": "computation", "reads": ["a"], "writes": ["o"], "expr": "a + 1" }
  ],
  "events": [ { "atMs": 10, "set": { "a": 3 } } ]
})";

}  // namespace

void CauseTests::cycleChainOfNewtonCycle() {
  // Event 2 sets n to 1000000; show's run after it traces back through fullStep's and
  // halfStep's iterations of the cycle to that event, every value as the iteration made it.
  Runner r(loadExample("newton-cycle.tsg.json"), withCauses());
  std::uint64_t eventStep = 0;
  while (eventStep == 0 && r.step()) {
    if (r.lastMove().kind == MoveKind::EventApplied && r.lastMove().event == 1) eventStep = r.steps();
  }
  QVERIFY(eventStep > 0);
  QVERIFY(r.step());  // show's decision: it pulls the cycle, which converges inside it
  const std::uint32_t show = actionIndex(r, "show"), half = actionIndex(r, "halfStep"), full = actionIndex(r, "fullStep");
  const Inspection in = r.inspect(Target::Action, show);
  QCOMPARE(in.state.runCount, std::uint64_t{3});
  QVERIFY(in.lastRun);
  const run::RunCause& cause = *in.lastRun;
  QCOMPARE(cause.action, show);
  QCOMPARE(cause.run, std::uint64_t{3});
  QCOMPARE(cause.step, eventStep + 1);
  QCOMPARE(cause.atMs, 20.0);
  QVERIFY(!cause.pulled);
  const auto& chain = cause.chain;
  QVERIFY2(chain.size() >= 8, inspectionText(in).c_str());

  // The newest link: x, as show read it, written by fullStep's last iteration.
  const double n = 1'000'000;
  QCOMPARE(chain.front().kind, LinkKind::CellChanged);
  QCOMPARE(chain.front().cell, cellIndex(r, "x"));
  QCOMPARE(chain.front().writer, full + 1);
  QCOMPARE(chain.front().newValue, r.inspect(Target::Cell, cellIndex(r, "x")).value);
  QCOMPARE(chain.front().writerRun, r.inspect(Target::Action, full).state.runCount);
  QVERIFY(chain.front().text.starts_with(fmt::format("cell x changed {} -> {} (written by fullStep, run {}, step {}",
                                                     trace::formatNumber(chain.front().oldValue),
                                                     trace::formatNumber(chain.front().newValue),
                                                     chain.front().writerRun, eventStep + 1)));

  // The oldest: event 2 setting n (its index is 1), in the event's own step.
  const CauseLink& origin = chain.back();
  QCOMPARE(origin.kind, LinkKind::EventApplied);
  QCOMPARE(origin.event, std::size_t{1});
  QCOMPARE(origin.cell, cellIndex(r, "n"));
  QCOMPARE(origin.oldValue, 81.0);
  QCOMPARE(origin.newValue, n);
  QCOMPARE(origin.step, eventStep);
  QCOMPARE(origin.atMs, 20.0);
  QCOMPARE(origin.text, fmt::format("event 2 set n to 1000000, was 81 (step {}, 20 ms)", eventStep));

  // In between: the iterations, each link the run of the writer the next one names, each
  // value what Newton's step computes from the older values in the chain.
  int halves = 0, fulls = 0;
  std::uint64_t lastHalfRun = ~0ull, lastFullRun = ~0ull;
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    const CauseLink& l = chain[i];
    QCOMPARE(l.kind, LinkKind::CellChanged);
    QCOMPARE(l.step, eventStep + 1);
    QVERIFY(l.writer == half + 1 || l.writer == full + 1);
    std::uint64_t& lastRun = l.writer == half + 1 ? lastHalfRun : lastFullRun;
    QVERIFY2(l.writerRun < lastRun, linkText(l).c_str());  // older links, earlier runs
    lastRun = l.writerRun;
    (l.writer == half + 1 ? halves : fulls)++;
    QCOMPARE(l.cell, l.writer == half + 1 ? cellIndex(r, "y") : cellIndex(r, "x"));
    // The next older link of the same cell left the value this one changed from; the next
    // older link of the other cell is the input this iteration computed from.
    const CauseLink* sameOlder = nullptr;
    const CauseLink* otherOlder = nullptr;
    for (std::size_t j = i + 1; j + 1 < chain.size(); ++j) {
      if (!sameOlder && chain[j].cell == l.cell) sameOlder = &chain[j];
      if (!otherOlder && chain[j].cell != l.cell) otherOlder = &chain[j];
    }
    if (sameOlder) QCOMPARE(l.oldValue, sameOlder->newValue);
    if (otherOlder) {
      const double in = otherOlder->newValue;
      QVERIFY2(qFuzzyCompare(l.newValue, (in + n / in) / 2), linkText(l).c_str());
    }
  }
  QVERIFY2(halves >= 4 && fulls >= 4, inspectionText(in).c_str());
  // The oldest x link changed x from what event 1's convergence left: sqrt(81).
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (it->kind == LinkKind::CellChanged && it->cell == cellIndex(r, "x")) {
      QCOMPARE(it->oldValue, 9.0);
      break;
    }
  }
  // The members were pulled by show.
  const Inspection fullStep = r.inspect(Target::Action, full);
  QVERIFY(fullStep.lastRun && fullStep.lastRun->pulled);
  QCOMPARE(fullStep.lastRun->puller, show + 1);

  // A run picked by its step (the Scheduler's decisions): show's run of that step is its
  // last; its earlier runs have their own steps and chains; a step it did not run in has none.
  const Inspection picked = r.inspect(Target::Action, show, eventStep + 1);
  QCOMPARE(picked.pickedStep, eventStep + 1);
  QVERIFY(picked.pickedRun);
  QCOMPARE(picked.pickedRun->run, cause.run);
  QCOMPARE(picked.pickedRun->chain.size(), chain.size());
  QVERIFY(!r.inspect(Target::Action, show, eventStep).pickedRun);  // the event's own step
  QVERIFY(!r.inspect(Target::Action, show).pickedRun);              // none picked
  const auto second = r.explainRun(show, 2);
  QVERIFY(second && second->step < eventStep);
  const Inspection earlier = r.inspect(Target::Action, show, second->step);
  QVERIFY(earlier.pickedRun);
  QCOMPARE(earlier.pickedRun->run, std::uint64_t{2});
  QCOMPARE(earlier.pickedRun->chain.size(), second->chain.size());
  QVERIFY(earlier.pickedRun->chain.back().kind == LinkKind::EventApplied);
  QCOMPARE(earlier.pickedRun->chain.back().event, std::size_t{0});
}

void CauseTests::debounceChainOfDebounceStorm() {
  // save runs once per burst, 100 ms after its last write: its run traces to its timer
  // firing, and from there to the event that wrote input last.
  Runner r(loadExample("debounce-storm.tsg.json"), withCauses());
  const std::uint32_t save = actionIndex(r, "save");
  std::vector<std::uint64_t> firedSteps, eventSteps(r.document().events.size(), 0);
  bool armedBefore = false;
  while (r.step()) {
    if (r.lastMove().kind == MoveKind::EventApplied) eventSteps[r.lastMove().event] = r.steps();
    // The step in which the armed timer fired: armed before, not after, and save pending.
    const bool armed = r.runtime().debounceState(r.actionId(save)).armedDeadline.has_value();
    if (armedBefore && !armed && r.runtime().isPending(r.actionId(save))) firedSteps.push_back(r.steps());
    armedBefore = armed;
    if (r.inspect(Target::Action, save).state.runCount == 2) break;
  }
  QCOMPARE(firedSteps.size(), std::size_t{1});
  const Inspection in = r.inspect(Target::Action, save);
  QVERIFY(in.lastRun);
  QCOMPARE(in.lastRun->run, std::uint64_t{2});
  QCOMPARE(in.lastRun->atMs, 240.0);
  const auto& chain = in.lastRun->chain;
  QCOMPARE(chain.size(), std::size_t{2});
  QCOMPARE(chain[0].kind, LinkKind::DebounceFired);
  QCOMPARE(chain[0].step, firedSteps[0]);
  QCOMPARE(chain[0].atMs, 240.0);
  QCOMPARE(chain[0].text, fmt::format("the debounce timer of save fired (step {}, 240 ms)", firedSteps[0]));
  QCOMPARE(chain[1].kind, LinkKind::EventApplied);
  QCOMPARE(chain[1].event, std::size_t{4});  // the burst's last write: input 4 -> 5 at 140 ms
  QCOMPARE(chain[1].oldValue, 4.0);
  QCOMPARE(chain[1].newValue, 5.0);
  QCOMPARE(chain[1].step, eventSteps[4]);
  QCOMPARE(chain[1].text, fmt::format("event 5 set input to 5, was 4 (step {}, 140 ms)", eventSteps[4]));

  // The second burst's run, asked for by number at the end of the run (explainRun).
  r.runToEnd();
  const auto second = r.explainRun(save, 3);
  QVERIFY(second);
  QCOMPARE(second->atMs, 1200.0);
  QCOMPARE(second->chain.size(), std::size_t{2});
  QCOMPARE(second->chain[0].kind, LinkKind::DebounceFired);
  QCOMPARE(second->chain[0].atMs, 1200.0);
  QCOMPARE(second->chain[1].event, std::size_t{10});
  QCOMPARE(second->chain[1].newValue, 60.0);
  const auto first = r.explainRun(save, 1);  // its first scheduling, never debounced
  QVERIFY(first);
  QCOMPARE(first->chain.size(), std::size_t{1});
  QCOMPARE(first->chain[0].kind, LinkKind::Subscribed);
  QVERIFY(!r.explainRun(save, 4));
  // preview, not debounced, ran for every write: its last run is the last event's.
  const Inspection preview = inspectAction(r, "preview");
  QVERIFY(preview.lastRun);
  QCOMPARE(preview.lastRun->chain.size(), std::size_t{1});
  QCOMPARE(preview.lastRun->chain[0].event, std::size_t{10});
}

void CauseTests::handEditRerunsDependents() {
  Runner r(loadJson(kHandEdit), withCauses());
  r.settle();
  const std::uint64_t editedAfter = r.steps();
  r.setCellValue(cellIndex(r, "a"), 5);
  stepUntilParked(r);
  const Inspection show = inspectAction(r, "show");
  QCOMPARE(show.state.runCount, std::uint64_t{2});
  QVERIFY(show.lastRun);
  const auto& chain = show.lastRun->chain;
  QCOMPARE(chain.size(), std::size_t{2});
  QCOMPARE(chain[0].kind, LinkKind::CellChanged);
  QCOMPARE(chain[0].cell, cellIndex(r, "d"));
  QCOMPARE(chain[0].oldValue, 2.0);
  QCOMPARE(chain[0].newValue, 10.0);
  QCOMPARE(chain[0].writer, actionIndex(r, "doubled") + 1);
  QCOMPARE(chain[0].writerRun, std::uint64_t{2});
  QCOMPARE(chain[1].kind, LinkKind::HandEdit);
  QCOMPARE(chain[1].cell, cellIndex(r, "a"));
  QCOMPARE(chain[1].oldValue, 1.0);
  QCOMPARE(chain[1].newValue, 5.0);
  QCOMPARE(chain[1].step, editedAfter);
  QCOMPARE(chain[1].text, fmt::format("cell a set by hand to 5, was 1 (after step {})", editedAfter));
  // doubled re-ran on show's demand, because of the same edit.
  const Inspection doubled = inspectAction(r, "doubled");
  QVERIFY(doubled.lastRun && doubled.lastRun->pulled);
  QCOMPARE(doubled.lastRun->puller, actionIndex(r, "show") + 1);
  QCOMPARE(doubled.lastRun->chain.size(), std::size_t{1});
  QCOMPARE(doubled.lastRun->chain[0].kind, LinkKind::HandEdit);

  // The same through the debugger's Controller, and after a replay (Step Back and forth):
  // the history repeats the hand edit, the log records it again.
  run::Controller c(std::make_shared<const graph::GraphDocument>(loadJson(kHandEdit)), run::RunOptions{});
  QVERIFY(c.runner().causes());
  c.runUntilParked({});
  c.setCellValue(cellIndex(r, "a"), 5);
  c.runUntilParked({});
  const std::string live = inspectionText(c.inspect(Target::Action, actionIndex(r, "show")));
  QCOMPARE(c.inspect(Target::Action, actionIndex(r, "show")).lastRun->chain.back().kind, LinkKind::HandEdit);
  const std::uint64_t at = c.step();
  c.stepBack({});
  c.goToStep(at, {});
  SAME_TEXT(inspectionText(c.inspect(Target::Action, actionIndex(r, "show"))), live, "after a replay");
  QCOMPARE(c.explainRun(actionIndex(r, "show"), 2)->chain.back().kind, LinkKind::HandEdit);
}

void CauseTests::inspectCells() {
  Runner r(loadJson(kHandEdit), withCauses());
  const std::uint32_t a = cellIndex(r, "a"), d = cellIndex(r, "d");
  Inspection cell = r.inspect(Target::Cell, a);
  QCOMPARE(cell.target, Target::Cell);
  QCOMPARE(cell.id, std::string("a"));
  QCOMPARE(cell.value, 1.0);
  QCOMPARE(cell.readers, (std::vector<std::uint32_t>{actionIndex(r, "doubled"), actionIndex(r, "orphan")}));
  QVERIFY(cell.writers.empty());
  QVERIFY(!cell.lastChange);  // nothing changed it yet
  QCOMPARE(r.inspect(Target::Cell, d).writers, std::vector<std::uint32_t>{actionIndex(r, "doubled")});

  // By an action.
  r.settle();
  cell = r.inspect(Target::Cell, d);
  QCOMPARE(cell.value, 2.0);
  QVERIFY(cell.lastChange);
  QCOMPARE(cell.lastChange->kind, LinkKind::CellChanged);
  QCOMPARE(cell.lastChange->writer, actionIndex(r, "doubled") + 1);
  QCOMPARE(cell.lastChange->writerRun, std::uint64_t{1});
  QCOMPARE(cell.lastChange->oldValue, 0.0);
  QCOMPARE(cell.lastChange->newValue, 2.0);
  QVERIFY(cell.lastChange->text.starts_with("cell d changed 0 -> 2 (written by doubled, run 1, step "));

  // By an event.
  std::uint64_t eventStep = 0;
  while (r.step()) {
    if (r.lastMove().kind == MoveKind::EventApplied) {
      eventStep = r.steps();
      break;
    }
  }
  cell = r.inspect(Target::Cell, a);
  QVERIFY(cell.lastChange);
  QCOMPARE(cell.lastChange->kind, LinkKind::EventApplied);
  QCOMPARE(cell.lastChange->event, std::size_t{0});
  QCOMPARE(cell.lastChange->step, eventStep);
  QCOMPARE(cell.lastChange->text, fmt::format("event 1 set a to 3, was 1 (step {}, 10 ms)", eventStep));

  // By hand; a hand edit that changes nothing leaves the last change as it was.
  r.setCellValue(a, 7);
  cell = r.inspect(Target::Cell, a);
  QCOMPARE(cell.value, 7.0);
  QCOMPARE(cell.lastChange->kind, LinkKind::HandEdit);
  QCOMPARE(cell.lastChange->oldValue, 3.0);
  QCOMPARE(cell.lastChange->newValue, 7.0);
  r.setCellValue(a, 7);
  QCOMPARE(r.inspect(Target::Cell, a).lastChange->newValue, 7.0);
  QCOMPARE(r.inspect(Target::Cell, a).lastChange->kind, LinkKind::HandEdit);

  // An action's fields.
  const Inspection doubled = inspectAction(r, "doubled");
  QCOMPARE(doubled.id, std::string("doubled"));
  QVERIFY(doubled.kind == graph::ActionKind::Computation);
  QCOMPARE(doubled.expression, std::string("a * 2"));
  QCOMPARE(doubled.reads, std::vector<graph::CellIndex>{a});
  QCOMPARE(doubled.writes, std::vector<graph::CellIndex>{d});
  QCOMPARE(doubled.dependents, std::vector<std::uint32_t>{actionIndex(r, "show")});
  QCOMPARE(inspectAction(r, "show").upstream, std::vector<std::uint32_t>{actionIndex(r, "doubled")});
  QCOMPARE(doubled.state.runCount, r.snapshot().actions[actionIndex(r, "doubled")].runCount);
  QCOMPARE(doubled.state.flags, r.snapshot().actions[actionIndex(r, "doubled")].flags);
  QVERIFY_THROWS_EXCEPTION(std::out_of_range, r.inspect(Target::Cell, 99));
  QVERIFY_THROWS_EXCEPTION(std::out_of_range, r.inspect(Target::Action, 99));
  QCOMPARE(r.inspect(Target::None, 0).id, std::string());
}

void CauseTests::whyNotNotDemanded() {
  for (bool causes : {true, false}) {  // read from the runtime's state: with or without the log
    run::RunOptions options;
    options.recordCauses = causes;
    Runner r(loadJson(kHandEdit), options);
    r.runToEnd();
    const Inspection orphan = inspectAction(r, "orphan");
    QCOMPARE(orphan.state.runCount, std::uint64_t{0});
    QCOMPARE(orphan.whyNot.size(), std::size_t{1});
    QCOMPARE(orphan.whyNot[0].reason, Reason::NotDemanded);
    QCOMPARE(orphan.whyNot[0].text, std::string("no effect depends on it (pull mode: nothing demands it)"));
    QVERIFY(!orphan.lastRun);
    // doubled and show ran after the event: nothing to explain.
    QVERIFY2(inspectAction(r, "show").whyNot.empty(), reasons(inspectAction(r, "show")).c_str());
  }
}

void CauseTests::whyNotInputsUnchanged() {
  // sign re-runs when a changes but writes the same 0: show is skipped ("unchanged"); b
  // changes within epsilon: watchB is not even notified.
  Runner r(loadJson(R"({
    "tickscope": 1, "name": "unchanged", "settings": { "epsilon": 0.5 },
    "cells": { "a": 1, "b": 1 },
    "actions": [
      { "id": "sign", "kind": "computation", "reads": ["a"], "writes": ["s"], "expr": "a > 5 ? 1 : 0" },
      { "id": "show", "kind": "effect", "reads": ["s"], "expr": "s" },
      { "id": "watchB", "kind": "effect", "reads": ["b"], "expr": "b" }
    ],
    "events": [ { "atMs": 10, "set": { "a": 2 } }, { "atMs": 20, "set": { "b": 1.2 } } ]
  })"),
           withCauses());
  r.runToEnd();
  const Inspection show = inspectAction(r, "show");
  QCOMPARE(show.state.runCount, std::uint64_t{1});
  QCOMPARE(inspectAction(r, "sign").state.runCount, std::uint64_t{2});
  QCOMPARE(show.whyNot.size(), std::size_t{1});
  HAS_REASON(show, Reason::InputsUnchanged, "its inputs did not change beyond epsilon");
  const Inspection watchB = inspectAction(r, "watchB");
  QCOMPARE(watchB.state.runCount, std::uint64_t{1});
  HAS_REASON(watchB, Reason::InputsUnchanged, "its inputs did not change beyond epsilon (event 2 set b to 1.2");
  // sign itself ran after the change: nothing to explain.
  QVERIFY2(inspectAction(r, "sign").whyNot.empty(), reasons(inspectAction(r, "sign")).c_str());
}

void CauseTests::whyNotDebounced() {
  for (bool causes : {true, false}) {
    run::RunOptions options;
    options.recordCauses = causes;
    Runner r(loadJson(R"({
      "tickscope": 1, "name": "debounced",
      "cells": { "a": 0 },
      "actions": [ { "id": "save", "kind": "effect", "reads": ["a"], "expr": "a", "debounceMs": 100 } ],
      "events": [ { "atMs": 130, "set": { "a": 1 } } ]
    })"),
             options);
    while (r.step() && r.lastMove().kind != MoveKind::EventApplied) {
    }
    const Inspection save = inspectAction(r, "save");
    QVERIFY(save.state.has(run::ActionState::DebounceArmed));
    QCOMPARE(save.debounceMs, 100.0);
    QVERIFY(save.debounceManual);
    QCOMPARE(save.whyNot.size(), std::size_t{1});
    QCOMPARE(save.whyNot[0].reason, Reason::Debounced);
    QCOMPARE(save.whyNot[0].untilMs, 230.0);
    QVERIFY2(save.whyNot[0].text.starts_with("debounced until 230 ms"), save.whyNot[0].text.c_str());
  }
}

void CauseTests::whyNotDeprioritizedAndWaiting() {
  for (bool causes : {true, false}) {
    run::RunOptions options;
    options.recordCauses = causes;
    Runner r(loadJson(R"({
      "tickscope": 1, "name": "labels", "settings": { "deprioritize": ["bg"] },
      "cells": { "a": 0 },
      "actions": [
        { "id": "fg", "kind": "effect", "reads": ["a"], "expr": "a" },
        { "id": "bgView", "kind": "effect", "reads": ["a"], "expr": "a", "label": "bg" }
      ],
      "events": [ { "atMs": 10, "set": { "a": 1 } } ]
    })"),
             options);
    while (r.step() && r.lastMove().kind != MoveKind::EventApplied) {
    }
    const Inspection bg = inspectAction(r, "bgView");
    QCOMPARE(bg.label, std::string("bg"));
    QVERIFY(bg.state.has(run::ActionState::Deprioritized));
    QCOMPARE(bg.whyNot.size(), std::size_t{1});
    QCOMPARE(bg.whyNot[0].reason, Reason::Deprioritized);
    QCOMPARE(bg.whyNot[0].text, std::string("label bg is deprioritized and other work is ready"));
    const Inspection fg = inspectAction(r, "fg");
    QCOMPARE(fg.whyNot.size(), std::size_t{1});
    QCOMPARE(fg.whyNot[0].reason, Reason::Waiting);
    // fg runs first; bgView then waits for nothing else.
    r.step();
    QCOMPARE(inspectAction(r, "fg").state.runCount, std::uint64_t{2});
    QCOMPARE(inspectAction(r, "bgView").state.runCount, std::uint64_t{1});
    QCOMPARE(inspectAction(r, "bgView").whyNot[0].text,
             std::string("label bg is deprioritized: it runs when nothing else is ready"));
  }
}

void CauseTests::whyNotCycleStopped() {
  Runner r(loadExample("runaway-cycle.tsg.json"), withCauses());
  r.step();  // the initial settle's first decision: the cycle runs to the limit
  for (std::string_view member : {"inc", "dec"}) {
    const Inspection in = inspectAction(r, member);
    QCOMPARE(in.state.runCount, std::uint64_t{20});
    QCOMPARE(in.whyNot.size(), std::size_t{1});
    QCOMPARE(in.whyNot[0].reason, Reason::CycleStopped);
    QCOMPARE(in.whyNot[0].text, std::string("its cycle (inc, dec) was stopped at 20 iterations (step 1, 0 ms)"));
  }
  // Still the reason at the end of the run; without the log, without the step.
  r.runToEnd();
  HAS_REASON(inspectAction(r, "inc"), Reason::CycleStopped, "its cycle (inc, dec) was stopped at 20 iterations");
  Runner bare(loadExample("runaway-cycle.tsg.json"));
  bare.runToEnd();
  QCOMPARE(inspectAction(bare, "dec").whyNot.size(), std::size_t{1});
  QCOMPARE(inspectAction(bare, "dec").whyNot[0].text, std::string("its cycle (inc, dec) was stopped at 20 iterations"));
  // The chain of a member's last run goes through the iterations to its first run.
  const Inspection inc = inspectAction(r, "inc");
  QVERIFY(inc.lastRun);
  QCOMPARE(inc.lastRun->chain.size(), std::size_t{2 * 19 + 1});
  QCOMPARE(inc.lastRun->chain.back().kind, LinkKind::Subscribed);
}

void CauseTests::whyNotThrottled() {
  // No throttle in graph files: set on the Runner's runtime. show's first run was at 0 ms,
  // so a change at 0 ms falls in its 50 ms window.
  Runner r(loadJson(R"({
    "tickscope": 1, "name": "throttled",
    "cells": { "a": 0 },
    "actions": [ { "id": "show", "kind": "effect", "reads": ["a"], "expr": "a" } ]
  })"),
           withCauses());
  const std::uint32_t show = actionIndex(r, "show");
  r.runtime().setThrottle(r.actionId(show), sched::fromMs(50));
  r.settle();
  r.setCellValue(cellIndex(r, "a"), 2);
  stepUntilParked(r);
  Inspection in = r.inspect(Target::Action, show);
  QCOMPARE(in.state.runCount, std::uint64_t{1});
  QCOMPARE(in.throttleMs, 50.0);
  QCOMPARE(in.whyNot.size(), std::size_t{1});
  QCOMPARE(in.whyNot[0].reason, Reason::Throttled);
  QVERIFY2(in.whyNot[0].text.starts_with("skipped by its throttle window"), in.whyNot[0].text.c_str());
  QVERIFY2(in.whyNot[0].text.ends_with("it runs at most once every 50 ms"), in.whyNot[0].text.c_str());
  // After the window the next edit runs it.
  r.advanceClockTo(100);
  r.setCellValue(cellIndex(r, "a"), 3);
  stepUntilParked(r);
  in = r.inspect(Target::Action, show);
  QCOMPARE(in.state.runCount, std::uint64_t{2});
  QVERIFY(in.whyNot.empty());
  QCOMPARE(in.lastRun->chain.size(), std::size_t{1});
  QCOMPARE(in.lastRun->chain[0].kind, LinkKind::HandEdit);
  QCOMPARE(in.lastRun->chain[0].oldValue, 2.0);
}

void CauseTests::whyNotPendingAndNotTriggered() {
  Runner r(loadExample("debounce-storm.tsg.json"), withCauses());
  while (r.step() && r.lastMove().kind != MoveKind::EventApplied) {
  }
  const Inspection preview = inspectAction(r, "preview");
  QVERIFY(preview.state.has(run::ActionState::Pending));
  QCOMPARE(preview.whyNot.size(), std::size_t{1});
  QCOMPARE(preview.whyNot[0].reason, Reason::Waiting);
  QCOMPARE(preview.whyNot[0].text, std::string("pending: it runs when the scheduler picks its (unlabelled) group"));
  // Runaway's watchZ ran at the start; z changed by an event: doubleZ then ran, and after
  // that, nothing watchX reads changed.
  Runner runaway(loadExample("runaway-cycle.tsg.json"), withCauses());
  runaway.runToEnd();
  const Inspection watchX = inspectAction(runaway, "watchX");
  QCOMPARE(watchX.whyNot.size(), std::size_t{1});
  QCOMPARE(watchX.whyNot[0].reason, Reason::NotTriggered);
  QCOMPARE(watchX.whyNot[0].text, std::string("nothing it reads changed since its last run (run 1, step 1, 0 ms)"));
}

void CauseTests::boundedMemory() {
  // A tiny log on a long run: the oldest records go, chains end in Unknown, nothing breaks.
  Runner r(loadExample("newton-cycle.tsg.json"), withCauses(12));
  r.runToEnd();
  const run::CauseLog* log = r.causes();
  QVERIFY(log);
  QCOMPARE(log->capacity(), std::size_t{12});
  QCOMPARE(log->size(), std::size_t{12});
  QVERIFY(log->dropped() > 0);
  const Inspection show = inspectAction(r, "show");
  QVERIFY(show.lastRun);
  QVERIFY(!show.lastRun->chain.empty());
  QCOMPARE(show.lastRun->chain.back().kind, LinkKind::Unknown);
  QCOMPARE(show.lastRun->chain.back().text, std::string("earlier history not kept"));
  QVERIFY(show.lastRun->chain.size() <= 12);
  QVERIFY(!r.explainRun(actionIndex(r, "show"), 1));  // dropped long ago
  // A generated graph with cycles, debounces and labels, both modes: every inspection works.
  for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
    run::RunOptions options = withCauses(500);
    options.mode = mode;
    Runner big(testing::generatedGraph(graph::Shape::Random, 5, 300, true), options);
    while (big.step()) {
      if (big.steps() % 97 == 0) (void)everything(big);
    }
    QVERIFY(big.causes()->dropped() > 0);
    QCOMPARE(big.causes()->size(), std::size_t{500});
    std::size_t unknown = 0;
    for (std::uint32_t i = 0; i < big.document().actions.size(); ++i) {
      const Inspection in = big.inspect(Target::Action, i);
      if (!in.lastRun) continue;
      QVERIFY(!in.lastRun->chain.empty());
      const LinkKind end = in.lastRun->chain.back().kind;
      QVERIFY(end == LinkKind::Unknown || end == LinkKind::EventApplied || end == LinkKind::Subscribed ||
              end == LinkKind::DebounceFired || end == LinkKind::CycleIteration);
      if (end == LinkKind::Unknown) ++unknown;
    }
    QVERIFY(unknown > 0);
  }
}

void CauseTests::sameWithOtherObservers() {
  // The log reads the same events whoever else listens: the journal, the recorder, a
  // breakpoint watch (through the Controller) change none of its answers.
  for (const char* name : {"newton-cycle.tsg.json", "debounce-storm.tsg.json", "slow-cycle.tsg.json",
                           "runaway-cycle.tsg.json", "request-dangling.tsg.json"}) {
    run::RunOptions alone = withCauses();
    alone.recorderCapacity = 0;
    run::RunOptions crowded = withCauses();
    crowded.journalSteps = 100;
    Runner a(loadExample(name), alone), b(loadExample(name), crowded);
    const auto listener = b.makeObserver<Listener>();
    QCOMPARE(a.observerCount(), std::size_t{1});
    QCOMPARE(b.observerCount(), std::size_t{4});  // the recorder, the journal, the log, the listener
    // RanThisStep comes from the journal, which only b has.
    const auto mask = static_cast<std::uint16_t>(~run::ActionState::RanThisStep);
    while (true) {
      SAME_TEXT(everything(b, mask), everything(a, mask), fmt::format("{} at step {}", name, a.steps()));
      const bool more = a.step();
      QCOMPARE(b.step(), more);
      if (!more) break;
    }
    QCOMPARE(trace::reportJson(b.report()), trace::reportJson(a.report()));
    QVERIFY(listener->events > 0);
    QCOMPARE(listener->steps, b.steps());
  }
}

void CauseTests::reportUnchangedByRecording() {
  // recordCauses false attaches nothing: the same observers, report and trace as a runner
  // made without the option; true changes nothing the run does either.
  for (const auto& path : testing::examplePaths()) {
    const graph::GraphDocument doc = testing::loadExample(path.filename().string());
    run::RunOptions off;
    off.recordCauses = false;
    Runner plain(doc), without(doc, off), with(doc, withCauses());
    QCOMPARE(without.observerCount(), plain.observerCount());
    QVERIFY(!without.causes());
    QCOMPARE(with.observerCount(), plain.observerCount() + 1);
    plain.runToEnd();
    without.runToEnd();
    with.runToEnd();
    const std::string report = trace::reportJson(plain.report());
    QCOMPARE(trace::reportJson(without.report()), report);
    QCOMPARE(trace::chromeTrace(without.recorder()->events(), without.chromeTraceOptions()),
             trace::chromeTrace(plain.recorder()->events(), plain.chromeTraceOptions()));
    QCOMPARE(trace::reportJson(with.report()), report);
    // Without the log inspect still answers, without the history.
    const run::RunSnapshot snap = without.snapshot();
    for (std::uint32_t i = 0; i < without.document().actions.size(); ++i) {
      const Inspection in = without.inspect(Target::Action, i);
      QVERIFY(!in.lastRun);
      QCOMPARE(in.state.flags, snap.actions[i].flags);
      QCOMPARE(in.state.runCount, snap.actions[i].runCount);
    }
  }
}
