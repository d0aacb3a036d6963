#pragma once
// CauseLog: the memory behind the Inspector's "why did this run" and "why not"
// (run/inspection.h), kept from the runtime's trace events while it is attached to a Runner
// (RunOptions::recordCauses, which the debugger's Controller sets; or
// Runner::makeObserver<CauseLog>(capacity)). It records:
//   - every cell change: step, time, old and new value (from a mirror of the cell values of
//     its own, seeded from the runner at setUp), and who made it: an action's run (which one),
//     an event of the document (the runner's EventApplied move), a hand edit
//     (Runner::setCellValue, outside any step) or another external write;
//   - every run of every action: step, time, its run number, whether it was pulled and by
//     which effect, and its trigger: the change that made it dirty or pending (the runtime's
//     MarkedDirty/ActionScheduled cause, the writer, matched to that writer's most recent
//     change of a cell the action reads; else the most recent change of a cell it reads since
//     its last run), its debounce timer firing (and the change that last armed it), a slow
//     cycle's continuation, or its first scheduling (subscribe);
//   - skips ("unchanged", "throttled"), writes that changed nothing (an event or a hand edit
//     within epsilon), and cycles stopped at the limit.
// A chain (RunCause::chain) follows a run's trigger to the writer's run, its trigger, and so
// on back to an origin (event, hand edit, subscribe, a timer with no recorded arming).
//
// Memory is bounded: runs, changes, firings and skips share one ring of `capacity` records
// (80 bytes each) whose oldest are dropped; a chain that reaches a dropped record ends with a
// CauseLink of kind Unknown ("earlier history not kept"). Besides the ring: 56 bytes per
// action, 24 per cell. Observing only: attaching it changes nothing that runs (though, as any
// observer, it makes the runtime run numeric kernels through transactions: docs/reactive.md).
// Same threading as every RunObserver: the runner's thread.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "run/inspection.h"
#include "run/run_observer.h"

namespace tickscope::run {

class CauseLog final : public RunObserver {
 public:
  static constexpr std::size_t kDefaultCapacity = 200'000;
  // kMaxChain: links of one chain at most (a chain through a long graph or many cycle
  // iterations); a longer one ends with an Unknown link saying it was cut.
  static constexpr std::size_t kMaxChain = 10'000;
  static constexpr std::size_t kMaxCycleStops = 1000;

  explicit CauseLog(std::size_t capacity = kDefaultCapacity);

  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override;
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onHandEdit(std::uint32_t cell, double value) override;
  void onReactiveEvent(const trace::ReactiveEvent& e) override;

  // lastRun: why action `action` (document index) last ran, its chain back to an origin.
  // nullopt when it has not run while the log was attached. When the run's own record was
  // dropped: its run number, step 0, atMs NaN and a chain of one Unknown link.
  std::optional<RunCause> lastRun(std::uint32_t action) const;
  // run: why run `run` (1 for the first) of `action` happened; nullopt when not recorded
  // (before the log was attached, dropped, or not made yet). Walks back from the last run.
  std::optional<RunCause> run(std::uint32_t action, std::uint64_t run) const;
  // runInStep: why `action` ran in step `step` (its last run of that step: a cycle may run it
  // several times in one); nullopt when it did not run then, or that was not recorded.
  std::optional<RunCause> runInStep(std::uint32_t action, std::uint64_t step) const;
  // lastChange: the last change of resolved cell `cell` (CellChanged, EventApplied, HandEdit
  // or External); nullopt when it has not changed while recorded; Unknown when dropped.
  std::optional<CauseLink> lastChange(std::uint32_t cell) const;
  // unchangedRuns: runs of `action` after which no cell it writes had changed (its writes
  // changed nothing beyond epsilon, or it wrote nothing), while the log was attached.
  std::uint64_t unchangedRuns(std::uint32_t action) const;
  // whyNotFromHistory: the reasons only the history can give for an action that is clean,
  // neither pending nor debounced (Runner::inspect asks after the reasons read from the
  // runtime's state gave none): skipped by its throttle; skipped or not notified because its
  // inputs did not change beyond epsilon (an upstream action in `upstream`, document indices,
  // re-ran, or a write to what it reads changed nothing); nothing it reads changed since its
  // last run although the run went on. Empty when nothing happened since its last run.
  std::vector<WhyNot> whyNotFromHistory(std::uint32_t action, std::span<const std::uint32_t> upstream) const;
  // CycleStop: when cycle `cycle` was stopped at the limit (kept for the newest
  // kMaxCycleStops cycles).
  struct CycleStop {
    std::uint32_t cycle = 0;
    std::uint64_t step = 0;
    bool inStep = true;
    double atMs = 0;
  };
  std::optional<CycleStop> cycleStop(std::uint32_t cycle) const;

  std::size_t capacity() const { return capacity_; }
  // size: records kept now (<= capacity); dropped: records dropped so far.
  std::size_t size() const { return static_cast<std::size_t>(next_ - first_); }
  std::uint64_t dropped() const { return first_ - 1; }

