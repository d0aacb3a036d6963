// Timeline pane: the model's counts against the runner (bars = runCount, spans = debounce
// timers armed, iterations = the cycle rows), folding keeps the counts at every zoom, zoom to
// the mouse keeps the time under it, hover, click, range statistics, the histogram.
#include <QtTest/QtTest>

#include <QAccessible>
#include <QScrollBar>
#include <QSignalSpy>

#include <cmath>
#include <filesystem>
#include <random>

#include "format.h"
#include "run/timeline_log.h"
#include "run_time_histogram.h"
#include "timeline_model.h"
#include "timeline_pane.h"
#include "timeline_view.h"
#include "views_test_support.h"

using namespace tickscope;
using views::TimelineDrawItem;
using views::TimelineModel;
using views::TimelinePane;
using views::TimelineView;

namespace {

std::unique_ptr<run::Runner> timelineRunner(std::shared_ptr<const graph::GraphDocument> document) {
  run::RunOptions options;
  options.recorderCapacity = 0;
  options.journalSteps = 100;
  options.recordTimeline = true;
  return std::make_unique<run::Runner>(std::move(document), options);
}

// syntheticSnapshot: three actions and `runs` runs of random costs (some long, most short),
// appended to a log as a recording reader would.
std::shared_ptr<const run::RunSnapshot> syntheticSnapshot(std::size_t runs, std::uint32_t seed) {
  auto document = views::test::documentFromJson(R"({
    "tickscope": 1, "name": "synthetic", "cells": { "a": 1 },
    "actions": [
      { "id": "fast", "kind": "computation", "reads": ["a"], "writes": ["b"], "expr": "a", "costMs": 1 },
      { "id": "slow", "kind": "computation", "reads": ["b"], "writes": ["c"], "expr": "b", "costMs": 1, "label": "work" },
      { "id": "show", "kind": "effect", "reads": ["c"], "expr": "c", "costMs": 1, "label": "work" }
    ]
  })");
  auto log = std::make_shared<run::TimelineLog>();
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> gap(0.0, 2.0);
  double now = 0;
  for (std::size_t i = 0; i < runs; ++i) {
    run::TimelineRun r;
    r.action = static_cast<std::uint32_t>(random() % 3);
    r.costMs = (random() % 50 == 0) ? 5 + gap(random) * 20 : gap(random) * 0.05;
    r.startMs = now;
    r.step = i / 4 + 1;
    r.cause = run::TimelineCause::Write;
    r.causeAction = r.action == 0 ? 0 : r.action;  // the one before it
    if (r.action == 2) r.flags |= run::TimelineRun::Effect;
    log->append(r);
    now += r.costMs + gap(random);
  }
  auto snap = std::make_shared<run::RunSnapshot>();
  snap->document = document;
  snap->nowMs = now;
  snap->timeline = log;
  snap->timelineRuns = log->runCount();
  snap->timelineMarks = log->markCount();
  return snap;
}

// reaching: the runs of `row` that reach [from, to), counted one by one.
std::size_t reaching(const TimelineModel& model, const TimelineModel::Row& row, double from, double to) {
  std::size_t n = 0;
  for (std::uint32_t i : row.runs) {
    const run::TimelineRun& r = model.run(i);
    if (r.startMs < to && (r.startMs >= from || r.startMs + r.costMs >= from)) ++n;
  }
  return n;
}

// checkFolding: the bars and folds of every shown run row add up to the runs reaching the view.
void checkFolding(const TimelineView& view, const TimelineModel& model, bool* folded) {
  const auto items = view.buildDrawList();
  const double from = view.timeAt(TimelineView::kNameWidth);
  const double to = view.timeAt(view.width());
  for (std::uint32_t rowIndex : model.shownRows()) {
    const TimelineModel::Row& row = model.rows()[rowIndex];
    if (row.kind != TimelineModel::RowKind::Action && row.kind != TimelineModel::RowKind::Label) continue;
    if (std::isnan(view.rowTop(rowIndex)) || view.rowTop(rowIndex) >= view.height()) continue;
    std::size_t drawn = 0;
    for (const TimelineDrawItem& item : items) {
      if (item.row != rowIndex) continue;
      if (item.kind == TimelineDrawItem::Kind::Bar) drawn += item.count;
      if (item.kind == TimelineDrawItem::Kind::Fold) {
        drawn += item.count;
        *folded = true;
      }
    }
    QCOMPARE(drawn, reaching(model, row, from, to));
  }
}

