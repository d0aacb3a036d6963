#pragma once
// RunJournal: the debugger's memory of a run, kept as it happens: the last steps with what
// each one did (the task picked, what ran), every action's debounce counts, each
// auto-debounce decision with its reason, and each cycle's values iteration by iteration.
// A Runner makes one when RunOptions::journalSteps > 0 and copies it into its snapshots.
// Memory is bounded: `capacity` steps, StepRecord::kMaxRan actions per step, kMaxCycles
// cycles with values (the newest) and kMaxValuesPerCycle values in each.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "run/run_observer.h"
#include "run/run_snapshot.h"

namespace tickscope::run {

class RunJournal final : public RunObserver {
 public:
  static constexpr std::size_t kMaxCycles = 1000;
  static constexpr std::size_t kMaxValuesPerCycle = 100'000;
  static constexpr std::size_t kMaxAutoDebounces = 10'000;

  // DebounceCounts: how often an action's debounce timer was armed, restarted and fired.
  struct DebounceCounts {
    std::uint64_t armed = 0;
    std::uint64_t restarts = 0;
    std::uint64_t fired = 0;
    std::uint32_t restartsNow = 0;  // of the timer armed now
  };
  // CycleValues: the cells a cycle's members write, and their values per iteration.
  struct CycleValues {
    std::vector<graph::CellIndex> cells;
    std::vector<std::vector<double>> values;
    std::size_t stored = 0;
  };

  explicit RunJournal(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  void setUp(Runner& runner) override;
  void onStepBegin(std::uint64_t step) override;
  void onStepEnd(std::uint64_t step, const Move& move) override;
  void onSchedEvent(const trace::SchedEvent& e) override;
  void onReactiveEvent(const trace::ReactiveEvent& e) override;

  // steps: the last `capacity` steps, oldest first.
  const std::deque<StepRecord>& steps() const { return steps_; }
  // lastStep: the newest step's record (nullptr before the first step).
  const StepRecord* lastStep() const { return steps_.empty() ? nullptr : &steps_.back(); }
  // lastStepRan: every action the newest step ran (uncapped), in start order.
  const std::vector<std::uint32_t>& lastStepRan() const { return lastStepRan_; }
  const std::vector<DebounceCounts>& debounceCounts() const { return debounce_; }
  const std::vector<AutoDebounceDecision>& autoDebounces() const { return autoDebounces_; }
  // cycleValues: by cycle id; only the newest kMaxCycles cycles are kept.
  const std::map<std::uint32_t, CycleValues>& cycleValues() const { return cycles_; }

 private:
  void recordCycleValues(CycleValues& cycle);

  Runner* runner_ = nullptr;
  std::size_t capacity_;
  std::deque<StepRecord> steps_;
  StepRecord current_;
  std::vector<std::uint32_t> currentRan_;
  std::vector<std::uint32_t> lastStepRan_;
  bool inStep_ = false;
  std::size_t errorsBefore_ = 0;
  std::vector<DebounceCounts> debounce_;
  std::vector<AutoDebounceDecision> autoDebounces_;
  std::map<std::uint32_t, CycleValues> cycles_;
};

}  // namespace tickscope::run
