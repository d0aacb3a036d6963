#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/run_input.h"
#include "run/sweep.h"

namespace tickscope::app {

int sweepCommand(const SweepCommand& command, std::ostream& out, std::ostream& err) {
  run::SweepResult result;
  try {
    const auto document = loadGraphInput(command.file, err);
    run::SweepOptions options;
    options.seeds = command.seeds;
    if (command.mode) options.mode = graph::parseMode(*command.mode);
    options.threads = std::max(1u, std::thread::hardware_concurrency());
    result = run::sweep(document, options);
  } catch (const InputError& e) {
    err << e.what();
    return kExitInputError;
  } catch (const std::exception& e) {
    err << fmt::format("tickscope: sweep: {}\n", e.what());
    return kExitFailure;
  }
  out << run::toJson(result).dump(2) << "\n";
  out.flush();
  if (!out) return kExitFailure;
  if (!result.failures.empty()) {
    for (const std::string& f : result.failures) err << fmt::format("tickscope: sweep: {}: the run failed: {}\n", command.file, f);
    return kExitFailure;
  }
  return result.groups.size() > 1 ? kExitDiffers : kExitOk;
}

}  // namespace tickscope::app
