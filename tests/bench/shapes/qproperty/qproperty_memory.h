#pragma once
// QProperty's side of node memory (bench/shapes/node_memory.h): heap bytes per plain
// QProperty<int>, and per QProperty<int> with a binding in a chain (notified at its end).
namespace tickscope::shapes::qproperty {

double bytesPerProperty(int nodes);
double bytesPerBinding(int nodes);

}  // namespace tickscope::shapes::qproperty
