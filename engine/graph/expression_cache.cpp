#include "graph/expression_cache.h"

#include "graph/expression_shape_p.h"
#include "graph/id_index.h"
#include "graph/program_p.h"

namespace tickscope::graph {

std::size_t ExpressionCache::KeyHash::operator()(const std::string& key) const {
  return IdIndex::hashOf(key);
}

ExpressionCache::ExpressionCache() : scratch_(std::make_unique<detail::ExpressionShape>()) {}
ExpressionCache::~ExpressionCache() = default;

CompileResult ExpressionCache::compile(std::string_view text) {
  detail::ExpressionShape* shape = scratch_.get();
  if (!detail::shapeOf(text, *shape)) return CompileResult::compile(text);

  auto [it, inserted] = programs_.try_emplace(shape->key);
  if (inserted) {
    std::vector<std::string> slotNames;
    slotNames.reserve(shape->variables.size() + shape->constants.size());
    for (std::size_t i = 0; i < shape->variables.size(); ++i) slotNames.push_back("_v" + std::to_string(i));
    for (std::size_t i = 0; i < shape->constants.size(); ++i) slotNames.push_back("_c" + std::to_string(i));
    detail::ProgramError error;
    it->second = detail::buildProgram(shape->key, slotNames, shape->variables.size(), error);
    if (it->second) ++compiled_;
  }
  // A shape that does not compile is remembered as null; the text is then compiled as
  // written so the error names positions in it.
  if (!it->second) return CompileResult::compile(text);

  CompileResult result;
  result.expression = Expression(it->second, shape->constants);
  result.variables.assign(shape->variables.begin(), shape->variables.end());
  return result;
}

}  // namespace tickscope::graph
