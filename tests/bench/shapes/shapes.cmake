# The reactive benchmark shapes (kairo, cellx, dynamic graphs) over the Tickscope runtime,
# shared by reactive_bench/graph_bench (tests/bench) and the count test (tests/engine/shapes).
# Included from both places; the library is defined once.
if(NOT TARGET tickscope_bench_shapes)
  set(_shapes_dir ${CMAKE_CURRENT_LIST_DIR})
  add_library(tickscope_bench_shapes STATIC
    ${_shapes_dir}/harness.cpp
    ${_shapes_dir}/kairo.cpp
    ${_shapes_dir}/kairo_deep.cpp
    ${_shapes_dir}/kairo_broad.cpp
    ${_shapes_dir}/kairo_diamond.cpp
    ${_shapes_dir}/kairo_triangle.cpp
    ${_shapes_dir}/kairo_mux.cpp
    ${_shapes_dir}/kairo_avoidable.cpp
    ${_shapes_dir}/kairo_repeated.cpp
    ${_shapes_dir}/kairo_unstable.cpp
    ${_shapes_dir}/cellx.cpp
    ${_shapes_dir}/pseudo_random.cpp
    ${_shapes_dir}/dynamic_graph.cpp
    ${_shapes_dir}/node_memory.cpp)
  target_include_directories(tickscope_bench_shapes PUBLIC ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(tickscope_bench_shapes PUBLIC tickscope_engine PRIVATE tickscope_warnings)
endif()
