#include "sched/many.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace tickscope::sched {

namespace {
std::optional<std::uint64_t> envNumber(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(value, &end, 10);
  if (*end != '\0') {
    std::fprintf(stderr, "tickscope: ignoring %s=%s (not a number)\n", name, value);
    return std::nullopt;
  }
  return n;
}
}  // namespace

std::vector<std::uint64_t> seedsFromEnvironment(std::size_t n, std::uint64_t firstSeed) {
  if (auto seed = envNumber("TICKSCOPE_SEED")) return {*seed};
  if (auto iterations = envNumber("TICKSCOPE_ITERATIONS")) n = static_cast<std::size_t>(*iterations);
  std::vector<std::uint64_t> seeds;
  seeds.reserve(n);
  for (std::size_t i = 0; i < n; ++i) seeds.push_back(firstSeed + i);
  return seeds;
}

void many(std::size_t n, const std::function<void(TestScheduler&)>& f, ManyOptions options) {
  for (std::uint64_t seed : seedsFromEnvironment(n, options.firstSeed)) {
    TestScheduler::Config config = options.config;
    config.seed = seed;
    auto reportSeed = [seed] {
      std::fprintf(stderr, "tickscope: failing seed %llu (replay with TICKSCOPE_SEED=%llu)\n",
                   static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    };
    try {
      TestScheduler scheduler(config);
      f(scheduler);
    } catch (...) {
      reportSeed();
      throw;
    }
    if (options.failed && options.failed()) {
      reportSeed();
      return;
    }
  }
}

}  // namespace tickscope::sched
