#pragma once

// Clocks and statistics shared by the benchmarks.

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

namespace nsviz::bench {

inline double clockMs(clockid_t clock)
{
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
inline double wallMs() { return clockMs(CLOCK_MONOTONIC); }
inline double threadCpuMs() { return clockMs(CLOCK_THREAD_CPUTIME_ID); }

inline double median(std::vector<double> v)
{
    if (v.empty())
        return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace nsviz::bench
