#include "graph/expression.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "graph/expression_shape_p.h"
#include "graph/program_p.h"

namespace tickscope::graph {
namespace {


std::string_view nonFiniteName(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "inf" : "-inf";
}

}  // namespace

int Expression::resultCount() const { return program_ ? program_->resultCount : 0; }

std::size_t Expression::variableCount() const { return program_ ? program_->variableCount : 0; }

bool Expression::evaluateInto(std::span<const double> inputs, std::span<double> out) const {
  if (!program_) throw std::invalid_argument("Expression::evaluate on an empty expression");
  detail::Program& p = *program_;
  if (inputs.size() != p.variableCount)
    throw std::invalid_argument(fmt::format("Expression::evaluate: {} inputs for {} variables",
                                            inputs.size(), p.variableCount));
  if (out.size() < static_cast<std::size_t>(p.resultCount))
    throw std::invalid_argument("Expression::evaluateInto: output span too small");
  std::lock_guard lock(p.mutex);
  std::copy(inputs.begin(), inputs.end(), p.slots.get());
  if (p.constantCount > 0) std::copy_n(constants_, p.constantCount, p.slots.get() + p.variableCount);
  bool finite = true;
  try {
    int n = 0;
    const double* results = p.parser.Eval(n);
    for (int k = 0; k < p.resultCount; ++k) {
      out[k] = k < n ? results[k] : std::nan("");
      finite = finite && std::isfinite(out[k]);
    }
  } catch (const mu::ParserError&) {
    // muParser reports nothing at evaluation time for the built-in functions; should a future
    // version do so, the evaluation is a non-finite result, not an exception.
    for (int k = 0; k < p.resultCount; ++k) out[k] = std::nan("");
    finite = false;
  }
  return finite;
}

Evaluation Expression::evaluate(std::span<const double> inputs) const {
  Evaluation evaluation;
  const int count = resultCount();
  evaluation.values.resize(static_cast<std::size_t>(count));
  evaluation.finite = evaluateInto(inputs, evaluation.values);
  if (!evaluation.finite) {
    for (int k = 0; k < count; ++k) {
      if (!std::isfinite(evaluation.values[k])) {
        evaluation.message = fmt::format("result {} of {} is {}", k + 1, count,
                                         nonFiniteName(evaluation.values[k]));
        break;
      }
    }
  }
  return evaluation;
}

CompileResult CompileResult::compile(std::string_view text) {
  CompileResult result;
  std::vector<std::string> names;
  try {
    // Find the variables muParser sees (undefined ones included), then bind each to a slot.
    mu::Parser probe;
    probe.SetExpr(std::string(text));
    for (const auto& [name, pointer] : probe.GetUsedVar()) names.push_back(name);
  } catch (const mu::ParserError& e) {
    result.error = detail::stripPositionSuffix(e.GetMsg());
    result.errorPosition = std::min(e.GetPos(), static_cast<int>(text.size()));
    return result;
  }
  names = detail::variablesInOrder(text, std::move(names));
  detail::ProgramError error;
  auto program = detail::buildProgram(std::string(text), names, names.size(), error);
  if (!program) {
    result.error = std::move(error.message);
    // muParser parses the text plus a trailing space: "past the end" is text.size().
    result.errorPosition = std::min(error.position, static_cast<int>(text.size()));
    return result;
  }
  result.expression = Expression(std::move(program), nullptr);
  result.variables = std::move(names);
  return result;
}


}  // namespace tickscope::graph
