// timeline_probe: the Timeline pane's paint cost over large recordings and the recorder's cost
// per event, measured in process (offscreen) — not a pass/fail test: it prints one JSON
// object of timings.
//   paint_<N>_<zoom>_ms     TimelineView's paintEvent (QWidget::render into an image) of a 1400x600 view over N synthetic runs
//                           (TimelineLog::append, 100 actions, random costs) at fit, mid (1/100
//                           of the run) and deep (1/100,000) zoom; median and max of 20 frames,
//                           and what the last frame drew (bars, folds)              goal < 16 ms
//   model_<N>_ms            TimelineModel::update from nothing to N runs (once per new log)
//   append_ns               TimelineLog::append of one TimelineRun (chunked storage)
//   observer_ns_per_event   TimelineLog::onReactiveEvent, events prebuilt (started/finished
//                           pairs and debounce marks): the recorder's own cost per event
//                                                                                   goal < 20 ns
//   run_ns_per_event_off / _log    a generated random graph (2,000 actions, 400 events) run
//                           to the end with no observer (the producers' one branch) and with
//                           only a TimelineLog attached (the runtime then builds every event):
//                           wall time over the events the log's run delivers
// Usage: timeline_probe [--runs N] (default: 100000 and 1000000).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>

#include "graph/generator.h"
#include "graph/validate.h"
#include "run/runner.h"
#include "run/timeline_log.h"
#include "timeline_model.h"
#include "timeline_view.h"
#include "trace/observer.h"

using namespace tickscope;

