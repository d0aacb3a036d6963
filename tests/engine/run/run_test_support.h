#pragma once
// Helpers shared by the engine/run tests: graphs written in the tests, the bundled examples,
// generated graphs, and a complete text rendering of a RunSnapshot (every field) so two
// snapshots can be compared and a difference shown line by line.
#include <QtTest/QtTest>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "graph/document.h"
#include "graph/generator.h"
#include "run/move.h"
#include "run/run_snapshot.h"

namespace tickscope::testing {

// loadJson: a graph written in a test (fatal if it does not load: the test is wrong).
graph::GraphDocument loadJson(std::string_view json);
// loadExample: resources/examples/NAME (e.g. "diamond.tsg.json").
graph::GraphDocument loadExample(std::string_view name);
// examplePaths: every bundled example, sorted by name.
std::vector<std::filesystem::path> examplePaths();
// generatedGraph: a small random graph with labels, debounce, costs and (optionally) cycles,
// validated; deterministic per seed (as RunnerTests::runToEndDecidesAsStepping builds them).
graph::GraphDocument generatedGraph(graph::Shape shape, std::uint64_t seed, std::size_t nodes, bool cycles);

// moveText: "clock moved @12" — the kind and, where it is defined, the time or event.
std::string moveText(const run::Move& move);
// snapshotText: every field of `snap`, one line per row (numbers shortest round-trip).
std::string snapshotText(const run::RunSnapshot& snap);
// firstDifference: empty when equal, else the first differing line of each, with its number.
std::string firstDifference(std::string_view a, std::string_view b);

}  // namespace tickscope::testing

// SAME_TEXT: compares two long texts and on failure shows where they first differ.
#define SAME_TEXT(actual, expected, what)                                                        \
  do {                                                                                            \
    const std::string tsDiff_ = ::tickscope::testing::firstDifference((actual), (expected));     \
    QVERIFY2(tsDiff_.empty(), (std::string(what) + ": " + tsDiff_).c_str());                      \
  } while (false)
