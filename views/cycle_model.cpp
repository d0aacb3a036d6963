#include "cycle_model.h"

#include <algorithm>
#include <cmath>

#include <QBrush>
#include <QColor>
#include <QStringList>

#include "format.h"

namespace tickscope::views {

namespace {

// Top-level rows carry internal id 0; an iteration row carries its cycle's row + 1.
constexpr quintptr kTopLevel = 0;

bool sameNumber(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameNumber);
}

// sameCycleRow: nothing a top-level row shows differs (its latest values included).
bool sameCycleRow(const run::CycleRow& a, const run::CycleRow& b) {
  return a.members == b.members && a.strategy == b.strategy && a.iterations == b.iterations &&
         a.maxIterations == b.maxIterations && a.finished == b.finished && a.converged == b.converged &&
         a.stopped == b.stopped && sameNumber(a.atMs, b.atMs) && sameNumber(a.finishedAtMs, b.finishedAtMs) &&
         a.valueCells == b.valueCells && a.values.size() == b.values.size() &&
         (a.values.empty() || sameValues(a.values.back(), b.values.back()));
}

int iterationRows(const run::CycleRow& cycle) { return static_cast<int>(cycle.values.size()); }

// A stopped cycle is a report error ("cycle-limit"): its row reads in the error colour.
const QColor kErrorColor(0xb0, 0x1c, 0x1c);

}  // namespace

CycleModel::CycleModel(QObject* parent) : QAbstractItemModel(parent) {}

void CycleModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    children_.clear();
    if (snapshot_) {
      for (const run::CycleRow& c : snapshot_->cycles) children_.push_back(iterationRows(c));
    }
    endResetModel();
    return;
  }
  const std::vector<run::CycleRow>& before = snapshot_->cycles;
  const std::vector<run::CycleRow>& after = snapshot->cycles;
  // Cycles only ever append; a shorter or different list means the run went back.
  std::size_t kept = 0;
  while (kept < before.size() && kept < after.size() && before[kept].id == after[kept].id &&
         before[kept].members == after[kept].members) {
    ++kept;
  }
  // Removals first, while the old snapshot still answers for the rows that go.
  if (children_.size() > kept) {
    beginRemoveRows({}, static_cast<int>(kept), static_cast<int>(children_.size()) - 1);
    children_.resize(kept);
    endRemoveRows();
  }
  for (std::size_t r = 0; r < kept; ++r) {
    const int now = iterationRows(after[r]);
    if (children_[r] > now) {
      beginRemoveRows(index(static_cast<int>(r), 0), now, children_[r] - 1);
      children_[r] = now;
      endRemoveRows();
    }
  }
  const std::shared_ptr<const run::RunSnapshot> old = std::exchange(snapshot_, std::move(snapshot));
  for (std::size_t r = 0; r < kept; ++r) {
    const int row = static_cast<int>(r);
    const run::CycleRow& was = old->cycles[r];
    const run::CycleRow& is = snapshot_->cycles[r];
    if (!sameCycleRow(was, is)) emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    const QModelIndex parent = index(row, 0);
    // Recorded iterations do not change; compare them anyway rather than trust it.
    const int shared = children_[r];
    int first = -1;
    for (int k = 0; k <= shared; ++k) {
      const bool changed =
          k < shared && (was.valueCells != is.valueCells ||
                         !sameValues(was.values[static_cast<std::size_t>(k)], is.values[static_cast<std::size_t>(k)]));
      if (changed && first < 0) first = k;
      if (!changed && first >= 0) {
        emit dataChanged(index(first, 0, parent), index(k - 1, ColumnCount - 1, parent));
        first = -1;
      }
    }
    const int now = iterationRows(is);
    if (now > shared) {
      beginInsertRows(parent, shared, now - 1);
      children_[r] = now;
      endInsertRows();
    }
  }
  if (snapshot_->cycles.size() > kept) {
    beginInsertRows({}, static_cast<int>(kept), static_cast<int>(snapshot_->cycles.size()) - 1);
    for (std::size_t r = kept; r < snapshot_->cycles.size(); ++r) {
      children_.push_back(iterationRows(snapshot_->cycles[r]));
    }
    endInsertRows();
  }
}

