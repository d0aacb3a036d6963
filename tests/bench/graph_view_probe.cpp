// graph_view_probe: how the Graph pane's canvas and the window's open path hold up on a
// 100,000-node graph, measured in process (offscreen) — not a pass/fail test: it prints one
// JSON object of timings.
//   frame_whole_ms                GraphView::repaint() of the generated grid (cells folded, as
//                                 the pane folds large graphs), fitted into a 1200x800 view, the
//                                 states of a run's snapshot drawn (median and max of 20) goal < 50 ms
//   frame_whole_moving_ms         the same while panning a pixel a frame: the view's edge layer
//                                 (the plain edges, kept while the view stays) drawn every frame
//                                                                                     goal < 50 ms
//   frame_zoomed_ms               the same zoomed to scale 1.5 around the centre (labels drawn)
//                                                                                     goal < 16 ms
//   frame_zoomed_moving_ms        zoomed, panning a pixel a frame                       goal < 16 ms
//   repaint_after_10k_changes_ms  setSnapshot() of a snapshot in which 10,000 actions changed
//                                 fill (their "ran this step" flag flipped) until repaint()
//                                 returned, whole graph in view (median and max of 20) goal < 16 ms
//   layout_100k_ms                LayeredLayouter, synchronously, on the grid and on a random
//                                 graph of the same size (cells folded)                goal < 3000 ms
//   open_100k_max_stall_ms        the longest the UI thread's event loop went unserved while
//                                 MainWindow opened the grid's file until the graph pane showed
//                                 its layout (MainWindow::graphSettled)                goal < 50 ms
//   open_100k_total_ms            that open, from DebugSession::open to the graph shown
//   changed_nodes                 nodes whose fill that snapshot changed (every action when the
//                                 graph has fewer than 10,000)
// Each frame object also says what the last frame drew (nodes, edges, labels) and the view's
// own paint time (paint_ms: paintEvent alone, without the backing store's flush). The window's
// layout disk cache is off, so every open lays the graph out afresh.
// Usage: graph_view_probe [--nodes N] (default 100000; the names keep "100k" whatever N is).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include "bench/stall_probe.h"
#include "debug_session.h"
#include "graph/generator.h"
#include "graph/validate.h"
#include "graph/writer.h"
#include "graph_structure.h"
#include "graph_view.h"
#include "layout/layered_layouter.h"
#include "layout/layout_service.h"
#include "main_window.h"
#include "run/runner.h"

using namespace tickscope;

