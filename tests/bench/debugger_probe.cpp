// debugger_probe: how the debugger window feels on a large graph, measured in process
// (offscreen) — not a pass/fail test: it prints one JSON object of timings.
//   tick_to_repaint_ms    F10 (a Tick) until the panes show the new step and the window has
//                         repainted (median and max of 20)                  goal < 16 ms
//   step_back_ms          Step Back from the run's last step (a replay from 0) goal < 200 ms
//   open_max_stall_ms     the longest the UI thread's event loop went unserved while the
//                         file loaded and its run was built                   goal < 50 ms
//   continue_max_stall_ms the same during Continue to the end                 goal < 50 ms
//   pause_latency_ms      Pause during a Continue until the run stopped       goal < 100 ms
// Usage: debugger_probe [--nodes N] (default 10000: resources/examples/grid-10000.tsg.json)
//        [--events N] [--skip-continue] [--sort-timing] (Timing sorted by Total ms). Generated grids are written to a temporary folder.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include "bench/stall_probe.h"
#include "debug_session.h"
#include "graph/generator.h"
#include "graph/writer.h"
#include "main_window.h"
#include "timing_model.h"
#include "timing_pane.h"

#include <QTableView>

using namespace tickscope;

namespace {

using bench::StallProbe;

bool waitIdle(app::DebugSession& session, int ms = 600000) {
  QElapsedTimer t;
  t.start();
  int calm = 0;
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    calm = session.idle() && session.snapshot() ? calm + 1 : 0;
    if (calm >= 3) return true;
  }
  return false;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("TickscopeProbe"));
  std::size_t nodes = 10000;
  std::size_t events = 10;
  bool skipContinue = false;
  bool sortTiming = false;  // Timing sorted by Total ms, descending: the proxy re-sorts as runs land
  const QStringList args = QApplication::arguments();
  for (int i = 1; i < args.size(); ++i) {
    if (args[i] == "--nodes" && i + 1 < args.size()) nodes = args[++i].toULongLong();
    if (args[i] == "--events" && i + 1 < args.size()) events = args[++i].toULongLong();
    if (args[i] == "--skip-continue") skipContinue = true;
    if (args[i] == "--sort-timing") sortTiming = true;
  }

  QTemporaryDir dir;
  QString path = QStringLiteral(TICKSCOPE_EXAMPLES_DIR "/grid-10000.tsg.json");
  if (nodes != 10000 || events != 10) {
    path = dir.filePath(QStringLiteral("grid-%1.tsg.json").arg(nodes));
    graph::GenerateOptions options;
    options.events = events;
    const std::string text = graph::saveGraph(graph::generateGraph(graph::Shape::Grid, nodes, 1, options));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) < 0) return 1;
  }

  app::DebugSession session;
  app::MainWindow window(&session);
  window.resize(1400, 900);
  window.show();
  if (sortTiming) window.timingPane()->table()->sortByColumn(views::TimingModel::TotalColumn, Qt::DescendingOrder);
  StallProbe probe;
  int progressUpdates = 0;
  QObject::connect(&session, &app::DebugSession::busyChanged, [&] { ++progressUpdates; });

  QElapsedTimer wall;
  wall.start();
  probe.start();
  session.open(path);
  if (!waitIdle(session)) return 2;
  const double openStall = probe.stopMs();
  const double openMs = static_cast<double>(wall.elapsed());
  const std::size_t actions = session.snapshot()->actions.size();

  // Tick to repainted panes: the lambda connected after the window's runs after the panes took
  // the snapshot; repaint() then paints the whole window synchronously.
  std::vector<double> ticks;
  QElapsedTimer tick;
  bool shown = false;
  QObject::connect(&session, &app::DebugSession::snapshotChanged, [&] {
    window.repaint();
    shown = true;
  });
  for (int i = 0; i < 20; ++i) {
    // At a user's pace: the frame gate (one refresh per 16 ms) is not what is measured.
    QElapsedTimer pace;
    pace.start();
    while (pace.elapsed() < 40) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    shown = false;
    tick.start();
    session.tick();
    while (!shown) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    ticks.push_back(static_cast<double>(tick.nsecsElapsed()) / 1e6);
    waitIdle(session);
  }

  double continueStall = 0, continueMs = 0, stepBackMs = 0, pauseMs = 0;
  std::uint64_t lastStep = 0;
  if (!skipContinue) {
    wall.restart();
    probe.start();
    session.continueRun();
    if (!waitIdle(session)) return 3;
    continueStall = probe.stopMs();
    continueMs = static_cast<double>(wall.elapsed());
    lastStep = session.snapshot()->step;

    // Until the panes show the step before (the replay done and its snapshot shown).
    wall.restart();
    session.stepBack();
    while (session.snapshot()->step != lastStep - 1) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    stepBackMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
    if (!waitIdle(session)) return 4;

    session.reset();
    waitIdle(session);
    session.continueRun();
    QElapsedTimer running;
    running.start();
    while (running.elapsed() < 300) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    wall.restart();
    session.pause();
    while (session.busy().running) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    pauseMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
    waitIdle(session);
  }

  std::printf(
      "{\"graph\": \"grid\", \"actions\": %zu, \"open_ms\": %.1f, \"open_max_stall_ms\": %.1f, \"progress_updates\": %d,\n"
      " \"tick_to_repaint_ms\": {\"median\": %.2f, \"max\": %.2f},\n"
      " \"continue_ms\": %.1f, \"continue_max_stall_ms\": %.1f, \"last_step\": %llu,\n"
      " \"step_back_ms\": %.1f, \"pause_latency_ms\": %.1f}\n",
      actions, openMs, openStall, progressUpdates, median(ticks), *std::max_element(ticks.begin(), ticks.end()), continueMs,
      continueStall, static_cast<unsigned long long>(lastStep), stepBackMs, pauseMs);
  return 0;
}
