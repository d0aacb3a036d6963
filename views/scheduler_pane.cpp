#include "scheduler_pane.h"

#include <algorithm>
#include <optional>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include "decision_model.h"
#include "format.h"
#include "label_model.h"
#include "ready_queue_model.h"
#include "column_fit.h"
#include "item_view_setup.h"
#include "table_csv.h"
#include "table_selection.h"
#include "timer_model.h"

namespace tickscope::views {

namespace {

// Widest texts a column usually shows: columns are at least this wide, so a table that
// starts empty (step 0) does not cut its texts once rows arrive.
const char* const kReadySamples[] = {"00000", "label", "foreground", "Deprioritized", "actions labelled label (00 pending)"};
const char* const kTimerSamples[] = {"00000", "00000.5", "00000.5", "label", "task flush of session req-1"};
const char* const kDecisionSamples[] = {"00000", "00000.5", "task 0000 picked among 00", "label", "action, action"};

// fitTableColumns: every column as wide as its header, its widest text and its sample.
template <std::size_t N>
void fitTableColumns(QTableView& table, const char* const (&samples)[N]) {
  const QFontMetrics metrics = table.fontMetrics();
  const int padding = cellPadding(table);
  for (int c = 0; c < table.model()->columnCount(); ++c) {
    const int header = table.horizontalHeader()->sectionSizeHint(c);
    const int sample = c < static_cast<int>(N) ? metrics.horizontalAdvance(QString::fromLatin1(samples[c])) + padding : 0;
    table.setColumnWidth(c, std::max(header, sample));
  }
  growColumnsToRows(table, 0, table.model()->rowCount() - 1);
}

static_assert(int(ReadyQueueModel::ActionRole) == int(TimerModel::ActionRole), "one role selects both tables");

QList<uint> ranOf(const QModelIndex& index) { return index.siblingAtColumn(0).data(DecisionModel::RanRole).value<QList<uint>>(); }

}  // namespace

SchedulerPane::SchedulerPane(QWidget* parent)
    : QWidget(parent),
      ready_(new ReadyQueueModel(this)),
      timers_(new TimerModel(this)),
      decisions_(new DecisionModel(this)),
      labels_(new LabelModel(this)),
      clock_(new QLabel(this)),
      phase_(new QLabel(this)),
      next_(new QLabel(this)),
      readyCaption_(new QLabel(this)),
      timerCaption_(new QLabel(this)),
      decisionCaption_(new QLabel(this)),
      labelCaption_(new QLabel(tr("Task labels"), this)),
      readyTable_(makeTable(tr("Ready queue"), ready_)),
      timerTable_(makeTable(tr("Timers"), timers_)),
      decisionTable_(makeTable(tr("Last decisions"), decisions_)),
      labelList_(new QListView(this)),
      labelBox_(titled(labelCaption_, labelList_)) {
  QFont bold = clock_->font();
  bold.setBold(true);
  clock_->setFont(bold);
  for (QLabel* l : {clock_, phase_, next_}) l->setTextInteractionFlags(Qt::TextSelectableByMouse);

  labelList_->setModel(labels_);
  labelList_->setAccessibleName(tr("Task labels"));
  labelList_->setToolTip(tr("Checked labels are deprioritized: their tasks run only when nothing else is ready."));
  labelList_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  labelList_->setSelectionMode(QAbstractItemView::SingleSelection);
  labelList_->setUniformItemSizes(true);
  labelCaption_->setBuddy(labelList_);
  readyCaption_->setBuddy(readyTable_);
  timerCaption_->setBuddy(timerTable_);
  decisionCaption_->setBuddy(decisionTable_);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(0, 0, 0, 0);
  header->setSpacing(16);
  header->addWidget(clock_);
  header->addWidget(phase_);
  header->addWidget(next_, 1);

  // Queue, timers and decisions stacked (wide tables), the labels beside them (short words).
  auto* tables = new QSplitter(Qt::Vertical, this);
  tables->setChildrenCollapsible(false);
  tables->addWidget(titled(readyCaption_, readyTable_));
  tables->addWidget(titled(timerCaption_, timerTable_));
  tables->addWidget(titled(decisionCaption_, decisionTable_));
  tables->setStretchFactor(0, 2);
  tables->setStretchFactor(1, 2);
  tables->setStretchFactor(2, 3);
  auto* columns = new QHBoxLayout;
  columns->setContentsMargins(0, 0, 0, 0);
  columns->addWidget(tables, 1);
  columns->addWidget(labelBox_, 0);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(header);
  layout->addLayout(columns, 1);

  connect(labels_, &LabelModel::deprioritizeRequested, this, &SchedulerPane::deprioritizeRequested);
  for (QTableView* table : {readyTable_, timerTable_, decisionTable_}) {
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, table] { tableSelectionChanged(table); });
    // Rows that arrive with wider texts widen their columns (never narrower: a width the
    // user chose stays, unless a text would be cut).
    connect(table->model(), &QAbstractItemModel::rowsInserted, this,
            [table](const QModelIndex&, int first, int last) { growColumnsToRows(*table, first, last); });
    connect(table->model(), &QAbstractItemModel::dataChanged, this,
            [table](const QModelIndex& from, const QModelIndex& to) { growColumnsToRows(*table, from.row(), to.row()); });
  }
  updateTexts();
  fitColumns();
}

