// The Cycles pane: its columns, both models under QAbstractItemModelTester while real runs
// step (and step back), what newton-cycle, runaway-cycle and slow-cycle show, the shared
// selection (a cycle selects its members), CSV, what a screen reader reads, and a render
// at a dock's size.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeView>

#include <cmath>

#include "cycle_model.h"
#include "cycle_values_model.h"
#include "cycles_pane.h"
#include "format.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// Two independent Newton cycles (h1/f1 over n, h2/f2 over m) and an effect in neither; the
// event makes h1/f1 converge a second time.
const char* const kTwoCycles = R"({
  "tickscope": 1, "name": "two-cycles", "settings": { "seed": 2, "epsilon": 1e-12 },
  "cells": { "n": 2, "x": 1, "m": 9, "u": 1 },
  "actions": [
    { "id": "h1", "kind": "computation", "reads": ["x", "n"], "writes": ["y"], "expr": "(x + n / x) / 2" },
    { "id": "f1", "kind": "computation", "reads": ["y", "n"], "writes": ["x"], "expr": "(y + n / y) / 2" },
    { "id": "show1", "kind": "effect", "reads": ["x"], "expr": "x" },
    { "id": "h2", "kind": "computation", "reads": ["u", "m"], "writes": ["v"], "expr": "(u + m / u) / 2" },
    { "id": "f2", "kind": "computation", "reads": ["v", "m"], "writes": ["u"], "expr": "(v + m / v) / 2" },
    { "id": "show2", "kind": "effect", "reads": ["u"], "expr": "u" },
    { "id": "other", "kind": "effect", "reads": ["n"], "expr": "n" }
  ],
  "events": [ { "atMs": 10, "set": { "n": 3 } } ]
})";

QString text(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {}) {
  return m.index(row, column, parent).data().toString();
}

// changes: the values table's Change column, row 1 on (row 0 has none).
std::vector<double> changes(const CycleValuesModel& values) {
  std::vector<double> out;
  for (int r = 1; r < values.rowCount(); ++r) {
    out.push_back(values.index(r, values.changeColumn()).data(CycleValuesModel::SortRole).toDouble());
  }
  return out;
}

// TopLevelTexts: every top-level row's texts as the model's signals announced them (rows
// inserted, removed, changed, reset); compared with the model's texts it shows a change made
// without its signal.
class TopLevelTexts {
 public:
  explicit TopLevelTexts(const QAbstractItemModel& model) : model_(model) {
    QObject::connect(&model, &QAbstractItemModel::modelReset, &model, [this] { rebuild(); });
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model, [this](const QModelIndex& p, int first, int last) {
      if (p.isValid()) return;
      for (int r = first; r <= last; ++r) rows_.insert(r, texts(r));
    });
    QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &model, [this](const QModelIndex& p, int first, int last) {
      if (!p.isValid()) rows_.remove(first, last - first + 1);
    });
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &model, [this](const QModelIndex& from, const QModelIndex& to) {
      if (from.parent().isValid()) return;
      for (int r = from.row(); r <= to.row(); ++r) rows_[r] = texts(r);
    });
    rebuild();
  }
  QStringList announced() const { return rows_; }
  QStringList now() const {
    QStringList out;
    for (int r = 0; r < model_.rowCount(); ++r) out << texts(r);
    return out;
  }

 private:
  QString texts(int row) const {
    QStringList cells;
    for (int c = 0; c < model_.columnCount(); ++c) cells << model_.index(row, c).data().toString();
    return cells.join('|');
  }
  void rebuild() { rows_ = now(); }

  const QAbstractItemModel& model_;
  QStringList rows_;
};

