// The Graph pane: states drawn in their colours (sampled from renders of real runs), hit
// testing, find, focus (against a breadth-first search of our own), zoom around the mouse, fit,
// stale layouts, cells shown and folded, hover, the selection, level of detail, the overview,
// and what a screen reader reads.
#include <QtTest/QtTest>

#include <QAccessible>
#include <QAction>
#include <QCheckBox>
#include <QCompleter>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>
#include <QToolTip>

#include <atomic>
#include <functional>
#include <map>
#include <set>

#include "format.h"
#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_legend.h"
#include "graph_overview.h"
#include "graph_pane.h"
#include "graph_structure.h"
#include "graph_view.h"
#include "layout/layered_layouter.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;
using Fill = GraphView::Fill;
using run::ActionState;

namespace {

// A division by zero: `ratio` errs (math-error) whenever `den` is 0.
const char* const kDivision = R"({
  "tickscope": 1, "name": "division", "cells": { "num": 1, "den": 0 },
  "actions": [
    { "id": "ratio", "kind": "computation", "reads": ["num", "den"], "writes": ["q"], "expr": "num / den" },
    { "id": "print", "kind": "effect", "reads": ["q"], "expr": "q" }
  ],
  "events": [ { "atMs": 10, "set": { "num": 2 } } ]
})";

std::shared_ptr<const layout::GraphLayout> layOut(const GraphStructure& s) {
  layout::LayeredLayouter layouter;
  const std::atomic<bool> cancelled{false};
  auto l = layouter.layout(s.layoutGraph, cancelled);
  if (!l) qFatal("the layered layouter gave up");
  return std::make_shared<const layout::GraphLayout>(std::move(*l));
}

// autoLayout: answers the pane's layout requests at once, as the window's layout service would.
void autoLayout(GraphPane& pane) {
  QObject::connect(&pane, &GraphPane::layoutRequested, &pane,
                   [&pane](std::shared_ptr<const GraphStructure> s) { pane.setLayout(layOut(*s), s->hash); });
}

QImage render(QWidget& w) {
  QImage image(w.size(), QImage::Format_RGB32);
  image.fill(Qt::black);
  w.render(&image);
  return image;
}

int distance(QColor a, QColor b) {
  return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

// dominant: the commonest colour inside `r` (a node's fill, whatever its label covers).
QColor dominant(const QImage& image, QRectF r) {
  std::map<QRgb, int> counts;
  const QRect inner = r.adjusted(4, 4, -4, -4).toRect().intersected(image.rect());
  for (int y = inner.top(); y <= inner.bottom(); ++y) {
    for (int x = inner.left(); x <= inner.right(); ++x) ++counts[image.pixel(x, y)];
  }
  QRgb best = 0;
  int most = -1;
  for (const auto& [c, n] : counts) {
    if (n > most) {
      best = c;
      most = n;
    }
  }
  return QColor::fromRgb(best);
}

// near: whether a pixel within `radius` of `p` is within `tolerance` of `color`.
bool near(const QImage& image, QPointF p, const QColor& color, int radius = 3, int tolerance = 60) {
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      const QPoint q = p.toPoint() + QPoint(dx, dy);
      if (image.rect().contains(q) && distance(image.pixelColor(q), color) <= tolerance) return true;
    }
  }
  return false;
}

QRectF deviceRect(const GraphView& v, std::uint32_t node) {
  const QRectF r = v.nodeRect(node);
  return {v.mapFromScene(r.topLeft()), v.mapFromScene(r.bottomRight())};
}

std::uint32_t nodeNamed(const GraphStructure& s, const std::string& label) {
  for (std::size_t i = 0; i < s.nodeCount(); ++i) {
    if (s.labels[i] == label) return static_cast<std::uint32_t>(i);
  }
  qFatal("no node %s", label.c_str());
}

// stepUntil: steps until `done` holds for the snapshot (null when the run ends first).
std::shared_ptr<const run::RunSnapshot> stepUntil(run::Runner& runner, const std::function<bool(const run::RunSnapshot&)>& done) {
  for (;;) {
    auto s = std::make_shared<const run::RunSnapshot>(runner.snapshot());
    if (done(*s)) return s;
    if (!runner.step()) return nullptr;
  }
}

std::size_t actionIndex(const graph::GraphDocument& d, const std::string& id) { return *d.findAction(id); }

// bfs: the nodes at most `levels` edges downstream or upstream of `seed` (the test's own).
std::set<std::string> neighbourhood(const GraphStructure& s, std::uint32_t seed, int levels) {
  std::set<std::uint32_t> all{seed};
  for (bool down : {true, false}) {
    std::set<std::uint32_t> seen{seed};
    std::set<std::uint32_t> frontier{seed};
    for (int l = 0; l < levels; ++l) {
      std::set<std::uint32_t> next;
      for (const auto& e : s.layoutGraph.edges) {
        const std::uint32_t from = down ? e.from : e.to;
        const std::uint32_t to = down ? e.to : e.from;
        if (frontier.count(from) && !seen.count(to)) next.insert(to);
      }
      for (std::uint32_t n : next) seen.insert(n);
      frontier = next;
    }
    all.insert(seen.begin(), seen.end());
  }
  std::set<std::string> labels;
  for (std::uint32_t n : all) labels.insert(s.labels[n]);
  return labels;
}

void wheel(QWidget* w, QPointF pos, int delta) {
  QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(w, &e);
}

void hover(QWidget* w, QPointF pos) {
  QMouseEvent e(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(w, &e);
}

QString accessibleText(QObject* o, QAccessible::Text t) {
  QAccessibleInterface* i = QAccessible::queryAccessibleInterface(o);
  return i ? i->text(t) : QString("<no interface>");
}

void saveShot(QWidget& w, const QString& name) {
  if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
    QVERIFY(w.grab().save(QString::fromLocal8Bit(dir) + "/" + name));
  }
}

}  // namespace

class GraphPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void statesHaveTheirColours_data();
  void statesHaveTheirColours();
  void badgesAndMarkers();
  void travelledEdgesAreHighlighted();
  void edgesAreKeptAcrossStepsAndSmoothAtRest();
  void clickSelectsTheNodeUnderTheMouse();
  void findSelectsAndCentres();
  void focusShowsTheNeighbourhood_data();
  void focusShowsTheNeighbourhood();
  void wheelZoomKeepsThePointUnderTheMouse();
  void keysZoomPanAndFit();
  void fitShowsTheWholeBounds();
  void staleLayoutIsIgnored();
  void cellsShownAndFolded();
  void hoverHighlightsEdgesAndShowsATooltip();
  void selectionIsDrawnAndCentred();
  void levelOfDetailOnALargeGraph();
  void screenReaderReadsThePane();
  void rendersForAUser();
};

// Each state, on a graph stepped to it: the node's fill at its centre, drawn both as a plain
// rectangle (zoomed out: the centre pixel) and with its label (zoomed in: the box's commonest
// colour); and the colour is the one the issue names (by hue).
void GraphPaneTests::statesHaveTheirColours_data() {
  QTest::addColumn<QString>("file");  // an example, or "division" (kDivision)
  QTest::addColumn<int>("mode");
  QTest::addColumn<QString>("action");
  QTest::addColumn<int>("flags");     // what must hold
  QTest::addColumn<int>("without");   // and what must not
  QTest::addColumn<int>("fill");
  QTest::addColumn<QString>("named");  // the colour the issue names
  const int higher = ActionState::RanThisStep | ActionState::Errored | ActionState::InCycle | ActionState::DebounceArmed;
  const int pull = int(graph::Mode::Pull);
  QTest::addRow("dirty") << "diamond.tsg.json" << pull << "left" << int(ActionState::Dirty)
                         << (higher | ActionState::Pending | ActionState::NeverRun) << int(Fill::Dirty) << "orange";
  QTest::addRow("check") << "diamond.tsg.json" << pull << "join" << int(ActionState::Check)
                         << (higher | ActionState::Pending | ActionState::NeverRun | ActionState::Dirty) << int(Fill::Check)
                         << "light orange";
  QTest::addRow("pending") << "diamond.tsg.json" << pull << "show" << int(ActionState::Pending)
                           << (higher | ActionState::NeverRun) << int(Fill::Pending) << "amber";
  QTest::addRow("ran this step") << "diamond.tsg.json" << pull << "join" << int(ActionState::RanThisStep) << 0
                                 << int(Fill::Ran) << "light blue";
  QTest::addRow("clean") << "diamond.tsg.json" << pull << "join" << 0 << 0x1ff << int(Fill::Clean) << "white";
  QTest::addRow("debounced") << "debounce-storm.tsg.json" << pull << "save" << int(ActionState::DebounceArmed)
                             << int(ActionState::RanThisStep | ActionState::Errored | ActionState::InCycle)
                             << int(Fill::Debounced) << "teal";
  QTest::addRow("in a cycle") << "slow-cycle.tsg.json" << pull << "halfStep" << int(ActionState::InCycle)
                              << int(ActionState::RanThisStep | ActionState::Errored) << int(Fill::InCycle) << "purple";
  QTest::addRow("errored") << "division" << pull << "ratio" << int(ActionState::Errored)
                           << int(ActionState::RanThisStep) << int(Fill::Errored) << "red";
  QTest::addRow("never run (pull)") << "avoidable-work.tsg.json" << pull << "audit" << int(ActionState::NeverRun)
                                    << (higher | ActionState::Pending) << int(Fill::NeverRun) << "grey";
}

void GraphPaneTests::statesHaveTheirColours() {
  QFETCH(QString, file);
  QFETCH(int, mode);
  QFETCH(QString, action);
  QFETCH(int, flags);
  QFETCH(int, without);
  QFETCH(int, fill);
  QFETCH(QString, named);
  const auto doc = file == "division" ? test::documentFromJson(kDivision) : test::exampleDocument(file.toStdString());
  auto runner = test::runnerFor(doc, static_cast<graph::Mode>(mode));
  const std::size_t a = actionIndex(*doc, action.toStdString());
  // Past step 1 (the first settling), so "clean" is not the untouched start.
  const auto snapshot = stepUntil(*runner, [&](const run::RunSnapshot& s) {
    const int f = s.actions[a].flags;
    return s.step >= 1 && (f & flags) == flags && (f & without) == 0;
  });
  QVERIFY2(snapshot, "the run never reached the state");

  GraphView view;
  view.resize(640, 420);
  const auto structure = buildGraphStructure(*doc, true);
  view.setGraph(structure, layOut(*structure));
  view.setSnapshot(snapshot);
  const std::uint32_t node = *view.nodeOfAction(static_cast<std::uint32_t>(a));
  QCOMPARE(int(view.nodeFill(node)), fill);
  const QColor expected = GraphView::fillColor(Fill(fill));

  QVERIFY(view.scale() >= GraphView::kLabelScale);  // a small graph fits with its labels
  QImage image = render(view);
  QVERIFY(view.lastFrame().labels);
  QCOMPARE(dominant(image, deviceRect(view, node)).name(), expected.name());

  view.zoomAt(0.3 / view.scale(), view.mapFromScene(view.nodeRect(node).center()));  // plain rectangles
  QVERIFY(view.scale() < GraphView::kLabelScale);
  image = render(view);
  QVERIFY(!view.lastFrame().labels);
  QCOMPARE(image.pixelColor(view.mapFromScene(view.nodeRect(node).center()).toPoint()).name(), expected.name());

  // The issue's names, by hue and lightness.
  const int h = expected.hslHue();
  const int s = expected.hslSaturation();
  const int l = expected.lightness();
  if (named == "orange") QVERIFY(h >= 15 && h <= 35 && s > 150 && l < 200);
  if (named == "light orange") QVERIFY(h >= 20 && h <= 40 && l >= 200);
  if (named == "amber") QVERIFY(h >= 38 && h <= 50 && s > 150);
  if (named == "light blue") QVERIFY(h >= 195 && h <= 215 && l >= 150);
  if (named == "white") QCOMPARE(expected, QColor(Qt::white));
  if (named == "teal") QVERIFY(h >= 165 && h <= 185);
  if (named == "purple") QVERIFY(h >= 250 && h <= 290);
  if (named == "red") QVERIFY((h <= 8 || h >= 350) && s > 150);
  if (named == "grey") QVERIFY(s < 30 && l > 150 && l < 240);
}

