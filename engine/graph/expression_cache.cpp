#include "graph/expression_cache.h"

#include <cstring>
#include <functional>

#include "graph/expression_shape_p.h"
#include "graph/id_index.h"
#include "graph/program_p.h"

namespace tickscope::graph {

std::size_t ExpressionCache::KeyHash::operator()(const std::string& key) const {
  return IdIndex::hashOf(key);
}

std::size_t ExpressionCache::ConstantsHash::operator()(const Constants& c) const {
  const std::string_view bytes(reinterpret_cast<const char*>(c.values.data()), c.values.size_bytes());
  return IdIndex::hashOf(bytes) ^ std::hash<const void*>()(c.program);
}

// Equal bit patterns: literals are finite, and 0 and -0 are different lists.
bool ExpressionCache::ConstantsEqual::operator()(const Constants& a, const Constants& b) const {
  return a.program == b.program && a.values.size() == b.values.size() &&
         std::memcmp(a.values.data(), b.values.data(), a.values.size_bytes()) == 0;
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

  detail::Program& program = *it->second;
  const double* constants = nullptr;
  if (!shape->constants.empty()) {
    auto known = constants_.find({&program, shape->constants});
    if (known == constants_.end()) {
      const std::vector<double>& stored = program.constantSets.emplace_back(shape->constants);
      known = constants_.emplace(Constants{&program, stored}, stored.data()).first;
    }
    constants = known->second;
  }
  CompileResult result;
  result.expression = Expression(it->second, constants);
  result.variables.assign(shape->variables.begin(), shape->variables.end());
  return result;
}

}  // namespace tickscope::graph
