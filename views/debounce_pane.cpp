#include "debounce_pane.h"

#include <algorithm>
#include <cmath>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include "auto_debounce_model.h"
#include "debounce_model.h"
#include "format.h"
#include "column_fit.h"
#include "item_view_setup.h"
#include "table_csv.h"
#include "table_selection.h"

namespace tickscope::views {

namespace {

static_assert(int(DebounceModel::ActionRole) == int(AutoDebounceModel::ActionRole), "one role selects both tables");
static_assert(int(DebounceModel::SortRole) == int(AutoDebounceModel::SortRole), "one role sorts both tables");

// fitTableColumns: every column as wide as its header's text and its widest cell. Not the
// header's size hint: with sorting on it keeps room for a sort arrow in every column, which
// would push the last columns out of a dock-sized pane; the sorted column gets that room
// when the user sorts (see the constructor).
void fitTableColumns(QTableView& table) {
  const QHeaderView& header = *table.horizontalHeader();
  const QFontMetrics metrics = header.fontMetrics();
  const int margin = 2 * header.style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, &header) + 4;
  for (int c = 0; c < table.model()->columnCount(); ++c)
    table.setColumnWidth(c, metrics.horizontalAdvance(table.model()->headerData(c, Qt::Horizontal).toString()) + margin);
  growColumnsToRows(table, 0, table.model()->rowCount() - 1);
}

}  // namespace

DebouncePane::DebouncePane(QWidget* parent)
    : QWidget(parent),
      debounces_(new DebounceModel(this)),
      autos_(new AutoDebounceModel(this)),
      debounceProxy_(new QSortFilterProxyModel(this)),
      autoProxy_(new QSortFilterProxyModel(this)),
      summary_(new QLabel(this)),
      debounceCaption_(new QLabel(this)),
      autoCaption_(new QLabel(this)),
      debounceTable_(nullptr),
      autoTable_(nullptr) {
  debounceProxy_->setSourceModel(debounces_);
  autoProxy_->setSourceModel(autos_);
  for (QSortFilterProxyModel* proxy : {debounceProxy_, autoProxy_}) {
    proxy->setSortRole(DebounceModel::SortRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
  }
  debounceTable_ = makeTable(tr("Debounce timers"), debounceProxy_);
  autoTable_ = makeTable(tr("Auto-debounce decisions"), autoProxy_);
  // Its last column is a number: stretched, it would stand far from the rest of its row.
  debounceTable_->horizontalHeader()->setStretchLastSection(false);
  // A reason is a sentence: the table scrolls sideways rather than cut it.
  autoTable_->horizontalHeader()->setStretchLastSection(false);
  debounceCaption_->setObjectName(QStringLiteral("debounceCaption"));
  autoCaption_->setObjectName(QStringLiteral("autoDebounceCaption"));
  debounceCaption_->setBuddy(debounceTable_);
  autoCaption_->setBuddy(autoTable_);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* tables = new QSplitter(Qt::Vertical, this);
  tables->setChildrenCollapsible(false);
  for (auto [caption, table] : {std::pair{debounceCaption_, debounceTable_}, std::pair{autoCaption_, autoTable_}}) {
    auto* box = new QWidget(tables);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(caption);
    layout->addWidget(table, 1);
    tables->addWidget(box);
  }
  tables->setStretchFactor(0, 3);
  tables->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(summary_);
  layout->addWidget(tables, 1);

  for (QTableView* table : {debounceTable_, autoTable_}) {
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, table] { tableSelectionChanged(table); });
    // Rows that arrive with wider texts widen their columns (never narrower: a width the
    // user chose stays, unless a text would be cut); the sorted column makes room for its arrow.
    connect(table->model(), &QAbstractItemModel::rowsInserted, this,
            [table](const QModelIndex&, int first, int last) { growColumnsToRows(*table, first, last); });
    connect(table->model(), &QAbstractItemModel::dataChanged, this,
            [table](const QModelIndex& from, const QModelIndex& to) { growColumnsToRows(*table, from.row(), to.row()); });
    connect(table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [table](int section) {
      if (section >= 0 && table->columnWidth(section) < table->horizontalHeader()->sectionSizeHint(section))
        table->setColumnWidth(section, table->horizontalHeader()->sectionSizeHint(section));
    });
  }
  updateTexts();
  fitColumns();
}

