#include "cycle_model.h"

#include <algorithm>
#include <cmath>

#include <QBrush>
#include <QColor>
#include <QStringList>

#include "format.h"

namespace tickscope::views {

namespace {

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

CycleModel::CycleModel(QObject* parent) : TwoLevelTreeModel(parent) {}

void CycleModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    std::vector<int> counts;
    if (snapshot_) {
      for (const run::CycleRow& c : snapshot_->cycles) counts.push_back(iterationRows(c));
    }
    resetTree(std::move(counts));
    endResetModel();
    return;
  }
  // Cycles only ever append; a shorter or different list means the run went back.
  std::shared_ptr<const run::RunSnapshot> old = snapshot_;
  const std::vector<run::CycleRow>& before = old->cycles;
  const std::vector<run::CycleRow>& after = snapshot->cycles;
  syncTree(
      after.size(),
      [&](std::size_t r) { return before[r].id == after[r].id && before[r].members == after[r].members; },
      [&](std::size_t r) { return iterationRows(after[r]); },
      [&] { snapshot_ = std::move(snapshot); },
      [&](std::size_t r) { return !sameCycleRow(before[r], after[r]); },
      // Recorded iterations do not change; compare them anyway rather than trust it.
      [&](std::size_t r, int k) {
        const auto i = static_cast<std::size_t>(k);
        return before[r].valueCells != after[r].valueCells || !sameValues(before[r].values[i], after[r].values[i]);
      },
      [&](std::size_t r) { return iterationRows(after[r]); });
}

const run::CycleRow* CycleModel::cycleAt(int row) const {
  if (!snapshot_ || row < 0 || row >= static_cast<int>(topCount())) return nullptr;
  return &snapshot_->cycles[static_cast<std::size_t>(row)];
}

int CycleModel::rowOfCycle(std::uint32_t id) const {
  for (int r = 0; r < static_cast<int>(topCount()); ++r) {
    if (snapshot_->cycles[static_cast<std::size_t>(r)].id == id) return r;
  }
  return -1;
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
  const bool topLevel = isTopLevel(index);
  const int cycleRow = topRow(index);
  if (cycleRow < 0 || cycleRow >= static_cast<int>(topCount())) return {};
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
