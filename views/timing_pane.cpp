#include "timing_pane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "table_csv.h"
#include "table_selection.h"
#include "timing_filter_model.h"
#include "timing_model.h"

namespace tickscope::views {

TimingPane::TimingPane(QWidget* parent)
    : QWidget(parent),
      model_(new TimingModel(this)),
      proxy_(new TimingFilterModel(this)),
      filter_(new QLineEdit(this)),
      kind_(new QComboBox(this)),
      copy_(new QToolButton(this)),
      table_(new QTableView(this)) {
  proxy_->setSourceModel(model_);

  filter_->setPlaceholderText(tr("Filter by name"));
  filter_->setAccessibleName(tr("Filter by name"));
  filter_->setClearButtonEnabled(true);
  kind_->addItems({tr("All kinds"), tr("Computations"), tr("Effects")});
  kind_->setAccessibleName(tr("Kind filter"));
  auto* copyAction = new QAction(tr("Copy as CSV"), this);
  copyAction->setShortcut(QKeySequence::Copy);
  copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  addAction(copyAction);
  copy_->setDefaultAction(copyAction);
  copy_->setToolButtonStyle(Qt::ToolButtonTextOnly);

  table_->setModel(proxy_);
  table_->setAccessibleName(tr("Timing"));
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);  // file order until the user sorts
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);  // no per-row measuring
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->horizontalHeader()->setStretchLastSection(false);  // "yes"/"no" next to its header
  // Column widths from the first rows only: measuring 100,000 rows would stall the window.
  table_->horizontalHeader()->setResizeContentsPrecision(200);
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  table_->addAction(copyAction);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(filter_, 1);
  bar->addWidget(kind_);
  bar->addWidget(copy_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(table_, 1);

  connect(filter_, &QLineEdit::textChanged, proxy_, &TimingFilterModel::setNameFilter);
  connect(kind_, &QComboBox::currentIndexChanged, this,
          [this](int i) { proxy_->setKindFilter(static_cast<TimingFilterModel::KindFilter>(i)); });
  connect(copyAction, &QAction::triggered, this, &TimingPane::copyAsCsv);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TimingPane::tableSelectionChanged);
}

void TimingPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool reset = !model_->snapshot() || !snapshot || model_->snapshot()->document != snapshot->document;
  model_->setSnapshot(std::move(snapshot));
  if (reset) {
    table_->resizeColumnsToContents();
    table_->setColumnWidth(TimingModel::ActionColumn, std::max(table_->columnWidth(TimingModel::ActionColumn), 120));
  }
}

void TimingPane::setSelection(const Selection& selection) {
  applyingSelection_ = true;
  selectActionRows(*table_, selection, TimingModel::ActionRole);
  applyingSelection_ = false;
}

void TimingPane::tableSelectionChanged() {
  if (applyingSelection_) return;
  emit selectionRequested(Selection::ofActions(selectedActions(*table_, TimingModel::ActionRole)));
}

QString TimingPane::rowsAsCsv() const {
  QList<int> rows;
  const QModelIndexList selected = table_->selectionModel()->selectedRows();
  if (selected.isEmpty()) {
    for (int r = 0; r < proxy_->rowCount(); ++r) rows << r;
  } else {
    for (const QModelIndex& i : selected) rows << i.row();
    std::sort(rows.begin(), rows.end());
  }
  return tableAsCsv(*proxy_, rows);
}

void TimingPane::copyAsCsv() { QApplication::clipboard()->setText(rowsAsCsv()); }

}  // namespace tickscope::views
