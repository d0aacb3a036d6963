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

#include "item_view_setup.h"
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
  enableClearButton(*filter_);
  kind_->addItems({tr("All kinds"), tr("Computations"), tr("Effects")});
  kind_->setAccessibleName(tr("Kind filter"));
  table_->setModel(proxy_);
  setUpFlatTable(*table_, tr("Timing"));
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);  // file order until the user sorts
  table_->horizontalHeader()->setStretchLastSection(false);  // "yes"/"no" next to its header
  // Column widths from the first rows only: measuring 100,000 rows would stall the window.
  table_->horizontalHeader()->setResizeContentsPrecision(200);
  copy_->setDefaultAction(addCopyAsCsvAction(*this, *table_, Qt::WidgetWithChildrenShortcut));
  copy_->setToolButtonStyle(Qt::ToolButtonTextOnly);

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
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TimingPane::tableSelectionChanged);

  showInTimeline_ = new QAction(tr("Show in Timeline (run-time histogram)"), this);
  table_->addAction(showInTimeline_);
  const auto showRow = [this](const QModelIndex& index) {
    if (!index.isValid()) return;
    const QVariant action = index.siblingAtColumn(TimingModel::ActionColumn).data(TimingModel::ActionRole);
    if (action.isValid()) emit showInTimelineRequested(action.toUInt());
  };
  connect(showInTimeline_, &QAction::triggered, this, [this, showRow] { showRow(table_->currentIndex()); });
  connect(table_, &QTableView::doubleClicked, this, showRow);
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

QString TimingPane::rowsAsCsv() const { return viewRowsAsCsv(*table_); }

void TimingPane::copyAsCsv() { QApplication::clipboard()->setText(rowsAsCsv()); }

}  // namespace tickscope::views
