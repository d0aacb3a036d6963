#pragma once
// compareRuns: two runs side by side (two graph files, one document under two seeds or in
// pull and push, two recordings): whether their outcomes are the same, the first step where
// their decisions differ, per-action run count and time deltas, the cells whose final values
// differ, the effects whose outputs differ and the error differences. `tickscope diff` prints
// toJson(compareRuns(a, b)); the debugger's Compare pane shows it.
//
// Steps are matched in order, idle picks skipped (run/run_digest.h StepDecision::idle): the
// k-th decision of A that is not idle against the k-th of B (compared as run/run_digest.h
// defines them; the actions a step ran by id, so two files compare too). Without idle picks
// the two step numbers are equal; with them they may differ, so each side's decision carries
// its own step number. A run that ends earlier differs at the first decision the other has
// and it has not. Actions,
// cells and effects are matched by id/name: one only A has (or only B) is listed with the
// other side absent.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "run/run_digest.h"

namespace tickscope::run {

// DecisionView: one run's decision at a step, with its actions named.
struct DecisionView {
  std::uint64_t step = 0;
  MoveKind kind = MoveKind::None;
  bool timerFired = false;
  std::string label;
  double atMs = 0;
  std::uint64_t event = 0;
  std::vector<std::uint32_t> ran;      // document indices (of that run's graph)
  std::vector<std::string> ranNames;   // their ids
  // describe: "step 3: picked \"writer\": ran stamp" and the like, for people.
  std::string describe() const;
};

// ActionDelta: one action's totals in both runs (absent in a run: nullopt).
struct ActionDelta {
  std::string id;
  std::optional<std::uint64_t> runCountA, runCountB;
  std::optional<double> totalMsA, totalMsB;
  // runCountDelta / totalMsDelta: B - A (an absent side counts 0).
  std::int64_t runCountDelta() const;
  double totalMsDelta() const;
  bool differs() const;
};

// CellDifference: a cell whose final value differs (or that only one run has).
struct CellDifference {
  std::string name;
  std::optional<double> a, b;
};

// EffectDifference: an effect whose outputs differ: how many each run has, the first run
// (0-based) whose output differs (the count of the shorter when one is a prefix of the
// other), and both outputs there (empty when that run has none).
struct EffectDifference {
  std::string action;
  std::optional<std::size_t> outputsA, outputsB;  // nullopt: the effect is not in that run
  std::size_t firstDifferentRun = 0;
  std::vector<double> outputA, outputB;
};

// RunSide: which run a side is.
struct RunSide {
  std::string graph;
  std::string mode;
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;
};

struct RunComparison {
  RunSide a, b;
  bool same = false;  // the same outcome (run/run_digest.h sameOutcome)
  // firstDifferentStep: the step of A whose decision differs from B's (firstDifferentStep()
  // above; nullopt: both runs decided alike); decisionA/B: each run's decision there, with its
  // own step number (nullopt: that run had ended).
  std::optional<std::uint64_t> firstDifferentStep;
  std::optional<DecisionView> decisionA, decisionB;
  std::vector<ActionDelta> actions;  // A's actions in file order, then those only B has
  std::vector<CellDifference> cells;  // differing only; A's order, then B's extra cells
  std::vector<EffectDifference> effects;  // differing only
  bool errorsDiffer = false;
  std::vector<ErrorOutcome> errorsA, errorsB;  // both lists when they differ (else empty)
};

// decisionView: decision `step` (1 for the first) of `digest` (nullopt past its last one).
std::optional<DecisionView> decisionView(const RunDigest& digest, std::uint64_t step);

// Parting: where two runs' decisions first differ: the index in each run's decisions
// (nullopt: that run had no decision left).
struct Parting {
  std::optional<std::size_t> a, b;
};
// firstParting: nullopt when every decision that is not idle is alike, in both runs.
std::optional<Parting> firstParting(const RunDigest& a, const RunDigest& b);
// firstDifferentStep: the step of A where the runs part (A's decision there; when A had ended,
// the step after its last); nullopt: none.
std::optional<std::uint64_t> firstDifferentStep(const RunDigest& a, const RunDigest& b);

RunComparison compareRuns(const RunDigest& a, const RunDigest& b);

// toJson: what `tickscope diff` prints: {"same", "firstDifferentStep", "a", "b" (each: graph,
// mode, seed, steps, decision at the first differing step or null), "actions" (every action:
// id, runCountA/B, totalMsA/B, deltas; null where absent), "cells" (differing: name, a, b),
// "effects" (differing), "errors" ({a, b} when they differ, else null)}.
nlohmann::json toJson(const RunComparison& comparison);
nlohmann::json toJson(const DecisionView& decision);

}  // namespace tickscope::run
