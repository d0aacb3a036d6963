// The Sessions pane: its columns, the model under QAbstractItemModelTester while real runs
// step (and step back), request-dangling's sessions and tasks at the end and at the steps
// in between, invalid and dangling rows standing out, the shared selection, CSV, what a
// screen reader reads, and a render at a dock's size.
#include <QtTest/QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTreeView>

#include "format.h"
#include "session_model.h"
#include "sessions_pane.h"
#include "views_test_support.h"

using namespace tickscope;
using namespace tickscope::views;

namespace {

// Two requests setting different cells (req-b sets b, then a); req-b's log task dangles.
const char* const kTwoRequests = R"({
  "tickscope": 1, "name": "two-requests", "cells": { "a": 1, "b": 1 },
  "actions": [ { "id": "show", "kind": "effect", "reads": ["a", "b"], "expr": "a + b" } ],
  "events": [
    { "atMs": 10, "set": { "a": 2 }, "session": "req-a", "spawn": [ { "name": "log", "delayMs": 5, "waitUntil": true } ] },
    { "atMs": 20, "set": { "b": 2, "a": 3 }, "session": "req-b", "spawn": [ { "name": "log", "delayMs": 5 } ] }
  ]
})";

QString text(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {}) {
  return m.index(row, column, parent).data().toString();
}

bool standsOut(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {}) {
  const QVariant brush = m.index(row, column, parent).data(Qt::ForegroundRole);
  if (!brush.isValid()) return false;
  const QColor c = brush.value<QBrush>().color();
  return c.red() > 2 * c.green() && c.red() > 2 * c.blue();  // red
}

// rowOf: the top-level row of session `id`, or -1.
int rowOf(const SessionModel& m, const char* id) {
  for (int r = 0; r < m.rowCount(); ++r) {
    if (text(m, r, SessionModel::SessionColumn) == id) return r;
  }
  return -1;
}

// taskRowOf: the row of task `name` under session row `session`, or -1.
int taskRowOf(const SessionModel& m, int session, const char* name) {
  const QModelIndex parent = m.index(session, 0);
  for (int r = 0; r < m.rowCount(parent); ++r) {
    if (text(m, r, SessionModel::TaskColumn, parent) == name) return r;
  }
  return -1;
}

// AnnouncedTexts: every row's texts (sessions and tasks) as the model's signals announced
// them (rows inserted, removed, changed, reset); compared with the model's texts it shows a
// change made without its signal.
class AnnouncedTexts {
 public:
  explicit AnnouncedTexts(const QAbstractItemModel& model) : model_(model) {
    QObject::connect(&model, &QAbstractItemModel::modelReset, &model, [this] { rebuild(); });
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model, [this](const QModelIndex& p, int first, int last) {
      QStringList& rows = rowsUnder(p);
      for (int r = first; r <= last; ++r) rows.insert(r, texts(model_.index(r, 0, p)));
      if (!p.isValid()) {
        for (int r = first; r <= last; ++r) children_.insert(r, childTexts(model_.index(r, 0)));
      }
    });
    QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &model, [this](const QModelIndex& p, int first, int last) {
      rowsUnder(p).remove(first, last - first + 1);
      if (!p.isValid()) children_.remove(first, last - first + 1);
    });
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &model, [this](const QModelIndex& from, const QModelIndex& to) {
      QStringList& rows = rowsUnder(from.parent());
      for (int r = from.row(); r <= to.row(); ++r) rows[r] = texts(model_.index(r, 0, from.parent()));
    });
    rebuild();
  }
  // announced / now: one line per session, its tasks' lines indented below it.
  QStringList announced() const {
    QStringList out;
    for (int r = 0; r < sessions_.size(); ++r) {
      out << sessions_[r];
      for (const QString& t : children_[r]) out << "  " + t;
    }
    return out;
  }
  QStringList now() const {
    QStringList out;
    for (int r = 0; r < model_.rowCount(); ++r) {
      const QModelIndex session = model_.index(r, 0);
      out << texts(session);
      for (const QString& t : childTexts(session)) out << "  " + t;
    }
    return out;
  }

 private:
  void rebuild() {
    sessions_.clear();
    children_.clear();
    for (int r = 0; r < model_.rowCount(); ++r) {
      sessions_ << texts(model_.index(r, 0));
      children_ << childTexts(model_.index(r, 0));
    }
  }
  QStringList& rowsUnder(const QModelIndex& parent) { return parent.isValid() ? children_[parent.row()] : sessions_; }
  QString texts(const QModelIndex& index) const {
    QStringList cells;
    for (int c = 0; c < model_.columnCount(); ++c) cells << index.siblingAtColumn(c).data().toString();
    return cells.join('|');
  }
  QStringList childTexts(const QModelIndex& parent) const {
    QStringList out;
    for (int r = 0; r < model_.rowCount(parent); ++r) out << texts(model_.index(r, 0, parent));
    return out;
  }

  const QAbstractItemModel& model_;
  QStringList sessions_;
  QList<QStringList> children_;
};

}  // namespace