std::optional<TimelineDrawItem> firstBar(const TimelineView& view, std::uint32_t minWidth = 2) {
  for (const TimelineDrawItem& item : view.buildDrawList()) {
    if (item.kind == TimelineDrawItem::Kind::Bar && item.rect.width() >= minWidth) return item;
  }
  return std::nullopt;
}

}  // namespace

class TimelinePaneTests : public QObject {
  Q_OBJECT
 private slots:
  void modelCountsEveryExample();
  void foldingKeepsTheCounts();
  void zoomKeepsTheTimeUnderTheMouse();
  void hoverShowsTheRun();
  void clickSelectsTheRunAndItsStep();
  void rangeStatistics();
  void groupsCollapse();
  void histogramQuantiles();
  void scrollBarScrollsTheRows();
  void viewIsNamedTimeline();
};

void TimelinePaneTests::modelCountsEveryExample() {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".tsg.json") || name.starts_with("grid-10000")) continue;
    auto runner = timelineRunner(views::test::exampleDocument(name));
    const auto snap = views::test::snapshotAtEnd(*runner);
    TimelineModel model;
    model.update(snap);
    std::size_t bars = 0;
    for (std::uint32_t a = 0; a < snap->actions.size(); ++a) {
      QVERIFY2(model.barsOf(a) == snap->actions[a].runCount, (name + ": bars of action " + std::to_string(a)).c_str());
      bars += model.barsOf(a);
    }
    QCOMPARE(bars, model.runCount());
    for (const run::DebounceRow& d : snap->debounces) {
      QVERIFY2(model.spansOf(d.action) == d.armedTotal, (name + ": debounce spans").c_str());
      QVERIFY2(model.restartsOf(d.action) == d.restartsTotal, (name + ": restarts").c_str());
      std::size_t fired = 0;
      for (const auto& s : model.debounceSpans(d.action)) fired += s.fired;
      QVERIFY2(fired == d.firedTotal, (name + ": fired").c_str());
    }
    for (const run::CycleRow& c : snap->cycles) {
      const auto& spans = model.cycleSpans();
      const auto it = std::find_if(spans.begin(), spans.end(), [&](const auto& s) { return s.id == c.id; });
      QVERIFY2(it != spans.end(), (name + ": cycle span").c_str());
      QCOMPARE(it->iterations.size(), std::size_t{c.iterations});
      QCOMPARE(it->open, !c.finished);
    }
    // Incremental: the same log stepped in two halves gives the same counts.
    auto again = timelineRunner(views::test::exampleDocument(name));
    TimelineModel halves;
    halves.update(views::test::snapshotAfter(*again, runner->steps() / 2));
    halves.update(views::test::snapshotAtEnd(*again));
    for (std::uint32_t a = 0; a < snap->actions.size(); ++a) QCOMPARE(halves.barsOf(a), model.barsOf(a));
    ++checked;
  }
  QVERIFY(checked >= 5);
}

