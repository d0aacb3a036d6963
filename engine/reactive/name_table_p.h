#pragma once
// NameTable: names by index (an action's or a cell's id - 1), in one character buffer. A name
// costs its characters and four bytes instead of a 32-byte std::string each: a graph of
// 100,000 actions and as many cells saves ~4 MiB, and the slots stay smaller.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tickscope::reactive::detail {

class NameTable {
 public:
  void add(std::string_view name) {
    if (text_.size() + name.size() > UINT32_MAX) throw std::length_error("reactive: names exceed 4 GiB");
    text_.append(name);
    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
  }
  std::string_view operator[](std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return {text_.data() + begin, ends_[i] - begin};
  }
  std::size_t size() const { return ends_.size(); }

 private:
  std::string text_;
  std::vector<std::uint32_t> ends_;  // name i is text_[ends_[i - 1], ends_[i])
};

}  // namespace tickscope::reactive::detail
