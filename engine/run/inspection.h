#pragma once
// Inspection: everything the debugger's Inspector shows about one action or one cell at the
// run's current step, plain data (like RunSnapshot): what it is (id, kind, expression, reads,
// writes, dependents), its state and statistics, its debounce and throttle settings, and the
// two questions a user asks of a reactive graph:
//   - why did it run: the chain of causes of its last run (or of a given run), link by link back
//     to the event, timer or hand edit that started it: each link names the cell that changed,
//     its old and new values, the action that wrote it (none: an event or a hand edit) and the
//     step;
//   - why not: for an action that did not run after the last change it could have seen, the
//     reasons (no effect depends on it, its inputs did not change beyond epsilon, it is
//     debounced until T, it is deprioritized and waiting, its cycle was stopped at the limit...).
// Causes are recorded only while a CauseLog observer is attached (the debugger attaches one;
// the command line does not). Indices are document indices (actions in file order, resolved
// cells), as in RunSnapshot.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/document.h"
#include "run/run_snapshot.h"

namespace tickscope::run {

// CauseLink: one link of a cause chain, read from the run that is explained back to its origin.
struct CauseLink {
  enum class Kind : std::uint8_t {
    CellChanged,   // `cell` went from oldValue to newValue, written by `writer` (an action's run)
    EventApplied,  // event `event` of the document set `cell` (origin)
    HandEdit,      // a user set `cell` by hand in the debugger (origin)
    DebounceFired, // the action's debounce timer fired and scheduled it (origin of this link's run)
    Subscribed,    // the action's first scheduling at the start of the run (origin)
    CycleIteration,// an iteration of cycle `cycle` re-ran it (slow cycles: its continuation)
    Unknown,       // the history that would say was not recorded (dropped: the log is bounded)
    External,      // a write to `cell` from outside the run that is neither an event nor a hand edit (origin)
  };
  Kind kind = Kind::Unknown;
  std::uint64_t step = 0;           // the step it happened in
  double atMs = 0;
  graph::CellIndex cell = 0;        // CellChanged, EventApplied, HandEdit
  double oldValue = kNoTime;        // NaN when unknown
  double newValue = kNoTime;
  std::uint32_t writer = 0;         // CellChanged: the writing action's index + 1 (0: none)
  std::uint64_t writerRun = 0;      // CellChanged: which run of the writer (its runCount then)
  std::size_t event = 0;            // EventApplied: the event's index
  std::uint32_t cycle = 0;          // CycleIteration
  std::string text;                 // one sentence for a user, e.g. "cell s changed 3 -> 7 (by sum, step 12)"
};

// RunCause: why one run of an action happened.
struct RunCause {
  std::uint32_t action = 0;       // index in document.actions
  std::uint64_t run = 0;          // which run (1 for the first)
  std::uint64_t step = 0;         // the step it ran in
  double atMs = 0;
  bool pulled = false;            // pull mode: run on demand of `puller` (an effect) rather than scheduled
  std::uint32_t puller = 0;       // pulled: the effect's index + 1
  std::vector<CauseLink> chain;   // this run's trigger first, then the writer's run's trigger, ... back to an origin
};

// WhyNot: one reason an action did not run after a change it could have seen.
struct WhyNot {
  enum class Reason : std::uint8_t {
    NotDemanded,      // pull: dirty, but no effect depends on it
    InputsUnchanged,  // pulled or triggered, but its inputs did not change beyond epsilon
    Debounced,        // its debounce timer is armed: it runs at `untilMs` if nothing restarts it
    Deprioritized,    // pending, but its label is deprioritized and other work is ready
    CycleStopped,     // its cycle was stopped at the iteration limit; its members were cleaned
    Throttled,        // skipped by its throttle window
    Waiting,          // pending: it runs when the scheduler picks its group (not yet)
    NotTriggered,     // nothing it reads changed since its last run
  };
  Reason reason = Reason::NotTriggered;
  double untilMs = kNoTime;  // Debounced: when the timer fires
  std::string text;          // a sentence for a user
};

struct Inspection {
  enum class Target : std::uint8_t { None, Action, Cell };
  Target target = Target::None;
  std::uint32_t index = 0;        // the action's or the cell's index
  std::uint64_t step = 0;         // the step it describes
  std::string id;

  // Actions.
  graph::ActionKind kind = graph::ActionKind::Computation;
  std::string expression;                  // "" without one
  std::string label;                       // "" unlabelled
  std::vector<graph::CellIndex> reads;
  std::vector<graph::CellIndex> writes;
  std::vector<std::uint32_t> dependents;   // actions that read what it writes (indices)
  std::vector<std::uint32_t> upstream;     // actions that write what it reads
  ActionState state;                       // flags and statistics, as in RunSnapshot::actions
  double debounceMs = 0;
  bool debounceManual = false;
  bool autoDebounced = false;
  double throttleMs = 0;
  std::optional<RunCause> lastRun;         // why it last ran (none: never, or not recorded)
  std::uint64_t pickedStep = 0;            // a run picked by its step (0: none picked)
  std::optional<RunCause> pickedRun;       // why it ran in pickedStep (none: it did not, or not recorded)
  std::vector<WhyNot> whyNot;              // empty when nothing is waiting to be explained

  // Cells.
  double value = kNoTime;
  std::vector<std::uint32_t> writers;      // actions that write it
  std::vector<std::uint32_t> readers;      // actions that read it
  std::optional<CauseLink> lastChange;     // its last change (CellChanged / EventApplied / HandEdit)
};

}  // namespace tickscope::run
