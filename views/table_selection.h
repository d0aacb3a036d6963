#pragma once
// The shared selection (views/selection.h) on a table or tree view whose rows carry an
// action index in some role: which actions the user selected there, and showing a selection
// that came from elsewhere. Rows without the role (headers, cells) are ignored.
#include <cstdint>
#include <vector>

#include "selection.h"

class QAbstractItemView;
class QModelIndex;

namespace tickscope::views {

// selectedActions: the action indices of the view's selected rows (top level and children),
// the current row's first, without repeats.
std::vector<std::uint32_t> selectedActions(const QAbstractItemView& view, int actionRole);

// topLevelRow: the row of `index`, or of its top-level ancestor in a tree.
int topLevelRow(const QModelIndex& index);

// selectedTopLevelRows: the top-level rows of the view's selection (a selected child counts as
// its top-level row), the current one first, without repeats.
std::vector<int> selectedTopLevelRows(const QAbstractItemView& view);

// selectActionRows: selects exactly the rows whose `actionRole` is in selection.actions
// (every level), makes the primary action's row current and scrolls to it. Selects nothing
// when the selection has no action.
void selectActionRows(QAbstractItemView& view, const Selection& selection, int actionRole);

}  // namespace tickscope::views
