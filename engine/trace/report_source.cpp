#include "trace/report_source.h"

namespace tickscope::trace {

ReportSummary ReportView::summary() const {
  return {report_.version, report_.graph, report_.mode, report_.seed, report_.virtualTimeMs, report_.stats};
}

Report toReport(const ReportSource& source) {
  Report r;
  ReportSummary head = source.summary();
  r.version = head.version;
  r.graph = std::move(head.graph);
  r.mode = std::move(head.mode);
  r.seed = head.seed;
  r.virtualTimeMs = head.virtualTimeMs;
  r.stats = head.stats;
  r.cells.reserve(source.cellCount());
  for (std::size_t i = 0; i < source.cellCount(); ++i) r.cells.push_back(source.cell(i));
  r.actions.reserve(source.actionCount());
  for (std::size_t i = 0; i < source.actionCount(); ++i) r.actions.push_back(source.action(i));
  const auto copy = [](auto span) { return std::vector(span.begin(), span.end()); };
  r.effectRuns.reserve(source.effectRunCount());
  for (std::size_t i = 0; i < source.effectRunCount(); ++i) r.effectRuns.push_back(source.effectRun(i));
  r.cycles = copy(source.cycles());
  r.errors = copy(source.errors());
  r.sessions = copy(source.sessions());
  return r;
}

}  // namespace tickscope::trace
