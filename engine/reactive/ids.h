#pragma once
// Ids of the reactive runtime. The runtime owns cells and actions; callers hold these ids.
// Ids count from 1 in creation (registration) order and are never reused; 0 is "none".
#include <compare>
#include <cstdint>
#include <functional>

namespace tickscope::reactive {

// CellId names one cell of one Runtime.
struct CellId {
  std::uint32_t value = 0;
  explicit operator bool() const { return value != 0; }
  friend auto operator<=>(CellId, CellId) = default;
};

// ActionId names one subscribed action (effect or computation) of one Runtime. Comparing two
// ids compares registration order, the tie-breaker of every ordering the runtime makes.
struct ActionId {
  std::uint32_t value = 0;
  explicit operator bool() const { return value != 0; }
  friend auto operator<=>(ActionId, ActionId) = default;
};

}  // namespace tickscope::reactive

template <>
struct std::hash<tickscope::reactive::CellId> {
  std::size_t operator()(tickscope::reactive::CellId id) const noexcept { return id.value; }
};
template <>
struct std::hash<tickscope::reactive::ActionId> {
  std::size_t operator()(tickscope::reactive::ActionId id) const noexcept { return id.value; }
};
