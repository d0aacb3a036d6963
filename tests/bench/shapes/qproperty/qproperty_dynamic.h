#pragma once
// QDynamicGraph: the dynamic graph (see dynamic_graph.h) over QProperty bindings; a binding
// records what it read on every evaluation, so dynamic nodes work as they are. The effect
// is one QPropertyNotifier per read leaf. Qt evaluates bindings eagerly, once per changed
// incoming path: with nSources inputs per node the work per write grows like
// nSources^layers, so only the shallow configurations are practical (qtPractical()).
#include <deque>
#include <vector>

#include <QtCore/qproperty.h>

#include "bench/shapes/dynamic_graph.h"
#include "bench/shapes/harness.h"

namespace tickscope::shapes::qproperty {

// qtPractical: whether QProperty finishes the configuration in reasonable time (nSources^
// (totalLayers - 1) below 10,000 evaluations per write).
bool qtPractical(const DynamicConfig& config);

class QDynamicGraph {
 public:
  explicit QDynamicGraph(const DynamicConfig& config);
  ~QDynamicGraph();
  QDynamicGraph(const QDynamicGraph&) = delete;
  QDynamicGraph& operator=(const QDynamicGraph&) = delete;

  double run(int iterations);

  const Counts& counts() const { return counts_; }
  void resetCounts() { counts_ = {}; }

 private:
  DynamicConfig config_;
  Counts counts_;
  std::deque<QProperty<double>> sources_;
  std::deque<std::deque<QProperty<double>>> layers_;
  std::vector<QProperty<double>*> leaves_;
  std::deque<QPropertyNotifier> effects_;
};

}  // namespace tickscope::shapes::qproperty
