#pragma once
// writeCsvReport: the timing report as CSV (RFC 4180, "\n" line ends): the header
// `id,kind,runCount,totalMs,averageMs,lastRunMs,debounceMs,autoDebounced`, then one row per
// action in file order. Numbers in the same locale-independent form as the JSON report
// (non-finite values as nan/inf); booleans as true/false; a field with a comma, quote or
// line break is quoted. A ReportSource is written row by row (report_source.h).
#include <ostream>
#include <string>

#include "trace/report.h"
#include "trace/report_source.h"

namespace tickscope::trace {

inline constexpr const char* kCsvReportHeader = "id,kind,runCount,totalMs,averageMs,lastRunMs,debounceMs,autoDebounced";

void writeCsvReport(std::ostream& out, const ReportSource& report);
void writeCsvReport(std::ostream& out, const Report& report);
std::string csvReport(const ReportSource& report);
std::string csvReport(const Report& report);

}  // namespace tickscope::trace
