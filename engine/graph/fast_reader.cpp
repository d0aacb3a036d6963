#include "graph/fast_reader_p.h"
#include "graph/prefault_p.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include <simdjson.h>

// Every function here returns false to give up: the caller then runs the nlohmann reader
// (reader.cpp) from the start, and that one reports whatever made this one give up. So the
// rules below only need to be at least as strict as reader.cpp's; where reader.cpp would
// report anything (an error or a warning), this reader gives up.

namespace tickscope::graph::detail {

const std::size_t kFastReadPadding = simdjson::SIMDJSON_PADDING;

namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

bool isJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// text: the value of a JSON string. Without a backslash it is a view of the input itself (the
// structural pass has checked its UTF-8 and control characters); with escapes, simdjson
// unescapes it, except \u sequences, which give up (nlohmann and simdjson might not agree on
// every ill-formed surrogate). The value is not consumed: the iterator skips it.
bool text(od::value& v, std::string_view& out) {
  std::string_view token = v.raw_json_token();
  while (!token.empty() && isJsonSpace(token.back())) token.remove_suffix(1);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  token = token.substr(1, token.size() - 2);
  // Ids and expressions are short: a plain loop beats a call to memchr.
  bool escaped = false;
  for (const char c : token) escaped |= c == '\\';
  if (!escaped) {
    out = token;
    return true;
  }
  if (token.find("\\u") != std::string_view::npos) return false;
  return v.get_string().get(out) == SUCCESS;
}

bool text(od::value& v, std::string& out) {
  std::string_view s;
  if (!text(v, s)) return false;
  out.assign(s);
  return true;
}

// Number: what nlohmann's SAX interface would have called (integer, unsigned or float).
struct Number {
  enum class Type : std::uint8_t { Int, Uint, Float } type = Type::Int;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  double value() const {
    switch (type) {
      case Type::Int: return static_cast<double>(i);
      case Type::Uint: return static_cast<double>(u);
      case Type::Float: return d;
    }
    return d;
  }
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// number: a JSON number as nlohmann reads it, from the token's text. simdjson's own number
// parsing is not used: version 3.0.1's On-Demand get_number()/get_double() return wrong
// values for mantissas of more than 19 digits ("0.12345678901234567890123" reads as
// 4.8e-05). The grammar is checked here (RFC 8259); an integer (no '.', 'e' or 'E') is an
// int64 or, when not negative, a uint64, as nlohmann reads it (one out of 64-bit range,
// which nlohmann reads as a double, gives up); anything else is a double, correctly rounded
// by std::from_chars as by nlohmann's strtod. Subnormal results give up (no graph needs
// them, and they are where strtod implementations have differed).
bool number(od::value& v, Number& out) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() && isJsonSpace(t.back())) t.remove_suffix(1);
  std::size_t i = 0;
  const bool negative = i < t.size() && t[i] == '-';
  if (negative) ++i;
  if (i >= t.size() || !isDigit(t[i])) return false;
  if (t[i] == '0') ++i;
  else
    while (i < t.size() && isDigit(t[i])) ++i;
  bool integral = true;
  if (i < t.size() && t[i] == '.') {
    integral = false;
    ++i;
    if (i >= t.size() || !isDigit(t[i])) return false;
    while (i < t.size() && isDigit(t[i])) ++i;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    integral = false;
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= t.size() || !isDigit(t[i])) return false;
    while (i < t.size() && isDigit(t[i])) ++i;
  }
  if (i != t.size()) return false;
  const char* first = t.data();
  const char* last = t.data() + t.size();
  if (integral) {
    if (negative) {
      out.type = Number::Type::Int;
      const auto [end, ec] = std::from_chars(first, last, out.i);
      return ec == std::errc() && end == last;
    }
    out.type = Number::Type::Uint;
    const auto [end, ec] = std::from_chars(first, last, out.u);
    return ec == std::errc() && end == last;
  }
  out.type = Number::Type::Float;
  const auto [end, ec] = std::from_chars(first, last, out.d, std::chars_format::general);
  return ec == std::errc() && end == last && std::isfinite(out.d) &&
         (out.d == 0 || std::isnormal(out.d));
}

