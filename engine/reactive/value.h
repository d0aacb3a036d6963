#pragma once
// Cell values are JSON-like (nlohmann::json): numbers, strings, booleans, null, arrays and
// objects. Numbers take a fast path (no allocation, compared as doubles with an epsilon).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tickscope::reactive {

using Value = nlohmann::json;

// PathKey: one step into a value: an object key, or an array index written in decimal.
using PathKey = std::string;
// Path: a position inside a cell's value; empty means the whole value.
using Path = std::vector<PathKey>;

// valuesEqual: deep equality where two numbers are equal when |a - b| <= epsilon (at any
// depth). Integer and floating representations of one number are equal.
bool valuesEqualSlow(const Value& a, const Value& b, double epsilon);
// numbersEqual: two doubles as valuesEqual compares them (equal, or within epsilon).
inline bool numbersEqual(double x, double y, double epsilon) {
  return x == y || (x > y ? x - y : y - x) <= epsilon;
}
inline bool valuesEqual(const Value& a, const Value& b, double epsilon) {
  // The hot paths: two doubles (what graph files' expressions write), compared as the slow
  // path would, and two integers (what typed int cells hold) compared exactly.
  if (a.is_number_float() && b.is_number_float()) {
    return numbersEqual(*a.get_ptr<const double*>(), *b.get_ptr<const double*>(), epsilon);
  }
  if (epsilon == 0 && a.is_number_integer() && b.is_number_integer() && a.is_number_unsigned() == b.is_number_unsigned()) {
    return a.is_number_unsigned() ? a.get<std::uint64_t>() == b.get<std::uint64_t>()
                                  : a.get<std::int64_t>() == b.get<std::int64_t>();
  }
  return valuesEqualSlow(a, b, epsilon);
}

// numberOf: a value as a number: a number as a double, anything else (null, a string, a
// boolean, an array, an object) NaN. What a NumericKernel reads.
inline double numberOf(const Value& value) {
  if (const double* d = value.get_ptr<const double*>()) return *d;  // what kernels write
  // (Value::get<double>'s conversions, without its call: typed int cells hold integers. The
  // unsigned check first: an unsigned value also answers the signed pointer.)
  if (const auto* u = value.get_ptr<const Value::number_unsigned_t*>()) return static_cast<double>(*u);
  if (const auto* i = value.get_ptr<const Value::number_integer_t*>()) return static_cast<double>(*i);
  return std::numeric_limits<double>::quiet_NaN();
}

// valueAt: the value at `path` inside `root`, or nullptr when the path does not exist.
const Value* valueAt(const Value& root, const Path& path);

// assignAt: replaces the value at `path` inside `root`, creating objects along the way
// (an existing array is indexed when the key is a decimal index within its size, or one
// past its end to append). Throws std::invalid_argument when a step cannot be taken
// (e.g. a key into a number).
void assignAt(Value& root, const Path& path, Value value);

// pathToString: "/a/b" (JSON pointer style) for messages and trace events; "" for the root.
std::string pathToString(const Path& path);

}  // namespace tickscope::reactive
