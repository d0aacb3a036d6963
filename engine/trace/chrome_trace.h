#pragma once
// writeChromeTrace: recorded trace events as the Chrome Trace Event Format
// (`{"traceEvents": [...]}`), which Perfetto (ui.perfetto.dev) and chrome://tracing open.
// Timestamps are virtual time in microseconds. Layout, in one process:
// - `M` metadata names the process and one thread (track) per action, in the order given,
//   plus a "scheduler" track and a "sessions" track;
// - each action run is an `X` event on its action's track (ts = end - duration, so a run
//   whose start was dropped from a bounded recorder still shows);
// - debounce timers (armed..fired/cancelled; a restart ends one span and begins the next),
//   slow-cycle convergence (detected..converged/limit) and session tasks (linked..completed
//   or cancelled) are async `b`/`e` pairs with ids, because they overlap; spans still open
//   when the events end are closed at `endTime` with `"unfinished": true`;
// - cycle detection, iterations, convergence and limits, auto-debounce, failures and skips
//   are thread-scoped instants (`i`) on the action's track; clock advances are instants on
//   the scheduler track; session opening, wait-until and validation on the sessions track;
// - the reactive runtime's dirty and pending counts are one `C` counter ("queues"),
//   emitted whenever either changes (one value per instant: the last one).
// Output is deterministic for the same events and options.
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "trace/recorder.h"

namespace tickscope::trace {

struct ChromeTraceOptions {
  // processName: the process's display name (e.g. "tickscope: diamond").
  std::string processName = "tickscope";
  // actions: display order of the action tracks; index i names ActionIndex actions[i].index.
  // Events naming an action not listed get a track after these, in order of appearance.
  struct Track {
    ActionIndex index = 0;
    std::string name;
  };
  std::vector<Track> actions;
  // endTime: where spans still open are closed (default: the latest event time).
  std::optional<sched::Instant> endTime;
  // otherData: extra key/value strings for the trace's "otherData" object (graph, seed...).
  std::vector<std::pair<std::string, std::string>> otherData;
  // droppedEvents: how many events the recorder dropped (reported in otherData).
  std::size_t droppedEvents = 0;
};

// Fixed thread ids of the non-action tracks; action tracks count from kFirstActionTid.
inline constexpr int kChromeTracePid = 1;
inline constexpr int kSchedulerTid = 1;
inline constexpr int kSessionsTid = 2;
inline constexpr int kFirstActionTid = 10;

void writeChromeTrace(std::ostream& out, const std::deque<Event>& events, const ChromeTraceOptions& options);
std::string chromeTrace(const std::deque<Event>& events, const ChromeTraceOptions& options);

}  // namespace tickscope::trace
