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

// evaluateInto keeps only its checks and the dispatch inline, so the identity fast path pays
// no prologue; what follows is out of line.

[[noreturn, gnu::cold, gnu::noinline]] void throwBadCall(const detail::Program* p, std::size_t inputs) {
  if (!p) throw std::invalid_argument("Expression::evaluate on an empty expression");
  if (inputs != p->variableCount)
    throw std::invalid_argument(fmt::format("Expression::evaluate: {} inputs for {} variables",
                                            inputs, p->variableCount));
  throw std::invalid_argument("Expression::evaluateInto: output span too small");
}

// evaluateShared: any thread; evaluations of one program take turns on its mutex.
[[gnu::noinline]] bool evaluateShared(detail::Program& p, const double* constants, std::span<const double> inputs,
                                      std::span<double> out) {
  std::lock_guard lock(p.mutex);
  std::copy(inputs.begin(), inputs.end(), p.slots.get());
  if (p.constantCount > 0) std::copy_n(constants, p.constantCount, p.slots.get() + p.variableCount);
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

// evaluatePrivate: a private copy (Program::exclusive, see PrivatePrograms) that is not an
// identity: one owner thread evaluates it, so no lock. Bit for bit what evaluateShared
// computes: the same bytecode on the same values (Single: muParser's Eval() returns the value
// that Eval(int&) leaves in its result buffer).
[[gnu::noinline]] bool evaluatePrivate(detail::Program& p, const double* constants, std::span<const double> inputs,
                                       std::span<double> out) {
  double* slots = p.slots.get();
  // A loop, not std::copy: for one to three values a memmove call costs more than the copy.
  for (std::size_t k = 0; k < p.variableCount; ++k) slots[k] = inputs[k];
  // Constant lists are interned and immutable: the same pointer means the same values.
  if (constants != p.loadedConstants) {
    std::copy_n(constants, p.constantCount, slots + p.variableCount);
    p.loadedConstants = constants;
  }
  try {
    if (p.form == detail::ProgramForm::Single) {
      out[0] = p.parser.Eval();
      return std::isfinite(out[0]);
    }
    int n = 0;
    const double* results = p.parser.Eval(n);
    bool finite = true;
    for (int k = 0; k < p.resultCount; ++k) {
      out[k] = k < n ? results[k] : std::nan("");
      finite = finite && std::isfinite(out[k]);
    }
    return finite;
  } catch (const mu::ParserError&) {
    for (int k = 0; k < p.resultCount; ++k) out[k] = std::nan("");
    return false;
  }
}

}  // namespace

int Expression::resultCount() const { return program_ ? program_->resultCount : 0; }

std::size_t Expression::variableCount() const { return program_ ? program_->variableCount : 0; }

bool Expression::evaluateInto(std::span<const double> inputs, std::span<double> out) const {
  detail::Program* p = program_.get();
  if (!p || inputs.size() != p->variableCount || out.size() < static_cast<std::size_t>(p->resultCount)) [[unlikely]]
    throwBadCall(p, inputs.size());
  if (!p->exclusive) return evaluateShared(*p, constants_, inputs, out);
  if (p->form == detail::ProgramForm::Identity) {
    // muParser would load the variable and return it: the input, bit for bit.
    out[0] = inputs[0];
    return std::isfinite(out[0]);
  }
  if (p->form == detail::ProgramForm::Mean) {
    // What muParser's bytecode does, in its order: each addition into the running sum
    // (Stack[i] += Stack[i + 1]), then the division by the literal (Stack[i] /= Stack[i + 1]).
    double sum = inputs[0];
    for (std::size_t k = 1; k < inputs.size(); ++k) sum += inputs[k];
    sum /= constants_[0];
    out[0] = sum;
    return std::isfinite(sum);
  }
  return evaluatePrivate(*p, constants_, inputs, out);
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
