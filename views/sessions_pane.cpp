#include "sessions_pane.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPalette>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "session_model.h"
#include "item_view_setup.h"
#include "table_csv.h"
#include "table_selection.h"

namespace tickscope::views {

SessionsPane::SessionsPane(QWidget* parent)
    : QWidget(parent),
      model_(new SessionModel(this)),
      summary_(new QLabel(this)),
      copy_(new QToolButton(this)),
      tree_(new QTreeView(this)),
      details_(new QLabel(this)) {
  tree_->setModel(model_);
  setUpReadOnlyView(*tree_, tr("Sessions"));
  copy_->setDefaultAction(addCopyAsCsvAction(*this, *tree_, Qt::WidgetWithChildrenShortcut));
  copy_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  tree_->setUniformRowHeights(true);
  tree_->setAllColumnsShowFocus(true);
  tree_->setWordWrap(false);
  tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
  tree_->header()->setStretchLastSection(true);
  // The cleanup error in full: the Message column is rarely wide enough for it.
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  details_->setVisible(false);
  QPalette errorText = details_->palette();
  errorText.setColor(QPalette::WindowText, SessionModel::errorColor());
  details_->setPalette(errorText);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(0, 0, 0, 0);
  bar->addWidget(summary_, 1);
  bar->addWidget(copy_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(tree_, 1);
  layout->addWidget(details_);

  connect(tree_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPane::treeSelectionChanged);
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &SessionsPane::updateDetails);
  // A session has few tasks and they are the point (dangling or not): new sessions open expanded.
  connect(model_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int first, int last) {
    rowsAdded_ = true;
    if (parent.isValid()) return;
    for (int r = first; r <= last; ++r) tree_->expand(model_->index(r, 0));
  });
  connect(model_, &QAbstractItemModel::modelReset, this, [this] { tree_->expandAll(); });
  updateSummary();
}

void SessionsPane::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool reset = !model_->snapshot() || !snapshot || model_->snapshot()->document != snapshot->document;
  rowsAdded_ = false;
  // Rows removed by a new snapshot (Step Back) change the selection: that is no user's wish.
  applyingSelection_ = true;
  model_->setSnapshot(std::move(snapshot));
  applyingSelection_ = false;
  if (reset || rowsAdded_) fitColumns(reset);
  updateSummary();
  updateDetails();
}

std::vector<std::uint32_t> SessionsPane::cellsOfSession(const std::string& id) const {
  std::vector<std::uint32_t> cells;
  const run::RunSnapshot* s = model_->snapshot();
  if (!s || !s->document) return cells;
  const graph::GraphDocument& doc = *s->document;
  for (std::size_t e = 0; e < doc.events.size() && e < doc.resolution.eventTargets.size(); ++e) {
    if (doc.events[e].session != id) continue;
    for (graph::CellIndex c : doc.resolution.eventTargets[e]) {
      if (std::find(cells.begin(), cells.end(), c) == cells.end()) cells.push_back(c);
    }
  }
  return cells;
}

void SessionsPane::setSelection(const Selection& selection) {
  applyingSelection_ = true;
  QItemSelection rows;
  int last = -1;
  const QModelIndex currentIndex = tree_->currentIndex();
  const int current = currentIndex.isValid() ? topLevelRow(currentIndex) : -1;
  bool currentMatches = false;
  for (int r = 0; r < model_->rowCount(); ++r) {
    const std::vector<std::uint32_t> cells = cellsOfSession(model_->sessionAt(r)->id);
    const bool match = std::any_of(cells.begin(), cells.end(), [&](std::uint32_t c) {
      return std::find(selection.cells.begin(), selection.cells.end(), c) != selection.cells.end();
    });
    if (!match) continue;
    rows.select(model_->index(r, 0), model_->index(r, SessionModel::ColumnCount - 1));
    last = r;
    currentMatches = currentMatches || r == current;
  }
  // The current task row of a matching session stays selected with it.
  if (currentMatches && currentIndex.parent().isValid()) {
    rows.select(currentIndex.siblingAtColumn(0), currentIndex.siblingAtColumn(SessionModel::ColumnCount - 1));
  }
  tree_->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  // Keep the user's current session when it is one of them (its own request came back).
  if (last >= 0 && !currentMatches) {
    const QModelIndex index = model_->index(last, 0);
    tree_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    tree_->scrollTo(index);
  }
  applyingSelection_ = false;
  updateDetails();
}

