#include "graph/diagnostic_sink_p.h"

#include <fmt/format.h>

namespace tickscope::graph::detail {

void DiagnosticSink::add(std::vector<Diagnostic>& list, std::size_t& dropped, Diagnostic d) {
  if (list.size() >= max_) {
    ++dropped;
    return;
  }
  d.file = file_;
  list.push_back(std::move(d));
}

void DiagnosticSink::error(DiagnosticCode code, std::string pointer, std::string message) {
  add(errors_, droppedErrors_,
      Diagnostic{Severity::Error, code, {}, std::move(pointer), 0, 0, std::move(message)});
}

void DiagnosticSink::errorAt(DiagnosticCode code, std::size_t line, std::size_t column,
                             std::string message) {
  add(errors_, droppedErrors_, Diagnostic{Severity::Error, code, {}, {}, line, column, std::move(message)});
}

void DiagnosticSink::fileError(DiagnosticCode code, std::string message) {
  add(errors_, droppedErrors_, Diagnostic{Severity::Error, code, {}, {}, 0, 0, std::move(message)});
}

void DiagnosticSink::warning(DiagnosticCode code, std::string pointer, std::string message) {
  add(warnings_, droppedWarnings_,
      Diagnostic{Severity::Warning, code, {}, std::move(pointer), 0, 0, std::move(message)});
}

void DiagnosticSink::finish(std::vector<Diagnostic>& errors, std::vector<Diagnostic>& warnings) {
  if (droppedErrors_ > 0)
    errors_.push_back(Diagnostic{Severity::Error, DiagnosticCode::TooManyErrors, file_, {}, 0, 0,
                                 fmt::format("{} more errors not shown", droppedErrors_)});
  if (droppedWarnings_ > 0)
    warnings_.push_back(Diagnostic{Severity::Warning, DiagnosticCode::TooManyErrors, file_, {}, 0, 0,
                                   fmt::format("{} more warnings not shown", droppedWarnings_)});
  errors = std::move(errors_);
  warnings = std::move(warnings_);
  errors_.clear();
  warnings_.clear();
  droppedErrors_ = droppedWarnings_ = 0;
}

std::string quoteText(std::string_view s) {
  constexpr std::size_t kMax = 64;
  std::string out = "\"";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (shown == kMax && (c & 0xc0) != 0x80) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
    if ((c & 0xc0) != 0x80) ++shown;  // count characters, not UTF-8 continuation bytes
  }
  out += '"';
  return out;
}

}  // namespace tickscope::graph::detail
