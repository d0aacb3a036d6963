#pragma once
// ExpressionCache: compiles expressions, sharing one muParser program between expressions of
// the same shape (same text once variable names and numeric literals are abstracted). A
// graph with a million "cN + 1" actions then holds one Parser, not a million.
//
// Not thread-safe: compile from one thread. The Expressions it returns are independent of the
// cache (they keep their program alive) and may be used from any thread.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "graph/expression.h"

namespace tickscope::graph::detail {
struct ExpressionShape;
}

namespace tickscope::graph {

class ExpressionCache {
 public:
  ExpressionCache();
  ~ExpressionCache();
  ExpressionCache(const ExpressionCache&) = delete;
  ExpressionCache& operator=(const ExpressionCache&) = delete;

  // compile: as CompileResult::compile(text), reusing a program of the same shape when one
  // was compiled before. Results (variables, values, errors and their positions) are the
  // same as an uncached compile.
  CompileResult compile(std::string_view text);

  // programCount: distinct compiled programs held by the cache.
  std::size_t programCount() const { return compiled_; }

 private:
  // Shape key -> program; null for a shape that does not compile. Hashed like ids
  // (IdIndex::hashOf, inline), not by std::hash.
  struct KeyHash {
    std::size_t operator()(const std::string& key) const;
  };
  std::unordered_map<std::string, std::shared_ptr<detail::Program>, KeyHash> programs_;
  // constants_: every distinct literal list of a program, interned in its constantSets; the
  // key views the stored list.
  struct Constants {
    const detail::Program* program;
    std::span<const double> values;
  };
  struct ConstantsHash {
    std::size_t operator()(const Constants& c) const;
  };
  struct ConstantsEqual {
    bool operator()(const Constants& a, const Constants& b) const;
  };
  std::unordered_map<Constants, const double*, ConstantsHash, ConstantsEqual> constants_;
  std::size_t compiled_ = 0;
  std::unique_ptr<detail::ExpressionShape> scratch_;  // reused between compiles
};

}  // namespace tickscope::graph
