// GraphvizLayouter: dot's layout checked by geometric relations within a tolerance (KDSME's
// habit), never exact coordinates, so a Graphviz upgrade does not break these tests: edges of a
// DAG point down, boxes do not overlap, routes run from their source's box to their target's,
// the bounds hold everything. Also the process-wide serialization, the locale, cancelling.
#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <clocale>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>

#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_structure.h"
#include "layout/graphviz_layouter.h"
#include "layout/graphviz_layouter_p.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views::layout;

namespace {

constexpr double kTolerance = 4.0;  // points: Graphviz rounds, and clips routes at the border

Rect box(const LayoutGraph& g, const GraphLayout& l, std::size_t i) {
  const LayoutNode& n = g.nodes[i];
  return {l.nodes[i].x - n.width / 2, l.nodes[i].y - n.height / 2, n.width, n.height};
}

double distance(const Point& p, const Rect& r) {
  const double dx = std::max({r.x - p.x, 0.0, p.x - (r.x + r.width)});
  const double dy = std::max({r.y - p.y, 0.0, p.y - (r.y + r.height)});
  return std::hypot(dx, dy);
}

bool isDag(const LayoutGraph& g) {  // Kahn's algorithm
  std::vector<int> in(g.nodes.size(), 0);
  std::vector<std::vector<std::uint32_t>> out(g.nodes.size());
  for (const LayoutEdge& e : g.edges) {
    if (e.from == e.to) return false;
    ++in[e.to];
    out[e.from].push_back(e.to);
  }
  std::vector<std::uint32_t> ready;
  for (std::uint32_t i = 0; i < g.nodes.size(); ++i) {
    if (in[i] == 0) ready.push_back(i);
  }
  std::size_t seen = 0;
  while (!ready.empty()) {
    const std::uint32_t n = ready.back();
    ready.pop_back();
    ++seen;
    for (std::uint32_t t : out[n]) {
      if (--in[t] == 0) ready.push_back(t);
    }
  }
  return seen == g.nodes.size();
}

// violation: the first broken relation of `l` as a layout of `g`, or "" when all hold.
QString violation(const LayoutGraph& g, const GraphLayout& l) {
  if (l.engine != "dot") return "engine " + QString::fromStdString(l.engine);
  if (l.nodes.size() != g.nodes.size() || l.edges.size() != g.edges.size()) return "sizes differ from the graph";
  if (!l.layers.empty() && l.layers.size() != g.nodes.size()) return "layers and nodes differ in size";
  const Rect& b = l.bounds;
  if (std::abs(b.x) > 0.01 || std::abs(b.y) > 0.01) return QString("bounds start at %1,%2").arg(b.x).arg(b.y);
  const auto inBounds = [&](const Point& p) {
    return std::isfinite(p.x) && std::isfinite(p.y) && p.x >= b.x - 0.5 && p.y >= b.y - 0.5 &&
           p.x <= b.x + b.width + 0.5 && p.y <= b.y + b.height + 0.5;
  };
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const Rect r = box(g, l, i);
    if (!inBounds({r.x, r.y}) || !inBounds({r.x + r.width, r.y + r.height})) return QString("node %1 outside the bounds").arg(i);
  }
  // No two boxes overlap (by more than rounding): sweep over x.
  std::vector<std::size_t> order(g.nodes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto c) { return box(g, l, a).x < box(g, l, c).x; });
  for (std::size_t a = 0; a < order.size(); ++a) {
    const Rect ra = box(g, l, order[a]);
    for (std::size_t c = a + 1; c < order.size(); ++c) {
      const Rect rc = box(g, l, order[c]);
      if (rc.x >= ra.x + ra.width - 0.5) break;
      const double overlapY = std::min(ra.y + ra.height, rc.y + rc.height) - std::max(ra.y, rc.y);
      if (overlapY > 0.5) return QString("nodes %1 and %2 overlap").arg(order[a]).arg(order[c]);
    }
  }
  const bool dag = isDag(g);
  for (std::size_t k = 0; k < g.edges.size(); ++k) {
    const LayoutEdge& e = g.edges[k];
    if (dag && !(l.nodes[e.to].y > l.nodes[e.from].y + 1)) return QString("DAG edge %1 does not point down").arg(k);
    const EdgeRoute& r = l.edges[k];
    if (r.points.empty()) return QString("edge %1 has no route").arg(k);
    if (!r.bezier || r.points.size() < 4 || r.points.size() % 3 != 1) return QString("edge %1: not a Bezier chain").arg(k);
    for (const Point& p : r.points) {
      if (!inBounds(p)) return QString("edge %1 leaves the bounds").arg(k);
    }
    const double atSource = distance(r.points.front(), box(g, l, e.from));
    const double atTarget = distance(r.points.back(), box(g, l, e.to));
    if (atSource > kTolerance || atTarget > kTolerance) {
      return QString("edge %1 (%2 -> %3) runs %4 from its source, %5 from its target").arg(k).arg(e.from).arg(e.to).arg(atSource).arg(atTarget);
    }
  }
  return {};
}

