#include "breakpoints_pane.h"

#include <algorithm>

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "breakpoint_dialog.h"
#include "breakpoint_model.h"

namespace tickscope::views {

namespace {

QToolButton* buttonFor(QAction* action, QWidget* parent) {
  auto* button = new QToolButton(parent);
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  return button;
}

}  // namespace

BreakpointsPane::BreakpointsPane(QWidget* parent)
    : QWidget(parent),
      model_(new BreakpointModel(this)),
      table_(new QTableView(this)),
      add_(new QAction(tr("Add Breakpoint…"), this)),
      edit_(new QAction(tr("Edit…"), this)),
      remove_(new QAction(tr("Remove"), this)),
      removeAll_(new QAction(tr("Remove All"), this)),
      addButton_(buttonFor(add_, this)),
      editButton_(buttonFor(edit_, this)),
      removeButton_(buttonFor(remove_, this)),
      removeAllButton_(buttonFor(removeAll_, this)) {
  add_->setToolTip(tr("Add a breakpoint (starts from the selected action)"));
  edit_->setToolTip(tr("Edit the selected breakpoint"));
  remove_->setToolTip(tr("Remove the selected breakpoints (Delete)"));
  removeAll_->setToolTip(tr("Remove every breakpoint"));
  remove_->setShortcut(QKeySequence::Delete);
  remove_->setShortcutContext(Qt::WidgetShortcut);  // Delete in the table only

  table_->setModel(model_);
  table_->setAccessibleName(tr("Breakpoints"));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);  // the checkbox still toggles
  table_->setWordWrap(false);
  table_->setTextElideMode(Qt::ElideRight);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->setAlternatingRowColors(true);
  // Problem and Hits always show in full (a problem is why a breakpoint never hits); Stops,
  // which says again what Kind, Target and Condition say, takes what is left and elides.
  QHeaderView* header = table_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::Interactive);
  header->setSectionResizeMode(BreakpointModel::StopsColumn, QHeaderView::Stretch);
  header->setSectionResizeMode(BreakpointModel::HitsColumn, QHeaderView::ResizeToContents);
  header->setSectionResizeMode(BreakpointModel::ProblemColumn, QHeaderView::ResizeToContents);
  header->setStretchLastSection(false);
  header->setHighlightSections(false);
  table_->setContextMenuPolicy(Qt::ActionsContextMenu);
  table_->addActions({add_, edit_, remove_});

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(addButton_);
  bar->addWidget(editButton_);
  bar->addWidget(removeButton_);
  bar->addWidget(removeAllButton_);
  bar->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(table_, 1);

  connect(add_, &QAction::triggered, this, &BreakpointsPane::addBreakpoint);
  connect(edit_, &QAction::triggered, this, &BreakpointsPane::editBreakpoint);
  connect(remove_, &QAction::triggered, this, &BreakpointsPane::removeSelected);
  connect(removeAll_, &QAction::triggered, this, &BreakpointsPane::removeAll);
  connect(model_, &BreakpointModel::enabledChangeRequested, this, &BreakpointsPane::enabledChangeRequested);
  connect(table_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
    if (index.isValid() && index.column() != BreakpointModel::EnabledColumn) openDialog(static_cast<std::size_t>(index.row()));
  });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BreakpointsPane::updateActions);
  connect(model_, &QAbstractItemModel::modelReset, this, &BreakpointsPane::updateActions);
  updateActions();
}

void BreakpointsPane::setDocument(std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  model_->setDocument(document_);
  if (dialog_) dialog_->setDocument(document_);
  updateActions();
}

void BreakpointsPane::setBreakpoints(const std::vector<run::Breakpoint>& breakpoints,
                                     const std::vector<std::uint64_t>& hitCounts) {
  const bool reset = breakpoints.size() != model_->breakpoints().size();
  model_->setBreakpoints(breakpoints, hitCounts);
  if (reset && !breakpoints.empty()) {
    for (int c : {BreakpointModel::EnabledColumn, BreakpointModel::KindColumn, BreakpointModel::TargetColumn,
                  BreakpointModel::ConditionColumn})
    {
      table_->resizeColumnToContents(c);
      table_->setColumnWidth(c, std::min(table_->columnWidth(c), 220));  // a long id elides
    }
  }
  updateActions();
}

void BreakpointsPane::setLastHit(std::optional<std::size_t> index) {
  model_->setLastHit(index);
  if (model_->lastHit()) table_->scrollTo(model_->index(static_cast<int>(*model_->lastHit()), 0));
}

void BreakpointsPane::setSelection(const Selection& selection) { selection_ = selection; }

