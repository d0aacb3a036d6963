#pragma once
// Column widths that follow the texts as rows arrive: a table that starts empty (step 0)
// must not cut its texts later, and a column the user widened is never narrowed.
class QTableView;

namespace tickscope::views {

// cellPadding: what a cell adds to its text's width (the delegate's margins, a little air).
int cellPadding(const QTableView& table);

// growColumnsToRows: widens every column (but a last one that stretches) to the texts of rows
// first..last; never narrows one.
void growColumnsToRows(QTableView& table, int first, int last);

}  // namespace tickscope::views
