#include "debugger_launch.h"

#include <fmt/format.h>

#include "cli/commands.h"

namespace tickscope::app {

int launchDebugger(const DebuggerCommand& command, int& /*argc*/, char** /*argv*/, std::ostream& out,
                   std::ostream& err) {
  if (!command.screenshot.empty()) {
    err << "tickscope: --screenshot needs the debugger GUI, which is not part of this build\n";
    return kExitFailure;
  }
  if (command.file.empty()) {
    err << "tickscope: the debugger GUI is not part of this build; give a FILE to run it headless\n\n" << usage();
    return kExitInputError;
  }
  err << fmt::format(
      "tickscope: no debugger GUI in this build: running {} headless, the JSON report follows on standard output "
      "(see `tickscope run --help` for options)\n",
      command.file);
  RunCommand run;
  run.file = command.file;
  return runCommand(run, out, err);
}

}  // namespace tickscope::app
