#pragma once
// RunSnapshot: everything the debugger's panes draw, copied out of a Runner at one moment
// (Runner::snapshot). Plain, Qt-free, self-contained data: it never points into the runtime,
// the scheduler or the sessions, so it can be handed to another thread and read while the
// run goes on. Actions and cells are indexed as in the document (file order; cells: declared,
// then written only), so a view names them through `document`. Times are virtual
// milliseconds on the run's clock; `generation` grows with every step and intervention, so
// two snapshots of one runner with the same generation show the same state.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/document.h"
#include "run/insights.h"
#include "run/move.h"
#include "trace/report.h"

namespace tickscope::run {

constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

// ActionState: one action's state and timing statistics.
struct ActionState {
  // Flags: its state as the graph pane and the tables colour it; several may hold at once.
  enum Flag : std::uint16_t {
    Dirty = 1 << 0,          // pull: an input changed, it must run when demanded (push: pending)
    Check = 1 << 1,          // pull: something upstream is dirty; it runs only if that changes its input
    Pending = 1 << 2,        // scheduled, not yet run (or waiting for a slow cycle)
    DebounceArmed = 1 << 3,  // its debounce timer is armed (debounceDeadlineMs)
    InCycle = 1 << 4,        // a member of a slow cycle in progress (cycle, cycleIteration)
    Errored = 1 << 5,        // a report error names it
    NeverRun = 1 << 6,       // runCount is 0 (pull: nothing demanded it yet)
    Deprioritized = 1 << 7,  // its task label is deprioritized
    RanThisStep = 1 << 8,    // it ran during the last step
  };
  std::uint16_t flags = 0;
  std::uint32_t cycle = 0;           // InCycle: the cycle's id
  std::uint32_t cycleIteration = 0;  // InCycle: iterations done so far
  std::uint64_t runCount = 0;
  double totalMs = 0;
  double averageMs = 0;
  double lastMs = 0;
  double minMs = 0;
  double maxMs = 0;
  double lastRunStartMs = kNoTime;  // NaN before its first run
  std::uint64_t unchangedRuns = 0;  // runs that changed nothing it writes (0 without a CauseLog)
  double debounceMs = 0;            // in effect (manual or automatic)
  bool autoDebounced = false;
  double debounceDeadlineMs = kNoTime;  // DebounceArmed: when the timer fires

