if(NOT TICKSCOPE_ENGINE_ONLY)
  tickscope_add_benchmark(platform_bench SOURCES platform_bench.cpp LIBS tickscope_platform)
endif()
