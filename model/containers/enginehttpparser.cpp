#include "enginehttpparser.h"

#include <algorithm>
#include <optional>

namespace nsviz {

namespace {

constexpr qsizetype MaxChunkLineBytes = 1024;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A header name is an RFC 9110 token: visible ASCII without separators.
bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || QByteArrayView("()<>@,;:\\\"/[]?={}").contains(c))
            return false;
    }
    return true;
}

// Decimal digits only, no sign, no overflow.
std::optional<qint64> parseDecimal(QByteArrayView s)
{
    if (s.isEmpty() || s.size() > 18)
        return std::nullopt;
    qint64 v = 0;
    for (char c : s) {
        if (!isDigit(c))
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

QString printable(QByteArrayView s)
{
    QString out;
    for (char c : s.first(std::min<qsizetype>(s.size(), 60))) {
        const auto u = static_cast<unsigned char>(c);
        out += u >= 32 && u < 127 ? QChar::fromLatin1(c) : QChar(u'?');
    }
    return out;
}

} // namespace

EngineHttpParser::State EngineHttpParser::fail(const QString &message)
{
    m_state = State::Failed;
    m_error = message;
    m_buffer.clear();
    return m_state;
}

bool EngineHttpParser::takeLine(QByteArray *line)
{
    const qsizetype end = m_buffer.indexOf('\n');
    if (end < 0)
        return false;
    *line = m_buffer.first(end);
    if (line->endsWith('\r'))
        line->chop(1);
    m_buffer.remove(0, end + 1);
    if (m_phase != Phase::ChunkSize)
        m_headerBytes += end + 1;
    return true;
}

bool EngineHttpParser::parseStatusLine(const QByteArray &line)
{
    // "HTTP/1.1 200 OK"; the reason phrase may be empty, and then the space before it may be missing too.
    if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.size() < 12) {
        fail(QStringLiteral("not an HTTP/1.x status line: \"%1\"").arg(printable(line)));
        return false;
    }
    const QByteArrayView code = QByteArrayView(line).sliced(9, 3);
    const auto status = parseDecimal(code);
    if (!status || *status < 100 || *status > 599 || (line.size() > 12 && line.at(12) != ' ')) {
        fail(QStringLiteral("bad status code in \"%1\"").arg(printable(line)));
        return false;
    }
    m_status = int(*status);
    m_reason = line.size() > 13 ? line.sliced(13) : QByteArray();
    return true;
}

