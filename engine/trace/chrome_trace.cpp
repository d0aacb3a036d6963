#include "trace/chrome_trace.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>

#include "trace/json_writer.h"

namespace tickscope::trace {

namespace {

using Layout = JsonWriter::Layout;

double toUs(sched::Instant t) { return static_cast<double>(t.time_since_epoch().count()) / 1000.0; }
double toUs(sched::Duration d) { return static_cast<double>(d.count()) / 1000.0; }

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

class Builder {
 public:
  Builder(std::ostream& out, const ChromeTraceOptions& options) : w_(out), options_(options) {}

  void run(const std::deque<Event>& events) {
    w_.beginObject(Layout::Lines);
    w_.key("displayTimeUnit");
    w_.string("ms");
    w_.key("otherData");
    w_.beginObject();
    for (const auto& [k, v] : options_.otherData) {
      w_.key(k);
      w_.string(v);
    }
    w_.key("droppedEvents");
    w_.unsignedInteger(options_.droppedEvents);
    w_.endObject();
    w_.key("traceEvents");
    w_.beginArray(Layout::Lines);
    metadata();
    for (const Event& e : events) {
      std::visit([this](const auto& ev) { on(ev); }, e);
    }
    flushCounter();
    closeOpenSpans();
    w_.endArray();
    w_.endObject();
    w_.newline();
  }

 private:
  struct OpenSpan {
    std::uint64_t id;
    std::string name;
    std::string cat;
    int tid;
  };

  // --- event writing ---------------------------------------------------------------------
  void head(std::string_view name, std::string_view cat, std::string_view ph, double tsUs, int tid) {
    w_.beginObject();
    w_.key("name");
    w_.string(name);
    w_.key("cat");
    w_.string(cat);
    w_.key("ph");
    w_.string(ph);
    w_.key("ts");
    w_.number(tsUs);
    w_.key("pid");
    w_.integer(kChromeTracePid);
    w_.key("tid");
    w_.integer(tid);
  }

  void meta(std::string_view what, int tid, std::string_view argKey, std::string_view name, std::int64_t sort) {
    w_.beginObject();
    w_.key("name");
    w_.string(what);
    w_.key("ph");
    w_.string("M");
    w_.key("pid");
    w_.integer(kChromeTracePid);
    w_.key("tid");
    w_.integer(tid);
    w_.key("args");
    w_.beginObject();
    w_.key(argKey);
    if (argKey == "name")
      w_.string(name);
    else
      w_.integer(sort);
    w_.endObject();
    w_.endObject();
  }

  void thread(int tid, std::string_view name) {
    meta("thread_name", tid, "name", name, 0);
    meta("thread_sort_index", tid, "sort_index", {}, tid);
  }

  void metadata() {
    meta("process_name", 0, "name", options_.processName, 0);
    thread(kSchedulerTid, "scheduler");
    thread(kSessionsTid, "sessions");
    for (const auto& t : options_.actions) track(t.index, t.name);
  }

  // track: the thread id of an action, creating (and naming) its track on first use.
  int track(ActionIndex index, std::string_view name) {
    auto it = tids_.find(index);
    if (it != tids_.end()) return it->second.tid;
    const int tid = kFirstActionTid + static_cast<int>(tids_.size());
    tids_.emplace(index, TrackInfo{tid, std::string(name)});
    byName_.emplace(std::string(name), tid);
    thread(tid, name);
    return tid;
  }
  const std::string& trackName(ActionIndex index, const std::string& fallback) {
    auto it = tids_.find(index);
    return it == tids_.end() ? fallback : it->second.name;
  }

  void instant(std::string_view name, std::string_view cat, sched::Instant at, int tid) {
    head(name, cat, "i", toUs(at), tid);
    w_.key("s");
    w_.string("t");
  }

