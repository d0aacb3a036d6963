#pragma once
// kAddressSanitizer: whether this translation unit is built with AddressSanitizer (GCC defines
// __SANITIZE_ADDRESS__, clang answers __has_feature). For bounds that must differ there (ASan
// frames are larger and slower) and for pools that would hide a use after free.

namespace tickscope::sched {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace tickscope::sched
