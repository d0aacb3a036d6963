#include "trace/csv_report.h"

#include <sstream>
#include <string_view>

#include "trace/json_writer.h"

namespace tickscope::trace {

namespace {

void appendField(std::string& line, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

}  // namespace

void writeCsvReport(std::ostream& out, const ReportSource& report) {
  std::string line = kCsvReportHeader;
  line += '\n';
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  for (std::size_t i = 0; i < report.actionCount(); ++i) {
    const ActionReport a = report.action(i);
    line.clear();
    appendField(line, a.id);
    line += ',';
    appendField(line, a.kind);
    line += ',';
    line += std::to_string(a.runCount);
    for (double v : {a.totalMs, a.averageMs, a.lastRunMs, a.debounceMs}) {
      line += ',';
      appendNumber(line, v);
    }
    line += ',';
    line += a.autoDebounced ? "true" : "false";
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
}

void writeCsvReport(std::ostream& out, const Report& report) { writeCsvReport(out, ReportView(report)); }

std::string csvReport(const ReportSource& report) {
  std::ostringstream out;
  writeCsvReport(out, report);
  return std::move(out).str();
}

std::string csvReport(const Report& report) { return csvReport(ReportView(report)); }

}  // namespace tickscope::trace
