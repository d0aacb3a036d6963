#include "graph/diagnostic.h"

#include <fmt/format.h>

namespace tickscope::graph {

std::string Diagnostic::format() const {
  if (line != 0) return fmt::format("{}:{}:{}: {}", file, line, column, message);
  if (!pointer.empty()) return fmt::format("{}: {}: {}", file, pointer, message);
  return fmt::format("{}: {}", file, message);
}

std::string formatAll(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += d.format();
    out += '\n';
  }
  return out;
}

}  // namespace tickscope::graph