const run::CycleRow* CycleModel::cycleAt(int row) const {
  if (!snapshot_ || row < 0 || row >= static_cast<int>(children_.size())) return nullptr;
  return &snapshot_->cycles[static_cast<std::size_t>(row)];
}

int CycleModel::rowOfCycle(std::uint32_t id) const {
  for (int r = 0; r < static_cast<int>(children_.size()); ++r) {
    if (snapshot_->cycles[static_cast<std::size_t>(r)].id == id) return r;
  }
  return -1;
}

QModelIndex CycleModel::index(int row, int column, const QModelIndex& parent) const {
  if (!hasIndex(row, column, parent)) return {};
  if (!parent.isValid()) return createIndex(row, column, kTopLevel);
  return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex CycleModel::parent(const QModelIndex& child) const {
  if (!child.isValid() || child.internalId() == kTopLevel) return {};
  return createIndex(static_cast<int>(child.internalId() - 1), 0, kTopLevel);
}

int CycleModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return static_cast<int>(children_.size());
  // Only a top-level row's first column has children (iterations have none).
  if (parent.column() != 0 || parent.internalId() != kTopLevel) return 0;
  if (parent.row() < 0 || parent.row() >= static_cast<int>(children_.size())) return 0;
  return children_[static_cast<std::size_t>(parent.row())];
}

int CycleModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QString CycleModel::headerText(int column) {
  switch (column) {
    case CycleColumn: return tr("Cycle");
    case MembersColumn: return tr("Members");
    case StrategyColumn: return tr("Strategy");
    case IterationsColumn: return tr("Iterations");
    case BudgetLeftColumn: return tr("Budget left");
    case OutcomeColumn: return tr("Outcome");
    case DetectedColumn: return tr("Detected ms");
    case FinishedColumn: return tr("Finished ms");
    case ValuesColumn: return tr("Values");
    default: return {};
  }
}

QVariant CycleModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case BudgetLeftColumn: return tr("Iterations left before the cycle is stopped (settings.cycle.maxIterations)");
      case ValuesColumn: return tr("The cells the members write, after each iteration (a cycle row: the latest)");
      default: return {};
    }
  }
  return {};
}

QString CycleModel::outcomeText(const run::CycleRow& cycle) {
  if (cycle.stopped) return tr("stopped at the limit");
  if (cycle.converged) return tr("converged");
  if (!cycle.finished) return tr("in progress");
  return tr("finished");
}

QString CycleModel::valuesText(const graph::GraphDocument& document, const run::CycleRow& cycle, std::size_t k) {
  if (k >= cycle.values.size()) return {};
  const std::vector<double>& values = cycle.values[k];
  QStringList parts;
  for (std::size_t j = 0; j < cycle.valueCells.size() && j < values.size(); ++j) {
    // Cell values as the report prints them ("nan" too: a value, not a missing one).
    parts << QString::fromUtf8(document.cellId(cycle.valueCells[j])) + QStringLiteral(" = ") +
                 QString::fromStdString(trace::formatNumber(values[j]));
  }
  return parts.join(QStringLiteral(", "));
}