QTableView* SchedulerPane::makeTable(const QString& name, QAbstractItemModel* model) {
  auto* table = new QTableView(this);
  table->setModel(model);
  setUpFlatTable(*table, name);
  table->setTextElideMode(Qt::ElideMiddle);
  table->horizontalHeader()->setStretchLastSection(true);
  table->horizontalHeader()->setHighlightSections(false);
  // Copy as CSV: Ctrl+C copies the table that has focus; its context menu offers the same.
  addCopyAsCsvAction(*table, *table, Qt::WidgetShortcut);
  return table;
}

QWidget* SchedulerPane::titled(QLabel* caption, QWidget* content) {
  auto* box = new QWidget(this);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(caption);
  layout->addWidget(content, 1);
  return box;
}

QString SchedulerPane::clockText(double nowMs) { return tr("Clock %1").arg(formatMs(nowMs)); }

QString SchedulerPane::nextMoveText(const run::Move& next) {
  switch (next.kind) {
    case run::MoveKind::Decision: return tr("Next: a scheduling decision");
    case run::MoveKind::RequestValidated: return tr("Next: request validated");
    case run::MoveKind::ClockMoved: return tr("Next: clock moves to %1").arg(formatMs(next.atMs));
    case run::MoveKind::ClockSet: return tr("Next: clock set to %1").arg(formatMs(next.atMs));
    case run::MoveKind::EventApplied: return tr("Next: event %1 applied").arg(next.event + 1);  // numbered from 1
    case run::MoveKind::Finished: return tr("Next: the run finishes");
    case run::MoveKind::None: break;
  }
  return tr("Run finished");
}

void SchedulerPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool reset = !snapshot_ || !snapshot || snapshot_->document != snapshot->document;
  snapshot_ = std::move(snapshot);
  updating_ = true;  // rows leaving or arriving may change the selection: not the user's doing
  ready_->setSnapshot(snapshot_);
  timers_->setSnapshot(snapshot_);
  decisions_->setSnapshot(snapshot_);
  labels_->setSnapshot(snapshot_);
  updating_ = false;
  if (reset) {
    requestedBy_ = nullptr;
    fitColumns();
  }
  updateTexts();
  showSelection(false);
}

void SchedulerPane::fitColumns() {
  fitTableColumns(*readyTable_, kReadySamples);
  fitTableColumns(*timerTable_, kTimerSamples);
  fitTableColumns(*decisionTable_, kDecisionSamples);
  // The labels are short words: their column is as wide as the longest (with room for the
  // check box and a scroll bar), never wider, and gone when there is none.
  int widest = labelCaption_->fontMetrics().horizontalAdvance(tr("Task labels"));
  for (int r = 0; r < labels_->rowCount(); ++r)
    widest = std::max(widest, labelList_->fontMetrics().horizontalAdvance(labels_->index(r).data().toString()) + 48);
  labelBox_->setMaximumWidth(std::min(widest + 8, 240));
  labelBox_->setVisible(labels_->rowCount() > 0);
}

