#include "cli/run_input.h"

#include <fmt/format.h>

#include "graph/loader.h"
#include "run/recording.h"

namespace tickscope::app {

bool isRecordingPath(const std::string& path) {
  constexpr std::string_view kSuffix = ".tstrace";
  return path.size() >= kSuffix.size() && path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::shared_ptr<const graph::GraphDocument> loadGraphInput(const std::string& path, std::ostream& warnings) {
  if (isRecordingPath(path))
    throw InputError(fmt::format("{}: a graph file (*.tsg.json) is needed here: a recording cannot be run again "
                                 "under other seeds or modes\n",
                                 path));
  graph::LoadResult loaded = graph::loadGraph(path, graph::LoadLimits::fromEnvironment());
  warnings << loaded.warningText();
  if (!loaded.ok()) throw InputError(loaded.errorText());
  return std::make_shared<const graph::GraphDocument>(std::move(*loaded.document));
}

run::RunDigest digestOfInput(const std::string& path, std::ostream& warnings) {
  // A recording holds the digest of the run that made it (run/recording.h).
  if (isRecordingPath(path)) {
    std::shared_ptr<const run::Recording> recording;
    try {
      recording = run::Recording::open(path);
    } catch (const run::RecordingError& e) {
      throw InputError(std::string(e.what()) + "\n");
    }
    if (!recording->digest())
      throw InputError(fmt::format("{}: the recorded run did not reach its end: it has no outcome to compare\n", path));
    return *recording->digest();
  }
  run::RunOptions options;
  options.recorderCapacity = 0;  // the digest log is all a comparison needs
  return run::digestRun(loadGraphInput(path, warnings), options);
}

}  // namespace tickscope::app
