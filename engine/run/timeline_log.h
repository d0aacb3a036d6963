#pragma once
// TimelineLog: the compact recorder behind the debugger's Timeline pane and the recording
// files. Attached to a Runner (RunOptions::recordTimeline, which the debugger's Controller
// sets; or Runner::makeObserver<TimelineLog>()), it appends one plain record per thing the
// timeline draws:
//   - a TimelineRun per run of an action (its start, its cost, the step, why it ran, and the
//     values of the cells it reads: as they were when it finished, except a cell it also
//     writes, whose value is the one it started with; a value that is not a number is NaN);
//   - a TimelineMark per debounce arm / restart / fire / cancel, slow or fast cycle start /
//     iteration / end, event applied, clock move (a step's ClockMoved, ClockSet or Finished
//     move that moved the clock) and hand edit.
// Values are kept up to kMaxRecords (one double each); an action's first 65,535 reads at most.
// Records are appended in step order (step never decreases), so the records up to step N
// are found by binary search (runsUpToStep / marksUpToStep).
//
// Storage: fixed-size blocks (kBlockRecords records) that never move, reached through a
// top-level block table of fixed capacity (kMaxBlocks entries) allocated with the log, so an
// append never copies earlier records: a few ns (tests/bench/timeline_probe). Runs and marks
// are 40 bytes each (sizeof(TimelineRun), sizeof(TimelineMark)); besides the blocks, the two
// tables take 2 * kMaxBlocks pointers (32 KB) and the per-action scratch about 32 bytes per action.
// Memory is not bounded below kMaxRecords per kind (a recording keeps everything); beyond it
// further records are dropped and counted (droppedRuns / droppedMarks).
//
// THREADS: one writer (the runner's thread: the observer callbacks and append), any number
// of readers on other threads. The rule: a reader reads only records below counts it got
// from runCount() / markCount() (or a RunSnapshot's timelineRuns / timelineMarks, which the
// writer's thread took); those records are complete and never change again, and their
// blocks never move or go away while the log lives (hold it through a shared_ptr). The
// counts are published with release stores after the record and its block are written, and
// read with acquire loads. Nothing else of the log may be read from another thread.
//
// Observing only: attaching it changes nothing that runs (as any observer, it makes the
// runtime run numeric kernels through transactions: docs/reactive.md).
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "reactive/ids.h"
#include "run/run_observer.h"

namespace tickscope::run {

// TimelineCause: why a run happened, as far as the log can tell from the runtime's events.
enum class TimelineCause : std::uint8_t {
  Unknown,
  Subscribe,       // its first run, nothing written before it
  Write,           // an action's write (causeAction) made it dirty or pending
  Pull,            // pulled on demand of causeAction
  DebounceFired,   // its debounce timer fired
  CycleIteration,  // a slow cycle's next iteration
  Event,           // an event of the document wrote what it reads
  HandEdit,        // a hand edit (Runner::setCellValue) wrote what it reads
};
std::string_view nameOf(TimelineCause cause);

struct TimelineRun {            // one run of one action
  double startMs = 0;           // virtual ms when it started
  double costMs = 0;            // its run time (virtual: costMs of the file; live mode: real)
  std::uint64_t step = 0;       // the step it ran in (1 = first)
  std::uint32_t action = 0;     // document index (file order)
  std::uint32_t causeAction = 0;  // the action whose write/pull caused it, index + 1 (0: none)
  TimelineCause cause = TimelineCause::Unknown;
  std::uint8_t flags = 0;       // TimelineRun::Pulled = 1, Failed = 2 (math error), Effect = 4,
                                // Changed = 8 (a cell it writes changed beyond epsilon)
  // The values it read: TimelineLog::value(valuesAt + k) is the value of the k-th cell it
  // reads (Runner::actionReads order, which is the document's `reads` order), k < valueCount;
  // valuesAt == kNoValues when they were not kept (the value store was full).
  std::uint16_t valueCount = 0;
  std::uint32_t valuesAt = kNoValues;
  enum : std::uint8_t { Pulled = 1, Failed = 2, Effect = 4, Changed = 8 };
  static constexpr std::uint32_t kNoValues = 0xffffffffu;
};

enum class TimelineMarkKind : std::uint8_t {
  DebounceArmed, DebounceRestarted, DebounceFired, DebounceCancelled,   // subject = action, untilMs = deadline
  CycleStarted, CycleIteration, CycleEnded,                             // subject = cycle id, detail = iteration (CycleEnded: detail = iterations, untilMs unused)
  EventApplied,                                                         // subject = event index
  ClockMoved,                                                           // atMs = from, untilMs = to
  HandEdit,                                                             // subject = cell index
};
std::string_view nameOf(TimelineMarkKind kind);

struct TimelineMark {
  double atMs = 0;
  double untilMs = 0;           // see the kind; NaN when unused
  std::uint64_t step = 0;
  std::uint32_t subject = 0;
  std::uint32_t detail = 0;
  TimelineMarkKind kind{};
};

class TimelineLog final : public RunObserver {
 public:
  static constexpr std::size_t kBlockRecords = 8192;
  static constexpr std::size_t kMaxBlocks = 2048;
  static constexpr std::size_t kMaxRecords = kBlockRecords * kMaxBlocks;  // per kind: ~16.7 million