// mirrorsTheSnapshot: a proxy that only knows what the models' signals told it has exactly
// the snapshot's rows: a cycle per row, an iteration row per recorded iteration, and the
// shown cycle's iterations in the values table.
void mirrorsTheSnapshot(const QAbstractItemModel& tree, const QAbstractItemModel& table, const CycleValuesModel& values,
                        const run::RunSnapshot& s) {
  QCOMPARE(tree.rowCount(), int(s.cycles.size()));
  for (int r = 0; r < tree.rowCount(); ++r) {
    QCOMPARE(tree.rowCount(tree.index(r, 0)), int(s.cycles[std::size_t(r)].values.size()));
    QCOMPARE(tree.index(r, CycleModel::IterationsColumn).data().toString(),
             QString::number(s.cycles[std::size_t(r)].iterations));
  }
  const run::CycleRow* shown = values.cycle();
  QCOMPARE(table.rowCount(), shown ? int(shown->values.size()) : 0);
  QCOMPARE(table.columnCount(), shown ? int(shown->valueCells.size()) + 2 : 0);
}

std::shared_ptr<const run::RunSnapshot> endOf(const char* file) {
  return test::snapshotAtEnd(*test::runnerFor(test::exampleDocument(file)));
}

std::uint32_t actionIndex(const run::RunSnapshot& s, const char* id) {
  return static_cast<std::uint32_t>(*s.document->findAction(id));
}

}  // namespace

class CyclesPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void columnsAreAsGiven();
  void modelsPassTheTesterWhileStepping_data();
  void modelsPassTheTesterWhileStepping();
  void newtonConvergesFastToTheRoot();
  void runawayStopsAtTheLimit();
  void slowCycleIsInProgressWhileOthersRun();
  void selectingACycleSelectsItsMembers();
  void selectionFromElsewhereHighlightsCycles();
  void copiesCyclesAsCsv();
  void screenReaderReadsThePane();
  void rendersAtDockSize_data();
  void rendersAtDockSize();
};

void CyclesPaneTests::columnsAreAsGiven() {
  CycleModel model;
  QStringList headers;
  for (int c = 0; c < model.columnCount(); ++c) headers << model.headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Cycle", "Members", "Strategy", "Iterations", "Budget left", "Outcome", "Detected ms",
                                 "Finished ms", "Values"}));
  CycleValuesModel values;
  QCOMPARE(values.columnCount(), 0);  // no cycle, no columns
  values.setSnapshot(endOf("newton-cycle.tsg.json"));
  headers.clear();
  for (int c = 0; c < values.columnCount(); ++c) headers << values.headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Iteration", "y", "x", "Change"}));  // the cells halfStep and fullStep write
}

void CyclesPaneTests::modelsPassTheTesterWhileStepping_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("cycles");  // at the end
  // Push mode converges no cycle (its iteration guard stops them): no rows, ever.
  for (const auto& [f, pull] : {std::pair{"newton-cycle.tsg.json", 4}, std::pair{"slow-cycle.tsg.json", 3},
                                std::pair{"runaway-cycle.tsg.json", 1}, std::pair{"request-dangling.tsg.json", 0}}) {
    QTest::addRow("%s pull", f) << f << int(graph::Mode::Pull) << pull;
    QTest::addRow("%s push", f) << f << int(graph::Mode::Push) << 0;
  }
}

