#pragma once
// TimelineModel: what the Timeline pane draws, built from a snapshot's TimelineLog (its
// records below the snapshot's counts: run/timeline_log.h) and its document. Plain data,
// no painting (Tracy's split: the model answers "what is in this time range", the view
// turns that into a draw list):
//   - rows: group headers (Effects, Computations, Labels, Sessions, Run) that collapse, one
//     row per action (its runs as bars, its debounce timers as spans), one per task label
//     (the runs of its actions), one per request session, and the Run group's "Cycles" and
//     "Events & clock" rows;
//   - per row the run indices sorted by start time (and the starts themselves, contiguous,
//     for the binary search of the visible ones: visibleRuns);
//   - per action its debounce spans (arm .. fire or cancel, restart ticks; the one armed now
//     ends at its deadline), per cycle its span with an iteration marker each, the events,
//     clock moves and hand edits as markers.
// update() is incremental: a snapshot of the same log with larger counts only adds the new
// records; another log (a new run, a replay for Step Back) or smaller counts rebuild it.
// The counts (barsOf, spansOf...) are what the tests compare with the runner's report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QString>

#include "run/run_snapshot.h"
#include "run/timeline_log.h"

namespace tickscope::views {

// countText: "1 run", "12 runs" (English plurals: the panes are not translated).
inline QString countText(std::size_t n, const char* one, const char* many) {
  return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}
// shortMs: a time to six significant digits ("1016.31 ms"), where the timeline shows a time
// picked with the mouse (exact times, such as a run's start, use formatMs).
inline QString shortMs(double ms) { return QString::number(ms, 'g', 6) + QStringLiteral(" ms"); }

class TimelineModel {
 public:
  enum class RowKind : std::uint8_t { Group, Action, Label, Session, Cycles, Events };
  enum class Group : std::uint8_t { Effects, Computations, Labels, Sessions, Run };
  static constexpr int kGroups = 5;

  struct Row {
    RowKind kind = RowKind::Action;
    Group group = Group::Effects;
    QString title;
    std::uint32_t subject = 0;  // Action: the action; Label: the label's index; Session: its index
    std::vector<std::uint32_t> runs;  // Action, Label: log indices, by start time
    std::vector<double> starts;       // their start times (binary search)
    double maxCostMs = 0;             // of those runs: how far before a range a run may start and still reach it
  };
  struct DebounceSpan {
    double armMs = 0;
    double endMs = 0;             // fired or cancelled; open: the deadline now
    std::vector<double> restarts;  // when it was restarted
    bool open = true;             // armed as of the snapshot
    bool fired = false;
  };
  struct CycleSpan {
    std::uint32_t id = 0;
    double startMs = 0;
    double endMs = 0;  // open: the last iteration
    std::vector<double> iterations;
    bool open = true;
  };
  struct Marker {
    run::TimelineMarkKind kind{};
    double atMs = 0;
    double untilMs = 0;  // ClockMoved: where the clock went
    std::uint32_t subject = 0;
  };
  // VisibleRuns: the runs of a row that reach [fromMs, toMs): those in [margin, begin) start
  // before fromMs (only the ones ending at or after fromMs count), those in [begin, end)
  // start inside. Positions in Row::runs.
  struct VisibleRuns {
    std::size_t margin = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  struct RangeStats {
    std::size_t runs = 0;
    double busyMs = 0;  // run time inside the range
    struct Top {
      std::uint32_t action = 0;
      std::size_t runs = 0;
      double busyMs = 0;
    };
    std::vector<Top> top;  // the busiest actions first (at most 5)
  };
  struct RunTimes {
    std::size_t runs = 0;
    double minMs = 0, medianMs = 0, p90Ms = 0, maxMs = 0;
    std::vector<std::size_t> bins;  // equal widths from minMs to maxMs
  };

  // update: the model for `snapshot` (null, or no log: empty). True when it was rebuilt (another
  // log: a new document, a restart, a replay), false when it only took in new records.
  bool update(const std::shared_ptr<const run::RunSnapshot>& snapshot);

  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }
  bool hasLog() const { return log_ != nullptr; }
  const run::TimelineRun& run(std::uint32_t index) const { return log_->run(index); }
  std::size_t runCount() const { return runs_; }

  // rows: every row; shownRows: the rows not hidden by a collapsed group (headers shown).
  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<std::uint32_t>& shownRows() const { return shown_; }
  bool collapsed(Group group) const { return collapsed_[static_cast<int>(group)]; }
  void setCollapsed(Group group, bool collapsed);
  // rowOfAction: the action's row (index in rows()).
  std::optional<std::uint32_t> rowOfAction(std::uint32_t action) const;

  // For the tests: bars (runs) and debounce spans per action, restart ticks in them.
  std::size_t barsOf(std::uint32_t action) const;
  std::size_t spansOf(std::uint32_t action) const;
  std::size_t restartsOf(std::uint32_t action) const;
  const std::vector<DebounceSpan>& debounceSpans(std::uint32_t action) const;
  const std::vector<CycleSpan>& cycleSpans() const { return cycles_; }
  const std::vector<Marker>& markers() const { return markers_; }  // events, clock moves, hand edits

  VisibleRuns visibleRuns(const Row& row, double fromMs, double toMs) const;
  // timeRange: from 0 to the end of the last run, mark or the snapshot's now.
  double endMs() const { return endMs_; }
  RangeStats rangeStats(double fromMs, double toMs) const;
  RunTimes runTimes(std::uint32_t action, std::size_t bins = 20) const;
  // runText: the hover text of run `index`: action, start, cost, cause (and who), step, and the
  // values it read.
  QString runText(std::uint32_t index) const;
  QString actionName(std::uint32_t action) const;
  // valuesText: "a = 1, b = 2" for the values run `r` read (empty when none were kept).
  QString valuesText(const run::TimelineRun& r) const;

 private:
  void reset();
  void buildRows();
  void addRun(std::uint32_t index);
  void addMark(const run::TimelineMark& m);
  static void insertRun(Row& row, std::uint32_t index, double startMs, double costMs);
  void refreshShown();

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::shared_ptr<const run::TimelineLog> log_;
  const graph::GraphDocument* document_ = nullptr;
  std::size_t runs_ = 0;   // records taken in
  std::size_t marks_ = 0;
  std::vector<Row> rows_;
  std::vector<std::uint32_t> shown_;
  std::vector<std::uint32_t> actionRow_;  // action -> row
  std::vector<std::uint32_t> labelRow_;   // action -> its label's row + 1 (0: none)
  std::vector<std::vector<DebounceSpan>> debounce_;
  std::vector<CycleSpan> cycles_;
  std::vector<Marker> markers_;
  bool collapsed_[kGroups] = {false, false, false, false, false};
  double endMs_ = 0;
};

}  // namespace tickscope::views