// Badges: the cycle's iteration, the debounce's time left, a deprioritized marker.
void GraphPaneTests::badgesAndMarkers() {
  const QColor cycleBadge(0x6a, 0x3f, 0xb5);
  const QColor debounceBadge(0x00, 0x79, 0x6b);
  const QColor marker(0x37, 0x41, 0x4d);
  auto check = [&](std::shared_ptr<const graph::GraphDocument> doc, std::shared_ptr<const run::RunSnapshot> snap,
                   const std::string& action, const QColor& color, bool topRight) {
    GraphView view;
    view.resize(640, 420);
    const auto structure = buildGraphStructure(*doc, true);
    view.setGraph(structure, layOut(*structure));
    view.setSnapshot(snap);
    const QImage image = render(view);
    const QRectF r = deviceRect(view, *view.nodeOfAction(static_cast<std::uint32_t>(actionIndex(*doc, action))));
    const QPointF at = topRight ? QPointF(r.right() - 4, r.top()) : QPointF(r.left() + 6, r.bottom() - 5);
    return near(image, at, color, 3, 12);
  };
  {
    const auto doc = test::exampleDocument("slow-cycle.tsg.json");
    auto runner = test::runnerFor(doc);
    const std::size_t a = actionIndex(*doc, "halfStep");
    const auto snap = stepUntil(*runner, [&](const run::RunSnapshot& s) { return s.actions[a].has(ActionState::InCycle); });
    QVERIFY(snap);
    QVERIFY(check(doc, snap, "halfStep", cycleBadge, true));
    QVERIFY(!check(doc, snap, "show", cycleBadge, true));
    GraphView view;
    view.setGraph(buildGraphStructure(*doc, true), nullptr);
    view.setSnapshot(snap);
    QVERIFY(view.toolTipForNode(*view.nodeOfAction(std::uint32_t(a))).contains(
        QString("in a cycle (iteration %1)").arg(snap->actions[a].cycleIteration)));
  }
  {
    const auto doc = test::exampleDocument("debounce-storm.tsg.json");
    auto runner = test::runnerFor(doc);
    const std::size_t a = actionIndex(*doc, "save");
    const auto snap = stepUntil(*runner, [&](const run::RunSnapshot& s) { return s.actions[a].has(ActionState::DebounceArmed); });
    QVERIFY(snap);
    QVERIFY(check(doc, snap, "save", debounceBadge, true));
    GraphView view;
    view.setGraph(buildGraphStructure(*doc, true), nullptr);
    view.setSnapshot(snap);
    const double left = snap->actions[a].debounceDeadlineMs - snap->nowMs;
    QVERIFY(view.toolTipForNode(*view.nodeOfAction(std::uint32_t(a))).contains(QString("debounced (%1 left)").arg(formatMs(left))));
  }
  {
    const auto doc = test::exampleDocument("diamond.tsg.json");
    auto runner = test::runnerFor(doc);
    runner->setDeprioritized("ui", true);  // show's label
    const auto snap = std::make_shared<const run::RunSnapshot>(runner->snapshot());
    QVERIFY(snap->actions[actionIndex(*doc, "show")].has(ActionState::Deprioritized));
    QVERIFY(check(doc, snap, "show", marker, false));
    QVERIFY(!check(doc, snap, "join", marker, false));
  }
}

// The change of the last step travelled along the edges between the nodes that ran.
void GraphPaneTests::travelledEdgesAreHighlighted() {
  const auto doc = test::exampleDocument("diamond.tsg.json");
  auto runner = test::runnerFor(doc);
  const std::size_t join = actionIndex(*doc, "join");
  const auto ran = stepUntil(*runner, [&](const run::RunSnapshot& s) { return s.step >= 2 && s.actions[join].has(ActionState::RanThisStep); });
  QVERIFY(ran);
  runner->step();
  const auto quiet = std::make_shared<const run::RunSnapshot>(runner->snapshot());
  QCOMPARE(quiet->actions[join].flags & ActionState::RanThisStep, 0);

  GraphView view;
  view.resize(640, 420);
  const auto structure = buildGraphStructure(*doc, true);
  const auto layout = layOut(*structure);
  view.setGraph(structure, layout);
  // The middle of edge join -> d.
  std::size_t k = 0;
  while (structure->labels[structure->layoutGraph.edges[k].from] != "join") ++k;
  QCOMPARE(structure->labels[structure->layoutGraph.edges[k].to], std::string("d"));
  const auto& pts = layout->edges[k].points;
  QVERIFY(pts.size() >= 2);
  const std::size_t mid = pts.size() / 2;
  const QPointF middle = view.mapFromScene(QPointF((pts[mid - 1].x + pts[mid].x) / 2, (pts[mid - 1].y + pts[mid].y) / 2));

  view.setSnapshot(ran);
  QCOMPARE(view.nodeFill(nodeNamed(*structure, "d")), Fill::CellWritten);
  QVERIFY(near(render(view), middle, GraphView::travelledColor(), 2, 40));
  view.setSnapshot(quiet);
  const QImage image = render(view);
  QVERIFY(!near(image, middle, GraphView::travelledColor(), 2, 40));
  QVERIFY(near(image, middle, GraphView::edgeColor(), 2, 75));  // a thin antialiased line: blended
}

