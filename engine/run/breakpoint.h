#pragma once
// Breakpoint: a condition on a run that stops the debugger's Continue (and every other
// command that makes many moves) at the step where it holds. The kinds (design.md,
// "Stepping"):
//   ActionRuns        before action `target` runs: the debugger stops on the step before the
//                     one that runs it, so the next Tick runs it
//   CellChanges       after cell `target` changed, if `condition` (a muParser expression of
//                     `v`, the new value, e.g. "v > 10") is empty or non-zero
//   ReportError       after a report error of kind `target` ("" any: cycle-limit, math-error,
//                     dangling-task, max-time, action-failed, too-many-iterations)
//   CycleDetected     after a dependency cycle was found
//   DebounceFires     after the debounce timer of action `target` ("" any) fired
//   TaskPicked        after a scheduling decision picked a task labelled `target`
//   ReadyQueueLonger  after a step that made the ready queue longer than `threshold`
//                     (it has to come back to `threshold` or less to hit again)
// Matching happens in a BreakpointWatch (run/breakpoint_watch.h). Breakpoints are saved per
// file as JSON (breakpointsToJson / breakpointsFromJson).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/document.h"

namespace tickscope::run {

struct Breakpoint {
  enum class Kind : std::uint8_t {
    ActionRuns,
    CellChanges,
    ReportError,
    CycleDetected,
    DebounceFires,
    TaskPicked,
    ReadyQueueLonger,
  };
  static constexpr int kKindCount = 7;

  Kind kind = Kind::ActionRuns;
  std::string target;           // see the kinds above
  std::string condition;        // CellChanges only
  std::uint32_t threshold = 0;  // ReadyQueueLonger only
  bool enabled = true;

  friend bool operator==(const Breakpoint&, const Breakpoint&) = default;
};

// nameOf: the kind's name in settings files ("action-runs", "cell-changes", "report-error",
// "cycle-detected", "debounce-fires", "task-picked", "ready-queue-longer").
std::string_view nameOf(Breakpoint::Kind kind);
std::optional<Breakpoint::Kind> parseBreakpointKind(std::string_view name);
// needsTarget: whether the kind must name an action, a cell or a label.
bool needsTarget(Breakpoint::Kind kind);

// describe: what the breakpoint stops on, for a user: "before action sum runs", "when cell s
// changes and v > 10", "on any report error", "when the ready queue is longer than 4".
std::string describe(const Breakpoint& breakpoint);

// checkBreakpoint: empty when the breakpoint makes sense for `document`, else why not (an
// unknown action, cell or label; a condition that does not compile or uses more than `v`).
std::string checkBreakpoint(const Breakpoint& breakpoint, const graph::GraphDocument& document);

// breakpointsToJson / breakpointsFromJson: the settings form, a JSON array of objects
// {"kind", "target", "condition", "threshold", "enabled"}. Reading skips entries it does not
// understand and says so in `problems` (one line each); it never throws.
std::string breakpointsToJson(const std::vector<Breakpoint>& breakpoints);
std::vector<Breakpoint> breakpointsFromJson(std::string_view json, std::vector<std::string>* problems = nullptr);

}  // namespace tickscope::run
