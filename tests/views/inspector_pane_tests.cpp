// The Inspector pane: an action's and a cell's fields, links that select, the cause chain and
// the why-not reasons, the value editor's hand edit, and what a screen reader reads.
#include <QtTest/QtTest>

#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>

#include "inspector_pane.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// diamond: cells a (0), b (1), c (2), d (3); actions left (0), right (1), join (2), show (3).
std::shared_ptr<const run::Inspection> joinInspection() {
  auto i = std::make_shared<run::Inspection>();
  i->target = run::Inspection::Target::Action;
  i->index = 2;
  i->id = "join";
  i->kind = graph::ActionKind::Computation;
  i->expression = "b + c";
  i->reads = {1, 2};
  i->writes = {3};
  i->dependents = {3};
  i->upstream = {0, 1};
  i->state.flags = run::ActionState::Dirty | run::ActionState::DebounceArmed;
  i->state.debounceDeadlineMs = 230;
  i->state.runCount = 2;
  i->state.totalMs = 4;
  i->state.averageMs = 2;
  i->state.lastMs = 2;
  i->state.minMs = 1;
  i->state.maxMs = 3;
  i->debounceMs = 100;
  run::RunCause r;
  r.action = 2;
  r.run = 2;
  r.step = 5;
  r.atMs = 10;
  r.pulled = true;
  r.puller = 4;  // show, index 3
  run::CauseLink changed;
  changed.kind = run::CauseLink::Kind::CellChanged;
  changed.cell = 1;
  changed.writer = 1;  // left
  changed.text = "cell b changed 2 -> 6 (written by left, run 2, step 5)";
  run::CauseLink event;
  event.kind = run::CauseLink::Kind::EventApplied;
  event.cell = 0;
  event.text = "event 1 set a to 5 (step 4, 10 ms)";
  r.chain = {changed, event};
  i->lastRun = r;
  run::WhyNot debounced;
  debounced.reason = run::WhyNot::Reason::Debounced;
  debounced.untilMs = 230;
  debounced.text = "debounced until 230 ms";
  i->whyNot = {debounced};
  return i;
}

std::shared_ptr<const run::Inspection> cellInspection() {
  auto i = std::make_shared<run::Inspection>();
  i->target = run::Inspection::Target::Cell;
  i->index = 1;
  i->id = "b";
  i->value = 6;
  i->writers = {0};
  i->readers = {2, 3};
  run::CauseLink last;
  last.kind = run::CauseLink::Kind::CellChanged;
  last.text = "cell b changed 2 -> 6 (written by left, run 2, step 5)";
  i->lastChange = last;
  return i;
}

}  // namespace

class InspectorPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void nothingSelectedSaysHow();
  void anActionsFields();
  void linksSelect();
  void causesSelectTheirWriter();
  void aCellsValueIsEditable();
  void screenReaderReadsIt();
};

void InspectorPaneTests::nothingSelectedSaysHow() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(nullptr);
  QVERIFY(!pane.field("Reads")->isVisibleTo(&pane));
  pane.setInspection(joinInspection());
  pane.setDocument(nullptr);  // the document closed: nothing to show
  QCOMPARE(pane.inspection(), nullptr);
}

void InspectorPaneTests::anActionsFields() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(joinInspection());
  pane.show();
  auto text = [&](const char* label) { return pane.field(label)->text(); };
  QVERIFY(text("Expression").contains("b + c"));
  QVERIFY(text("Reads").contains(">b<") && text("Reads").contains(">c<"));
  QVERIFY(text("Writes").contains(">d<"));
  QVERIFY(text("Dependents").contains(">show<"));
  QVERIFY(text("Upstream").contains(">left<") && text("Upstream").contains(">right<"));
  QCOMPARE(text("State"), QString("debounced until 230 ms, dirty"));
  QCOMPARE(text("Runs"), QString("2"));
  QCOMPARE(text("Times"), QString("total 4 ms, average 2 ms, last 2 ms, min 1 ms, max 3 ms"));
  QCOMPARE(text("Debounce"), QString("100 ms (manual)"));
  QVERIFY(!pane.valueEditor()->isVisible());  // actions have no value
  QCOMPARE(pane.causes()->count(), 3);         // the run, then its two links
  QCOMPARE(pane.causes()->item(0)->text(), QString("run 2 at step 5 (10 ms), pulled by show"));
  QVERIFY(pane.causes()->item(1)->text().endsWith("cell b changed 2 -> 6 (written by left, run 2, step 5)"));
  QCOMPARE(pane.whyNot()->count(), 1);
  QCOMPARE(pane.whyNot()->item(0)->text(), QString("debounced until 230 ms"));
  // A run picked by its step is explained instead of the last one, and says so.
  auto picked = std::make_shared<run::Inspection>(*joinInspection());
  picked->pickedStep = 3;
  picked->pickedRun = picked->lastRun;
  picked->pickedRun->run = 1;
  picked->pickedRun->step = 3;
  picked->pickedRun->pulled = false;
  pane.setInspection(picked);
  QCOMPARE(pane.causes()->item(0)->text(), QString("run 1 at step 3 (10 ms)"));
  QCOMPARE(QAccessible::queryAccessibleInterface(pane.causes())->text(QAccessible::Name),
           QString("Why did this run in step 3"));
  picked->pickedRun.reset();
  pane.setInspection(picked);
  QCOMPARE(pane.causes()->count(), 1);
  QCOMPARE(pane.causes()->item(0)->text(), QString("It did not run in step 3, or that run was not recorded."));
  pane.setInspection(joinInspection());
  if (qEnvironmentVariableIsSet("TICKSCOPE_SCREENSHOT_DIR")) {
    pane.resize(420, 640);
    pane.grab().save(qEnvironmentVariable("TICKSCOPE_SCREENSHOT_DIR") + "/inspector-action.png");
  }
}

