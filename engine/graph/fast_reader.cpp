#include "graph/fast_reader_p.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string.h>  // memmem
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <simdjson.h>

#include "graph/prefault_p.h"
#include "graph/schema_p.h"

// A strict, schema-directed JSON reader: one pass over the bytes, no token index, no tree.
// Every function returns false to give up: the caller then runs the nlohmann reader
// (reader.cpp) from the start, and that one reports whatever made this one give up. So this
// reader only has to be at least as strict as nlohmann's grammar and reader.cpp's schema, and
// to read what it accepts exactly as they do:
// - the input is valid UTF-8 (checked first, for the whole buffer, by simdjson's
//   validate_utf8), has no NUL (the loader checks), and no byte-order mark;
// - whitespace is JSON's four characters; after the top-level object only whitespace;
// - strings hold no control character and only the escapes \" \\ \/ \b \f \n \r \t (\u
//   gives up: surrogates are where JSON parsers have differed);
// - numbers follow RFC 8259's grammar; integers in 64-bit range read as nlohmann reads them,
//   other numbers through std::from_chars (correctly rounded, as nlohmann's strtod);
// - only the schema's keys (schema_p.h), each at most once, the required ones given, with the
//   schema's types; null never;
// - the limits reader.cpp enforces (actions, cells, depth) make it give up, not report.

namespace tickscope::graph::detail {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

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

// The index of `key` in `names` (a schema table's kKeyNames), or -1.
template <std::size_t N>
int keyIndex(std::string_view key, const std::array<std::string_view, N>& names) {
  if (key.empty()) return -1;
  for (std::size_t i = 0; i < N; ++i)
    if (names[i].front() == key.front() && names[i] == key) return static_cast<int>(i);
  return -1;
}

class FastReader {
 public:
  FastReader(const LoadLimits& limits, GraphDocument& document, ReadOutcome& outcome)
      : limits_(limits), doc_(document), outcome_(outcome) {}

  // fromBuffer: the whole input is in memory.
  bool fromBuffer(std::string_view bytes) {
    if (!simdjson::validate_utf8(bytes.data(), bytes.size())) return false;
    p_ = bytes.data();
    end_ = bytes.data() + bytes.size();
    total_ = bytes.size();
    return run();
  }

  // fromFile: the input streams through a window (see refill()).
  bool fromFile(std::FILE* file, std::uint64_t expectedBytes, StreamTimings& timings,
                std::size_t window) {
    file_ = file;
    timings_ = &timings;
    total_ = expectedBytes;  // an estimate until the end is reached (for sizing only)
    if (window != 0) {
      windowBytes_ = std::max<std::size_t>(window, 16);
      lowBytes_ = windowBytes_ / 4;
    }
    window_.reset(new char[windowBytes_]);
    p_ = end_ = filled_ = window_.get();
    eof_ = false;
    return refill(true) && run();
  }

 private:
  bool run() {
    // Depth: the schema nests 5 levels (root, events, event, spawn, task); the reader
    // counts them against maxDepth, so a lower limit goes the slow way.
    if (limits_.maxDepth < 5) return false;
    std::uint32_t seen = 0;
    const bool read = fields<RootKey>(seen, [&](RootKey key) {
      switch (key) {
        case RootKey::Version: {
          Number n;
          return number(n) && n.value() == 1;
        }
        case RootKey::Name:
          outcome_.hasName = true;
          return text(doc_.name);
        case RootKey::Description: return optionalText(doc_.description);
        case RootKey::Settings: return settings();
        case RootKey::Cells: return cells();
        case RootKey::Actions: return actions();
        case RootKey::Events: return events();
      }
      return false;
    });
    if (!read) return false;
    // Nothing but whitespace may follow the top-level object.
    while (true) {
      skipSpace();
      if (p_ != end_) return false;
      if (eof_) return true;
      if (!refill(true)) return false;
    }
  }

