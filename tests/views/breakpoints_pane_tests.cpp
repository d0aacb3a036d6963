// The Breakpoints pane: the model's columns for every kind, changes asked for as whole lists
// (toggle, add, edit, remove) while the list's owner decides, the dialog's live checking,
// problems against a changed document, hits and the last hit, and what a screen reader reads.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QComboBox>
#include <QCompleter>
#include <QFont>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>

#include "breakpoint_dialog.h"
#include "breakpoint_model.h"
#include "breakpoints_pane.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;
using Kind = run::Breakpoint::Kind;
using List = std::vector<run::Breakpoint>;

Q_DECLARE_METATYPE(run::Breakpoint)

namespace {

run::Breakpoint bp(Kind kind, std::string target = {}, std::string condition = {}, std::uint32_t threshold = 0,
                   bool enabled = true) {
  return run::Breakpoint{kind, std::move(target), std::move(condition), threshold, enabled};
}

// One breakpoint of every kind that fits diamond.tsg.json (actions left, right, join, show;
// cells a, b, c, d; show is labelled "ui").
List everyKind() {
  return {bp(Kind::ActionRuns, "join"),     bp(Kind::CellChanges, "d", "v > 10"), bp(Kind::ReportError),
          bp(Kind::CycleDetected),          bp(Kind::DebounceFires, "show"),      bp(Kind::TaskPicked, "ui"),
          bp(Kind::ReadyQueueLonger, {}, {}, 3)};
}

// A file before and after an edit: sum became total, cell a became x, the label went away.
const char* const kBefore = R"({
  "tickscope": 1, "name": "edited", "cells": { "a": 1 },
  "actions": [
    { "id": "sum", "kind": "computation", "reads": ["a"], "writes": ["s"], "expr": "a + 1", "label": "io" },
    { "id": "show", "kind": "effect", "reads": ["s"], "expr": "s" }
  ]
})";
const char* const kAfter = R"({
  "tickscope": 1, "name": "edited", "cells": { "x": 1 },
  "actions": [
    { "id": "total", "kind": "computation", "reads": ["x"], "writes": ["s"], "expr": "x + 1" },
    { "id": "show", "kind": "effect", "reads": ["s"], "expr": "s" }
  ]
})";

QString text(const QAbstractItemModel& m, int row, int column) { return m.index(row, column).data().toString(); }

// Requests: every list the pane asked for, in order.
struct Requests {
  explicit Requests(BreakpointsPane& pane) {
    QObject::connect(&pane, &BreakpointsPane::breakpointsChangeRequested, &pane, [this](const List& l) { lists.push_back(l); });
  }
  std::vector<List> lists;
};

void click(QAbstractButton* button) {
  QVERIFY(button->isEnabled());
  QTest::mouseClick(button, Qt::LeftButton);
}

// fill: sets the dialog's fields as a user would pick them.
void fill(BreakpointDialog& d, Kind kind, const QString& target, const QString& condition = {}, int threshold = -1) {
  d.kindBox()->setCurrentIndex(static_cast<int>(kind));
  if (d.targetBox()->isVisibleTo(&d)) d.targetBox()->setEditText(target);
  if (d.conditionEdit()->isVisibleTo(&d)) d.conditionEdit()->setText(condition);
  if (threshold >= 0) d.thresholdBox()->setValue(threshold);
}

}  // namespace

class BreakpointsPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void modelPassesTheTester();
  void columnsForEveryKind_data();
  void columnsForEveryKind();
  void togglingEnabledAsksForTheList();
  void addsThroughTheDialog_data();
  void addsThroughTheDialog();
  void addStartsFromTheSelection();
  void dialogRefusesWhatDoesNotFit_data();
  void dialogRefusesWhatDoesNotFit();
  void dialogOffersTheDocumentsTargets();
  void editReplacesTheRightOne();
  void removesSelectedAndAll();
  void problemsFollowTheDocument();
  void hitCountsAndLastHit();
  void screenReaderReadsThePaneAndDialog();
  void rendersReadably();
};

void BreakpointsPaneTests::initTestCase() {
  qRegisterMetaType<run::Breakpoint>();
  // The offscreen platform says this for every dialog shown; it is not about this code.
  static const QtMessageHandler previous = qInstallMessageHandler(nullptr);
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (!message.contains(QLatin1String("does not support propagateSizeHints"))) previous(type, context, message);
  });
}

void BreakpointsPaneTests::modelPassesTheTester() {
  BreakpointModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
  QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
  model.setBreakpoints(everyKind(), {1, 2, 3});
  QCOMPARE(model.rowCount(), 7);
  QCOMPARE(model.columnCount(), 7);
  model.setDocument(test::exampleDocument("diamond.tsg.json"));
  model.setLastHit(2);
  List fewer = everyKind();
  fewer.resize(2);
  model.setBreakpoints(fewer, {});
  QCOMPARE(model.rowCount(), 2);
  QVERIFY(!model.lastHit());  // row 2 is gone
  QCOMPARE(resets.size(), 2);  // another length: a reset
  changes.clear();
  fewer[1].enabled = false;
  model.setBreakpoints(fewer, {4, 5});
  QCOMPARE(resets.size(), 2);  // the same length: changed in place (a view keeps its selection)
  QCOMPARE(changes.size(), 1);
  model.setLastHit(1);
  model.setDocument(test::documentFromJson(kAfter));
  model.setDocument(nullptr);
  model.setBreakpoints({}, {});
  QCOMPARE(model.rowCount(), 0);
  model.setLastHit(0);
  QVERIFY(!model.lastHit());
}