class SessionsPaneTests : public QObject {
  Q_OBJECT
 private slots:
  void columnsAreAsGiven();
  void modelPassesTheTesterWhileStepping_data();
  void modelPassesTheTesterWhileStepping();
  void requestDanglingAtTheEnd_data();
  void requestDanglingAtTheEnd();
  void tasksAtSteps_data();
  void tasksAtSteps();
  void selectingASessionSelectsItsCells();
  void copiesSessionsAsCsv();
  void screenReaderReadsThePane();
  void rendersAtDockSize();
};

void SessionsPaneTests::columnsAreAsGiven() {
  SessionModel model;
  QStringList headers;
  for (int c = 0; c < model.columnCount(); ++c) headers << model.headerData(c, Qt::Horizontal).toString();
  QCOMPARE(headers, (QStringList{"Session", "Opened ms", "Tasks", "Wait until", "Dangling", "Valid", "Message"}));
  // Task rows' fields, in order, in the first five columns.
  QCOMPARE((QList<int>{SessionModel::TaskColumn, SessionModel::TaskIdColumn, SessionModel::StateColumn,
                       SessionModel::WaitUntilColumn, SessionModel::DanglingColumn}),
           (QList<int>{0, 1, 2, 3, 4}));
}

void SessionsPaneTests::modelPassesTheTesterWhileStepping_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("sessions");  // at the end
  for (const auto& [f, n] : {std::pair{"request-dangling.tsg.json", 2}, std::pair{"newton-cycle.tsg.json", 0},
                             std::pair{"slow-cycle.tsg.json", 0}, std::pair{"runaway-cycle.tsg.json", 0}}) {
    QTest::addRow("%s pull", f) << f << int(graph::Mode::Pull) << n;
    QTest::addRow("%s push", f) << f << int(graph::Mode::Push) << n;
  }
}

void SessionsPaneTests::modelPassesTheTesterWhileStepping() {
  QFETCH(QString, file);
  QFETCH(int, mode);
  QFETCH(int, sessions);
  SessionModel model;
  SessionsPane pane;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester paneTester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
  // A proxy sees only what the signals say: it catches rows added or removed without one.
  QSortFilterProxyModel mirror;
  mirror.setSourceModel(&model);
  QAbstractItemModelTester mirrorTester(&mirror, QAbstractItemModelTester::FailureReportingMode::QtTest);
  auto runner = test::runnerFor(test::exampleDocument(file.toStdString()), static_cast<graph::Mode>(mode));
  std::vector<std::shared_ptr<const run::RunSnapshot>> steps{std::make_shared<const run::RunSnapshot>(runner->snapshot())};
  model.setSnapshot(steps.back());
  pane.setSnapshot(steps.back());
  AnnouncedTexts announced(model);
  int resets = 0, inserted = 0, changed = 0;
  connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
  connect(&model, &QAbstractItemModel::rowsInserted, this, [&] { ++inserted; });
  connect(&model, &QAbstractItemModel::dataChanged, this, [&] { ++changed; });
  auto mirrors = [&](const run::RunSnapshot& s) {
    QCOMPARE(mirror.rowCount(), int(s.sessions.size()));
    for (int r = 0; r < mirror.rowCount(); ++r) {
      QCOMPARE(mirror.rowCount(mirror.index(r, 0)), int(s.sessions[std::size_t(r)].tasks.size()));
    }
    QCOMPARE(announced.announced(), announced.now());  // every change came with its signal
  };
  while (runner->step()) {
    steps.push_back(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
    model.setSnapshot(steps.back());
    pane.setSnapshot(steps.back());
    mirrors(*steps.back());
    if (QTest::currentTestFailed()) return;
  }
  QCOMPARE(resets, 0);  // one document: updated in place
  QCOMPARE(model.rowCount(), sessions);
  QCOMPARE(pane.model()->rowCount(), sessions);
  if (sessions > 0) {
    QVERIFY(inserted >= sessions);
    QVERIFY(changed > 0);  // task states and validation changed rows in place
  }
  // Step Back, all the way: rows go again, still in place.
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    model.setSnapshot(*it);
    pane.setSnapshot(*it);
    mirrors(**it);
    if (QTest::currentTestFailed()) return;
  }
  QCOMPARE(resets, 0);
  // Another document resets; no document empties.
  const auto other = test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kTwoRequests)));
  model.setSnapshot(other);
  pane.setSnapshot(other);
  QCOMPARE(resets, 1);
  QCOMPARE(model.rowCount(), 2);
  model.setSnapshot(nullptr);
  pane.setSnapshot(nullptr);
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(pane.model()->rowCount(), 0);
}

