#include "sweep_group_model.h"

#include <QStringList>

namespace tickscope::views {

SweepGroupModel::SweepGroupModel(QObject* parent) : QAbstractTableModel(parent) {}

void SweepGroupModel::setResult(std::shared_ptr<const run::SweepResult> result) {
  beginResetModel();
  result_ = std::move(result);
  endResetModel();
}

int SweepGroupModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !result_ ? 0 : static_cast<int>(result_->groups.size());
}

int SweepGroupModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SweepGroupModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case GroupColumn: return tr("Group");
    case SeedsColumn: return tr("Seeds");
    case ExamplesColumn: return tr("Example seeds");
    case OutcomeColumn: return tr("Outcome");
    default: return {};
  }
}

QVariant SweepGroupModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !result_) return {};
  const run::SweepGroup& g = result_->groups[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case GroupColumn: return index.row() + 1;
        case SeedsColumn: return static_cast<qulonglong>(g.seeds.size());
        case ExamplesColumn: {
          QStringList seeds;
          for (std::size_t i = 0; i < g.seeds.size() && i < kExampleSeeds; ++i) seeds << QString::number(g.seeds[i]);
          if (g.seeds.size() > kExampleSeeds) seeds << QStringLiteral("…");
          return seeds.join(QStringLiteral(", "));
        }
        case OutcomeColumn: return QString::fromStdString(g.summary);
        default: return {};
      }
    case FirstSeedRole: return static_cast<qulonglong>(g.seeds.front());
    case Qt::ToolTipRole:
      return index.column() == OutcomeColumn ? QVariant(QString::fromStdString(g.summary)) : QVariant();
    case Qt::TextAlignmentRole:
      return index.column() <= SeedsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default: return {};
  }
}

}  // namespace tickscope::views
