#include "graph/load_limits.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace tickscope::graph {
namespace {

template <class T>
void overrideFromEnv(T& value, std::string_view variable) {
  const char* text = std::getenv(std::string(variable).c_str());
  if (text == nullptr) return;
  const std::string_view s(text);
  T parsed{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
  if (ec == std::errc() && end == s.data() + s.size() && parsed > 0) value = parsed;
}

}  // namespace

LoadLimits LoadLimits::fromEnvironment() {
  LoadLimits limits;
  overrideFromEnv(limits.maxFileBytes, kEnvMaxFileBytes);
  overrideFromEnv(limits.maxActions, kEnvMaxActions);
  overrideFromEnv(limits.maxCells, kEnvMaxCells);
  overrideFromEnv(limits.maxExpressionBytes, kEnvMaxExpressionBytes);
  overrideFromEnv(limits.maxDepth, kEnvMaxDepth);
  return limits;
}

}  // namespace tickscope::graph
