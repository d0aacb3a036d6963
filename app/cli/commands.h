#pragma once
// The command-line subcommands. Each returns an exit code (cli/command_line.h, spec section
// 4) and writes only to the streams it is given and to the output files it was asked for.
// The work itself (loading, running, exporting) is in the engine; these only wire it up.
#include <ostream>

#include "cli/command_line.h"

namespace tickscope::app {

// runCommand: load, run to the end, write the outputs. An input error (exit 2) writes no
// output at all; every output file is written atomically, and all of them are opened
// before any is written, so an unwritable path (exit 1) leaves the others untouched too.
int runCommand(const RunCommand& command, std::ostream& out, std::ostream& err);

// validateCommand: load and check; "FILE: ok (...)" on `out`, or every error on `err`.
int validateCommand(const ValidateCommand& command, std::ostream& out, std::ostream& err);

// generateCommand: a generated graph to the -o file (atomically) or to `out`.
int generateCommand(const GenerateCommand& command, std::ostream& out, std::ostream& err);

// diffCommand: two runs compared (cli/run_input.h says what an input is); the comparison as
// JSON on `out`; exit 0 same outcome, 3 different, 2 an input error (nothing printed on `out`).
int diffCommand(const DiffCommand& command, std::ostream& out, std::ostream& err);

// sweepCommand: FILE under seeds 0..N-1 on every core (std::thread::hardware_concurrency),
// grouped by outcome; JSON on `out`; exit 0 one group, 3 more, 2 an input error, 1 a failed run.
int sweepCommand(const SweepCommand& command, std::ostream& out, std::ostream& err);

}  // namespace tickscope::app
