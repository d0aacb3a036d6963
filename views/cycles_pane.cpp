#include "cycles_pane.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "cycle_model.h"
#include "cycle_values_model.h"
#include "item_view_setup.h"
#include "table_csv.h"
#include "table_selection.h"

namespace tickscope::views {

namespace {

// IterationRowDelegate: an iteration row spans the tree (its cycle's columns mean nothing
// there) and reads "iteration k   y = 1.5, x = 1.25": its values where the eye is, instead of
// in the Values column far right. k is padded with figure spaces (digit-wide) so the values
// of one cycle line up.
class IterationRowDelegate final : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != CycleModel::CycleColumn || !index.parent().isValid()) return;
    const int rows = index.model()->rowCount(index.parent());
    const int width = static_cast<int>(QString::number(std::max(rows - 1, 0)).size());
    const QString k = QString::number(index.row());
    option->text = CycleModel::tr("iteration") + QLatin1Char(' ') + QString(width - k.size(), QChar(0x2007)) + k +
                   QStringLiteral("   ") + index.siblingAtColumn(CycleModel::ValuesColumn).data().toString();
  }
};

}  // namespace

CyclesPane::CyclesPane(QWidget* parent)
    : QWidget(parent),
      model_(new CycleModel(this)),
      values_(new CycleValuesModel(this)),
      summary_(new QLabel(this)),
      copy_(new QToolButton(this)),
      tree_(new QTreeView(this)),
      caption_(new QLabel(this)),
      valuesTable_(new QTableView(this)) {
  tree_->setModel(model_);
  setUpReadOnlyView(*tree_, tr("Cycles"));
  copy_->setDefaultAction(addCopyAsCsvAction(*this, *tree_, Qt::WidgetWithChildrenShortcut));
  copy_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  tree_->setUniformRowHeights(true);  // no per-row measuring with many iterations
  tree_->setAllColumnsShowFocus(true);
  tree_->setWordWrap(false);
  tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
  tree_->header()->setStretchLastSection(true);
  tree_->setItemDelegateForColumn(CycleModel::CycleColumn, new IterationRowDelegate(tree_));

  valuesTable_->setModel(values_);
  setUpFlatTable(*valuesTable_, tr("Cycle values"));
  // Not stretched: a wide Change column would set its numbers far from the values they measure.
  valuesTable_->horizontalHeader()->setStretchLastSection(false);
  caption_->setBuddy(valuesTable_);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(summary_, 1);
  bar->addWidget(copy_);

  auto* valuesBox = new QWidget(this);
  auto* valuesLayout = new QVBoxLayout(valuesBox);
  valuesLayout->setContentsMargins(0, 0, 0, 0);
  valuesLayout->setSpacing(2);
  valuesLayout->addWidget(caption_);
  valuesLayout->addWidget(valuesTable_, 1);

  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(tree_);
  splitter->addWidget(valuesBox);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(splitter, 1);

  connect(tree_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CyclesPane::treeSelectionChanged);
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
    if (!applyingSelection_) showValuesOfSelection();
  });
  // Iteration rows span the tree's width (IterationRowDelegate), as they come.
  connect(model_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int first, int last) {
    if (parent.isValid()) {
      for (int r = first; r <= last; ++r) tree_->setFirstColumnSpanned(r, parent, true);
    } else {
      for (int r = first; r <= last; ++r) spanIterationRows(r);
    }
  });
  connect(model_, &QAbstractItemModel::modelReset, this, [this] {
    for (int r = 0; r < model_->rowCount(); ++r) spanIterationRows(r);
  });
  connect(values_, &QAbstractItemModel::modelReset, this, [this] {
    fitValueColumns();
    updateCaption();
  });
  connect(values_, &QAbstractItemModel::rowsInserted, this, &CyclesPane::fitValueColumns);
  updateSummary();
  updateCaption();
}

void CyclesPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool reset = !model_->snapshot() || !snapshot || model_->snapshot()->document != snapshot->document;
  const int before = model_->rowCount();
  // Rows removed by a new snapshot (Step Back) change the selection: that is no user's wish.
  applyingSelection_ = true;
  model_->setSnapshot(snapshot);
  values_->setSnapshot(std::move(snapshot));
  applyingSelection_ = false;
  showValuesOfSelection();
  if (reset || model_->rowCount() > before) fitColumns(reset);
  updateSummary();
  updateCaption();
}

void CyclesPane::setSelection(const Selection& selection) {
  applyingSelection_ = true;
  QItemSelection rows;
  int newest = -1;
  const QModelIndex currentIndex = tree_->currentIndex();
  const int current = currentIndex.isValid() ? topLevelRow(currentIndex) : -1;
  bool currentMatches = false;
  if (const std::optional<std::uint32_t> primary = selection.primaryAction()) {
    for (int r = 0; r < model_->rowCount(); ++r) {
      const run::CycleRow* c = model_->cycleAt(r);
      if (std::find(c->members.begin(), c->members.end(), *primary) == c->members.end()) continue;
      rows.select(model_->index(r, 0), model_->index(r, CycleModel::ColumnCount - 1));
      newest = r;
      currentMatches = currentMatches || r == current;
    }
  }
  // The current iteration row of a matching cycle stays selected with it.
  if (currentMatches && currentIndex.parent().isValid()) {
    rows.select(currentIndex.siblingAtColumn(0), currentIndex.siblingAtColumn(CycleModel::ColumnCount - 1));
  }
  tree_->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  // Keep the user's current cycle when it is one of them (the selection it asked for came
  // back); otherwise the newest matching cycle becomes current.
  if (newest >= 0 && !currentMatches) {
    const QModelIndex index = model_->index(newest, 0);
    tree_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    tree_->scrollTo(index);
  }
  applyingSelection_ = false;
  showValuesOfSelection();
}

