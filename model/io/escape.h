#pragma once

// One escaping layer per output format. Every string a host hands us (comm, cmdline, hostname, kernel release,
// cgroup and container labels, mount paths, interface and engine names) can hold any byte but NUL, and a saved
// snapshot any character at all: control characters, lone surrogates, markup, quotes, megabytes of text. Each
// writer puts such strings through the function for its format here, and through no hand-made replace().

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace nsviz::escape {

// For people: C0 control characters as their Unicode pictures (U+2400 ␀ … U+241F, so a newline shows as ␊ and
// a tab as ␉), DEL as ␡, line and paragraph separators as ␤; C1 controls, format characters (bidirectional
// marks, overrides and isolates, zero-width characters, the byte order mark, tags), non-characters and lone
// surrogates as U+FFFD. The result is one line that reads as the text it stands for
// and cannot rearrange what is shown around it.
QString visible(QStringView text);

// XML 1.0 character data and attribute values (SVG): visible(), then & < > (and " ' in attributes) as
// entities. Whatever the input, the result is well-formed text that no parser reads as markup.
QString xmlText(QStringView text);
QString xmlAttribute(QStringView text);

// A Graphviz DOT double-quoted string, quotes included, in UTF-8. A newline is kept as the label line break
// \n; backslash and quote are escaped; other control characters (NUL included) as visible() shows them.
// Graphviz's scanner refuses a quoted string longer than 16 KiB, so the text inside the quotes is cut, at a
// character boundary, to at most maxBytes and marked with "…".
inline constexpr qsizetype DotStringMaxBytes = 16000;
QByteArray dotString(QStringView text, qsizetype maxBytes = DotStringMaxBytes);

// A JSON string literal, quotes included, in UTF-8: quote, backslash and every control character escaped, and
// U+2028/U+2029 too (JavaScript reads those as line ends), and U+FEFF
// (Qt's reader drops it at the start of a string). Lone surrogates become U+FFFD.
void appendJsonString(QByteArray &out, QStringView text);
QByteArray jsonString(QStringView text);

// For a message on a terminal (stderr, stdout): control characters as C escapes (\n, \t, \x1b), C1 controls and
// bidirectional overrides as \u0085, \u202e, so no name can move the cursor, recolour the terminal or reorder
// the line. UTF-8.
QByteArray terminal(QStringView text);
// The same for text of several lines (a container's output): newlines stay line ends.
QByteArray terminalLines(QStringView text);

// One word for a POSIX shell, for commands the user copies: as it is where only safe characters appear, else
// in single quotes, or in $'…' with \x escapes where it holds control characters (which a terminal would
// otherwise act on when the command is pasted).
QString shellWord(QStringView text);

} // namespace nsviz::escape