  TimelineLog();
  ~TimelineLog() override;
  TimelineLog(const TimelineLog&) = delete;
  TimelineLog& operator=(const TimelineLog&) = delete;

  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override;
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onHandEdit(std::uint32_t cell, double value) override;
  void onReactiveEvent(const trace::ReactiveEvent& e) override;

  // runCount / markCount: records appended so far (acquire: records below are complete).
  std::size_t runCount() const { return runs_.count.load(std::memory_order_acquire); }
  const TimelineRun& run(std::size_t i) const { return runs_.at(i); }
  std::size_t markCount() const { return marks_.count.load(std::memory_order_acquire); }
  const TimelineMark& mark(std::size_t i) const { return marks_.at(i); }
  // append: what a recording reader uses to rebuild a log (and the observer itself). Keep
  // steps non-decreasing; a record beyond kMaxRecords is dropped and counted.
  void append(const TimelineRun& r) { runs_.push(r); }
  void append(const TimelineMark& m) { marks_.push(m); }
  // valueCount / value: the values runs read (see TimelineRun::valuesAt). appendValue: what a
  // recording reader uses, before the runs that name them.
  std::size_t valueCount() const { return values_.count.load(std::memory_order_acquire); }
  double value(std::size_t i) const { return values_.at(i); }
  void appendValue(double v) { values_.push(v); }

  // runsUpToStep / marksUpToStep: how many of the first `count` records have step <= `step`
  // (binary search: records are in step order).
  std::size_t runsUpToStep(std::uint64_t step, std::size_t count) const;
  std::size_t marksUpToStep(std::uint64_t step, std::size_t count) const;

  std::uint64_t droppedRuns() const { return runs_.dropped; }
  std::uint64_t droppedMarks() const { return marks_.dropped; }
  std::uint64_t droppedValues() const { return values_.dropped; }

 private:
  // Chunked: blocks of kBlockRecords that never move, a table of kMaxBlocks block pointers.
  template <class T>
  struct Chunked {
    using Block = std::array<T, kBlockRecords>;
    std::unique_ptr<std::atomic<Block*>[]> table;
    std::atomic<std::size_t> count{0};
    Block* tail = nullptr;  // writer only: the block being filled
    std::uint64_t dropped = 0;

    Chunked() : table(new std::atomic<Block*>[kMaxBlocks]) {
      for (std::size_t b = 0; b < kMaxBlocks; ++b) table[b].store(nullptr, std::memory_order_relaxed);
    }
    ~Chunked() {
      for (std::size_t b = 0; b < kMaxBlocks; ++b) delete table[b].load(std::memory_order_relaxed);
    }
    const T& at(std::size_t i) const {
      return (*table[i / kBlockRecords].load(std::memory_order_acquire))[i % kBlockRecords];
    }
    void push(const T& record) {
      const std::size_t n = count.load(std::memory_order_relaxed);
      const std::size_t slot = n % kBlockRecords;
      if (slot == 0) [[unlikely]] {
        if (n / kBlockRecords >= kMaxBlocks) {
          ++dropped;
          return;
        }
        tail = new Block;
        table[n / kBlockRecords].store(tail, std::memory_order_release);
      }
      (*tail)[slot] = record;
      count.store(n + 1, std::memory_order_release);
    }
  };
  // Pending: an action's run in progress (between its ActionStarted and ActionFinished).
  struct Pending {
    std::uint32_t causeAction = 0;
    std::uint32_t errorsBefore = 0;
    TimelineCause cause = TimelineCause::Unknown;
    std::uint8_t flags = 0;
    std::vector<double> values;  // what it read, as it started
  };
  // Track: what the log knows of an action since its last run.
  enum class Marked : std::uint8_t { None, Writer, External, Event, HandEdit };
  struct Track {
    std::uint32_t writer = 0;  // Marked::Writer: the writer's index + 1
    Marked marked = Marked::None;
    bool fired = false;        // its debounce fired since its last run
    bool ran = false;          // it has run
    std::uint32_t pulledBy = 0;  // a Pulled event's puller + 1, until it starts (0: not pulled)
    bool pulled = false;
  };
  struct Cycle {
    std::uint32_t id = 0;
    bool slow = false;
    std::uint32_t done = 0;
    std::vector<std::uint32_t> members;
  };

  void addMark(TimelineMarkKind kind, double atMs, double untilMs, std::uint32_t subject, std::uint32_t detail = 0);
  void started(std::uint32_t action);
  void finished(std::uint32_t action, double endMs, double costMs, bool failed);
  void keepValues(std::uint32_t action, const Pending& p, TimelineRun& r);
  // settleExternal: the actions marked by writes from outside any action since the last
  // call get `origin` (an event's or a hand edit's).
  void settleExternal(Marked origin);

  Runner* runner_ = nullptr;
  Chunked<TimelineRun> runs_;
  Chunked<TimelineMark> marks_;
  Chunked<double> values_;
  std::vector<Track> tracks_;
  std::vector<Pending> pending_;
  std::vector<std::uint8_t> effect_;
  std::vector<std::uint8_t> writesWhatItReads_;  // per action: some cell it reads it also writes
  std::vector<double> scratch_;          // keepValues
  std::vector<std::uint32_t> external_;  // actions with Marked::External
  std::vector<Cycle> cycles_;            // in progress
  std::uint64_t step_ = 0;               // the step in progress, else the last one made
  double stepStartMs_ = 0;
};

}  // namespace tickscope::run
