// LayoutService: the order and staleness of what layoutReady delivers (layered, then dot, only
// the newest request's), the threshold, the caches in memory and on disk (QStandardPaths' test
// mode: ~/.qttest), a damaged cache file, and a destructor that never waits for Graphviz.
#include <QtTest/QtTest>

#include <atomic>
#include <memory>
#include <vector>

#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_structure.h"
#include "layout/graphviz_layouter.h"
#include "layout/graphviz_layouter_p.h"
#include "layout/layout_cache.h"
#include "layout/layout_service.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views::layout;

namespace {

constexpr int kWaitMs = 30000;  // for layouts; generous, as CI machines are slow

struct Delivery {
  quint64 generation;
  std::shared_ptr<const GraphLayout> layout;
};

// Deliveries: every layoutReady of `service`, with the time it came.
struct Deliveries {
  std::vector<Delivery> all;
  explicit Deliveries(LayoutService& service) {
    QObject::connect(&service, &LayoutService::layoutReady, &service,
                     [this](quint64 generation, std::shared_ptr<const GraphLayout> layout) {
                       all.push_back({generation, std::move(layout)});
                     });
  }
  std::size_t size() const { return all.size(); }
  std::string engine(std::size_t i) const { return all.at(i).layout ? all.at(i).layout->engine : "(null)"; }
};

struct Input {
  std::shared_ptr<const LayoutGraph> graph;
  std::uint64_t key;
};

Input example(const char* file, bool cells = true) {
  const auto s = views::buildGraphStructure(*views::test::exampleDocument(file), cells);
  return {std::make_shared<const LayoutGraph>(s->layoutGraph), s->hash};
}

Input generated(graph::Shape shape, std::size_t nodes) {
  graph::GraphDocument document = graph::generateGraph(shape, nodes, 1);
  if (!graph::validate(document).ok()) qFatal("the generated graph does not validate");
  const auto s = views::buildGraphStructure(document, false);
  return {std::make_shared<const LayoutGraph>(s->layoutGraph), s->hash};
}

// waitForGraphviz: returns once no dot layout runs (they are serialized: this one waits its turn).
void waitForGraphviz() {
  LayoutGraph tiny;
  tiny.nodes.resize(1);
  const std::atomic<bool> no{false};
  GraphvizLayouter().layout(tiny, no);
}

}  // namespace

class LayoutServiceTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void smallGraphLayeredThenDot();
  void newerRequestSupersedesOlder();
  void staleQueuedDotIsSkipped();
  void aboveThresholdOnlyLayered();
  void cancelDeliversNothing();
  void cachedInMemory();
  void cachedOnDisk();
  void destroyingWhileDotRunsReturnsAtOnce();
  void damagedCacheFileIsIgnored();
  void fileFormatRoundTripAndDamage();
};

void LayoutServiceTests::initTestCase() { QStandardPaths::setTestModeEnabled(true); }

void LayoutServiceTests::init() {
  const QString folder = LayoutCache().folder();
  QVERIFY(folder.contains(QStringLiteral(".qttest")));
  QDir(folder).removeRecursively();
}

void LayoutServiceTests::cleanup() {
  GraphvizBackend::setProbeForTests({});
  waitForGraphviz();  // no dot job of this test runs into the next one
}

void LayoutServiceTests::smallGraphLayeredThenDot() {
  LayoutService service;
  service.setDiskCacheEnabled(false);
  Deliveries got(service);
  const Input in = example("diamond.tsg.json");
  QVERIFY(!service.busy());
  const quint64 generation = service.request(in.graph, in.key);
  QCOMPARE(service.generation(), generation);
  QVERIFY(service.busy());
  QTRY_VERIFY_WITH_TIMEOUT(got.size() >= 1, kWaitMs);
  QCOMPARE(service.busy(), got.size() < 2);  // until dot's has come
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(2), kWaitMs);
  QVERIFY(!service.busy());
  QCOMPARE(got.engine(0), std::string("layered"));
  QCOMPARE(got.engine(1), std::string("dot"));
  for (const Delivery& d : got.all) {
    QCOMPARE(d.generation, generation);
    QCOMPARE(d.layout->nodes.size(), in.graph->nodes.size());
  }
  QTest::qWait(100);
  QCOMPARE(got.size(), std::size_t(2));
}