void CyclesPaneTests::modelsPassTheTesterWhileStepping() {
  QFETCH(QString, file);
  QFETCH(int, mode);
  QFETCH(int, cycles);
  CycleModel model;
  CycleValuesModel values;
  CyclesPane pane;  // its own models too, through the pane's path
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester valuesTester(&values, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester paneTester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester paneValuesTester(pane.valuesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  // Proxies see only what the signals say: they catch rows added or removed without one.
  QSortFilterProxyModel treeMirror, tableMirror;
  treeMirror.setSourceModel(&model);
  tableMirror.setSourceModel(&values);
  QAbstractItemModelTester mirrorTester(&treeMirror, QAbstractItemModelTester::FailureReportingMode::QtTest);
  TopLevelTexts announced(model);

  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()), static_cast<graph::Mode>(mode));
  std::vector<std::shared_ptr<const run::RunSnapshot>> steps{std::make_shared<const run::RunSnapshot>(runner->snapshot())};
  model.setSnapshot(steps.back());
  values.setSnapshot(steps.back());
  pane.setSnapshot(steps.back());
  int resets = 0, inserted = 0, valuesResets = 0;
  connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
  connect(&values, &QAbstractItemModel::modelReset, this, [&] { ++valuesResets; });
  connect(&model, &QAbstractItemModel::rowsInserted, this, [&] { ++inserted; });
  while (runner->step()) {
    steps.push_back(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
    model.setSnapshot(steps.back());
    values.setSnapshot(steps.back());
    pane.setSnapshot(steps.back());
    mirrorsTheSnapshot(treeMirror, tableMirror, values, *steps.back());
    if (QTest::currentTestFailed()) return;
    QCOMPARE(announced.announced(), announced.now());
    if (steps.size() == 6 && model.rowCount() > 0) {
      values.setCycle(model.cycleAt(0)->id);  // a chosen cycle follows its own rows
      pane.tree()->setCurrentIndex(pane.model()->index(0, 0));
    }
  }
  QCOMPARE(resets, 0);  // one document: updated in place
  // The values table resets only to show another cycle: each new newest one, and the chosen one.
  QVERIFY2(valuesResets <= (cycles > 0 ? cycles + 1 : 0), qPrintable(QString::number(valuesResets)));
  QCOMPARE(model.rowCount(), cycles);
  QCOMPARE(pane.model()->rowCount(), cycles);
  if (cycles > 0) {
    QVERIFY(inserted >= cycles);  // the cycles and their iterations arrived as rows
    QCOMPARE(model.rowCount(model.index(cycles - 1, 0)), int(model.cycleAt(cycles - 1)->values.size()));
  }
  // Step Back, all the way: rows go again, still in place.
  values.setCycle(std::nullopt);
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    model.setSnapshot(*it);
    values.setSnapshot(*it);
    pane.setSnapshot(*it);
    mirrorsTheSnapshot(treeMirror, tableMirror, values, **it);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(announced.announced(), announced.now());
  }
  QCOMPARE(resets, 0);
  QCOMPARE(model.rowCount(), int(steps.front()->cycles.size()));
  QCOMPARE(values.rowCount(), steps.front()->cycles.empty() ? 0 : int(steps.front()->cycles.back().values.size()));
  // Another document resets; no document empties.
  model.setSnapshot(endOf("newton-cycle.tsg.json"));
  values.setSnapshot(endOf("runaway-cycle.tsg.json"));
  pane.setSnapshot(endOf("runaway-cycle.tsg.json"));
  QCOMPARE(resets, 1);
  model.setSnapshot(nullptr);
  values.setSnapshot(nullptr);
  pane.setSnapshot(nullptr);
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(values.rowCount(), 0);
  QCOMPARE(values.columnCount(), 0);
  QCOMPARE(pane.model()->rowCount(), 0);
}