LayoutGraph handMade() {
  // 0 -> 1 -> 3, 0 -> 2 -> 3, a long edge 0 -> 4 past them, 3 -> 4, two parallel edges 1 -> 3,
  // edges listed out of order; boxes of different sizes.
  LayoutGraph g;
  g.nodes = {{80, 24}, {40, 30}, {120, 20}, {60, 40}, {30, 30}};
  g.edges = {{3, 4}, {0, 4}, {1, 3}, {0, 1}, {2, 3}, {0, 2}, {1, 3}};
  return g;
}

LayoutGraph generated(graph::Shape shape, std::size_t nodes, bool cells) {
  graph::GraphDocument document = graph::generateGraph(shape, nodes, 1);
  if (!graph::validate(document).ok()) qFatal("the generated graph does not validate");
  return views::buildGraphStructure(document, cells)->layoutGraph;
}

std::optional<GraphLayout> dot(const LayoutGraph& g) {
  GraphvizLayouter layouter;
  const std::atomic<bool> cancelled{false};
  return layouter.layout(g, cancelled);
}

std::string numericLocale() {
  const char* name = std::setlocale(LC_NUMERIC, nullptr);
  return name != nullptr ? name : "";
}

}  // namespace

class GraphvizLayouterTests : public QObject {
  Q_OBJECT
 private slots:
  void cleanup();
  void handMadeGraph();
  void examples_data();
  void examples();
  void grid1000();
  void sameGraphSameLayout();
  void emptyGraphAndBadEdges();
  void localeIsCDuringAndRestoredAfter();
  void parallelCallsAreSerialized();
  void cancelledBeforeOrDuring();
};

void GraphvizLayouterTests::cleanup() { GraphvizBackend::setProbeForTests({}); }

void GraphvizLayouterTests::handMadeGraph() {
  const LayoutGraph g = handMade();
  GraphvizLayouter layouter;
  QCOMPARE(layouter.name(), std::string_view("dot"));
  const auto l = dot(g);
  QVERIFY(l);
  QCOMPARE(violation(g, *l), QString());
  // Ranks: 0 on top, 3 below 1 and 2, 4 at the bottom.
  QCOMPARE(l->layers.size(), g.nodes.size());
  QCOMPARE(l->layers[0], 0u);
  QVERIFY(l->layers[3] > l->layers[1] && l->layers[4] > l->layers[3]);
  // The two parallel edges 1 -> 3 are routed apart.
  QVERIFY(l->edges[2].points != l->edges[6].points);
  // The rank gap is at least the rank separation asked for (48 points), in points.
  QVERIFY(l->nodes[1].y - l->nodes[0].y >= 12 + 15 + 48 - kTolerance);
}

void GraphvizLayouterTests::examples_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("cells");
  for (const char* file : {"diamond.tsg.json", "newton-cycle.tsg.json", "avoidable-work.tsg.json",
                           "runaway-cycle.tsg.json", "debounce-storm.tsg.json", "request-dangling.tsg.json"}) {
    QTest::addRow("%s cells", file) << file << true;
    QTest::addRow("%s folded", file) << file << false;
  }
}

void GraphvizLayouterTests::examples() {
  QFETCH(QString, file);
  QFETCH(bool, cells);
  const auto structure = views::buildGraphStructure(*views::test::exampleDocument(file.toStdString()), cells);
  const LayoutGraph& g = structure->layoutGraph;
  const auto l = dot(g);
  QVERIFY(l);
  QCOMPARE(violation(g, *l), QString());
}

void GraphvizLayouterTests::grid1000() {
  const LayoutGraph g = generated(graph::Shape::Grid, 1000, false);
  QVERIFY(g.nodes.size() >= 1000);
  QVERIFY(isDag(g));
  QElapsedTimer timer;
  timer.start();
  const auto l = dot(g);
  const qint64 ms = timer.elapsed();
  qInfo("dot on the %zu-node grid: %lld ms", g.nodes.size(), static_cast<long long>(ms));
  QVERIFY(l);
  QCOMPARE(violation(g, *l), QString());
  QVERIFY2(ms < 20000, "dot's effort limits (nslimit, mclimit) are lost");  // ~0.2 s measured
}