  // --- the input window ---
  // A file is read in slices into a window of 4 MiB. At the start of every array element
  // and object member (where no view of the window is held, except in strings(), which
  // never refills), refill() moves what is left to the front and reads more once less than
  // 1 MiB is left, so any element of up to 1 MiB is whole in the window when
  // it is read. A bigger one runs into the window's end: the reader gives up, and the loader
  // reads the whole file and runs the reference reader (as for any other problem). Each
  // slice is checked as UTF-8 up to its last complete character before it is read.
  bool refill(bool force = false) {
    if (eof_ || (!force && static_cast<std::size_t>(end_ - p_) >= lowBytes_)) return true;
    char* const base = window_.get();
    // Keep [p_, filled): the unread bytes, with an incomplete character after end_.
    const auto keep = static_cast<std::size_t>(filled_ - p_);
    std::memmove(base, p_, keep);
    const auto checked = static_cast<std::size_t>(end_ - p_);
    consumed_ += static_cast<std::size_t>(p_ - base);
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = std::fread(base + keep, 1, windowBytes_ - keep, file_);
    timings_->readSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (std::ferror(file_)) return false;
    read_ += n;
    if (read_ > limits_.maxFileBytes) return false;  // the reference path reports it
    p_ = base;
    filled_ = base + keep + n;
    if (n == 0) eof_ = true;
    // Check up to the last complete character (all of it at the end of the file).
    const char* complete = filled_;
    if (!eof_) {
      for (int back = 1; back <= 3 && filled_ - back >= base + checked; ++back) {
        const auto c = static_cast<unsigned char>(*(filled_ - back));
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte
        const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (length > back) complete = filled_ - back;
        break;
      }
    }
    const char* from = base + checked;
    if (!simdjson::validate_utf8(from, static_cast<std::size_t>(complete - from))) return false;
    end_ = complete;
    if (eof_) total_ = read_;
    return true;
  }
  // offset: bytes of the input before p_.
  std::size_t offset() const {
    return file_ != nullptr ? consumed_ + static_cast<std::size_t>(p_ - window_.get())
                            : static_cast<std::size_t>(p_ - (end_ - total_));
  }

