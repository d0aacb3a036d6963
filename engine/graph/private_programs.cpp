#include "graph/private_programs.h"

#include <algorithm>

#include "graph/program_p.h"

namespace tickscope::graph {

PrivatePrograms::PrivatePrograms() = default;
PrivatePrograms::~PrivatePrograms() = default;
PrivatePrograms::PrivatePrograms(PrivatePrograms&&) noexcept = default;
PrivatePrograms& PrivatePrograms::operator=(PrivatePrograms&&) noexcept = default;

Expression PrivatePrograms::adopt(const Expression& expression) {
  if (!expression.program_) return expression;
  // Another owner's copy is adopted through the shared program it was copied from.
  const std::shared_ptr<detail::Program>& shared =
      expression.program_->exclusive ? expression.program_->origin : expression.program_;
  auto [it, inserted] = copies_.try_emplace(shared.get());
  if (inserted) it->second = detail::copyProgram(shared);
  return Expression(it->second ? it->second : shared, expression.constants_);
}

std::size_t PrivatePrograms::programCount() const {
  return static_cast<std::size_t>(
      std::count_if(copies_.begin(), copies_.end(), [](const auto& entry) { return entry.second != nullptr; }));
}

}  // namespace tickscope::graph
