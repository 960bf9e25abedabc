#pragma once

// Whether this test was built with AddressSanitizer: some limits (file descriptors, address space) mean nothing
// under its runtime, which needs both for itself.
namespace nsviz::testing {

inline bool underAddressSanitizer()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#endif
#endif
    return false;
}

} // namespace nsviz::testing