  std::uint64_t begin(std::string name, std::string cat, sched::Instant at, int tid) {
    const std::uint64_t id = ++lastId_;
    head(name, cat, "b", toUs(at), tid);
    w_.key("id");
    w_.unsignedInteger(id);
    w_.endObject();
    open_.emplace(id, OpenSpan{id, std::move(name), std::move(cat), tid});
    return id;
  }
  // end: closes span `id`; `outcome` goes into args.
  void end(std::uint64_t id, sched::Instant at, std::string_view outcome) {
    auto it = open_.find(id);
    if (it == open_.end()) return;
    const OpenSpan span = std::move(it->second);
    open_.erase(it);
    endSpan(span, toUs(at), outcome, false);
  }
  void endSpan(const OpenSpan& span, double tsUs, std::string_view outcome, bool unfinished) {
    head(span.name, span.cat, "e", tsUs, span.tid);
    w_.key("id");
    w_.unsignedInteger(span.id);
    w_.key("args");
    w_.beginObject();
    if (!outcome.empty()) {
      w_.key("outcome");
      w_.string(outcome);
    }
    if (unfinished) {
      w_.key("unfinished");
      w_.boolean(true);
    }
    w_.endObject();
    w_.endObject();
  }

  void see(sched::Instant at) { latest_ = std::max(latest_, at); }

  // --- scheduler events -------------------------------------------------------------------
  void on(const SchedEvent& e) {
    see(e.at);
    switch (e.kind) {
      case SchedEventKind::ClockAdvanced:
        instant("clock advanced", "clock", e.at, kSchedulerTid);
        w_.key("args");
        w_.beginObject();
        w_.key("fromMs");
        w_.number(sched::toMs(e.from));
        w_.key("toMs");
        w_.number(sched::toMs(e.at));
        w_.endObject();
        w_.endObject();
        break;
      case SchedEventKind::TaskCompleted:
      case SchedEventKind::TaskCancelled:
        if (auto it = sessionTasks_.find(e.task.value); it != sessionTasks_.end()) {
          end(it->second, e.at, e.kind == SchedEventKind::TaskCompleted ? "completed" : "cancelled");
          sessionTasks_.erase(it);
        }
        break;
      default:
        break;
    }
  }

  // --- reactive events --------------------------------------------------------------------
  void on(const ReactiveEvent& e) {
    see(e.at);
    const bool cycleEvent = e.kind == ReactiveEventKind::CycleDetected || e.kind == ReactiveEventKind::CycleIteration ||
                            e.kind == ReactiveEventKind::CycleConverged || e.kind == ReactiveEventKind::CycleLimit;
    // Only the kinds drawn below get a track; the rest (dirty marks, pulls, writes) feed the
    // counters only.
    int tid = kSchedulerTid;
    if (cycleEvent) {
      tid = cycleTrack(e);
    } else if (e.action != 0 && drawn(e.kind)) {
      tid = track(e.action, e.actionName.empty() ? "action " + std::to_string(e.action) : e.actionName);
    }
    const std::string& name = trackName(e.action, e.actionName);
    switch (e.kind) {
      case ReactiveEventKind::ActionFinished: {
        head(name, "action", "X", toUs(e.at - e.duration), tid);
        w_.key("dur");
        w_.number(toUs(e.duration));
        w_.endObject();
        break;
      }
      case ReactiveEventKind::ActionFailed:
        instant("failed", "action", e.at, tid);
        args("message", e.detail);
        break;
      case ReactiveEventKind::ActionSkipped:
        instant("skipped", "action", e.at, tid);
        w_.endObject();
        break;
      case ReactiveEventKind::AutoDebounced:
        instant("auto-debounced", "debounce", e.at, tid);
        w_.key("args");
        w_.beginObject();
        w_.key("delayMs");
        w_.number(sched::toMs(e.duration));
        w_.endObject();
        w_.endObject();
        break;
      case ReactiveEventKind::DebounceArmed:
      case ReactiveEventKind::DebounceRestarted: {
        if (auto it = debounces_.find(e.action); it != debounces_.end()) {
          end(it->second, e.at, "restarted");
          debounces_.erase(it);
        }
        debounces_[e.action] = begin("debounce " + name, "debounce", e.at, tid);
        break;
      }
      case ReactiveEventKind::DebounceFired:
      case ReactiveEventKind::DebounceCancelled:
        if (auto it = debounces_.find(e.action); it != debounces_.end()) {
          end(it->second, e.at, e.kind == ReactiveEventKind::DebounceFired ? "fired" : "cancelled");
          debounces_.erase(it);
        }
        break;
      case ReactiveEventKind::CycleDetected:
        if (e.cycle != 0) cycleTids_[e.cycle] = tid;
        instant("cycle detected", "cycle", e.at, tid);
        cycleArgs(e);
        if (e.detail == "slow") {
          const std::string key = cycleKey(e);
          if (auto it = slowCycles_.find(key); it != slowCycles_.end()) end(it->second, e.at, "restarted");
          slowCycles_[key] = begin("slow cycle " + join(e.members, ","), "cycle", e.at, tid);
        }
        break;
      case ReactiveEventKind::CycleIteration:
        instant("cycle iteration", "cycle", e.at, tid);
        cycleArgs(e);
        break;
      case ReactiveEventKind::CycleConverged:
      case ReactiveEventKind::CycleLimit: {
        const bool converged = e.kind == ReactiveEventKind::CycleConverged;
        instant(converged ? "cycle converged" : "cycle limit", "cycle", e.at, tid);
        cycleArgs(e);
        if (auto it = findSlowCycle(e); it != slowCycles_.end()) {
          end(it->second, e.at, converged ? "converged" : "limit");
          slowCycles_.erase(it);
        }
        break;
      }
      case ReactiveEventKind::TooManyIterations:
        instant("too many iterations", "action", e.at, tid);
        args("message", e.detail);
        break;
      default:
        break;
    }
    counters(e);
  }

