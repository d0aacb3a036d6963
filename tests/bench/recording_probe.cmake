# recording_probe: what a recording (*.tstrace) costs: steps, trace events, bytes per step and
# per event, time to record per step, time to open, time to seek a random step; for every
# bundled example and the 10,000-node grid. Engine only. Its CTest run (--quick: the small
# examples) only proves it still works (timings are never pass/fail).
add_executable(recording_probe recording_probe.cpp)
target_link_libraries(recording_probe PRIVATE tickscope_engine tickscope_warnings)
target_compile_definitions(recording_probe PRIVATE TICKSCOPE_EXAMPLES_DIR="${PROJECT_SOURCE_DIR}/resources/examples")
add_test(NAME recording_probe COMMAND recording_probe --quick)
set_tests_properties(recording_probe PROPERTIES LABELS bench TIMEOUT 600)
