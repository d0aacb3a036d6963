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

void writeCsvReport(std::ostream& out, const Report& report) {
  std::string line = kCsvReportHeader;
  line += '\n';
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  for (const ActionReport& a : report.actions) {
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

std::string csvReport(const Report& report) {
  std::ostringstream out;
  writeCsvReport(out, report);
  return std::move(out).str();
}

}  // namespace tickscope::trace
