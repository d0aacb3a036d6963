// recording_probe: the size and speed of recordings (run/recording.h). Usage:
//   recording_probe [--quick] [FILE...]   (default: every bundled example)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "graph/loader.h"
#include "run/recording.h"
#include "run/runner.h"

using namespace tickscope;
using Clock = std::chrono::steady_clock;

namespace {

// EventCounter: how many trace events the run produced (what "per event" divides by).
class EventCounter final : public run::RunObserver {
 public:
  void onSchedEvent(const trace::SchedEvent&) override { ++events; }
  void onReactiveEvent(const trace::ReactiveEvent&) override { ++events; }
  void onSessionEvent(const trace::SessionEvent&) override { ++events; }
  std::uint64_t events = 0;
};

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

void probe(const std::filesystem::path& path) {
  graph::LoadResult loaded = graph::loadGraph(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s", loaded.errorText().c_str());
    return;
  }
  run::RunOptions options;
  options.journalSteps = 1000;
  options.recordCauses = true;
  options.recorderCapacity = 0;
  const graph::GraphDocument document = *loaded.document;

  // The same run without a recorder, for the cost of recording.
  auto t = Clock::now();
  {
    run::Runner plain(document, options);
    plain.makeObserver<EventCounter>();
    plain.runToEnd();
  }
  const double plainMs = msSince(t);

  run::Runner runner(document, options);
  auto counter = runner.makeObserver<EventCounter>();
  run::RecordingWriter writer;
  t = Clock::now();
  runner.makeObserver<run::RecordingObserver>(writer);
  runner.runToEnd();
  const double recordMs = msSince(t);
  t = Clock::now();
  const std::string bytes = writer.bytes();
  const double bytesMs = msSince(t);

  t = Clock::now();
  const auto recording = run::Recording::fromBytes(bytes, path.string());
  const double openMs = msSince(t);
  std::mt19937 rng(1);
  const int seeks = 50;
  t = Clock::now();
  for (int i = 0; i < seeks; ++i) (void)recording->snapshotAt(rng() % (recording->lastStep() + 1));
  const double seekMs = msSince(t) / seeks;

  const double steps = static_cast<double>(recording->lastStep() + 1);
  const double events = static_cast<double>(counter->events);
  std::printf("%-24s actions %6zu steps %7.0f events %8.0f | %9zu B  %7.1f B/step %6.1f B/event | "
              "run %8.1f ms, recording %8.1f ms (+%.1f us/step) | open %7.1f ms | seek %6.2f ms\n",
              path.filename().string().c_str(), document.actions.size(), steps, events, bytes.size(),
              static_cast<double>(bytes.size()) / steps, static_cast<double>(bytes.size()) / std::max(1.0, events),
              plainMs, recordMs + bytesMs, (recordMs + bytesMs - plainMs) * 1000.0 / steps, openMs, seekMs);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) {
    for (const auto& entry : std::filesystem::directory_iterator(TICKSCOPE_EXAMPLES_DIR))
      if (entry.path().string().ends_with(".tsg.json") && !(quick && entry.path().filename().string().starts_with("grid")))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  }
  std::printf("recording_probe: the debugger's snapshot of every step, as key frames and deltas\n");
  for (const auto& f : files) probe(f);
  return 0;
}
