// GraphStructure: the Graph pane's nodes and edges for a document, cells shown or folded.
#include <QtTest/QtTest>

#include <algorithm>
#include <set>

#include "graph/generator.h"
#include "graph/validate.h"
#include "graph_structure.h"
#include "views_test_support.h"

using namespace tickscope;
using tickscope::views::GraphStructure;

namespace {

std::set<std::pair<std::string, std::string>> edgeNames(const GraphStructure& s) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : s.layoutGraph.edges) out.emplace(s.labels[e.from], s.labels[e.to]);
  return out;
}

}  // namespace

class GraphStructureTests : public QObject {
  Q_OBJECT
 private slots:
  void cellsShownAreNodes();
  void foldedCellsBecomeEdgesBetweenActions();
  void hashFollowsTheStructure();
};

void GraphStructureTests::cellsShownAreNodes() {
  const auto doc = views::test::exampleDocument("diamond.tsg.json");  // a -> left -> b, a -> right -> c, b,c -> join -> d, show
  const auto s = views::buildGraphStructure(*doc, true);
  QCOMPARE(s->actionNodes, 4u);
  QCOMPARE(s->nodeCount(), std::size_t(4 + 4));  // left right join show | a b c d
  QCOMPARE(s->labels[0], std::string("left"));
  QCOMPARE(s->labels[4], std::string("a"));
  QVERIFY(s->kinds[3] == GraphStructure::NodeKind::Effect);
  QVERIFY(s->kinds[4] == GraphStructure::NodeKind::Cell);
  QCOMPARE(s->cellNode(2), std::int64_t(6));
  const std::set<std::pair<std::string, std::string>> expected{
      {"a", "left"}, {"left", "b"}, {"a", "right"}, {"right", "c"}, {"b", "join"},
      {"c", "join"}, {"join", "d"}, {"b", "show"},  {"c", "show"},  {"d", "show"}};
  QCOMPARE(edgeNames(*s), expected);
  QCOMPARE(s->edgeCells.size(), s->layoutGraph.edges.size());
  QCOMPARE(s->layoutGraph.nodes.size(), s->nodeCount());
  for (const auto& n : s->layoutGraph.nodes) QVERIFY(n.width >= 28 && n.height >= 20);
}

void GraphStructureTests::foldedCellsBecomeEdgesBetweenActions() {
  const auto doc = views::test::exampleDocument("diamond.tsg.json");
  const auto s = views::buildGraphStructure(*doc, false);
  QCOMPARE(s->nodeCount(), std::size_t(4));
  QCOMPARE(s->cellNode(0), std::int64_t(-1));
  // b and c reach show directly and through join: one edge per pair; a (no writer) is gone.
  const std::set<std::pair<std::string, std::string>> expected{
      {"left", "join"}, {"right", "join"}, {"left", "show"}, {"right", "show"}, {"join", "show"}};
  QCOMPARE(edgeNames(*s), expected);
  QCOMPARE(s->layoutGraph.edges.size(), expected.size());
  // The cell an edge passes: left -> join goes through b.
  for (std::size_t k = 0; k < s->layoutGraph.edges.size(); ++k) {
    const auto& e = s->layoutGraph.edges[k];
    if (s->labels[e.from] == "left" && s->labels[e.to] == "join") QCOMPARE(std::string(doc->cellId(s->edgeCells[k])), std::string("b"));
  }
}

void GraphStructureTests::hashFollowsTheStructure() {
  const auto a = views::buildGraphStructure(*views::test::exampleDocument("diamond.tsg.json"), true);
  const auto b = views::buildGraphStructure(*views::test::exampleDocument("diamond.tsg.json"), true);
  QCOMPARE(a->hash, b->hash);
  QVERIFY(views::buildGraphStructure(*views::test::exampleDocument("diamond.tsg.json"), false)->hash != a->hash);
  QVERIFY(views::buildGraphStructure(*views::test::exampleDocument("newton-cycle.tsg.json"), true)->hash != a->hash);
  // A large generated graph builds quickly enough and folds sensibly.
  graph::GraphDocument grid = graph::generateGraph(graph::Shape::Grid, 10000, 1, {});
  QVERIFY(graph::validate(grid).ok());
  const auto folded = views::buildGraphStructure(grid, false);
  QCOMPARE(folded->nodeCount(), grid.actions.size());
  QVERIFY(folded->layoutGraph.edges.size() > grid.actions.size());
}

QTEST_MAIN(GraphStructureTests)
#include "graph_structure_tests.moc"
