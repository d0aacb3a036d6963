#pragma once
// PseudoRandom: the generator of js-reactivity-benchmark's dynamic graphs
// (src/util/pseudoRandom.ts: xmur3a string hash seeding sfc32, both from bryc's public-domain
// PRNG collection), reproduced bit for bit so the graphs, and therefore the published
// expected sums and computation counts, are the same.
#include <cstdint>
#include <string_view>

namespace tickscope::shapes {

class PseudoRandom {
 public:
  // PseudoRandom: seeded from `seed` as pseudoRandom(seed) is ("seed" by default).
  explicit PseudoRandom(std::string_view seed = "seed");
  // next: the next number in [0, 1), as the JavaScript generator returns it.
  double next();

 private:
  std::uint32_t a_, b_, c_, d_;
};

}  // namespace tickscope::shapes
