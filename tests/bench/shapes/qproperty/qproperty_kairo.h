#pragma once
// The kairo shapes over Qt 6 QProperty bindings, mapped as the QProperty anchor does
// (/work/shared/anchors/qproperty/bench.cpp):
//   cell        -> QProperty<T> with setValue()
//   computation -> QProperty<T> with setBinding(lambda)   (eager since Qt 6.2)
//   effect      -> a QPropertyNotifier from addNotifier() whose handler reads the value
// Head writes are plain setValue() calls. Same sizes, values and checks as kairo.h.
#include <memory>
#include <string_view>

#include "bench/shapes/shape.h"

namespace tickscope::shapes::qproperty {

// makeKairo: the named kairo shape over QProperty, built, counts reset; nullptr if unknown.
std::unique_ptr<Shape> makeKairo(std::string_view name);

}  // namespace tickscope::shapes::qproperty