// The plain edges are drawn once per view position: a step (new states) repaints without them;
// moving the view draws them again, thin while it moves, antialiased once it rests.
void GraphPaneTests::edgesAreKeptAcrossStepsAndSmoothAtRest() {
  const auto doc = test::exampleDocument("diamond.tsg.json");
  auto runner = test::runnerFor(doc);
  GraphView view;
  view.resize(640, 420);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const auto structure = buildGraphStructure(*doc, true);
  view.setGraph(structure, layOut(*structure));
  view.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  view.repaint();
  QVERIFY(view.lastFrame().edgeLayerDrawn);
  QVERIFY(view.lastFrame().smoothEdges);  // a small graph fits zoomed in: smooth
  const QImage before = render(view);
  runner->step();
  view.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  view.repaint();
  QVERIFY(!view.lastFrame().edgeLayerDrawn);
  QVERIFY(view.lastFrame().edges > 0);
  view.panBy(QPointF(30, 0));
  view.repaint();
  QVERIFY(view.lastFrame().edgeLayerDrawn);
  QVERIFY(!view.lastFrame().smoothEdges);  // moving: thin lines
  QTRY_VERIFY(view.lastFrame().smoothEdges);  // at rest it repaints them smooth
  view.panBy(QPointF(-30, 0));
  view.repaint();
  QVERIFY(!view.lastFrame().smoothEdges);
  QTRY_VERIFY(view.lastFrame().smoothEdges);
  // Back where it was, at rest: the picture from before the moves (the first snapshot again),
  // up to antialiasing at the rounding of the position.
  view.setSnapshot(std::make_shared<const run::RunSnapshot>(test::runnerFor(doc)->snapshot()));
  const QImage after = render(view);
  int differing = 0;
  for (int y = 0; y < after.height(); ++y) {
    for (int x = 0; x < after.width(); ++x) differing += distance(after.pixelColor(x, y), before.pixelColor(x, y)) > 60 ? 1 : 0;
  }
  QVERIFY2(differing < after.width() * after.height() / 500, qPrintable(QString::number(differing)));
  // Zoomed out below the label scale: thin, never smooth.
  view.zoomBy(GraphView::kLabelScale / view.scale() / 2);
  QTest::qWait(300);
  view.repaint();
  QVERIFY(!view.lastFrame().smoothEdges);
}

