#include "bench/shapes/qproperty/qproperty_memory.h"

#include <QtCore/qproperty.h>

#include <deque>

#include "bench/shapes/node_memory.h"

namespace tickscope::shapes::qproperty {

double bytesPerProperty(int nodes) {
  const std::size_t before = heapInUse();
  {
    std::deque<QProperty<int>> properties;
    for (int i = 0; i < nodes; ++i) properties.emplace_back(i);
    const std::size_t after = heapInUse();
    return static_cast<double>(after - before) / nodes;
  }
}

double bytesPerBinding(int nodes) {
  QProperty<int> head(0);
  const std::size_t before = heapInUse();
  std::deque<QProperty<int>> chain;
  QProperty<int>* previous = &head;
  for (int i = 0; i < nodes; ++i) {
    QProperty<int>& c = chain.emplace_back();
    c.setBinding([previous] { return previous->value() + 1; });
    previous = &c;
  }
  int seen = 0;
  auto notifier = previous->addNotifier([&seen, previous] { seen = previous->value(); });
  head.setValue(1);
  const std::size_t after = heapInUse();
  return seen == nodes + 1 ? static_cast<double>(after - before) / nodes : -1.0;
}

}  // namespace tickscope::shapes::qproperty
