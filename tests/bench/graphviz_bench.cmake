# graphviz_bench: Graphviz dot through GraphvizLayouter on 1,000-node grid and random graphs
# (200 with TICKSCOPE_BENCH_SMALL=1), tuned as the Graph pane runs it and with Graphviz's defaults.
if(TARGET tickscope_views)
  tickscope_add_benchmark(graphviz_bench SOURCES graphviz_bench.cpp LIBS tickscope_views)
endif()
