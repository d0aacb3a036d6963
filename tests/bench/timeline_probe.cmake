# timeline_probe: the Timeline pane's frame over 100,000 and 1,000,000 recorded runs at fit,
# mid and deep zoom, and the TimelineLog's cost per appended event (on vs no observer). A Qt
# program, not Google Benchmark; its CTest run (20,000 runs) only proves it still works
# (timings are never pass/fail).
if(TARGET tickscope_views)
  add_executable(timeline_probe timeline_probe.cpp)
  target_link_libraries(timeline_probe PRIVATE tickscope_views tickscope_engine Qt6::Widgets tickscope_warnings)
  target_include_directories(timeline_probe PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME timeline_probe COMMAND timeline_probe --runs 20000)
  set_tests_properties(timeline_probe PROPERTIES LABELS bench TIMEOUT 600 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