void CyclesPaneTests::newtonConvergesFastToTheRoot() {
  auto runner = test::runnerFor(test::exampleDocument("newton-cycle.tsg.json"));
  const auto snapshot = test::snapshotAtEnd(*runner);
  const trace::Report report = runner->report();
  CycleModel model;
  CycleValuesModel values;
  model.setSnapshot(snapshot);
  values.setSnapshot(snapshot);
  // n is 2, then each event's value: every convergence ends at sqrt(n).
  const std::vector<double> inputs{2, 81, 1000000, 0.25};
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(report.cycles.size(), std::size_t(4));
  for (int r = 0; r < model.rowCount(); ++r) {
    const trace::CycleReport& c = report.cycles[std::size_t(r)];
    QCOMPARE(text(model, r, CycleModel::MembersColumn), QString("halfStep, fullStep"));
    QCOMPARE(text(model, r, CycleModel::StrategyColumn), QString("fast"));
    QCOMPARE(text(model, r, CycleModel::OutcomeColumn), QString("converged"));
    QCOMPARE(text(model, r, CycleModel::IterationsColumn), QString::number(c.iterations));
    QCOMPARE(text(model, r, CycleModel::BudgetLeftColumn), QString::number(20 - c.iterations));
    QCOMPARE(text(model, r, CycleModel::DetectedColumn), formatNumber(c.atMs));
    QCOMPARE(text(model, r, CycleModel::FinishedColumn), formatNumber(c.atMs));  // fast: within one decision
    QVERIFY(!model.index(r, 0).data(Qt::ForegroundRole).isValid());                // nothing went wrong

    // One child row per recorded iteration, "iteration 0" being the values when detected.
    const QModelIndex cycle = model.index(r, 0);
    QCOMPARE(model.rowCount(cycle), int(c.iterations) + 1);
    QCOMPARE(text(model, 0, CycleModel::CycleColumn, cycle), QString("iteration 0"));
    const int last = model.rowCount(cycle) - 1;
    QCOMPARE(text(model, last, CycleModel::CycleColumn, cycle), QString("iteration %1").arg(last));

    values.setCycle(model.cycleAt(r)->id);
    QCOMPARE(values.rowCount(), int(c.iterations) + 1);
    const double root = std::sqrt(inputs[std::size_t(r)]);
    QStringList expected;
    for (int column : {1, 2}) {  // y, x
      const QModelIndex cell = values.index(last, column);
      const double v = cell.data(CycleValuesModel::SortRole).toDouble();
      QVERIFY2(std::abs(v - root) <= 1e-12 * root, qPrintable(QString("%1 vs sqrt %2").arg(v).arg(root)));
      QCOMPARE(cell.data().toString(), QString::fromStdString(trace::formatNumber(v)));  // as the report prints
      expected << values.headerData(column, Qt::Horizontal).toString() + " = " + cell.data().toString();
    }
    // The tree's Values column says the same, for the last iteration and for the cycle row.
    QCOMPARE(text(model, last, CycleModel::ValuesColumn, cycle), expected.join(", "));
    QCOMPARE(text(model, r, CycleModel::ValuesColumn), expected.join(", "));
    // Converging: after the first step every change is no larger than the one before, and
    // the last iteration changes nothing.
    const std::vector<double> change = changes(values);
    QCOMPARE(text(values, 0, values.changeColumn()), QString());  // nothing before iteration 0
    for (std::size_t k = 2; k < change.size(); ++k) {
      QVERIFY2(change[k] <= change[k - 1], qPrintable(QString::number(k)));
    }
    QCOMPARE(text(values, values.rowCount() - 1, values.changeColumn()), QString("0"));
  }
  QCOMPARE(text(model, 0, CycleModel::ValuesColumn, model.index(0, 0)), QString("y = 0, x = 1"));  // as detected
}

void CyclesPaneTests::runawayStopsAtTheLimit() {
  auto runner = test::runnerFor(test::exampleDocument("runaway-cycle.tsg.json"));
  const auto snapshot = test::snapshotAtEnd(*runner);
  CyclesPane pane;
  pane.setSnapshot(snapshot);
  const CycleModel& model = *pane.model();
  QCOMPARE(model.rowCount(), 1);
  QCOMPARE(text(model, 0, CycleModel::MembersColumn), QString("inc, dec"));
  QCOMPARE(text(model, 0, CycleModel::IterationsColumn), QString("20"));
  QCOMPARE(text(model, 0, CycleModel::BudgetLeftColumn), QString("0"));
  QCOMPARE(text(model, 0, CycleModel::OutcomeColumn), QString("stopped at the limit"));
  const QVariant brush = model.index(0, CycleModel::OutcomeColumn).data(Qt::ForegroundRole);  // stands out in red
  QVERIFY(brush.isValid());
  QVERIFY(brush.value<QBrush>().color().red() > 2 * brush.value<QBrush>().color().green());
  const trace::Report report = runner->report();
  QCOMPARE(report.errors.size(), std::size_t(1));
  QCOMPARE(report.errors[0].kind, std::string("cycle-limit"));
  QCOMPARE(model.rowCount(model.index(0, 0)), 21);  // detected + 20 iterations
  // Nothing selected: the table shows the newest (here the only) cycle. Its change never
  // shrinks: the cycle runs away instead of converging.
  const CycleValuesModel& values = *pane.valuesModel();
  QCOMPARE(values.rowCount(), 21);
  const std::vector<double> change = changes(values);
  QVERIFY(change.front() > 0);
  for (double d : change) QVERIFY(d >= change.front());
  QCOMPARE(text(values, 20, values.changeColumn()), QString("2"));
  QCOMPARE(text(values, 20, 1), QString("39"));  // y
  QCOMPARE(text(values, 20, 2), QString("40"));  // x
  QVERIFY(pane.valuesCaption()->text().contains("inc, dec"));
  QVERIFY(pane.summary()->text().contains("1 stopped at the limit"));
}

