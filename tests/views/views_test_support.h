#pragma once
// Snapshots for the pane tests: real runs of bundled examples (or graphs given as JSON
// text) stepped to a known point, through the engine's Runner with the debugger's journal.
#include <QtTest/QtTest>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "graph/loader.h"
#include "run/runner.h"

namespace tickscope::views::test {

inline std::shared_ptr<const graph::GraphDocument> exampleDocument(const std::string& file) {
  graph::LoadResult r = graph::loadGraph(std::string(TICKSCOPE_EXAMPLES_DIR) + "/" + file);
  if (!r.ok()) qFatal("example %s does not load: %s", file.c_str(), r.errorText().c_str());
  return std::make_shared<const graph::GraphDocument>(std::move(*r.document));
}

inline std::shared_ptr<const graph::GraphDocument> documentFromJson(const char* json) {
  graph::LoadResult r = graph::loadGraphBytes(json, "test.tsg.json");
  if (!r.ok()) qFatal("test graph does not load: %s", r.errorText().c_str());
  return std::make_shared<const graph::GraphDocument>(std::move(*r.document));
}

// runnerFor: a runner as the debugger makes it (journal on, no recorder).
inline std::unique_ptr<run::Runner> runnerFor(std::shared_ptr<const graph::GraphDocument> document,
                                              std::optional<graph::Mode> mode = std::nullopt) {
  run::RunOptions options;
  options.recorderCapacity = 0;
  options.journalSteps = 1000;
  options.mode = mode;
  return std::make_unique<run::Runner>(std::move(document), options);
}

// snapshotAfter: the snapshot after `steps` steps (or at the end, if the run is shorter).
inline std::shared_ptr<const run::RunSnapshot> snapshotAfter(run::Runner& runner, std::uint64_t steps) {
  while (runner.steps() < steps && runner.step()) {
  }
  return std::make_shared<const run::RunSnapshot>(runner.snapshot());
}

inline std::shared_ptr<const run::RunSnapshot> snapshotAtEnd(run::Runner& runner) {
  while (runner.step()) {
  }
  return std::make_shared<const run::RunSnapshot>(runner.snapshot());
}

}  // namespace tickscope::views::test
