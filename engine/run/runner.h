#pragma once
// Runner: a validated GraphDocument turned into a live reactive runtime on a deterministic
// TestScheduler, run by the rules of spec/graph-format.md section 2 (and section 6 request
// events), producing a trace::Report.
//
//   run::RunOptions options;
//   options.seed = 42;
//   run::Runner runner(std::move(document), options);
//   runner.runToEnd();
//   trace::Report report = runner.report();
//
// What it builds: one reactive cell per resolved cell (declared, then implicit; initial
// values from the file), one action per file action in file order (so the runtime's ActionId
// i+1 is the file's action i), subscribed with its declared reads and writes, its label, its
// debounce, as an effect or a computation. An action's run reads its `reads`, evaluates its
// Expression, moves the virtual clock by its costMs (TestScheduler::simulateElapsed) and then
// writes its results. A run whose results are not all finite (division by zero...) writes
// nothing and adds a "math-error" to the report; an effect run is recorded in effectRuns
// either way, with the values it read and its results.
//
// The run, one decision at a time (step()), or in the phases spec section 2 names:
//   1. settle(): the initial settle — run until parked;
//   2. applyNextEvent(): advance the clock to the next event's atMs firing every timer due
//      before it (an atMs already passed applies at once), apply its writes as one batch
//      (inside a request session for section 6 events: its tasks are spawned, and once the
//      request has settled the session's cleanup is validated; a dangling task is a
//      "dangling-task" error), run until parked;
//   3. finishing (the end of runToEnd()): after the last event, fire timers in deadline order
//      while the next one is due no later than maxTimeMs (absolute virtual time). If timers are
//      left beyond it, the clock stops at maxTimeMs and the report gets a "max-time" error
//      naming how many (and the actions whose debounce is still armed).
// runToEnd() does all of it. Same document, same options: the same decisions, the same
// report, byte for byte.
//
// The debugger steps the same runner one move at a time (step(), nextMove(), steps()), makes
// its own moves and interventions between steps (advanceClockTo, setCellValue,
// setDeprioritized), attaches observers while it runs (makeObserver / removeObserver) and
// reads snapshot(): plain data of everything its panes draw. A session's history of those
// interventions replays exactly (run/history.h). The live objects (scheduler, runtime,
// sessions) stay exposed for tests and embedders; do not drive the scheduler behind the
// runner's back while a request is waiting for validation. Not thread-safe: everything runs
// on the thread that created the runner (the TestScheduler's thread).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph/document.h"
#include "graph/private_programs.h"
#include "reactive/ids.h"
#include "reactive/runtime.h"
#include "run/inspection.h"
#include "run/move.h"
#include "run/run_observer.h"
#include "run/run_snapshot.h"
#include "sched/test_scheduler.h"
#include "sim/session_id.h"
#include "sim/simulated_execution_context.h"
#include "trace/chrome_trace.h"
#include "trace/observer_set.h"
#include "trace/recorder.h"
#include "trace/report.h"
#include "trace/report_source.h"

namespace tickscope::run {

using graph::CellIndex;
using graph::GraphDocument;
using graph::Mode;

class CauseLog;
class RunJournal;
class TimelineLog;

struct RunOptions {
  // mode / seed: override the file's settings.mode / settings.seed.
  std::optional<Mode> mode;
  std::optional<std::uint64_t> seed;
  // maxTimeMs: the finishing phase stops at this virtual time (spec: --max-time).
  double maxTimeMs = 60000;
  // recorderCapacity: trace events kept for the Chrome trace (oldest dropped first);
  // 0 attaches no recorder at all (fastest; chromeTrace() is then empty).
  std::size_t recorderCapacity = 1'000'000;
  // keepDocument: false drops from the runner's document, as the runtime is built, what the
  // run never reads again: every action's reads, writes, expr and label, the resolved actions
  // (resolution.actions and the cell array behind them: the runner's plans and the runtime
  // hold what they said), and spare capacity. What is left (name, settings, cells, events,
  // action ids, kinds and times, the id index, the event targets) is what report(),
  // findCell()/findAction() and cellId() need; the document can no longer be saved or
  // validated again. `tickscope run` does this: ~200 B per action less at its peak.
  bool keepDocument = true;
  // journalSteps: > 0 keeps a RunJournal (run/run_journal.h) of the last this many steps,
  // the debounce counts and cycle values, for snapshot(): what the debugger sets. 0 (the
  // command line) keeps none and attaches nothing for it.
  std::size_t journalSteps = 0;
  // recordCauses: true attaches a CauseLog (run/cause_log.h) at build, keeping the last
  // `causeRecords` runs and cell changes, so that inspect() can say why an action ran and
  // why not (what the debugger sets). False (the command line) attaches nothing: the run,
  // its report and its cost are exactly those of a runner without it.
  bool recordCauses = false;
  std::size_t causeRecords = 200'000;
  // recordTimeline: true attaches a TimelineLog (run/timeline_log.h) at build: every run and
  // timer, cycle, event and clock mark, for the Timeline pane and recordings (what the
  // debugger sets). False (the command line) attaches nothing.
  bool recordTimeline = false;
};

class Runner {
 public:
  // kMaxVirtualMs: every time of the file (costMs, debounceMs, atMs, delayMs, settings) and
  // maxTimeMs saturate at this value (about 116 days) so the virtual clock cannot overflow.
  static constexpr double kMaxVirtualMs = 1e10;

