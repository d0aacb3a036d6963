// graph_bench: the graph file and runner benchmarks of issue 5.
//   load/grid-<N>              loadGraph (read, stream-parse, validate) of a generated grid
//                              file with N computations; counters: actions per second of
//                              wall time, wall and whole-process CPU seconds, the three
//                              phases, whether the fast reader read it, peak memory
//   run/<shape>-<N>/<mode>     what `tickscope run FILE --mode M` does without writing a
//                              report: load the file, build the Runner (recorder off), run to
//                              the end; counters: wall time of each phase, computations and
//                              effects run, time per action run, peak memory per action
// Graphs come from the generator (seed 1) and are written once to a temporary directory.
// Peak memory: before each iteration free heap memory goes back to the system (malloc_trim)
// and VmHWM is reset (/proc/self/clear_refs); peak_rss_mib is VmHWM after it (the whole
// process, about 10-20 MiB before any graph), growth_bytes_per_action the growth over the
// VmRSS at its start. TICKSCOPE_BENCH_SMALL=1 uses small graphs.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/run_benchmarks.h"
#include "graph/generator.h"
#include "graph/loader.h"
#include "run/runner.h"

using namespace tickscope;
namespace fs = std::filesystem;

namespace {

bool small() {
  const char* v = std::getenv("TICKSCOPE_BENCH_SMALL");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

int failures = 0;

void fail(benchmark::State& state, const std::string& message) {
  ++failures;
  state.SkipWithError(message.c_str());
}

// --- memory (Linux) -------------------------------------------------------------------------

// resetPeakMemory: hands free heap memory back to the system (so what earlier rows freed
// does not count), then VmHWM := VmRSS (Linux >= 4.0); false where that is not possible.
bool resetPeakMemory() {
  malloc_trim(0);
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out.flush());
}

// statusKiB: a "Vm...:  N kB" line of /proc/self/status, in bytes (0 if absent).
double statusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) * 1024.0;
  }
  return 0;
}

constexpr double kMiB = 1024.0 * 1024.0;

// --- generated files ------------------------------------------------------------------------

struct GraphSpec {
  graph::Shape shape;
  std::size_t nodes;
  std::size_t events;
};