namespace {

constexpr std::uint64_t kSeed = 1;
constexpr int kFrames = 20;
constexpr std::size_t kChangedActions = 10000;
constexpr int kRunnerSteps = 5;

using bench::StallProbe;

double msSince(const QElapsedTimer& clock) { return static_cast<double>(clock.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double maximum(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

// FrameTimes: one measurement's frames, and what the last of them drew.
struct FrameTimes {
  std::vector<double> totalMs;  // around the measured call(s)
  std::vector<double> paintMs;  // the view's paintEvent alone (FrameStats::ms)
  views::GraphView::FrameStats last;
};

void printFrames(const char* name, const FrameTimes& f) {
  std::printf(" \"%s\": {\"median\": %.2f, \"max\": %.2f, \"paint_ms\": {\"median\": %.2f, \"max\": %.2f},"
              " \"nodes_drawn\": %zu, \"edges_drawn\": %zu, \"labels\": %s},\n",
              name, median(f.totalMs), maximum(f.totalMs), median(f.paintMs), maximum(f.paintMs), f.last.nodes,
              f.last.edges, f.last.labels ? "true" : "false");
}

graph::GraphDocument validGraph(graph::Shape shape, std::size_t nodes) {
  graph::GraphDocument document = graph::generateGraph(shape, nodes, kSeed);
  if (!graph::validate(document).ok()) qFatal("the generated graph does not validate");
  return document;
}

// layOut: the structure's layered layout, synchronously; `ms` gets the layouter's time.
std::shared_ptr<const views::layout::GraphLayout> layOut(const views::GraphStructure& structure, double& ms) {
  const std::atomic<bool> cancelled{false};
  QElapsedTimer clock;
  clock.start();
  auto layout = views::layout::LayeredLayouter().layout(structure.layoutGraph, cancelled);
  ms = msSince(clock);
  if (!layout) qFatal("the layered layout gave up");
  return std::make_shared<const views::layout::GraphLayout>(std::move(*layout));
}

// timeRepaints: kFrames synchronous repaints of `view`, `before` called ahead of each (timed too).
template <class Before>
FrameTimes timeRepaints(views::GraphView& view, Before before) {
  FrameTimes f;
  view.repaint();  // warm-up: glyph caches, scratch buffers
  for (int i = 0; i < kFrames; ++i) {
    QElapsedTimer clock;
    clock.start();
    before(i);
    view.repaint();
    f.totalMs.push_back(msSince(clock));
    f.paintMs.push_back(view.lastFrame().ms);
  }
  f.last = view.lastFrame();
  return f;
}

// snapshotAfterSteps: the snapshot of a run of `document` (with a journal, as the debugger's)
// after `steps` steps.
std::shared_ptr<const run::RunSnapshot> snapshotAfterSteps(std::shared_ptr<const graph::GraphDocument> document,
                                                           int steps) {
  run::RunOptions options;
  options.journalSteps = 1000;
  run::Runner runner(std::move(document), options);
  for (int i = 0; i < steps; ++i) runner.step();
  return std::make_shared<const run::RunSnapshot>(runner.snapshot());
}

// withRanFlipped: `base` with the "ran this step" flag of `count` actions (evenly spread) flipped:
// each of them changes fill (Ran goes before every other fill).
std::shared_ptr<const run::RunSnapshot> withRanFlipped(const run::RunSnapshot& base, std::size_t count) {
  auto changed = std::make_shared<run::RunSnapshot>(base);
  const std::size_t n = changed->actions.size();
  count = std::min(count, n);
  for (std::size_t k = 0; k < count; ++k) changed->actions[k * n / count].flags ^= run::ActionState::RanThisStep;
  return changed;
}

std::size_t differingFills(const std::vector<views::GraphView::Fill>& a, const std::vector<views::GraphView::Fill>& b) {
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i] ? 1 : 0;
  return differing;
}

std::vector<views::GraphView::Fill> fillsOf(const views::GraphView& view) {
  std::vector<views::GraphView::Fill> fills(view.structure()->nodeCount());
  for (std::size_t i = 0; i < fills.size(); ++i) fills[i] = view.nodeFill(static_cast<std::uint32_t>(i));
  return fills;
}

void waitExposed(QWidget& widget) {
  QElapsedTimer clock;
  clock.start();
  while (!(widget.windowHandle() && widget.windowHandle()->isExposed()) && clock.elapsed() < 5000)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// waitOpened: until the session has a snapshot, is idle and the window's graph shows its final
// layout, a few event loop passes in a row.
bool waitOpened(app::DebugSession& session, app::MainWindow& window, int ms = 600000) {
  QElapsedTimer t;
  t.start();
  int calm = 0;
  while (t.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    calm = session.idle() && session.snapshot() && session.document() && window.graphSettled() ? calm + 1 : 0;
    if (calm >= 3) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("TickscopeProbe"));
  std::size_t nodes = 100000;
  const QStringList args = QApplication::arguments();
  for (int i = 1; i < args.size(); ++i) {
    if (args[i] == "--nodes" && i + 1 < args.size()) nodes = args[++i].toULongLong();
  }

  // The grid, its folded structure, both layouts.
  auto grid = std::make_shared<const graph::GraphDocument>(validGraph(graph::Shape::Grid, nodes));
  const auto structure = views::buildGraphStructure(*grid, false);
  double gridLayoutMs = 0, randomLayoutMs = 0;
  const auto layout = layOut(*structure, gridLayoutMs);
  {
    const auto random = views::buildGraphStructure(validGraph(graph::Shape::Random, nodes), false);
    layOut(*random, randomLayoutMs);
  }

  // States: a run's snapshot, and a copy with 10,000 actions changed.
  const auto snapshot = snapshotAfterSteps(grid, kRunnerSteps);
  const auto changed = withRanFlipped(*snapshot, kChangedActions);

  FrameTimes whole, wholeMoving, zoomed, zoomedMoving, afterChanges;
  std::size_t changedNodes = 0;
  {
    views::GraphView view;
    view.resize(1200, 800);
    view.show();
    waitExposed(view);
    view.setGraph(structure, layout);
    view.setSnapshot(snapshot);
    view.fit();
    const std::vector<views::GraphView::Fill> baseFills = fillsOf(view);

    whole = timeRepaints(view, [](int) {});
    // Panning a pixel a frame: the edge layer is drawn again every frame (a drag, a wheel turn).
    wholeMoving = timeRepaints(view, [&](int i) { view.panBy(QPointF(i % 2 == 0 ? 1 : -1, 0)); });
    afterChanges = timeRepaints(view, [&](int i) { view.setSnapshot(i % 2 == 0 ? changed : snapshot); });
    view.setSnapshot(changed);
    changedNodes = differingFills(baseFills, fillsOf(view));
    view.setSnapshot(snapshot);

    view.zoomAt(1.5 / view.scale(), QPointF(view.width() / 2.0, view.height() / 2.0));
    zoomed = timeRepaints(view, [](int) {});
    zoomedMoving = timeRepaints(view, [&](int i) { view.panBy(QPointF(i % 2 == 0 ? 1 : -1, 0)); });
  }

  // The real window opening the grid's file.
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("grid-%1.tsg.json").arg(nodes));
  {
    std::ofstream file(path.toStdString(), std::ios::binary);
    graph::writeGraph(file, *grid);
    if (!file) return 1;
  }
  app::DebugSession session;
  app::MainWindow window(&session);
  window.layoutService()->setDiskCacheEnabled(false);
  window.resize(1400, 900);
  window.show();
  waitExposed(window);
  StallProbe probe;
  QElapsedTimer open;
  open.start();
  probe.start();
  session.open(path);
  if (!waitOpened(session, window)) return 2;
  const double openStallMs = probe.stopMs();
  const double openMs = static_cast<double>(open.elapsed());

  std::printf("{\"graph\": \"grid\", \"nodes\": %zu, \"graph_nodes\": %zu, \"graph_edges\": %zu, \"view\": \"1200x800\",\n",
              nodes, structure->nodeCount(), structure->layoutGraph.edges.size());
  printFrames("frame_whole_ms", whole);
  printFrames("frame_whole_moving_ms", wholeMoving);
  printFrames("frame_zoomed_ms", zoomed);
  printFrames("frame_zoomed_moving_ms", zoomedMoving);
  printFrames("repaint_after_10k_changes_ms", afterChanges);
  std::printf(" \"changed_nodes\": %zu,\n", changedNodes);
  std::printf(" \"layout_100k_ms\": {\"grid\": %.0f, \"random\": %.0f},\n", gridLayoutMs, randomLayoutMs);
  std::printf(" \"open_100k_max_stall_ms\": %.1f, \"open_100k_total_ms\": %.0f}\n", openStallMs, openMs);
  return 0;
}