void BreakpointsPaneTests::columnsForEveryKind_data() {
  QTest::addColumn<run::Breakpoint>("breakpoint");
  QTest::addColumn<QStringList>("texts");  // Kind, Target, Condition, Stops
  const auto row = [](const char* name, run::Breakpoint b, QStringList texts) {
    QTest::newRow(name) << b << texts;
  };
  row("action runs", bp(Kind::ActionRuns, "join"), {"Action runs", "join", "", "before action join runs"});
  row("cell changes", bp(Kind::CellChanges, "d", "v > 10"),
      {"Cell changes", "d", "v > 10", "when cell d changes and v > 10"});
  row("cell changes, any value", bp(Kind::CellChanges, "b"), {"Cell changes", "b", "", "when cell b changes"});
  row("any report error", bp(Kind::ReportError), {"Report error", "(any)", "", "on any report error"});
  row("report error", bp(Kind::ReportError, "cycle-limit"),
      {"Report error", "cycle-limit", "", "on a cycle-limit error"});
  row("cycle detected", bp(Kind::CycleDetected), {"Cycle detected", "", "", "when a cycle is detected"});
  row("debounce fires", bp(Kind::DebounceFires, "show"),
      {"Debounce fires", "show", "", "when the debounce of show fires"});
  row("any debounce", bp(Kind::DebounceFires), {"Debounce fires", "(any)", "", "when any debounce timer fires"});
  row("task picked", bp(Kind::TaskPicked, "ui"), {"Task picked", "ui", "", "when a task labelled ui is picked"});
  row("ready queue longer", bp(Kind::ReadyQueueLonger, {}, {}, 3),
      {"Ready queue longer", "", "> 3", "when the ready queue is longer than 3"});
}