QVariant CycleModel::cycleData(int row, int column, int role) const {
  const run::CycleRow& c = snapshot_->cycles[static_cast<std::size_t>(row)];
  const graph::GraphDocument& doc = *snapshot_->document;
  const std::uint32_t left = c.maxIterations > c.iterations ? c.maxIterations - c.iterations : 0;
  if (role == Qt::DisplayRole || role == SortRole) {
    const bool display = role == Qt::DisplayRole;
    switch (column) {
      case CycleColumn: return display ? QVariant(QString::number(c.id)) : QVariant::fromValue<qulonglong>(c.id);
      case MembersColumn: {
        QStringList names;
        for (std::uint32_t m : c.members) {
          names << (m < doc.actions.size() ? QString::fromStdString(doc.actions[m].id) : QString::number(m));
        }
        return names.join(QStringLiteral(", "));
      }
      case StrategyColumn: return QString::fromStdString(c.strategy);
      case IterationsColumn:
        return display ? QVariant(QString::number(c.iterations)) : QVariant::fromValue<qulonglong>(c.iterations);
      case BudgetLeftColumn: return display ? QVariant(QString::number(left)) : QVariant::fromValue<qulonglong>(left);
      case OutcomeColumn: return outcomeText(c);
      case DetectedColumn: return display ? QVariant(formatNumber(c.atMs)) : QVariant(c.atMs);
      case FinishedColumn: return display ? QVariant(formatNumber(c.finishedAtMs)) : QVariant(c.finishedAtMs);
      case ValuesColumn: return c.values.empty() ? QString() : valuesText(doc, c, c.values.size() - 1);
      default: return {};
    }
  }
  switch (role) {
    case Qt::ForegroundRole:
      return c.stopped ? QVariant(QBrush(kErrorColor)) : QVariant();
    case Qt::ToolTipRole:
      if (column == OutcomeColumn && c.stopped) {
        return tr("Stopped after %1 iterations without converging: a cycle-limit error").arg(c.iterations);
      }
      if (column == StrategyColumn) {
        return tr("Estimated cost %1 ms against the %2 ms budget").arg(formatNumber(c.estimatedCostMs),
                                                                       formatNumber(doc.settings.cycle.budgetMs));
      }
      if (column == ValuesColumn) return cycleData(row, column, Qt::DisplayRole);
      return {};
    default:
      return {};
  }
}

QVariant CycleModel::iterationData(int cycleRow, int iteration, int column, int role) const {
  const run::CycleRow& c = snapshot_->cycles[static_cast<std::size_t>(cycleRow)];
  const auto k = static_cast<std::size_t>(iteration);
  if (k >= c.values.size()) return {};
  switch (role) {
    case Qt::DisplayRole:
      if (column == CycleColumn) return tr("iteration %1").arg(iteration);
      if (column == ValuesColumn) return valuesText(*snapshot_->document, c, k);
      return {};
    case SortRole:
      if (column == CycleColumn) return iteration;
      if (column == ValuesColumn) return valuesText(*snapshot_->document, c, k);
      return {};
    case IterationRole:
      return iteration;
    case Qt::ToolTipRole:
      if (column == CycleColumn && iteration == 0) return tr("The values when the cycle was detected");
      if (column == ValuesColumn) return valuesText(*snapshot_->document, c, k);
      return {};
    default:
      return {};
  }
}

QVariant CycleModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !snapshot_) return {};
  const bool topLevel = index.internalId() == kTopLevel;
  const int cycleRow = topLevel ? index.row() : static_cast<int>(index.internalId() - 1);
  if (cycleRow < 0 || cycleRow >= static_cast<int>(children_.size())) return {};
  const run::CycleRow& c = snapshot_->cycles[static_cast<std::size_t>(cycleRow)];
  switch (role) {
    case CycleRole:
      return static_cast<uint>(c.id);
    case MembersRole: {
      QList<uint> members;
      for (std::uint32_t m : c.members) members << m;
      return QVariant::fromValue(members);
    }
    case Qt::TextAlignmentRole:
      if (index.column() == IterationsColumn || index.column() == BudgetLeftColumn ||
          index.column() == DetectedColumn || index.column() == FinishedColumn) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      }
      return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
      break;
  }
  return topLevel ? cycleData(index.row(), index.column(), role)
                  : iterationData(cycleRow, index.row(), index.column(), role);
}

}  // namespace tickscope::views
