#include <algorithm>

#include "graph/program_p.h"

namespace tickscope::graph::detail {

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
  return program;
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