  static bool drawn(ReactiveEventKind kind) {
    switch (kind) {
      case ReactiveEventKind::ActionFinished:
      case ReactiveEventKind::ActionFailed:
      case ReactiveEventKind::ActionSkipped:
      case ReactiveEventKind::AutoDebounced:
      case ReactiveEventKind::DebounceArmed:
      case ReactiveEventKind::DebounceRestarted:
      case ReactiveEventKind::DebounceFired:
      case ReactiveEventKind::DebounceCancelled:
      case ReactiveEventKind::TooManyIterations:
        return true;
      default:
        return false;
    }
  }

  // cycleKey: a cycle's identity: its id when the runtime gives one, else its members.
  static std::string cycleKey(const ReactiveEvent& e) {
    return e.cycle != 0 ? "#" + std::to_string(e.cycle) : join(e.members, ",");
  }

  // cycleTrack: the track of a cycle event that names no action: the track its cycle was
  // detected on, else its first member's, else the action it was pulled for.
  int cycleTrack(const ReactiveEvent& e) {
    if (auto it = cycleTids_.find(e.cycle); e.cycle != 0 && it != cycleTids_.end()) return it->second;
    if (!e.members.empty()) {
      if (auto it = byName_.find(e.members.front()); it != byName_.end()) return it->second;
    }
    if (auto it = tids_.find(e.cause); e.cause != 0 && it != tids_.end()) return it->second.tid;
    return kSchedulerTid;
  }

  std::map<std::string, std::uint64_t>::iterator findSlowCycle(const ReactiveEvent& e) {
    if (e.cycle != 0 || !e.members.empty()) return slowCycles_.find(cycleKey(e));
    if (slowCycles_.size() == 1) return slowCycles_.begin();
    const std::string& name = e.actionName;
    return std::find_if(slowCycles_.begin(), slowCycles_.end(), [&](const auto& kv) {
      return ("," + kv.first + ",").find("," + name + ",") != std::string::npos;
    });
  }

  void cycleArgs(const ReactiveEvent& e) {
    w_.key("args");
    w_.beginObject();
    w_.key("iteration");
    w_.unsignedInteger(e.iteration);
    if (e.cycle != 0) {
      w_.key("cycle");
      w_.unsignedInteger(e.cycle);
    }
    if (!e.members.empty()) {
      w_.key("members");
      w_.string(join(e.members, ","));
    }
    if (!e.detail.empty()) {
      w_.key("detail");
      w_.string(e.detail);
    }
    w_.endObject();
    w_.endObject();
  }

