#pragma once
// detail::Program: one compiled muParser expression and the slot array its variables are
// bound to (DefineVar). Shared by every Expression of the same shape; lives behind a
// shared_ptr and never moves, so the bound pointers stay valid. Private to engine/graph.
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <muParser.h>

namespace tickscope::graph::detail {

struct Program {
  mu::Parser parser;                 // guarded by mutex when evaluating
  std::unique_ptr<double[]> slots;   // variables first, then literal constants
  std::size_t variableCount = 0;
  std::size_t constantCount = 0;
  int resultCount = 1;
  std::mutex mutex;
  // constantSets: the literal values of this program's Expressions, one list per distinct set
  // (ExpressionCache interns them; an Expression points at one, constantCount values). A
  // deque never moves its elements; only the cache that built the program appends, on its
  // one thread, and what is appended is never changed.
  std::deque<std::vector<double>> constantSets;
};

// ProgramError: muParser's message (position suffix removed) and 0-based position or -1.
struct ProgramError {
  std::string message;
  int position = -1;
};

// buildProgram: binds `variables` then `constants` names to fresh slots and parses `text`.
// On failure returns nullptr and fills `error`.
std::shared_ptr<Program> buildProgram(const std::string& text,
                                      const std::vector<std::string>& slotNames,
                                      std::size_t variableCount, ProgramError& error);

// muParserNames: the function and constant names of a default mu::Parser.
struct MuParserNames {
  std::vector<std::string> functions;
  std::vector<std::string> constants;
  bool isFunction(std::string_view name) const;
  bool isConstant(std::string_view name) const;
};
const MuParserNames& muParserNames();

// stripPositionSuffix: "Unexpected token "x" found at position 4" -> "Unexpected token "x"".
std::string stripPositionSuffix(std::string message);

}  // namespace tickscope::graph::detail
