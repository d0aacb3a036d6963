# sweep_bench: run::sweep throughput (runs per second on 1 and 2 threads) on the bundled
# examples, grid-10000 the README's number.
tickscope_add_benchmark(sweep_bench SOURCES sweep_bench.cpp LIBS tickscope_engine)
target_compile_definitions(sweep_bench PRIVATE TICKSCOPE_EXAMPLES_DIR="${PROJECT_SOURCE_DIR}/resources/examples")