  bool has(Flag f) const { return (flags & f) != 0; }
};

// TaskRow: one ready task or armed timer of the test scheduler, named by what it does.
struct TaskRow {
  enum class Role : std::uint8_t {
    Actions,      // a runtime group task: runs the pending actions of `label`
    Debounce,     // a debounce timer: when it fires, `action` is scheduled
    SlowCycle,    // continues slow cycle `cycle`
    SessionTask,  // a task of request session `session` (its name in `name`)
    Other,        // anything else (the runner's own helpers)
  };
  std::uint64_t task = 0;
  Role role = Role::Other;
  std::string label;          // the task's label ("" when unlabeled)
  std::string name;           // SessionTask: the task's name
  std::string session;        // SessionTask: the request session's id
  bool deprioritized = false;
  bool foreground = false;    // a foreground runnable (FIFO per foreground session)
  double deadlineMs = kNoTime;  // timers: when it fires
  std::uint32_t action = 0;   // Debounce: the action's index + 1 (0: none)
  std::uint32_t cycle = 0;    // SlowCycle: the cycle's id
  std::uint32_t pending = 0;  // Actions: how many of its actions are pending
  std::uint64_t wakes = 0;    // a task named by the task it wakes (a session task's delay): that task
};

// StepRecord: what one step did (the Scheduler pane's last decisions, breakpoint messages).
struct StepRecord {
  static constexpr std::size_t kMaxRan = 32;  // `ran` keeps the first ones; ranCount counts all
  std::uint64_t step = 0;  // 1 for the first step
  Move move;
  double atMs = 0;         // the clock when the step began
  double endMs = 0;        // the clock when it ended (a run's cost moves it)
  // Decision: the task picked (or the timer that fired).
  std::uint64_t task = 0;
  bool timerFired = false;
  std::string label;
  std::uint32_t candidates = 0;  // how many ready runnables the pick chose among
  bool deprioritized = false;
  std::vector<std::uint32_t> ran;  // action indices, in the order they started
  std::uint32_t ranCount = 0;
  std::uint32_t cellsChanged = 0;
  std::uint32_t errorsAdded = 0;
};

// DebounceRow: one action that is debounced, or has been armed at least once.
struct DebounceRow {
  std::uint32_t action = 0;  // index in document.actions
  double delayMs = 0;
  bool automatic = false;
  bool manual = false;
  double deadlineMs = kNoTime;  // armed: when it fires; NaN when not armed
  double leftMs = kNoTime;      // armed: deadline - now
  std::uint32_t restarts = 0;   // of the timer armed now (0 when not armed)
  std::uint64_t armedTotal = 0;
  std::uint64_t restartsTotal = 0;
  std::uint64_t firedTotal = 0;
};

// AutoDebounceDecision: the runtime debounced an action on its own, and why.
struct AutoDebounceDecision {
  std::uint32_t action = 0;
  std::uint64_t step = 0;
  double atMs = 0;
  std::uint64_t runs = 0;     // its runs when it was decided
  double averageMs = 0;       // its average run time then
  double thresholdMs = 0;     // settings.autoDebounce.thresholdMs
  std::uint32_t minRuns = 0;  // settings.autoDebounce.minRuns
  double delayMs = 0;         // the debounce it got
};

// CycleRow: one dependency cycle found while pulling, and how it went.
struct CycleRow {
  std::uint32_t id = 0;
  std::vector<std::uint32_t> members;  // action indices, in iteration order
  std::string strategy;                // "fast" or "slow"
  std::uint32_t iterations = 0;
  std::uint32_t maxIterations = 0;     // settings.cycle.maxIterations: the budget
  double estimatedCostMs = 0;          // what chose the strategy (against settings budgetMs)
  bool finished = false;               // a slow cycle in progress is not
  bool converged = false;
  bool stopped = false;                // stopped at maxIterations (a "cycle-limit" error)
  double atMs = 0;                     // detected
  double finishedAtMs = kNoTime;
  // valueCells: the cells the members write; values[k][j]: valueCells[j] after iteration k
  // (values[0]: when it was detected). Empty without a journal.
  std::vector<graph::CellIndex> valueCells;
  std::vector<std::vector<double>> values;
};

// SessionRow: one request session (spec section 6) and its tasks.
struct SessionRow {
  struct Task {
    std::uint64_t task = 0;
    std::string name;
    std::string state;  // "scheduled", "running", "completed", "cancelled"
    bool waitUntil = false;
    bool dangling = false;
  };
  std::string id;
  double atMs = 0;
  std::vector<Task> tasks;
  bool validated = false;
  bool valid = true;
  std::string message;  // when invalid: the cleanup error
};

class TimelineLog;

struct RunSnapshot {
  std::uint64_t generation = 0;
  std::uint64_t step = 0;  // moves made so far
  double nowMs = 0;
  std::string mode;  // "pull" / "push"
  std::uint64_t seed = 0;
  std::string phase;  // "settling", "events", "finishing", "done"
  bool done = false;
  std::size_t nextEvent = 0;  // index of the next event (== eventCount when none is left)
  Move lastMove;
  Move nextMove;
  std::uint64_t decisions = 0;  // scheduler decisions so far
  std::size_t pending = 0;
  std::size_t dirty = 0;  // pull: computations marked dirty; push: the pending actions
  std::size_t effects = 0;
  std::size_t computations = 0;

  // document: the graph being run (shared, read-only): names, kinds, labels, reads, writes.
  std::shared_ptr<const graph::GraphDocument> document;
  std::vector<ActionState> actions;  // parallel to document->actions
  std::vector<double> cells;         // resolved cell values (NaN: not a number)
  std::vector<std::string> labels;   // every task label of the document, in first-use order
  std::vector<std::string> deprioritized;  // deprioritized labels, sorted

  std::vector<TaskRow> ready;   // ready queue: foreground heads first, then background, then deprioritized
  std::vector<TaskRow> timers;  // armed timers, by deadline
  std::vector<StepRecord> recentSteps;  // newest first (the journal's; empty without one)
  std::vector<DebounceRow> debounces;   // file order
  std::vector<AutoDebounceDecision> autoDebounces;  // oldest first
  std::vector<CycleRow> cycles;         // oldest first
  std::vector<SessionRow> sessions;     // oldest first
  std::vector<trace::ReportError> errors;  // oldest first
  std::vector<Insight> insights;           // run/insights.h: findInsights of this snapshot
  // timeline: the runner's TimelineLog (null without one: RunOptions::recordTimeline), shared,
  // not copied; only its records below timelineRuns / timelineMarks (the counts as of this
  // snapshot) may be read, from any thread (run/timeline_log.h states the rule).
  std::shared_ptr<const TimelineLog> timeline;
  std::size_t timelineRuns = 0, timelineMarks = 0;
};

// SnapshotOptions: how much of the history a snapshot copies.
struct SnapshotOptions {
  std::size_t recentSteps = 200;  // newest StepRecords copied (the journal may keep more)
  bool insights = true;           // false: `insights` left empty (a recording finds them when read)
};

}  // namespace tickscope::run