void TimelinePaneTests::foldingKeepsTheCounts() {
  const auto snap = syntheticSnapshot(20'000, 3);
  TimelineModel model;
  model.update(snap);
  QCOMPARE(model.runCount(), std::size_t{20'000});
  TimelineView view;
  view.resize(1000, 400);
  view.setModel(&model);
  view.fit();
  bool folded = false;
  checkFolding(view, model, &folded);
  QVERIFY(folded);  // 20,000 runs in 830 px fold
  const double mid = model.endMs() / 2;
  for (double factor : {4.0, 50.0, 1000.0, 100000.0}) {
    view.fit();
    view.zoomAt(factor, view.xOf(mid));
    checkFolding(view, model, &folded);
  }
  // Deep enough, nothing folds.
  view.zoomToRange(mid, mid + 0.5);
  bool foldedDeep = false;
  checkFolding(view, model, &foldedDeep);
  QVERIFY(!foldedDeep);
}

void TimelinePaneTests::zoomKeepsTheTimeUnderTheMouse() {
  const auto snap = syntheticSnapshot(1000, 1);
  TimelineModel model;
  model.update(snap);
  TimelineView view;
  view.resize(900, 300);
  view.setModel(&model);
  for (double x : {TimelineView::kNameWidth + 10.0, 500.0, 880.0}) {
    view.fit();
    const double before = view.timeAt(x);
    view.zoomAt(3, x);
    QVERIFY(std::abs(view.timeAt(x) - before) < 1e-9 * std::max(1.0, before));
    view.zoomAt(1 / 7.0, x);
    QVERIFY(std::abs(view.timeAt(x) - before) < 1e-9 * std::max(1.0, before));
  }
  // And through the wheel.
  view.fit();
  const QPointF at(600, 100);
  const double before = view.timeAt(at.x());
  const double msPerPx = view.viewport().msPerPx;
  QWheelEvent wheel(at, view.mapToGlobal(at), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(&view, &wheel);
  QVERIFY(view.viewport().msPerPx < msPerPx);
  QVERIFY(std::abs(view.timeAt(at.x()) - before) < 1e-9 * std::max(1.0, before));
}

void TimelinePaneTests::hoverShowsTheRun() {
  auto runner = timelineRunner(views::test::exampleDocument("diamond.tsg.json"));
  TimelinePane pane;
  pane.resize(1200, 400);
  pane.show();
  pane.setSnapshot(views::test::snapshotAtEnd(*runner));
  TimelineView& view = *pane.view();
  const auto bar = firstBar(view);
  QVERIFY(bar);
  const run::TimelineRun& r = pane.model().run(bar->ref);
  const QString text = view.hoverText(bar->rect.center());
  QVERIFY2(text.startsWith(pane.model().actionName(r.action)), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("start %1 ms").arg(views::formatNumber(r.startMs))), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("cost %1 ms").arg(views::formatNumber(r.costMs))), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("cause: subscribe")), qPrintable(text));  // the first run of it
  QVERIFY2(text.contains(QStringLiteral("step %1").arg(r.step)), qPrintable(text));
  // A later run of "join" was caused by a write of left or right.
  const auto joinRow = pane.model().rowOfAction(2);
  QVERIFY(joinRow);
  const auto& runs = pane.model().rows()[*joinRow].runs;
  QVERIFY(runs.size() >= 2);
  const QString later = pane.model().runText(runs.back());
  QVERIFY2(later.contains(QStringLiteral("cause: write of left")) || later.contains(QStringLiteral("cause: write of right")) ||
               later.contains(QStringLiteral("cause: pull by show")),
           qPrintable(later));
  // What it read: the last event set a to 0.5, so b = 1.5 and c = 1.
  QVERIFY2(later.contains(QStringLiteral("\nread: b = 1.5, c = 1")), qPrintable(later));
  QVERIFY(view.hoverText(QPointF(view.width() - 2, 2)).isEmpty());  // the ruler
}

void TimelinePaneTests::clickSelectsTheRunAndItsStep() {
  auto runner = timelineRunner(views::test::exampleDocument("diamond.tsg.json"));
  TimelinePane pane;
  pane.resize(1200, 400);
  pane.show();
  pane.setSnapshot(views::test::snapshotAtEnd(*runner));
  QSignalSpy spy(&pane, &TimelinePane::selectionRequested);
  TimelineView& view = *pane.view();
  const auto bar = firstBar(view);
  QVERIFY(bar);
  QTest::mouseClick(&view, Qt::LeftButton, {}, bar->rect.center().toPoint());
  QCOMPARE(spy.count(), 1);
  const auto selection = spy.at(0).at(0).value<views::Selection>();
  const run::TimelineRun& r = pane.model().run(bar->ref);
  QCOMPARE(selection.actions, std::vector<std::uint32_t>{r.action});
  QCOMPARE(selection.step, r.step);
  // A click on a row's name selects its action without a step.
  const double y = view.rowTop(*pane.model().rowOfAction(1)) + TimelineView::kRowHeight / 2.0;
  QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(40, static_cast<int>(y)));
  QCOMPARE(spy.count(), 2);
  const auto byName = spy.at(1).at(0).value<views::Selection>();
  QCOMPARE(byName.actions, std::vector<std::uint32_t>{1});
  QCOMPARE(byName.step, std::uint64_t{0});
}