bool finiteNumber(od::value& v, double& out) {
  Number n;
  if (!number(v, n)) return false;
  out = n.value();
  return std::isfinite(out);
}

// integer: reader.cpp's toInt without its error: an integer (or integral float) in [min, max].
bool integer(const Number& n, long long min, long long max, long long& out) {
  switch (n.type) {
    case Number::Type::Int:
      out = n.i;
      return n.i >= min && n.i <= max;
    case Number::Type::Uint:
      out = static_cast<long long>(n.u);
      return n.u <= static_cast<std::uint64_t>(max);
    case Number::Type::Float:
      // Well inside long long's range, so the conversion is exact and defined.
      if (!(std::floor(n.d) == n.d && std::fabs(n.d) < 9.0e15)) return false;
      out = static_cast<long long>(n.d);
      return out >= min && out <= max;
  }
  return false;
}

bool integer(od::value& v, long long min, long long max, long long& out) {
  Number n;
  return number(v, n) && integer(n, min, max, out);
}

// Key lookup: the index of `key` in `names`, or -1. Compared raw: a key with an escape never
// equals a name (names have none), so it is unknown here and the slow path judges it.
template <std::size_t N>
int keyIndex(od::raw_json_string key, const std::string_view (&names)[N]) {
  const char first = *key.raw();  // the key's first byte, or its closing quote
  for (std::size_t i = 0; i < N; ++i)
    if (names[i].front() == first && key.unsafe_is_equal(names[i])) return static_cast<int>(i);
  return -1;
}

// Each object reader: iterate the fields, refuse unknown and repeated keys.
template <std::size_t N, class OnField>
bool fields(od::object object, const std::string_view (&names)[N], std::uint32_t& seen,
            OnField&& onField) {
  for (auto result : object) {
    od::field field;
    if (std::move(result).get(field) != SUCCESS) return false;
    const int index = keyIndex(field.key(), names);
    if (index < 0 || (seen & (1u << index))) return false;
    seen |= 1u << index;
    if (!onField(index, field.value())) return false;
  }
  return true;
}

template <class OnElement>
bool elements(od::value& v, OnElement&& onElement) {
  od::array array;
  if (v.get_array().get(array) != SUCCESS) return false;
  for (auto result : array) {
    od::value element;
    if (std::move(result).get(element) != SUCCESS) return false;
    if (!onElement(element)) return false;
  }
  return true;
}

// strings: an array of strings, allocated once (the views are gathered in `scratch` first).
bool strings(od::value& v, std::vector<std::string>& out, std::vector<std::string_view>& scratch) {
  scratch.clear();
  const bool read = elements(v, [&](od::value& element) {
    std::string_view s;
    if (!text(element, s)) return false;
    scratch.push_back(s);
    return true;
  });
  if (!read) return false;
  out.reserve(out.size() + scratch.size());
  for (const std::string_view s : scratch) out.emplace_back(s);
  return true;
}

bool object(od::value& v, od::object& out) { return v.get_object().get(out) == SUCCESS; }

class FastReader {
 public:
  FastReader(const LoadLimits& limits, GraphDocument& document, ReadOutcome& outcome)
      : limits_(limits), doc_(document), outcome_(outcome) {}

  bool run(simdjson::padded_string_view input) {
    // Depth: the schema nests 5 levels (root, events, event, spawn, task); the reader
    // counts them against maxDepth, so a lower limit goes the slow way.
    if (limits_.maxDepth < 5) return false;
    od::parser parser;
    od::document document;
    if (parser.iterate(input).get(document) != SUCCESS) return false;
    od::object root;
    if (document.get_object().get(root) != SUCCESS) return false;
    static constexpr std::string_view kNames[] = {"tickscope", "name",    "settings",   "cells",
                                                  "actions",   "events", "description"};
    std::uint32_t seen = 0;
    const bool read = fields(root, kNames, seen, [&](int index, od::value& v) {
      switch (index) {
        case 0: {
          Number n;
          return number(v, n) && n.value() == 1;
        }
        case 1:
          outcome_.hasName = true;
          return text(v, doc_.name);
        case 2: return settings(v);
        case 3: return cells(v);
        case 4: return actions(v);
        case 5: return events(v);
        case 6: {
          std::string_view s;
          if (!text(v, s)) return false;
          doc_.description.emplace(s);
          return true;
        }
        default: return false;
      }
    });
    if (!read || !(seen & 1u)) return false;  // "tickscope" is required
    // Nothing may follow the top-level object.
    const char* at = nullptr;
    return document.current_location().get(at) == simdjson::OUT_OF_BOUNDS;
  }