fs::path benchDirectory() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / fmt::format("tickscope_graph_bench_{}", static_cast<long>(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// graphFile: the generated file for `spec`, written on first use.
const fs::path& graphFile(const GraphSpec& spec) {
  static std::map<std::string, fs::path> files;
  const std::string name = fmt::format("{}-{}-{}.tsg.json", graph::toString(spec.shape), spec.nodes, spec.events);
  auto it = files.find(name);
  if (it != files.end()) return it->second;
  const fs::path path = benchDirectory() / name;
  {
    std::ofstream out(path, std::ios::binary);
    graph::GenerateOptions options;
    options.events = spec.events;
    graph::writeGeneratedGraph(out, spec.shape, spec.nodes, 1, options);
  }
  return files.emplace(name, path).first->second;
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// processCpuSeconds: CPU time of the whole process, every thread.
double processCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// --- load -----------------------------------------------------------------------------------

void loadBench(benchmark::State& state, GraphSpec spec) {
  const fs::path& path = graphFile(spec);
  double actions = 0, read = 0, parse = 0, validate = 0, peak = 0, growth = 0, fast = 0;
  double wall = 0, processCpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    resetPeakMemory();
    const double base = statusBytes("VmRSS");
    state.ResumeTiming();
    const auto wallStart = std::chrono::steady_clock::now();
    const double cpuStart = processCpuSeconds();
    graph::LoadResult result = graph::loadGraph(path);
    processCpu += processCpuSeconds() - cpuStart;
    wall += seconds(std::chrono::steady_clock::now() - wallStart);
    state.PauseTiming();
    peak = std::max(peak, statusBytes("VmHWM"));
    growth = std::max(growth, statusBytes("VmHWM") - base);
    if (!result.ok()) return fail(state, result.errorText());
    actions = static_cast<double>(result.document->actions.size());
    read += result.timings.readSeconds;
    parse += result.timings.parseSeconds;
    validate += result.timings.validateSeconds;
    fast += result.timings.fastPath ? 1 : 0;
    result = {};  // freed outside the timing
    state.ResumeTiming();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["actions"] = actions;
  // Per second of wall time: the loader runs helper threads, which the CPU column (this
  // thread's) leaves out; process_cpu_s counts them.
  state.counters["actions_per_s"] = wall > 0 ? actions * n / wall : 0;
  state.counters["wall_s"] = wall / n;
  state.counters["process_cpu_s"] = processCpu / n;
  state.counters["read_s"] = read / n;
  state.counters["parse_s"] = parse / n;
  state.counters["validate_s"] = validate / n;
  state.counters["fast_path"] = fast / n;  // 1: the fast reader read the file
  state.counters["file_mib"] = static_cast<double>(fs::file_size(path)) / kMiB;
  state.counters["peak_rss_mib"] = peak / kMiB;
  state.counters["peak_bytes_per_action"] = peak / actions;
  state.counters["growth_bytes_per_action"] = growth / actions;
}

// --- run ------------------------------------------------------------------------------------

// cellxCheck: the published cellx end values before and after the benchmark's batch (the
// generated graph's first event), for 1000 and 2500 layers; "" when right or not applicable.
std::string cellxCheck(run::Runner& runner, std::size_t layers, const std::vector<double>& expected) {
  if (layers != 1000 && layers != 2500) return {};
  std::vector<double> got;
  for (int p = 1; p <= 4; ++p) {
    const auto index = runner.document().findCell(fmt::format("p{}_{}", p, layers));
    if (!index) return fmt::format("no cell p{}_{}", p, layers);
    got.push_back(runner.runtime().peek(runner.cellId(*index)).get<double>());
  }
  if (got == expected) return {};
  return fmt::format("cellx{}: end values [{}] != [{}]", layers, fmt::join(got, ","), fmt::join(expected, ","));
}

void runBench(benchmark::State& state, GraphSpec spec, graph::Mode mode) {
  const fs::path& path = graphFile(spec);
  using Clock = std::chrono::steady_clock;
  double actions = 0, load = 0, build = 0, run = 0, peak = 0, growth = 0, virtualMs = 0;
  std::uint64_t computations = 0, effects = 0, orderComputations = 0;
  for (auto _ : state) {
    resetPeakMemory();
    const double base = statusBytes("VmRSS");
    const auto t0 = Clock::now();
    graph::LoadResult loaded = graph::loadGraph(path);
    if (!loaded.ok()) return fail(state, loaded.errorText());
    const auto t1 = Clock::now();
    run::RunOptions options;
    options.mode = mode;
    options.recorderCapacity = 0;
    options.keepDocument = false;  // as tickscope run
    run::Runner runner(std::move(*loaded.document), options);
    loaded = {};
    const auto t2 = Clock::now();
    std::string error;
    if (spec.shape == graph::Shape::Cellx) {
      const std::size_t layers = (spec.nodes + 3) / 4;
      runner.settle();
      error = cellxCheck(runner, layers, {-3, -6, -2, 2});
      runner.applyNextEvent();
      if (error.empty()) error = cellxCheck(runner, layers, {-2, -4, 2, 3});
    }
    runner.runToEnd();
    const auto t3 = Clock::now();
    peak = std::max(peak, statusBytes("VmHWM"));
    growth = std::max(growth, statusBytes("VmHWM") - base);
    if (!error.empty()) return fail(state, error);

    state.PauseTiming();
    actions = static_cast<double>(runner.document().actions.size());
    computations = effects = 0;
    reactive::Runtime& rt = runner.runtime();
    for (reactive::ActionId id : rt.actions()) {
      const std::uint64_t runs = rt.getActionStats(id).runCount;
      (rt.kind(id) == reactive::ActionKind::Effect ? effects : computations) += runs;
    }
    virtualMs = runner.nowMs();
    orderComputations = rt.getStats().orderComputations;
    load += seconds(t1 - t0);
    build += seconds(t2 - t1);
    run += seconds(t3 - t2);
    if (const auto errors = runner.reportSource()->errors(); !errors.empty()) {
      return fail(state, fmt::format("the run reported {} error(s), first: {}", errors.size(), errors.front().message));
    }
    state.ResumeTiming();
  }
  const double n = static_cast<double>(state.iterations());
  const double runs = static_cast<double>(computations + effects);
  state.counters["actions"] = actions;
  state.counters["computations_run"] = static_cast<double>(computations);
  state.counters["effects_run"] = static_cast<double>(effects);
  state.counters["load_s"] = load / n;
  state.counters["build_s"] = build / n;
  state.counters["run_s"] = run / n;
  state.counters["run_ns_per_action_run"] = runs > 0 ? run / n / runs * 1e9 : 0;
  state.counters["virtual_ms"] = virtualMs;
  state.counters["order_computations"] = static_cast<double>(orderComputations);  // topological orders computed
  state.counters["peak_rss_mib"] = peak / kMiB;
  state.counters["peak_bytes_per_action"] = peak / actions;
  state.counters["growth_bytes_per_action"] = growth / actions;
}

void registerAll() {
  const bool s = small();
  const std::size_t loadNodes = s ? 10'000 : 1'000'000;
  benchmark::RegisterBenchmark(fmt::format("load/grid-{}", loadNodes).c_str(),
                               [=](benchmark::State& st) { loadBench(st, {graph::Shape::Grid, loadNodes, 100}); })
      ->Unit(benchmark::kMillisecond);

  std::vector<GraphSpec> runs;
  if (s) {
    runs = {{graph::Shape::Cellx, 4 * 100, 10}, {graph::Shape::Grid, 2'000, 100}};
  } else {
    runs = {{graph::Shape::Cellx, 4 * 1000, 10},
            {graph::Shape::Cellx, 4 * 2500, 10},
            {graph::Shape::Grid, 10'000, 100},
            {graph::Shape::Grid, 100'000, 100}};
  }
  for (const GraphSpec& spec : runs) {
    for (graph::Mode mode : {graph::Mode::Pull, graph::Mode::Push}) {
      const std::string name = spec.shape == graph::Shape::Cellx
                                   ? fmt::format("run/cellx-{}/{}", spec.nodes / 4, graph::toString(mode))
                                   : fmt::format("run/grid-{}/{}", spec.nodes, graph::toString(mode));
      benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) { runBench(st, spec, mode); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  registerAll();
  if (tickscope::bench::runBenchmarks(argc, argv) != 0) return 1;
  std::error_code ignored;
  fs::remove_all(benchDirectory(), ignored);
  if (failures > 0) {
    fmt::print(stderr, "graph_bench: {} benchmark(s) failed their checks\n", failures);
    return 1;
  }
  return 0;
}
