#pragma once
// launchDebugger: the `tickscope [FILE] [--mode] [--seed] [--goto STEP] [--screenshot OUT.png
// [--size WxH]]` forms (spec section 7). With a display (or QT_QPA_PLATFORM set) it opens the
// debugger window, FILE loaded with those overrides; without one, FILE runs headless (the JSON
// report on standard output, a note on standard error) and no FILE is a usage error (exit 2),
// except --screenshot, which renders offscreen. --screenshot saves the window once the
// document is loaded, laid out and at its step, then exits: 0, 1 when the image cannot be
// written, 2 when FILE does not load (its messages on standard error). The only place that
// creates a QApplication.
#include <ostream>

#include "cli/command_line.h"

namespace tickscope::app {

int launchDebugger(const DebuggerCommand& command, int& argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tickscope::app