 private:
  bool settings(od::value& v) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"mode",  "seed",         "epsilon",
                                                  "cycle", "autoDebounce", "deprioritize"};
    Settings& s = doc_.settings;
    std::uint32_t seen = 0;
    return fields(o, kNames, seen, [&](int index, od::value& value) {
      long long n = 0;
      switch (index) {
        case 0: {
          std::string_view mode;
          if (!text(value, mode)) return false;
          const auto parsed = parseMode(mode);
          if (!parsed) return false;
          s.mode = *parsed;
          return true;
        }
        case 1: {
          Number seed;  // as reader.cpp: an unsigned integer is taken whole
          if (!number(value, seed)) return false;
          if (seed.type == Number::Type::Uint) {
            s.seed = seed.u;
            return true;
          }
          if (!integer(seed, 0, std::numeric_limits<long long>::max(), n)) return false;
          s.seed = static_cast<std::uint64_t>(n);
          return true;
        }
        case 2: return finiteNumber(value, s.epsilon);
        case 3: return cycle(value);
        case 4: return autoDebounce(value);
        case 5: return strings(value, s.deprioritize, scratch_);
        default: return false;
      }
    });
  }

  bool cycle(od::value& v) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"budgetMs", "maxIterations"};
    CycleSettings& c = doc_.settings.cycle;
    std::uint32_t seen = 0;
    return fields(o, kNames, seen, [&](int index, od::value& value) {
      if (index == 0) return finiteNumber(value, c.budgetMs);
      long long n = 0;
      if (!integer(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), n))
        return false;
      c.maxIterations = static_cast<int>(n);
      return true;
    });
  }

  bool autoDebounce(od::value& v) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"enabled", "thresholdMs", "minRuns", "delayMs"};
    AutoDebounceSettings& a = doc_.settings.autoDebounce;
    std::uint32_t seen = 0;
    return fields(o, kNames, seen, [&](int index, od::value& value) {
      long long n = 0;
      switch (index) {
        case 0: return value.get_bool().get(a.enabled) == SUCCESS;
        case 1: return finiteNumber(value, a.thresholdMs);
        case 2:
          if (!integer(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), n))
            return false;
          a.minRuns = static_cast<int>(n);
          return true;
        case 3: return finiteNumber(value, a.delayMs);
        default: return false;
      }
    });
  }

  bool cells(od::value& v) {
    od::object o;
    if (!object(v, o)) return false;
    const std::uint64_t limit = std::min(limits_.maxCells, kMaxIndexable);
    for (auto result : o) {
      od::field field;
      if (std::move(result).get(field) != SUCCESS) return false;
      if (doc_.cells.size() >= limit) return false;
      std::string_view id;
      if (field.unescaped_key().get(id) != SUCCESS) return false;
      Cell cell{std::string(id), 0};
      if (!finiteNumber(field.value(), cell.initial)) return false;
      doc_.cells.push_back(std::move(cell));
    }
    return true;
  }

  bool actions(od::value& v) {
    od::array array;
    if (v.get_array().get(array) != SUCCESS) return false;
    const std::uint64_t limit = std::min(limits_.maxActions, kMaxIndexable);
    // Sized first, so a million actions are not moved through a series of doublings.
    std::size_t count = 0;
    if (array.count_elements().get(count) != SUCCESS || count > limit) return false;
    doc_.actions.reserve(count);
    Prefaulter prefaulter;
    prefaulter.start(doc_.actions.data(), count * sizeof(Action));
    for (auto result : array) {
      od::value element;
      if (std::move(result).get(element) != SUCCESS) return false;
      if (doc_.actions.size() >= limit) return false;
      doc_.actions.emplace_back();
      if (!action(element, doc_.actions.back())) return false;
    }
    return true;
  }

  bool action(od::value& v, Action& a) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"id",   "kind",   "reads",      "writes",
                                                  "expr", "costMs", "debounceMs", "label"};
    a.readsFromExpr = true;
    std::uint32_t seen = 0;
    const bool read = fields(o, kNames, seen, [&](int index, od::value& value) {
      switch (index) {
        case 0: return text(value, a.id);
        case 1: {
          std::string_view kind;
          if (!text(value, kind)) return false;
          const auto parsed = parseActionKind(kind);
          if (!parsed) return false;
          a.kind = *parsed;
          return true;
        }
        case 2:
          a.readsFromExpr = false;
          return strings(value, a.reads, scratch_);
        case 3: return strings(value, a.writes, scratch_);
        case 4: {
          std::string_view s;
          if (!text(value, s)) return false;
          a.expr.emplace(s);
          return true;
        }
        case 5: return finiteNumber(value, a.costMs);
        case 6: return finiteNumber(value, a.debounceMs);
        case 7: {
          std::string_view s;
          if (!text(value, s)) return false;
          a.label.emplace(s);
          return true;
        }
        default: return false;
      }
    });
    return read && (seen & 3u) == 3u;  // "id" and "kind" are required
  }

  bool events(od::value& v) {
    return elements(v, [&](od::value& element) {
      doc_.events.emplace_back();
      return event(element, doc_.events.back());
    });
  }

  static bool event(od::value& v, Event& e) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"atMs", "set", "session", "spawn"};
    std::uint32_t seen = 0;
    const bool read = fields(o, kNames, seen, [&](int index, od::value& value) {
      switch (index) {
        case 0: return finiteNumber(value, e.atMs);
        case 1: return assignments(value, e.set);
        case 2: {
          std::string_view s;
          if (!text(value, s)) return false;
          e.session.emplace(s);
          return true;
        }
        case 3:
          return elements(value, [&](od::value& element) {
            e.spawn.emplace_back();
            return task(element, e.spawn.back());
          });
        default: return false;
      }
    });
    return read && (seen & 1u);  // "atMs" is required
  }

  static bool assignments(od::value& v, std::vector<Assignment>& out) {
    od::object o;
    if (!object(v, o)) return false;
    for (auto result : o) {
      od::field field;
      if (std::move(result).get(field) != SUCCESS) return false;
      std::string_view cell;
      if (field.unescaped_key().get(cell) != SUCCESS) return false;
      Assignment assignment{std::string(cell), 0};
      if (!finiteNumber(field.value(), assignment.value)) return false;
      out.push_back(std::move(assignment));
    }
    return true;
  }

  static bool task(od::value& v, SpawnTask& t) {
    od::object o;
    if (!object(v, o)) return false;
    static constexpr std::string_view kNames[] = {"name", "delayMs", "waitUntil"};
    std::uint32_t seen = 0;
    const bool read = fields(o, kNames, seen, [&](int index, od::value& value) {
      switch (index) {
        case 0: return text(value, t.name);
        case 1: return finiteNumber(value, t.delayMs);
        case 2: return value.get_bool().get(t.waitUntil) == SUCCESS;
        default: return false;
      }
    });
    return read && (seen & 1u);  // "name" is required
  }

  const LoadLimits& limits_;
  GraphDocument& doc_;
  ReadOutcome& outcome_;
  std::vector<std::string_view> scratch_;  // strings(): reused for every array
};

}  // namespace

bool readGraphFast(std::string_view bytes, std::size_t capacity, const LoadLimits& limits,
                   GraphDocument& document, ReadOutcome& outcome) {
  try {
    FastReader reader(limits, document, outcome);
    if (capacity >= bytes.size() + kFastReadPadding)
      return reader.run(simdjson::padded_string_view(bytes.data(), bytes.size(), capacity));
    const simdjson::padded_string copy(bytes);  // bytes the caller owns, without padding
    return reader.run(copy);
  } catch (const std::bad_alloc&) {
    return false;  // the slow path needs less memory; it reports what it can
  }
}

}  // namespace tickscope::graph::detail