void CyclesPaneTests::slowCycleIsInProgressWhileOthersRun() {
  auto runner = test::runnerFor(test::exampleDocument("slow-cycle.tsg.json"));
  const std::uint32_t counter = static_cast<std::uint32_t>(*runner->snapshot().document->findAction("counter"));
  CyclesPane pane;
  QAbstractItemModelTester tester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  const CycleModel& model = *pane.model();
  // Step until a slow cycle is in progress.
  std::shared_ptr<const run::RunSnapshot> s;
  int row = -1;
  while (row < 0 && runner->step()) {
    s = std::make_shared<const run::RunSnapshot>(runner->snapshot());
    pane.setSnapshot(s);
    for (int r = 0; r < model.rowCount(); ++r) {
      if (!model.cycleAt(r)->finished) row = r;
    }
  }
  QVERIFY2(row >= 0, "no slow cycle in progress at any step");
  const run::CycleRow cycle = *model.cycleAt(row);
  QCOMPARE(text(model, row, CycleModel::StrategyColumn), QString("slow"));
  QCOMPARE(text(model, row, CycleModel::OutcomeColumn), QString("in progress"));
  QCOMPARE(text(model, row, CycleModel::FinishedColumn), QString());
  QCOMPARE(text(model, row, CycleModel::BudgetLeftColumn), QString::number(20 - cycle.iterations));
  for (std::uint32_t m : cycle.members) QVERIFY(s->actions[m].has(run::ActionState::InCycle));
  QVERIFY(pane.summary()->text().contains("1 in progress"));

  // While it converges, one iteration per scheduler turn, its iteration rows (and the values
  // table, which follows the newest cycle) grow, and other work runs in between.
  const QModelIndex parent = model.index(row, 0);
  int lastIterations = model.rowCount(parent);
  QCOMPARE(pane.valuesModel()->rowCount(), lastIterations);
  int grew = 0;
  bool counterRan = false;
  while (!model.cycleAt(row)->finished && runner->step()) {
    s = std::make_shared<const run::RunSnapshot>(runner->snapshot());
    pane.setSnapshot(s);
    const int now = model.rowCount(parent);
    QVERIFY(now >= lastIterations);
    grew += now > lastIterations ? 1 : 0;
    lastIterations = now;
    QCOMPARE(pane.valuesModel()->rowCount(), now);
    QVERIFY(pane.tree()->isFirstColumnSpanned(now - 1, parent));  // a new iteration row spans too
    if (!model.cycleAt(row)->finished && s->actions[counter].has(run::ActionState::RanThisStep)) counterRan = true;
    if (!model.cycleAt(row)->finished) QCOMPARE(text(model, row, CycleModel::OutcomeColumn), QString("in progress"));
  }
  QVERIFY(grew >= 2);  // several turns, not one go
  QVERIFY(model.cycleAt(row)->finished);
  QCOMPARE(text(model, row, CycleModel::OutcomeColumn), QString("converged"));
  QCOMPARE(text(model, row, CycleModel::FinishedColumn), formatNumber(model.cycleAt(row)->finishedAtMs));
  QVERIFY(model.cycleAt(row)->finishedAtMs > model.cycleAt(row)->atMs);  // virtual time went by
  // The counter effect ran while some slow cycle was still converging (the example's lesson).
  while (!counterRan && runner->step()) {
    s = std::make_shared<const run::RunSnapshot>(runner->snapshot());
    for (const run::CycleRow& c : s->cycles) {
      if (!c.finished && s->actions[counter].has(run::ActionState::RanThisStep)) counterRan = true;
    }
  }
  QVERIFY(counterRan);
}

