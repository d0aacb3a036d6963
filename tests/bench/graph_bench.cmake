# graph_bench: loading and validating a generated million-action graph file, and headless
# runs (load, build, run to the end) of generated cellx and grid graphs in pull and push mode.
tickscope_add_benchmark(graph_bench SOURCES graph_bench.cpp LIBS tickscope_engine)
