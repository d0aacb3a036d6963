// expression_bench: the cost of one Expression::evaluateInto for the three expression shapes
// of a generated grid ("c12", "(c1 + c2) / 2", "(c1 + c2 + c3) / 3"; literals are slots of a
// shared program), as the Runner calls it: 1000 expressions of the shape compiled through one
// ExpressionCache, evaluated in turn, each with its own inputs. Rows:
//   eval/<shape>/shared    the expressions as compiled: one program per shape, locked per call
//   eval/<shape>/private   the same expressions adopted by a PrivatePrograms (a Runner's
//                          private copies): no lock, the single-variable and single-result
//                          fast paths
// Time is per evaluation; var is "c12", avg2 and avg3 the averages of two and three cells.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/run_benchmarks.h"
#include "graph/expression.h"
#include "graph/expression_cache.h"
#include "graph/private_programs.h"
#include "support/grid_expressions.h"

using namespace tickscope::graph;

namespace {

constexpr int kExpressions = 1000;

using tickscope::testing::gridText;

struct Workload {
  ExpressionCache cache;  // the shared programs live as long as the expressions anyway
  std::vector<Expression> expressions;
  std::vector<double> inputs;  // reads values per expression
  int reads = 1;

  explicit Workload(int readCount) : reads(readCount) {
    for (int i = 0; i < kExpressions; ++i) {
      expressions.push_back(cache.compile(gridText(reads, i)).expression);
      for (int k = 0; k < reads; ++k) inputs.push_back(1 + (i * 7 + k * 3) % 10);
    }
  }
};

void evaluate(benchmark::State& state, const std::vector<Expression>& expressions, const Workload& w) {
  double out = 0, sum = 0;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::span<const double> in(w.inputs.data() + i * static_cast<std::size_t>(w.reads),
                                     static_cast<std::size_t>(w.reads));
    benchmark::DoNotOptimize(expressions[i].evaluateInto(in, std::span<double>(&out, 1)));
    sum += out;
    if (++i == expressions.size()) i = 0;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

void shared(benchmark::State& state, int reads) {
  const Workload w(reads);
  evaluate(state, w.expressions, w);
}

void adopted(benchmark::State& state, int reads) {
  const Workload w(reads);
  PrivatePrograms programs;
  std::vector<Expression> expressions;
  for (const Expression& e : w.expressions) expressions.push_back(programs.adopt(e));
  evaluate(state, expressions, w);
}

void registerAll() {
  for (const auto& [reads, shape] : {std::pair{1, "var"}, std::pair{2, "avg2"}, std::pair{3, "avg3"}}) {
    const int r = reads;
    benchmark::RegisterBenchmark((std::string("eval/") + shape + "/shared").c_str(),
                                 [r](benchmark::State& st) { shared(st, r); });
    benchmark::RegisterBenchmark((std::string("eval/") + shape + "/private").c_str(),
                                 [r](benchmark::State& st) { adopted(st, r); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  registerAll();
  if (tickscope::bench::runBenchmarks(argc, argv) != 0) return 1;
  return 0;
}