  // --- the grammar ---
  void skipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  // consume: skips whitespace, then `c` if it is next.
  bool consume(char c) {
    skipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  // text: a string value (whitespace first). Without escapes, a view of the input; with
  // them, of `scratch` (valid until its next use).
  bool text(std::string_view& out, std::string& scratch) {
    skipSpace();
    if (p_ >= end_ || *p_ != '"') return false;
    const char* begin = ++p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
        ++p_;
        return true;
      }
      if (c == '\\') break;
      if (c < 0x20) return false;
      ++p_;
    }
    scratch.assign(begin, p_);
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        out = scratch;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++p_ >= end_) return false;
        switch (*p_) {
          case '"': scratch += '"'; break;
          case '\\': scratch += '\\'; break;
          case '/': scratch += '/'; break;
          case 'b': scratch += '\b'; break;
          case 'f': scratch += '\f'; break;
          case 'n': scratch += '\n'; break;
          case 'r': scratch += '\r'; break;
          case 't': scratch += '\t'; break;
          default: return false;  // \u, or not an escape
        }
      } else {
        scratch += static_cast<char>(c);
      }
      ++p_;
    }
    return false;
  }
  bool text(std::string_view& out) { return text(out, valueScratch_); }
  // enumText: a string `parse` maps to a value (an unknown one fails, as any mismatch does).
  template <class T, class Parse>
  bool enumText(T& out, Parse parse) {
    std::string_view s;
    if (!text(s)) return false;
    const auto parsed = parse(s);
    if (!parsed) return false;
    out = *parsed;
    return true;
  }
  bool optionalText(std::optional<std::string>& out) {
    std::string_view s;
    if (!text(s)) return false;
    out.emplace(s);
    return true;
  }
  bool text(std::string& out) {
    std::string_view s;
    if (!text(s)) return false;
    out.assign(s);
    return true;
  }

  // number: a JSON number (whitespace first) as nlohmann reads it. Non-negative integers
  // are "unsigned" there (the value is the same either way); an integer out of 64-bit
  // range, which nlohmann reads as a double, gives up, and so do subnormal results.
  bool number(Number& out) {
    skipSpace();
    const char* first = p_;
    const char* q = p_;
    const bool negative = q < end_ && *q == '-';
    if (negative) ++q;
    if (q >= end_ || !isDigit(*q)) return false;
    if (*q == '0') ++q;
    else
      while (q < end_ && isDigit(*q)) ++q;
    bool integral = true;
    if (q < end_ && *q == '.') {
      integral = false;
      ++q;
      if (q >= end_ || !isDigit(*q)) return false;
      while (q < end_ && isDigit(*q)) ++q;
    }
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      integral = false;
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      if (q >= end_ || !isDigit(*q)) return false;
      while (q < end_ && isDigit(*q)) ++q;
    }
    p_ = q;  // what follows is judged by the caller (',', '}' or ']' after whitespace)
    if (integral) {
      if (negative) {
        out.type = Number::Type::Int;
        const auto [end, ec] = std::from_chars(first, q, out.i);
        return ec == std::errc() && end == q;
      }
      out.type = Number::Type::Uint;
      const auto [end, ec] = std::from_chars(first, q, out.u);
      return ec == std::errc() && end == q;
    }
    out.type = Number::Type::Float;
    const auto [end, ec] = std::from_chars(first, q, out.d, std::chars_format::general);
    return ec == std::errc() && end == q && std::isfinite(out.d) &&
           (out.d == 0 || std::isnormal(out.d));
  }
  bool finiteNumber(double& out) {
    Number n;
    if (!number(n)) return false;
    out = n.value();
    return std::isfinite(out);
  }
  bool integer(long long min, long long max, long long& out) {
    Number n;
    return number(n) && detail::integer(n, min, max, out);
  }
  bool boolean(bool& out) {
    skipSpace();
    const auto left = static_cast<std::size_t>(end_ - p_);
    if (left >= 4 && std::memcmp(p_, "true", 4) == 0) {
      p_ += 4;
      out = true;
      return true;
    }
    if (left >= 5 && std::memcmp(p_, "false", 5) == 0) {
      p_ += 5;
      out = false;
      return true;
    }
    return false;
  }

  // fields: an object of the schema (schema_p.h) with the keys of `Key`: every key known, none
  // twice, every required one given; onField(key) reads the value. The object's key views are
  // of keyScratch_ or the input.
  template <class Key, class OnField>
  bool fields(std::uint32_t& seen, OnField&& onField) {
    constexpr const auto& names = kKeyNames<Key>;
    if (!consume('{')) return false;
    if (consume('}')) return kRequiredMask<Key> == 0;
    do {
      if (!refill()) return false;
      std::string_view key;
      if (!text(key, keyScratch_) || !consume(':')) return false;
      const int index = keyIndex(key, names);
      if (index < 0 || (seen & (1u << index))) return false;
      seen |= 1u << index;
      if (!onField(static_cast<Key>(index))) return false;
    } while (consume(','));
    return consume('}') && (seen & kRequiredMask<Key>) == kRequiredMask<Key>;
  }
  // members: an object of any keys (cells, set); onMember(key) reads the value.
  template <class OnMember>
  bool members(OnMember&& onMember) {
    if (!consume('{')) return false;
    if (consume('}')) return true;
    do {
      if (!refill()) return false;
      std::string_view key;
      if (!text(key, keyScratch_) || !consume(':')) return false;
      if (!onMember(key)) return false;
    } while (consume(','));
    return consume('}');
  }
  // elements: an array; `refills` false where the caller holds views of earlier elements.
  template <class OnElement>
  bool elements(OnElement&& onElement, bool refills = true) {
    if (!consume('[')) return false;
    if (consume(']')) return true;
    do {
      if (refills && !refill()) return false;
      if (!onElement()) return false;
    } while (consume(','));
    return consume(']');
  }
  // strings: an array of strings, allocated once (the elements are gathered first: views
  // of the input, or copies of escaped ones, whose scratch is reused).
  bool strings(std::vector<std::string>& out) {
    items_.clear();
    escaped_.clear();
    const bool read = elements([&] {
      std::string_view s;
      if (!text(s)) return false;
      if (s.data() == valueScratch_.data()) {
        escaped_.emplace_back(s);
        items_.push_back({{}, escaped_.size()});
      } else {
        items_.push_back({s, 0});
      }
      return true;
    }, false);
    if (!read) return false;
    out.reserve(out.size() + items_.size());
    for (const Item& item : items_) {
      if (item.escaped > 0) out.push_back(escaped_[item.escaped - 1]);
      else out.emplace_back(item.view);
    }
    return true;
  }

  // --- the schema ---
  bool settings() {
    Settings& s = doc_.settings;
    std::uint32_t seen = 0;
    return fields<SettingsKey>(seen, [&](SettingsKey key) {
      long long n = 0;
      switch (key) {
        case SettingsKey::Mode: return enumText(s.mode, parseMode);
        case SettingsKey::Seed: {
          Number seed;  // as reader.cpp: an unsigned integer is taken whole
          if (!number(seed)) return false;
          if (seed.type == Number::Type::Uint) {
            s.seed = seed.u;
            return true;
          }
          if (!detail::integer(seed, 0, std::numeric_limits<long long>::max(), n)) return false;
          s.seed = static_cast<std::uint64_t>(n);
          return true;
        }
        case SettingsKey::Epsilon: return finiteNumber(s.epsilon);
        case SettingsKey::Cycle: return cycle();
        case SettingsKey::AutoDebounce: return autoDebounce();
        case SettingsKey::Deprioritize: return strings(s.deprioritize);
      }
      return false;
    });
  }

  bool cycle() {
    CycleSettings& c = doc_.settings.cycle;
    std::uint32_t seen = 0;
    return fields<CycleKey>(seen, [&](CycleKey key) {
      long long n = 0;
      switch (key) {
        case CycleKey::BudgetMs: return finiteNumber(c.budgetMs);
        case CycleKey::MaxIterations:
          if (!integer(std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), n))
            return false;
          c.maxIterations = static_cast<int>(n);
          return true;
      }
      return false;
    });
  }

  bool autoDebounce() {
    AutoDebounceSettings& a = doc_.settings.autoDebounce;
    std::uint32_t seen = 0;
    return fields<AutoDebounceKey>(seen, [&](AutoDebounceKey key) {
      long long n = 0;
      switch (key) {
        case AutoDebounceKey::Enabled: return boolean(a.enabled);
        case AutoDebounceKey::ThresholdMs: return finiteNumber(a.thresholdMs);
        case AutoDebounceKey::MinRuns:
          if (!integer(std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), n))
            return false;
          a.minRuns = static_cast<int>(n);
          return true;
        case AutoDebounceKey::DelayMs: return finiteNumber(a.delayMs);
      }
      return false;
    });
  }

  bool cells() {
    const std::uint64_t limit = std::min(limits_.maxCells, kMaxIndexable);
    return members([&](std::string_view id) {
      if (doc_.cells.size() >= limit) return false;
      Cell cell{std::string(id), 0};
      if (!finiteNumber(cell.initial)) return false;
      doc_.cells.push_back(std::move(cell));
      return true;
    });
  }

  bool actions() {
    const std::uint64_t limit = std::min(limits_.maxActions, kMaxIndexable);
    // Sized once the first actions are read, from their bytes and what is left of the
    // input, so a million actions are not moved through a series of doublings; the pages
    // of the estimate are faulted in by a helper thread while the rest is read
    // (prefault_p.h), up to twice the input's size. A wrong estimate costs time or unused
    // capacity, never correctness.
    constexpr std::size_t kSample = 1024;
    const std::size_t begin = offset();
    Prefaulter prefaulter;
    const bool read = elements([&] {
      const std::size_t n = doc_.actions.size();
      if (n >= limit) return false;
      if (n == kSample) {
        const std::size_t used = std::max<std::size_t>(offset() - begin, 1);
        const std::size_t left = total_ > offset() ? total_ - offset() : 0;
        const std::size_t estimate =
            std::min<std::uint64_t>(limit, n + n * (left / used + 1) + n / 16);
        doc_.actions.reserve(estimate);
        prefaulter.start(doc_.actions.data() + n,
                         std::min((estimate - n) * sizeof(Action), 2 * total_));
      }
      doc_.actions.emplace_back();
      return action(doc_.actions.back());
    });
    prefaulter.wait();
    // Far too much room (what followed the actions was counted as more of them): give the
    // pages back before validation allocates its own.
    if (read && doc_.actions.capacity() > doc_.actions.size() + doc_.actions.size() / 4 + kSample)
      doc_.actions.shrink_to_fit();
    return read;
  }

  bool action(Action& a) {
    a.readsFromExpr = true;
    std::uint32_t seen = 0;
    return fields<ActionKey>(seen, [&](ActionKey key) {
      switch (key) {
        case ActionKey::Id: return text(a.id);
        case ActionKey::Kind: return enumText(a.kind, parseActionKind);
        case ActionKey::Reads:
          a.readsFromExpr = false;
          return strings(a.reads);
        case ActionKey::Writes: return strings(a.writes);
        case ActionKey::Expr: return optionalText(a.expr);
        case ActionKey::CostMs: return finiteNumber(a.costMs);
        case ActionKey::DebounceMs: return finiteNumber(a.debounceMs);
        case ActionKey::Label: return optionalText(a.label);
      }
      return false;
    });
  }

  bool events() {
    return elements([&] {
      doc_.events.emplace_back();
      return event(doc_.events.back());
    });
  }

  bool event(Event& e) {
    std::uint32_t seen = 0;
    return fields<EventKey>(seen, [&](EventKey key) {
      switch (key) {
        case EventKey::AtMs: return finiteNumber(e.atMs);
        case EventKey::Set:
          return members([&](std::string_view cell) {
            Assignment assignment{std::string(cell), 0};
            if (!finiteNumber(assignment.value)) return false;
            e.set.push_back(std::move(assignment));
            return true;
          });
        case EventKey::Session: {
          std::string_view s;
          if (!text(s)) return false;
          e.session.emplace(s);
          return true;
        }
        case EventKey::Spawn:
          return elements([&] {
            e.spawn.emplace_back();
            return task(e.spawn.back());
          });
      }
      return false;
    });
  }

  bool task(SpawnTask& t) {
    std::uint32_t seen = 0;
    return fields<SpawnTaskKey>(seen, [&](SpawnTaskKey key) {
      switch (key) {
        case SpawnTaskKey::Name: return text(t.name);
        case SpawnTaskKey::DelayMs: return finiteNumber(t.delayMs);
        case SpawnTaskKey::WaitUntil: return boolean(t.waitUntil);
      }
      return false;
    });
  }

  const char* p_ = nullptr;    // next byte to read
  const char* end_ = nullptr;  // end of what may be read (checked as UTF-8)
  std::size_t total_ = 0;      // the input's size (for a file: expected, exact at its end)
  // A file's window (refill()).
  std::FILE* file_ = nullptr;
  StreamTimings* timings_ = nullptr;
  std::unique_ptr<char[]> window_;
  std::size_t windowBytes_ = std::size_t{4} << 20;
  std::size_t lowBytes_ = std::size_t{1} << 20;
  const char* filled_ = nullptr;  // end of the bytes in the window (>= end_)
  std::size_t consumed_ = 0;      // bytes moved out of the window
  std::size_t read_ = 0;          // bytes read from the file
  bool eof_ = true;
  const LoadLimits& limits_;
  GraphDocument& doc_;
  ReadOutcome& outcome_;
  std::string keyScratch_;    // unescaped keys
  std::string valueScratch_;  // unescaped string values
  struct Item {
    std::string_view view;    // an element without escapes
    std::size_t escaped = 0;  // else 1 + its index in escaped_
  };
  std::vector<Item> items_;           // strings(): reused for every array
  std::vector<std::string> escaped_;  // strings(): its escaped elements
};

}  // namespace

bool readGraphFast(std::string_view bytes, const LoadLimits& limits, GraphDocument& document,
                   ReadOutcome& outcome) {
  try {
    return FastReader(limits, document, outcome).fromBuffer(bytes);
  } catch (const std::bad_alloc&) {
    return false;  // the slow path needs less memory; it reports what it can
  }
}

bool readGraphFast(std::FILE* file, std::uint64_t expectedBytes, const LoadLimits& limits,
                   GraphDocument& document, ReadOutcome& outcome, StreamTimings& timings,
                   std::size_t window) {
  try {
    return FastReader(limits, document, outcome).fromFile(file, expectedBytes, timings, window);
  } catch (const std::bad_alloc&) {
    return false;
  }
}

}  // namespace tickscope::graph::detail