std::vector<std::size_t> BreakpointsPane::selectedRows() const {
  std::vector<std::size_t> rows;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows.push_back(static_cast<std::size_t>(i.row()));
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::optional<std::size_t> BreakpointsPane::editRow() const {
  const QModelIndex current = table_->selectionModel()->currentIndex();
  if (current.isValid() && table_->selectionModel()->isRowSelected(current.row())) return static_cast<std::size_t>(current.row());
  const std::vector<std::size_t> rows = selectedRows();
  return rows.empty() ? std::nullopt : std::optional<std::size_t>(rows.front());
}

void BreakpointsPane::addBreakpoint() { openDialog(std::nullopt); }

void BreakpointsPane::editBreakpoint() {
  if (const std::optional<std::size_t> row = editRow()) openDialog(row);
}

void BreakpointsPane::openDialog(std::optional<std::size_t> row) {
  if (row && *row >= model_->breakpoints().size()) return;
  if (dialog_) {  // one at a time: bring back the one already open
    dialog_->raise();
    dialog_->activateWindow();
    return;
  }
  QString action;
  QString cell;
  if (document_) {
    if (const std::optional<std::uint32_t> a = selection_.primaryAction(); a && *a < document_->actions.size())
      action = QString::fromStdString(document_->actions[*a].id);
    if (!selection_.cells.empty() && selection_.cells.front() < document_->cellCount()) {
      const std::string_view id = document_->cellId(selection_.cells.front());
      cell = QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size()));
    }
  }
  editingRow_ = row;
  editingOriginal_ = row ? model_->breakpoints()[*row] : run::Breakpoint{};
  dialog_ = new BreakpointDialog(this);
  dialog_->setAttribute(Qt::WA_DeleteOnClose);
  dialog_->setWindowTitle(row ? tr("Edit Breakpoint") : tr("Add Breakpoint"));
  dialog_->setSuggestions(action, cell);
  dialog_->setDocument(document_);  // a new one: Action runs on the selected (else first) action
  if (row) dialog_->setBreakpoint(editingOriginal_);
  // finished comes before accepted: the dialog is forgotten first (a new one may open at
  // once, before this one is deleted), and the accepted handler keeps its own pointer.
  BreakpointDialog* dialog = dialog_;
  connect(dialog, &QDialog::finished, this, [this] { dialog_ = nullptr; });
  connect(dialog, &QDialog::accepted, this, [this, dialog] { dialogAccepted(dialog->breakpoint()); });
  dialog->open();
}

void BreakpointsPane::dialogAccepted(const run::Breakpoint& edited) {
  std::vector<run::Breakpoint> list = model_->breakpoints();
  if (!editingRow_) {
    list.push_back(edited);
  } else {
    // The list may have changed while the dialog was open (a reload): edit the same
    // breakpoint wherever it is now; if it is gone, keep the user's work as a new one.
    std::size_t row = *editingRow_;
    if (row >= list.size() || list[row] != editingOriginal_)
      row = static_cast<std::size_t>(std::find(list.begin(), list.end(), editingOriginal_) - list.begin());
    if (row < list.size()) {
      list[row] = edited;
    } else {
      list.push_back(edited);
    }
  }
  emit breakpointsChangeRequested(list);
}

void BreakpointsPane::enabledChangeRequested(int row, bool enabled) {
  std::vector<run::Breakpoint> list = model_->breakpoints();
  if (row < 0 || static_cast<std::size_t>(row) >= list.size()) return;
  list[static_cast<std::size_t>(row)].enabled = enabled;
  emit breakpointsChangeRequested(list);
}

void BreakpointsPane::removeSelected() {
  const std::vector<std::size_t> rows = selectedRows();
  if (rows.empty()) return;
  std::vector<run::Breakpoint> list = model_->breakpoints();
  for (auto r = rows.rbegin(); r != rows.rend(); ++r) list.erase(list.begin() + static_cast<std::ptrdiff_t>(*r));
  emit breakpointsChangeRequested(list);
}

void BreakpointsPane::removeAll() {
  if (model_->breakpoints().empty()) return;
  emit breakpointsChangeRequested({});
}

void BreakpointsPane::updateActions() {
  const bool anySelected = table_->selectionModel()->hasSelection();
  add_->setEnabled(document_ != nullptr);
  edit_->setEnabled(anySelected);
  remove_->setEnabled(anySelected);
  removeAll_->setEnabled(model_->rowCount() > 0);
}

BreakpointDialog* BreakpointsPane::dialog() const { return dialog_.data(); }

}  // namespace tickscope::views