void SessionsPaneTests::requestDanglingAtTheEnd_data() {
  QTest::addColumn<int>("mode");
  QTest::addRow("pull") << int(graph::Mode::Pull);
  QTest::addRow("push") << int(graph::Mode::Push);
}

void SessionsPaneTests::requestDanglingAtTheEnd() {
  QFETCH(int, mode);
  auto runner = test::runnerFor(test::exampleDocument("request-dangling.tsg.json"), static_cast<graph::Mode>(mode));
  SessionsPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*runner));
  const SessionModel& m = *pane.model();
  const trace::Report report = runner->report();
  QCOMPARE(m.rowCount(), 2);
  QCOMPARE(report.sessions.size(), std::size_t(2));
  for (int r = 0; r < 2; ++r) {  // the report's numbers and names
    const trace::SessionReport& s = report.sessions[std::size_t(r)];
    auto joined = [](const std::vector<std::string>& names) {
      QStringList out;
      for (const std::string& n : names) out << QString::fromStdString(n);
      return out.join(", ");
    };
    QCOMPARE(text(m, r, SessionModel::SessionColumn), QString::fromStdString(s.id));
    QCOMPARE(text(m, r, SessionModel::OpenedColumn), formatNumber(s.atMs));
    QCOMPARE(text(m, r, SessionModel::TasksColumn), QString::number(s.tasks.size()));
    QCOMPARE(text(m, r, SessionModel::WaitUntilColumn), joined(s.waitUntil));
    QCOMPARE(text(m, r, SessionModel::DanglingColumn), joined(s.dangling));
    QCOMPARE(text(m, r, SessionModel::ValidColumn), s.valid ? QString("yes") : QString("no"));
  }
  // req-1: invalid, audit dangling, and both say so in red.
  const int req1 = rowOf(m, "req-1");
  QCOMPARE(req1, 0);
  QCOMPARE(text(m, req1, SessionModel::ValidColumn), QString("no"));
  QCOMPARE(text(m, req1, SessionModel::DanglingColumn), QString("audit"));
  QCOMPARE(text(m, req1, SessionModel::WaitUntilColumn), QString("flush"));
  QCOMPARE(text(m, req1, SessionModel::OpenedColumn), QString("10"));
  QVERIFY(text(m, req1, SessionModel::MessageColumn).contains("audit"));
  QVERIFY(standsOut(m, req1, SessionModel::ValidColumn));
  QVERIFY(standsOut(m, req1, SessionModel::SessionColumn));
  QVERIFY(m.index(req1, 0).data(SessionModel::ProblemRole).toBool());
  const QModelIndex tasks1 = m.index(req1, 0);
  QCOMPARE(m.rowCount(tasks1), 2);
  const int audit = taskRowOf(m, req1, "audit"), flush = taskRowOf(m, req1, "flush");
  QVERIFY(audit >= 0 && flush >= 0);
  QCOMPARE(text(m, audit, SessionModel::DanglingColumn, tasks1), QString("yes"));
  QCOMPARE(text(m, audit, SessionModel::WaitUntilColumn, tasks1), QString("no"));
  QCOMPARE(text(m, audit, SessionModel::StateColumn, tasks1), QString("completed"));  // its timer fired at 510 ms
  QVERIFY(text(m, audit, SessionModel::TaskIdColumn, tasks1).startsWith("task "));
  QVERIFY(standsOut(m, audit, SessionModel::TaskColumn, tasks1));
  QVERIFY(standsOut(m, audit, SessionModel::DanglingColumn, tasks1));
  QCOMPARE(text(m, flush, SessionModel::DanglingColumn, tasks1), QString("no"));
  QCOMPARE(text(m, flush, SessionModel::WaitUntilColumn, tasks1), QString("yes"));
  QVERIFY(!standsOut(m, flush, SessionModel::TaskColumn, tasks1));
  // req-2: valid, nothing in red.
  const int req2 = rowOf(m, "req-2");
  QCOMPARE(req2, 1);
  QCOMPARE(text(m, req2, SessionModel::ValidColumn), QString("yes"));
  QCOMPARE(text(m, req2, SessionModel::DanglingColumn), QString());
  QCOMPARE(text(m, req2, SessionModel::MessageColumn), QString());
  QVERIFY(!standsOut(m, req2, SessionModel::ValidColumn));
  QCOMPARE(text(m, 0, SessionModel::StateColumn, m.index(req2, 0)), QString("completed"));
  QCOMPARE(pane.summary()->text(), QString("2 sessions: 1 invalid, 1 valid, 1 dangling task"));
  // Below the tree, req-1's cleanup error in full (the Message column is narrower than it).
  QVERIFY(!pane.details()->isHidden());
  QCOMPARE(pane.details()->text(), text(m, req1, SessionModel::MessageColumn));
}

