#pragma once
// expectEqual: the small assertion helper of the shapes' check() functions: "" when equal,
// else "what: actual != expected".
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace tickscope::shapes {

template <class A, class E>
std::string expectEqual(std::string_view what, const A& actual, const E& expected) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<E>) {
    if (std::cmp_equal(actual, expected)) return {};
  } else {
    if (actual == expected) return {};
  }
  return fmt::format("{}: {} != {}", what, actual, expected);
}

// firstError: the first non-empty message.
template <class... S>
std::string firstError(const S&... messages) {
  std::string out;
  ((out.empty() ? void(out = messages) : void()), ...);
  return out;
}

}  // namespace tickscope::shapes
