#pragma once
// StableArena: objects constructed one after another in chunks that never move, so references
// stay valid while more are added; indexed in construction order. For the runtime's action
// slots: allocated one by one, 64-byte aligned slots cost ~150 bytes of allocator overhead
// each (measured: 100,000 slots of 384 bytes took 54 MB of RSS, in chunks 39 MB), and chunks
// keep consecutive actions next to each other.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace tickscope::reactive::detail {

template <class T, std::size_t ChunkSize = 256>
class StableArena {
 public:
  StableArena() = default;
  StableArena(const StableArena&) = delete;
  StableArena& operator=(const StableArena&) = delete;
  ~StableArena() {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) (*it)->~T();
  }

  // emplace: constructs the next object (nothing is added if its constructor throws).
  template <class... Args>
  T& emplace(Args&&... args) {
    if (items_.size() == items_.capacity()) items_.reserve(std::max<std::size_t>(ChunkSize, items_.capacity() * 2));
    if (chunks_.empty() || used_ == ChunkSize) {
      chunks_.push_back(std::make_unique<Storage[]>(ChunkSize));
      used_ = 0;
    }
    T* item = new (&chunks_.back()[used_]) T(std::forward<Args>(args)...);
    ++used_;
    items_.push_back(item);
    return *item;
  }

  std::size_t size() const { return items_.size(); }
  T& operator[](std::size_t i) { return *items_[i]; }
  const T& operator[](std::size_t i) const { return *items_[i]; }
  T* pointer(std::size_t i) const { return items_[i]; }
  auto begin() const { return items_.begin(); }  // iterates T*
  auto end() const { return items_.end(); }

 private:
  struct Storage {
    alignas(T) unsigned char bytes[sizeof(T)];
  };
  std::vector<std::unique_ptr<Storage[]>> chunks_;
  std::size_t used_ = 0;  // constructed objects in the last chunk
  std::vector<T*> items_;
};

}  // namespace tickscope::reactive::detail
