#pragma once
// detail::Program: one compiled muParser expression and the slot array its variables are
// bound to (DefineVar). Shared by every Expression of the same shape; lives behind a
// shared_ptr and never moves, so the bound pointers stay valid. Private to engine/graph.
//
// A private copy (copyProgram, made by PrivatePrograms) is the same program built again with
// its own Parser and slots, evaluated by one owner thread without the mutex.
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <muParser.h>

namespace tickscope::graph::detail {

// ProgramForm: how a private copy evaluates (the shared path always runs Eval(int&)).
enum class ProgramForm : std::uint8_t {
  Identity,  // the text is its one variable: the result is the input, no muParser
  Mean,      // "(v0 + v1 + ... ) / c": the variables summed left to right, divided by the literal
  Single,    // one result: muParser's Eval() (its short path for one-token programs)
  Multi,     // several results: Eval(int&)
};

struct Program {
  mu::Parser parser;                 // guarded by mutex when evaluating, unless exclusive
  std::unique_ptr<double[]> slots;   // variables first, then literal constants
  std::size_t variableCount = 0;
  std::size_t constantCount = 0;
  int resultCount = 1;
  ProgramForm form = ProgramForm::Single;
  // exclusive: a private copy; its one owner thread evaluates it without the mutex.
  bool exclusive = false;
  // loadedConstants (exclusive only): the constant list now in the slots; Expressions of a
  // shape mostly share one interned list, so it is copied when it changes, not per call.
  const double* loadedConstants = nullptr;
  // origin (exclusive only): the shared program copied; keeps the constant lists that the
  // adopted Expressions point at (origin->constantSets) alive.
  std::shared_ptr<Program> origin;
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

// copyProgram: `shared` built again (same text, same slot names: the same bytecode) with a
// Parser and slots of its own, marked exclusive, origin = shared. Locks shared's mutex while
// reading its Parser. nullptr if muParser refuses it (it compiled once, so it should not).
std::shared_ptr<Program> copyProgram(const std::shared_ptr<Program>& shared);

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
