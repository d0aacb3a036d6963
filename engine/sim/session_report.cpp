#include "sim/session_report.h"

namespace tickscope::sim {

trace::SessionReport toSessionReport(const SessionSnapshot& session) {
  trace::SessionReport out;
  out.id = session.name;
  out.atMs = sched::toMs(session.openedAt);
  out.tasks = session.taskNames();
  out.waitUntil = session.waitUntilNames();
  out.dangling = session.danglingNames();
  out.valid = session.valid;
  return out;
}

std::optional<trace::ReportError> danglingTaskError(const CleanupResult& result) {
  if (result.valid) return std::nullopt;
  trace::ReportError error;
  error.kind = "dangling-task";
  error.atMs = sched::toMs(result.at);
  error.message = result.message;
  error.session = result.sessionName;
  for (const DanglingTask& t : result.dangling) error.tasks.push_back(t.name);
  return error;
}

}  // namespace tickscope::sim
