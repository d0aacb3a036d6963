#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/run_input.h"
#include "run/run_comparison.h"

namespace tickscope::app {

int diffCommand(const DiffCommand& command, std::ostream& out, std::ostream& err) {
  run::RunDigest a, b;
  try {
    if (command.seeds || command.modes) {
      const auto document = loadGraphInput(command.inputs.front(), err);
      run::RunOptions options;
      options.recorderCapacity = 0;
      run::RunOptions other = options;
      if (command.seeds) {
        options.seed = command.seeds->first;
        other.seed = command.seeds->second;
      } else {
        options.mode = graph::parseMode(command.modes->first);
        other.mode = graph::parseMode(command.modes->second);
      }
      a = run::digestRun(document, options);
      b = run::digestRun(document, other);
    } else {
      a = digestOfInput(command.inputs[0], err);
      b = digestOfInput(command.inputs[1], err);
    }
  } catch (const InputError& e) {
    err << e.what();
    return kExitInputError;
  } catch (const std::exception& e) {
    err << fmt::format("tickscope: diff: the run failed: {}\n", e.what());
    return kExitFailure;
  }
  const run::RunComparison comparison = run::compareRuns(a, b);
  out << run::toJson(comparison).dump(2) << "\n";
  out.flush();
  if (!out) return kExitFailure;
  return comparison.same ? kExitOk : kExitDiffers;
}

}  // namespace tickscope::app