namespace {

constexpr int kFrames = 20;
constexpr std::uint32_t kActions = 100;

double msSince(const QElapsedTimer& clock) { return static_cast<double>(clock.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::shared_ptr<const graph::GraphDocument> syntheticDocument() {
  auto doc = std::make_shared<graph::GraphDocument>();
  doc->name = "timeline-probe";
  for (std::uint32_t a = 0; a < kActions; ++a) {
    graph::Action action;
    action.id = "action" + std::to_string(a);
    action.kind = a % 5 == 0 ? graph::ActionKind::Effect : graph::ActionKind::Computation;
    if (a % 10 == 0) action.label = "label" + std::to_string(a / 10);
    doc->actions.push_back(std::move(action));
  }
  return doc;
}

std::shared_ptr<const run::RunSnapshot> syntheticSnapshot(std::size_t runs) {
  auto log = std::make_shared<run::TimelineLog>();
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double now = 0;
  for (std::size_t i = 0; i < runs; ++i) {
    run::TimelineRun r;
    r.action = static_cast<std::uint32_t>(random() % kActions);
    r.costMs = unit(random) < 0.02 ? 1 + unit(random) * 20 : unit(random) * 0.2;
    r.startMs = now;
    r.step = i / 3 + 1;
    r.cause = run::TimelineCause::Write;
    log->append(r);
    now += r.costMs * unit(random) + unit(random) * 0.1;
  }
  auto snap = std::make_shared<run::RunSnapshot>();
  snap->document = syntheticDocument();
  snap->nowMs = now;
  snap->timeline = log;
  snap->timelineRuns = log->runCount();
  return snap;
}

void paintProbe(std::size_t runs, bool first) {
  const auto snap = syntheticSnapshot(runs);
  views::TimelineModel model;
  QElapsedTimer clock;
  clock.start();
  model.update(snap);
  const double modelMs = msSince(clock);
  views::TimelineView view;
  view.resize(1400, 600);
  view.setModel(&model);
  view.show();
  std::printf("%s  \"model_%zu_ms\": %.2f", first ? "" : ",\n", runs, modelMs);
  const double end = model.endMs();
  for (const char* zoom : {"fit", "mid", "deep"}) {
    view.fit();
    if (std::strcmp(zoom, "mid") == 0) view.zoomToRange(end * 0.5, end * 0.51);
    if (std::strcmp(zoom, "deep") == 0) view.zoomToRange(end * 0.5, end * 0.5 + end * 1e-5);
    std::vector<double> frames;
    QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);
    for (int f = 0; f < kFrames; ++f) {
      clock.restart();
      view.render(&frame);  // paintEvent into an image: the offscreen platform would skip an unexposed repaint
      frames.push_back(msSince(clock));
    }
    std::size_t bars = 0;
    std::size_t folds = 0;
    std::size_t folded = 0;
    for (const auto& item : view.buildDrawList()) {
      if (item.kind == views::TimelineDrawItem::Kind::Bar) ++bars;
      if (item.kind == views::TimelineDrawItem::Kind::Fold) {
        ++folds;
        folded += item.count;
      }
    }
    std::printf(",\n  \"paint_%zu_%s_ms\": {\"median\": %.3f, \"max\": %.3f, \"bars\": %zu, \"folds\": %zu, \"folded_runs\": %zu}",
                runs, zoom, median(frames), *std::max_element(frames.begin(), frames.end()), bars, folds, folded);
  }
}

// CountingObserver: counts the events a run delivers.
struct CountingObserver final : run::RunObserver {
  std::uint64_t events = 0;
  void onSchedEvent(const trace::SchedEvent&) override { ++events; }
  void onReactiveEvent(const trace::ReactiveEvent&) override { ++events; }
  void onSessionEvent(const trace::SessionEvent&) override { ++events; }
};

graph::GraphDocument runGraph() {
  graph::GenerateOptions options;
  options.events = 400;
  options.maxCostMs = 2;
  graph::GraphDocument doc = graph::generateGraph(graph::Shape::Random, 2000, 7, options);
  graph::validate(doc);
  return doc;
}

double runMs(const graph::GraphDocument& doc, bool log, std::uint64_t* events) {
  run::RunOptions options;
  options.recorderCapacity = 0;
  options.recordTimeline = log;
  run::Runner runner(doc, options);
  std::shared_ptr<CountingObserver> counter;
  if (events) counter = runner.makeObserver<CountingObserver>();
  const auto start = std::chrono::steady_clock::now();
  runner.runToEnd();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (events) *events = counter->events;
  return ms;
}

void recorderProbe() {
  // append: a million runs into fresh chunked storage.
  {
    constexpr std::size_t n = 1'000'000;
    double best = 1e300;
    for (int rep = 0; rep < 5; ++rep) {
      run::TimelineLog log;
      run::TimelineRun r;
      const auto start = std::chrono::steady_clock::now();
      for (std::size_t i = 0; i < n; ++i) {
        r.startMs = static_cast<double>(i);
        r.step = i;
        log.append(r);
      }
      const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
      best = std::min(best, ns / n);
      if (log.runCount() != n) std::abort();
    }
    std::printf(",\n  \"append_ns\": %.2f", best);
  }
  // onReactiveEvent over prebuilt events, on a log attached to a runner (as the debugger has it).
  {
    const graph::GraphDocument doc = runGraph();
    run::RunOptions options;
    options.recorderCapacity = 0;
    run::Runner runner(doc, options);
    auto log = runner.makeObserver<run::TimelineLog>();
    std::vector<trace::ReactiveEvent> events;
    const std::uint32_t actions = static_cast<std::uint32_t>(doc.actions.size());
    for (std::uint32_t i = 0; i < 20'000; ++i) {
      trace::ReactiveEvent e;
      e.action = i % actions + 1;
      e.cause = (i * 7) % actions + 1;
      e.kind = trace::ReactiveEventKind::ActionScheduled;
      events.push_back(e);
      e.kind = trace::ReactiveEventKind::ActionStarted;
      e.at = sched::Instant{sched::Duration{static_cast<std::int64_t>(i) * 1000}};
      events.push_back(e);
      e.kind = trace::ReactiveEventKind::ActionFinished;
      e.duration = sched::Duration{500};
      events.push_back(e);
      if (i % 4 == 0) {
        e.kind = trace::ReactiveEventKind::DebounceRestarted;
        events.push_back(e);
      }
    }
    double best = 1e300;
    for (int rep = 0; rep < 20; ++rep) {
      const auto start = std::chrono::steady_clock::now();
      for (const auto& e : events) log->onReactiveEvent(e);
      const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
      best = std::min(best, ns / static_cast<double>(events.size()));
    }
    std::printf(",\n  \"observer_ns_per_event\": %.2f", best);
  }
  // A whole run with no observer, and with the log only.
  {
    const graph::GraphDocument doc = runGraph();
    std::uint64_t events = 0;
    runMs(doc, true, &events);
    double off = 1e300;
    double on = 1e300;
    for (int rep = 0; rep < 3; ++rep) {
      off = std::min(off, runMs(doc, false, nullptr));
      on = std::min(on, runMs(doc, true, nullptr));
    }
    std::printf(",\n  \"run_events\": %llu,\n  \"run_ms_off\": %.2f,\n  \"run_ms_log\": %.2f", static_cast<unsigned long long>(events),
                off, on);
    std::printf(",\n  \"run_ns_per_event_off\": %.1f,\n  \"run_ns_per_event_log\": %.1f", off * 1e6 / static_cast<double>(events),
                on * 1e6 / static_cast<double>(events));
  }
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  std::vector<std::size_t> sizes{100'000, 1'000'000};
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0) sizes = {static_cast<std::size_t>(std::stoull(argv[i + 1]))};
  }
  std::printf("{\n");
  bool first = true;
  for (std::size_t n : sizes) {
    paintProbe(n, first);
    first = false;
  }
  recorderProbe();
  std::printf("\n}\n");
  return 0;
}