void InspectorPaneTests::linksSelect() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(joinInspection());
  QList<Selection> asked;
  connect(&pane, &InspectorPane::selectionRequested, this, [&](const Selection& s) { asked << s; });
  emit pane.field("Dependents")->linkActivated("action:3");
  emit pane.field("Reads")->linkActivated("cell:2");
  QCOMPARE(asked.size(), 2);
  QCOMPARE(asked[0], Selection::ofAction(3));
  QCOMPARE(asked[1], (Selection{{}, {2}}));
}

void InspectorPaneTests::causesSelectTheirWriter() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(joinInspection());
  QList<Selection> asked;
  connect(&pane, &InspectorPane::selectionRequested, this, [&](const Selection& s) { asked << s; });
  emit pane.causes()->itemActivated(pane.causes()->item(0));  // pulled by show
  emit pane.causes()->itemActivated(pane.causes()->item(1));  // written by left
  emit pane.causes()->itemActivated(pane.causes()->item(2));  // the event set a
  QCOMPARE(asked, (QList<Selection>{Selection::ofAction(3), Selection::ofAction(0), Selection{{}, {0}}}));
}

void InspectorPaneTests::aCellsValueIsEditable() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(cellInspection());
  pane.show();
  QVERIFY(pane.valueEditor()->isVisible());
  QCOMPARE(pane.valueEditor()->text(), QString("6"));
  QVERIFY(pane.field("Readers")->text().contains(">join<"));
  QVERIFY(pane.field("Last change")->text().contains("2 -&gt; 6"));
  QList<QPair<quint32, double>> edits;
  connect(&pane, &InspectorPane::cellValueEditRequested, this, [&](quint32 c, double v) { edits << qMakePair(c, v); });
  pane.valueEditor()->setFocus();
  pane.valueEditor()->selectAll();
  QTest::keyClicks(pane.valueEditor(), "12.5");
  QTest::keyClick(pane.valueEditor(), Qt::Key_Return);
  QCOMPARE(edits.size(), 1);
  QCOMPARE(edits[0].first, quint32(1));
  QCOMPARE(edits[0].second, 12.5);
  pane.valueEditor()->setFocus();
  pane.valueEditor()->clear();
  QTest::keyClicks(pane.valueEditor(), "abc-");  // letters refused, "-" alone is not a number: no edit
  QCOMPARE(pane.valueEditor()->text(), QString("-"));
  QTest::keyClick(pane.valueEditor(), Qt::Key_Return);
  QCOMPARE(edits.size(), 1);
}

void InspectorPaneTests::screenReaderReadsIt() {
  InspectorPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setInspection(joinInspection());
  pane.show();
  QAccessibleInterface* causes = QAccessible::queryAccessibleInterface(pane.causes());
  QCOMPARE(causes->text(QAccessible::Name), QString("Why did this run"));
  QCOMPARE(causes->role(), QAccessible::List);
  QCOMPARE(causes->childCount(), 3);
  // A field reads its value, labelled by its name (the buddy relation).
  QAccessibleInterface* state = QAccessible::queryAccessibleInterface(pane.field("State"));
  QCOMPARE(state->text(QAccessible::Name), QString("debounced until 230 ms, dirty"));
  bool labelled = false;
  for (const auto& [other, relation] : state->relations()) labelled = labelled || other->text(QAccessible::Name) == "State";
  QVERIFY(labelled);
  pane.setInspection(cellInspection());
  QAccessibleInterface* value = QAccessible::queryAccessibleInterface(pane.valueEditor());
  QCOMPARE(value->text(QAccessible::Name), QString("Value"));
  QCOMPARE(value->role(), QAccessible::EditableText);
}

QTEST_MAIN(InspectorPaneTests)
#include "inspector_pane_tests.moc"
