#include "trace/json_writer.h"

#include <charconv>
#include <cmath>

namespace tickscope::trace {

void appendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "nan";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "inf" : "-inf";
    return;
  }
  char buf[32];
  // Whole numbers print as integers (100000, not the shorter 1e+05); -0 prints as 0.
  if (std::abs(value) < 1e15 && std::trunc(value) == value) {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value)).ptr);
    return;
  }
  out.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

std::string formatNumber(double value) {
  std::string s;
  appendNumber(s, value);
  return s;
}

void appendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  // Runs that need no escape (all of a report's ids, usually) are appended whole: a 100,000-
  // action report writes about a million strings.
  std::size_t plain = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[(c >> 4) & 0xf];
        out += kHex[c & 0xf];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void JsonWriter::indent(std::size_t depth) {
  buffer_ += '\n';
  buffer_.append(depth * 2, ' ');
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (stack_.empty()) return;
  Frame& f = stack_.back();
  if (!f.empty) buffer_ += f.layout == Layout::Lines ? "," : ", ";
  if (f.layout == Layout::Lines) indent(stack_.size());
  f.empty = false;
}

void JsonWriter::begin(char open, Layout layout, bool object) {
  beforeValue();
  buffer_ += open;
  stack_.push_back(Frame{layout, object});
}

void JsonWriter::end(char close) {
  const Frame f = stack_.back();
  stack_.pop_back();
  if (f.layout == Layout::Lines && !f.empty) indent(stack_.size());
  buffer_ += close;
  maybeFlush();
}

void JsonWriter::beginObject(Layout layout) { begin('{', layout, true); }
void JsonWriter::endObject() { end('}'); }
void JsonWriter::beginArray(Layout layout) { begin('[', layout, false); }
void JsonWriter::endArray() { end(']'); }

void JsonWriter::key(std::string_view name) {
  beforeValue();
  appendJsonString(buffer_, name);
  buffer_ += ": ";
  afterKey_ = true;
}

void JsonWriter::number(double value) {
  if (!std::isfinite(value)) {
    null();
    return;
  }
  beforeValue();
  appendNumber(buffer_, value);
  maybeFlush();
}

void JsonWriter::integer(std::int64_t value) {
  beforeValue();
  char buf[24];
  buffer_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  maybeFlush();
}

void JsonWriter::unsignedInteger(std::uint64_t value) {
  beforeValue();
  char buf[24];
  buffer_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  maybeFlush();
}

void JsonWriter::boolean(bool value) {
  beforeValue();
  buffer_ += value ? "true" : "false";
}

void JsonWriter::string(std::string_view text) {
  beforeValue();
  appendJsonString(buffer_, text);
  maybeFlush();
}

void JsonWriter::null() {
  beforeValue();
  buffer_ += "null";
}

void JsonWriter::newline() { buffer_ += '\n'; }

void JsonWriter::flush() {
  if (buffer_.empty()) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace tickscope::trace