void SessionsPaneTests::tasksAtSteps_data() { requestDanglingAtTheEnd_data(); }

void SessionsPaneTests::tasksAtSteps() {
  QFETCH(int, mode);
  auto runner = test::runnerFor(test::exampleDocument("request-dangling.tsg.json"), static_cast<graph::Mode>(mode));
  SessionsPane pane;
  const SessionModel& m = *pane.model();
  auto stepUntil = [&](auto done) {
    while (runner->step()) {
      pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
      if (done()) return true;
    }
    return false;
  };
  pane.setSnapshot(std::make_shared<const run::RunSnapshot>(runner->snapshot()));
  QCOMPARE(m.rowCount(), 0);
  QCOMPARE(pane.summary()->text(), QString("No request session yet"));

  // The request opened: its tasks are scheduled, nothing is validated yet.
  QVERIFY(stepUntil([&] { return m.rowCount() > 0; }));
  const QModelIndex req1 = m.index(0, 0);
  QCOMPARE(text(m, 0, SessionModel::SessionColumn), QString("req-1"));
  QCOMPARE(text(m, 0, SessionModel::ValidColumn), QString("not validated yet"));
  QCOMPARE(text(m, 0, SessionModel::DanglingColumn), QString());
  QVERIFY(!standsOut(m, 0, SessionModel::ValidColumn));
  QCOMPARE(m.rowCount(req1), 2);
  const int audit = taskRowOf(m, 0, "audit"), flush = taskRowOf(m, 0, "flush");
  QCOMPARE(text(m, audit, SessionModel::StateColumn, req1), QString("scheduled"));
  QCOMPARE(text(m, flush, SessionModel::StateColumn, req1), QString("scheduled"));
  QCOMPARE(text(m, audit, SessionModel::DanglingColumn, req1), QString("no"));
  QVERIFY(!standsOut(m, audit, SessionModel::TaskColumn, req1));
  QCOMPARE(pane.summary()->text(), QString("1 session: 1 not validated yet"));
  QVERIFY(pane.details()->isHidden());  // no error to tell

  // The request settled and was validated: audit, still running without waitUntil, dangles.
  QVERIFY(stepUntil([&] { return text(m, 0, SessionModel::ValidColumn) != "not validated yet"; }));
  QCOMPARE(text(m, 0, SessionModel::ValidColumn), QString("no"));
  QCOMPARE(text(m, audit, SessionModel::StateColumn, req1), QString("running"));
  QCOMPARE(text(m, audit, SessionModel::DanglingColumn, req1), QString("yes"));
  QVERIFY(standsOut(m, audit, SessionModel::DanglingColumn, req1));
  QCOMPARE(text(m, flush, SessionModel::DanglingColumn, req1), QString("no"));  // waitUntil: allowed
  QVERIFY(standsOut(m, 0, SessionModel::ValidColumn));

  // flush completes (30 ms later) while audit keeps running.
  QVERIFY(stepUntil([&] { return text(m, flush, SessionModel::StateColumn, req1) == "completed"; }));
  QCOMPARE(text(m, audit, SessionModel::StateColumn, req1), QString("running"));

  // req-2 opens: not validated yet beside the invalid req-1; then valid.
  QVERIFY(stepUntil([&] { return m.rowCount() == 2; }));
  QCOMPARE(text(m, 1, SessionModel::SessionColumn), QString("req-2"));
  QCOMPARE(text(m, 1, SessionModel::ValidColumn), QString("not validated yet"));
  QCOMPARE(text(m, 0, SessionModel::ValidColumn), QString("no"));
  QVERIFY(pane.tree()->isExpanded(m.index(1, 0)));  // a new session shows its tasks
  QVERIFY(stepUntil([&] { return text(m, 1, SessionModel::ValidColumn) != "not validated yet"; }));
  QCOMPARE(text(m, 1, SessionModel::ValidColumn), QString("yes"));
  QCOMPARE(text(m, 0, SessionModel::StateColumn, m.index(1, 0)), QString("running"));  // flush, waitUntil: fine

  // At the end every task has completed; req-1 stays invalid.
  while (stepUntil([] { return false; })) {
  }
  QCOMPARE(text(m, audit, SessionModel::StateColumn, req1), QString("completed"));
  QCOMPARE(text(m, 0, SessionModel::ValidColumn), QString("no"));
}