  enum class Phase : std::uint8_t {
    Settling,   // the initial settle has not finished
    Events,     // applying events (the next one is nextEvent())
    Finishing,  // after the last event: firing the remaining timers up to maxTimeMs
    Done,       // nothing left to do
  };

  // Runner: builds the runtime for `document`, which must be validated (resolution.valid);
  // throws std::invalid_argument otherwise. The document is copied (move it in), and kept
  // whole unless options.keepDocument is false. Nothing runs yet: the actions' first
  // scheduling is queued, the clock is at 0.
  explicit Runner(GraphDocument document, RunOptions options = {});
  // Runner: over a shared, read-only document (the debugger's replays build several runners
  // over one document without copying it). options.keepDocument must be true.
  explicit Runner(std::shared_ptr<const GraphDocument> document, RunOptions options = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // step: makes the run's next single move and returns false once the run is Done: one
  // scheduler decision if one is possible (a due timer, a ready task); else validating a
  // settled request; else moving the clock to the next timer due before the next event (or
  // up to maxTimeMs once the events are over); else applying the next event's writes; the
  // last move (MoveKind::Finished) ends the run. Every move counts in steps().
  bool step();
  // nextMove: the move step() would make now, without making it (MoveKind::None when Done).
  Move nextMove() const;
  // lastMove: the move the last step made (MoveKind::None before the first).
  const Move& lastMove() const { return lastMove_; }
  // steps: the moves made so far (step() and advanceClockTo; the phases below step too).
  // One step is one decision while nobody free-runs the scheduler; runToEnd free-runs (with no
  // observer attached a step may then take several decisions), so count steps with step().
  std::uint64_t steps() const { return steps_; }
  // generation: grows with every move and every intervention: equal generations of one
  // runner mean an equal state.
  std::uint64_t generation() const { return generation_; }

  // --- the user's moves and interventions (the debugger's) -------------------------------

  // advanceClockTo: a move of the user's: the clock jumps to `ms` (virtual, absolute) without
  // running anything; what falls due meanwhile runs at the next steps. Counts as a step
  // (MoveKind::ClockSet). False, and no step, when `ms` is not later than now or the run is
  // Done.
  bool advanceClockTo(double ms);
  // setCellValue: writes `value` to resolved cell `cell` from outside any action, as its own
  // batch (what it notifies is scheduled; nothing runs). Not a step.
  void setCellValue(CellIndex cell, double value);
  // setDeprioritized: deprioritizes the task label `label` (its tasks run only when nothing
  // else is ready) or undoes that. Not a step.
  void setDeprioritized(std::string_view label, bool deprioritized);

  // --- observers and snapshots -----------------------------------------------------------

  // makeObserver: creates a T (a RunObserver) from `args`, calls its setUp, and attaches it:
  // from now on it sees every trace event and every step, until removeObserver.
  template <class T, class... Args>
  std::shared_ptr<T> makeObserver(Args&&... args);
  // removeObserver: detaches `observer`; false if it was not attached.
  bool removeObserver(const std::shared_ptr<RunObserver>& observer);
  // observerCount: RunObservers attached (the journal among them), and the recorder.
  std::size_t observerCount() const { return observers_.size(); }
  // journal: the RunJournal kept when RunOptions::journalSteps > 0, else nullptr.
  const RunJournal* journal() const { return journal_.get(); }
  // causes: the CauseLog kept when RunOptions::recordCauses, else nullptr.
  const CauseLog* causes() const { return causes_.get(); }
  // timeline: the TimelineLog kept when RunOptions::recordTimeline, else nullptr; snapshots
  // share it (RunSnapshot::timeline) with the counts valid at snapshot time.
  const std::shared_ptr<TimelineLog>& timeline() const { return timeline_; }
  // snapshot: everything the debugger's panes draw, as of now (run/run_snapshot.h). Costs a
  // pass over every action and cell: take it at most once per frame.
  RunSnapshot snapshot(const SnapshotOptions& options = {}) const;
  // inspect: what the debugger's Inspector shows of action `index` (Target::Action, file
  // order) or resolved cell `index` (Target::Cell) as of now (run/inspection.h): what it is,
  // its state and settings, and, for an action, why it last ran (lastRun, from the CauseLog:
  // none without one) and why it has not run since (whyNot: the reasons read from the
  // runtime's state always, those that need the history only with a CauseLog). A cell gets
  // its value, writers, readers and last change (from the CauseLog). Throws
  // std::out_of_range for an index out of range; Target::None gives an empty Inspection.
  // Costs a few runtime queries and, for "not demanded", a walk downstream: per selection,
  // not per action.
  // `pickedStep` (not 0): also explains the action's run in that step (a run picked in the
  // debugger's tables) as pickedRun.
  Inspection inspect(Inspection::Target target, std::uint32_t index, std::uint64_t pickedStep = 0) const;
  // explainRun: why run `run` (1 for the first) of action `index` happened, with its chain
  // (nullopt without a CauseLog, or when that run was not recorded or has been dropped).
  std::optional<RunCause> explainRun(std::uint32_t index, std::uint64_t run) const;
  // errors: the report's errors so far, oldest first.
  std::span<const trace::ReportError> errors() const;
  // settle: runs until parked if the initial settle is not over yet (then Phase::Events);
  // the first event is not touched.
  void settle();
  // applyNextEvent: settles if needed, then steps until the next event has been applied and
  // everything it caused has run (its request validated). False when no event is left.
  bool applyNextEvent();
  // runToEnd: settles, applies every remaining event, finishes: steps until Done.
  void runToEnd();

  Phase phase() const { return phase_; }
  // nextEvent: index of the next event to apply (== document().events.size() when none).
  std::size_t nextEvent() const { return nextEvent_; }
  double nowMs() const;

  // report: the report as of now (complete once Done). Cheap enough to call per frame for
  // small graphs; it copies every cell value and statistic.
  trace::Report report() const;
  // reportSource: the same report, made row by row as an exporter reads it
  // (trace/report_source.h), so writing it holds no copy of the rows: what `tickscope run`
  // writes. It reads the live runner: use it while the runner lives, before its next step.
  std::unique_ptr<trace::ReportSource> reportSource() const;
  // chromeTraceOptions: process and track names (file order) for trace::writeChromeTrace
  // over recorder()->events().
  trace::ChromeTraceOptions chromeTraceOptions() const;

  // document: the document the runtime was built from; with RunOptions::keepDocument false,
  // without its actions' reads, writes, expr and label (see there).
  const GraphDocument& document() const { return *document_; }
  // sharedDocument: the same document, shared (snapshots hold it).
  const std::shared_ptr<const GraphDocument>& sharedDocument() const { return document_; }
  Mode mode() const { return mode_; }
  std::uint64_t seed() const { return seed_; }
  const RunOptions& options() const { return options_; }
  sched::TestScheduler& scheduler() { return *scheduler_; }
  reactive::Runtime& runtime() { return *runtime_; }
  sim::SimulatedExecutionContext& sessions() { return *sessions_; }
  // recorder: the attached recorder, or nullptr when recorderCapacity is 0.
  trace::Recorder* recorder() { return recorder_.get(); }
  // actionId / cellId: runtime ids of the file's action i and of resolved cell i.
  reactive::ActionId actionId(std::size_t action) const { return actionIds_[action]; }
  reactive::CellId cellId(CellIndex cell) const { return cellIds_[cell]; }
  // actionReads / actionWrites: the runtime cells action i reads and writes, in declared
  // order (cell index = id - 1); kept even when the document is compacted.
  std::span<const reactive::CellId> actionReads(std::size_t action) const {
    const Plan& p = plans_[action];
    return {planCells_.data() + p.reads, p.readCount};
  }
  std::span<const reactive::CellId> actionWrites(std::size_t action) const {
    const Plan& p = plans_[action];
    return {planCells_.data() + p.reads + p.readCount, p.writeCount};
  }

 private:
  struct Recording;  // effect runs, errors, per-run scratch
  class ReportRows;  // reportSource()

  // ActionExtras: what an action's ActionState takes from beyond the runtime (the cycles in
  // progress, the report's errors, the journal).
  struct ActionExtras {
    std::uint32_t cycle = 0;  // a slow cycle in progress it is a member of (0: none)
    std::uint32_t cycleIteration = 0;
    bool errored = false;
    bool ranThisStep = false;
  };
  // actionState: action `index`'s row as snapshot() fills it (shared with inspect());
  // `deprioritized` sorted, `stats` and `debounce` the runtime's for it.
  ActionState actionState(std::size_t index, const ActionExtras& extras, const std::vector<std::string>& deprioritized,
                          const reactive::ActionStats& stats, const reactive::DebounceState& debounce) const;
  // actionExtras: the extras of one action (inspect(); snapshot() makes all at once).
  ActionExtras actionExtras(std::size_t index) const;

  void build(GraphDocument* compactable);
  void attachObservers();
  Move makeMove();
  void reopen();
  void beginStep();
  void endStep(const Move& move);
  // runAction: action `index`'s run as a numeric kernel (reactive::NumericKernel): its
  // expression over the values it read, its cost on the clock, its effect record or math
  // error; returns how many results to write (0 after a math error).
  std::size_t runAction(std::size_t index, std::span<const double> readValues, std::span<double> out);
  // runKernel: the numeric kernel of every action (reactive::NumericKernel): runAction of its plan.
  std::size_t runKernel(reactive::ActionId action, std::span<const double> in, std::span<double> out);
  // prefetchPlan: the run-prefetch hook (Runtime::setRunPrefetch): asks for the action's plan.
  void prefetchPlan(reactive::ActionId action) const { __builtin_prefetch(&plans_[action.value - 1]); }
  void beginEvent();
  void validatePendingRequest();
  void addError(trace::ReportError error);
  bool moveClockTo(sched::Instant target);

  std::shared_ptr<const GraphDocument> document_;
  RunOptions options_;
  Mode mode_;
  std::uint64_t seed_;
  // Destruction order matters: the runtime and the sessions hold the scheduler's tasks.
  std::shared_ptr<sched::TestScheduler> scheduler_;
  std::unique_ptr<trace::Recorder> recorder_;
  std::unique_ptr<reactive::Runtime> runtime_;
  std::unique_ptr<sim::SimulatedExecutionContext> sessions_;
  std::unique_ptr<Recording> recording_;
  // Observers: the set the producers hold while it is not empty; the RunObservers in it also
  // get the step hooks. The recorder and the journal are members of the set like any other.
  trace::ObserverSet observers_;
  std::vector<std::shared_ptr<RunObserver>> runObservers_;
  std::shared_ptr<RunJournal> journal_;
  std::shared_ptr<CauseLog> causes_;
  std::shared_ptr<TimelineLog> timeline_;
  mutable std::vector<std::uint8_t> reachesEffect_;  // snapshot(): run/insights.h, made on first use
  std::vector<reactive::CellId> cellIds_;
  std::vector<reactive::ActionId> actionIds_;
  std::vector<std::string> labels_;  // distinct task labels, in first-use order
  // plans_[i]: what runAction needs of action i in one small record, its lists in the flat
  // arrays below: a run touches little memory (the document's records are larger and
  // scattered). Each run reads every cell once: a repeated read would change the recorded
  // dependencies, which makes the runtime re-index the action.
  // Plan: what one run needs, in one cache line (the expression copied in: its program is
  // shared, its literals interned, so the copy costs a reference count).
  struct alignas(64) Plan {
    graph::Expression expression;  // valid() false: no expr
    sched::Duration cost{};
    std::uint32_t resultCount = 0;  // of expression: read once here, not per run
    std::uint32_t reads = 0;        // offset in planCells_: the cells it reads, then those it writes
    std::uint32_t readCount = 0;
    std::uint32_t writeCount = 0;
    std::uint32_t inputs = 0;  // offset in planInputs_: expression input k = read planInputs_[inputs + k]
    std::uint32_t inputCount = 0;
    bool effect = false;
    bool inputsAreReads = false;  // input k is read k (the usual case): planInputs_ is not consulted
  };
  graph::PrivatePrograms programs_;  // the plans' expressions run on copies of their own (no lock)
  std::vector<Plan> plans_;
  std::vector<reactive::CellId> planCells_;
  std::vector<std::uint32_t> planInputs_;
  Phase phase_ = Phase::Settling;
  std::size_t nextEvent_ = 0;
  std::optional<sim::SessionId> pendingRequest_;  // applied, not yet validated
  std::uint64_t steps_ = 0;
  std::uint64_t generation_ = 0;
  Move lastMove_;
};

template <class T, class... Args>
std::shared_ptr<T> Runner::makeObserver(Args&&... args) {
  static_assert(std::is_base_of_v<RunObserver, T>, "Runner::makeObserver: T must derive from run::RunObserver");
  auto observer = std::make_shared<T>(std::forward<Args>(args)...);
  observer->setUp(*this);
  runObservers_.push_back(observer);
  observers_.add(observer.get());
  attachObservers();
  return observer;
}

}  // namespace tickscope::run
