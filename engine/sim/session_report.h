#pragma once
// The report's view of sessions (spec section 6): what the graph runner copies into
// trace::Report::sessions and, for an invalid session, trace::Report::errors.
#include <optional>

#include "sim/session_snapshot.h"
#include "trace/report.h"

namespace tickscope::sim {

// toSessionReport: id = the session's name, atMs = when it opened, tasks / waitUntil in link
// order, dangling and valid from its last validation (valid and none dangling before any).
trace::SessionReport toSessionReport(const SessionSnapshot& session);

// danglingTaskError: the "dangling-task" error of an invalid validation (session name, the
// dangling tasks' names, the validation time, the cleanup message); nullopt when valid.
std::optional<trace::ReportError> danglingTaskError(const CleanupResult& result);

}  // namespace tickscope::sim