void SchedulerPane::updateTexts() {
  const run::RunSnapshot* s = snapshot_.get();
  if (!s) {
    clock_->setText(tr("No document"));
    phase_->clear();
    next_->clear();
  } else {
    clock_->setText(clockText(s->nowMs));
    phase_->setText(tr("Phase: %1").arg(QString::fromStdString(s->phase)));
    next_->setText(nextMoveText(s->nextMove));
  }
  const int ready = ready_->rowCount();
  const int timers = timers_->rowCount();
  readyCaption_->setText(ready == 0 ? tr("Ready queue: empty") : ready == 1 ? tr("Ready queue: 1 task") : tr("Ready queue: %1 tasks").arg(ready));
  timerCaption_->setText(timers == 0 ? tr("Timers: none armed") : tr("Timers: %1 armed").arg(timers));
  decisionCaption_->setText(s && !s->recentSteps.empty() ? tr("Last decisions (newest first)") : tr("Last decisions: none yet"));
}

void SchedulerPane::setSelection(const Selection& selection) {
  if (!(selection == requested_)) requestedBy_ = nullptr;
  selection_ = selection;
  showSelection(true);
}

void SchedulerPane::showSelection(bool scroll) {
  updating_ = true;
  for (QTableView* table : {readyTable_, timerTable_}) {
    if (table == requestedBy_) continue;
    if (scroll) {
      selectActionRows(*table, selection_, ReadyQueueModel::ActionRole);  // TimerModel::ActionRole is the same role
    } else {
      // Like selectActionRows, without moving the view under the user's eyes on every step.
      QItemSelection rows;
      for (int r = 0; r < table->model()->rowCount(); ++r) {
        const QModelIndex index = table->model()->index(r, 0);
        const QVariant action = index.data(ReadyQueueModel::ActionRole);
        if (action.isValid() && selection_.hasAction(action.value<std::uint32_t>())) rows.select(index, index);
      }
      table->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
  }
  if (decisionTable_ != requestedBy_) selectDecisionRows(selection_, scroll);
  updating_ = false;
}

void SchedulerPane::selectDecisionRows(const Selection& selection, bool scroll) {
  QItemSelection rows;
  QModelIndex primary;
  const std::optional<std::uint32_t> first = selection.primaryAction();
  for (int r = 0; r < decisions_->rowCount(); ++r) {
    const QModelIndex index = decisions_->index(r, 0);
    const QList<uint> ran = ranOf(index);
    if (std::none_of(ran.begin(), ran.end(), [&](uint a) { return selection.hasAction(a); })) continue;
    rows.select(index, index);
    if (!primary.isValid() && first && ran.contains(*first)) primary = index;  // the newest that ran it
  }
  QItemSelectionModel* model = decisionTable_->selectionModel();
  model->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (scroll && primary.isValid()) {
    model->setCurrentIndex(primary, QItemSelectionModel::NoUpdate);
    decisionTable_->scrollTo(primary);
  }
}

void SchedulerPane::tableSelectionChanged(QTableView* table) {
  if (updating_) return;
  std::vector<std::uint32_t> actions;
  if (table == decisionTable_) {
    // Every action the selected decisions ran, the current decision's first.
    const QItemSelectionModel* model = table->selectionModel();
    QModelIndexList selected = model->selectedRows();
    std::sort(selected.begin(), selected.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    if (model->isRowSelected(model->currentIndex().row(), {})) selected.prepend(model->currentIndex());
    for (const QModelIndex& index : selected) {
      for (uint a : ranOf(index)) {
        if (std::find(actions.begin(), actions.end(), a) == actions.end()) actions.push_back(a);
      }
    }
  } else {
    actions = selectedActions(*table, ReadyQueueModel::ActionRole);
  }
  // Rows without an action (a group task, a clock move) ask for nothing, unless the user
  // cleared the table: then the selection is cleared too.
  if (actions.empty() && table->selectionModel()->hasSelection()) return;
  requestedBy_ = table;
  requested_ = Selection::ofActions(std::move(actions));
  if (table == decisionTable_) {  // the current decision's run is the one to explain
    const QModelIndex current = table->selectionModel()->currentIndex();
    if (current.isValid() && table->selectionModel()->isRowSelected(current.row(), {}))
      requested_.step = current.siblingAtColumn(0).data(DecisionModel::SortRole).toULongLong();
  }
  emit selectionRequested(requested_);
}

QString SchedulerPane::rowsAsCsv(const QTableView& table) { return viewRowsAsCsv(table); }

void SchedulerPane::copyAsCsv(QTableView* table) {
  if (table) QApplication::clipboard()->setText(rowsAsCsv(*table));
}

}  // namespace tickscope::views
