#include <QtTest/QtTest>

#include <map>

#include <nlohmann/json.hpp>

#include "trace/chrome_trace.h"
#include "trace_test_classes.h"

using namespace tickscope::trace;
using tickscope::sched::fromMs;
using tickscope::sched::Instant;
using nlohmann::json;

namespace {

Instant ms(double v) { return Instant(fromMs(v)); }

ReactiveEvent reactive(ReactiveEventKind kind, double atMs, ActionIndex action, std::string name) {
  ReactiveEvent e;
  e.kind = kind;
  e.at = ms(atMs);
  e.action = action;
  e.actionName = std::move(name);
  return e;
}

ReactiveEvent finished(double atMs, ActionIndex action, std::string name, double durMs) {
  ReactiveEvent e = reactive(ReactiveEventKind::ActionFinished, atMs, action, std::move(name));
  e.duration = fromMs(durMs);
  return e;
}

ChromeTraceOptions options() {
  ChromeTraceOptions o;
  o.processName = "tickscope: test";
  o.actions = {{1, "sum"}, {2, "show"}};  // runtime action ids count from 1
  o.otherData = {{"graph", "test"}};
  return o;
}

json trace(const std::deque<Event>& events, const ChromeTraceOptions& o = options()) {
  return json::parse(chromeTrace(events, o));
}

std::vector<json> withPh(const json& t, std::string_view ph) {
  std::vector<json> out;
  for (const auto& e : t["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

std::map<int, std::string> threadNames(const json& t) {
  std::map<int, std::string> names;
  for (const auto& e : withPh(t, "M"))
    if (e["name"] == "thread_name") names[e["tid"].get<int>()] = e["args"]["name"].get<std::string>();
  return names;
}

}  // namespace

void ChromeTraceTests::metadataNamesProcessAndTracks() {
  std::deque<Event> events{finished(3, 7, "late", 1)};  // an action not in the options
  const json t = trace(events);
  QVERIFY(t.contains("traceEvents"));
  QCOMPARE(t["otherData"]["graph"].get<std::string>(), std::string("test"));
  bool process = false;
  for (const auto& e : withPh(t, "M"))
    if (e["name"] == "process_name") process = e["args"]["name"] == "tickscope: test";
  QVERIFY(process);
  const auto names = threadNames(t);
  QCOMPARE(names.at(kSchedulerTid), std::string("scheduler"));
  QCOMPARE(names.at(kSessionsTid), std::string("sessions"));
  QCOMPARE(names.at(kFirstActionTid), std::string("sum"));
  QCOMPARE(names.at(kFirstActionTid + 1), std::string("show"));
  QCOMPARE(names.at(kFirstActionTid + 2), std::string("late"));
}

void ChromeTraceTests::actionRunsAreCompleteEvents() {
  std::deque<Event> events{reactive(ReactiveEventKind::ActionStarted, 0, 1, "sum"), finished(2, 1, "sum", 2),
                           reactive(ReactiveEventKind::ActionStarted, 2, 2, "show"), finished(2.5, 2, "show", 0.5)};
  const json t = trace(events);
  const auto x = withPh(t, "X");
  QCOMPARE(x.size(), std::size_t(2));
  QCOMPARE(x[0]["name"].get<std::string>(), std::string("sum"));
  QCOMPARE(x[0]["tid"].get<int>(), kFirstActionTid);
  QCOMPARE(x[0]["ts"].get<double>(), 0.0);
  QCOMPARE(x[0]["dur"].get<double>(), 2000.0);  // microseconds
  QCOMPARE(x[1]["tid"].get<int>(), kFirstActionTid + 1);
  QCOMPARE(x[1]["ts"].get<double>(), 2000.0);
  QCOMPARE(x[1]["dur"].get<double>(), 500.0);
}

void ChromeTraceTests::debounceTimersAreAsyncSpans() {
  std::deque<Event> events{reactive(ReactiveEventKind::DebounceArmed, 0, 2, "show"),
                           reactive(ReactiveEventKind::DebounceRestarted, 10, 2, "show"),
                           reactive(ReactiveEventKind::DebounceFired, 110, 2, "show"),
                           reactive(ReactiveEventKind::DebounceArmed, 200, 2, "show"),
                           reactive(ReactiveEventKind::DebounceCancelled, 250, 2, "show")};
  const json t = trace(events);
  const auto b = withPh(t, "b");
  const auto e = withPh(t, "e");
  QCOMPARE(b.size(), std::size_t(3));
  QCOMPARE(e.size(), std::size_t(3));
  std::map<std::uint64_t, std::pair<double, double>> spans;
  std::map<std::uint64_t, std::string> outcome;
  for (const auto& ev : b) spans[ev["id"].get<std::uint64_t>()].first = ev["ts"].get<double>();
  for (const auto& ev : e) {
    spans[ev["id"].get<std::uint64_t>()].second = ev["ts"].get<double>();
    outcome[ev["id"].get<std::uint64_t>()] = ev["args"]["outcome"].get<std::string>();
    QCOMPARE(ev["cat"].get<std::string>(), std::string("debounce"));
    QCOMPARE(ev["name"].get<std::string>(), std::string("debounce show"));
  }
  QCOMPARE(spans.size(), std::size_t(3));  // three distinct ids, each begun and ended
  std::vector<std::tuple<double, double, std::string>> got;
  for (const auto& [id, span] : spans) got.emplace_back(span.first, span.second, outcome[id]);
  std::sort(got.begin(), got.end());
  QCOMPARE(got[0], std::make_tuple(0.0, 10000.0, std::string("restarted")));
  QCOMPARE(got[1], std::make_tuple(10000.0, 110000.0, std::string("fired")));
  QCOMPARE(got[2], std::make_tuple(200000.0, 250000.0, std::string("cancelled")));
}

void ChromeTraceTests::slowCycleIsASpanWithIterationInstants() {
  // As the runtime emits them: cycle events name no action, only the cycle's id.
  auto cycleEvent = [](ReactiveEventKind kind, double atMs, std::uint32_t cycle) {
    ReactiveEvent e = reactive(kind, atMs, 0, "");
    e.cycle = cycle;
    e.cause = 2;
    return e;
  };
  auto detected = cycleEvent(ReactiveEventKind::CycleDetected, 1, 1);
  detected.members = {"sum", "show"};
  detected.detail = "slow";
  auto it1 = cycleEvent(ReactiveEventKind::CycleIteration, 1, 1);
  it1.iteration = 1;
  auto it2 = cycleEvent(ReactiveEventKind::CycleIteration, 40, 1);
  it2.iteration = 2;
  auto converged = cycleEvent(ReactiveEventKind::CycleConverged, 80, 1);
  converged.iteration = 2;
  converged.members = detected.members;
  auto fast = cycleEvent(ReactiveEventKind::CycleDetected, 90, 2);
  fast.members = {"show", "x"};
  fast.detail = "fast";
  std::deque<Event> events{detected, it1, it2, converged, fast};
  const json t = trace(events);
  const auto b = withPh(t, "b");
  const auto e = withPh(t, "e");
  QCOMPARE(b.size(), std::size_t(1));  // only the slow cycle is a span
  QCOMPARE(e.size(), std::size_t(1));
  QCOMPARE(b[0]["id"], e[0]["id"]);
  QCOMPARE(b[0]["ts"].get<double>(), 1000.0);
  QCOMPARE(e[0]["ts"].get<double>(), 80000.0);
  QCOMPARE(e[0]["args"]["outcome"].get<std::string>(), std::string("converged"));
  std::vector<double> iterations;
  for (const auto& ev : withPh(t, "i")) {
    QCOMPARE(ev["s"].get<std::string>(), std::string("t"));
    if (ev["name"] == "cycle iteration") {
      iterations.push_back(ev["ts"].get<double>());
      QCOMPARE(ev["tid"].get<int>(), kFirstActionTid);
    }
  }
  QCOMPARE(iterations, (std::vector<double>{1000.0, 40000.0}));
}

void ChromeTraceTests::clockAdvancesAndCounters() {
  SchedEvent clock;
  clock.kind = SchedEventKind::ClockAdvanced;
  clock.from = ms(0);
  clock.at = ms(5);
  auto dirty = reactive(ReactiveEventKind::MarkedDirty, 5, 1, "sum");
  dirty.dirtyCount = 1;
  auto scheduled = reactive(ReactiveEventKind::ActionScheduled, 6, 2, "show");
  scheduled.dirtyCount = 2;
  auto same = reactive(ReactiveEventKind::Pulled, 6, 1, "sum");
  same.dirtyCount = 1;
  same.pendingCount = 1;
  auto unchanged = reactive(ReactiveEventKind::Pulled, 7, 1, "sum");
  unchanged.dirtyCount = 1;
  unchanged.pendingCount = 1;
  std::deque<Event> events{clock, dirty, scheduled, same, unchanged};
  const json t = trace(events);
  int clocks = 0;
  for (const auto& ev : withPh(t, "i")) {
    if (ev["name"] != "clock advanced") continue;
    ++clocks;
    QCOMPARE(ev["tid"].get<int>(), kSchedulerTid);
    QCOMPARE(ev["ts"].get<double>(), 5000.0);
    QCOMPARE(ev["args"]["fromMs"].get<double>(), 0.0);
  }
  QCOMPARE(clocks, 1);
  const auto c = withPh(t, "C");
  QCOMPARE(c.size(), std::size_t(2));  // on change only, the last value of each instant
  QCOMPARE(c[0]["ts"].get<double>(), 5000.0);
  QCOMPARE(c[0]["args"]["dirty"].get<int>(), 1);
  QCOMPARE(c[0]["args"]["pending"].get<int>(), 0);
  QCOMPARE(c[1]["ts"].get<double>(), 6000.0);
  QCOMPARE(c[1]["args"]["dirty"].get<int>(), 1);
  QCOMPARE(c[1]["args"]["pending"].get<int>(), 1);
}

void ChromeTraceTests::sessionTasksAreSpansClosedAtEnd() {
  SessionEvent opened{.kind = SessionEventKind::SessionOpened, .at = ms(10), .session = 1, .sessionName = "req-1"};
  SessionEvent flush{.kind = SessionEventKind::TaskLinked,
                     .at = ms(10),
                     .session = 1,
                     .sessionName = "req-1",
                     .task = {5},
                     .taskName = "flush"};
  SessionEvent audit = flush;
  audit.task = {6};
  audit.taskName = "audit";
  SessionEvent validated{.kind = SessionEventKind::SessionValidated,
                         .at = ms(10),
                         .session = 1,
                         .sessionName = "req-1",
                         .valid = false,
                         .dangling = {"audit"}};
  SchedEvent done;
  done.kind = SchedEventKind::TaskCompleted;
  done.at = ms(40);
  done.task = {5};
  std::deque<Event> events{opened, flush, audit, validated, done};
  ChromeTraceOptions o = options();
  o.endTime = ms(100);
  const json t = trace(events, o);
  std::map<std::uint64_t, double> begins;
  for (const auto& ev : withPh(t, "b")) {
    QCOMPARE(ev["tid"].get<int>(), kSessionsTid);
    begins[ev["id"].get<std::uint64_t>()] = ev["ts"].get<double>();
  }
  QCOMPARE(begins.size(), std::size_t(2));
  const auto e = withPh(t, "e");
  QCOMPARE(e.size(), std::size_t(2));
  QCOMPARE(e[0]["name"].get<std::string>(), std::string("req-1 task flush"));
  QCOMPARE(e[0]["ts"].get<double>(), 40000.0);
  QCOMPARE(e[0]["args"]["outcome"].get<std::string>(), std::string("completed"));
  QCOMPARE(e[1]["name"].get<std::string>(), std::string("req-1 task audit"));
  QCOMPARE(e[1]["ts"].get<double>(), 100000.0);
  QCOMPARE(e[1]["args"]["unfinished"].get<bool>(), true);
  bool invalid = false;
  for (const auto& ev : withPh(t, "i"))
    if (ev["name"] == "session req-1 invalid") invalid = ev["args"]["dangling"] == "audit";
  QVERIFY(invalid);
}

void ChromeTraceTests::sameEventsSameBytes() {
  std::deque<Event> events{reactive(ReactiveEventKind::DebounceArmed, 0, 2, "show"), finished(2, 1, "sum", 2),
                           reactive(ReactiveEventKind::DebounceArmed, 1, 1, "sum")};
  const std::string a = chromeTrace(events, options());
  QCOMPARE(chromeTrace(events, options()), a);
  QVERIFY(a.find("\"unfinished\": true") != std::string::npos);
}
