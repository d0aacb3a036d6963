#include <QtTest/QtTest>

#include <functional>
#include <sstream>

#include "graph/generator.h"
#include "graph/validate.h"
#include "graph/writer.h"
#include "graph_test_classes.h"
#include "graph_test_support.h"

using namespace tickscope;
using namespace tickscope::graph;
using testing::q;

Q_DECLARE_METATYPE(tickscope::graph::Shape)

namespace {

std::size_t countKind(const GraphDocument& doc, ActionKind kind) {
  return static_cast<std::size_t>(std::count_if(doc.actions.begin(), doc.actions.end(),
                                                [&](const Action& a) { return a.kind == kind; }));
}

// settle: evaluates every computation once in file order (the generator writes acyclic
// shapes in dependency order), from `values`, and returns the cell values.
std::vector<double> settle(const GraphDocument& doc, std::vector<double> values) {
  for (std::size_t i = 0; i < doc.actions.size(); ++i) {
    const ResolvedAction& r = doc.resolution.actions[i];
    if (doc.actions[i].kind != ActionKind::Computation) continue;
    std::vector<double> inputs;
    for (CellIndex c : r.inputs) inputs.push_back(values[c]);
    const Evaluation e = r.expression.evaluate(inputs);
    for (std::size_t k = 0; k < r.writes.size(); ++k) values[r.writes[k]] = e.values[k];
  }
  return values;
}

std::vector<double> initialValues(const GraphDocument& doc) {
  std::vector<double> values(doc.cellCount());
  for (CellIndex c = 0; c < values.size(); ++c) values[c] = doc.initialValue(c);
  return values;
}

// hasCycle: whether the action dependency graph (reader after writer) has a cycle.
bool hasCycle(const GraphDocument& doc) {
  std::vector<std::vector<std::size_t>> writers(doc.cellCount());
  for (std::size_t i = 0; i < doc.actions.size(); ++i)
    for (CellIndex c : doc.resolution.actions[i].writes) writers[c].push_back(i);
  std::vector<int> state(doc.actions.size(), 0);  // 0 new, 1 on stack, 2 done
  std::function<bool(std::size_t)> visit = [&](std::size_t i) {
    state[i] = 1;
    for (CellIndex c : doc.resolution.actions[i].reads)
      for (std::size_t w : writers[c]) {
        if (w == i) continue;  // an action's own writes never retrigger it
        if (state[w] == 1 || (state[w] == 0 && visit(w))) return true;
      }
    state[i] = 2;
    return false;
  };
  for (std::size_t i = 0; i < doc.actions.size(); ++i)
    if (state[i] == 0 && visit(i)) return true;
  return false;
}

}  // namespace

void GeneratorTests::shapeNames() {
  QCOMPARE(allShapes().size(), std::size_t{6});
  for (Shape s : allShapes()) QCOMPARE(parseShape(toString(s)), std::optional<Shape>(s));
  QCOMPARE(q(toString(Shape::Cellx)), QStringLiteral("cellx"));
  QCOMPARE(parseShape("square"), std::optional<Shape>());
}

void GeneratorTests::everyShapeValidates_data() {
  QTest::addColumn<Shape>("shape");
  QTest::addColumn<int>("nodes");
  for (Shape s : allShapes())
    for (int n : {1, 2, 3, 7, 100, 2500}) QTest::addRow("%s-%d", toString(s).data(), n) << s << n;
}

void GeneratorTests::everyShapeValidates() {
  QFETCH(Shape, shape);
  QFETCH(int, nodes);
  for (bool cycles : {false, true}) {
    GenerateOptions options;
    options.cycles = cycles;
    options.maxCostMs = 3;
    GraphDocument doc = generateGraph(shape, static_cast<std::size_t>(nodes), 11, options);
    const ValidationResult v = validate(doc);
    QVERIFY2(v.ok(), qPrintable(q(formatAll(v.errors))));
    QVERIFY2(v.warnings.empty(), qPrintable(q(formatAll(v.warnings))));
    QCOMPARE(doc.events.size(), std::size_t{10});
    QVERIFY(countKind(doc, ActionKind::Effect) >= 1);
    QCOMPARE(doc.settings.seed, std::uint64_t{11});
    // And the text loads back to the same document.
    const LoadResult r = loadGraphBytes(saveGraph(doc), "gen.tsg.json");
    QVERIFY(r.ok());
    QVERIFY(*r.document == doc);
  }
}