void TimelinePaneTests::rangeStatistics() {
  const auto snap = syntheticSnapshot(5000, 7);
  TimelinePane pane;
  pane.resize(1200, 400);
  pane.show();
  pane.setSnapshot(snap);
  const TimelineModel& model = pane.model();
  // The whole run: every run, and their costs.
  const auto all = model.rangeStats(-1, model.endMs() + 1);
  double cost = 0;
  for (std::size_t i = 0; i < model.runCount(); ++i) cost += model.run(static_cast<std::uint32_t>(i)).costMs;
  QCOMPARE(all.runs, std::size_t{5000});
  QVERIFY(std::abs(all.busyMs - cost) < 1e-6 * cost);
  QVERIFY(!all.top.empty() && all.top.size() <= 3);
  // Half of it, clipped: runs counted once, busy time only inside.
  const double mid = model.endMs() / 2;
  const auto left = model.rangeStats(0, mid);
  const auto right = model.rangeStats(mid, model.endMs() + 1);
  QVERIFY(std::abs(left.busyMs + right.busyMs - cost) < 1e-6 * cost);
  QVERIFY(left.runs + right.runs >= 5000 && left.runs + right.runs <= 5001);  // one may straddle
  // A Shift+drag selects a range and the strip shows its statistics.
  TimelineView& view = *pane.view();
  const QPoint from(TimelineView::kNameWidth + 100, 60);
  const QPoint to(TimelineView::kNameWidth + 400, 60);
  QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, from);
  QMouseEvent move(QEvent::MouseMove, QPointF(to), view.mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton,
                   Qt::ShiftModifier);
  QApplication::sendEvent(&view, &move);
  QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, to);
  QVERIFY(view.range());
  QVERIFY(std::abs(view.range()->first - view.timeAt(from.x())) < 1e-9 * model.endMs());
  const auto stats = model.rangeStats(view.range()->first, view.range()->second);
  QVERIFY2(pane.rangeText().contains(QStringLiteral("%1 runs").arg(stats.runs)), qPrintable(pane.rangeText()));
  QVERIFY(pane.rangeText().contains(QStringLiteral("busiest: ")));
  // Zoom to selection: the range fills the plot.
  view.zoomToSelection();
  QVERIFY(std::abs(view.timeAt(TimelineView::kNameWidth) - view.range()->first) < 1e-6);
  QVERIFY(std::abs(view.timeAt(view.width()) - view.range()->second) < 1e-6);
}

void TimelinePaneTests::groupsCollapse() {
  auto runner = timelineRunner(views::test::exampleDocument("diamond.tsg.json"));
  TimelinePane pane;
  pane.resize(1200, 400);
  pane.show();
  pane.setSnapshot(views::test::snapshotAtEnd(*runner));
  const TimelineModel& model = pane.model();
  const std::size_t shown = model.shownRows().size();
  // The Computations header: a click hides its three rows, another shows them again.
  std::optional<std::uint32_t> header;
  for (std::uint32_t r : model.shownRows()) {
    if (model.rows()[r].kind == TimelineModel::RowKind::Group && model.rows()[r].group == TimelineModel::Group::Computations)
      header = r;
  }
  QVERIFY(header);
  const int y = static_cast<int>(pane.view()->rowTop(*header)) + 5;
  QTest::mouseClick(pane.view(), Qt::LeftButton, {}, QPoint(30, y));
  QVERIFY(model.collapsed(TimelineModel::Group::Computations));
  QCOMPARE(model.shownRows().size(), shown - 3);
  QTest::mouseClick(pane.view(), Qt::LeftButton, {}, QPoint(30, y));
  QCOMPARE(model.shownRows().size(), shown);
}

