# reactive_bench: the js-reactivity-benchmark shapes (kairo, cellx, dynamic graphs) on the
# Tickscope runtime in pull and push mode, and on Qt 6 QProperty bindings in the same binary.
include(${CMAKE_CURRENT_LIST_DIR}/shapes/shapes.cmake)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core)
tickscope_add_benchmark(reactive_bench
  SOURCES reactive_bench.cpp
          shapes/qproperty/qproperty_kairo.cpp
          shapes/qproperty/qproperty_cellx.cpp
          shapes/qproperty/qproperty_dynamic.cpp
          shapes/qproperty/qproperty_memory.cpp
  LIBS tickscope_bench_shapes tickscope_engine Qt6::Core)
