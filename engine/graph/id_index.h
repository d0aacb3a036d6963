#pragma once
// IdIndex: id -> index lookup for the cell and action tables of a GraphDocument. It stores
// only indices (open addressing, 8 bytes per slot); names are read back from the owning
// table through a `nameOf(index)` callable, so the index survives copies and moves of the
// owner and costs far less than a map of strings at millions of entries.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace tickscope::graph {

class IdIndex {
 public:
  // clear: forget every entry; reserve: make room for n entries without rehashing.
  void clear() { slots_.clear(); size_ = 0; }
  void reserve(std::size_t n);
  std::size_t size() const { return size_; }

  // find: the index stored under `id`, or nullopt. nameOf(i) returns the id of index i.
  template <class NameOf>
  std::optional<std::uint32_t> find(std::string_view id, NameOf&& nameOf) const {
    return find(id, hashOf(id), nameOf);
  }
  template <class NameOf>
  std::optional<std::uint32_t> find(std::string_view id, std::uint32_t hash, NameOf&& nameOf) const;

  // insert: stores `index` under `id` unless the id is already present; returns the index
  // already stored (the duplicate) or nullopt when inserted.
  template <class NameOf>
  std::optional<std::uint32_t> insert(std::string_view id, std::uint32_t index, NameOf&& nameOf) {
    return insert(id, hashOf(id), index, nameOf);
  }
  template <class NameOf>
  std::optional<std::uint32_t> insert(std::string_view id, std::uint32_t hash, std::uint32_t index,
                                      NameOf&& nameOf);

  // hashOf / prefetch: for loops that look up many ids, hash ahead and prefetch the slot so
  // the cache miss of a big table overlaps other work. hashOf is wyhash-style (64x64->128 bit
  // multiply-fold of 8-byte words), inline and a few nanoseconds for the short ids of graph
  // files (std::hash's murmur was a twentieth of a million-action load).
  static std::uint32_t hashOf(std::string_view id) {
    constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull;
    const auto* p = reinterpret_cast<const unsigned char*>(id.data());
    const std::size_t n = id.size();
    std::uint64_t seed = k0 ^ (n * k1);
    std::uint64_t a = 0, b = 0;
    if (n <= 16) {
      if (n >= 8) {
        a = load8(p);
        b = load8(p + n - 8);
      } else if (n >= 4) {
        a = load4(p);
        b = load4(p + n - 4);
      } else if (n > 0) {
        a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[n >> 1]} << 8) | p[n - 1];
      }
    } else {
      std::size_t i = 0;
      for (; i + 16 < n; i += 16) seed = mix(load8(p + i) ^ k1, load8(p + i + 8) ^ seed);
      a = load8(p + n - 16);
      b = load8(p + n - 8);
    }
    const std::uint64_t h = mix(k1 ^ n, mix(a ^ k1, b ^ seed));
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }
  void prefetch(std::uint32_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }

 private:
  static std::uint64_t load8(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static std::uint64_t load4(const unsigned char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  __extension__ typedef unsigned __int128 Wide;  // __extension__: no -Wpedantic warning
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    const Wide m = static_cast<Wide>(a) * b;
    return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
  }
  static std::uint64_t pack(std::uint32_t hash, std::uint32_t index) {
    return (static_cast<std::uint64_t>(hash) << 32) | (static_cast<std::uint64_t>(index) + 1);
  }
  void grow();

  // slot: (hash << 32) | (index + 1); 0 is empty.
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

template <class NameOf>
std::optional<std::uint32_t> IdIndex::find(std::string_view id, std::uint32_t hash,
                                           NameOf&& nameOf) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if (static_cast<std::uint32_t>(slot >> 32) == hash) {
      const auto index = static_cast<std::uint32_t>((slot & 0xffffffffu) - 1);
      if (nameOf(index) == id) return index;
    }
  }
}

template <class NameOf>
std::optional<std::uint32_t> IdIndex::insert(std::string_view id, std::uint32_t hash,
                                             std::uint32_t index, NameOf&& nameOf) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) {
      slots_[i] = pack(hash, index);
      ++size_;
      return std::nullopt;
    }
    if (static_cast<std::uint32_t>(slot >> 32) == hash) {
      const auto existing = static_cast<std::uint32_t>((slot & 0xffffffffu) - 1);
      if (nameOf(existing) == id) return existing;
    }
  }
}

}  // namespace tickscope::graph
