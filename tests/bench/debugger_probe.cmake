# debugger_probe: the window's responsiveness on the 10,000-node grid (or a generated one):
# Tick to repainted panes, Step Back from the end, the longest UI-thread stall while opening
# and during Continue, Pause latency. A Qt program, not Google Benchmark; its CTest run only
# proves it still works (timings are never pass/fail).
if(TARGET tickscope_debugger)
  add_executable(debugger_probe debugger_probe.cpp)
  target_link_libraries(debugger_probe PRIVATE tickscope_debugger tickscope_warnings)
  target_include_directories(debugger_probe PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(debugger_probe PRIVATE TICKSCOPE_EXAMPLES_DIR="${PROJECT_SOURCE_DIR}/resources/examples")
  add_test(NAME debugger_probe COMMAND debugger_probe)
  set_tests_properties(debugger_probe PROPERTIES LABELS bench TIMEOUT 600)
endif()