std::vector<int> CyclesPane::selectedCycleRows() const { return selectedTopLevelRows(*tree_); }

void CyclesPane::treeSelectionChanged() {
  if (applyingSelection_) return;
  showValuesOfSelection();
  std::vector<std::uint32_t> actions;
  for (int row : selectedCycleRows()) {
    const run::CycleRow* c = model_->cycleAt(row);
    if (!c) continue;
    for (std::uint32_t m : c->members) {
      if (std::find(actions.begin(), actions.end(), m) == actions.end()) actions.push_back(m);
    }
  }
  emit selectionRequested(Selection::ofActions(std::move(actions)));
}

void CyclesPane::showValuesOfSelection() {
  const std::vector<int> rows = selectedCycleRows();
  const run::CycleRow* c = rows.empty() ? nullptr : model_->cycleAt(rows.front());
  values_->setCycle(c ? std::optional<std::uint32_t>(c->id) : std::nullopt);
  updateCaption();
}

void CyclesPane::fitColumns(bool exact) {
  const QAbstractItemView* view = tree_;
  for (int c = CycleModel::CycleColumn; c < CycleModel::ValuesColumn; ++c) {
    if (exact) tree_->resizeColumnToContents(c);
    else if (view->sizeHintForColumn(c) > tree_->columnWidth(c)) tree_->setColumnWidth(c, view->sizeHintForColumn(c));
  }
  // Texts a row shows later (a cycle in progress converges or stops) fit from the start.
  const QFontMetrics metrics = tree_->fontMetrics();
  const int margins = 2 * (tree_->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree_) + 1) + 4;
  int outcome = 0;
  for (const QString& text : {CycleModel::tr("converged"), CycleModel::tr("stopped at the limit"),
                             CycleModel::tr("in progress")}) {
    outcome = std::max(outcome, metrics.horizontalAdvance(text) + margins);
  }
  if (tree_->columnWidth(CycleModel::OutcomeColumn) < outcome) {
    tree_->setColumnWidth(CycleModel::OutcomeColumn, outcome);
  }
}

void CyclesPane::fitValueColumns() {
  // Only ever widens (sizeHintForColumn measures the rows in view: cheap at any length).
  const QAbstractItemView* view = valuesTable_;
  const int minimum = valuesTable_->fontMetrics().horizontalAdvance(QStringLiteral("0000000")) + 12;
  for (int c = 0; c < values_->columnCount(); ++c) {
    const int wanted =
        std::max({view->sizeHintForColumn(c), valuesTable_->horizontalHeader()->sectionSizeHint(c), minimum});
    if (wanted > valuesTable_->columnWidth(c)) valuesTable_->setColumnWidth(c, wanted);
  }
}

void CyclesPane::spanIterationRows(int cycleRow) {
  const QModelIndex parent = model_->index(cycleRow, 0);
  for (int r = 0; r < model_->rowCount(parent); ++r) tree_->setFirstColumnSpanned(r, parent, true);
}

void CyclesPane::updateSummary() {
  const run::RunSnapshot* s = model_->snapshot();
  if (!s) {
    summary_->setText(tr("No document"));
    return;
  }
  if (s->cycles.empty()) {
    summary_->setText(s->mode == "push"
                          ? tr("No cycles: push mode does not converge them (its iteration guard stops them)")
                          : tr("No cycle detected yet"));
    return;
  }
  int converged = 0, stopped = 0, running = 0;
  for (const run::CycleRow& c : s->cycles) {
    if (c.stopped) ++stopped;
    else if (c.converged) ++converged;
    else if (!c.finished) ++running;
  }
  QStringList parts;
  if (converged) parts << tr("%1 converged").arg(converged);
  if (stopped) parts << tr("%1 stopped at the limit").arg(stopped);
  if (running) parts << tr("%1 in progress").arg(running);
  const int n = static_cast<int>(s->cycles.size());
  summary_->setText((n == 1 ? tr("1 cycle") : tr("%1 cycles").arg(n)) + QStringLiteral(": ") +
                    parts.join(QStringLiteral(", ")));
}

void CyclesPane::updateCaption() {
  const run::CycleRow* c = values_->cycle();
  if (!c) {
    caption_->setText(tr("Values per iteration: no cycle to show"));
    return;
  }
  const QString members = model_->index(model_->rowOfCycle(c->id), CycleModel::MembersColumn).data().toString();
  caption_->setText(values_->chosenCycle()
                        ? tr("Cycle %1 (%2): values per iteration").arg(c->id).arg(members)
                        : tr("Cycle %1 (%2), the newest: values per iteration").arg(c->id).arg(members));
}

QString CyclesPane::rowsAsCsv() const { return viewRowsAsCsv(*tree_); }

void CyclesPane::copyAsCsv() { QApplication::clipboard()->setText(rowsAsCsv()); }

}  // namespace tickscope::views
