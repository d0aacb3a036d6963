#pragma once
// sweep: one document run under seeds 0..N-1 on several threads, the seeds grouped by
// outcome (run/run_digest.h: final cells, effect outputs, errors). One group means the
// outcome does not depend on the schedule; two or more mean it does, and the first differing
// decision of the first seeds of the first two groups says where the schedules part.
// `tickscope sweep` prints toJson(sweep(...)); the debugger's Sweep pane runs it off the
// window's thread.
//
// Threads: each run has its own Runner (its own TestScheduler, runtime and private copies of
// the expressions' programs: graph/private_programs.h); the document is shared read-only. The
// Runner only reads a shared document (its constructor over a shared_ptr<const> never
// compacts it), and PrivatePrograms::adopt takes the shared program's lock while it copies,
// so runners on different threads over one document share nothing mutable.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "graph/document.h"
#include "run/run_comparison.h"
#include "run/run_digest.h"

namespace tickscope::run {

struct SweepOptions {
  std::uint64_t seeds = 64;  // seeds 0..seeds-1
  std::optional<graph::Mode> mode;  // nullopt: the file's
  unsigned threads = 1;             // 0 counts as 1; never more than seeds
  double maxTimeMs = 60000;         // RunOptions::maxTimeMs
  // progress: called after each finished run with (done, total), from the worker threads
  // (one call at a time); returning false cancels: no new run starts, the runs under way
  // finish, and the result is marked cancelled. May be empty.
  std::function<bool(std::uint64_t done, std::uint64_t total)> progress;
};

// SweepGroup: seeds whose runs had the same outcome.
struct SweepGroup {
  std::vector<std::uint64_t> seeds;  // ascending; seeds.front() is the group's first seed
  RunOutcome outcome;
  std::uint64_t hash = 0;  // outcomeHash(outcome)
  // summary: a short text for people: "shared = 20, 2 effect outputs, no errors".
  std::string summary;
};

struct SweepResult {
  std::string graph;
  std::string mode;
  std::uint64_t seedsAsked = 0;
  std::uint64_t seedsRun = 0;  // fewer when cancelled (or a run failed)
  bool cancelled = false;
  std::vector<SweepGroup> groups;  // by first seed
  // explanation: with two groups or more, the comparison of the first seeds of the first two
  // groups (a = groups[0], b = groups[1]), its firstDifferentStep the first differing decision.
  std::optional<RunComparison> explanation;
  // failures: "seed S: message" for a run that threw (not grouped).
  std::vector<std::string> failures;
};

// sweep: runs `document` (validated) under seeds 0..options.seeds-1; see above. Throws
// std::invalid_argument for a document that is not validated.
SweepResult sweep(std::shared_ptr<const graph::GraphDocument> document, const SweepOptions& options);

// outcomeSummary: the short text of SweepGroup::summary, relative to the other groups (the
// cells that differ among `all` are named with their values; at most `maxCells`).
std::string outcomeSummary(const RunOutcome& outcome, const std::vector<const RunOutcome*>& all, std::size_t maxCells = 3);

// toJson: {"graph", "mode", "seeds", "seedsRun", "cancelled", "groups": [{"seeds", "summary",
// "outcome": {"cells": {name: value}, "effects": {action: [outputs]}, "errors": [...]}}],
// "explanation": toJson(RunComparison) or null, "failures"}.
nlohmann::json toJson(const SweepResult& result);

}  // namespace tickscope::run
