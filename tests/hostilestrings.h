#pragma once

// Random strings as a hostile host (or a hand-made snapshot) would hand them over: control characters, NUL, DEL and
// C1, markup, quotes, backslashes, bidirectional overrides, a byte order mark, non-characters, lone surrogates, pairs
// that must stay whole, and now and then 15-20 thousand of them (longer than Graphviz's 16 KiB token).

#include <QRandomGenerator>
#include <QString>

namespace nsviz::testing {

// Characters a hostile host would pick, and enough of the ordinary ones to make words.
inline QString hostileString(QRandomGenerator &rng)
{
    static const char16_t nasty[] = {0,      1,      7,      8,      9,      10,     13,     27,     0x7F,   0x85,
                                     0x9B,   '<',    '>',    '&',    '"',    '\'',   '\\',   ';',    '$',    '`',
                                     0x202E, 0x2066, 0x2028, 0xFEFF, 0xFFFE, 0xFFFF, 0xD800, 0xDC00, 0xFDD0, 0x00E9,
                                     0x4E2D, '{',    '}',    '[',    ']',    ':',    ',',    '/',    '%',    ' '};
    QString s;
    const int kind = rng.bounded(10);
    const int length = kind == 0 ? rng.bounded(15000, 20000) : rng.bounded(0, 40);
    for (int i = 0; i < length; ++i) {
        const int r = rng.bounded(100);
        if (r < 40)
            s += QChar(char16_t('a' + rng.bounded(26)));
        else if (r < 90)
            s += QChar(nasty[rng.bounded(int(std::size(nasty)))]);
        else if (r < 95)
            s += QStringLiteral("<script>alert(1)</script>");
        else
            s += QString::fromUcs4(U"\U0001F600"); // a surrogate pair that must stay whole
    }
    return s;
}

// The same, as text that a real host can produce: UTF-8 decoded, so no lone surrogates.
inline QString hostileHostString(QRandomGenerator &rng)
{
    return QString::fromUtf8(hostileString(rng).toUtf8());
}

} // namespace nsviz::testing
