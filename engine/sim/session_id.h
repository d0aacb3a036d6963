#pragma once
#include <compare>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace tickscope::sim {

// SessionId names one request session of a SimulatedExecutionContext. Ids count from 1 in
// creation order; 0 is never a session.
struct SessionId {
  std::uint64_t value = 0;
  explicit operator bool() const { return value != 0; }
  friend auto operator<=>(SessionId, SessionId) = default;
};

// SessionError: misuse of a context — a session id it never created, an empty task handle.
class SessionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace tickscope::sim

template <>
struct std::hash<tickscope::sim::SessionId> {
  std::size_t operator()(tickscope::sim::SessionId id) const noexcept { return std::hash<std::uint64_t>{}(id.value); }
};
