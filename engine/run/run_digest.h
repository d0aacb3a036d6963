#pragma once
// RunDigest: what a comparison of two runs needs of one run (run/run_comparison.h,
// run/sweep.h, `tickscope diff` / `sweep`, the debugger's Compare and Sweep panes, and the
// digest stored in a recording): per step a compact decision record, the run's outcome and
// per-action totals.
//
//   run::RunDigest d = run::digestRun(document, options);   // runs to the end by step()
//   // or, while a Runner steps (a recorder attaches one):
//   auto log = runner.makeObserver<run::DigestLog>();
//   while (runner.step()) {}
//   run::RunDigest d = log->digest(runner);
//
// A decision is what the user sees of a step, not the scheduler's bookkeeping: the move kind,
// whether a timer fired or a task was picked, the picked task's label, the actions the step
// ran (in start order) and the clock when it began. Task ids and candidate counts are left
// out on purpose: they depend on the seed even when two seeds schedule alike. So are idle
// picks (StepDecision::idle), which compareRuns skips: in push mode the diamond's computations
// and its `ui` effect are two group tasks, and a seed may wake `ui` while `show` still waits
// for `right` (a step that runs nothing) where another seed runs `right` at once; the actions
// then run in the same order under every seed. Skipping idle picks, the diamond's runs decide
// alike under any two seeds, in both modes (tests/engine/run/comparison_tests.cpp).
//
// The outcome is what a run leaves behind: every cell's final value (by name, report order),
// each effect's sequence of outputs (file order of the effects; the times they ran are not
// part of it), and the errors (kind, actions, message). Two runs have the same outcome when
// these are equal, numbers compared as the report prints them (sameValue: NaN equals NaN,
// -0 equals 0).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "graph/document.h"
#include "run/move.h"
#include "run/run_observer.h"
#include "trace/report.h"

namespace tickscope::run {

class Runner;
struct RunOptions;

// sameValue: two numbers are the same outcome value (both NaN, or ==, so -0 == 0).
bool sameValue(double a, double b);

// StepDecision: one step of a run, as compared. Its actions are RunDigest::ran[ranBegin,
// ranBegin + ranCount), document indices (RunDigest::actions names them).
struct StepDecision {
  MoveKind kind = MoveKind::None;
  bool timerFired = false;     // Decision: a due timer fired (else a ready task was picked)
  std::string label;           // Decision: the picked task's label ("" when it has none)
  double atMs = 0;             // the clock when the step began
  double endMs = 0;            // the clock when it ended (not compared: it follows from the rest)
  std::uint64_t event = 0;     // EventApplied: the event's index in the document
  // idle: a Decision that did nothing anyone can see: a task was picked (not a timer) that ran
  // no action and caused no other event (no write, no scheduling, no timer, no task spawned,
  // completed or cancelled, no session event): an action group's task woken while its next
  // action still waits for another group's (run/decisions.cpp). Two seeds can differ in
  // these picks alone; comparisons skip them.
  bool idle = false;
  std::uint32_t ranBegin = 0;  // offset in RunDigest::ran
  std::uint32_t ranCount = 0;
};

// EffectOutputs: one effect's outputs, run by run (an output is the expression's results:
// none without an expression).
struct EffectOutputs {
  std::string action;
  std::vector<std::vector<double>> outputs;
};

// ErrorOutcome: one report error as an outcome compares it.
struct ErrorOutcome {
  std::string kind;
  std::vector<std::string> actions;
  std::string message;
};

// RunOutcome: what two runs must share to have "the same outcome".
struct RunOutcome {
  std::vector<trace::NamedValue> cells;  // the report's order: file order, then written-only
  std::vector<EffectOutputs> effects;    // every effect, file order
  std::vector<ErrorOutcome> errors;      // oldest first
};
// sameOutcome: equal cells (names, order, sameValue), effect outputs and errors.
bool sameOutcome(const RunOutcome& a, const RunOutcome& b);
// outcomeHash: equal outcomes hash equal (NaN and -0 normalized); for grouping, then compare.
std::uint64_t outcomeHash(const RunOutcome& outcome);
// outcomeOf: the outcome of a (finished) run's report.
RunOutcome outcomeOf(const trace::Report& report);

// ActionTotals: one action's runs and time over the whole run.
struct ActionTotals {
  std::string id;
  bool effect = false;
  std::uint64_t runCount = 0;
  double totalMs = 0;
};

struct RunDigest {
  std::string graph;   // the document's name
  std::string mode;    // "pull" or "push"
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;  // steps made (== decisions.size() when every step was seen)
  double virtualTimeMs = 0;
  std::vector<StepDecision> decisions;  // step i + 1 is decisions[i]
  std::vector<std::uint32_t> ran;       // the decisions' actions, flat
  std::vector<ActionTotals> actions;    // file order
  RunOutcome outcome;

  // ranOf: the actions decision `d` ran (document indices, start order).
  std::vector<std::uint32_t> ranOf(const StepDecision& d) const;
  // actionName: action `index`'s id ("#index" when out of range).
  std::string actionName(std::uint32_t index) const;
};

// DigestLog: builds a RunDigest's decisions while a Runner steps. Attach it before the first
// step (Runner::makeObserver<DigestLog>()); every step after that is recorded. With it attached
// each step() is one decision (Runner::runToEnd free-runs between observers' steps otherwise:
// step with step() to have one record per decision).
class DigestLog final : public RunObserver {
 public:
  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override;
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onSchedEvent(const trace::SchedEvent& e) override;
  void onReactiveEvent(const trace::ReactiveEvent& e) override;
  void onSessionEvent(const trace::SessionEvent& e) override;

  // digest: the decisions so far, and the outcome and totals of `runner`'s report now
  // (complete once the run is Done). `runner` is the one this log is attached to.
  RunDigest digest(const Runner& runner) const;
  // decisionCount: steps recorded so far.
  std::size_t decisionCount() const { return decisions_.size(); }

 private:
  Runner* runner_ = nullptr;
  std::vector<StepDecision> decisions_;
  std::vector<std::uint32_t> ran_;
  StepDecision current_;
  bool picked_ = false;
  bool inStep_ = false;
  bool effectful_ = false;  // the step caused something besides its pick (see StepDecision::idle)
};

// digestRun: runs `document` with `options` to the end, one step() at a time with a
// DigestLog attached, and returns its digest. Throws what the Runner throws (a document that
// is not validated: std::invalid_argument).
RunDigest digestRun(std::shared_ptr<const graph::GraphDocument> document, const RunOptions& options);

// toJson / digestFromJson: a digest as JSON and back (a recording stores one). digestFromJson
// throws std::runtime_error naming the field that is missing or of the wrong type.
nlohmann::json toJson(const RunDigest& digest);
RunDigest digestFromJson(const nlohmann::json& json);
// jsonNumber: `v` as the digest, comparison and sweep JSON write numbers: a number, or for a
// non-finite one the string "nan", "inf" or "-inf" (what digestFromJson reads back).
nlohmann::json jsonNumber(double v);
// jsonNumbers: a JSON array of jsonNumber.
nlohmann::json jsonNumbers(const std::vector<double>& values);

}  // namespace tickscope::run
