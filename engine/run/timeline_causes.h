#pragma once
// TimelineCauses: "why did this run" read back from a TimelineLog alone, for a recording
// (run/recording.h), where the live CauseLog (run/cause_log.h) is not kept. A run's record
// says how it was triggered (subscribe, a write by action W, a pull by effect P, its debounce
// timer, a slow cycle's iteration, an event, a hand edit) and the values it read; the input
// that changed is the cell it reads whose value differs from what its previous run read (a
// cell W writes first, when W's write triggered it), and the writer's run is that cell's
// writers' newest run before it. The chain follows those runs back to an origin, as
// CauseLog::explain does, with the same link kinds and sentences.
//
// What it cannot know, it says: without the values (a recording of the first version) or
// when no input's value changed (a run pulled because something upstream was dirty), the
// chain ends with an Unknown link ("the recording does not say which input changed"). Old
// and new values are the values the action read before and in that run (the live log has
// the cell's own old and new values: they differ when a cell changed twice between runs);
// an event's or a hand edit's "was" is the cell's value before it, given ValueAfterStep.
//
// Built once per log (an index of each action's runs: 4 bytes per run); explaining a run
// costs a binary search per link. Not thread-safe; the log must outlive it.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "graph/document.h"
#include "run/inspection.h"
#include "run/timeline_log.h"

namespace tickscope::run {

class TimelineCauses {
 public:
  // kMaxChain: links of one chain at most (a long cycle), then an Unknown link saying so
  // (as many as the live CauseLog's).
  static constexpr std::size_t kMaxChain = 10'000;

  // ValueAfterStep: a cell's value as of the end of a step (a recording's frame), for the
  // "was" of an event's or a hand edit's link; without it, what the action read before.
  using ValueAfterStep = std::function<double(std::uint64_t step, graph::CellIndex cell)>;

  // The first `runs` run records of `log` (the ones a snapshot may show).
  TimelineCauses(std::shared_ptr<const TimelineLog> log, std::size_t runs,
                 std::shared_ptr<const graph::GraphDocument> document, ValueAfterStep valueAfterStep = {});

  // lastRun: why action `action` last ran at or before step `step` (nullopt: it had not).
  std::optional<RunCause> lastRun(std::uint32_t action, std::uint64_t step) const;
  // runInStep: why it ran in step `step` (its last run in that step; nullopt: it did not).
  std::optional<RunCause> runInStep(std::uint32_t action, std::uint64_t step) const;
  std::size_t runs() const { return runs_; }

 private:
  RunCause explain(std::size_t run) const;
  // lastBefore: the index of action `action`'s newest run with an index below `before`
  // (nullopt: none); position: its run number - 1.
  std::optional<std::size_t> lastBefore(std::uint32_t action, std::size_t before, std::size_t* position = nullptr) const;
  // lastChangeBefore / firstChangeBetween: the same among its runs that changed a cell it
  // writes (TimelineRun::Changed).
  std::optional<std::size_t> lastChangeBefore(std::uint32_t action, std::size_t before, std::size_t* position) const;
  std::optional<std::size_t> firstChangeBetween(std::uint32_t action, std::size_t after, std::size_t before,
                                                std::size_t* position) const;
  // changedInput: the k (into the action's reads) of the input that triggered run `run`.
  std::optional<std::size_t> changedInput(std::size_t run, std::optional<std::size_t> previous) const;
  double readValue(const TimelineRun& r, std::size_t k) const;
  std::optional<std::uint32_t> latestMark(TimelineMarkKind kind, std::uint64_t step) const;

  std::shared_ptr<const TimelineLog> log_;
  std::size_t runs_ = 0;
  std::shared_ptr<const graph::GraphDocument> document_;
  ValueAfterStep valueAfterStep_;
  std::vector<std::vector<std::uint32_t>> byAction_;  // each action's run indices, ascending
  std::vector<std::vector<std::uint32_t>> writers_;   // each cell's writing actions
};

}  // namespace tickscope::run