void CyclesPaneTests::selectingACycleSelectsItsMembers() {
  CyclesPane pane;
  const auto snapshot = endOf("newton-cycle.tsg.json");
  pane.setSnapshot(snapshot);
  const std::uint32_t half = actionIndex(*snapshot, "halfStep"), full = actionIndex(*snapshot, "fullStep");
  QList<Selection> asked;
  connect(&pane, &CyclesPane::selectionRequested, this, [&](const Selection& s) { asked << s; });
  QCOMPARE(pane.valuesModel()->cycle()->id, snapshot->cycles.back().id);  // none selected: the newest
  pane.tree()->setCurrentIndex(pane.model()->index(2, 0));
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked.back(), Selection::ofActions({half, full}));  // its members, the first primary
  QCOMPARE(pane.valuesModel()->cycle()->id, snapshot->cycles[2].id);
  QCOMPARE(pane.valuesModel()->rowCount(), int(snapshot->cycles[2].values.size()));
  QVERIFY(pane.valuesCaption()->text().startsWith(QString("Cycle %1 ").arg(snapshot->cycles[2].id)));
  // An iteration row selects its cycle's members too, and shows that cycle's values.
  pane.tree()->expand(pane.model()->index(0, 0));
  pane.tree()->setCurrentIndex(pane.model()->index(3, 0, pane.model()->index(0, 0)));
  QCOMPARE(asked.size(), 2);
  QCOMPARE(asked.back(), Selection::ofActions({half, full}));
  QCOMPARE(pane.valuesModel()->cycle()->id, snapshot->cycles[0].id);
  // Clearing the selection asks for nothing selected; the table goes back to the newest.
  pane.tree()->clearSelection();
  QCOMPARE(asked.back(), Selection{});
  QCOMPARE(pane.valuesModel()->cycle()->id, snapshot->cycles.back().id);
}

void CyclesPaneTests::selectionFromElsewhereHighlightsCycles() {
  CyclesPane pane;
  const auto snapshot = test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kTwoCycles)));
  pane.setSnapshot(snapshot);
  const std::uint32_t h1 = actionIndex(*snapshot, "h1"), f1 = actionIndex(*snapshot, "f1"),
                      h2 = actionIndex(*snapshot, "h2"), other = actionIndex(*snapshot, "other");
  auto rowsWith = [&](std::uint32_t action) {
    QList<int> rows;
    for (int r = 0; r < pane.model()->rowCount(); ++r) {
      const auto& m = pane.model()->cycleAt(r)->members;
      if (std::find(m.begin(), m.end(), action) != m.end()) rows << r;
    }
    return rows;
  };
  auto selectedRows = [&] {
    QList<int> rows;
    for (const QModelIndex& i : pane.tree()->selectionModel()->selectedRows()) rows << i.row();
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  QCOMPARE(pane.model()->rowCount(), 3);
  QCOMPARE(rowsWith(h1).size(), 2);  // converged at the start and after the event
  QCOMPARE(rowsWith(h2).size(), 1);
  QList<Selection> asked;
  connect(&pane, &CyclesPane::selectionRequested, this, [&](const Selection& s) { asked << s; });

  pane.setSelection(Selection::ofAction(h2));
  QCOMPARE(selectedRows(), rowsWith(h2));
  QCOMPARE(pane.tree()->currentIndex().row(), rowsWith(h2).front());
  QCOMPARE(pane.valuesModel()->cycle()->id, pane.model()->cycleAt(rowsWith(h2).front())->id);
  // The primary action decides: f1 first, so both h1/f1 cycles, not h2's.
  pane.setSelection(Selection::ofActions({f1, h2}));
  QCOMPARE(selectedRows(), rowsWith(f1));
  QCOMPARE(pane.valuesModel()->cycle()->id, pane.model()->cycleAt(rowsWith(f1).back())->id);  // the newest
  pane.setSelection(Selection::ofAction(other));  // in no cycle
  QCOMPARE(selectedRows(), QList<int>{});
  QCOMPARE(asked.size(), 0);  // showing a selection asks for none

  // A click asks for the members; the same selection coming back highlights every cycle of
  // those members but keeps the clicked one current and in the values table.
  const int first = rowsWith(h1).front();
  pane.tree()->setCurrentIndex(pane.model()->index(first, 0));
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked.back(), Selection::ofActions({h1, f1}));
  pane.setSelection(asked.back());
  QCOMPARE(asked.size(), 1);
  QCOMPARE(selectedRows(), rowsWith(h1));
  QCOMPARE(pane.tree()->currentIndex().row(), first);
  QCOMPARE(pane.valuesModel()->cycle()->id, pane.model()->cycleAt(first)->id);
}

