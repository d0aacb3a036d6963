# expression_bench: one Expression evaluation of each grid shape, on the shared (locked) path
# and on a Runner's private copies (PrivatePrograms).
tickscope_add_benchmark(expression_bench SOURCES expression_bench.cpp LIBS tickscope_engine)
