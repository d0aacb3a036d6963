#include "item_view_setup.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>

namespace tickscope::views {

void setUpReadOnlyView(QAbstractItemView& view, const QString& accessibleName) {
  view.setAccessibleName(accessibleName);
  view.setSelectionBehavior(QAbstractItemView::SelectRows);
  view.setSelectionMode(QAbstractItemView::ExtendedSelection);
  view.setEditTriggers(QAbstractItemView::NoEditTriggers);
  view.setAlternatingRowColors(true);
}

void setUpFlatTable(QTableView& table, const QString& accessibleName) {
  setUpReadOnlyView(table, accessibleName);
  table.setWordWrap(false);
  table.verticalHeader()->setVisible(false);
  table.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table.verticalHeader()->setDefaultSectionSize(table.fontMetrics().height() + 6);
  table.horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
}

void enableClearButton(QLineEdit& edit) {
  edit.setClearButtonEnabled(true);
  for (QToolButton* button : edit.findChildren<QToolButton*>()) button->setAccessibleName(QLineEdit::tr("Clear"));
}

}  // namespace tickscope::views
