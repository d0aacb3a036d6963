#pragma once
// Report: the result of one headless run of a graph, as spec/graph-format.md sections 5 and
// 6 describe it. Plain data, filled by the graph runner (engine/graph/runner.h) and written
// by the exporters (report_json.h, csv_report.h). Times are virtual milliseconds.
#include <cstdint>
#include <string>
#include <vector>

namespace tickscope::trace {

// NamedValue: one cell and its value (cells keep file order, so a vector, not a map).
struct NamedValue {
  std::string name;
  double value = 0;
};

// ActionReport: one action's timing statistics at the end of the run.
struct ActionReport {
  std::string id;
  std::string kind;  // "computation" or "effect"
  std::uint64_t runCount = 0;
  double totalMs = 0;
  double averageMs = 0;
  double lastRunMs = 0;
  double debounceMs = 0;  // in effect at the end (manual or automatic)
  bool autoDebounced = false;
  double minMs = 0;  // the shortest and longest run (0 before the first run); an addition
  double maxMs = 0;  // to spec section 5, after autoDebounced
};

// EffectRunReport: one run of an effect, with the values it read at that moment.
struct EffectRunReport {
  std::string action;
  double atMs = 0;  // when the run started
  std::vector<NamedValue> reads;
  // outputs: the expression's results; none -> JSON null, one -> a number, more -> an array.
  std::vector<double> outputs;
};

// CycleReport: one dependency cycle found while pulling, and how its convergence ended.
struct CycleReport {
  std::vector<std::string> members;
  std::uint32_t iterations = 0;
  bool converged = false;
  std::string strategy;  // "fast" or "slow"
  double atMs = 0;       // when it was detected
};

// ReportError: a runtime error; the run went on. Kinds: "cycle-limit", "math-error",
// "action-failed", "too-many-iterations", "dangling-task", "max-time".
struct ReportError {
  std::string kind;
  std::vector<std::string> actions;
  double atMs = 0;
  std::string message;
  std::string session;             // dangling-task: the session (empty otherwise)
  std::vector<std::string> tasks;  // dangling-task: the dangling tasks
};

// SessionReport: one request session (spec section 6).
struct SessionReport {
  std::string id;
  double atMs = 0;
  std::vector<std::string> tasks;
  std::vector<std::string> waitUntil;
  std::vector<std::string> dangling;
  bool valid = true;
};

struct ReportStats {
  std::uint64_t effects = 0;
  std::uint64_t computations = 0;
  std::uint64_t pending = 0;  // actions still pending when the run ended
};

struct Report {
  int version = 1;
  std::string graph;
  std::string mode;  // "pull" or "push"
  std::uint64_t seed = 0;
  double virtualTimeMs = 0;
  ReportStats stats;
  std::vector<NamedValue> cells;       // every cell, in file order, then cells only written
  std::vector<ActionReport> actions;   // every action, in file order
  std::vector<EffectRunReport> effectRuns;
  std::vector<CycleReport> cycles;
  std::vector<ReportError> errors;
  std::vector<SessionReport> sessions;
};

}  // namespace tickscope::trace
