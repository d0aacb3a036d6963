#include "sweep_pane.h"

#include <algorithm>
#include <limits>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "item_view_setup.h"
#include "sweep_group_model.h"

namespace tickscope::views {

SweepPane::SweepPane(QWidget* parent)
    : QWidget(parent),
      seeds_(new QSpinBox(this)),
      mode_(new QComboBox(this)),
      start_(new QPushButton(tr("Start"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      progress_(new QProgressBar(this)),
      summary_(new QLabel(this)),
      explanation_(new QLabel(this)),
      model_(new SweepGroupModel(this)),
      table_(new QTableView(this)),
      openSeed_(new QSpinBox(this)),
      openStep_(new QSpinBox(this)),
      open_(new QPushButton(tr("Open"), this)) {
  seeds_->setRange(1, 1'000'000);
  seeds_->setValue(64);
  seeds_->setSuffix(tr(" seeds"));
  seeds_->setAccessibleName(tr("Number of seeds"));
  seeds_->setToolTip(tr("Run seeds 0 to N-1"));
  mode_->addItem(QStringLiteral("pull"));
  mode_->addItem(QStringLiteral("push"));
  mode_->setAccessibleName(tr("Sweep mode"));
  start_->setToolTip(tr("Run every seed in the background, on every core"));
  cancel_->setToolTip(tr("Stop the sweep: the seeds run so far are grouped"));
  progress_->setAccessibleName(tr("Sweep progress"));
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progress_->setFormat(tr("%v of %m seeds"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  explanation_->setWordWrap(true);
  explanation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  explanation_->setAccessibleName(tr("Why the groups differ"));
  setUpFlatTable(*table_, tr("Seed groups"));
  table_->setModel(model_);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(SweepGroupModel::OutcomeColumn, QHeaderView::Stretch);
  table_->setColumnWidth(SweepGroupModel::GroupColumn, 60);
  table_->setColumnWidth(SweepGroupModel::SeedsColumn, 60);
  table_->setColumnWidth(SweepGroupModel::ExamplesColumn, 200);
  table_->setToolTip(tr("Double-click a group to open its first seed at the first differing step"));
  openSeed_->setRange(0, std::numeric_limits<int>::max());
  openSeed_->setPrefix(tr("seed "));
  openSeed_->setAccessibleName(tr("Seed to open"));
  openStep_->setRange(0, std::numeric_limits<int>::max());
  openStep_->setPrefix(tr("at step "));
  openStep_->setAccessibleName(tr("Step to open at"));
  open_->setToolTip(tr("Set the session's seed and go to that step"));

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(seeds_);
  controls->addWidget(mode_);
  controls->addWidget(start_);
  controls->addWidget(cancel_);
  controls->addWidget(progress_, 1);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("Open"), this));
  controls->addWidget(openSeed_);
  controls->addWidget(openStep_);
  controls->addWidget(open_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(summary_);
  layout->addWidget(explanation_);
  layout->addWidget(table_, 1);

  connect(start_, &QPushButton::clicked, this,
          [this] { emit sweepRequested(static_cast<quint64>(seeds_->value()), mode_->currentText()); });
  connect(cancel_, &QPushButton::clicked, this, &SweepPane::cancelRequested);
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString mode = result_ ? QString::fromStdString(result_->mode) : mode_->currentText();
    emit openSeedRequested(static_cast<quint64>(openSeed_->value()), static_cast<quint64>(openStep_->value()), mode);
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SweepPane::groupSelected);
  connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) { openGroup(index.row()); });
  setResult(nullptr);
  explanation_->hide();
  updateButtons();
}

void SweepPane::updateButtons() {
  start_->setEnabled(documentOpen_ && !running_);
  cancel_->setEnabled(running_);
  open_->setEnabled(documentOpen_ && !running_);
}

void SweepPane::setDocumentOpen(bool open, const QString& mode) {
  if (open && !documentOpen_ && !mode.isEmpty()) mode_->setCurrentText(mode);
  documentOpen_ = open;
  if (!open) setResult(nullptr);
  updateButtons();
}

void SweepPane::setRunning(bool running) {
  running_ = running;
  if (running) {
    summary_->setText(tr("Sweeping…"));
    explanation_->hide();
  }
  updateButtons();
}

void SweepPane::setProgress(qint64 done, qint64 total) {
  progress_->setRange(0, static_cast<int>(std::max<qint64>(total, 1)));
  progress_->setValue(static_cast<int>(done));
}

void SweepPane::setError(const QString& text) {
  setResult(nullptr);
  summary_->setText(tr("The sweep failed: %1").arg(text));
}

quint64 SweepPane::explanationStep(std::uint64_t seed) const {
  if (!result_ || !result_->explanation || !result_->explanation->firstDifferentStep) return 0;
  const run::RunComparison& e = *result_->explanation;
  // Each side's own step (they differ when one had idle picks the other had not).
  if (seed == e.b.seed && e.decisionB) return e.decisionB->step;
  return *e.firstDifferentStep;
}

void SweepPane::setResult(std::shared_ptr<const run::SweepResult> result) {
  result_ = std::move(result);
  model_->setResult(result_);
  if (!result_) {
    summary_->setText(tr("Run the document under many seeds and group them by outcome (final cells, effect "
                         "outputs, errors)."));
    explanation_->hide();
    return;
  }
  const run::SweepResult& r = *result_;
  setProgress(static_cast<qint64>(r.seedsRun), static_cast<qint64>(r.seedsAsked));
  QString text = tr("%1 of %2 seeds (%3): ").arg(r.seedsRun).arg(r.seedsAsked).arg(QString::fromStdString(r.mode));
  if (r.groups.size() == 1) {
    text += tr("one outcome: it does not depend on the schedule.");
  } else if (r.groups.size() > 1) {
    text += tr("%1 different outcomes: the outcome depends on the schedule.").arg(r.groups.size());
  } else {
    text += tr("no run finished.");
  }
  if (r.cancelled) text += tr(" Cancelled.");
  if (!r.failures.empty())
    text += tr(" %1 failed: %2").arg(r.failures.size() == 1 ? tr("1 run") : tr("%1 runs").arg(r.failures.size()),
                                      QString::fromStdString(r.failures.front()));
  summary_->setText(text);
  if (r.explanation && r.explanation->firstDifferentStep) {
    const run::RunComparison& e = *r.explanation;
    QString why = tr("Seeds %1 and %2 first decide differently (seed %1's step %3).")
                      .arg(e.a.seed)
                      .arg(e.b.seed)
                      .arg(*e.firstDifferentStep);
    if (e.decisionA) why += tr(" Seed %1: %2.").arg(e.a.seed).arg(QString::fromStdString(e.decisionA->describe()));
    if (e.decisionB) why += tr(" Seed %1: %2.").arg(e.b.seed).arg(QString::fromStdString(e.decisionB->describe()));
    explanation_->setText(why);
    explanation_->show();
  } else {
    explanation_->hide();
  }
  if (!r.groups.empty()) {
    openSeed_->setValue(static_cast<int>(std::min<std::uint64_t>(r.groups.front().seeds.front(), std::numeric_limits<int>::max())));
    openStep_->setValue(static_cast<int>(
        std::min<quint64>(explanationStep(r.groups.front().seeds.front()), std::numeric_limits<int>::max())));
  }
}

void SweepPane::groupSelected() {
  const QModelIndex current = table_->selectionModel()->currentIndex();
  if (!current.isValid()) return;
  const qulonglong seed = current.siblingAtColumn(0).data(SweepGroupModel::FirstSeedRole).toULongLong();
  openSeed_->setValue(static_cast<int>(std::min<qulonglong>(seed, std::numeric_limits<int>::max())));
  openStep_->setValue(static_cast<int>(std::min<quint64>(explanationStep(seed), std::numeric_limits<int>::max())));
}

void SweepPane::openGroup(int row) {
  if (!result_ || row < 0 || row >= static_cast<int>(result_->groups.size()) || !documentOpen_) return;
  const std::uint64_t seed = result_->groups[static_cast<std::size_t>(row)].seeds.front();
  emit openSeedRequested(seed, explanationStep(seed), QString::fromStdString(result_->mode));
}

}  // namespace tickscope::views