 private:
  enum class Kind : std::uint8_t { Change, Run, Fired, Skip, NoOp };
  // Origin of a change or of a write that changed nothing.
  enum class Origin : std::uint8_t { Action, Event, HandEdit, External };
  enum class Trigger : std::uint8_t { None, Change, Fired, Subscribed, CycleIteration };
  enum Flags : std::uint8_t { InStep = 1, Pulled = 2, Undone = 4, Throttled = 8 };
  // Record: one entry of the ring; which fields mean what depends on `kind`.
  struct Record {
    Kind kind = Kind::Change;
    Origin origin = Origin::Action;  // Change, NoOp
    Trigger trigger = Trigger::None;  // Run
    std::uint8_t flags = 0;
    std::uint32_t action = 0;     // Run, Fired, Skip: the action's index; Change, NoOp: the writer's index + 1
    std::uint32_t cell = 0;       // Change, NoOp: the cell; Run: the puller's index + 1
    std::uint32_t cycle = 0;      // Run: the cycle it ran in (0: none)
    std::uint32_t iteration = 0;  // Run: its iteration of that cycle
    std::uint64_t step = 0;       // the step it happened in (or the last step made, outside one)
    double atMs = 0;
    double oldValue = 0;  // Change
    double newValue = 0;  // Change, NoOp
    std::uint64_t number = 0;  // Run: its run number; Change: the writer's run number, or the event's index
    std::uint64_t link = 0;    // Change: the writing run; Run: its trigger (a Change or Fired); Fired: the change that last armed it
    std::uint64_t prev = 0;    // Change: the cell's previous change; Run: the action's previous run
  };
  struct ActionTrack {
    std::uint64_t lastRun = 0;    // its newest Run record
    std::uint64_t lastWrite = 0;  // its newest Change record
    std::uint64_t mark = 0;       // the change that made it dirty or pending (the runtime's cause)
    std::uint64_t armed = 0;      // the change that last armed or restarted its debounce timer
    std::uint64_t fired = 0;      // its newest Fired record
    std::uint64_t skip = 0;       // its newest Skip record
    std::uint64_t runs = 0;       // its runs so far (the runtime's runCount)
    std::uint64_t unchanged = 0;  // its runs before the last one that changed no cell
  };
  struct CellTrack {
    std::uint64_t lastChange = 0;
    std::uint64_t lastNoOp = 0;
    double value = 0;  // the mirror: its value after the last change seen
  };
  struct ActiveCycle {
    std::uint32_t id = 0;
    bool slow = false;
    std::uint32_t done = 0;  // iterations finished
    std::vector<std::uint32_t> members;
  };

  std::uint64_t push(const Record& record);
  const Record* get(std::uint64_t seq) const;
  Record* get(std::uint64_t seq);
  std::uint64_t currentStep() const;
  Record base(Kind kind, double atMs) const;
  // resolve: the change behind a marking of `action` caused by runtime action `writer` (0:
  // external): that writer's newest change of a cell it reads, else that writer's newest
  // change at all, if made after its last run; 0 when none.
  std::uint64_t resolve(std::uint32_t action, std::uint32_t writer) const;
  // latestInput: the newest change of a cell `action` reads made after its last run, not by itself.
  std::uint64_t latestInput(std::uint32_t action) const;
  bool reads(std::uint32_t action, std::uint32_t cell) const;
  void runStarted(std::uint32_t action, double atMs);
  // undoRun: the writes of run `runSeq` were rolled back (a failure, an abandoned run).
  void undoRun(std::uint64_t runSeq);
  CauseLink changeLink(std::uint64_t seq) const;
  RunCause explain(std::uint64_t runSeq) const;
  std::string stepText(const Record& r) const;
  std::string actionName(std::uint32_t index) const;
  std::string cellName(std::uint32_t cell) const;

  Runner* runner_ = nullptr;
  std::size_t capacity_;
  std::vector<Record> ring_;
  std::uint64_t first_ = 1;  // the oldest record kept
  std::uint64_t next_ = 1;   // the next record's number
  std::vector<ActionTrack> actions_;
  std::vector<CellTrack> cells_;
  std::uint64_t lastExternal_ = 0;  // the newest change made from outside any action
  std::uint64_t lastChange_ = 0;    // the newest change
  std::uint64_t step_ = 0;          // the step in progress (0: none)
  std::uint64_t stepFirst_ = 1;     // the first record of the step in progress
  std::uint64_t outsideFirst_ = 1;  // the first record since the last step or hand edit
  std::uint32_t pulledAction_ = 0;  // a Pulled event's action + 1, until it starts
  std::uint32_t puller_ = 0;
  std::vector<ActiveCycle> cycles_;  // in progress
  std::vector<ActiveCycle> slow_;    // slow cycles' members, for their links' texts (the newest kMaxCycleStops)
  std::vector<CycleStop> stops_;
};

}  // namespace tickscope::run
