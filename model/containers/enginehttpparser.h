#pragma once

// An incremental parser for one HTTP/1.1 response, as an engine sends it on a unix socket: status line, headers,
// then a body delimited by Content-Length, by chunked transfer encoding, or by the end of the connection. It
// never trusts its input: any malformed, oversized or contradictory response ends in the Failed state with a
// message, never in a crash or an unbounded buffer. Informational (1xx) responses before the real one are skipped.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace nsviz {

class EngineHttpParser
{
public:
    enum class State { NeedMore, Complete, Failed };

    // Limits that a well-behaved engine stays far below.
    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype MaxHeaderCount = 100;
    static constexpr qint64 DefaultMaxBodyBytes = 32 * 1024 * 1024;

    explicit EngineHttpParser(qint64 maxBodyBytes = DefaultMaxBodyBytes) : m_maxBody(maxBodyBytes) {}

    // For a response to HEAD, which has headers but never a body.
    void setHeadRequest(bool head) { m_head = head; }

    // Feeds the next bytes read from the socket; returns the state after them. Bytes after a complete response
    // are ignored (nsviz sends "Connection: close", one request per connection).
    State feed(QByteArrayView bytes);
    // The peer closed the connection: completes a body that runs to the end of the connection, fails otherwise.
    State finish();

    State state() const { return m_state; }
    QString errorString() const { return m_error; }

    int statusCode() const { return m_status; }
    QByteArray reasonPhrase() const { return m_reason; }
    // The value of a header (the last one where it repeats), compared case-insensitively; empty if absent.
    QByteArray header(QByteArrayView name) const;
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }

private:
    enum class Phase { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done };

    State fail(const QString &message);
    bool takeLine(QByteArray *line); // false while no complete line is buffered
    bool parseStatusLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool startBody(); // after the empty line ending the headers
    bool appendBody(QByteArrayView bytes);

    QByteArray m_buffer; // bytes received but not yet consumed
    qsizetype m_headerBytes = 0;
    Phase m_phase = Phase::StatusLine;
    State m_state = State::NeedMore;
    QString m_error;
    qint64 m_maxBody;
    bool m_head = false;

    int m_status = 0;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    qint64 m_remaining = 0; // of the Content-Length body or of the current chunk
};

} // namespace nsviz
