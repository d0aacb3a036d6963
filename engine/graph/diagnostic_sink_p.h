#pragma once
// DiagnosticSink: collects the diagnostics of one load or validation, capped at
// LoadLimits::maxErrors each for errors and warnings (a million bad actions must not make a
// million-line report). Private to engine/graph.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"

namespace tickscope::graph::detail {

class DiagnosticSink {
 public:
  DiagnosticSink(std::string_view file, std::uint32_t maxErrors) : file_(file), max_(maxErrors) {}

  void error(DiagnosticCode code, std::string pointer, std::string message);
  void errorAt(DiagnosticCode code, std::size_t line, std::size_t column, std::string message);
  void fileError(DiagnosticCode code, std::string message);
  void warning(DiagnosticCode code, std::string pointer, std::string message);

  std::size_t errorCount() const { return errors_.size() + droppedErrors_; }
  const std::string& file() const { return file_; }

  // finish: appends the "N more" notes and hands the lists over.
  void finish(std::vector<Diagnostic>& errors, std::vector<Diagnostic>& warnings);

 private:
  void add(std::vector<Diagnostic>& list, std::size_t& dropped, Diagnostic d);
  std::string file_;
  std::uint32_t max_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
  std::size_t droppedErrors_ = 0;
  std::size_t droppedWarnings_ = 0;
};

// quoteText: `s` in double quotes for a message, control characters and quotes escaped, cut
// to 64 characters with "..." so a hostile id cannot flood a terminal.
std::string quoteText(std::string_view s);

}  // namespace tickscope::graph::detail
