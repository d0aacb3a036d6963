#pragma once
// gridText: the expression the generator gives a grid computation of `reads` inputs
// (`average()` in engine/graph/generator.cpp), with the inputs named after `i`: one variable,
// or "(a + b) / 2", "(a + b + c) / 3". For the expression tests and benchmark.
#include <string>

namespace tickscope::testing {

inline std::string gridText(int reads, int i) {
  const auto name = [i](int k) { return "c" + std::to_string(i * 3 + k); };
  if (reads == 1) return name(0);
  std::string text = "(";
  for (int k = 0; k < reads; ++k) text += (k > 0 ? " + " : "") + name(k);
  return text + ") / " + std::to_string(reads);
}

}  // namespace tickscope::testing