  void args(std::string_view key, std::string_view value) {
    w_.key("args");
    w_.beginObject();
    w_.key(key);
    w_.string(value);
    w_.endObject();
    w_.endObject();
  }

  // counters: the dirty/pending counter, written when it changes; of several changes at one
  // instant only the last is written (flushCounter), which keeps big traces small.
  void counters(const ReactiveEvent& e) {
    if (haveCounts_ && e.dirtyCount == dirty_ && e.pendingCount == pending_) return;
    if (counterPending_ && counterAt_ != e.at) flushCounter();
    haveCounts_ = true;
    counterPending_ = true;
    counterAt_ = e.at;
    dirty_ = e.dirtyCount;
    pending_ = e.pendingCount;
  }
  void flushCounter() {
    if (!counterPending_) return;
    counterPending_ = false;
    head("queues", "reactive", "C", toUs(counterAt_), kSchedulerTid);
    w_.key("args");
    w_.beginObject();
    w_.key("dirty");
    w_.unsignedInteger(dirty_);
    w_.key("pending");
    w_.unsignedInteger(pending_);
    w_.endObject();
    w_.endObject();
  }

  // --- session events ---------------------------------------------------------------------
  void on(const SessionEvent& e) {
    see(e.at);
    switch (e.kind) {
      case SessionEventKind::SessionOpened:
        instant("session " + e.sessionName + " opened", "session", e.at, kSessionsTid);
        args("session", e.sessionName);
        break;
      case SessionEventKind::TaskLinked:
        if (!sessionTasks_.contains(e.task.value))
          sessionTasks_[e.task.value] = begin(e.sessionName + " task " + e.taskName, "session", e.at, kSessionsTid);
        break;
      case SessionEventKind::WaitUntil:
        instant("waitUntil " + e.taskName, "session", e.at, kSessionsTid);
        args("session", e.sessionName);
        break;
      case SessionEventKind::SessionValidated:
        instant("session " + e.sessionName + (e.valid ? " valid" : " invalid"), "session", e.at, kSessionsTid);
        w_.key("args");
        w_.beginObject();
        w_.key("session");
        w_.string(e.sessionName);
        w_.key("valid");
        w_.boolean(e.valid);
        w_.key("dangling");
        w_.string(join(e.dangling, ","));
        if (!e.message.empty()) {
          w_.key("message");
          w_.string(e.message);
        }
        w_.endObject();
        w_.endObject();
        break;
    }
  }

  void closeOpenSpans() {
    const double endUs = toUs(options_.endTime ? std::max(*options_.endTime, latest_) : latest_);
    for (const auto& [id, span] : open_) endSpan(span, endUs, {}, true);  // ordered by id: deterministic
    open_.clear();
  }

  struct TrackInfo {
    int tid;
    std::string name;
  };

  JsonWriter w_;
  const ChromeTraceOptions& options_;
  std::unordered_map<ActionIndex, TrackInfo> tids_;
  std::unordered_map<std::string, int> byName_;  // first track of each action name
  std::map<std::uint64_t, OpenSpan> open_;
  std::unordered_map<ActionIndex, std::uint64_t> debounces_;
  std::map<std::string, std::uint64_t> slowCycles_;           // cycleKey -> span id
  std::unordered_map<std::uint32_t, int> cycleTids_;           // cycle id -> track
  std::unordered_map<std::uint64_t, std::uint64_t> sessionTasks_;  // task id -> span id
  std::uint64_t lastId_ = 0;
  sched::Instant latest_{};
  bool haveCounts_ = false;
  bool counterPending_ = false;  // dirty_/pending_ changed at counterAt_, not written yet
  sched::Instant counterAt_{};
  std::uint32_t dirty_ = 0;
  std::uint32_t pending_ = 0;
};

}  // namespace

void writeChromeTrace(std::ostream& out, const std::deque<Event>& events, const ChromeTraceOptions& options) {
  Builder(out, options).run(events);
}

std::string chromeTrace(const std::deque<Event>& events, const ChromeTraceOptions& options) {
  std::ostringstream out;
  writeChromeTrace(out, events, options);
  return std::move(out).str();
}

}  // namespace tickscope::trace
