#include "session_model.h"

#include <QBrush>
#include <QStringList>

#include "format.h"

namespace tickscope::views {

namespace {

bool sameTask(const run::SessionRow::Task& a, const run::SessionRow::Task& b) {
  return a.task == b.task && a.name == b.name && a.state == b.state && a.waitUntil == b.waitUntil &&
         a.dangling == b.dangling;
}

bool sameSessionRow(const run::SessionRow& a, const run::SessionRow& b) {
  if (a.atMs != b.atMs || a.validated != b.validated || a.valid != b.valid || a.message != b.message ||
      a.tasks.size() != b.tasks.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.tasks.size(); ++i) {
    if (!sameTask(a.tasks[i], b.tasks[i])) return false;
  }
  return true;
}

// sameTaskPrefix: how many leading tasks are the same tasks (by id) in both.
std::size_t sameTaskPrefix(const run::SessionRow& a, const run::SessionRow& b) {
  std::size_t n = 0;
  while (n < a.tasks.size() && n < b.tasks.size() && a.tasks[n].task == b.tasks[n].task) ++n;
  return n;
}

QString namesWhere(const run::SessionRow& s, bool run::SessionRow::Task::*flag) {
  QStringList names;
  for (const run::SessionRow::Task& t : s.tasks) {
    if (t.*flag) names << QString::fromStdString(t.name);
  }
  return names.join(QStringLiteral(", "));
}

bool invalid(const run::SessionRow& s) { return s.validated && !s.valid; }

}  // namespace

SessionModel::SessionModel(QObject* parent) : TwoLevelTreeModel(parent) {}

void SessionModel::setSnapshot(std::shared_ptr<const run::RunSnapshot> snapshot) {
  const bool sameDocument = snapshot_ && snapshot && snapshot_->document == snapshot->document;
  if (!sameDocument) {
    beginResetModel();
    snapshot_ = std::move(snapshot);
    std::vector<int> counts;
    if (snapshot_) {
      for (const run::SessionRow& s : snapshot_->sessions) counts.push_back(static_cast<int>(s.tasks.size()));
    }
    resetTree(std::move(counts));
    endResetModel();
    return;
  }
  // Sessions only ever append; a shorter or different list means the run went back.
  std::shared_ptr<const run::RunSnapshot> old = snapshot_;
  const std::vector<run::SessionRow>& before = old->sessions;
  const std::vector<run::SessionRow>& after = snapshot->sessions;
  syncTree(
      after.size(), [&](std::size_t r) { return before[r].id == after[r].id && before[r].atMs == after[r].atMs; },
      [&](std::size_t r) { return static_cast<int>(sameTaskPrefix(before[r], after[r])); },
      [&] { snapshot_ = std::move(snapshot); }, [&](std::size_t r) { return !sameSessionRow(before[r], after[r]); },
      [&](std::size_t r, int k) {
        const auto i = static_cast<std::size_t>(k);
        return !sameTask(before[r].tasks[i], after[r].tasks[i]);
      },
      [&](std::size_t r) { return static_cast<int>(after[r].tasks.size()); });
}

const run::SessionRow* SessionModel::sessionAt(int row) const {
  if (!snapshot_ || row < 0 || row >= static_cast<int>(topCount())) return nullptr;
  return &snapshot_->sessions[static_cast<std::size_t>(row)];
}

int SessionModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QString SessionModel::headerText(int column) {
  switch (column) {
    case SessionColumn: return tr("Session");
    case OpenedColumn: return tr("Opened ms");
    case TasksColumn: return tr("Tasks");
    case WaitUntilColumn: return tr("Wait until");
    case DanglingColumn: return tr("Dangling");
    case ValidColumn: return tr("Valid");
    case MessageColumn: return tr("Message");
    default: return {};
  }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  if (role == Qt::DisplayRole) return headerText(section);
  if (role == Qt::ToolTipRole) {
    // The task rows' fields share these columns: say which.
    switch (section) {
      case SessionColumn: return tr("Session id; task rows: the task's name");
      case OpenedColumn: return tr("When the request opened; task rows: the task's id");
      case TasksColumn: return tr("How many tasks; task rows: the task's state");
      case WaitUntilColumn: return tr("Tasks registered with waitUntil (allowed to outlive the request)");
      case DanglingColumn: return tr("Tasks still running at validation without waitUntil: an error");
      case ValidColumn: return tr("The session's cleanup, validated once the request has settled");
      default: return {};
    }
  }
  return {};
}

QColor SessionModel::errorColor() { return {0xb0, 0x1c, 0x1c}; }

QString SessionModel::validText(const run::SessionRow& session) {
  if (!session.validated) return tr("not validated yet");
  return session.valid ? tr("yes") : tr("no");
}

QVariant SessionModel::sessionData(const run::SessionRow& s, int column, int role) const {
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case SessionColumn: return QString::fromStdString(s.id);
        case OpenedColumn: return formatNumber(s.atMs);
        case TasksColumn: return QString::number(s.tasks.size());
        case WaitUntilColumn: return namesWhere(s, &run::SessionRow::Task::waitUntil);
        case DanglingColumn: return namesWhere(s, &run::SessionRow::Task::dangling);
        case ValidColumn: return validText(s);
        case MessageColumn: return QString::fromStdString(s.message);
        default: return {};
      }
    case SortRole:
      switch (column) {
        case OpenedColumn: return s.atMs;
        case TasksColumn: return QVariant::fromValue<qulonglong>(s.tasks.size());
        default: return sessionData(s, column, Qt::DisplayRole);
      }
    case ProblemRole:
      return invalid(s);
    case Qt::ForegroundRole:
      if (!invalid(s)) return {};
      if (column == SessionColumn || column == DanglingColumn || column == ValidColumn || column == MessageColumn) {
        return QBrush(errorColor());
      }
      return {};
    case Qt::ToolTipRole:
      if (column == MessageColumn && !s.message.empty()) return QString::fromStdString(s.message);
      if (column == ValidColumn && !s.validated) return tr("Validated once the request has settled");
      return {};
    default:
      return {};
  }
}