void LayoutServiceTests::newerRequestSupersedesOlder() {
  LayoutService service;
  service.setDiskCacheEnabled(false);
  Deliveries got(service);
  const Input first = generated(graph::Shape::Grid, 1000);  // dot: a few hundred ms
  const Input second = example("newton-cycle.tsg.json");
  service.request(first.graph, first.key);
  const quint64 generation = service.request(second.graph, second.key);
  // The second dot runs after the first (one Graphviz thread): when it is here, both ended.
  QTRY_VERIFY_WITH_TIMEOUT(got.size() >= 2, kWaitMs);
  QTest::qWait(100);
  QCOMPARE(got.size(), std::size_t(2));
  QCOMPARE(got.engine(0), std::string("layered"));
  QCOMPARE(got.engine(1), std::string("dot"));
  for (const Delivery& d : got.all) {
    QCOMPARE(d.generation, generation);
    QCOMPARE(d.layout->nodes.size(), second.graph->nodes.size());
  }
}

void LayoutServiceTests::staleQueuedDotIsSkipped() {
  std::atomic<int> dotRuns{0};
  GraphvizBackend::setProbeForTests([&] { ++dotRuns; });
  LayoutService service;
  service.setDiskCacheEnabled(false);
  Deliveries got(service);
  const Input busy = generated(graph::Shape::Random, 1000);  // keeps the Graphviz thread busy
  const std::uint64_t dotsBefore = GraphvizBackend::layoutsStarted();
  service.request(busy.graph, busy.key);
  QTRY_VERIFY_WITH_TIMEOUT(got.size() >= 1, kWaitMs);  // its layered layout
  QTRY_VERIFY_WITH_TIMEOUT(GraphvizBackend::layoutsStarted() > dotsBefore, kWaitMs);  // and dot under way
  for (const char* file : {"diamond.tsg.json", "avoidable-work.tsg.json", "debounce-storm.tsg.json"}) {
    const Input in = example(file);
    service.request(in.graph, in.key);  // each queues a dot job behind the busy one
  }
  const Input last = example("runaway-cycle.tsg.json");
  const quint64 generation = service.request(last.graph, last.key);
  QTRY_VERIFY_WITH_TIMEOUT(!got.all.empty() && got.all.back().generation == generation && got.engine(got.size() - 1) == "dot",
                           kWaitMs);
  // The busy layout and the newest ran; the three queued between them were skipped.
  QCOMPARE(dotRuns.load(), 2);
}

void LayoutServiceTests::aboveThresholdOnlyLayered() {
  LayoutService service;
  service.setDiskCacheEnabled(false);
  QCOMPARE(service.dotThreshold(), std::size_t(2000));
  const Input in = example("diamond.tsg.json");  // 8 nodes
  service.setDotThreshold(in.graph->nodes.size() - 1);
  std::atomic<int> dotRuns{0};
  GraphvizBackend::setProbeForTests([&] { ++dotRuns; });
  Deliveries got(service);
  const quint64 generation = service.request(in.graph, in.key);
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(1), kWaitMs);
  QVERIFY(!service.busy());  // no dot to wait for
  QCOMPARE(got.engine(0), std::string("layered"));
  QCOMPARE(got.all[0].generation, generation);
  QTest::qWait(300);
  QCOMPARE(got.size(), std::size_t(1));
  QCOMPARE(dotRuns.load(), 0);
}

void LayoutServiceTests::cancelDeliversNothing() {
  LayoutService service;
  service.setDiskCacheEnabled(false);
  Deliveries got(service);
  const Input in = example("diamond.tsg.json");
  service.request(in.graph, in.key);
  service.cancel();
  QVERIFY(!service.busy());
  QTest::qWait(300);
  QCOMPARE(got.size(), std::size_t(0));
}

void LayoutServiceTests::cachedInMemory() {
  LayoutService service;
  service.setDiskCacheEnabled(false);
  Deliveries got(service);
  const Input in = example("newton-cycle.tsg.json");
  service.request(in.graph, in.key);
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(2), kWaitMs);
  const auto dot = got.all[1].layout;

  QElapsedTimer timer;
  timer.start();
  const quint64 generation = service.request(in.graph, in.key);
  QCOMPARE(got.size(), std::size_t(2));  // not from within request(): in the next turn
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(3), kWaitMs);
  const qint64 ms = timer.elapsed();
  QVERIFY2(ms < 200, qPrintable(QString("the cached layout took %1 ms").arg(ms)));
  QCOMPARE(got.all[2].generation, generation);
  QCOMPARE(got.all[2].layout, dot);  // the very same layout: dot's, alone
  QTest::qWait(200);
  QCOMPARE(got.size(), std::size_t(3));
  // Another structure (another key) is laid out anew.
  const Input other = example("diamond.tsg.json");
  service.request(other.graph, other.key);
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(5), kWaitMs);
  QCOMPARE(got.engine(3), std::string("layered"));
}

