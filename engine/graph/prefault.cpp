#include "graph/prefault_p.h"

#include <cstdint>
#include <system_error>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tickscope::graph::detail {

void Prefaulter::start([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
  wait();
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  constexpr std::uintptr_t kPage = 4096;
  constexpr std::size_t kWorthIt = std::size_t{8} << 20;  // below: not worth a thread
  if (data == nullptr || bytes < kWorthIt || std::thread::hardware_concurrency() < 2) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kPage - 1);
  try {
    thread_ = std::thread([begin, end] {
      // In slices, so the owner, filling from the front, soon finds its pages mapped.
      constexpr std::uintptr_t kSlice = std::uintptr_t{1} << 20;
      for (std::uintptr_t at = begin; at < end; at += kSlice) {
        const std::uintptr_t stop = at + kSlice < end ? at + kSlice : end;
        if (::madvise(reinterpret_cast<void*>(at), stop - at, MADV_POPULATE_WRITE) != 0) return;
      }
    });
  } catch (const std::system_error&) {
    // No thread: the owner faults its pages in itself.
  }
#endif
}

}  // namespace tickscope::graph::detail
