#include "task_text.h"

#include <cmath>

#include <QObject>

namespace tickscope::views {

QString describeTask(const run::TaskRow& task, const graph::GraphDocument* document) {
  switch (task.role) {
    case run::TaskRow::Role::Actions:
      if (task.label.empty()) return QObject::tr("unlabelled actions (%1 pending)").arg(task.pending);
      return QObject::tr("actions labelled %1 (%2 pending)").arg(QString::fromStdString(task.label)).arg(task.pending);
    case run::TaskRow::Role::Debounce: {
      if (task.action == 0) return QObject::tr("debounce");
      const std::size_t action = task.action - 1;  // TaskRow::action is the index + 1
      if (document && action < document->actions.size())
        return QObject::tr("debounce of %1").arg(QString::fromStdString(document->actions[action].id));
      return QObject::tr("debounce of action %1").arg(action);
    }
    case run::TaskRow::Role::SlowCycle:
      return QObject::tr("slow cycle %1").arg(task.cycle);
    case run::TaskRow::Role::SessionTask:
      return QObject::tr("task %1 of session %2").arg(QString::fromStdString(task.name), QString::fromStdString(task.session));
    case run::TaskRow::Role::Other:
      break;
  }
  return QObject::tr("other");
}

bool sameTaskRow(const run::TaskRow& a, const run::TaskRow& b) {
  const bool sameDeadline = a.deadlineMs == b.deadlineMs || (std::isnan(a.deadlineMs) && std::isnan(b.deadlineMs));
  return sameDeadline && a.task == b.task && a.role == b.role && a.label == b.label && a.name == b.name &&
         a.session == b.session && a.deprioritized == b.deprioritized && a.foreground == b.foreground &&
         a.action == b.action && a.cycle == b.cycle && a.pending == b.pending && a.wakes == b.wakes;
}

}  // namespace tickscope::views
