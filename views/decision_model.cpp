#include "decision_model.h"

#include <algorithm>

#include <QStringList>

#include "format.h"
#include "task_text.h"

namespace tickscope::views {

namespace {

bool sameStep(const run::StepRecord& a, const run::StepRecord& b) {
  return a.step == b.step && a.move.kind == b.move.kind && a.move.atMs == b.move.atMs && a.move.event == b.move.event &&
         a.atMs == b.atMs && a.endMs == b.endMs && a.task == b.task && a.timerFired == b.timerFired &&
         a.label == b.label && a.candidates == b.candidates && a.deprioritized == b.deprioritized && a.ran == b.ran &&
         a.ranCount == b.ranCount && a.cellsChanged == b.cellsChanged && a.errorsAdded == b.errorsAdded;
}

}  // namespace

DecisionModel::DecisionModel(QObject* parent) : RowSyncTableModel(parent) {}

void DecisionModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    rows_ = snapshot_ ? snapshot_->recentSteps : std::vector<run::StepRecord>{};
    endResetModel();
    return;
  }
  snapshot_ = std::move(snapshot);
  syncTableRows(rows_, snapshot_->recentSteps, [](const run::StepRecord& s) { return s.step; }, sameStep);
}

int DecisionModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DecisionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString DecisionModel::headerText(int column) {
  switch (column) {
    case StepColumn: return tr("Step");
    case TimeColumn: return tr("Time ms");
    case MoveColumn: return tr("Move");
    case LabelColumn: return tr("Label");
    case RanColumn: return tr("Ran");
    default: return {};
  }
}

QVariant DecisionModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

QString DecisionModel::moveText(const run::StepRecord& step) {
  switch (step.move.kind) {
    case run::MoveKind::Decision:
      if (step.timerFired) return tr("timer of task %1 fired").arg(step.task);
      if (step.task == 0) return tr("scheduling decision");
      if (step.deprioritized) return tr("task %1 picked among %2 (deprioritized)").arg(step.task).arg(step.candidates);
      return tr("task %1 picked among %2").arg(step.task).arg(step.candidates);
    case run::MoveKind::ClockMoved: return tr("clock moved to %1 ms").arg(formatNumber(step.move.atMs));
    case run::MoveKind::ClockSet: return tr("clock set to %1 ms").arg(formatNumber(step.move.atMs));
    case run::MoveKind::EventApplied: return tr("event %1 applied").arg(step.move.event + 1);  // numbered from 1
    case run::MoveKind::RequestValidated: return tr("request validated");
    case run::MoveKind::Finished: return tr("run finished");
    case run::MoveKind::None: break;
  }
  return {};
}

QString DecisionModel::ranText(const run::StepRecord& step, const graph::GraphDocument* document) {
  // Repeated runs (a cycle's iterations) once each, with a count, in the order they first ran.
  std::vector<std::pair<std::uint32_t, int>> counted;
  for (std::uint32_t a : step.ran) {
    const auto it = std::find_if(counted.begin(), counted.end(), [a](const auto& c) { return c.first == a; });
    if (it == counted.end()) {
      counted.emplace_back(a, 1);
    } else {
      ++it->second;
    }
  }
  QStringList ids;
  for (const auto& [a, count] : counted) {
    QString id = document && a < document->actions.size() ? QString::fromStdString(document->actions[a].id)
                                                          : QString::number(a);
    ids << (count > 1 ? tr("%1 \u00d7%2").arg(id).arg(count) : id);
  }
  if (step.ranCount > step.ran.size()) ids << tr("+%1 more").arg(step.ranCount - step.ran.size());
  return ids.join(QStringLiteral(", "));
}

QVariant DecisionModel::raw(int row, int column) const {
  const run::StepRecord& s = rows_[static_cast<std::size_t>(row)];
  switch (column) {
    case StepColumn: return QVariant::fromValue<qulonglong>(s.step);
    case TimeColumn: return s.atMs;
    case MoveColumn: return moveText(s);
    case LabelColumn: return QString::fromStdString(s.label);
    case RanColumn: return QVariant::fromValue<qulonglong>(s.ranCount);
    default: return {};
  }
}

QVariant DecisionModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const int column = index.column();
  const run::StepRecord& s = rows_[static_cast<std::size_t>(row)];
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case StepColumn: return QString::number(s.step);
        case TimeColumn: return formatNumber(s.atMs);
        case RanColumn: return ranText(s, snapshot_ ? snapshot_->document.get() : nullptr);
        default: return raw(row, column);
      }
    case Qt::ToolTipRole:
      if (column == RanColumn) return ranText(s, snapshot_ ? snapshot_->document.get() : nullptr);
      if (column == MoveColumn) {
        return tr("%1: ran %2 action(s), changed %3 cell(s), added %4 error(s); clock from %5 to %6 ms")
            .arg(moveText(s))
            .arg(s.ranCount)
            .arg(s.cellsChanged)
            .arg(s.errorsAdded)
            .arg(formatNumber(s.atMs), formatNumber(s.endMs));
      }
      return {};
    case SortRole:
      return raw(row, column);
    case ActionRole:
      if (s.ran.empty()) return {};
      return static_cast<uint>(s.ran.front());
    case RanRole: {
      QList<uint> ran;
      ran.reserve(static_cast<qsizetype>(s.ran.size()));
      for (std::uint32_t a : s.ran) ran << a;
      return QVariant::fromValue(ran);
    }
    case Qt::TextAlignmentRole:
      return column <= TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
      return {};
  }
}

}  // namespace tickscope::views
