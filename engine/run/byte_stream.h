#pragma once
// ByteWriter / ByteReader: the little-endian binary encoding of recordings (run/recording.h,
// docs/recording-format.md). Fixed-size integers and IEEE doubles as their bytes, strings as
// a u32 length and UTF-8 bytes. The reader checks every read against the end of its buffer
// and throws RecordingError naming the file offset where the data ended or was wrong, so a
// damaged recording is an error message, never a crash or an overread.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace tickscope::run {

// RecordingError: a recording cannot be read (or written); what() names the file and, for a
// damaged file, the offset. `offset` is that offset (npos when not about one).
class RecordingError : public std::runtime_error {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  explicit RecordingError(const std::string& message, std::size_t offset = npos)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

class ByteWriter {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { raw(v); }
  void u32(std::uint32_t v) { raw(v); }
  void u64(std::uint64_t v) { raw(v); }
  void f64(double v) { raw(v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    bytes_.append(s.data(), s.size());
  }
  void bytes(std::string_view s) { bytes_.append(s.data(), s.size()); }
  // patchU32: overwrites the u32 at `at` (a count known only after its items).
  void patchU32(std::size_t at, std::uint32_t v) { std::memcpy(bytes_.data() + at, &v, sizeof v); }
  std::size_t size() const { return bytes_.size(); }
  const std::string& data() const { return bytes_; }
  std::string take() { return std::move(bytes_); }
  void clear() { bytes_.clear(); }

 private:
  template <class T>
  void raw(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    bytes_.append(b, sizeof(T));
  }
  std::string bytes_;
};

class ByteReader {
 public:
  // ByteReader: reads `data`, which starts at `base` in the file (for the offsets of errors).
  ByteReader(std::string_view data, std::size_t base) : data_(data), base_(base) {}

  std::uint8_t u8() { return raw<std::uint8_t>(); }
  std::uint16_t u16() { return raw<std::uint16_t>(); }
  std::uint32_t u32() { return raw<std::uint32_t>(); }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  double f64() { return raw<double>(); }
  std::string str() {
    const std::uint32_t n = u32();
    need(n, "a string");
    std::string s(data_.substr(at_, n));
    at_ += n;
    return s;
  }
  std::string_view bytes(std::size_t n) {
    need(n, "a block");
    std::string_view s = data_.substr(at_, n);
    at_ += n;
    return s;
  }
  // count: a u32 count of items of at least `minItemBytes` each, checked against what is
  // left (a flipped bit in a count must not make a reader allocate gigabytes).
  std::uint32_t count(std::size_t minItemBytes) {
    const std::size_t at = offset();
    const std::uint32_t n = u32();
    if (minItemBytes > 0 && n > left() / minItemBytes)
      throw RecordingError("a count of " + std::to_string(n) + " items does not fit in what is left", at);
    return n;
  }
  std::size_t left() const { return data_.size() - at_; }
  bool atEnd() const { return at_ == data_.size(); }
  std::size_t offset() const { return base_ + at_; }  // in the file
  [[noreturn]] void fail(const std::string& what) const { throw RecordingError(what, offset()); }

 private:
  void need(std::size_t n, const char* what) const {
    if (n > left()) throw RecordingError(std::string("the data ends inside ") + what, offset());
  }
  template <class T>
  T raw() {
    need(sizeof(T), "a number");
    T v;
    std::memcpy(&v, data_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  std::string_view data_;
  std::size_t base_;
  std::size_t at_ = 0;
};

}  // namespace tickscope::run