void CyclesPaneTests::copiesCyclesAsCsv() {
  CyclesPane pane;
  pane.setSnapshot(endOf("newton-cycle.tsg.json"));
  const QString header = "Cycle,Members,Strategy,Iterations,Budget left,Outcome,Detected ms,Finished ms,Values\n";
  const QStringList all = pane.rowsAsCsv().split('\n', Qt::SkipEmptyParts);
  QCOMPARE(all.size(), 5);
  QCOMPARE(all[0] + "\n", header);
  QCOMPARE(all[1], QString(R"(1,"halfStep, fullStep",fast,4,16,converged,0,0,"y = 1.414213562373095, x = 1.414213562373095")"));
  QCOMPARE(all[4], QString(R"(4,"halfStep, fullStep",fast,9,11,converged,30,30,"y = 0.5000000000000059, x = 0.5")"));
  // A selected iteration copies its cycle's row (top-level rows only).
  pane.tree()->expand(pane.model()->index(1, 0));
  pane.tree()->setCurrentIndex(pane.model()->index(2, 0, pane.model()->index(1, 0)));
  const QString second = header + R"(2,"halfStep, fullStep",fast,5,15,converged,10,10,"y = 9, x = 9")" + "\n";
  QCOMPARE(pane.rowsAsCsv(), second);
  // Ctrl+C on the tree and the context menu run the same action.
  QAction* copy = nullptr;
  for (QAction* a : pane.tree()->actions()) {
    if (a->text() == "Copy as CSV") copy = a;
  }
  QVERIFY(copy);
  QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
  QCOMPARE(pane.tree()->contextMenuPolicy(), Qt::ActionsContextMenu);
  QGuiApplication::clipboard()->clear();
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  pane.activateWindow();
  pane.tree()->setFocus();
  QTest::keySequence(pane.tree(), QKeySequence::Copy);
  QCOMPARE(QGuiApplication::clipboard()->text(), second);
}

void CyclesPaneTests::screenReaderReadsThePane() {
  CyclesPane pane;
  pane.setSnapshot(endOf("runaway-cycle.tsg.json"));
  pane.show();
  QAccessibleInterface* tree = QAccessible::queryAccessibleInterface(pane.tree());
  QVERIFY(tree);
  QCOMPARE(tree->role(), QAccessible::Tree);
  QCOMPARE(tree->text(QAccessible::Name), QString("Cycles"));
  QAccessibleTableInterface* rows = tree->tableInterface();
  QVERIFY(rows);
  QCOMPARE(rows->columnCount(), 9);
  QCOMPARE(rows->rowCount(), 1);  // collapsed: the cycle only
  QCOMPARE(rows->columnDescription(CycleModel::BudgetLeftColumn), QString("Budget left"));
  QCOMPARE(rows->cellAt(0, CycleModel::OutcomeColumn)->text(QAccessible::Name), QString("stopped at the limit"));

  QAccessibleInterface* table = QAccessible::queryAccessibleInterface(pane.valuesTable());
  QVERIFY(table);
  QCOMPARE(table->role(), QAccessible::Table);
  QCOMPARE(table->text(QAccessible::Name), QString("Cycle values"));
  QAccessibleTableInterface* cells = table->tableInterface();
  QVERIFY(cells);
  QCOMPARE(cells->columnCount(), 4);
  QCOMPARE(cells->rowCount(), 21);
  QCOMPARE(cells->columnDescription(0), QString("Iteration"));
  QCOMPARE(cells->columnDescription(3), QString("Change"));
  QCOMPARE(cells->cellAt(20, 3)->text(QAccessible::Name), QString("2"));
}

