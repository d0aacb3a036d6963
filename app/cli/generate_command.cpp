#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "graph/generator.h"
#include "graph/load_limits.h"
#include "trace/atomic_file.h"

namespace tickscope::app {

int generateCommand(const GenerateCommand& command, std::ostream& out, std::ostream& err) {
  const std::optional<graph::Shape> shape = graph::parseShape(command.shape);
  if (!shape) {
    std::string shapes;
    for (graph::Shape s : graph::allShapes()) shapes += (shapes.empty() ? "" : ", ") + std::string(graph::toString(s));
    err << fmt::format("tickscope: generate: unknown shape \"{}\" (one of: {})\n\n{}", command.shape, shapes,
                       usage("generate"));
    return kExitInputError;
  }
  const std::uint64_t maxNodes = graph::LoadLimits::fromEnvironment().maxActions;
  if (command.nodes > maxNodes) {
    err << fmt::format("tickscope: generate: --nodes {} is over the action limit {} (raise it with {})\n",
                       command.nodes, maxNodes, graph::kEnvMaxActions);
    return kExitInputError;
  }
  if (command.events > maxNodes) {
    err << fmt::format("tickscope: generate: --events {} is over the limit {}\n", command.events, maxNodes);
    return kExitInputError;
  }
  graph::GenerateOptions options;
  options.events = static_cast<std::size_t>(command.events);
  options.eventIntervalMs = command.eventIntervalMs;
  options.maxReads = static_cast<std::uint32_t>(command.maxReads);
  options.cycles = command.cycles;
  options.maxCostMs = command.maxCostMs;
  options.mode = command.mode == "push" ? graph::Mode::Push : graph::Mode::Pull;
  try {
    trace::writeOutput(
        command.output,
        [&](std::ostream& o) {
          graph::writeGeneratedGraph(o, *shape, static_cast<std::size_t>(command.nodes), command.seed, options);
        },
        out);
  } catch (const trace::OutputError& e) {
    err << "tickscope: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tickscope::app
