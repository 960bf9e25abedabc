#pragma once

// One HTTP/1.1 exchange with an engine over its unix socket: connect, send the request, read the whole answer.
// Blocks the calling thread, so EngineClient calls it on a worker thread only, never on the GUI thread.

#include "enginetypes.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <atomic>

namespace nsviz {

struct EngineHttpRequest
{
    QByteArray method = "GET";
    QByteArray target;      // "/v1.41/containers/json?all=1": path and query, already percent-encoded
    QByteArray contentType; // e.g. "application/json"; empty when there is no body
    QByteArray body;
    QString bodyFile; // when set, the body is streamed from this file instead (an image tarball)
};

struct EngineHttpResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body; // with any chunked encoding removed

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (auto it = headers.crbegin(); it != headers.crend(); ++it) {
            if (it->first == lowerCaseName)
                return it->second;
        }
        return {};
    }
};

// Sends `request` on a new connection to the unix socket at `socketPath` ("Connection: close") and returns the
// answer, whatever its status; an error only where there is no well-formed answer. Takes at most `timeoutMs` in
// all; `cancel`, looked at every 100 ms, ends it early with EngineError::Kind::Cancelled.
EngineResult<EngineHttpResponse> engineHttpExchange(const QString &socketPath, const EngineHttpRequest &request,
                                                    int timeoutMs, const std::atomic_bool *cancel = nullptr);

} // namespace nsviz
