#pragma once
// InsightModel: the Insights pane's table: one row per run::Insight of the snapshot shown, in
// the order findInsights gives (by kind, then count), with the columns Kind, Finding, Count.
// ActionRole holds the first action a row names (uint; invalid when none), ActionsRole all of
// them (QList<uint>). Rows are updated in place (keyed by kind and the actions named), so the
// selection survives a step.
#include <memory>
#include <vector>

#include "row_sync.h"
#include "run/insights.h"
#include "run/run_snapshot.h"

namespace tickscope::views {

class InsightModel final : public RowSyncTableModel {
  Q_OBJECT
 public:
  enum Column { KindColumn, FindingColumn, CountColumn, ColumnCount };
  enum Role { ActionRole = Qt::UserRole + 1, ActionsRole };

  explicit InsightModel(QObject* parent = nullptr);

  void setSnapshot(const std::shared_ptr<const run::RunSnapshot>& snapshot);
  const run::Insight& insight(int row) const { return rows_.at(static_cast<std::size_t>(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<run::Insight> rows_;
};

}  // namespace tickscope::views