void LayoutServiceTests::cachedOnDisk() {
  const Input in = example("avoidable-work.tsg.json");
  const QString file = LayoutCache().filePath(in.key, "dot");
  std::shared_ptr<const GraphLayout> computed;
  bool layeredDelivered = false;
  {
    LayoutService service;
    Deliveries got(service);
    service.request(in.graph, in.key);
    // Layered then dot; or dot alone when, on a loaded machine, dot finished and wrote its file
    // before the layered job looked at the disk (it then takes dot's file: the better layout).
    QTRY_VERIFY_WITH_TIMEOUT(!service.busy(), kWaitMs);
    QVERIFY(got.size() == 1 || got.size() == 2);
    layeredDelivered = got.size() == 2;
    computed = got.all.back().layout;
    QCOMPARE(computed->engine, std::string("dot"));
  }
  QVERIFY(QFile::exists(file));
  // The layered layout is written only when it was computed (not when dot's file came first).
  if (layeredDelivered) QVERIFY(QFile::exists(LayoutCache().filePath(in.key, "layered")));

  std::atomic<int> dotRuns{0};
  GraphvizBackend::setProbeForTests([&] { ++dotRuns; });
  LayoutService service;  // a new service: an empty memory cache
  Deliveries got(service);
  QElapsedTimer timer;
  timer.start();
  const quint64 generation = service.request(in.graph, in.key);
  QTRY_COMPARE_WITH_TIMEOUT(got.size(), std::size_t(1), kWaitMs);
  qInfo("from disk in %lld ms", static_cast<long long>(timer.elapsed()));
  QCOMPARE(got.all[0].generation, generation);
  QCOMPARE(got.engine(0), std::string("dot"));  // alone: no layered picture first
  QVERIFY(got.all[0].layout->nodes == computed->nodes);
  QVERIFY(got.all[0].layout->edges == computed->edges);
  QCOMPARE(got.all[0].layout->bounds, computed->bounds);
  QTest::qWait(200);
  QCOMPARE(got.size(), std::size_t(1));
  QCOMPARE(dotRuns.load(), 0);

  // With the disk cache off, a new service computes again.
  LayoutService memoryOnly;
  memoryOnly.setDiskCacheEnabled(false);
  Deliveries again(memoryOnly);
  memoryOnly.request(in.graph, in.key);
  QTRY_COMPARE_WITH_TIMEOUT(again.size(), std::size_t(2), kWaitMs);
  QCOMPARE(again.engine(0), std::string("layered"));
}

void LayoutServiceTests::destroyingWhileDotRunsReturnsAtOnce() {
  std::atomic<bool> dotEnded{false};
  GraphvizBackend::setProbeForTests([&] { dotEnded = true; });
  const Input in = generated(graph::Shape::Random, 1000);  // dot: about half a second
  auto service = std::make_unique<LayoutService>();
  service->setDiskCacheEnabled(false);
  Deliveries got(*service);
  const std::uint64_t dotsBefore = GraphvizBackend::layoutsStarted();
  service->request(in.graph, in.key);
  QTRY_VERIFY_WITH_TIMEOUT(got.size() >= 1, kWaitMs);  // the layered layout, in milliseconds
  QCOMPARE(got.engine(0), std::string("layered"));
  // dot under way (cancelled before its turn, it would rightly be skipped: nothing to test).
  QTRY_VERIFY_WITH_TIMEOUT(GraphvizBackend::layoutsStarted() > dotsBefore, kWaitMs);
  QVERIFY(!dotEnded);
  QElapsedTimer timer;
  timer.start();
  service.reset();
  const qint64 ms = timer.elapsed();
  const bool endedBefore = dotEnded;
  QVERIFY2(ms < 100, qPrintable(QString("the destructor took %1 ms").arg(ms)));
  QVERIFY2(!endedBefore, "dot ended before the destructor returned: it waited, or dot was too fast to tell");
  QTRY_VERIFY_WITH_TIMEOUT(dotEnded, kWaitMs);  // it ran to its end on its own thread
  QTest::qWait(50);                             // and its result reached nobody
  QCOMPARE(got.size(), std::size_t(1));
}