QTableView* DebouncePane::makeTable(const QString& name, QSortFilterProxyModel* proxy) {
  auto* table = new QTableView(this);
  table->setModel(proxy);
  setUpFlatTable(*table, name);
  table->setSortingEnabled(true);
  table->sortByColumn(-1, Qt::AscendingOrder);  // the model's order until the user sorts
  table->horizontalHeader()->setStretchLastSection(true);
  table->horizontalHeader()->setHighlightSections(false);
  // Copy as CSV: Ctrl+C copies the table that has focus; its context menu offers the same.
  addCopyAsCsvAction(*table, *table, Qt::WidgetShortcut);
  return table;
}

void DebouncePane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool reset = !snapshot_ || !snapshot || snapshot_->document != snapshot->document;
  snapshot_ = std::move(snapshot);
  updating_ = true;  // rows leaving may change the selection: not the user's doing
  debounces_->setSnapshot(snapshot_);
  autos_->setSnapshot(snapshot_);
  updating_ = false;
  if (reset) fitColumns();
  updateTexts();
}

void DebouncePane::fitColumns() {
  fitTableColumns(*debounceTable_);
  fitTableColumns(*autoTable_);
}

void DebouncePane::updateTexts() {
  const run::RunSnapshot* s = snapshot_.get();
  if (!s) {
    summary_->setText(tr("No document"));
  } else {
    const auto armed = std::count_if(s->debounces.begin(), s->debounces.end(),
                                     [](const run::DebounceRow& d) { return !std::isnan(d.deadlineMs); });
    const std::size_t rows = s->debounces.size();
    const QString debounced = rows == 0   ? tr("No debounced action")
                              : rows == 1 ? tr("1 debounced action")
                                          : tr("%1 debounced actions").arg(rows);
    summary_->setText(tr("%1, %2 armed now; clock %3").arg(debounced).arg(armed).arg(formatMs(s->nowMs)));
  }
  debounceCaption_->setText(tr("Debounce timers"));
  // The rule the runtime applies, so an empty table says why it is empty.
  QString rule = tr("auto-debounce is off");
  if (s && s->document && s->document->settings.autoDebounce.enabled) {
    const graph::AutoDebounceSettings& a = s->document->settings.autoDebounce;
    rule = tr("rule: average >= %1 after %2 runs: debounce %3")
               .arg(formatMs(a.thresholdMs))
               .arg(a.minRuns)
               .arg(formatMs(a.delayMs));
  }
  const int decisions = autos_->rowCount();
  const QString count = decisions == 0 ? tr("none") : QString::number(decisions);
  autoCaption_->setText(s ? tr("Auto-debounce decisions: %1 (%2)").arg(count, rule) : tr("Auto-debounce decisions"));
}

void DebouncePane::setSelection(const Selection& selection) {
  updating_ = true;
  selectActionRows(*debounceTable_, selection, DebounceModel::ActionRole);
  selectActionRows(*autoTable_, selection, AutoDebounceModel::ActionRole);
  updating_ = false;
}

void DebouncePane::tableSelectionChanged(QTableView* table) {
  if (updating_) return;
  emit selectionRequested(Selection::ofActions(selectedActions(*table, DebounceModel::ActionRole)));
}

QString DebouncePane::rowsAsCsv(const QTableView& table) { return viewRowsAsCsv(table); }

void DebouncePane::copyAsCsv(QTableView* table) {
  if (table) QApplication::clipboard()->setText(rowsAsCsv(*table));
}

}  // namespace tickscope::views