void SessionsPaneTests::selectingASessionSelectsItsCells() {
  SessionsPane pane;
  const auto snapshot = test::snapshotAtEnd(*test::runnerFor(test::documentFromJson(kTwoRequests)));
  pane.setSnapshot(snapshot);
  const std::uint32_t a = *snapshot->document->findCell("a"), b = *snapshot->document->findCell("b");
  const SessionModel& m = *pane.model();
  QCOMPARE(m.rowCount(), 2);
  QList<Selection> asked;
  connect(&pane, &SessionsPane::selectionRequested, this, [&](const Selection& s) { asked << s; });
  auto selectedRows = [&] {
    QList<int> rows;
    for (const QModelIndex& i : pane.tree()->selectionModel()->selectedRows()) {
      if (!i.parent().isValid()) rows << i.row();
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  // A session asks for the cells its request set, in the event's order; a task for its session's.
  pane.tree()->setCurrentIndex(m.index(1, 0));
  QCOMPARE(asked.size(), 1);
  QCOMPARE(asked.back(), (Selection{{}, {b, a}}));
  pane.tree()->setCurrentIndex(m.index(0, 0, m.index(0, 0)));
  QCOMPARE(asked.back(), (Selection{{}, {a}}));
  // A selection from elsewhere highlights the sessions that set its cells, asking for nothing;
  // the wish coming back keeps the user's row current and selected.
  const int before = int(asked.size());
  pane.setSelection(asked.back());
  QCOMPARE(selectedRows(), (QList<int>{0, 1}));  // both set a
  QCOMPARE(pane.tree()->currentIndex(), m.index(0, 0, m.index(0, 0)));
  QVERIFY(pane.tree()->selectionModel()->isRowSelected(0, m.index(0, 0)));
  pane.setSelection(Selection{{}, {b}});
  QCOMPARE(selectedRows(), QList<int>{1});
  QCOMPARE(pane.tree()->currentIndex(), m.index(1, 0));
  pane.setSelection(Selection::ofAction(0));  // an action: no session
  QCOMPARE(selectedRows(), QList<int>{});
  QCOMPARE(int(asked.size()), before);
}

void SessionsPaneTests::copiesSessionsAsCsv() {
  SessionsPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("request-dangling.tsg.json"))));
  const QString header = "Session,Opened ms,Tasks,Wait until,Dangling,Valid,Message\n";
  const QString req1 =
      R"csv(req-1,10,2,flush,audit,no,"session req-1: 1 unauthorized task still running: audit (task 5, spawned at /events/0/spawn/1)")csv";
  const QString req2 = "req-2,50,1,flush,,yes,";
  QCOMPARE(pane.rowsAsCsv(), header + req1 + "\n" + req2 + "\n");
  // A selected task copies its session's row.
  pane.tree()->setCurrentIndex(pane.model()->index(0, 0, pane.model()->index(1, 0)));
  QCOMPARE(pane.rowsAsCsv(), header + req2 + "\n");
  QAction* copy = nullptr;
  for (QAction* a : pane.tree()->actions()) {
    if (a->text() == "Copy as CSV") copy = a;
  }
  QVERIFY(copy);  // the context menu's entry
  QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
  QCOMPARE(pane.tree()->contextMenuPolicy(), Qt::ActionsContextMenu);
  QGuiApplication::clipboard()->clear();
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  pane.activateWindow();
  pane.tree()->setFocus();
  QTest::keySequence(pane.tree(), QKeySequence::Copy);
  QCOMPARE(QGuiApplication::clipboard()->text(), header + req2 + "\n");
}

