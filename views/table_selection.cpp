#include "table_selection.h"

#include <algorithm>

#include <QAbstractItemView>
#include <QItemSelection>
#include <QItemSelectionModel>

namespace tickscope::views {

namespace {

template <class F>
void forEachRow(const QAbstractItemModel& model, const QModelIndex& parent, F&& f) {
  const int rows = model.rowCount(parent);
  for (int r = 0; r < rows; ++r) {
    const QModelIndex index = model.index(r, 0, parent);
    f(index);
    if (model.hasChildren(index)) forEachRow(model, index, f);
  }
}

}  // namespace

std::vector<std::uint32_t> selectedActions(const QAbstractItemView& view, int actionRole) {
  std::vector<std::uint32_t> out;
  const QItemSelectionModel* selection = view.selectionModel();
  if (!selection) return out;
  auto add = [&](const QModelIndex& index) {
    const QVariant v = index.siblingAtColumn(0).data(actionRole);
    if (!v.isValid()) return;
    const auto action = v.value<std::uint32_t>();
    if (std::find(out.begin(), out.end(), action) == out.end()) out.push_back(action);
  };
  if (selection->isSelected(selection->currentIndex())) add(selection->currentIndex());
  for (const QModelIndex& index : selection->selectedIndexes()) add(index);
  return out;
}

void selectActionRows(QAbstractItemView& view, const Selection& selection, int actionRole) {
  QItemSelectionModel* model = view.selectionModel();
  if (!model || !view.model()) return;
  QItemSelection rows;
  QModelIndex primary;
  const std::uint32_t first = selection.actions.empty() ? 0 : selection.actions.front();
  if (!selection.actions.empty()) {
    forEachRow(*view.model(), QModelIndex(), [&](const QModelIndex& index) {
      const QVariant v = index.data(actionRole);
      if (!v.isValid() || !selection.hasAction(v.value<std::uint32_t>())) return;
      rows.select(index, index);
      if (!primary.isValid() && v.value<std::uint32_t>() == first) primary = index;
    });
  }
  model->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (primary.isValid()) {
    model->setCurrentIndex(primary, QItemSelectionModel::NoUpdate);
    view.scrollTo(primary);
  }
}

int topLevelRow(const QModelIndex& index) {
  QModelIndex top = index;
  while (top.parent().isValid()) top = top.parent();
  return top.row();
}

std::vector<int> selectedTopLevelRows(const QAbstractItemView& view) {
  std::vector<int> rows;
  const QItemSelectionModel* selection = view.selectionModel();
  if (!selection) return rows;
  auto add = [&](const QModelIndex& index) {
    const int row = topLevelRow(index);
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
  };
  if (selection->currentIndex().isValid() && selection->isSelected(selection->currentIndex()))
    add(selection->currentIndex());
  for (const QModelIndex& index : selection->selectedIndexes()) add(index);
  return rows;
}

}  // namespace tickscope::views
