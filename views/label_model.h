#pragma once
// LabelModel: the Scheduler pane's task labels, one checkable row per label of the document
// (RunSnapshot::labels, first-use order); checked = deprioritized (RunSnapshot::deprioritized).
// The check is the snapshot's, never the model's own: unchecking or checking a row (setData
// with Qt::CheckStateRole, which is what a click or Space does) changes nothing here and
// emits deprioritizeRequested; the row follows once a snapshot with that label
// (de)prioritized arrives. SortRole holds the label's text. A new snapshot with the same
// labels updates the checks in place (dataChanged); other labels reset the model.
#include <memory>
#include <vector>

#include <QAbstractListModel>

#include "run/run_snapshot.h"

namespace tickscope::views {

class LabelModel final : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role {
    SortRole = Qt::UserRole + 1,  // the label (QString)
    DeprioritizedRole,            // bool
  };

  explicit LabelModel(QObject* parent = nullptr);

  // setSnapshot: shows `snapshot`'s labels (null: no document, no rows).
  void setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot);
  const run::RunSnapshot* snapshot() const { return snapshot_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  // setData: Qt::CheckStateRole emits deprioritizeRequested (checked: deprioritize) and
  // returns true without changing the row; any other role returns false.
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void deprioritizeRequested(const QString& label, bool deprioritized);

 private:
  struct Row {
    QString label;
    bool deprioritized = false;
    int actions = 0;  // actions of the document with this label
  };
  std::vector<Row> rowsOf(const run::RunSnapshot* snapshot) const;

  std::shared_ptr<const run::RunSnapshot> snapshot_;
  std::vector<Row> rows_;
};

}  // namespace tickscope::views
