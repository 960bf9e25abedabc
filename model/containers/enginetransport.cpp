#include "enginetransport.h"

#include "enginehttpparser.h"
#include "io/posixfile.h"

#include <QDeadlineTimer>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace nsviz {

namespace {

// How often a blocked exchange looks at its cancel flag.
constexpr int CancelCheckMs = 100;

EngineError error(EngineError::Kind kind, const QString &message)
{
    return EngineError{kind, 0, message};
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

EngineError connectError(const QString &path, int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return error(EngineError::Kind::NoSocket,
                     QStringLiteral("No container engine socket at %1. Start the engine's API service "
                                    "(e.g. `systemctl start podman.socket`, `systemctl --user start podman.socket`, "
                                    "or `podman system service`) or start Docker.")
                         .arg(path));
    case EACCES:
    case EPERM:
        return error(EngineError::Kind::PermissionDenied,
                     QStringLiteral("Permission denied on the engine socket %1. Use the user's own (rootless) "
                                    "Podman socket, or run as a user allowed to use this one (for Docker, a "
                                    "member of the docker group).")
                         .arg(path));
    case ECONNREFUSED:
        return error(EngineError::Kind::ConnectionFailed,
                     QStringLiteral("Nothing is listening on the engine socket %1 (the engine is not running and "
                                    "left a stale socket behind).")
                         .arg(path));
    case ENOTSOCK:
        return error(EngineError::Kind::ConnectionFailed, QStringLiteral("%1 is not a socket.").arg(path));
    default:
        return error(EngineError::Kind::ConnectionFailed,
                     QStringLiteral("Cannot connect to the engine socket %1: %2.").arg(path, errnoText(err)));
    }
}

// Waits until fd is ready for `events`, in steps that look at `cancel`. Returns 1 when ready, 0 on time-out,
// -1 when cancelled, -2 with errno set on a poll error.
int waitFor(int fd, short events, const QDeadlineTimer &deadline, const std::atomic_bool *cancel)
{
    for (;;) {
        if (cancel && cancel->load())
            return -1;
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return 0;
        pollfd p{fd, events, 0};
        const int step = int(std::min<qint64>(left < 0 ? CancelCheckMs : left, CancelCheckMs));
        const int r = ::poll(&p, 1, step);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -2;
    }
}

// Why a socket failed after it connected, for a message.
QString socketErrorText(int fd)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
        return errnoText(err);
    return errnoText(errno);
}

} // namespace