QVariant SessionModel::taskData(const run::SessionRow::Task& t, int column, int role) const {
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case TaskColumn: return QString::fromStdString(t.name);
        case TaskIdColumn: return tr("task %1").arg(t.task);
        case StateColumn: return QString::fromStdString(t.state);
        case WaitUntilColumn: return t.waitUntil ? tr("yes") : tr("no");
        case DanglingColumn: return t.dangling ? tr("yes") : tr("no");
        default: return {};
      }
    case SortRole:
      switch (column) {
        case TaskIdColumn: return QVariant::fromValue<qulonglong>(t.task);
        case WaitUntilColumn: return t.waitUntil;
        case DanglingColumn: return t.dangling;
        default: return taskData(t, column, Qt::DisplayRole);
      }
    case TaskIdRole:
      return QVariant::fromValue<qulonglong>(t.task);
    case ProblemRole:
      return t.dangling;
    case Qt::ForegroundRole:
      return t.dangling && column <= DanglingColumn ? QVariant(QBrush(errorColor())) : QVariant();
    case Qt::ToolTipRole:
      if (t.dangling) return tr("Still running when the session was validated, without waitUntil: dangling");
      return {};
    default:
      return {};
  }
}

QVariant SessionModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !snapshot_) return {};
  const bool topLevel = isTopLevel(index);
  const int sessionRow = topRow(index);
  if (sessionRow < 0 || sessionRow >= static_cast<int>(topCount())) return {};
  const run::SessionRow& s = snapshot_->sessions[static_cast<std::size_t>(sessionRow)];
  if (role == SessionRole) return QString::fromStdString(s.id);
  if (role == Qt::TextAlignmentRole) {
    const bool number = topLevel && (index.column() == OpenedColumn || index.column() == TasksColumn);
    return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
  }
  if (topLevel) return sessionData(s, index.column(), role);
  const auto t = static_cast<std::size_t>(index.row());
  if (t >= s.tasks.size()) return {};
  return taskData(s.tasks[t], index.column(), role);
}

}  // namespace tickscope::views