void CyclesPaneTests::rendersAtDockSize_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("image");
  QTest::addRow("newton") << "newton-cycle.tsg.json" << "cycles-newton.png";
  QTest::addRow("runaway") << "runaway-cycle.tsg.json" << "cycles-runaway.png";
  QTest::addRow("slow") << "slow-cycle.tsg.json" << "cycles-slow.png";
}

void CyclesPaneTests::rendersAtDockSize() {
  QFETCH(QString, file);
  QFETCH(QString, image);
  // Nothing cut off: every column (but the tree's stretched Values, which scrolls) is as wide
  // as its header and its texts, and both views have room for rows.
  auto nothingCutOff = [](const CyclesPane& pane) {
    const QList<QAbstractItemView*> views{pane.tree(), pane.valuesTable()};
    for (QAbstractItemView* view : views) {
      const bool tree = view == pane.tree();
      const QHeaderView* header = tree ? pane.tree()->header() : pane.valuesTable()->horizontalHeader();
      for (int c = 0; c < header->count() - (tree ? 1 : 0); ++c) {
        const QString title = view->model()->headerData(c, Qt::Horizontal).toString();
        QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(title),
                 qPrintable(QString("%1 is cut off").arg(title)));
        QVERIFY2(header->sectionSize(c) >= view->sizeHintForColumn(c),
                 qPrintable(QString("%1's texts are cut off").arg(title)));
      }
      QVERIFY(view->viewport()->height() >= 4 * view->fontMetrics().height());
    }
  };
  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()));
  std::vector<std::shared_ptr<const run::RunSnapshot>> steps{std::make_shared<const run::RunSnapshot>(runner->snapshot())};
  while (runner->step()) steps.push_back(std::make_shared<const run::RunSnapshot>(runner->snapshot()));

  CyclesPane back;  // opened at the end, then stepped back (a cycle "in progress" comes later)
  back.resize(700, 450);
  back.show();
  QVERIFY(QTest::qWaitForWindowExposed(&back));
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    back.setSnapshot(*it);
    nothingCutOff(back);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("back at step %1").arg((*it)->step)));
  }
  CyclesPane pane;  // stepping forward, to the end
  pane.resize(700, 450);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  for (const auto& s : steps) {
    pane.setSnapshot(s);
    nothingCutOff(pane);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("at step %1").arg(s->step)));
  }
  // An expanded cycle's iteration rows span the tree and read their values next to their number.
  const QModelIndex newest = pane.model()->index(pane.model()->rowCount() - 1, 0);
  pane.tree()->expand(newest);
  nothingCutOff(pane);
  QVERIFY(pane.tree()->isFirstColumnSpanned(1, newest));
  QVERIFY(pane.tree()->visualRect(pane.model()->index(1, 0, newest)).width() > pane.tree()->viewport()->width() / 2);
  // TICKSCOPE_SCREENSHOT_DIR=dir saves the render at the end, to look at it.
  if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
    QVERIFY(pane.grab().save(QString::fromLocal8Bit(dir) + "/" + image));
  }
}

QTEST_MAIN(CyclesPaneTests)
#include "cycles_pane_tests.moc"