bool EngineHttpParser::parseHeaderLine(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        fail(QStringLiteral("folded header lines are not allowed"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
        fail(QStringLiteral("malformed header line \"%1\"").arg(printable(line)));
        return false;
    }
    if (m_headers.size() >= MaxHeaderCount) {
        fail(QStringLiteral("more than %1 header lines").arg(MaxHeaderCount));
        return false;
    }
    m_headers.append({line.first(colon).toLower(), line.sliced(colon + 1).trimmed()});
    return true;
}

QByteArray EngineHttpParser::header(QByteArrayView name) const
{
    const QByteArray lower = name.toByteArray().toLower();
    for (auto it = m_headers.crbegin(); it != m_headers.crend(); ++it) {
        if (it->first == lower)
            return it->second;
    }
    return {};
}

bool EngineHttpParser::startBody()
{
    if (m_head || m_status == 204 || m_status == 304) {
        m_phase = Phase::Done;
        return true;
    }
    bool haveTransferEncoding = false;
    bool haveLength = false;
    qint64 length = 0;
    for (const auto &[name, value] : std::as_const(m_headers)) {
        if (name == "transfer-encoding") {
            haveTransferEncoding = true;
            // The last coding must be chunked; nsviz asks for no other (it sends no TE header).
            const QList<QByteArray> codings = value.toLower().split(',');
            if (codings.last().trimmed() != "chunked") {
                fail(QStringLiteral("unsupported transfer encoding \"%1\"").arg(printable(value)));
                return false;
            }
        } else if (name == "content-length") {
            // Several Content-Length headers (or a list in one) are accepted only where all values agree.
            const QList<QByteArray> values = value.split(',');
            for (const QByteArray &v : values) {
                const auto n = parseDecimal(v.trimmed());
                if (!n || (haveLength && *n != length)) {
                    fail(QStringLiteral("bad Content-Length \"%1\"").arg(printable(value)));
                    return false;
                }
                haveLength = true;
                length = *n;
            }
        }
    }
    if (haveTransferEncoding) { // it overrides any Content-Length (RFC 9112 6.3)
        m_phase = Phase::ChunkSize;
        return true;
    }
    if (haveLength) {
        if (length > m_maxBody) {
            fail(QStringLiteral("a body of %1 bytes is more than the %2 allowed").arg(length).arg(m_maxBody));
            return false;
        }
        m_body.reserve(qsizetype(std::min<qint64>(length, 1024 * 1024))); // the peer may never send it all
        m_remaining = length;
        m_phase = length == 0 ? Phase::Done : Phase::Body;
        return true;
    }
    m_phase = Phase::UntilClose;
    return true;
}

bool EngineHttpParser::appendBody(QByteArrayView bytes)
{
    if (m_body.size() + bytes.size() > m_maxBody) {
        fail(QStringLiteral("the body is more than the %1 bytes allowed").arg(m_maxBody));
        return false;
    }
    m_body.append(bytes);
    return true;
}

EngineHttpParser::State EngineHttpParser::feed(QByteArrayView bytes)
{
    if (m_state != State::NeedMore)
        return m_state;
    m_buffer.append(bytes);

    while (m_state == State::NeedMore) {
        QByteArray line;
        switch (m_phase) {
        case Phase::StatusLine:
        case Phase::Headers:
        case Phase::Trailers: {
            const bool got = takeLine(&line);
            if (m_headerBytes + (got ? 0 : m_buffer.size()) > MaxHeaderBytes)
                return fail(QStringLiteral("the headers are longer than %1 bytes").arg(MaxHeaderBytes));
            if (!got)
                return m_state;
            if (m_phase == Phase::StatusLine) {
                if (!parseStatusLine(line))
                    return m_state;
                m_phase = Phase::Headers;
            } else if (m_phase == Phase::Trailers) {
                if (line.isEmpty())
                    m_phase = Phase::Done;
            } else if (!line.isEmpty()) {
                if (!parseHeaderLine(line))
                    return m_state;
            } else if (m_status == 101) {
                return fail(QStringLiteral("the engine switched protocols unasked"));
            } else if (m_status < 200) {
                // "100 Continue" and the like: the real response follows.
                m_headers.clear();
                m_phase = Phase::StatusLine;
            } else if (!startBody()) {
                return m_state;
            }
            break;
        }
        case Phase::Body:
        case Phase::ChunkData: {
            if (m_buffer.isEmpty())
                return m_state;
            const qsizetype n = qsizetype(std::min<qint64>(m_remaining, m_buffer.size()));
            if (!appendBody(QByteArrayView(m_buffer).first(n)))
                return m_state;
            m_buffer.remove(0, n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_phase = m_phase == Phase::Body ? Phase::Done : Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (m_buffer.startsWith("\r\n")) {
                m_buffer.remove(0, 2);
            } else if (m_buffer.startsWith('\n')) {
                m_buffer.remove(0, 1);
            } else if (m_buffer.isEmpty() || m_buffer == "\r") {
                return m_state;
            } else {
                return fail(QStringLiteral("a chunk is longer than its size says"));
            }
            m_phase = Phase::ChunkSize;
            break;
        case Phase::ChunkSize: {
            if (!takeLine(&line)) {
                if (m_buffer.size() > MaxChunkLineBytes)
                    return fail(QStringLiteral("a chunk size line is longer than %1 bytes").arg(MaxChunkLineBytes));
                return m_state;
            }
            // "1a2b;name=value": extensions are ignored; spaces around the size are tolerated.
            QByteArrayView size(line);
            if (const qsizetype semi = size.indexOf(';'); semi >= 0)
                size = size.first(semi);
            size = size.trimmed();
            if (size.isEmpty() || size.size() > 15)
                return fail(QStringLiteral("bad chunk size \"%1\"").arg(printable(line)));
            qint64 n = 0;
            for (char c : size) {
                const int v = hexValue(c);
                if (v < 0)
                    return fail(QStringLiteral("bad chunk size \"%1\"").arg(printable(line)));
                n = n * 16 + v;
            }
            if (n == 0) {
                m_phase = Phase::Trailers;
            } else if (m_body.size() + n > m_maxBody) {
                return fail(QStringLiteral("the body is more than the %1 bytes allowed").arg(m_maxBody));
            } else {
                m_remaining = n;
                m_phase = Phase::ChunkData;
            }
            break;
        }
        case Phase::UntilClose:
            if (!appendBody(m_buffer))
                return m_state;
            m_buffer.clear();
            return m_state;
        case Phase::Done:
            m_buffer.clear();
            m_state = State::Complete;
            break;
        }
    }
    return m_state;
}

EngineHttpParser::State EngineHttpParser::finish()
{
    if (m_state != State::NeedMore)
        return m_state;
    if (m_phase == Phase::UntilClose || m_phase == Phase::Done) {
        m_state = State::Complete;
        return m_state;
    }
    if (m_phase == Phase::StatusLine && m_headerBytes == 0 && m_buffer.isEmpty())
        return fail(QStringLiteral("the engine closed the connection without answering"));
    return fail(QStringLiteral("the engine closed the connection in the middle of its answer"));
}

} // namespace nsviz
