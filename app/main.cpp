// tickscope: the command line (run, validate, generate, diff, sweep) and the debugger's entry point.
// Command-line contract: spec/graph-format.md sections 3 and 4; user guide: docs/cli.md.
#include <iostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "debugger_launch.h"
#include "tickscope_version.h"

int main(int argc, char** argv) {
  using namespace tickscope::app;
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  Command command;
  try {
    command = parseCommandLine(args);
  } catch (const UsageError& e) {
    std::cerr << "tickscope: " << e.what() << "\n\n" << usage();
    return kExitInputError;
  }
  try {
    return std::visit(
        [&](const auto& c) -> int {
          using C = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<C, RunCommand>) {
            return runCommand(c, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, ValidateCommand>) {
            return validateCommand(c, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, GenerateCommand>) {
            return generateCommand(c, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, DiffCommand>) {
            return diffCommand(c, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, SweepCommand>) {
            return sweepCommand(c, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, DebuggerCommand>) {
            return launchDebugger(c, argc, argv, std::cout, std::cerr);
          } else if constexpr (std::is_same_v<C, HelpCommand>) {
            std::cout << usage(c.topic);
            return kExitOk;
          } else {
            std::cout << "tickscope " << kTickscopeVersion << "\n";
            return kExitOk;
          }
        },
        command);
  } catch (const std::exception& e) {
    std::cerr << "tickscope: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
