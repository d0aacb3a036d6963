#include "cli/command_line.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>

#include <fmt/format.h>

namespace tickscope::app {

namespace {

const char* const kRunUsage =
    "  tickscope run FILE [--mode pull|push] [--seed N] [--max-time MS]\n"
    "                     [--report OUT.json] [--csv OUT.csv] [--trace OUT.json]\n"
    "                     [--dot OUT.dot] [--record OUT.tstrace] [--strict]\n"
    "      Run FILE headless on the test scheduler (virtual time) and write its reports;\n"
    "      without --report/--csv/--trace/--dot the JSON report goes to standard output.\n"
    "      --dot: the graph (Graphviz DOT) with the states and values at the end.\n"
    "      --record also saves the run's recording, every step, for the debugger.\n"
    "      \"-\" as OUT means standard output. --max-time (default 60000) bounds the\n"
    "      virtual time after the last event. --strict: exit 3 if the report has errors.\n";
const char* const kValidateUsage =
    "  tickscope validate FILE\n"
    "      Load and check FILE without running it; every error on standard error.\n";
const char* const kGenerateUsage =
    "  tickscope generate SHAPE --nodes N [--seed S] [-o FILE]\n"
    "                    [--events N] [--event-interval MS] [--max-reads N] [--cycles]\n"
    "                    [--max-cost MS] [--mode pull|push]\n"
    "      Write a generated graph (SHAPE: chain, broad, diamond, grid, cellx, random)\n"
    "      to FILE, or standard output without -o or with \"-\". --events (default 10)\n"
    "      events every --event-interval ms (default 10); --max-reads (default 3): reads\n"
    "      per computation of grid and random; --cycles: random with dependency cycles;\n"
    "      --max-cost: each action costs 0..MS whole ms; --mode: the file's run mode.\n";
const char* const kDiffUsage =
    "  tickscope diff A B | tickscope diff FILE --seeds N,M | tickscope diff FILE --modes pull,push\n"
    "      Compare two runs: graph files A and B (each with its own settings), or FILE\n"
    "      under seeds N and M, or in two modes. JSON on standard output: same outcome,\n"
    "      the first step whose decision differs, per-action run counts, differing cells.\n"
    "      Exit 0 when the outcome is the same, 3 when it differs.\n";
const char* const kSweepUsage =
    "  tickscope sweep FILE --seeds N [--mode pull|push]\n"
    "      Run FILE under seeds 0..N-1 on every core and group the seeds by outcome\n"
    "      (final cells, effect outputs, errors). JSON on standard output; exit 0 for\n"
    "      one group, 3 for more (the first differing decision of two groups explains).\n";
const char* const kDebuggerUsage =
    "  tickscope [FILE] [--mode pull|push] [--seed N] [--goto STEP] [--select ID]\n"
    "      The debugger, FILE open with those overrides (--goto: at that step; --select:\n"
    "      that action or cell selected, in the Graph and the Inspector). Without a\n"
    "      display: a headless run of FILE, the report on standard output.\n"
    "  tickscope FILE [...] --screenshot OUT.png [--size WxH]\n"
    "      Open FILE, go to the step, save the window as OUT.png (offscreen without a\n"
    "      display), exit.\n";
const char* const kExitCodes =
    "Exit codes: 0 run completed, 1 other failure (e.g. an output cannot be written),\n"
    "2 input error or bad usage (nothing run, no output written), 3 --strict with report errors\n"
    "(diff: the outcomes differ; sweep: more than one group).\n";

std::uint64_t parseUnsigned(const std::string& option, const std::string& value) {
  std::uint64_t n = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (value.empty() || ec != std::errc() || ptr != end)
    throw UsageError(fmt::format("{} expects a non-negative integer, got \"{}\"", option, value));
  return n;
}

double parseMs(const std::string& option, const std::string& value) {
  double v = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, v);
  if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(v) || v < 0)
    throw UsageError(fmt::format("{} expects a non-negative number of milliseconds, got \"{}\"", option, value));
  return v;
}

std::pair<int, int> parseSize(const std::string& value) {
  const auto x = value.find('x');
  if (x == std::string::npos) throw UsageError(fmt::format("--size expects WxH, got \"{}\"", value));
  const std::uint64_t w = parseUnsigned("--size", value.substr(0, x));
  const std::uint64_t h = parseUnsigned("--size", value.substr(x + 1));
  if (w == 0 || h == 0 || w > 16384 || h > 16384)
    throw UsageError(fmt::format("--size expects WxH between 1x1 and 16384x16384, got \"{}\"", value));
  return {static_cast<int>(w), static_cast<int>(h)};
}

