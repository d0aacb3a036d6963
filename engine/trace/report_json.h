#pragma once
// writeReportJson: the report as JSON, spec/graph-format.md section 5, plus "sessions"
// (section 6, always present, empty without request events). Keys in the spec's order;
// one line per top-level key and per array element; deterministic and locale-independent.
// Non-finite numbers (a math error's result) are written as null. A ReportSource is written
// row by row as it makes them (report_source.h); a Report gives the same bytes.
#include <ostream>
#include <string>

#include "trace/report.h"
#include "trace/report_source.h"

namespace tickscope::trace {

void writeReportJson(std::ostream& out, const ReportSource& report);
void writeReportJson(std::ostream& out, const Report& report);
std::string reportJson(const ReportSource& report);
std::string reportJson(const Report& report);

}  // namespace tickscope::trace