void BreakpointsPaneTests::columnsForEveryKind() {
  QFETCH(run::Breakpoint, breakpoint);
  QFETCH(QStringList, texts);
  BreakpointModel model;
  model.setDocument(test::exampleDocument("diamond.tsg.json"));
  run::Breakpoint off = breakpoint;
  off.enabled = false;
  model.setBreakpoints({breakpoint, off}, {7});
  QStringList headers;
  for (int c = 0; c < model.columnCount(); ++c) headers << model.headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Enabled", "Kind", "Target", "Condition", "Stops", "Hits", "Problem"}));
  for (int r = 0; r < 2; ++r) {
    QCOMPARE(text(model, r, BreakpointModel::KindColumn), texts[0]);
    QCOMPARE(text(model, r, BreakpointModel::TargetColumn), texts[1]);
    QCOMPARE(text(model, r, BreakpointModel::ConditionColumn), texts[2]);
    QCOMPARE(text(model, r, BreakpointModel::StopsColumn), texts[3]);
    QCOMPARE(text(model, r, BreakpointModel::ProblemColumn), QString());  // it fits diamond
    QCOMPARE(text(model, r, BreakpointModel::EnabledColumn), QString());  // a checkbox, no text
    QVERIFY(model.flags(model.index(r, BreakpointModel::EnabledColumn)) & Qt::ItemIsUserCheckable);
  }
  QCOMPARE(model.index(0, BreakpointModel::EnabledColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
  QCOMPARE(model.index(1, BreakpointModel::EnabledColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
  QCOMPARE(text(model, 0, BreakpointModel::HitsColumn), QString("7"));
  QCOMPARE(text(model, 1, BreakpointModel::HitsColumn), QString("0"));  // no count given: none
}

void BreakpointsPaneTests::togglingEnabledAsksForTheList() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  const List list = everyKind();
  pane.setBreakpoints(list, {});
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  Requests asked(pane);
  // Space on the checkbox cell, as a keyboard user toggles it.
  pane.table()->setCurrentIndex(pane.model()->index(2, BreakpointModel::EnabledColumn));
  QTest::keyClick(pane.table()->viewport(), Qt::Key_Space);
  QCOMPARE(asked.lists.size(), std::size_t(1));
  List expected = list;
  expected[2].enabled = false;
  QCOMPARE(asked.lists.back(), expected);
  // Nothing changes until the owner sets the list: the row still reads enabled.
  const QModelIndex box = pane.model()->index(2, BreakpointModel::EnabledColumn);
  QCOMPARE(box.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
  QCOMPARE(pane.model()->breakpoints(), list);
  pane.setBreakpoints(asked.lists.back(), {});
  QCOMPARE(box.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
  QCOMPARE(pane.table()->currentIndex().row(), 2);  // same length: the view keeps its place
  // And back on through the model, as a mouse click on the box does.
  QVERIFY(!pane.model()->setData(box, Qt::Checked, Qt::CheckStateRole));
  QCOMPARE(asked.lists.size(), std::size_t(2));
  QCOMPARE(asked.lists.back(), list);
  QCOMPARE(box.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
  // Setting what it already is asks for nothing; no other column is editable.
  QVERIFY(!pane.model()->setData(box, Qt::Unchecked, Qt::CheckStateRole));
  QVERIFY(!pane.model()->setData(pane.model()->index(2, BreakpointModel::TargetColumn), "x", Qt::EditRole));
  QCOMPARE(asked.lists.size(), std::size_t(2));
}

void BreakpointsPaneTests::addsThroughTheDialog_data() {
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("condition");
  QTest::addColumn<int>("threshold");
  QTest::addColumn<run::Breakpoint>("expected");
  QTest::newRow("action runs") << int(Kind::ActionRuns) << "right" << "" << -1 << bp(Kind::ActionRuns, "right");
  QTest::newRow("cell changes") << int(Kind::CellChanges) << "c" << "v > 10" << -1
                                << bp(Kind::CellChanges, "c", "v > 10");
  QTest::newRow("cell changes, no condition") << int(Kind::CellChanges) << "a" << "" << -1 << bp(Kind::CellChanges, "a");
  QTest::newRow("report error") << int(Kind::ReportError) << "math-error" << "" << -1
                                << bp(Kind::ReportError, "math-error");
  QTest::newRow("any report error") << int(Kind::ReportError) << "(any)" << "" << -1 << bp(Kind::ReportError);
  QTest::newRow("cycle detected") << int(Kind::CycleDetected) << "" << "" << -1 << bp(Kind::CycleDetected);
  QTest::newRow("debounce fires") << int(Kind::DebounceFires) << "left" << "" << -1
                                  << bp(Kind::DebounceFires, "left");
  QTest::newRow("any debounce") << int(Kind::DebounceFires) << "(any)" << "" << -1 << bp(Kind::DebounceFires);
  QTest::newRow("task picked") << int(Kind::TaskPicked) << "ui" << "" << -1 << bp(Kind::TaskPicked, "ui");
  QTest::newRow("ready queue longer") << int(Kind::ReadyQueueLonger) << "" << "" << 5
                                      << bp(Kind::ReadyQueueLonger, {}, {}, 5);
}

void BreakpointsPaneTests::addsThroughTheDialog() {
  QFETCH(int, kind);
  QFETCH(QString, target);
  QFETCH(QString, condition);
  QFETCH(int, threshold);
  QFETCH(run::Breakpoint, expected);
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  const List existing{bp(Kind::ActionRuns, "join"), bp(Kind::CycleDetected, {}, {}, 0, false)};
  pane.setBreakpoints(existing, {1, 0});
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  Requests asked(pane);
  click(pane.addButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  QVERIFY(dialog->isVisible());
  QCOMPARE(dialog->windowTitle(), QString("Add Breakpoint"));
  fill(*dialog, static_cast<Kind>(kind), target, condition, threshold);
  QCOMPARE(dialog->errorLabel()->text(), QString());
  QVERIFY(!dialog->errorLabel()->isVisibleTo(dialog));
  QCOMPARE(dialog->stopsLabel()->text(), QString("Stops %1.").arg(QString::fromStdString(run::describe(expected))));
  click(dialog->okButton());
  QVERIFY(!dialog->isVisible());
  QCOMPARE(asked.lists.size(), std::size_t(1));
  List want = existing;
  want.push_back(expected);
  QCOMPARE(asked.lists.back(), want);
  QCOMPARE(pane.model()->rowCount(), 2);  // until the owner sets it
  // The next Add opens a fresh dialog at once (the accepted one is only deleted later).
  click(pane.addButton());
  QVERIFY(pane.dialog());
  QVERIFY(pane.dialog() != dialog || dialog->isVisible());
  pane.dialog()->reject();
  QCOMPARE(asked.lists.size(), std::size_t(1));  // Cancel asks for nothing
}

void BreakpointsPaneTests::addStartsFromTheSelection() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  Requests asked(pane);
  pane.setSelection(Selection{{2, 0}, {3}});  // join (primary) and left; cell d
  click(pane.addButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  QCOMPARE(dialog->kindBox()->currentText(), QString("Action runs"));
  QCOMPARE(dialog->targetBox()->currentText(), QString("join"));
  QVERIFY(dialog->okButton()->isEnabled());
  dialog->kindBox()->setCurrentIndex(int(Kind::CellChanges));  // the selected cell next
  QCOMPARE(dialog->targetBox()->currentText(), QString("d"));
  dialog->kindBox()->setCurrentIndex(int(Kind::DebounceFires));
  QCOMPARE(dialog->targetBox()->currentText(), QString("join"));
  dialog->kindBox()->setCurrentIndex(int(Kind::ActionRuns));
  click(dialog->okButton());
  QCOMPARE(asked.lists.back(), (List{bp(Kind::ActionRuns, "join")}));
  // Nothing selected: the first action, so a new breakpoint starts valid.
  pane.setSelection({});
  click(pane.addButton());
  QCOMPARE(pane.dialog()->targetBox()->currentText(), QString("left"));
  pane.dialog()->reject();
  // Nothing open: nothing to add to.
  pane.setDocument(nullptr);
  QVERIFY(!pane.addButton()->isEnabled());
}

void BreakpointsPaneTests::dialogRefusesWhatDoesNotFit_data() {
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("target");
  QTest::addColumn<QString>("condition");
  QTest::addColumn<QString>("error");
  QTest::addColumn<QString>("fixedTarget");
  QTest::addColumn<QString>("fixedCondition");
  QTest::newRow("unknown action") << int(Kind::ActionRuns) << "nope" << "" << "no action named \"nope\"" << "show" << "";
  QTest::newRow("no action at all") << int(Kind::ActionRuns) << "" << "" << "action-runs needs a target" << "left" << "";
  QTest::newRow("unknown debounced action") << int(Kind::DebounceFires) << "nope" << "" << "no action named \"nope\""
                                            << "(any)" << "";
  QTest::newRow("unknown cell") << int(Kind::CellChanges) << "zz" << "" << "no cell named \"zz\"" << "a" << "";
  QTest::newRow("condition cut short") << int(Kind::CellChanges) << "a" << "v >" << "condition \"v >\"" << "a"
                                       << "v > 1";
  QTest::newRow("condition of w") << int(Kind::CellChanges) << "a" << "w > 1"
                                  << "condition \"w > 1\": only v (the new value) can be used, not w" << "a"
                                  << "v > 1";
  QTest::newRow("unknown label") << int(Kind::TaskPicked) << "io" << "" << "no action is labelled \"io\"" << "ui" << "";
  QTest::newRow("unknown error kind") << int(Kind::ReportError) << "oops" << "" << "no report error kind \"oops\""
                                      << "max-time" << "";
}

void BreakpointsPaneTests::dialogRefusesWhatDoesNotFit() {
  QFETCH(int, kind);
  QFETCH(QString, target);
  QFETCH(QString, condition);
  QFETCH(QString, error);
  QFETCH(QString, fixedTarget);
  QFETCH(QString, fixedCondition);
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  Requests asked(pane);
  click(pane.addButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  fill(*dialog, static_cast<Kind>(kind), target, condition);
  QVERIFY(!dialog->okButton()->isEnabled());
  QVERIFY(dialog->errorLabel()->isVisible());
  QVERIFY2(dialog->errorLabel()->text().startsWith(error), qPrintable(dialog->errorLabel()->text()));
  QCOMPARE(dialog->errorLabel()->text().toStdString(),
           run::checkBreakpoint(dialog->breakpoint(), *test::exampleDocument("diamond.tsg.json")));
  QVERIFY(!dialog->stopsLabel()->isVisible());
  // Enter in a field (accept) does not take it either.
  dialog->accept();
  QVERIFY(dialog->isVisible());
  QVERIFY(asked.lists.empty());
  // Fixing it enables OK and clears the error, live.
  fill(*dialog, static_cast<Kind>(kind), fixedTarget, fixedCondition);
  QVERIFY(dialog->okButton()->isEnabled());
  QVERIFY(!dialog->errorLabel()->isVisible());
  QVERIFY(dialog->stopsLabel()->isVisible());
  click(dialog->okButton());
  QCOMPARE(asked.lists.size(), std::size_t(1));
}

void BreakpointsPaneTests::dialogOffersTheDocumentsTargets() {
  BreakpointDialog dialog;
  dialog.setDocument(test::exampleDocument("diamond.tsg.json"));
  const auto items = [&] {
    QStringList out;
    for (int i = 0; i < dialog.targetBox()->count(); ++i) out << dialog.targetBox()->itemText(i);
    return out;
  };
  const auto shown = [&](QWidget* w) { return w->isVisibleTo(&dialog); };
  QCOMPARE(items(), (QStringList{"left", "right", "join", "show"}));
  QVERIFY(shown(dialog.targetBox()) && !shown(dialog.conditionEdit()) && !shown(dialog.thresholdBox()));
  dialog.kindBox()->setCurrentIndex(int(Kind::CellChanges));
  QCOMPARE(items(), (QStringList{"a", "b", "c", "d"}));  // declared, then written by actions
  QVERIFY(shown(dialog.targetBox()) && shown(dialog.conditionEdit()) && !shown(dialog.thresholdBox()));
  QCOMPARE(dialog.conditionEdit()->placeholderText(), QString("v > 10"));
  dialog.kindBox()->setCurrentIndex(int(Kind::ReportError));
  QCOMPARE(items(), (QStringList{"(any)", "cycle-limit", "math-error", "action-failed", "too-many-iterations",
                                 "dangling-task", "max-time"}));
  dialog.kindBox()->setCurrentIndex(int(Kind::CycleDetected));
  QVERIFY(!shown(dialog.targetBox()) && !shown(dialog.conditionEdit()) && !shown(dialog.thresholdBox()));
  dialog.kindBox()->setCurrentIndex(int(Kind::DebounceFires));
  QCOMPARE(items(), (QStringList{"(any)", "left", "right", "join", "show"}));
  dialog.kindBox()->setCurrentIndex(int(Kind::TaskPicked));
  QCOMPARE(items(), (QStringList{"ui"}));
  dialog.kindBox()->setCurrentIndex(int(Kind::ReadyQueueLonger));
  QVERIFY(!shown(dialog.targetBox()) && !shown(dialog.conditionEdit()) && shown(dialog.thresholdBox()));
  // The target completes what is typed, anywhere in the name.
  dialog.kindBox()->setCurrentIndex(int(Kind::ActionRuns));
  QCompleter* completer = dialog.targetBox()->completer();
  QVERIFY(completer);
  QCOMPARE(completer->filterMode(), Qt::MatchContains);
  completer->setCompletionPrefix("ig");
  QCOMPARE(completer->completionCount(), 1);
  QCOMPARE(completer->currentCompletion(), QString("right"));
  // With nothing open there is nothing to check against.
  dialog.setDocument(nullptr);
  QVERIFY(!dialog.okButton()->isEnabled());
  QCOMPARE(dialog.errorLabel()->text(), QString("no graph is open"));
}

void BreakpointsPaneTests::editReplacesTheRightOne() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  const List list{bp(Kind::ActionRuns, "join"), bp(Kind::CellChanges, "d", "v > 10", 0, false),
                  bp(Kind::ReadyQueueLonger, {}, {}, 3)};
  pane.setBreakpoints(list, {});
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  Requests asked(pane);
  QVERIFY(!pane.editButton()->isEnabled());  // nothing selected
  pane.table()->selectRow(1);
  click(pane.editButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  QCOMPARE(dialog->windowTitle(), QString("Edit Breakpoint"));
  QCOMPARE(dialog->kindBox()->currentText(), QString("Cell changes"));
  QCOMPARE(dialog->targetBox()->currentText(), QString("d"));
  QCOMPARE(dialog->conditionEdit()->text(), QString("v > 10"));
  dialog->conditionEdit()->setText("v < 0");
  click(dialog->okButton());
  List want = list;
  want[1] = bp(Kind::CellChanges, "d", "v < 0", 0, false);  // still disabled
  QCOMPARE(asked.lists.size(), std::size_t(1));
  QCOMPARE(asked.lists.back(), want);

  // Double-click on a row edits that row.
  const QRect cell = pane.table()->visualRect(pane.model()->index(2, BreakpointModel::KindColumn));
  QTest::mouseClick(pane.table()->viewport(), Qt::LeftButton, {}, cell.center());  // press, release,
  QTest::mouseDClick(pane.table()->viewport(), Qt::LeftButton, {}, cell.center());  // then the double click
  QVERIFY(pane.dialog());
  QCOMPARE(pane.dialog()->kindBox()->currentText(), QString("Ready queue longer"));
  QCOMPARE(pane.dialog()->thresholdBox()->value(), 3);
  pane.dialog()->thresholdBox()->setValue(8);
  // The list changes while the dialog is open (a reload put another one first): the same
  // breakpoint, now row 3, is the one replaced, not whatever row 2 holds now.
  pane.setBreakpoints({bp(Kind::CycleDetected), list[0], list[1], list[2]}, {});
  click(pane.dialog()->okButton());
  QCOMPARE(asked.lists.back(), (List{bp(Kind::CycleDetected), list[0], list[1], bp(Kind::ReadyQueueLonger, {}, {}, 8)}));
  // And when it is gone altogether, the user's edit is kept as a new one.
  pane.setBreakpoints(list, {});
  pane.table()->selectRow(2);
  click(pane.editButton());
  pane.setBreakpoints({list[0]}, {});
  click(pane.dialog()->okButton());
  QCOMPARE(asked.lists.back(), (List{list[0], list[2]}));

  // An edit that does not fit the document is refused like an add.
  pane.setBreakpoints(list, {});
  pane.table()->selectRow(0);
  click(pane.editButton());
  pane.dialog()->targetBox()->setEditText("nope");
  QVERIFY(!pane.dialog()->okButton()->isEnabled());
  pane.dialog()->reject();
  QCOMPARE(asked.lists.size(), std::size_t(3));
}

void BreakpointsPaneTests::removesSelectedAndAll() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  const List list = everyKind();
  pane.setBreakpoints(list, {});
  pane.show();
  pane.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&pane));
  Requests asked(pane);
  QVERIFY(!pane.removeButton()->isEnabled());
  QVERIFY(pane.removeAllButton()->isEnabled());
  pane.table()->selectRow(1);
  click(pane.removeButton());
  List want = list;
  want.erase(want.begin() + 1);
  QCOMPARE(asked.lists.back(), want);
  QCOMPARE(pane.model()->rowCount(), 7);  // until the owner sets it

  // Delete in the table removes every selected row.
  pane.table()->setFocus();
  pane.table()->selectionModel()->select(pane.model()->index(0, 0),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  pane.table()->selectionModel()->select(pane.model()->index(6, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
  pane.table()->selectionModel()->select(pane.model()->index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
  QTest::keyClick(pane.table(), Qt::Key_Delete);
  QCOMPARE(asked.lists.size(), std::size_t(2));
  QCOMPARE(asked.lists.back(), (List{list[1], list[2], list[4], list[5]}));

  click(pane.removeAllButton());
  QCOMPARE(asked.lists.size(), std::size_t(3));
  QVERIFY(asked.lists.back().empty());
  pane.setBreakpoints({}, {});
  QVERIFY(!pane.removeAllButton()->isEnabled());
  QVERIFY(!pane.removeButton()->isEnabled());
  QVERIFY(!pane.editButton()->isEnabled());
}

void BreakpointsPaneTests::problemsFollowTheDocument() {
  BreakpointsPane pane;
  pane.setDocument(test::documentFromJson(kBefore));
  const List list{bp(Kind::ActionRuns, "sum"), bp(Kind::CellChanges, "a", "v > 1"), bp(Kind::TaskPicked, "io"),
                  bp(Kind::ActionRuns, "show")};
  pane.setBreakpoints(list, {2, 1, 0, 5});
  const BreakpointModel& m = *pane.model();
  for (int r = 0; r < 4; ++r) QCOMPARE(text(m, r, BreakpointModel::ProblemColumn), QString());
  QVERIFY(!m.index(0, BreakpointModel::ProblemColumn).data(Qt::ForegroundRole).isValid());

  // The file changed on disk: sum, a and the label are gone; show still fits.
  QSignalSpy changed(pane.model(), &QAbstractItemModel::dataChanged);
  pane.setDocument(test::documentFromJson(kAfter));
  QVERIFY(!changed.isEmpty());
  QCOMPARE(text(m, 0, BreakpointModel::ProblemColumn), QString("no action named \"sum\""));
  QCOMPARE(text(m, 1, BreakpointModel::ProblemColumn), QString("no cell named \"a\""));
  QCOMPARE(text(m, 2, BreakpointModel::ProblemColumn), QString("no action is labelled \"io\""));
  QCOMPARE(text(m, 3, BreakpointModel::ProblemColumn), QString());
  const QColor red = m.index(0, BreakpointModel::ProblemColumn).data(Qt::ForegroundRole).value<QBrush>().color();
  QCOMPARE(red, BreakpointModel::problemColor());
  QVERIFY(red.red() > 2 * red.green());
  QVERIFY(m.index(0, 0).data(BreakpointModel::ProblemRole).toBool());
  QVERIFY(!m.index(3, 0).data(BreakpointModel::ProblemRole).toBool());
  QCOMPARE(m.index(0, BreakpointModel::ProblemColumn).data(Qt::ToolTipRole).toString(),
           QString("Never hits: no action named \"sum\""));
  QCOMPARE(pane.model()->breakpoints(), list);  // the list is the owner's: nothing dropped

  // An open dialog checks against the new document too.
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  pane.table()->selectRow(1);
  click(pane.editButton());
  QCOMPARE(pane.dialog()->errorLabel()->text(), QString("no cell named \"a\""));
  pane.setDocument(test::documentFromJson(kBefore));
  QCOMPARE(pane.dialog()->errorLabel()->text(), QString());
  QVERIFY(pane.dialog()->okButton()->isEnabled());
  pane.dialog()->reject();
  for (int r = 0; r < 4; ++r) QCOMPARE(text(m, r, BreakpointModel::ProblemColumn), QString());

  // Nothing open: nothing to check against, so no problem is claimed.
  pane.setDocument(test::documentFromJson(kAfter));
  pane.setDocument(nullptr);
  for (int r = 0; r < 4; ++r) QCOMPARE(text(m, r, BreakpointModel::ProblemColumn), QString());
}

void BreakpointsPaneTests::hitCountsAndLastHit() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  pane.setBreakpoints(everyKind(), {0, 12, 1});
  const BreakpointModel& m = *pane.model();
  QStringList hits;
  for (int r = 0; r < m.rowCount(); ++r) hits << text(m, r, BreakpointModel::HitsColumn);
  QCOMPARE(hits, (QStringList{"0", "12", "1", "0", "0", "0", "0"}));
  QCOMPARE(m.index(1, BreakpointModel::HitsColumn).data(Qt::TextAlignmentRole).toInt(),
           int(Qt::AlignRight | Qt::AlignVCenter));

  const auto highlighted = [&] {
    std::vector<int> rows;
    for (int r = 0; r < m.rowCount(); ++r) {
      const bool last = m.index(r, 0).data(BreakpointModel::LastHitRole).toBool();
      for (int c = 0; c < m.columnCount(); ++c) {
        const QModelIndex i = m.index(r, c);
        // Every cell of the row says so: a background, bold, and a description for a screen reader.
        if (i.data(Qt::BackgroundRole).isValid() != last) return std::vector<int>{-1};
        if (i.data(Qt::FontRole).value<QFont>().bold() != last) return std::vector<int>{-2};
        if ((i.data(Qt::AccessibleDescriptionRole).toString() == "last hit") != last) return std::vector<int>{-3};
      }
      if (last) rows.push_back(r);
    }
    return rows;
  };
  QCOMPARE(highlighted(), std::vector<int>{});
  QSignalSpy changed(pane.model(), &QAbstractItemModel::dataChanged);
  pane.setLastHit(1);
  QCOMPARE(highlighted(), std::vector<int>{1});
  QCOMPARE(changed.size(), 1);
  pane.setBreakpoints(everyKind(), {0, 13, 1});  // the session counts the hit
  QCOMPARE(text(m, 1, BreakpointModel::HitsColumn), QString("13"));
  QCOMPARE(highlighted(), std::vector<int>{1});  // same list: still the last hit
  changed.clear();
  pane.setLastHit(4);
  QCOMPARE(highlighted(), std::vector<int>{4});
  QCOMPARE(changed.size(), 2);  // the old row and the new one
  pane.setLastHit(std::nullopt);
  QCOMPARE(highlighted(), std::vector<int>{});
  pane.setLastHit(7);  // out of range: nothing
  QCOMPARE(highlighted(), std::vector<int>{});
}

void BreakpointsPaneTests::screenReaderReadsThePaneAndDialog() {
  BreakpointsPane pane;
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  List list = everyKind();
  list[0].enabled = false;
  list.push_back(bp(Kind::ActionRuns, "nope"));
  pane.setBreakpoints(list, {3});
  pane.setLastHit(0);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));

  QAccessibleInterface* table = QAccessible::queryAccessibleInterface(pane.table());
  QVERIFY(table);
  QCOMPARE(table->role(), QAccessible::Table);
  QCOMPARE(table->text(QAccessible::Name), QString("Breakpoints"));
  QAccessibleTableInterface* cells = table->tableInterface();
  QVERIFY(cells);
  QCOMPARE(cells->columnCount(), 7);
  QCOMPARE(cells->rowCount(), 8);
  QStringList columns;
  for (int c = 0; c < 7; ++c) columns << cells->columnDescription(c);
  QCOMPARE(columns, (QStringList{"Enabled", "Kind", "Target", "Condition", "Stops", "Hits", "Problem"}));
  QAccessibleInterface* box = cells->cellAt(0, BreakpointModel::EnabledColumn);
  QVERIFY(box->state().checkable);
  QVERIFY(!box->state().checked);
  QCOMPARE(box->text(QAccessible::Name), QString("disabled"));
  QVERIFY(cells->cellAt(1, BreakpointModel::EnabledColumn)->state().checked);
  QCOMPARE(cells->cellAt(1, BreakpointModel::EnabledColumn)->text(QAccessible::Name), QString("enabled"));
  QCOMPARE(cells->cellAt(0, BreakpointModel::StopsColumn)->text(QAccessible::Name), QString("before action join runs"));
  QCOMPARE(cells->cellAt(0, BreakpointModel::StopsColumn)->text(QAccessible::Description), QString("last hit"));
  QCOMPARE(cells->cellAt(0, BreakpointModel::HitsColumn)->text(QAccessible::Name), QString("3"));
  QCOMPARE(cells->cellAt(7, BreakpointModel::ProblemColumn)->text(QAccessible::Name), QString("no action named \"nope\""));

  const std::vector<std::pair<QAbstractButton*, QString>> buttons{{pane.addButton(), "Add Breakpoint…"},
                                                                   {pane.editButton(), "Edit…"},
                                                                   {pane.removeButton(), "Remove"},
                                                                   {pane.removeAllButton(), "Remove All"}};
  for (const auto& [button, name] : buttons) {
    QAccessibleInterface* b = QAccessible::queryAccessibleInterface(button);
    QVERIFY(b);
    QCOMPARE(b->role(), QAccessible::Button);
    QCOMPARE(b->text(QAccessible::Name), name);
  }
  QVERIFY(QAccessible::queryAccessibleInterface(pane.editButton())->state().disabled);  // nothing selected

  click(pane.addButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  QCOMPARE(QAccessible::queryAccessibleInterface(dialog)->role(), QAccessible::Dialog);
  QCOMPARE(QAccessible::queryAccessibleInterface(dialog)->text(QAccessible::Name), QString("Add Breakpoint"));
  dialog->kindBox()->setCurrentIndex(int(Kind::CellChanges));
  dialog->conditionEdit()->setText("w > 1");
  const auto label = [](QAccessibleInterface* field) {
    const auto labels = field->relations(QAccessible::Label);
    return labels.isEmpty() ? QString() : labels.front().first->text(QAccessible::Name);
  };
  struct Field {
    QWidget* widget;
    QAccessible::Role role;
    QString name;
    QString label;
  };
  const Field fields[] = {{dialog->kindBox(), QAccessible::ComboBox, "Kind", "Kind:"},
                          {dialog->targetBox(), QAccessible::ComboBox, "Target", "Target:"},
                          {dialog->conditionEdit(), QAccessible::EditableText, "Condition", "Condition:"},
                          {dialog->thresholdBox(), QAccessible::SpinBox, "Threshold", "Threshold:"}};
  for (const Field& f : fields) {
    QAccessibleInterface* a = QAccessible::queryAccessibleInterface(f.widget);
    QVERIFY(a);
    QCOMPARE(a->role(), f.role);
    QCOMPARE(f.widget->accessibleName(), f.name);
    QCOMPARE(label(a), f.label);
  }
  QCOMPARE(QAccessible::queryAccessibleInterface(dialog->conditionEdit())->text(QAccessible::Name), QString("Condition"));
  // The error is text a screen reader reaches, and OK says it is unavailable.
  QAccessibleInterface* error = QAccessible::queryAccessibleInterface(dialog->errorLabel());
  QCOMPARE(error->role(), QAccessible::StaticText);
  QCOMPARE(error->text(QAccessible::Name), QString("condition \"w > 1\": only v (the new value) can be used, not w"));
  QAccessibleInterface* ok = QAccessible::queryAccessibleInterface(dialog->okButton());
  QCOMPARE(ok->role(), QAccessible::Button);
  QVERIFY(ok->state().disabled);
  dialog->reject();
}

// At a dock's size (700x300) the short columns show their whole text, and the dialog its
// fields and error. TICKSCOPE_SCREENSHOT_DIR=DIR saves the pictures to look at.
void BreakpointsPaneTests::rendersReadably() {
  BreakpointsPane pane;
  pane.resize(700, 300);
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));
  List list{bp(Kind::ActionRuns, "join"), bp(Kind::CellChanges, "d", "v > 10"), bp(Kind::ReportError, "cycle-limit", {}, 0, false),
            bp(Kind::TaskPicked, "ui"), bp(Kind::ReadyQueueLonger, {}, {}, 4), bp(Kind::ActionRuns, "render")};
  pane.setBreakpoints(list, {2, 3, 0, 15, 1, 0});
  pane.setLastHit(1);
  pane.table()->selectRow(3);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  const auto grab = [](QWidget& w) {
    QCoreApplication::processEvents();  // layouts settle as they would on screen
    return w.grab().toImage();
  };
  const auto save = [](const QImage& picture, const char* name) {
    if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty())
      QVERIFY(picture.save(QString::fromLocal8Bit(dir) + "/" + name));
  };
  const QImage image = grab(pane);
  QVERIFY(!image.isNull());
  save(image, "breakpoints-pane.png");
  const QAbstractItemView& t = *pane.table();  // sizeHintForColumn is public here
  const QTableView& table = *pane.table();
  for (int c : {BreakpointModel::EnabledColumn, BreakpointModel::KindColumn, BreakpointModel::TargetColumn,
                BreakpointModel::ConditionColumn, BreakpointModel::HitsColumn}) {
    const int needed = std::max(t.sizeHintForColumn(c), table.horizontalHeader()->sectionSizeHint(c));
    QVERIFY2(table.columnWidth(c) >= needed,
             qPrintable(QString("column %1: %2 < %3").arg(c).arg(table.columnWidth(c)).arg(needed)));
  }
  // Everything fits across without a horizontal scroll bar, Problem included.
  QVERIFY(table.horizontalHeader()->length() <= table.viewport()->width());
  QVERIFY(table.columnWidth(BreakpointModel::ProblemColumn) >= t.sizeHintForColumn(BreakpointModel::ProblemColumn));
  // A new document with longer problems: the column follows.
  pane.setDocument(test::exampleDocument("newton-cycle.tsg.json"));
  QTest::qWait(0);  // the header lays out on the next event loop turn
  QCOMPARE(pane.model()->problem(3), QString("no action is labelled \"ui\""));
  QVERIFY(table.columnWidth(BreakpointModel::ProblemColumn) >= t.sizeHintForColumn(BreakpointModel::ProblemColumn));
  QVERIFY(table.horizontalHeader()->length() <= table.viewport()->width());
  save(grab(pane), "breakpoints-pane-problems.png");
  pane.setDocument(test::exampleDocument("diamond.tsg.json"));

  click(pane.addButton());
  BreakpointDialog* dialog = pane.dialog();
  QVERIFY(dialog);
  fill(*dialog, Kind::CellChanges, "d", "w > 1");
  QVERIFY(dialog->errorLabel()->isVisible());
  QVERIFY(dialog->errorLabel()->height() >= dialog->errorLabel()->heightForWidth(dialog->errorLabel()->width()));
  const QImage withError = grab(*dialog);
  fill(*dialog, Kind::CellChanges, "d", "v > 10");
  const QImage valid = grab(*dialog);
  save(withError, "breakpoints-dialog-error.png");
  save(valid, "breakpoints-dialog.png");
  fill(*dialog, Kind::ReadyQueueLonger, {}, {}, 4);
  save(grab(*dialog), "breakpoints-dialog-queue.png");
  fill(*dialog, Kind::ReportError, "(any)");
  save(grab(*dialog), "breakpoints-dialog-errors.png");
  dialog->reject();
}

QTEST_MAIN(BreakpointsPaneTests)
#include "breakpoints_pane_tests.moc"
