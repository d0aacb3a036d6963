#include "breakpoint_model.h"

#include <algorithm>
#include <utility>

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace tickscope::views {

namespace {

// Colours that read on the light and the dark palette alike: the problem red and the
// last-hit amber are picked against the application's base colour.
bool darkPalette() { return QGuiApplication::palette().color(QPalette::Base).lightness() < 128; }
QColor lastHitBackground() { return darkPalette() ? QColor(0x6b, 0x55, 0x00) : QColor(0xff, 0xe8, 0x8c); }
QColor lastHitForeground() { return darkPalette() ? QColor(Qt::white) : QColor(Qt::black); }

}  // namespace

QColor BreakpointModel::problemColor() {
  return darkPalette() ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}

BreakpointModel::BreakpointModel(QObject* parent) : QAbstractTableModel(parent) {}

void BreakpointModel::setDocument(std::shared_ptr<const graph::GraphDocument> document) {
  document_ = std::move(document);
  recheck();
  if (!breakpoints_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void BreakpointModel::setBreakpoints(const std::vector<run::Breakpoint>& breakpoints,
                                     const std::vector<std::uint64_t>& hitCounts) {
  const bool sameRows = breakpoints.size() == breakpoints_.size();
  if (!sameRows) beginResetModel();
  breakpoints_ = breakpoints;
  hits_.assign(breakpoints_.size(), 0);
  std::copy_n(hitCounts.begin(), std::min(hitCounts.size(), hits_.size()), hits_.begin());
  if (lastHit_ && *lastHit_ >= breakpoints_.size()) lastHit_.reset();
  recheck();
  if (!sameRows) {
    endResetModel();
  } else if (!breakpoints_.empty()) {
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  }
}

void BreakpointModel::setLastHit(std::optional<std::size_t> row) {
  if (row && *row >= breakpoints_.size()) row.reset();
  if (row == lastHit_) return;
  const std::optional<std::size_t> old = std::exchange(lastHit_, row);
  for (const std::optional<std::size_t>& r : {old, lastHit_}) {
    if (r) emit dataChanged(index(static_cast<int>(*r), 0), index(static_cast<int>(*r), ColumnCount - 1));
  }
}

void BreakpointModel::recheck() {
  problems_.assign(breakpoints_.size(), QString());
  if (!document_) return;
  for (std::size_t i = 0; i < breakpoints_.size(); ++i)
    problems_[i] = QString::fromStdString(run::checkBreakpoint(breakpoints_[i], *document_));
}

QString BreakpointModel::problem(std::size_t row) const { return row < problems_.size() ? problems_[row] : QString(); }

int BreakpointModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(breakpoints_.size());
}

int BreakpointModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString BreakpointModel::headerText(int column) {
  switch (column) {
    case EnabledColumn: return tr("Enabled");
    case KindColumn: return tr("Kind");
    case TargetColumn: return tr("Target");
    case ConditionColumn: return tr("Condition");
    case StopsColumn: return tr("Stops");
    case HitsColumn: return tr("Hits");
    case ProblemColumn: return tr("Problem");
    default: return {};
  }
}

QString BreakpointModel::kindText(run::Breakpoint::Kind kind) {
  using K = run::Breakpoint::Kind;
  switch (kind) {
    case K::ActionRuns: return tr("Action runs");
    case K::CellChanges: return tr("Cell changes");
    case K::ReportError: return tr("Report error");
    case K::CycleDetected: return tr("Cycle detected");
    case K::DebounceFires: return tr("Debounce fires");
    case K::TaskPicked: return tr("Task picked");
    case K::ReadyQueueLonger: return tr("Ready queue longer");
  }
  return {};
}

QString BreakpointModel::targetText(const run::Breakpoint& b) {
  using K = run::Breakpoint::Kind;
  if (b.kind == K::CycleDetected || b.kind == K::ReadyQueueLonger) return {};  // no target to name
  if (b.target.empty() && !run::needsTarget(b.kind)) return tr("(any)");
  return QString::fromStdString(b.target);
}

QString BreakpointModel::conditionText(const run::Breakpoint& b) {
  if (b.kind == run::Breakpoint::Kind::CellChanges) return QString::fromStdString(b.condition);
  if (b.kind == run::Breakpoint::Kind::ReadyQueueLonger) return QStringLiteral("> %1").arg(b.threshold);
  return {};
}

QVariant BreakpointModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  return {};
}

Qt::ItemFlags BreakpointModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;  // the root: views ask it too
  if (!checkIndex(index, CheckIndexOption::ParentIsInvalid)) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
  if (index.column() == EnabledColumn) f |= Qt::ItemIsUserCheckable;
  return f;
}

QVariant BreakpointModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const auto row = static_cast<std::size_t>(index.row());
  const run::Breakpoint& b = breakpoints_[row];
  const int column = index.column();
  const bool lastHit = lastHit_ == row;
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case KindColumn: return kindText(b.kind);
        case TargetColumn: return targetText(b);
        case ConditionColumn: return conditionText(b);
        case StopsColumn: return QString::fromStdString(run::describe(b));
        case HitsColumn: return QString::number(hits_[row]);
        case ProblemColumn: return problems_[row];
        default: return {};
      }
    case Qt::CheckStateRole:
      if (column == EnabledColumn) return b.enabled ? Qt::Checked : Qt::Unchecked;
      return {};
    case Qt::AccessibleTextRole:
      // The checkbox has no text of its own; a screen reader says what it means.
      if (column == EnabledColumn) return b.enabled ? tr("enabled") : tr("disabled");
      return {};
    case Qt::AccessibleDescriptionRole:
      return lastHit ? tr("last hit") : QVariant();
    case Qt::ToolTipRole:
      if (column == ProblemColumn && !problems_[row].isEmpty()) return tr("Never hits: %1").arg(problems_[row]);
      if (column == StopsColumn) return QString::fromStdString(run::describe(b));
      return {};
    case Qt::ForegroundRole:
      if (column == ProblemColumn && !problems_[row].isEmpty()) return QBrush(problemColor());
      if (lastHit) return QBrush(lastHitForeground());
      if (!b.enabled) return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
      return {};
    case Qt::BackgroundRole:
      return lastHit ? QVariant(QBrush(lastHitBackground())) : QVariant();
    case Qt::FontRole:
      if (lastHit) {
        QFont font;
        font.setBold(true);
        return font;
      }
      return {};
    case Qt::TextAlignmentRole:
      return column == HitsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case LastHitRole:
      return lastHit;
    case ProblemRole:
      return !problems_[row].isEmpty();
    default:
      return {};
  }
}

bool BreakpointModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
  if (index.column() != EnabledColumn || role != Qt::CheckStateRole) return false;
  const bool enabled = value.toInt() == Qt::Checked;
  if (enabled != breakpoints_[static_cast<std::size_t>(index.row())].enabled)
    emit enabledChangeRequested(index.row(), enabled);
  return false;  // a request to the list's owner: this row changes when it sets the new list
}

}  // namespace tickscope::views