void GeneratorTests::deterministicPerSeed_data() {
  QTest::addColumn<Shape>("shape");
  for (Shape s : allShapes()) QTest::newRow(toString(s).data()) << s;
}

void GeneratorTests::deterministicPerSeed() {
  QFETCH(Shape, shape);
  GenerateOptions options;
  options.cycles = shape == Shape::Random;
  const std::string a = saveGraph(generateGraph(shape, 300, 5, options));
  const std::string b = saveGraph(generateGraph(shape, 300, 5, options));
  const std::string c = saveGraph(generateGraph(shape, 300, 6, options));
  QCOMPARE(q(a), q(b));
  QVERIFY(a != c);
  // Beyond settings.seed: the random choices (events, edges) differ too.
  GraphDocument d5 = generateGraph(shape, 300, 5, options);
  GraphDocument d6 = generateGraph(shape, 300, 6, options);
  d6.settings.seed = 5;
  d6.description = d5.description;
  QVERIFY(!(d5 == d6));
}

void GeneratorTests::streamingEqualsDocument() {
  for (Shape s : allShapes()) {
    GenerateOptions options;
    options.cycles = true;
    options.maxCostMs = 5;
    std::ostringstream out;
    writeGeneratedGraph(out, s, 500, 3, options);
    QCOMPARE(q(out.str()), q(saveGraph(generateGraph(s, 500, 3, options))));
  }
}

void GeneratorTests::shapeStructure() {
  GraphDocument chain = generateGraph(Shape::Chain, 50, 1);
  QCOMPARE(countKind(chain, ActionKind::Computation), std::size_t{50});
  QCOMPARE(countKind(chain, ActionKind::Effect), std::size_t{1});
  QVERIFY(validate(chain).ok());
  QCOMPARE(settle(chain, initialValues(chain))[*chain.findCell("c50")], 51.0);

  GraphDocument broad = generateGraph(Shape::Broad, 40, 1);
  QCOMPARE(countKind(broad, ActionKind::Computation), std::size_t{40});
  QCOMPARE(countKind(broad, ActionKind::Effect), std::size_t{40});

  GraphDocument diamond = generateGraph(Shape::Diamond, 30, 1);
  QCOMPARE(countKind(diamond, ActionKind::Computation), std::size_t{30});
  QCOMPARE(countKind(diamond, ActionKind::Effect), std::size_t{1});
  QVERIFY(validate(diamond).ok());
  // Each unit maps t to ((t + 1) + 2t) / 3 = t + 1/3.
  QCOMPARE(settle(diamond, initialValues(diamond))[*diamond.findCell("j10")], 1 + 10.0 / 3);

  GraphDocument grid = generateGraph(Shape::Grid, 100, 1);
  QCOMPARE(countKind(grid, ActionKind::Computation), std::size_t{100});
  QCOMPARE(countKind(grid, ActionKind::Effect), std::size_t{10});  // the last of 10 layers
  QCOMPARE(grid.cells.size(), std::size_t{10});                     // one source per column
  QVERIFY(validate(grid).ok());
  for (const ResolvedAction& a : grid.resolution.actions) QVERIFY(a.reads.size() >= 1 && a.reads.size() <= 3);
  GraphDocument uneven = generateGraph(Shape::Grid, 10, 1);  // 4 wide: 4 + 4 + 2
  QCOMPARE(countKind(uneven, ActionKind::Effect), std::size_t{2});

  GraphDocument random = generateGraph(Shape::Random, 200, 1);
  QVERIFY(validate(random).ok());
  QCOMPARE(countKind(random, ActionKind::Computation), std::size_t{200});
  // An effect on exactly the computed cells no computation reads.
  std::vector<bool> read(random.cellCount(), false);
  for (std::size_t i = 0; i < random.actions.size(); ++i)
    if (random.actions[i].kind == ActionKind::Computation)
      for (CellIndex c : random.resolution.actions[i].reads) read[c] = true;
  std::size_t sinks = 0;
  for (CellIndex c = static_cast<CellIndex>(random.cells.size()); c < random.cellCount(); ++c) sinks += !read[c];
  QCOMPARE(countKind(random, ActionKind::Effect), sinks);
}

