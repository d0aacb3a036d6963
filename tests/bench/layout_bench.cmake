# layout_bench: LayeredLayouter (the Graph pane's own layered layout) on generated grid and
# random graphs of 1,000, 10,000 and 100,000 computations, cells folded as the pane does.
tickscope_add_benchmark(layout_bench SOURCES layout_bench.cpp LIBS tickscope_views)
