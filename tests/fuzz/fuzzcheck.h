#pragma once

// What the parser targets share: the input as bytes, and a finding when what a parser returned does not hold together.
#include <QByteArrayView>

#include <cstdint>
#include <cstdlib>

namespace nsviz::fuzz {

inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return {reinterpret_cast<const char *>(data), qsizetype(size)};
}

inline void check(bool condition)
{
    if (!condition)
        std::abort(); // a finding: libFuzzer keeps the input that led here
}

} // namespace nsviz::fuzz