void TimelinePaneTests::histogramQuantiles() {
  auto snap = std::make_shared<run::RunSnapshot>(*syntheticSnapshot(0, 1));
  auto log = std::make_shared<run::TimelineLog>();
  for (int i = 1; i <= 10; ++i) {
    run::TimelineRun r;
    r.action = 1;
    r.startMs = i * 100.0;
    r.costMs = 11 - i;  // 10 .. 1
    r.step = static_cast<std::uint64_t>(i);
    log->append(r);
  }
  snap->timeline = log;
  snap->timelineRuns = log->runCount();
  TimelinePane pane;
  pane.setSnapshot(snap);
  const TimelineModel::RunTimes t = pane.model().runTimes(1, 9);
  QCOMPARE(t.runs, std::size_t{10});
  QCOMPARE(t.minMs, 1.0);
  QCOMPARE(t.maxMs, 10.0);
  QCOMPARE(t.medianMs, 5.5);
  QCOMPARE(t.p90Ms, 9.1);
  QCOMPARE(t.bins.size(), std::size_t{9});
  std::size_t inBins = 0;
  for (std::size_t b : t.bins) inBins += b;
  QCOMPARE(inBins, std::size_t{10});
  pane.showHistogram(1);
  QCOMPARE(pane.histogram()->runTimes().runs, std::size_t{10});
  QVERIFY(pane.histogram()->summary().contains(QStringLiteral("median 5.5 ms")));
  QVERIFY(pane.histogram()->summary().contains(QStringLiteral("p90 9.1 ms")));
  pane.setSelection(views::Selection::ofAction(0));  // no runs
  QCOMPARE(pane.histogram()->runTimes().runs, std::size_t{0});
}

void TimelinePaneTests::scrollBarScrollsTheRows() {
  auto runner = timelineRunner(views::test::exampleDocument("slow-cycle.tsg.json"));
  TimelinePane pane;
  pane.resize(900, 170);
  pane.show();
  QVERIFY(QTest::qWaitForWindowExposed(&pane));
  pane.setSnapshot(views::test::snapshotAtEnd(*runner));
  TimelineView& view = *pane.view();
  QVERIFY(view.lastFirstRow() > 0);  // more rows than fit
  QScrollBar* bar = nullptr;
  for (QScrollBar* b : pane.findChildren<QScrollBar*>()) {
    if (b->accessibleName() == QStringLiteral("Timeline rows")) bar = b;
  }
  QVERIFY(bar && bar->isVisible());
  QCOMPARE(bar->maximum(), view.lastFirstRow());
  bar->setValue(bar->maximum());
  QCOMPARE(view.viewport().firstRow, view.lastFirstRow());
  // Keys scroll too, and the bar follows.
  view.setFocus();
  QTest::keyClick(&view, Qt::Key_Up);
  QCOMPARE(view.viewport().firstRow, view.lastFirstRow() - 1);
  QCOMPARE(bar->value(), view.viewport().firstRow);
}

void TimelinePaneTests::viewIsNamedTimeline() {
  TimelinePane pane;
  pane.show();
  QAccessibleInterface* a = QAccessible::queryAccessibleInterface(pane.view());
  QVERIFY(a);
  QCOMPARE(a->text(QAccessible::Name), QString("Timeline"));
  pane.setSnapshot(nullptr);  // nothing: no crash, no rows
  QVERIFY(pane.model().shownRows().empty());
  QVERIFY(pane.view()->buildDrawList().empty());
}

QTEST_MAIN(TimelinePaneTests)
#include "timeline_pane_tests.moc"
