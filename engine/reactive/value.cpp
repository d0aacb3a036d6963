#include "reactive/value.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace tickscope::reactive {

namespace {
std::optional<std::size_t> indexOf(const PathKey& key) {
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (ec != std::errc() || end != key.data() + key.size() || key.empty()) return std::nullopt;
  return index;
}
}  // namespace

bool valuesEqualSlow(const Value& a, const Value& b, double epsilon) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float() || epsilon > 0) {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return x == y || std::fabs(x - y) <= epsilon;
    }
    return a == b;  // two integers: exact, without going through double
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!valuesEqual(a[i], b[i], epsilon)) return false;
      }
      return true;
    }
    case Value::value_t::object: {
      if (a.size() != b.size()) return false;
      for (auto it = a.begin(); it != a.end(); ++it) {
        const auto other = b.find(it.key());
        if (other == b.end() || !valuesEqual(*it, *other, epsilon)) return false;
      }
      return true;
    }
    default: return a == b;
  }
}

const Value* valueAt(const Value& root, const Path& path) {
  const Value* node = &root;
  for (const PathKey& key : path) {
    if (node->is_object()) {
      const auto it = node->find(key);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      const auto index = indexOf(key);
      if (!index || *index >= node->size()) return nullptr;
      node = &(*node)[*index];
    } else {
      return nullptr;
    }
  }
  return node;
}

void assignAt(Value& root, const Path& path, Value value) {
  Value* node = &root;
  for (const PathKey& key : path) {
    if (node->is_null()) *node = Value::object();
    if (node->is_object()) {
      node = &(*node)[key];
    } else if (node->is_array()) {
      const auto index = indexOf(key);
      if (!index || *index > node->size()) {
        throw std::invalid_argument("cannot write at \"" + key + "\": not an index of an array of " +
                                    std::to_string(node->size()));
      }
      if (*index == node->size()) node->push_back(nullptr);
      node = &(*node)[*index];
    } else {
      throw std::invalid_argument("cannot write at \"" + key + "\" inside a " + std::string(node->type_name()));
    }
  }
  *node = std::move(value);
}

std::string pathToString(const Path& path) {
  std::string out;
  for (const PathKey& key : path) {
    out += '/';
    out += key;
  }
  return out;
}

}  // namespace tickscope::reactive