void GraphvizLayouterTests::sameGraphSameLayout() {
  const LayoutGraph g = generated(graph::Shape::Random, 150, true);
  const auto a = dot(g);
  const auto b = dot(g);
  QVERIFY(a && b);
  QCOMPARE(violation(g, *a), QString());
  QVERIFY(a->nodes == b->nodes);
  QVERIFY(a->edges == b->edges);
}

void GraphvizLayouterTests::emptyGraphAndBadEdges() {
  const auto empty = dot({});
  QVERIFY(empty);
  QVERIFY(empty->nodes.empty());
  QCOMPARE(empty->engine, std::string("dot"));

  LayoutGraph g;
  g.nodes = {{60, 24}, {60, 24}};
  g.edges = {{0, 1}, {0, 7}, {1, 1}};  // an edge to a missing node; a self-loop
  const auto l = dot(g);
  QVERIFY(l);
  QCOMPARE(l->edges.size(), std::size_t(3));
  QVERIFY(l->edges[1].points.empty());
  QVERIFY(l->edges[0].points.size() >= 4);
  QVERIFY(l->nodes[1].y > l->nodes[0].y + 1);
  for (const Point& p : l->edges[2].points) {  // the loop stays near its node
    QVERIFY(distance(p, box(g, *l, 1)) < 60);
  }
}

void GraphvizLayouterTests::localeIsCDuringAndRestoredAfter() {
  const std::string before = numericLocale();
  // A decimal comma if installed (it would turn "0.5" into 0 for atof); else C.UTF-8, which at
  // least shows whether the guard restores a locale that is not "C".
  std::string outside = "de_DE.UTF-8";
  bool comma = std::setlocale(LC_NUMERIC, outside.c_str()) != nullptr;
  if (comma) {
    QCOMPARE(std::localeconv()->decimal_point, ",");
  } else {
    qInfo("de_DE.UTF-8 is not installed: the decimal comma part is skipped");
    outside = "C.UTF-8";
    QVERIFY(std::setlocale(LC_NUMERIC, outside.c_str()) != nullptr);
  }
  outside = numericLocale();  // the name as the C library spells it
  std::string during;
  GraphvizBackend::setProbeForTests([&] { during = numericLocale(); });
  const LayoutGraph g = handMade();
  const auto l = dot(g);
  const std::string after = numericLocale();
  std::setlocale(LC_NUMERIC, before.c_str());

  QCOMPARE(during, std::string("C"));
  QCOMPARE(after, outside);
  QVERIFY(l);
  // Numbers not mangled: sizes and gaps read as given (a mangled "0.8333" is 0, and Graphviz's
  // minimum box would let ours overlap), positions finite and sensible.
  QCOMPARE(violation(g, *l), QString());
  QVERIFY(l->bounds.width >= 120 && l->bounds.width < 2000);
  QVERIFY(l->bounds.height >= 3 * 48 && l->bounds.height < 2000);
}

void GraphvizLayouterTests::parallelCallsAreSerialized() {
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> probes{0};
  GraphvizBackend::setProbeForTests([&] {
    const int now = ++inside;
    most = std::max(most.load(), now);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a window for another call to overlap
    ++probes;
    --inside;
  });
  const LayoutGraph g = generated(graph::Shape::Grid, 300, false);
  std::optional<GraphLayout> a, b;
  std::thread first([&] { a = dot(g); });
  std::thread second([&] { b = dot(g); });
  first.join();
  second.join();
  QVERIFY(a && b);
  QCOMPARE(probes.load(), 2);
  QCOMPARE(most.load(), 1);
  QCOMPARE(violation(g, *a), QString());
  QVERIFY(a->nodes == b->nodes);
}

void GraphvizLayouterTests::cancelledBeforeOrDuring() {
  const LayoutGraph g = generated(graph::Shape::Grid, 1000, false);
  GraphvizLayouter layouter;
  std::atomic<bool> cancelled{true};
  bool ran = false;
  GraphvizBackend::setProbeForTests([&] { ran = true; });
  QElapsedTimer timer;
  timer.start();
  QVERIFY(!layouter.layout(g, cancelled));
  QVERIFY(!ran);
  QVERIFY(timer.elapsed() < 100);
  // Set while dot runs: it runs to its end (it cannot be interrupted), then gives nothing.
  cancelled = false;
  GraphvizBackend::setProbeForTests([&] {
    ran = true;
    cancelled = true;
  });
  QVERIFY(!layouter.layout(g, cancelled));
  QVERIFY(ran);
  // And a layout after it works again.
  cancelled = false;
  GraphvizBackend::setProbeForTests({});
  QVERIFY(layouter.layout(handMade(), cancelled));
}

QTEST_MAIN(GraphvizLayouterTests)
#include "graphviz_layouter_tests.moc"
