#pragma once
// Diagnostic: one input error or warning about a graph file, in the two forms of
// spec/graph-format.md section 4:
//   FILE:LINE:COLUMN: message        malformed JSON (and other byte-level problems)
//   FILE: /json/pointer: message     schema errors, naming the action or cell
//   FILE: message                    whole-file problems (cannot open, over the size limit)
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tickscope::graph {

// DiagnosticCode: what kind of problem, for callers that react to kinds (tests, the debugger
// highlighting a field). The message text is for people and may change; codes do not.
enum class DiagnosticCode : std::uint8_t {
  CannotOpen,         // the file cannot be opened or read
  FileTooLarge,       // over LoadLimits::maxFileBytes
  EmptyFile,          // no JSON value at all
  Syntax,             // malformed JSON (includes binary garbage)
  InvalidUtf8,        // a string is not well-formed UTF-8
  TooDeep,            // nesting beyond LoadLimits::maxDepth
  TooManyActions,     // over LoadLimits::maxActions
  TooManyCells,       // over LoadLimits::maxCells
  ExpressionTooLong,  // over LoadLimits::maxExpressionBytes
  Version,            // "tickscope" is not 1
  MissingKey,         // a required key is absent
  WrongType,          // a value has the wrong JSON type
  BadValue,           // right type, wrong value (unknown mode or kind, not an integer, ...)
  Negative,           // negative costMs / debounceMs / atMs / delayMs / ...
  BadIdentifier,      // an id that does not match [A-Za-z_][A-Za-z0-9_]*
  DuplicateId,        // an id used twice across actions and cells
  DuplicateKey,       // a key given twice in one object
  UnknownCell,        // reads, writes, an expression or an event names no known cell
  NoWrites,           // a computation without writes
  NoExpression,       // results needed (writes listed) but no expr
  ExpressionSyntax,   // muParser cannot parse expr
  UnreadVariable,     // expr uses a variable the action does not read
  ResultCount,        // number of expr results differs from writes
  TooManyErrors,      // the error list was cut at LoadLimits::maxErrors
  UnknownKey,         // warning: ignored key
  Note,               // warning: anything else worth saying
};

enum class Severity : std::uint8_t { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  DiagnosticCode code = DiagnosticCode::Syntax;
  std::string file;      // as given to the loader (display name)
  std::string pointer;   // JSON pointer of the element; empty for positional/whole-file ones
  std::size_t line = 0;  // 1-based; 0 when the diagnostic has no byte position
  std::size_t column = 0;  // 1-based, in characters (UTF-8 code points) of that line
  std::string message;

  bool positional() const { return line != 0; }
  // format: "FILE:LINE:COLUMN: message", "FILE: /pointer: message" or "FILE: message".
  std::string format() const;
};

// formatAll: every diagnostic's format(), one per line (each line ends with '\n').
std::string formatAll(const std::vector<Diagnostic>& diagnostics);

}  // namespace tickscope::graph
