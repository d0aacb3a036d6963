#pragma once
// LoadLimits: explicit bounds checked before the work they protect (the file size before the
// file is read, the action count as actions stream in, an expression's length before muParser
// sees it). Exceeding one is an input error whose message names the limit and how to raise it.
#include <cstdint>
#include <string_view>

namespace tickscope::graph {

struct LoadLimits {
  std::uint64_t maxFileBytes = 256ull << 20;   // TICKSCOPE_MAX_FILE_BYTES
  std::uint64_t maxActions = 5'000'000;        // TICKSCOPE_MAX_ACTIONS
  std::uint64_t maxCells = 5'000'000;          // TICKSCOPE_MAX_CELLS (declared and implicit)
  std::uint64_t maxExpressionBytes = 4096;     // TICKSCOPE_MAX_EXPRESSION_BYTES
  std::uint32_t maxDepth = 256;                // TICKSCOPE_MAX_DEPTH (JSON nesting)
  std::uint32_t maxErrors = 1000;              // errors listed before "N more errors"

  // fromEnvironment: the defaults, each overridden by its environment variable (above) when
  // that holds a positive integer. Front ends (CLI, debugger) should load with these.
  // maxActions and maxCells are capped at kMaxIndexable.
  static LoadLimits fromEnvironment();
};

// kMaxIndexable: the most actions or cells a document can index (31-bit indices). The loader
// and validate() also hold every document to it, whatever the limits say.
inline constexpr std::uint64_t kMaxIndexable = (1ull << 31) - 1;

// Names of the environment variables, used in limit messages.
inline constexpr std::string_view kEnvMaxFileBytes = "TICKSCOPE_MAX_FILE_BYTES";
inline constexpr std::string_view kEnvMaxActions = "TICKSCOPE_MAX_ACTIONS";
inline constexpr std::string_view kEnvMaxCells = "TICKSCOPE_MAX_CELLS";
inline constexpr std::string_view kEnvMaxExpressionBytes = "TICKSCOPE_MAX_EXPRESSION_BYTES";
inline constexpr std::string_view kEnvMaxDepth = "TICKSCOPE_MAX_DEPTH";

}  // namespace tickscope::graph
