#include "insights_pane.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "insight_model.h"
#include "item_view_setup.h"
#include "table_csv.h"

namespace tickscope::views {

InsightsPane::InsightsPane(QWidget* parent)
    : QWidget(parent), model_(new InsightModel(this)), table_(new QTableView(this)), summary_(new QLabel(this)) {
  setUpFlatTable(*table_, tr("Insights"));
  table_->setModel(model_);
  table_->horizontalHeader()->setSectionResizeMode(InsightModel::FindingColumn, QHeaderView::Stretch);
  table_->setColumnWidth(InsightModel::KindColumn, 170);
  table_->setColumnWidth(InsightModel::CountColumn, 70);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* copy = new QToolButton(this);
  copy->setDefaultAction(addCopyAsCsvAction(*this, *table_, Qt::WidgetWithChildrenShortcut));
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(summary_, 1);
  bar->addWidget(copy);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(table_, 1);

  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InsightsPane::tableSelectionChanged);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InsightsPane::tableSelectionChanged);
  setSnapshot(nullptr);
}

void InsightsPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  updating_ = true;
  model_->setSnapshot(snapshot);
  updating_ = false;
  if (!snapshot) {
    summary_->setText(tr("No document open."));
  } else if (snapshot->insights.empty()) {
    summary_->setText(tr("Nothing to point out at step %1.").arg(snapshot->step));
  } else {
    const auto n = static_cast<qulonglong>(snapshot->insights.size());
    const QString found = n == 1 ? tr("1 finding at step %1").arg(snapshot->step)
                                 : tr("%1 findings at step %2").arg(n).arg(snapshot->step);
    summary_->setText(found + tr("; select one to select what it names."));
  }
  setSelection(selection_);
}

void InsightsPane::setSelection(const Selection& selection) {
  selection_ = selection;
  updating_ = true;
  QItemSelection rows;
  for (int r = 0; r < model_->rowCount(); ++r) {
    const QList<uint> named = model_->index(r, 0).data(InsightModel::ActionsRole).value<QList<uint>>();
    if (std::any_of(named.begin(), named.end(), [&](uint a) { return selection.hasAction(a); }))
      rows.select(model_->index(r, 0), model_->index(r, 0));
  }
  table_->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  updating_ = false;
}

void InsightsPane::tableSelectionChanged() {
  if (updating_) return;
  // Every action the selected rows name, the current row's first.
  std::vector<std::uint32_t> actions;
  QModelIndexList rows = table_->selectionModel()->selectedRows();
  std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  const QModelIndex current = table_->selectionModel()->currentIndex();
  if (current.isValid() && table_->selectionModel()->isRowSelected(current.row(), {})) rows.prepend(current);
  for (const QModelIndex& row : rows) {
    for (uint a : row.siblingAtColumn(0).data(InsightModel::ActionsRole).value<QList<uint>>()) {
      if (std::find(actions.begin(), actions.end(), a) == actions.end()) actions.push_back(a);
    }
  }
  if (actions.empty()) return;  // a session's row names no action
  selection_ = Selection::ofActions(std::move(actions));
  emit selectionRequested(selection_);
}

}  // namespace tickscope::views