void SessionsPaneTests::screenReaderReadsThePane() {
  SessionsPane pane;
  pane.setSnapshot(test::snapshotAtEnd(*test::runnerFor(test::exampleDocument("request-dangling.tsg.json"))));
  pane.show();
  QAccessibleInterface* tree = QAccessible::queryAccessibleInterface(pane.tree());
  QVERIFY(tree);
  QCOMPARE(tree->role(), QAccessible::Tree);
  QCOMPARE(tree->text(QAccessible::Name), QString("Sessions"));
  QAccessibleTableInterface* rows = tree->tableInterface();
  QVERIFY(rows);
  QCOMPARE(rows->columnCount(), 7);
  QCOMPARE(rows->rowCount(), 5);  // expanded: req-1, flush, audit, req-2, flush
  QCOMPARE(rows->columnDescription(SessionModel::ValidColumn), QString("Valid"));
  QCOMPARE(rows->cellAt(0, SessionModel::ValidColumn)->text(QAccessible::Name), QString("no"));
  QCOMPARE(rows->cellAt(2, SessionModel::TaskColumn)->text(QAccessible::Name), QString("audit"));
  QCOMPARE(rows->cellAt(2, SessionModel::DanglingColumn)->text(QAccessible::Name), QString("yes"));
  QCOMPARE(rows->cellAt(3, SessionModel::ValidColumn)->text(QAccessible::Name), QString("yes"));
  QAccessibleInterface* summary = QAccessible::queryAccessibleInterface(pane.summary());
  QVERIFY(summary->text(QAccessible::Name).contains("1 invalid"));
}

void SessionsPaneTests::rendersAtDockSize() {
  // Nothing cut off: every column but the stretched Message is as wide as its header and its
  // texts (task rows included), and the whole Valid column is on screen.
  auto nothingCutOff = [](const SessionsPane& pane) {
    const QHeaderView* header = pane.tree()->header();
    for (int c = 0; c < SessionModel::MessageColumn; ++c) {
      const QString title = pane.model()->headerData(c, Qt::Horizontal).toString();
      QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(title),
               qPrintable(title + " is cut off"));
      QVERIFY2(header->sectionSize(c) >= static_cast<const QAbstractItemView*>(pane.tree())->sizeHintForColumn(c),
               qPrintable(title + "'s texts are cut off"));
    }
    QVERIFY(header->sectionViewportPosition(SessionModel::ValidColumn) + header->sectionSize(SessionModel::ValidColumn) <=
            pane.tree()->viewport()->width());
  };
  auto runner = test::runnerFor(test::exampleDocument("request-dangling.tsg.json"));
  std::vector<std::shared_ptr<const run::RunSnapshot>> steps{std::make_shared<const run::RunSnapshot>(runner->snapshot())};
  while (runner->step()) steps.push_back(std::make_shared<const run::RunSnapshot>(runner->snapshot()));

  SessionsPane live;  // stepping forward
  live.resize(700, 450);
  live.show();
  QVERIFY(QTest::qWaitForWindowExposed(&live));
  for (const auto& s : steps) {
    live.setSnapshot(s);
    nothingCutOff(live);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("at step %1").arg(s->step)));
  }
  SessionsPane back;  // opened at the end, then stepped back ("not validated yet" comes later)
  back.resize(700, 450);
  back.show();
  QVERIFY(QTest::qWaitForWindowExposed(&back));
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    back.setSnapshot(*it);
    nothingCutOff(back);
    if (QTest::currentTestFailed()) QFAIL(qPrintable(QString("back at step %1").arg((*it)->step)));
  }
  // TICKSCOPE_SCREENSHOT_DIR=dir saves the render at the end, to look at it.
  if (const QByteArray dir = qgetenv("TICKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
    QVERIFY(live.grab().save(QString::fromLocal8Bit(dir) + "/sessions-request-dangling.png"));
  }
}

QTEST_MAIN(SessionsPaneTests)
#include "sessions_pane_tests.moc"
