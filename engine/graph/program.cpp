#include <algorithm>
#include <cstdint>

#include "graph/program_p.h"

namespace tickscope::graph::detail {
namespace {

// isIdentity: whether `text` is nothing but its one variable (spaces aside), which muParser
// compiles to one variable load (cmVAR): its result is the input, bit for bit.
bool isIdentity(std::string_view text, const std::vector<std::string>& slotNames, std::size_t variableCount) {
  if (variableCount != 1 || slotNames.size() != 1) return false;
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return false;
  const auto last = text.find_last_not_of(' ');
  return text.substr(first, last - first + 1) == slotNames[0];
}

// isMean: whether `text` is "(v0 + v1 [+ v2 ...]) / c" (spaces aside) over all the variables in
// slot order and the one literal, which muParser compiles to loads, additions left to right and
// one division (cmVAR cmVAR cmADD [cmVAR cmADD ...] cmVAR cmDIV: literals are variables bound to
// slots, so nothing is folded). The grid generator's averages.
bool isMean(std::string_view text, const std::vector<std::string>& slotNames, std::size_t variableCount) {
  if (variableCount < 2 || slotNames.size() != variableCount + 1) return false;
  std::string compact;
  for (char ch : text) {
    if (ch != ' ') compact += ch;
  }
  std::string expected = "(";
  for (std::size_t k = 0; k < variableCount; ++k) expected += (k > 0 ? "+" : "") + slotNames[k];
  expected += ")/" + slotNames[variableCount];
  return compact == expected;
}

}  // namespace

std::shared_ptr<Program> buildProgram(const std::string& text,
                                      const std::vector<std::string>& slotNames,
                                      std::size_t variableCount, ProgramError& error) {
  auto program = std::make_shared<Program>();
  program->variableCount = variableCount;
  program->constantCount = slotNames.size() - variableCount;
  program->slots = std::make_unique<double[]>(slotNames.size());
  try {
    for (std::size_t i = 0; i < slotNames.size(); ++i) {
      program->slots[i] = 1;
      program->parser.DefineVar(slotNames[i], &program->slots[i]);
    }
    program->parser.SetExpr(text);
    int results = 0;
    program->parser.Eval(results);  // parses now, so errors surface at compile time
    program->resultCount = results;
  } catch (const mu::ParserError& e) {
    error.message = stripPositionSuffix(e.GetMsg());
    error.position = e.GetPos();
    return nullptr;
  }
  if (program->resultCount < 1) {
    error.message = "Expression has no result";
    error.position = -1;
    return nullptr;
  }
  if (program->resultCount > 1) program->form = ProgramForm::Multi;
  else if (isIdentity(text, slotNames, variableCount)) program->form = ProgramForm::Identity;
  else if (isMean(text, slotNames, variableCount)) program->form = ProgramForm::Mean;
  return program;
}

std::shared_ptr<Program> copyProgram(const std::shared_ptr<Program>& shared) {
  // The Parser knows the text and which name is bound to which slot: read them back rather
  // than keep a copy of both in every program.
  std::string text;
  std::vector<std::string> slotNames(shared->variableCount + shared->constantCount);
  {
    std::lock_guard lock(shared->mutex);
    // Addresses, not pointer subtraction: a pointer outside the array would make that undefined.
    const auto first = reinterpret_cast<std::uintptr_t>(shared->slots.get());
    for (const auto& [name, pointer] : shared->parser.GetVar()) {
      const auto at = reinterpret_cast<std::uintptr_t>(pointer);
      const std::size_t slot = (at - first) / sizeof(double);
      if (at < first || (at - first) % sizeof(double) != 0 || slot >= slotNames.size()) return nullptr;
      slotNames[slot] = name;
    }
    text = shared->parser.GetExpr();
  }
  if (std::any_of(slotNames.begin(), slotNames.end(), [](const std::string& n) { return n.empty(); })) return nullptr;
  // SetExpr keeps the text with a space appended, and would append another.
  if (!text.empty() && text.back() == ' ') text.pop_back();
  ProgramError error;
  auto copy = buildProgram(text, slotNames, shared->variableCount, error);
  if (!copy || copy->resultCount != shared->resultCount || copy->form != shared->form) return nullptr;
  copy->exclusive = true;
  copy->origin = shared;
  return copy;
}

bool MuParserNames::isFunction(std::string_view name) const {
  return std::binary_search(functions.begin(), functions.end(), name);
}

bool MuParserNames::isConstant(std::string_view name) const {
  return std::binary_search(constants.begin(), constants.end(), name);
}

const MuParserNames& muParserNames() {
  static const MuParserNames names = [] {
    MuParserNames n;
    mu::Parser parser;
    for (const auto& [name, callback] : parser.GetFunDef()) n.functions.push_back(name);
    for (const auto& [name, value] : parser.GetConst()) n.constants.push_back(name);
    std::sort(n.functions.begin(), n.functions.end());
    std::sort(n.constants.begin(), n.constants.end());
    return n;
  }();
  return names;
}

std::string stripPositionSuffix(std::string message) {
  // muParser appends "[found ]at position N" to some messages; we report positions ourselves.
  for (std::string_view tail : {" found at position ", " at position "}) {
    const auto at = message.rfind(tail);
    if (at == std::string::npos) continue;
    std::size_t i = at + tail.size();
    if (i == message.size()) continue;
    bool digits = true;
    for (std::size_t j = i; j < message.size(); ++j)
      if (!(message[j] >= '0' && message[j] <= '9') && !(message[j] == '.' && j + 1 == message.size()))
        digits = false;
    if (digits) {
      message.erase(at);
      break;
    }
  }
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  return message;
}

}  // namespace tickscope::graph::detail
