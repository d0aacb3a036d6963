#include "compare_pane.h"

#include <limits>

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "action_delta_model.h"
#include "cell_difference_model.h"
#include "item_view_setup.h"

#include "timeline_model.h"
#include "timeline_view.h"

namespace tickscope::views {

namespace {
constexpr int kSideRole = Qt::UserRole + 1;
}

ComparePane::ComparePane(QWidget* parent)
    : QWidget(parent),
      kind_(new QComboBox(this)),
      seedA_(new QSpinBox(this)),
      seedB_(new QSpinBox(this)),
      file_(new QLineEdit(this)),
      browse_(new QPushButton(tr("Browse…"), this)),
      compare_(new QPushButton(tr("Compare"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      goTo_(new QPushButton(tr("Go to Step"), this)),
      verdict_(new QLabel(this)),
      decisions_(new QListWidget(this)),
      actionModel_(new ActionDeltaModel(this)),
      actionProxy_(new QSortFilterProxyModel(this)),
      actions_(new QTableView(this)),
      cellModel_(new CellDifferenceModel(this)),
      cells_(new QTableView(this)),
      tabs_(new QTabWidget(this)),
      timelineLabelA_(new QLabel(this)),
      timelineLabelB_(new QLabel(this)),
      timelineModelA_(std::make_unique<TimelineModel>()),
      timelineModelB_(std::make_unique<TimelineModel>()),
      timelineA_(new TimelineView(this)),
      timelineB_(new TimelineView(this)) {
  kind_->addItem(tr("Seed A vs seed B"));
  kind_->addItem(tr("Pull vs push"));
  kind_->addItem(tr("Another graph file or recording…"));
  kind_->setAccessibleName(tr("What to compare"));
  for (QSpinBox* box : {seedA_, seedB_}) box->setRange(0, std::numeric_limits<int>::max());
  seedA_->setValue(0);
  seedB_->setValue(1);
  seedA_->setPrefix(tr("seed A "));
  seedB_->setPrefix(tr("seed B "));
  seedA_->setAccessibleName(tr("Seed A"));
  seedB_->setAccessibleName(tr("Seed B"));
  file_->setPlaceholderText(tr("other graph file or recording (*.tsg.json, *.tstrace)"));
  file_->setAccessibleName(tr("Other graph file"));
  browse_->setAccessibleName(tr("Browse for the other graph file"));
  compare_->setToolTip(tr("Run both in the background and compare them"));
  cancel_->setToolTip(tr("Stop the comparison under way"));
  goTo_->setToolTip(tr("Go to the first differing step of run A and select what it ran"));
  verdict_->setWordWrap(true);
  verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  setUpReadOnlyView(*decisions_, tr("First differing step"));
  decisions_->setSelectionMode(QAbstractItemView::SingleSelection);
  decisions_->setToolTip(tr("Double-click a decision to go to that step and select what it ran"));
  // Two lines (A's decision, B's) and no more: the tables below need the room.
  decisions_->setFixedHeight(2 * (decisions_->fontMetrics().height() + 4) + 2 * decisions_->frameWidth() + 2);
  decisions_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

  actionProxy_->setSourceModel(actionModel_);
  actionProxy_->setSortRole(ActionDeltaModel::SortRole);
  setUpFlatTable(*actions_, tr("Per-action deltas"));
  actions_->setModel(actionProxy_);
  actions_->setSortingEnabled(true);
  actions_->sortByColumn(-1, Qt::AscendingOrder);  // file order until a header is clicked
  actions_->horizontalHeader()->setSectionResizeMode(ActionDeltaModel::ActionColumn, QHeaderView::Stretch);
  for (int c = ActionDeltaModel::RunsAColumn; c < ActionDeltaModel::ColumnCount; ++c) actions_->setColumnWidth(c, 84);
  setUpFlatTable(*cells_, tr("Cells whose final values differ"));
  cells_->setModel(cellModel_);
  // Values take the room: a cell's final value may be long (281.74456510...).
  cells_->setColumnWidth(CellDifferenceModel::CellColumn, 110);
  cells_->horizontalHeader()->setSectionResizeMode(CellDifferenceModel::AColumn, QHeaderView::Stretch);
  cells_->horizontalHeader()->setSectionResizeMode(CellDifferenceModel::BColumn, QHeaderView::Stretch);

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(kind_);
  controls->addWidget(seedA_);
  controls->addWidget(seedB_);
  controls->addWidget(file_, 1);
  controls->addWidget(browse_);
  controls->addStretch();
  controls->addWidget(compare_);
  controls->addWidget(cancel_);
  auto* verdictRow = new QHBoxLayout;
  verdictRow->setContentsMargins(0, 0, 0, 0);
  verdictRow->addWidget(verdict_, 1);
  verdictRow->addWidget(goTo_);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(actions_);
  splitter->addWidget(cells_);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setSizes({600, 400});
  splitter->setChildrenCollapsible(false);
  // The two runs' timelines side by side (a bottom dock is wide, not tall), the first
  // differing step marked on both.
  auto* timelines = new QSplitter(Qt::Horizontal, this);
  for (auto [label, view] : {std::pair{timelineLabelA_, timelineA_}, std::pair{timelineLabelB_, timelineB_}}) {
    auto* side = new QWidget(timelines);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->setSpacing(2);
    sideLayout->addWidget(label);
    sideLayout->addWidget(view, 1);
    timelines->addWidget(side);
  }
  timelines->setChildrenCollapsible(false);
  // The decisions with the tables: the Timelines tab keeps the dock's height for the runs.
  auto* differences = new QWidget(this);
  auto* differencesLayout = new QVBoxLayout(differences);
  differencesLayout->setContentsMargins(0, 0, 0, 0);
  differencesLayout->addWidget(decisions_);
  differencesLayout->addWidget(splitter, 1);
  timelineA_->setModel(timelineModelA_.get());
  timelineB_->setModel(timelineModelB_.get());
  timelineA_->setAccessibleName(tr("Timeline of A"));
  timelineB_->setAccessibleName(tr("Timeline of B"));
  tabs_->addTab(differences, tr("Differences"));
  tabs_->addTab(timelines, tr("Timelines"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addLayout(verdictRow);
  layout->addWidget(tabs_, 1);

  connect(kind_, &QComboBox::currentIndexChanged, this, &ComparePane::kindChanged);
  connect(browse_, &QPushButton::clicked, this, &ComparePane::browse);
  connect(compare_, &QPushButton::clicked, this, [this] { emit compareRequested(request()); });
  connect(cancel_, &QPushButton::clicked, this, &ComparePane::cancelRequested);
  connect(file_, &QLineEdit::textChanged, this, &ComparePane::updateButtons);
  connect(goTo_, &QPushButton::clicked, this, [this] { activateDecision(0); });
  connect(decisions_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { activateDecision(item->data(kSideRole).toInt()); });
  kindChanged();
  clear();
}

CompareRequest ComparePane::request() const {
  CompareRequest r;
  r.kind = static_cast<CompareRequest::Kind>(kind_->currentIndex());
  r.seedA = static_cast<std::uint64_t>(seedA_->value());
  r.seedB = static_cast<std::uint64_t>(seedB_->value());
  r.file = file_->text().trimmed();
  return r;
}

void ComparePane::kindChanged() {
  const auto kind = static_cast<CompareRequest::Kind>(kind_->currentIndex());
  seedA_->setVisible(kind == CompareRequest::Kind::Seeds);
  seedB_->setVisible(kind == CompareRequest::Kind::Seeds);
  file_->setVisible(kind == CompareRequest::Kind::File);
  browse_->setVisible(kind == CompareRequest::Kind::File);
  updateButtons();
}

void ComparePane::browse() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Compare With"), file_->text(),
                                                    tr("Tickscope graphs and recordings (*.tsg.json *.json *.tstrace);;"
                                                       "Tickscope recordings (*.tstrace);;All files (*)"));
  if (!path.isEmpty()) file_->setText(path);
}

void ComparePane::updateButtons() {
  const bool needsFile = kind_->currentIndex() == static_cast<int>(CompareRequest::Kind::File);
  compare_->setEnabled(documentOpen_ && !running_ && (!needsFile || !file_->text().trimmed().isEmpty()));
  cancel_->setEnabled(running_);
  goTo_->setEnabled(!running_ && comparison_ && comparison_->firstDifferentStep && comparison_->decisionA);
}

void ComparePane::setDocumentOpen(bool open) {
  documentOpen_ = open;
  updateButtons();
}

void ComparePane::setRunning(bool running) {
  // Stopped without a result (cancelled): say so; a result that follows replaces the text.
  if (running_ && !running) verdict_->setText(tr("Cancelled: nothing compared."));
  running_ = running;
  if (running) verdict_->setText(tr("Running both…"));
  updateButtons();
}

ComparePane::~ComparePane() = default;

void ComparePane::clear() {
  comparison_.reset();
  setTimelines(nullptr, nullptr);
  actionModel_->setComparison(nullptr);
  cellModel_->setComparison(nullptr);
  decisions_->clear();
  verdict_->setText(tr("Choose two runs and press Compare: the first step where their decisions differ, "
                       "per-action deltas and the cells whose final values differ."));
  updateButtons();
}

void ComparePane::setError(const QString& text) {
  clear();
  verdict_->setText(tr("Cannot compare: %1").arg(text));
}

void ComparePane::setResult(std::shared_ptr<const run::RunComparison> comparison, const QString& sideA,
                            const QString& sideB, bool sideBOpenable) {
  comparison_ = std::move(comparison);
  sideBOpenable_ = sideBOpenable;
  actionModel_->setComparison(comparison_);
  cellModel_->setComparison(comparison_);
  decisions_->clear();
  if (!comparison_) {
    clear();
    return;
  }
  const run::RunComparison& c = *comparison_;
  std::size_t actionsDiffer = 0;
  for (const run::ActionDelta& d : c.actions) actionsDiffer += d.differs();
  QStringList parts;
  parts << (c.same ? tr("<b>Same outcome</b>") : tr("<b>Different outcome</b>"));
  parts << tr("A: %1, B: %2").arg(sideA.toHtmlEscaped(), sideB.toHtmlEscaped());
  parts << (c.firstDifferentStep ? tr("decisions first differ at step %1").arg(*c.firstDifferentStep)
                                 : tr("every step decided alike"));
  const auto count = [](std::size_t n, const QString& one, const QString& many) { return n == 1 ? one : many.arg(n); };
  parts << count(c.cells.size(), tr("1 cell differs"), tr("%1 cells differ"));
  if (!c.effects.empty())
    parts << count(c.effects.size(), tr("1 effect has other outputs"), tr("%1 effects have other outputs"));
  if (c.errorsDiffer) parts << tr("errors differ (%1 vs %2)").arg(c.errorsA.size()).arg(c.errorsB.size());
  parts << count(actionsDiffer, tr("1 action ran otherwise"), tr("%1 actions ran otherwise"));
  verdict_->setText(parts.join(QStringLiteral("; ")));
  if (c.firstDifferentStep) {
    const auto add = [&](int side, const QString& name, const std::optional<run::DecisionView>& d, bool openable) {
      const QString text = d ? QString::fromStdString(d->describe()) : tr("step %1: the run had ended").arg(*c.firstDifferentStep);
      auto* item = new QListWidgetItem(tr("%1 (%2): %3").arg(side == 0 ? "A" : "B", name, text), decisions_);
      item->setData(kSideRole, side);
      if (!openable || !d) item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    };
    add(0, sideA, c.decisionA, true);
    add(1, sideB, c.decisionB, sideBOpenable);
  }
  updateButtons();
}

void ComparePane::setTimelines(std::shared_ptr<const run::RunSnapshot> a, std::shared_ptr<const run::RunSnapshot> b) {
  timelineModelA_->update(a);
  timelineModelB_->update(b);
  timelineA_->modelChanged();
  timelineB_->modelChanged();
  timelineA_->fit();
  timelineB_->fit();
  const auto title = [](const char* side, const std::shared_ptr<const run::RunSnapshot>& s) {
    if (!s) return tr("%1: no timeline").arg(side);
    return tr("%1: %2, %3 seed %4, %5 steps, %6 runs")
        .arg(side, QString::fromStdString(s->document ? s->document->name : std::string()), QString::fromStdString(s->mode))
        .arg(s->seed)
        .arg(s->step)
        .arg(s->timelineRuns);
  };
  timelineLabelA_->setText(title("A", a));
  timelineLabelB_->setText(title("B", b));
  markDifference(0);
  markDifference(1);
}

void ComparePane::markDifference(int side) {
  TimelineView* view = side == 0 ? timelineA_ : timelineB_;
  const run::RunSnapshot* s = (side == 0 ? timelineModelA_ : timelineModelB_)->snapshot();
  if (!comparison_ || !s || !s->timeline) {
    view->setRange(std::nullopt);
    return;
  }
  const std::optional<run::DecisionView>& d = side == 0 ? comparison_->decisionA : comparison_->decisionB;
  if (!comparison_->firstDifferentStep || !d) {
    view->setRange(std::nullopt);
    return;
  }
  // What that step ran (its runs' extent), else its time with a sliver of the run around it.
  double from = d->atMs, to = d->atMs;
  for (std::size_t i = s->timeline->runsUpToStep(d->step - 1, s->timelineRuns);
       i < s->timelineRuns && s->timeline->run(i).step == d->step; ++i) {
    const run::TimelineRun& r = s->timeline->run(i);
    from = std::min(from, r.startMs);
    to = std::max(to, r.startMs + r.costMs);
  }
  const double total = std::max(1.0, s->nowMs);
  if (to - from < total / 200) to = from + total / 200;
  view->setRange(std::make_pair(from, to));
  const double pad = std::max((to - from) * 4, total / 20);
  view->zoomToRange(std::max(0.0, from - pad), to + pad);
}

void ComparePane::activateDecision(int side) {
  if (!comparison_ || !comparison_->firstDifferentStep || (side == 1 && !sideBOpenable_)) return;
  const std::optional<run::DecisionView>& d = side == 0 ? comparison_->decisionA : comparison_->decisionB;
  if (!d) return;
  QList<uint> actions;
  for (std::uint32_t a : d->ran) actions.push_back(a);
  emit decisionActivated(side, d->step, actions);
}

}  // namespace tickscope::views
