#include "bench/shapes/dynamic_graph.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "bench/shapes/pseudo_random.h"

namespace tickscope::shapes {

using namespace tickscope::reactive;

std::string dynamicTitle(const DynamicConfig& c) {
  auto percent = [](double f) { return std::lround(f * 100); };
  std::string title = fmt::format("{}-{}x{}", c.nSources, c.width, c.totalLayers);
  if (c.staticFraction < 1) title += fmt::format(" - dyn{}%", percent(1 - c.staticFraction));
  if (c.readFraction < 1) title += fmt::format(" - lazy{}%", percent(1 - c.readFraction));
  return title;
}

bool jsToInt32Parity(double x) {
  if (!std::isfinite(x)) return false;
  // ToInt32 keeps the integer part modulo 2^32; fmod is exact, and the parity survives.
  double m = std::fmod(std::trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (static_cast<std::uint64_t>(m) & 1u) != 0;
}

DynamicGraph::DynamicGraph(const DynamicConfig& config, Mode mode, SchedulerPtr scheduler)
    : config_(config), h_(mode, std::move(scheduler)) {
  Runtime& rt = h_.rt();
  const auto width = static_cast<std::size_t>(config.width);
  for (std::size_t i = 0; i < width; ++i) sources_.push_back(cell(rt, fmt::format("s{}", i), static_cast<double>(i)));

  std::uint64_t* evals = &h_.counts().computations;
  PseudoRandom random;
  std::vector<Cell<double>> previous = sources_;
  for (int layer = 1; layer < config.totalLayers; ++layer) {
    std::vector<Cell<double>> row;
    row.reserve(width);
    for (std::size_t j = 0; j < width; ++j) {
      std::vector<Cell<double>> mine;
      for (int k = 0; k < config.nSources; ++k) mine.push_back(previous[(j + static_cast<std::size_t>(k)) % width]);
      const std::string name = fmt::format("n{}_{}", layer, j);
      if (random.next() < config.staticFraction) {
        row.push_back(derive(rt, name, [mine = std::move(mine), evals](Transaction& tx) {
          ++*evals;
          double sum = 0;
          for (const auto& src : mine) sum += src.read(tx);
          return sum;
        }));
      } else {
        ++dynamicNodes_;
        Cell<double> first = mine.front();
        std::vector<Cell<double>> tail(mine.begin() + 1, mine.end());
        row.push_back(derive(rt, name, [first, tail = std::move(tail), evals](Transaction& tx) {
          ++*evals;
          double sum = first.read(tx);
          const bool shouldDrop = jsToInt32Parity(sum);
          const double dropIndex = std::fmod(sum, static_cast<double>(tail.size()));
          for (std::size_t i = 0; i < tail.size(); ++i) {
            if (shouldDrop && static_cast<double>(i) == dropIndex) continue;
            sum += tail[i].read(tx);
          }
          return sum;
        }));
      }
      ++nodes_;
    }
    previous = std::move(row);
  }

  // The leaves the effect reads: readFraction of the last layer, removed at random.
  PseudoRandom rand;
  leaves_ = previous;
  const auto skip = static_cast<std::size_t>(std::lround(static_cast<double>(leaves_.size()) * (1 - config.readFraction)));
  for (std::size_t i = 0; i < skip; ++i) {
    const auto index = static_cast<std::size_t>(std::floor(rand.next() * static_cast<double>(leaves_.size())));
    leaves_.erase(leaves_.begin() + static_cast<std::ptrdiff_t>(index));
  }
  effect(rt, "leaves", [leaves = leaves_, runs = &h_.counts().effects](Transaction& tx) {
    ++*runs;
    for (const auto& leaf : leaves) leaf.read(tx);
  });
  h_.settle();
  h_.resetCounts();
}

double DynamicGraph::run(int iterations) {
  const auto width = sources_.size();
  for (int i = 0; i < iterations; ++i) {
    const auto index = static_cast<std::size_t>(i) % width;
    sources_[index].set(static_cast<double>(i) + static_cast<double>(index));
    h_.settle();
    for (const auto& leaf : leaves_) leaf.pull();
  }
  double sum = 0;
  for (const auto& leaf : leaves_) sum = leaf.pull() + sum;
  return sum;
}

}  // namespace tickscope::shapes
