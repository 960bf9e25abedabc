#include "escape.h"

namespace nsviz::escape {

namespace {

constexpr char16_t replacement = 0xFFFD;

bool isBidiControl(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool isNonCharacter(char32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

// Calls f(code point) for each character; a lone surrogate comes as U+FFFD.
template<typename F>
void forEachCodePoint(QStringView text, F &&f)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            f(QChar::surrogateToUcs4(u, text[i + 1].unicode()));
            ++i;
        } else if (QChar::isSurrogate(u)) {
            f(char32_t(replacement));
        } else {
            f(char32_t(u));
        }
    }
}

// What visible() shows for one code point; the code point itself where it is fine as it is.
char32_t visibleCodePoint(char32_t c)
{
    if (c < 0x20)
        return 0x2400 + c;
    if (c == 0x7F)
        return 0x2421;
    if (c == 0x2028 || c == 0x2029)
        return 0x2424;
    // Every format character too (Cf: bidi marks and overrides, zero-width characters, the soft hyphen, tags,
    // U+FEFF, which some readers such as Graphviz drop): invisible, they can hide or rearrange what is shown.
    // Not the joiners: Persian and Indic words and emoji sequences need them, and they move nothing.
    if (c == 0x200C || c == 0x200D)
        return c;
    if ((c >= 0x80 && c <= 0x9F) || isBidiControl(c) || isNonCharacter(c) || QChar::category(c) == QChar::Other_Format)
        return replacement;
    return c;
}

void appendCodePoint(QString &out, char32_t c)
{
    if (QChar::requiresSurrogates(c)) {
        out.append(QChar(QChar::highSurrogate(c)));
        out.append(QChar(QChar::lowSurrogate(c)));
    } else {
        out.append(QChar(char16_t(c)));
    }
}

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

void appendHex(QByteArray &out, const char *prefix, char32_t c, int digits)
{
    static const char hex[] = "0123456789abcdef";
    out.append(prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.append(hex[(c >> shift) & 0xF]);
}

QString xml(QStringView text, bool attribute)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    forEachCodePoint(text, [&](char32_t raw) {
        const char32_t c = visibleCodePoint(raw);
        switch (c) {
        case '&': out.append(QLatin1String("&amp;")); break;
        case '<': out.append(QLatin1String("&lt;")); break;
        case '>': out.append(QLatin1String("&gt;")); break;
        case '"': out.append(attribute ? QLatin1String("&quot;") : QLatin1String("\"")); break;
        case '\'': out.append(attribute ? QLatin1String("&apos;") : QLatin1String("'")); break;
        default: appendCodePoint(out, c);
        }
    });
    return out;
}

} // namespace

QString visible(QStringView text)
{
    QString out;
    out.reserve(text.size());
    forEachCodePoint(text, [&](char32_t c) { appendCodePoint(out, visibleCodePoint(c)); });
    return out;
}

QString xmlText(QStringView text)
{
    return xml(text, false);
}

QString xmlAttribute(QStringView text)
{
    return xml(text, true);
}

QByteArray dotString(QStringView text, qsizetype maxBytes)
{
    static const QByteArray ellipsis = QByteArrayLiteral("\xE2\x80\xA6");
    QByteArray out;
    out.reserve(std::min<qsizetype>(text.size() + 2, maxBytes + 2));
    out.append('"');
    const qsizetype limit = 1 + std::max<qsizetype>(0, maxBytes - ellipsis.size());
    QByteArray piece;
    bool cut = false;
    forEachCodePoint(text, [&](char32_t c) {
        if (cut)
            return;
        piece.clear();
        if (c == '\n')
            piece = "\\n";
        else if (c == '\\')
            piece = "\\\\";
        else if (c == '"')
            piece = "\\\"";
        else
            appendUtf8(piece, visibleCodePoint(c));
        if (out.size() + piece.size() > limit) {
            cut = true;
            return;
        }
        out.append(piece);
    });
    if (cut)
        out.append(ellipsis);
    out.append('"');
    return out;
}

void appendJsonString(QByteArray &out, QStringView text)
{
    out.append('"');
    forEachCodePoint(text, [&](char32_t c) {
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            // U+FEFF escaped too: Qt's JSON reader drops a raw byte order mark at the start of a string.
            if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
                appendHex(out, "\\u", c, 4);
            else
                appendUtf8(out, c);
        }
    });
    out.append('"');
}

QByteArray jsonString(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    appendJsonString(out, text);
    return out;
}

namespace {

QByteArray terminalText(QStringView text, bool keepNewlines)
{
    QByteArray out;
    out.reserve(text.size());
    forEachCodePoint(text, [&](char32_t c) {
        switch (c) {
        case '\n': out.append(keepNewlines ? "\n" : "\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (c < 0x20 || c == 0x7F)
                appendHex(out, "\\x", c, 2);
            else if ((c >= 0x80 && c <= 0x9F) || isBidiControl(c) || c == 0x2028 || c == 0x2029 || isNonCharacter(c))
                appendHex(out, "\\u", c, 4);
            else
                appendUtf8(out, c);
        }
    });
    return out;
}

} // namespace

QByteArray terminal(QStringView text)
{
    return terminalText(text, false);
}

QByteArray terminalLines(QStringView text)
{
    return terminalText(text, true);
}

QString shellWord(QStringView text)
{
    bool plain = !text.isEmpty();
    bool control = false;
    forEachCodePoint(text, [&](char32_t c) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QStringView(u"_@%+=:,./-").contains(QChar(char16_t(c)));
        plain = plain && safe && c < 0x80;
        control = control || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || isBidiControl(c);
    });
    if (plain)
        return text.toString();
    if (!control) {
        QString out = text.toString();
        out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
        return QLatin1Char('\'') + out + QLatin1Char('\'');
    }
    // $'…' (bash, zsh, ksh and POSIX.1-2024 sh): every byte that is not plain printable ASCII as \xHH.
    QByteArray out = "$'";
    for (const char ch : text.toUtf8()) {
        const auto b = static_cast<unsigned char>(ch);
        if (b == '\'' || b == '\\')
            out.append('\\').append(ch);
        else if (b < 0x20 || b >= 0x7F)
            appendHex(out, "\\x", b, 2);
        else
            out.append(ch);
    }
    out.append('\'');
    return QString::fromLatin1(out);
}

} // namespace nsviz::escape
