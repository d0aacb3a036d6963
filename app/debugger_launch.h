#pragma once
// launchDebugger: the `tickscope [FILE] [--screenshot OUT.png [--size WxH]]` forms. The
// debugger GUI is a later issue; until it is built in, FILE runs headless (the JSON report
// on standard output, a note on standard error), no FILE is a usage error (exit 2) and
// --screenshot fails (exit 1). The GUI will take over here: this is the only place that will
// create a QApplication.
#include <ostream>

#include "cli/command_line.h"

namespace tickscope::app {

int launchDebugger(const DebuggerCommand& command, int& argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tickscope::app