void LayoutServiceTests::damagedCacheFileIsIgnored() {
  const Input in = example("diamond.tsg.json");
  const LayoutCache paths;
  QVERIFY(QDir().mkpath(paths.folder()));
  const QString dotFile = paths.filePath(in.key, "dot");
  const QString layeredFile = paths.filePath(in.key, "layered");
  {
    QFile f(dotFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("TSLAYOUT this is not a layout");
  }
  {
    QFile f(layeredFile);  // a real layout cut in half
    QVERIFY(f.open(QIODevice::WriteOnly));
    GraphLayout l;
    l.engine = "layered";
    l.nodes.resize(in.graph->nodes.size());
    const QByteArray bytes = LayoutCache::encode(l);
    f.write(bytes.left(bytes.size() / 2));
  }
  LayoutService service;
  Deliveries got(service);
  service.request(in.graph, in.key);
  // Computed as if not cached: layered then dot (or dot alone, when on a loaded machine dot
  // wrote its good file before the layered job looked at the disk).
  QTRY_VERIFY_WITH_TIMEOUT(!service.busy(), kWaitMs);
  QVERIFY(got.size() == 1 || got.size() == 2);
  if (got.size() == 2) QCOMPARE(got.engine(0), std::string("layered"));
  QCOMPARE(got.all.back().layout->engine, std::string("dot"));
  QCOMPARE(got.all.back().layout->nodes.size(), in.graph->nodes.size());
  // The files read were replaced by good ones: dot's always; the layered one when the layered
  // step ran (with dot's file found first, it was never read, and stays as it was).
  const QStringList replaced = got.size() == 2 ? QStringList{dotFile, layeredFile} : QStringList{dotFile};
  for (const QString& path : replaced) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY2(LayoutCache::decode(f.readAll()), qPrintable(path));
  }
}

void LayoutServiceTests::fileFormatRoundTripAndDamage() {
  GraphLayout l;
  l.engine = "dot";
  l.nodes = {{1.5, 2.25}, {-3, 1e9}};
  l.layers = {0, 1};
  l.edges = {{{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, true}, {}};
  l.bounds = {0, 0, 100.5, 200.25};
  const QByteArray bytes = LayoutCache::encode(l);
  const auto back = LayoutCache::decode(bytes);
  QVERIFY(back);
  QVERIFY(back->nodes == l.nodes && back->layers == l.layers && back->edges == l.edges);
  QCOMPARE(back->bounds, l.bounds);
  QCOMPARE(back->engine, l.engine);

  QVERIFY(!LayoutCache::decode({}));
  for (qsizetype n = 0; n < bytes.size(); ++n) QVERIFY2(!LayoutCache::decode(bytes.left(n)), "a truncated file");
  for (qsizetype i = 0; i < bytes.size(); ++i) {  // every single flipped byte is noticed
    QByteArray damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    QVERIFY2(!LayoutCache::decode(damaged), qPrintable(QString("byte %1").arg(i)));
  }
  QVERIFY(!LayoutCache::decode(bytes + "x"));

  // find() removes a damaged file; insert() writes one find() reads back; memory stays bounded.
  QTemporaryDir dir;
  LayoutCache cache(dir.path(), 2);
  const QString path = cache.filePath(42, "dot");
  QVERIFY(path.endsWith(QStringLiteral("/000000000000002a-dot.layout")));
  {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes.left(bytes.size() - 3));
  }
  QVERIFY(!cache.find(42, "dot"));
  QVERIFY(!QFile::exists(path));
  QVERIFY(cache.insert(42, std::make_shared<const GraphLayout>(l)));
  QVERIFY(QFile::exists(path));
  QVERIFY(cache.findInMemory(42, "dot"));
  cache.clearMemory();
  QVERIFY(!cache.findInMemory(42, "dot"));
  QVERIFY(cache.find(42, "dot"));         // from its file
  QVERIFY(cache.findInMemory(42, "dot"));  // and now in memory again
  for (std::uint64_t key = 1; key <= 3; ++key) cache.insert(key, std::make_shared<const GraphLayout>(l), false);
  QVERIFY(!cache.findInMemory(42, "dot"));  // the least recently used went
  QVERIFY(cache.findInMemory(3, "dot") && cache.findInMemory(2, "dot") && !cache.findInMemory(1, "dot"));
  QVERIFY(!cache.insert(0, std::make_shared<const GraphLayout>(l)));  // key 0: never cached
}

QTEST_MAIN(LayoutServiceTests)
#include "layout_service_tests.moc"
