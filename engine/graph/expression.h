#pragma once
// Expression: a muParser expression compiled once, evaluated many times.
//
// The variables of an expression are the identifiers it uses that are not muParser
// functions (called with "(") or constants (_pi, _e); CompileResult::variables lists them in
// order of first appearance, and evaluate() takes their values in that order. The Expression
// itself keeps only their count: a graph holds one per action, and its resolution has the
// variables as cells already (ResolvedAction::inputs), so names per action would be copies. Comma-separated
// expressions ("a + b, a * b") have several results; a graph action maps them to its
// `writes` in order.
//
// Sharing: a muParser Parser costs ~6 KB of heap and ~8 us to build, too much per action for
// graphs of millions of actions. So the compiled program lives in a shared, immutable-shape
// object that holds one Parser bound (DefineVar) to its own heap slot array: expressions that
// differ only in variable names and numeric literals ("c1 + 2", "c7 + 0.5") share one program
// when compiled through an ExpressionCache. Copying or moving an Expression copies a
// shared_ptr and a pointer to its literal values, which the program holds (one copy per
// distinct list: "(a + b) / 2" in a thousand actions is one list); the Parser and its slots
// never move, so DefineVar pointers stay valid.
//
// Threads: evaluate() may be called from any thread, on copies too; evaluations of one
// program are serialized by a mutex inside it (muParser objects are not thread-safe). The
// exception: an Expression returned by PrivatePrograms::adopt runs on its owner's private
// copy of the program without the mutex, and only its owner's thread may evaluate it (see
// private_programs.h).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tickscope::graph {

namespace detail {
struct Program;
}

// Evaluation: the results of one evaluate(). Division by zero and friends produce inf/NaN,
// never an exception: `finite` is false and `message` says which result, e.g.
// "result 2 of 2 is inf".
struct Evaluation {
  std::vector<double> values;
  bool finite = true;
  std::string message;
};

class Expression {
 public:
  Expression() = default;  // empty: valid() is false, evaluate() must not be called

  // valid: whether this holds a compiled expression.
  bool valid() const { return program_ != nullptr; }

  // variableCount: how many inputs evaluate() expects (CompileResult::variables has their names).
  std::size_t variableCount() const;

  // resultCount: how many comma-separated results an evaluation yields (>= 1).
  int resultCount() const;

  // evaluate: the results for `inputs` (inputs[k] is the value of variable k).
  // Precondition: valid() and inputs.size() == variableCount() (else std::invalid_argument).
  // Never throws for math errors: see Evaluation::finite.
  Evaluation evaluate(std::span<const double> inputs) const;

  // evaluateInto: the allocation-free form for hot loops: writes resultCount() values into
  // `out` (out.size() >= resultCount(), else std::invalid_argument) and returns whether all
  // of them are finite.
  bool evaluateInto(std::span<const double> inputs, std::span<double> out) const;

  // sharesProgramWith: whether both use one compiled program (for tests and statistics).
  bool sharesProgramWith(const Expression& other) const { return program_ == other.program_; }

 private:
  friend class ExpressionCache;
  friend class PrivatePrograms;
  friend struct CompileResult;
  Expression(std::shared_ptr<detail::Program> program, const double* constants)
      : program_(std::move(program)), constants_(constants) {}

  std::shared_ptr<detail::Program> program_;
  // constants_: the literal values fed to the shared program after the inputs
  // (program_->constantCount of them, in program_->constantSets; null when none).
  const double* constants_ = nullptr;
};

// CompileResult: an Expression and the names of its variables, or muParser's error.
// errorPosition is the 0-based index in the text where muParser stopped (-1 when it gives
// none, e.g. an empty expression); the message has muParser's own "at position N" suffix
// removed.
struct CompileResult {
  Expression expression;
  std::vector<std::string> variables;  // in order of first appearance: evaluate()'s inputs
  std::string error;
  int errorPosition = -1;
  bool ok() const { return expression.valid(); }

  // compile: compiles `text` with a Parser of its own (no sharing). Prefer an
  // ExpressionCache when compiling many expressions.
  static CompileResult compile(std::string_view text);
};

}  // namespace tickscope::graph