// Splits options from positionals for one subcommand. `valued` options take a value, `flags`
// do not; anything else starting with "-" (but not "-" itself) is an error.
struct Parsed {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;  // last one wins
  std::map<std::string, bool> flags;
};

Parsed split(const std::string& context, std::vector<std::string>::const_iterator it,
             std::vector<std::string>::const_iterator end, const std::vector<std::string>& valued,
             const std::vector<std::string>& flags) {
  Parsed p;
  auto isIn = [](const std::vector<std::string>& set, const std::string& s) {
    return std::find(set.begin(), set.end(), s) != set.end();
  };
  bool optionsEnded = false;
  for (; it != end; ++it) {
    const std::string& arg = *it;
    if (optionsEnded || arg == "-" || arg.empty() || arg[0] != '-') {
      p.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      optionsEnded = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inlineValue;
    if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      inlineValue = arg.substr(eq + 1);
    }
    if (isIn(valued, name)) {
      if (inlineValue) {
        p.values[name] = *inlineValue;
      } else if (std::next(it) == end) {
        throw UsageError(fmt::format("{}: option {} needs a value", context, name));
      } else {
        p.values[name] = *++it;
      }
    } else if (isIn(flags, name)) {
      if (inlineValue) throw UsageError(fmt::format("{}: option {} takes no value", context, name));
      p.flags[name] = true;
    } else {
      throw UsageError(fmt::format("{}: unknown option {}", context, name));
    }
  }
  return p;
}

std::string onePositional(const std::string& context, const Parsed& p, const std::string& what) {
  if (p.positionals.empty()) throw UsageError(fmt::format("{}: missing {}", context, what));
  if (p.positionals.size() > 1)
    throw UsageError(fmt::format("{}: unexpected argument \"{}\"", context, p.positionals[1]));
  if (p.positionals[0].empty()) throw UsageError(fmt::format("{}: {} is empty", context, what));
  return p.positionals[0];
}

bool wantsHelp(std::vector<std::string>::const_iterator it, std::vector<std::string>::const_iterator end) {
  for (; it != end; ++it) {
    if (*it == "--") return false;
    if (*it == "-h" || *it == "--help") return true;
  }
  return false;
}

}  // namespace

std::string usage(const std::string& topic) {
  if (topic == "run") return std::string("Usage:\n") + kRunUsage + kExitCodes;
  if (topic == "validate") return std::string("Usage:\n") + kValidateUsage + kExitCodes;
  if (topic == "generate") return std::string("Usage:\n") + kGenerateUsage;
  if (topic == "diff") return std::string("Usage:\n") + kDiffUsage + kExitCodes;
  if (topic == "sweep") return std::string("Usage:\n") + kSweepUsage + kExitCodes;
  return std::string("Usage:\n") + kRunUsage + kValidateUsage + kGenerateUsage + kDiffUsage + kSweepUsage + kDebuggerUsage +
         "  tickscope --help | --version\n"
         "  tickscope run|validate|generate|diff|sweep --help\n"
         "      That subcommand's usage alone.\n" +
         kExitCodes;
}

