#pragma once
// SmallList: a list of trivially copyable values that keeps up to N of them inline and moves
// to the heap beyond. Hand-written rather than boost::container::small_vector because of its
// header: 8 bytes (size, capacity) sharing room with the inline values, against the 24 of a
// pointer, size and capacity beside them. The runtime holds six such lists per action and two
// per cell; at 100,000 nodes the difference decides how much of a graph fits in the cache.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <utility>

namespace tickscope::reactive::detail {

template <class T, std::uint32_t N>
class SmallList {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  static_assert(N >= 1);

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallList() noexcept {}
  SmallList(const SmallList& other) { assign(other.begin(), other.end()); }
  SmallList(SmallList&& other) noexcept { steal(other); }
  template <class It>
  SmallList(It first, It last) {
    assign(first, last);
  }
  SmallList& operator=(const SmallList& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  SmallList& operator=(SmallList&& other) noexcept {
    if (this != &other) {
      release();
      steal(other);
    }
    return *this;
  }
  ~SmallList() { release(); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return capacity_ > N ? storage_.heap : storage_.local; }
  const T* data() const { return capacity_ > N ? storage_.heap : storage_.local; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& back() { return data()[size_ - 1]; }

  void clear() { size_ = 0; }
  void push_back(const T& value) {
    if (size_ == capacity_) grow(capacity_ * 2);
    data()[size_++] = value;
  }
  template <class It>
  void assign(It first, It last) {
    const auto n = static_cast<std::uint32_t>(std::distance(first, last));
    if (n > capacity_) grow(n);
    std::copy(first, last, data());
    size_ = n;
  }
  // erase: removes [first, last) (iterators into this list), keeping the order.
  T* erase(T* first, T* last) {
    T* out = std::copy(last, end(), first);
    size_ = static_cast<std::uint32_t>(out - data());
    return first;
  }

  friend bool operator==(const SmallList& a, const SmallList& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  void grow(std::uint32_t capacity) {
    T* heap = new T[capacity];
    std::copy(begin(), end(), heap);
    release();
    storage_.heap = heap;
    capacity_ = capacity;
  }
  void release() {
    if (capacity_ > N) delete[] storage_.heap;
    capacity_ = N;
  }
  void steal(SmallList& other) {
    size_ = other.size_;
    capacity_ = other.capacity_;
    if (capacity_ > N) {
      storage_.heap = other.storage_.heap;
    } else {
      std::memcpy(static_cast<void*>(storage_.local), other.storage_.local, sizeof(T) * size_);
    }
    other.size_ = 0;
    other.capacity_ = N;
  }

  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = N;  // > N: the values are on the heap
  union Storage {
    Storage() noexcept {}
    T local[N];
    T* heap;
  } storage_;
};

}  // namespace tickscope::reactive::detail
