# graph_view_probe: the Graph pane's canvas on a 100,000-node grid (frames of the whole graph
# and zoomed in, the repaint after 10,000 state changes), the layered layout's time, and the
# window's longest UI-thread stall while it opens that graph. A Qt program, not Google
# Benchmark; its CTest run (5,000 nodes) only proves it still works (timings are never
# pass/fail).
if(TARGET tickscope_debugger)
  add_executable(graph_view_probe graph_view_probe.cpp)
  target_link_libraries(graph_view_probe PRIVATE tickscope_debugger tickscope_warnings)
  target_include_directories(graph_view_probe PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME graph_view_probe COMMAND graph_view_probe --nodes 5000)
  set_tests_properties(graph_view_probe PROPERTIES LABELS bench TIMEOUT 600)
endif()
