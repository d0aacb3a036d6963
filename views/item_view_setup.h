#pragma once
// How the panes' tables and trees behave, in one place: read-only, whole rows selected (several
// with Shift/Ctrl), alternating row colours, an accessible name for screen readers; flat tables
// also one line per row at a fixed height (no per-row measuring: 100,000 rows stay fast).
#include <QString>

class QAbstractItemView;
class QLineEdit;
class QTableView;

namespace tickscope::views {

// setUpReadOnlyView: the behaviour every pane's table or tree shares.
void setUpReadOnlyView(QAbstractItemView& view, const QString& accessibleName);
// setUpFlatTable: setUpReadOnlyView, then one unwrapped line per row at a fixed height, no row
// numbers, interactive column widths.
void setUpFlatTable(QTableView& table, const QString& accessibleName);
// enableClearButton: the line edit's clear button, named "Clear" for screen readers (Qt leaves
// the button it adds without a name).
void enableClearButton(QLineEdit& edit);

}  // namespace tickscope::views
