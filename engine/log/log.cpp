#include "log/log.h"

#include <array>
#include <cstdlib>
#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace tickscope::log {

namespace {
constexpr std::array<const char*, 4> kNames{"engine", "platform", "views", "app"};
}

spdlog::level::level_enum levelFromEnvironment() {
  const char* value = std::getenv("TICKSCOPE_LOG");
  if (!value || !*value) return spdlog::level::warn;
  const auto level = spdlog::level::from_str(value);
  // from_str answers "off" for unknown names; only "off" itself should mean off.
  if (level == spdlog::level::off && std::string_view(value) != "off") return spdlog::level::warn;
  return level;
}

spdlog::logger& logger(Layer layer) {
  static std::once_flag once;
  static std::array<std::shared_ptr<spdlog::logger>, 4> loggers;
  std::call_once(once, [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    const auto level = levelFromEnvironment();
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      loggers[i] = std::make_shared<spdlog::logger>(fmt::format("tickscope.{}", kNames[i]), sink);
      loggers[i]->set_level(level);
      loggers[i]->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] %v");
    }
  });
  return *loggers[static_cast<std::size_t>(layer)];
}

}  // namespace tickscope::log
