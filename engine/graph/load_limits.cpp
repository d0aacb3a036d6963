#include "graph/load_limits.h"

#include <algorithm>
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
  // Cell and action indices are 31-bit (the id table tags actions with the top bit).
  limits.maxActions = std::min<std::uint64_t>(limits.maxActions, kMaxIndexable);
  limits.maxCells = std::min<std::uint64_t>(limits.maxCells, kMaxIndexable);
  return limits;
}

}  // namespace tickscope::graph