void GeneratorTests::cellxFormulas() {
  // The published cellx results: 10 layers give [3, 6, 2, -2] from sources (1, 2, 3, 4) and
  // [2, 4, -2, -3] after the batch (4, 3, 2, 1); 20 layers [2, 4, -1, -6] and [-2, 1, -4, -4].
  struct Case {
    std::size_t layers;
    std::array<double, 4> before, after;
  };
  for (const Case& c : {Case{10, {3, 6, 2, -2}, {2, 4, -2, -3}}, Case{20, {2, 4, -1, -6}, {-2, 1, -4, -4}},
                        Case{50, {-2, -4, 1, 6}, {2, -1, 4, 4}}}) {
    GraphDocument doc = generateGraph(Shape::Cellx, 4 * c.layers, 1);
    QVERIFY(validate(doc).ok());
    QCOMPARE(countKind(doc, ActionKind::Computation), 4 * c.layers);
    QCOMPARE(countKind(doc, ActionKind::Effect), 4 * c.layers);
    std::vector<double> values = settle(doc, initialValues(doc));
    for (int p = 0; p < 4; ++p)
      QCOMPARE(values[*doc.findCell("p" + std::to_string(p + 1) + "_" + std::to_string(c.layers))], c.before[p]);
    const Event& batch = doc.events[0];
    QCOMPARE(batch.set.size(), std::size_t{4});
    for (std::size_t k = 0; k < 4; ++k) values[doc.resolution.eventTargets[0][k]] = batch.set[k].value;
    values = settle(doc, values);
    for (int p = 0; p < 4; ++p)
      QCOMPARE(values[*doc.findCell("p" + std::to_string(p + 1) + "_" + std::to_string(c.layers))], c.after[p]);
  }
}

void GeneratorTests::randomCycles() {
  GenerateOptions options;
  GraphDocument acyclic = generateGraph(Shape::Random, 300, 9, options);
  QVERIFY(validate(acyclic).ok());
  QVERIFY(!hasCycle(acyclic));
  options.cycles = true;
  GraphDocument cyclic = generateGraph(Shape::Random, 300, 9, options);
  QVERIFY(validate(cyclic).ok());
  QVERIFY(hasCycle(cyclic));
  QCOMPARE(cyclic.settings.epsilon, 1e-6);
  QCOMPARE(cyclic.settings.cycle.maxIterations, 50);
  // Back edges are damped: their expressions scale by 0.25.
  QVERIFY(std::any_of(cyclic.actions.begin(), cyclic.actions.end(),
                      [](const Action& a) { return a.expr && a.expr->find("* 0.25") != std::string::npos; }));
}

void GeneratorTests::optionsApply() {
  GenerateOptions options;
  options.events = 3;
  options.eventIntervalMs = 25;
  options.maxCostMs = 4;
  options.mode = Mode::Push;
  options.maxReads = 1;
  GraphDocument doc = generateGraph(Shape::Grid, 64, 2, options);
  QVERIFY(validate(doc).ok());
  QVERIFY(doc.settings.mode == Mode::Push);
  QCOMPARE(doc.events.size(), std::size_t{3});
  QCOMPARE(doc.events[2].atMs, 75.0);
  for (const Event& e : doc.events) QVERIFY(!e.set.empty() && e.set.size() <= 3);
  bool someCost = false;
  for (const Action& a : doc.actions) {
    QVERIFY(a.costMs >= 0 && a.costMs <= 4 && a.costMs == std::floor(a.costMs));
    someCost = someCost || a.costMs > 0;
  }
  QVERIFY(someCost);
  for (const Action& a : doc.actions) QCOMPARE(a.reads.size(), std::size_t{1});
  options.events = 0;
  QVERIFY(generateGraph(Shape::Cellx, 8, 2, options).events.empty());
  QVERIFY(generateGraph(Shape::Chain, 0, 2).actions.size() == 2);  // at least one node
}