Command parseCommandLine(const std::vector<std::string>& args) {
  auto begin = args.begin();
  const auto end = args.end();
  const std::string sub = args.empty() ? std::string() : args.front();

  if (sub == "run" || sub == "validate" || sub == "generate" || sub == "diff" || sub == "sweep") {
    ++begin;
    if (wantsHelp(begin, end)) return HelpCommand{sub};
  }
  if (sub == "run") {
    const Parsed p = split("run", begin, end,
                           {"--mode", "--seed", "--max-time", "--report", "--csv", "--trace", "--dot", "--record"},
                           {"--strict"});
    RunCommand c;
    c.file = onePositional("run", p, "FILE");
    if (auto it = p.values.find("--mode"); it != p.values.end()) {
      if (it->second != "pull" && it->second != "push")
        throw UsageError(fmt::format("run: --mode must be pull or push, got \"{}\"", it->second));
      c.mode = it->second;
    }
    if (auto it = p.values.find("--seed"); it != p.values.end()) c.seed = parseUnsigned("--seed", it->second);
    if (auto it = p.values.find("--max-time"); it != p.values.end()) c.maxTimeMs = parseMs("--max-time", it->second);
    for (auto [option, field] :
         {std::pair{"--report", &c.report}, {"--csv", &c.csv}, {"--trace", &c.trace}, {"--dot", &c.dot},
          {"--record", &c.record}}) {
      if (auto it = p.values.find(option); it != p.values.end()) {
        if (it->second.empty()) throw UsageError(fmt::format("run: {} needs a file name or \"-\"", option));
        *field = it->second;
      }
    }
    const std::pair<const char*, const std::string*> outputs[] = {
        {"--report", &c.report}, {"--csv", &c.csv}, {"--trace", &c.trace}, {"--dot", &c.dot}, {"--record", &c.record}};
    for (std::size_t i = 0; i < std::size(outputs); ++i) {
      for (std::size_t j = i + 1; j < std::size(outputs); ++j) {
        const std::string& a = *outputs[i].second;
        if (!a.empty() && a != "-" && a == *outputs[j].second)
          throw UsageError(fmt::format("run: {} and {} name the same file \"{}\"", outputs[i].first, outputs[j].first, a));
      }
    }
    const bool reportToStdout =
        c.report == "-" || (c.report.empty() && c.csv.empty() && c.trace.empty() && c.dot.empty());
    if (c.record == "-" && (reportToStdout || c.csv == "-" || c.trace == "-" || c.dot == "-"))
      throw UsageError("run: --record - would share standard output with another output; give it a file name");
    c.strict = p.flags.contains("--strict");
    return c;
  }
  if (sub == "validate") {
    const Parsed p = split("validate", begin, end, {}, {});
    return ValidateCommand{onePositional("validate", p, "FILE")};
  }
  if (sub == "generate") {
    const Parsed p = split("generate", begin, end,
                           {"--nodes", "--seed", "-o", "--output", "--events", "--event-interval", "--max-reads",
                            "--max-cost", "--mode"},
                           {"--cycles"});
    GenerateCommand c;
    c.shape = onePositional("generate", p, "SHAPE");
    auto nodes = p.values.find("--nodes");
    if (nodes == p.values.end()) throw UsageError("generate: --nodes N is required");
    c.nodes = parseUnsigned("--nodes", nodes->second);
    if (c.nodes == 0) throw UsageError("generate: --nodes must be at least 1");
    if (auto it = p.values.find("--seed"); it != p.values.end()) c.seed = parseUnsigned("--seed", it->second);
    for (const char* option : {"-o", "--output"}) {
      if (auto it = p.values.find(option); it != p.values.end()) {
        if (it->second.empty()) throw UsageError("generate: -o needs a file name or \"-\"");
        c.output = it->second;
      }
    }
    if (auto it = p.values.find("--events"); it != p.values.end()) c.events = parseUnsigned("--events", it->second);
    if (auto it = p.values.find("--event-interval"); it != p.values.end())
      c.eventIntervalMs = parseMs("--event-interval", it->second);
    if (auto it = p.values.find("--max-reads"); it != p.values.end()) {
      c.maxReads = parseUnsigned("--max-reads", it->second);
      if (c.maxReads == 0 || c.maxReads > 64) throw UsageError("generate: --max-reads must be 1..64");
    }
    if (auto it = p.values.find("--max-cost"); it != p.values.end()) c.maxCostMs = parseMs("--max-cost", it->second);
    if (auto it = p.values.find("--mode"); it != p.values.end()) {
      if (it->second != "pull" && it->second != "push")
        throw UsageError(fmt::format("generate: --mode must be pull or push, got \"{}\"", it->second));
      c.mode = it->second;
    }
    c.cycles = p.flags.contains("--cycles");
    if (c.cycles && c.shape != "random") throw UsageError("generate: --cycles is only for the random shape");
    return c;
  }

  if (sub == "diff") {
    const Parsed p = split("diff", begin, end, {"--seeds", "--modes"}, {});
    DiffCommand c;
    c.inputs = p.positionals;
    for (const std::string& input : c.inputs)
      if (input.empty()) throw UsageError("diff: an input file name is empty");
    const auto seeds = p.values.find("--seeds");
    const auto modes = p.values.find("--modes");
    if (seeds != p.values.end() && modes != p.values.end())
      throw UsageError("diff: --seeds and --modes cannot be combined (compare one thing at a time)");
    if (seeds != p.values.end() || modes != p.values.end()) {
      if (c.inputs.size() != 1) throw UsageError("diff: --seeds and --modes take exactly one FILE");
      const std::string& value = seeds != p.values.end() ? seeds->second : modes->second;
      const auto comma = value.find(',');
      if (comma == std::string::npos)
        throw UsageError(fmt::format("diff: {} expects two values separated by a comma, got \"{}\"",
                                     seeds != p.values.end() ? "--seeds" : "--modes", value));
      const std::string first = value.substr(0, comma), second = value.substr(comma + 1);
      if (seeds != p.values.end()) {
        c.seeds = std::pair{parseUnsigned("--seeds", first), parseUnsigned("--seeds", second)};
      } else {
        for (const std::string& m : {first, second})
          if (m != "pull" && m != "push")
            throw UsageError(fmt::format("diff: --modes expects pull or push, got \"{}\"", m));
        c.modes = std::pair{first, second};
      }
    } else if (c.inputs.size() != 2) {
      throw UsageError(c.inputs.size() < 2 ? "diff: expects two inputs A B, or FILE with --seeds N,M or --modes pull,push"
                                           : fmt::format("diff: unexpected argument \"{}\"", c.inputs[2]));
    }
    return c;
  }
  if (sub == "sweep") {
    const Parsed p = split("sweep", begin, end, {"--seeds", "--mode"}, {});
    SweepCommand c;
    c.file = onePositional("sweep", p, "FILE");
    const auto seeds = p.values.find("--seeds");
    if (seeds == p.values.end()) throw UsageError("sweep: --seeds N is required");
    c.seeds = parseUnsigned("--seeds", seeds->second);
    if (c.seeds == 0) throw UsageError("sweep: --seeds must be at least 1");
    if (c.seeds > 1'000'000) throw UsageError("sweep: --seeds must be at most 1000000");
    if (auto it = p.values.find("--mode"); it != p.values.end()) {
      if (it->second != "pull" && it->second != "push")
        throw UsageError(fmt::format("sweep: --mode must be pull or push, got \"{}\"", it->second));
      c.mode = it->second;
    }
    return c;
  }

  // The debugger forms, --help and --version.
  for (auto it = begin; it != end && *it != "--"; ++it) {
    if (*it == "-h" || *it == "--help") return HelpCommand{};
    if (*it == "--version") return VersionCommand{};
  }
  const Parsed p = split("tickscope", begin, end, {"--screenshot", "--size", "--mode", "--seed", "--goto", "--select"}, {});
  DebuggerCommand c;
  if (auto it = p.values.find("--mode"); it != p.values.end()) {
    if (it->second != "pull" && it->second != "push")
      throw UsageError(fmt::format("tickscope: --mode must be pull or push, got \"{}\"", it->second));
    c.mode = it->second;
  }
  if (auto it = p.values.find("--seed"); it != p.values.end()) c.seed = parseUnsigned("--seed", it->second);
  if (auto it = p.values.find("--goto"); it != p.values.end()) c.gotoStep = parseUnsigned("--goto", it->second);
  if (auto it = p.values.find("--select"); it != p.values.end()) {
    if (it->second.empty()) throw UsageError("tickscope: --select expects an action's or a cell's id");
    c.select = it->second;
  }
  if (p.positionals.size() > 1)
    throw UsageError(fmt::format("tickscope: unexpected argument \"{}\" (a subcommand is run, validate, generate, diff or sweep)",
                                 p.positionals[1]));
  if (!p.positionals.empty()) c.file = p.positionals.front();
  if (auto it = p.values.find("--screenshot"); it != p.values.end()) c.screenshot = it->second;
  if (auto it = p.values.find("--size"); it != p.values.end()) {
    if (c.screenshot.empty()) throw UsageError("tickscope: --size is only for --screenshot");
    c.size = parseSize(it->second);
  }
  if (!c.screenshot.empty() && c.file.empty()) throw UsageError("tickscope: --screenshot needs a FILE to open");
  if (c.file.empty() && (c.mode || c.seed || c.gotoStep || !c.select.empty()))
    throw UsageError("tickscope: --mode, --seed, --goto and --select need a FILE to open");
  return c;
}

}  // namespace tickscope::app
