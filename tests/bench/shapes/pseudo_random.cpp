#include "bench/shapes/pseudo_random.h"

namespace tickscope::shapes {
namespace {

constexpr std::uint32_t rotl(std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// Xmur3a: MurmurHash3's mixing as a stream of 32-bit seeds (JavaScript's Math.imul and
// `>>> 0` are plain unsigned 32-bit arithmetic here).
class Xmur3a {
 public:
  explicit Xmur3a(std::string_view s) {
    for (char ch : s) {
      std::uint32_t k = static_cast<std::uint32_t>(static_cast<unsigned char>(ch)) * 3432918353u;
      k = rotl(k, 15);
      h_ ^= k * 461845907u;
      h_ = rotl(h_, 13);
      h_ = h_ * 5u + 3864292196u;
    }
    h_ ^= static_cast<std::uint32_t>(s.size());
  }
  std::uint32_t operator()() {
    h_ ^= h_ >> 16;
    h_ *= 2246822507u;
    h_ ^= h_ >> 13;
    h_ *= 3266489909u;
    h_ ^= h_ >> 16;
    return h_;
  }

 private:
  std::uint32_t h_ = 2166136261u;
};

}  // namespace

PseudoRandom::PseudoRandom(std::string_view seed) {
  Xmur3a hash(seed);
  a_ = hash();
  b_ = hash();
  c_ = hash();
  d_ = hash();
}

double PseudoRandom::next() {
  std::uint32_t t = a_ + b_;
  a_ = b_ ^ (b_ >> 9);
  b_ = c_ + (c_ << 3);
  c_ = rotl(c_, 21);
  d_ = d_ + 1;
  t = t + d_;
  c_ = c_ + t;
  return static_cast<double>(t) / 4294967296.0;
}

}  // namespace tickscope::shapes
