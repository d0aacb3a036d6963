#pragma once
// The `tickscope` command line (spec/graph-format.md section 3), parsed into one Command.
// Parsing is pure (no I/O): main() prints UsageError's message and usage() and exits 2.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace tickscope::app {

// Exit codes of spec section 4.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,     // anything else: an output that cannot be written, an internal error
  kExitInputError = 2,  // input error (nothing is run) or bad command-line usage
  kExitStrict = 3,      // --strict and the report has errors
  kExitDiffers = 3,     // diff: the outcomes differ; sweep: more than one group
};

// `tickscope run FILE [--mode pull|push] [--seed N] [--max-time MS] [--report OUT.json]
//  [--csv OUT.csv] [--trace OUT.json] [--dot OUT.dot] [--record OUT.tstrace] [--strict]`.
// Empty output paths mean "not asked for"; with none of --report/--csv/--trace/--dot, the JSON
// report goes to standard output (--record alone does not change that). --dot: the graph with
// the final state of the run (run/state_dot.h).
struct RunCommand {
  std::string file;
  std::optional<std::string> mode;  // "pull" or "push"
  std::optional<std::uint64_t> seed;
  std::optional<double> maxTimeMs;
  std::string report;
  std::string csv;
  std::string trace;
  std::string dot;
  std::string record;  // --record OUT.tstrace: the run's recording (run/recording.h)
  bool strict = false;
};

// `tickscope validate FILE`
struct ValidateCommand {
  std::string file;
};

// `tickscope generate SHAPE --nodes N [--seed S] [-o FILE]` ("-" or no -o: standard output).
struct GenerateCommand {
  std::string shape;
  std::uint64_t nodes = 0;
  std::uint64_t seed = 0;
  std::string output = "-";
  // Generator options (additions to the spec's command line; defaults as GenerateOptions).
  std::uint64_t events = 10;
  double eventIntervalMs = 10;
  std::uint64_t maxReads = 3;
  bool cycles = false;
  double maxCostMs = 0;
  std::string mode = "pull";
};

// `tickscope [FILE] [--mode pull|push] [--seed N] [--goto STEP] [--select ID] [--screenshot
// OUT.png [--size WxH]]`: the debugger (spec section 7; --select: the action or cell ID is
// selected once the file is open, so the Graph and the Inspector show it).
struct DebuggerCommand {
  std::string file;  // empty: no file
  std::optional<std::string> mode;  // "pull" or "push"
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> gotoStep;
  std::string select;  // an action's or a cell's id ("": none)
  std::string screenshot;
  std::optional<std::pair<int, int>> size;
};

// `tickscope diff A B | diff FILE --seeds N,M | diff FILE --modes pull,push`: two runs compared
// (run/run_comparison.h); JSON on standard output, exit 0 for the same outcome, 3 otherwise.
struct DiffCommand {
  std::vector<std::string> inputs;  // two (A B) or one (FILE with --seeds or --modes)
  std::optional<std::pair<std::uint64_t, std::uint64_t>> seeds;
  std::optional<std::pair<std::string, std::string>> modes;  // each "pull" or "push"
};

// `tickscope sweep FILE --seeds N [--mode pull|push]`: FILE under seeds 0..N-1, grouped by
// outcome (run/sweep.h); JSON on standard output, exit 0 for one group, 3 for more.
struct SweepCommand {
  std::string file;
  std::uint64_t seeds = 0;
  std::optional<std::string> mode;  // "pull" or "push"
};

// `--help` (topic: "" or a subcommand) and `--version`.
struct HelpCommand {
  std::string topic;
};
struct VersionCommand {};

using Command = std::variant<RunCommand, ValidateCommand, GenerateCommand, DiffCommand, SweepCommand, DebuggerCommand,
                             HelpCommand, VersionCommand>;

// UsageError: the command line is wrong; what() says how, for a human.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// parseCommandLine: `args` without the program name. Options take their value as the next
// argument or after "=" (`--seed=7`); "-" is a value, not an option; "--" ends options.
// Throws UsageError.
Command parseCommandLine(const std::vector<std::string>& args);

// usage: the synopsis of every form (topic "": all; "run", "validate", "generate", "diff",
// "sweep": one).
std::string usage(const std::string& topic = {});

}  // namespace tickscope::app