// A click at a node's centre asks for its selection (an action's, or a cell's); empty space
// asks for the empty selection.
void GraphPaneTests::clickSelectsTheNodeUnderTheMouse() {
  GraphPane pane;
  autoLayout(pane);
  pane.resize(900, 600);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  const auto doc = test::exampleDocument("diamond.tsg.json");
  pane.setDocument(doc);
  QVERIFY(pane.view()->hasLayout());
  QSignalSpy spy(&pane, &GraphPane::selectionRequested);
  const GraphStructure& s = *pane.structure();
  for (std::uint32_t n = 0; n < s.nodeCount(); ++n) {
    const QPoint centre = pane.view()->mapFromScene(pane.view()->nodeRect(n).center()).toPoint();
    QCOMPARE(pane.view()->nodeAt(centre), std::optional<std::uint32_t>(n));
    QTest::mouseClick(pane.view(), Qt::LeftButton, {}, centre);
    QCOMPARE(spy.count(), int(n) + 1);
    const auto selection = spy.last().at(0).value<Selection>();
    if (s.kinds[n] == GraphStructure::NodeKind::Cell) {
      QCOMPARE(selection, (Selection{{}, {*doc->findCell(s.labels[n])}}));
    } else {
      QCOMPARE(selection, Selection::ofAction(static_cast<std::uint32_t>(actionIndex(*doc, s.labels[n]))));
    }
  }
  const QPoint empty(3, pane.view()->height() - 3);
  QVERIFY(!pane.view()->nodeAt(empty));
  QTest::mouseClick(pane.view(), Qt::LeftButton, {}, empty);
  QCOMPARE(spy.last().at(0).value<Selection>(), Selection{});
  // A drag pans and selects nothing.
  const int before = spy.count();
  const QPointF origin = pane.view()->mapToScene({0, 0});
  const QPoint from = pane.view()->mapFromScene(pane.view()->nodeRect(0).center()).toPoint();
  QTest::mousePress(pane.view(), Qt::LeftButton, {}, from);
  QMouseEvent move(QEvent::MouseMove, from + QPoint(40, 25), pane.view()->mapToGlobal(from + QPoint(40, 25)), Qt::NoButton,
                   Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(pane.view(), &move);
  QTest::mouseRelease(pane.view(), Qt::LeftButton, {}, from + QPoint(40, 25));
  QCOMPARE(spy.count(), before);
  const QPointF moved = pane.view()->mapToScene({0, 0});
  QVERIFY(std::abs((origin - moved).x() - 40 / pane.view()->scale()) < 1e-6);
  QVERIFY(std::abs((origin - moved).y() - 25 / pane.view()->scale()) < 1e-6);
}

// Ctrl+F focuses Find; the completer knows every label; Enter asks for the node and centres it.
void GraphPaneTests::findSelectsAndCentres() {
  graph::GraphDocument generated = graph::generateGraph(graph::Shape::Grid, 1500, 3, {});
  QVERIFY(graph::validate(generated).ok());
  const auto doc = std::make_shared<const graph::GraphDocument>(std::move(generated));
  GraphPane pane;
  autoLayout(pane);
  pane.resize(900, 600);
  pane.show();
  QVERIFY(QTest::qWaitForWindowActive(&pane));
  pane.setDocument(doc);
  QVERIFY(pane.view()->hasLayout());
  GraphView* view = pane.view();
  // Zoomed in on the first node: the last one is far off screen.
  view->zoomAt(1.5 / view->scale(), {0, 0});
  view->centerOn(view->nodeRect(0).center());
  const std::uint32_t last = static_cast<std::uint32_t>(doc->actions.size() - 1);
  const QString label = QString::fromStdString(doc->actions[last].id);
  QVERIFY(!view->visibleSceneRect().contains(view->nodeRect(*view->nodeOfAction(last))));

  view->setFocus();
  QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
  QVERIFY(pane.findField()->hasFocus());
  pane.completer()->setCompletionPrefix(label.left(2).toUpper());  // case-insensitive
  QVERIFY(pane.completer()->completionCount() > 1);
  QVERIFY(pane.completer()->currentCompletion().startsWith(label.left(2), Qt::CaseInsensitive));

  QSignalSpy spy(&pane, &GraphPane::selectionRequested);
  QTest::keyClicks(pane.findField(), label);
  QTest::keyClick(pane.findField(), Qt::Key_Return);
  QCOMPARE(spy.count(), 1);  // once, though the completer's popup sees the Enter too
  QCOMPARE(spy.last().at(0).value<Selection>(), Selection::ofAction(last));
  QVERIFY(view->visibleSceneRect().contains(view->nodeRect(*view->nodeOfAction(last))));

  // Ignoring case, then by prefix; nothing for an unknown label.
  view->centerOn(view->nodeRect(0).center());
  QVERIFY(pane.findNode(label.toUpper()));
  QCOMPARE(spy.last().at(0).value<Selection>(), Selection::ofAction(last));
  QVERIFY(view->visibleSceneRect().contains(view->nodeRect(*view->nodeOfAction(last))));
  QVERIFY(!pane.findNode("no such node"));
  QCOMPARE(spy.count(), 2);
}

// Focus with N levels shows exactly the nodes within N edges downstream or upstream of the
// selection, laid out on their own, with every edge among them.
void GraphPaneTests::focusShowsTheNeighbourhood_data() {
  QTest::addColumn<int>("levels");
  QTest::addColumn<bool>("cells");
  for (int levels : {1, 2, 3, 5}) {
    QTest::addRow("%d levels, cells shown", levels) << levels << true;
    QTest::addRow("%d levels, cells folded", levels) << levels << false;
  }
}

void GraphPaneTests::focusShowsTheNeighbourhood() {
  QFETCH(int, levels);
  QFETCH(bool, cells);
  graph::GraphDocument generated = graph::generateGraph(graph::Shape::Random, 300, 11, {});
  QVERIFY(graph::validate(generated).ok());
  const auto doc = std::make_shared<const graph::GraphDocument>(std::move(generated));
  GraphPane pane;
  autoLayout(pane);
  QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
  pane.resize(900, 600);
  pane.setDocument(doc);
  pane.showCellsBox()->setChecked(cells);
  const auto whole = pane.wholeStructure();
  QCOMPARE(whole->cellsShown, cells);
  const std::uint32_t action = 150;
  pane.setSelection(Selection::ofAction(action));
  QCOMPARE(pane.structure(), whole);  // focus off: everything
  pane.levelsBox()->setValue(levels);
  const int requested = layouts.count();
  pane.focusBox()->setChecked(true);
  QCOMPARE(layouts.count(), requested + 1);
  QCOMPARE(layouts.last().at(0).value<std::shared_ptr<const GraphStructure>>(), pane.structure());
  const GraphStructure& focus = *pane.structure();
  QCOMPARE(pane.view()->structure(), pane.structure());
  QVERIFY(pane.view()->hasLayout());

  const std::set<std::string> expected = neighbourhood(*whole, action, levels);
  const std::set<std::string> shown(focus.labels.begin(), focus.labels.end());
  QCOMPARE(shown, expected);
  QVERIFY(shown.size() < whole->nodeCount());
  // Every edge among them, none else; names and kinds as in the whole structure.
  std::size_t among = 0;
  for (const auto& e : whole->layoutGraph.edges) among += expected.count(whole->labels[e.from]) && expected.count(whole->labels[e.to]);
  QCOMPARE(focus.layoutGraph.edges.size(), among);
  for (std::size_t i = 0; i < focus.nodeCount(); ++i) {
    const std::uint32_t w = nodeNamed(*whole, focus.labels[i]);
    QCOMPARE(focus.kinds[i], whole->kinds[w]);
    QCOMPARE(focus.refs[i], whole->refs[w]);
  }
  // Another selection moves the focus; turning it off shows everything again (its layout kept).
  pane.setSelection(Selection::ofAction(10));
  QCOMPARE(std::set<std::string>(pane.structure()->labels.begin(), pane.structure()->labels.end()), neighbourhood(*whole, 10, levels));
  const int before = layouts.count();
  pane.focusBox()->setChecked(false);
  QCOMPARE(pane.structure(), whole);
  QCOMPARE(layouts.count(), before);
  QVERIFY(pane.view()->hasLayout());
}

// The wheel zooms around the mouse: the scene point under it stays there.
void GraphPaneTests::wheelZoomKeepsThePointUnderTheMouse() {
  const auto doc = test::exampleDocument("newton-cycle.tsg.json");
  GraphView view;
  view.resize(700, 500);
  const auto structure = buildGraphStructure(*doc, true);
  view.setGraph(structure, layOut(*structure));
  for (const QPointF mouse : {QPointF(100, 80), QPointF(610, 420), QPointF(350, 250)}) {
    const QPointF before = view.mapToScene(mouse);
    const double scale = view.scale();
    wheel(&view, mouse, 120);
    QVERIFY(std::abs(view.scale() / scale - 1.2) < 1e-9);
    QVERIFY(QLineF(view.mapToScene(mouse), before).length() < 1e-9);
    wheel(&view, mouse, -240);
    QVERIFY(std::abs(view.scale() / scale - 1 / 1.2) < 1e-9);
    QVERIFY(QLineF(view.mapToScene(mouse), before).length() < 1e-9);
  }
  // Zoom stops at its limits, still around the mouse.
  for (int i = 0; i < 60; ++i) wheel(&view, {200, 100}, 120);
  QCOMPARE(view.scale(), GraphView::kMaxScale);
}

void GraphPaneTests::keysZoomPanAndFit() {
  const auto doc = test::exampleDocument("diamond.tsg.json");
  GraphView view;
  view.resize(700, 500);
  const auto structure = buildGraphStructure(*doc, true);
  view.setGraph(structure, layOut(*structure));
  const double fitted = view.scale();
  const QPointF centre = view.mapToScene({350, 250});
  QTest::keyClick(&view, Qt::Key_Plus);
  QVERIFY(std::abs(view.scale() / fitted - 1.25) < 1e-9);
  QVERIFY(QLineF(view.mapToScene({350, 250}), centre).length() < 1e-9);
  QTest::keyClick(&view, Qt::Key_Minus);
  QTest::keyClick(&view, Qt::Key_Minus);
  QVERIFY(std::abs(view.scale() / fitted - 0.8) < 1e-9);
  const QPointF origin = view.mapToScene({0, 0});
  QTest::keyClick(&view, Qt::Key_Right);  // the view moves right: the scene goes left
  QVERIFY(view.mapToScene({0, 0}).x() > origin.x());
  QTest::keyClick(&view, Qt::Key_Down);
  QVERIFY(view.mapToScene({0, 0}).y() > origin.y());
  QTest::keyClick(&view, Qt::Key_0);
  QCOMPARE(view.scale(), fitted);
  QVERIFY(view.visibleSceneRect().contains(view.sceneBounds()));
}

// Fit shows the whole bounds, from anywhere, in a small graph and in the 10,000-node grid.
void GraphPaneTests::fitShowsTheWholeBounds() {
  for (const char* file : {"newton-cycle.tsg.json", "grid-10000.tsg.json"}) {
    GraphPane pane;
    autoLayout(pane);
    QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
    pane.resize(900, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setDocument(test::exampleDocument(file));
    if (!pane.view()->hasLayout()) QVERIFY(layouts.wait(20000));  // built off the UI thread
    GraphView* view = pane.view();
    QVERIFY(view->hasLayout());
    view->zoomAt(4, {10, 10});
    view->panBy({-300, 200});
    QVERIFY(!view->visibleSceneRect().contains(view->sceneBounds()));
    pane.fitAction()->trigger();
    QVERIFY2(view->visibleSceneRect().contains(view->sceneBounds()), file);
    for (std::uint32_t n = 0; n < view->structure()->nodeCount(); ++n) {
      QVERIFY(QRectF(view->rect()).contains(deviceRect(*view, n)));
    }
    // Tightly: the bounds fill the width or the height (small graphs stop at kMaxFitScale).
    const QRectF shown(view->mapFromScene(view->sceneBounds().topLeft()), view->mapFromScene(view->sceneBounds().bottomRight()));
    QVERIFY(shown.width() > view->width() - 60 || shown.height() > view->height() - 60 ||
            view->scale() == GraphView::kMaxFitScale);
  }
}

// Until its layout arrives a structure is not drawn ("Laying out N nodes…"); a layout for
// another structure (another hash, or the structure shown before) is dropped.
void GraphPaneTests::staleLayoutIsIgnored() {
  GraphPane pane;
  QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
  pane.resize(700, 500);
  const auto doc = test::exampleDocument("diamond.tsg.json");
  pane.setDocument(doc);
  QCOMPARE(layouts.count(), 1);
  const auto shown = layouts.last().at(0).value<std::shared_ptr<const GraphStructure>>();
  QCOMPARE(shown, pane.structure());
  QVERIFY(!pane.view()->hasLayout());
  QCOMPARE(pane.view()->accessibleDescription(), QString("Laying out 8 nodes…"));
  const auto layout = layOut(*shown);
  pane.setLayout(layout, shown->hash + 1);
  QVERIFY(!pane.view()->hasLayout());
  const auto folded = buildGraphStructure(*doc, false);
  pane.setLayout(layOut(*folded), folded->hash);
  QVERIFY(!pane.view()->hasLayout());
  QCOMPARE(pane.view()->lastFrame().nodes, std::size_t(0));
  pane.setLayout(layout, shown->hash);
  QVERIFY(pane.view()->hasLayout());
  QCOMPARE(pane.view()->graphLayout(), layout);
  QCOMPARE(pane.view()->accessibleDescription(), QString("8 nodes, 10 edges; nothing selected"));
  // Cells folded: the shown structure's layout arriving late is stale now.
  pane.showCellsBox()->setChecked(false);
  QCOMPARE(layouts.count(), 2);
  pane.setLayout(layout, shown->hash);
  QVERIFY(!pane.view()->hasLayout());
  QCOMPARE(pane.view()->accessibleDescription(), QString("Laying out 4 nodes…"));
  // Another document: its predecessor's layouts are stale too.
  pane.setDocument(test::exampleDocument("newton-cycle.tsg.json"));
  pane.setLayout(layOut(*folded), folded->hash);
  QVERIFY(!pane.view()->hasLayout());
  pane.setDocument(nullptr);
  QVERIFY(!pane.structure());
  QCOMPARE(pane.view()->accessibleDescription(), QString("No graph open"));
}

// Small documents show their cells, large ones fold them (built off the UI thread); the box
// switches, and a structure seen before comes back with its layout at once.
void GraphPaneTests::cellsShownAndFolded() {
  GraphPane pane;
  autoLayout(pane);
  QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
  pane.resize(900, 600);
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  QVERIFY(pane.showCellsBox()->isChecked());
  QVERIFY(pane.structure()->cellsShown);
  QCOMPARE(pane.view()->structure()->nodeCount(), std::size_t(8));
  pane.showCellsBox()->setChecked(false);
  QCOMPARE(layouts.count(), 2);
  QVERIFY(!pane.structure()->cellsShown);
  QCOMPARE(pane.view()->structure()->nodeCount(), std::size_t(4));
  QVERIFY(pane.view()->hasLayout());
  pane.showCellsBox()->setChecked(true);
  QCOMPARE(layouts.count(), 2);  // its layout was kept
  QCOMPARE(pane.view()->structure()->nodeCount(), std::size_t(8));
  QVERIFY(pane.view()->hasLayout());

  const auto grid = test::exampleDocument("grid-10000.tsg.json");
  pane.setDocument(grid);
  QVERIFY(!pane.showCellsBox()->isChecked());
  QVERIFY(!pane.structure());  // building in the background
  QCOMPARE(pane.view()->accessibleDescription(), QString("Laying out %1 nodes…").arg(grid->actions.size()));
  QVERIFY(layouts.wait(20000));
  QVERIFY(!pane.structure()->cellsShown);
  QCOMPARE(pane.structure()->nodeCount(), grid->actions.size());
  QVERIFY(pane.view()->hasLayout());
  // A stale background build (the document changed meanwhile) is dropped.
  pane.showCellsBox()->setChecked(true);
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  QCOMPARE(pane.structure()->nodeCount(), std::size_t(8));
  QTest::qWait(300);
  QCOMPARE(pane.structure()->nodeCount(), std::size_t(8));
}

// Hovering a node highlights its edges and its tooltip names it, its kind, state and value.
void GraphPaneTests::hoverHighlightsEdgesAndShowsATooltip() {
  const auto doc = test::exampleDocument("diamond.tsg.json");
  auto runner = test::runnerFor(doc);
  const auto snap = test::snapshotAfter(*runner, 3);  // left, right dirty; join check; show pending
  GraphPane pane;
  autoLayout(pane);
  pane.resize(900, 600);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  pane.setDocument(doc);
  pane.setSnapshot(snap);
  GraphView* view = pane.view();
  const GraphStructure& s = *view->structure();
  const std::uint32_t join = nodeNamed(s, "join");
  const QPointF centre = view->mapFromScene(view->nodeRect(join).center());
  hover(view, centre);
  QCOMPARE(view->hoveredNode(), std::optional<std::uint32_t>(join));
  const QImage image = render(*view);
  // Each of join's edges (b -> join, c -> join, join -> d) is pink at its middle; others are not.
  int pink = 0;
  for (std::size_t k = 0; k < s.layoutGraph.edges.size(); ++k) {
    const auto& pts = view->graphLayout()->edges[k].points;
    const std::size_t mid = pts.size() / 2;
    const QPointF m = view->mapFromScene(QPointF((pts[mid - 1].x + pts[mid].x) / 2, (pts[mid - 1].y + pts[mid].y) / 2));
    const bool incident = s.layoutGraph.edges[k].from == join || s.layoutGraph.edges[k].to == join;
    QCOMPARE(near(image, m, GraphView::hoverColor(), 2, 40), incident);
    pink += incident;
  }
  QCOMPARE(pink, 3);
  const QString tip = view->toolTipForNode(join);
  QCOMPARE(tip.split('\n').value(0), QString("join"));
  QCOMPARE(tip.split('\n').value(1), QString("computation"));
  QVERIFY(tip.contains("state: check"));
  QVERIFY(tip.contains(QString("value: d = %1").arg(formatNumber(snap->cells[*doc->findCell("d")]))));
  QVERIFY(view->toolTipForNode(nodeNamed(s, "a")).contains(QString("value: %1").arg(formatNumber(snap->cells[*doc->findCell("a")]))));
  QHelpEvent help(QEvent::ToolTip, centre.toPoint(), view->mapToGlobal(centre.toPoint()));
  QApplication::sendEvent(view, &help);
  QCOMPARE(QToolTip::text(), tip);
  hover(view, {3, 3});
  QVERIFY(!view->hoveredNode());
}

// The selection is drawn with a thick outline, and centred when it is off screen.
void GraphPaneTests::selectionIsDrawnAndCentred() {
  graph::GraphDocument generated = graph::generateGraph(graph::Shape::Grid, 800, 5, {});
  QVERIFY(graph::validate(generated).ok());
  const auto doc = std::make_shared<const graph::GraphDocument>(std::move(generated));
  GraphPane pane;
  autoLayout(pane);
  pane.resize(900, 600);
  pane.setDocument(doc);
  GraphView* view = pane.view();
  view->zoomAt(1.5 / view->scale(), {0, 0});
  view->centerOn(view->nodeRect(0).center());
  const std::uint32_t target = static_cast<std::uint32_t>(doc->actions.size() - 3);
  const std::uint32_t node = *view->nodeOfAction(target);
  QVERIFY(!view->visibleSceneRect().contains(view->nodeRect(node)));
  pane.setSelection(Selection::ofAction(target));
  QVERIFY(view->visibleSceneRect().contains(view->nodeRect(node)));
  QVERIFY(view->accessibleDescription().endsWith("selected: " + QString::fromStdString(doc->actions[target].id)));
  const QRectF r = deviceRect(*view, node);
  const QImage image = render(*view);
  QVERIFY(near(image, QPointF(r.left() - 5, r.center().y()), GraphView::selectionColor(), 1, 30));
  QVERIFY(near(image, QPointF(r.right() + 5, r.center().y()), GraphView::selectionColor(), 1, 30));
  // An unselected neighbour has no ring.
  pane.setSelection({});
  QVERIFY(!near(render(*view), QPointF(r.left() - 5, r.center().y()), GraphView::selectionColor(), 1, 30));
}

// Zoomed out, the 10,000-node grid is drawn whole as plain rectangles (no labels, no
// antialiasing); zoomed in, only what is visible, with labels; the overview map is there.
void GraphPaneTests::levelOfDetailOnALargeGraph() {
  GraphPane pane;
  autoLayout(pane);
  QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
  pane.resize(900, 600);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  const auto doc = test::exampleDocument("grid-10000.tsg.json");
  pane.setDocument(doc);
  QVERIFY(layouts.wait(20000));
  auto runner = test::runnerFor(doc);
  pane.setSnapshot(test::snapshotAfter(*runner, 3));
  GraphView* view = pane.view();
  render(*view);
  QCOMPARE(view->lastFrame().nodes, doc->actions.size());
  QVERIFY(!view->lastFrame().labels);
  QVERIFY(!view->lastFrame().antialiased);
  QVERIFY(pane.overview()->isVisible());
  QVERIFY(view->geometry().contains(pane.overview()->geometry().translated(view->pos())));
  view->zoomAt(1.2 / view->scale(), view->mapFromScene(view->nodeRect(0).center()));
  render(*view);
  QVERIFY(view->lastFrame().labels);
  QVERIFY(view->lastFrame().antialiased);
  QVERIFY(view->lastFrame().nodes > 0 && view->lastFrame().nodes < 400);
  QVERIFY(view->lastFrame().edges < 2000);
  // A click in the overview map centres the view there.
  const QRectF map = pane.overview()->mapRect();
  QTest::mouseClick(pane.overview(), Qt::LeftButton, {}, map.center().toPoint());
  QVERIFY(QLineF(view->visibleSceneRect().center(), view->sceneBounds().center()).length() < view->sceneBounds().width() / 50);
  // A small graph has no overview.
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  QVERIFY(!pane.overview()->isVisible());
}

void GraphPaneTests::screenReaderReadsThePane() {
  GraphPane pane;
  autoLayout(pane);
  pane.resize(900, 600);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  const auto doc = test::exampleDocument("diamond.tsg.json");
  pane.setDocument(doc);
  QCOMPARE(accessibleText(pane.view(), QAccessible::Name), QString("Graph"));
  QCOMPARE(accessibleText(pane.view(), QAccessible::Description), QString("8 nodes, 10 edges; nothing selected"));
  pane.setSelection(Selection::ofAction(static_cast<std::uint32_t>(actionIndex(*doc, "join"))));
  QCOMPARE(accessibleText(pane.view(), QAccessible::Description), QString("8 nodes, 10 edges; selected: join"));
  pane.setSelection(Selection{{2, 0}, {*doc->findCell("a")}});
  QCOMPARE(accessibleText(pane.view(), QAccessible::Description), QString("8 nodes, 10 edges; selected: join, left, a"));

  QCOMPARE(accessibleText(pane.legend(), QAccessible::Name), QString("Graph legend"));
  const QString legend = accessibleText(pane.legend(), QAccessible::Description);
  QCOMPARE(legend, pane.legend()->text());
  for (const char* words : {"a computation is a rectangle", "an effect a rectangle with a double border", "a cell a rounded box",
                            "ran this step, light blue with a blue outline", "errored, red", "in a cycle, purple",
                            "debounced, teal, its badge the time left", "pending, amber", "dirty, orange", "light orange",
                            "never run, grey with a dimmed label", "clean, white", "Deprioritized", "Selected"}) {
    QVERIFY2(legend.contains(words), words);
  }
  const QStringList entries = pane.legend()->entries();
  for (const char* e : {"Computation", "Effect", "Cell", "Ran this step", "Errored", "In a cycle (iteration)",
                        "Debounced (time left)", "Pending", "Dirty", "Check", "Never run", "Clean", "Deprioritized", "Selected"}) {
    QVERIFY2(entries.contains(e), e);
  }
  QCOMPARE(accessibleText(pane.toolBar()->widgetForAction(pane.fitAction()), QAccessible::Name), QString("Fit"));
  QCOMPARE(accessibleText(pane.toolBar()->widgetForAction(pane.zoomInAction()), QAccessible::Name), QString("Zoom In"));
  QCOMPARE(accessibleText(pane.toolBar()->widgetForAction(pane.zoomOutAction()), QAccessible::Name), QString("Zoom Out"));
  QCOMPARE(accessibleText(pane.showCellsBox(), QAccessible::Name), QString("Show cells"));
  QCOMPARE(accessibleText(pane.focusBox(), QAccessible::Name), QString("Focus"));
  QCOMPARE(accessibleText(pane.levelsBox(), QAccessible::Name), QString("Focus levels"));
  QCOMPARE(accessibleText(pane.findField(), QAccessible::Name), QString("Find node"));
  QCOMPARE(accessibleText(pane.overview(), QAccessible::Name), QString("Overview map"));
  // Every button has a name, the ones Qt adds on its own too (the tool bar's extension, the
  // find field's clear button).
  for (QToolButton* b : pane.findChildren<QToolButton*>())
    QVERIFY2(!accessibleText(b, QAccessible::Name).isEmpty(), qPrintable(b->objectName()));
}

// What a user sees (TICKSCOPE_SCREENSHOT_DIR=dir saves the renders): newton-cycle with its
// cells at 900x600, and the 10,000-node grid zoomed out and in. Every node is in view and no
// two nodes' boxes overlap on screen.
void GraphPaneTests::rendersForAUser() {
  {
    const auto doc = test::exampleDocument("newton-cycle.tsg.json");
    auto runner = test::runnerFor(doc);
    GraphPane pane;
    autoLayout(pane);
    pane.resize(900, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setDocument(doc);
    pane.setSnapshot(test::snapshotAfter(*runner, 3));
    pane.setSelection(Selection::ofAction(0));
    QVERIFY(pane.showCellsBox()->isChecked());
    QVERIFY(pane.legend()->isVisible() && pane.legend()->height() >= pane.legend()->heightForWidth(pane.legend()->width()));
    QVERIFY(pane.view()->height() > 350);
    QVERIFY(pane.view()->scale() >= 1.0);  // labels and values readable
    saveShot(pane, "graph-newton.png");
    pane.setSnapshot(test::snapshotAfter(*runner, 4));
    saveShot(pane, "graph-newton-ran.png");
  }
  {
    const auto doc = test::exampleDocument("grid-10000.tsg.json");
    auto runner = test::runnerFor(doc);
    GraphPane pane;
    autoLayout(pane);
    QSignalSpy layouts(&pane, &GraphPane::layoutRequested);
    pane.resize(900, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setDocument(doc);
    QVERIFY(layouts.wait(20000));
    pane.setSnapshot(test::snapshotAfter(*runner, 4));
    saveShot(pane, "graph-grid-out.png");
    GraphView* view = pane.view();
    view->zoomAt(1.2 / view->scale(), view->mapFromScene(view->nodeRect(5000).center()));
    saveShot(pane, "graph-grid-in.png");
  }
}

QTEST_MAIN(GraphPaneTests)
#include "graph_pane_tests.moc"
