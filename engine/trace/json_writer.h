#pragma once
// JsonWriter: a small streaming JSON writer for the exporters (report, Chrome trace). Output
// is deterministic and locale-independent: numbers go through std::to_chars (shortest form
// that reads back to the same double, so 12.0 prints as 12; see formatNumber), non-finite numbers print as
// null, strings are escaped per RFC 8259. It buffers and writes to a std::ostream in chunks,
// so a trace of millions of events never sits in memory twice.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tickscope::trace {

// formatNumber: `value` in the shortest round-trip decimal form, locale-independent; whole
// numbers below 1e15 print as integers (100000, never 1e+05), -0 as 0; NaN and infinities
// print as "nan", "inf", "-inf" (JSON writers print null).
std::string formatNumber(double value);
// appendNumber: as formatNumber, appended to `out`.
void appendNumber(std::string& out, double value);
// appendJsonString: `text` as a quoted, escaped JSON string, appended to `out`.
void appendJsonString(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // Layout of one container. Compact: `{"a": 1, "b": 2}` on one line. Lines: each element
  // on its own line, indented two spaces per nesting level.
  enum class Layout { Compact, Lines };

  explicit JsonWriter(std::ostream& out) : out_(out) {}
  // ~JsonWriter: flushes what is buffered (errors are left in the stream's state).
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void beginObject(Layout layout = Layout::Compact);
  void endObject();
  void beginArray(Layout layout = Layout::Compact);
  void endArray();
  // key: the next member's name. Precondition: inside an object, not right after key().
  void key(std::string_view name);

  void number(double value);  // non-finite -> null
  void integer(std::int64_t value);
  void unsignedInteger(std::uint64_t value);
  void boolean(bool value);
  void string(std::string_view text);
  void null();

  // newline: ends the document's last line (call once after the top-level value).
  void newline();
  // flush: hands the buffer to the stream.
  void flush();

 private:
  struct Frame {
    Layout layout;
    bool object;
    bool empty = true;
  };
  void beforeValue();
  void begin(char open, Layout layout, bool object);
  void end(char close);
  void indent(std::size_t depth);
  void maybeFlush() {
    if (buffer_.size() >= kChunk) flush();
  }

  static constexpr std::size_t kChunk = 1 << 16;
  std::ostream& out_;
  std::string buffer_;
  std::vector<Frame> stack_;
  bool afterKey_ = false;
};

}  // namespace tickscope::trace