EngineResult<EngineHttpResponse> engineHttpExchange(const QString &socketPath, const EngineHttpRequest &request,
                                                    int timeoutMs, const std::atomic_bool *cancel)
{
    EngineResult<EngineHttpResponse> result;
    const QDeadlineTimer deadline(std::max(timeoutMs, 1));
    auto timedOut = [&](const char *while_) {
        return error(EngineError::Kind::Timeout,
                     QStringLiteral("The engine at %1 did not answer within %2 s (%3).")
                         .arg(socketPath)
                         .arg(timeoutMs / 1000.0)
                         .arg(QLatin1String(while_)));
    };
    auto cancelled = [] { return error(EngineError::Kind::Cancelled, QStringLiteral("The request was cancelled.")); };

    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.isEmpty() || path.size() >= qsizetype(sizeof addr.sun_path)) {
        result.error = error(EngineError::Kind::NoSocket,
                             QStringLiteral("The engine socket path \"%1\" is empty or longer than the %2 bytes a unix "
                                            "socket address can hold.")
                                 .arg(socketPath)
                                 .arg(sizeof addr.sun_path - 1));
        return result;
    }
    std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));

    io::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) {
        result.error = error(EngineError::Kind::ConnectionFailed,
                             QStringLiteral("Cannot create a unix socket: %1.").arg(errnoText(errno)));
        return result;
    }
    // A unix socket connects at once, or says EAGAIN when the listener's backlog is full: then try again.
    for (;;) {
        if (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0)
            break;
        const int err = errno;
        if (err == EINTR)
            continue;
        if (err == EAGAIN || err == EINPROGRESS) {
            // An unconnected unix socket polls as writable at once: after EAGAIN, pause briefly instead of spinning.
            const int w = err == EAGAIN ? waitFor(-1, 0, QDeadlineTimer(std::min<qint64>(deadline.remainingTime(), 10)), cancel)
                                        : waitFor(fd.get(), POLLOUT, deadline, cancel);
            if (w == -1 || deadline.hasExpired()) {
                result.error = w == -1 ? cancelled() : timedOut("connecting");
                return result;
            }
            if (err == EINPROGRESS) {
                int soErr = 0;
                socklen_t len = sizeof soErr;
                ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &soErr, &len);
                if (soErr != 0) {
                    result.error = connectError(socketPath, soErr);
                    return result;
                }
                break;
            }
            continue;
        }
        result.error = connectError(socketPath, err);
        return result;
    }

    // The request head; the body follows from memory or from a file.
    QFile file;
    qint64 bodySize = request.body.size();
    if (!request.bodyFile.isEmpty()) {
        file.setFileName(request.bodyFile);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = error(EngineError::Kind::ConnectionFailed,
                                 QStringLiteral("Cannot read %1: %2.").arg(request.bodyFile, file.errorString()));
            return result;
        }
        bodySize = file.size();
    }
    QByteArray head = request.method + ' ' + request.target + " HTTP/1.1\r\n"
                      "Host: localhost\r\n"
                      "User-Agent: nsviz\r\n"
                      "Accept: application/json\r\n"
                      "Connection: close\r\n";
    if (!request.contentType.isEmpty())
        head += "Content-Type: " + request.contentType + "\r\n";
    if (bodySize > 0 || request.method != "GET")
        head += "Content-Length: " + QByteArray::number(bodySize) + "\r\n";
    head += "\r\n";

    EngineHttpParser parser;
    parser.setHeadRequest(request.method == "HEAD");

    // Writes all of `data`; false once the peer stopped reading (it may still have answered: read that) or on error.
    bool peerGone = false;
    auto sendAll = [&](QByteArrayView data) -> bool {
        while (!data.isEmpty()) {
            const ssize_t n = ::send(fd.get(), data.data(), size_t(data.size()), MSG_NOSIGNAL);
            if (n > 0) {
                data = data.sliced(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                const int w = waitFor(fd.get(), POLLOUT, deadline, cancel);
                if (w == 1)
                    continue;
                result.error = w == 0 ? timedOut("sending the request") : w == -1 ? cancelled()
                    : error(EngineError::Kind::ConnectionFailed, QStringLiteral("poll: %1.").arg(errnoText(errno)));
                return false;
            }
            if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
                peerGone = true;
                return false;
            }
            result.error = error(EngineError::Kind::ConnectionFailed,
                                 QStringLiteral("Sending to the engine at %1 failed: %2.")
                                     .arg(socketPath, n < 0 ? errnoText(errno) : QStringLiteral("no progress")));
            return false;
        }
        return true;
    };

    bool sent = sendAll(head) && sendAll(request.body);
    if (sent && file.isOpen()) {
        QByteArray chunk(64 * 1024, Qt::Uninitialized);
        for (;;) {
            const qint64 n = file.read(chunk.data(), chunk.size());
            if (n < 0) {
                result.error = error(EngineError::Kind::ConnectionFailed,
                                     QStringLiteral("Cannot read %1: %2.").arg(request.bodyFile, file.errorString()));
                return result;
            }
            if (n == 0 || !(sent = sendAll(QByteArrayView(chunk).first(qsizetype(n)))))
                break;
        }
    }
    if (!sent && !peerGone)
        return result;
    // No shutdown(SHUT_WR) here: Go's HTTP servers (Docker, Podman) take a half-closed connection for a client
    // that went away and cancel the request.

    char buf[16384];
    while (parser.state() == EngineHttpParser::State::NeedMore) {
        const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
        if (n > 0) {
            parser.feed(QByteArrayView(buf, n));
            continue;
        }
        if (n == 0) {
            parser.finish();
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            const int w = waitFor(fd.get(), POLLIN, deadline, cancel);
            if (w == 1)
                continue;
            result.error = w == 0 ? timedOut("waiting for the answer") : w == -1 ? cancelled()
                : error(EngineError::Kind::ConnectionFailed, QStringLiteral("poll: %1.").arg(errnoText(errno)));
            return result;
        }
        if (errno == ECONNRESET) {
            parser.finish();
            break;
        }
        result.error = error(EngineError::Kind::ConnectionFailed,
                             QStringLiteral("Reading from the engine at %1 failed: %2.")
                                 .arg(socketPath, socketErrorText(fd.get())));
        return result;
    }
    if (parser.state() != EngineHttpParser::State::Complete) {
        result.error = error(EngineError::Kind::Protocol,
                             QStringLiteral("The engine at %1 sent a malformed answer: %2.")
                                 .arg(socketPath, parser.errorString()));
        return result;
    }
    result.value.status = parser.statusCode();
    result.value.headers = parser.headers();
    result.value.body = parser.body();
    return result;
}

} // namespace nsviz