std::vector<int> SessionsPane::selectedSessionRows() const { return selectedTopLevelRows(*tree_); }

void SessionsPane::treeSelectionChanged() {
  if (applyingSelection_) return;
  updateDetails();
  Selection wish;
  for (int row : selectedSessionRows()) {
    const run::SessionRow* s = model_->sessionAt(row);
    if (!s) continue;
    for (std::uint32_t c : cellsOfSession(s->id)) {
      if (std::find(wish.cells.begin(), wish.cells.end(), c) == wish.cells.end()) wish.cells.push_back(c);
    }
  }
  emit selectionRequested(wish);
}

void SessionsPane::fitColumns(bool exact) {
  const QAbstractItemView* view = tree_;
  for (int c = SessionModel::SessionColumn; c < SessionModel::MessageColumn; ++c) {
    if (exact) tree_->resizeColumnToContents(c);
    else if (view->sizeHintForColumn(c) > tree_->columnWidth(c)) tree_->setColumnWidth(c, view->sizeHintForColumn(c));
  }
  // Texts a row shows later (validation, a task's next state) fit from the start.
  const QFontMetrics metrics = tree_->fontMetrics();
  const int margins = 2 * (tree_->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree_) + 1) + 4;
  auto atLeast = [&](int column, std::initializer_list<QString> texts) {
    int width = 0;
    for (const QString& text : texts) width = std::max(width, metrics.horizontalAdvance(text) + margins);
    if (tree_->columnWidth(column) < width) tree_->setColumnWidth(column, width);
  };
  atLeast(SessionModel::ValidColumn, {SessionModel::tr("not validated yet")});
  atLeast(SessionModel::StateColumn,
          {QStringLiteral("scheduled"), QStringLiteral("running"), QStringLiteral("completed"), QStringLiteral("cancelled")});
}

void SessionsPane::updateDetails() {
  // The current session's cleanup error, else the newest invalid session's.
  const run::SessionRow* shown = nullptr;
  if (const QModelIndex current = tree_->currentIndex(); current.isValid()) {
    const run::SessionRow* s = model_->sessionAt(topLevelRow(current));
    if (s && !s->message.empty()) shown = s;
  }
  for (int r = model_->rowCount() - 1; !shown && r >= 0; --r) {
    const run::SessionRow* s = model_->sessionAt(r);
    if (s->validated && !s->valid && !s->message.empty()) shown = s;
  }
  details_->setVisible(shown != nullptr);
  details_->setText(shown ? QString::fromStdString(shown->message) : QString());
}

void SessionsPane::updateSummary() {
  const run::RunSnapshot* s = model_->snapshot();
  if (!s) {
    summary_->setText(tr("No document"));
    return;
  }
  if (s->sessions.empty()) {
    summary_->setText(tr("No request session yet"));
    return;
  }
  int valid = 0, invalid = 0, waiting = 0, dangling = 0;
  for (const run::SessionRow& row : s->sessions) {
    if (!row.validated) ++waiting;
    else if (row.valid) ++valid;
    else ++invalid;
    for (const run::SessionRow::Task& t : row.tasks) dangling += t.dangling ? 1 : 0;
  }
  QStringList parts;
  if (invalid) parts << tr("%1 invalid").arg(invalid);
  if (valid) parts << tr("%1 valid").arg(valid);
  if (waiting) parts << tr("%1 not validated yet").arg(waiting);
  if (dangling) parts << (dangling == 1 ? tr("1 dangling task") : tr("%1 dangling tasks").arg(dangling));
  const int n = static_cast<int>(s->sessions.size());
  summary_->setText((n == 1 ? tr("1 session") : tr("%1 sessions").arg(n)) + QStringLiteral(": ") +
                    parts.join(QStringLiteral(", ")));
}

QString SessionsPane::rowsAsCsv() const { return viewRowsAsCsv(*tree_); }

void SessionsPane::copyAsCsv() { QApplication::clipboard()->setText(rowsAsCsv()); }

}  // namespace tickscope::views
