#include "bench/shapes/qproperty/qproperty_dynamic.h"

#include <cmath>

#include "bench/shapes/pseudo_random.h"

namespace tickscope::shapes::qproperty {

bool qtPractical(const DynamicConfig& config) {
  return std::pow(static_cast<double>(config.nSources), config.totalLayers - 1) < 10000;
}

QDynamicGraph::QDynamicGraph(const DynamicConfig& config) : config_(config) {
  const auto width = static_cast<std::size_t>(config.width);
  for (std::size_t i = 0; i < width; ++i) sources_.emplace_back(static_cast<double>(i));
  PseudoRandom random;
  std::vector<QProperty<double>*> previous;
  for (auto& s : sources_) previous.push_back(&s);
  for (int layer = 1; layer < config.totalLayers; ++layer) {
    auto& row = layers_.emplace_back();
    std::vector<QProperty<double>*> current;
    for (std::size_t j = 0; j < width; ++j) {
      std::vector<QProperty<double>*> mine;
      for (int k = 0; k < config.nSources; ++k) mine.push_back(previous[(j + static_cast<std::size_t>(k)) % width]);
      QProperty<double>& node = row.emplace_back();
      if (random.next() < config.staticFraction) {
        node.setBinding([this, mine] {
          ++counts_.computations;
          double sum = 0;
          for (auto* src : mine) sum += src->value();
          return sum;
        });
      } else {
        node.setBinding([this, first = mine.front(), tail = std::vector<QProperty<double>*>(mine.begin() + 1, mine.end())] {
          ++counts_.computations;
          double sum = first->value();
          const bool shouldDrop = jsToInt32Parity(sum);
          const double dropIndex = std::fmod(sum, static_cast<double>(tail.size()));
          for (std::size_t i = 0; i < tail.size(); ++i) {
            if (shouldDrop && static_cast<double>(i) == dropIndex) continue;
            sum += tail[i]->value();
          }
          return sum;
        });
      }
      current.push_back(&node);
    }
    previous = std::move(current);
  }
  PseudoRandom rand;
  leaves_ = previous;
  const auto skip = static_cast<std::size_t>(std::lround(static_cast<double>(leaves_.size()) * (1 - config.readFraction)));
  for (std::size_t i = 0; i < skip; ++i) {
    const auto index = static_cast<std::size_t>(std::floor(rand.next() * static_cast<double>(leaves_.size())));
    leaves_.erase(leaves_.begin() + static_cast<std::ptrdiff_t>(index));
  }
  for (auto* leaf : leaves_) {
    effects_.push_back(leaf->addNotifier([this, leaf] {
      (void)leaf->value();
      ++counts_.effects;
    }));
  }
  counts_ = {};
}

QDynamicGraph::~QDynamicGraph() {
  effects_.clear();
  while (!layers_.empty()) layers_.pop_back();
}

double QDynamicGraph::run(int iterations) {
  const auto width = sources_.size();
  for (int i = 0; i < iterations; ++i) {
    const auto index = static_cast<std::size_t>(i) % width;
    sources_[index].setValue(static_cast<double>(i) + static_cast<double>(index));
    for (auto* leaf : leaves_) (void)leaf->value();
  }
  double sum = 0;
  for (auto* leaf : leaves_) sum = leaf->value() + sum;
  return sum;
}

}  // namespace tickscope::shapes::qproperty
