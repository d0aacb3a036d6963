#pragma once
// One spdlog logger per layer ("engine", "platform", "views", "app"), writing to standard
// error. The level comes from TICKSCOPE_LOG (trace, debug, info, warn, error, critical, off;
// default warn), read once when the first logger is made.
#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

namespace tickscope::log {

enum class Layer { Engine, Platform, Views, App };

// logger: the shared logger of `layer`; safe from any thread.
spdlog::logger& logger(Layer layer);

// levelFromEnvironment: the level TICKSCOPE_LOG asks for (warn when unset or unknown).
spdlog::level::level_enum levelFromEnvironment();

inline spdlog::logger& engine() { return logger(Layer::Engine); }

}  // namespace tickscope::log
