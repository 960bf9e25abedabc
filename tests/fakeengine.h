#pragma once

// A fake Podman/Docker engine for tests: a QLocalServer on a unix socket that answers each HTTP request with canned
// bytes (well-formed or hostile), and the helpers that build those answers. Needs Qt6::Network in the test target.
// Used by the engine client's tests and by the demo panel's engine section.

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QString>
#include <QTest>

#include <functional>
#include <optional>

namespace nsviz::testing {

inline constexpr int WaitMs = 10000;
inline const QByteArray ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

inline QByteArray json(const QJsonValue &v)
{
    return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                       : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

inline QByteArray response(int status, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The body cut into chunks of `size` bytes.
inline QByteArray chunked(int status, const QByteArray &body, qsizetype size)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (qsizetype i = 0; i < body.size(); i += size) {
        const QByteArray piece = body.mid(i, size);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

inline QByteArray engineError(int status, const QString &message)
{
    return response(status, json(QJsonObject{{QStringLiteral("cause"), QStringLiteral("x")},
                                             {QStringLiteral("message"), message},
                                             {QStringLiteral("response"), status}}));
}

inline const QByteArray PodmanPing = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\n"
                              "Server: Libpod/4.3.1 (linux)\r\nContent-Length: 2\r\n\r\nOK";
inline const QByteArray DockerPing = "HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nDocker-Experimental: false\r\n"
                              "Server: Docker/27.3.1 (linux)\r\nContent-Length: 2\r\n\r\nOK";

inline QByteArray inspectBody(const QByteArray &id, const QString &name, qint32 pid, const QString &state = QStringLiteral("running"))
{
    return json(QJsonObject{
        {QStringLiteral("Id"), QString::fromLatin1(id)},
        {QStringLiteral("Name"), QString(QLatin1Char('/') + name)},
        {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Image"), QStringLiteral("busybox")},
                                               {QStringLiteral("Hostname"), QStringLiteral("demo")},
                                               {QStringLiteral("Labels"), QJsonObject{{QStringLiteral("nsviz"), QStringLiteral("1")}}}}},
        {QStringLiteral("State"), QJsonObject{{QStringLiteral("Status"), state}, {QStringLiteral("Pid"), pid}}},
        {QStringLiteral("HostConfig"), QJsonObject{{QStringLiteral("NetworkMode"), QStringLiteral("none")}}},
    });
}

struct FakeRequest
{
    QByteArray method;
    QByteArray target;
    QByteArray body;
};

// A fake engine on a unix socket: answers each request from the routes ("METHOD /target" -> raw response bytes),
// 404 for the rest; a route may also hang (never answer) or be a function of the request.
class FakeEngine : public QObject
{
public:
    struct Reply
    {
        QByteArray raw;
        bool hang = false;
        bool closeWithoutAnswer = false;
        std::function<QByteArray(const FakeRequest &)> make;
    };

    explicit FakeEngine(const QString &path)
    {
        m_server.setSocketOptions(QLocalServer::UserAccessOption);
        m_listening = m_server.listen(path);
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QLocalSocket::readyRead, this, [this, s] { readFrom(s); });
                connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    bool isListening() const { return m_listening; }
    QString errorString() const { return m_server.errorString(); }
    void route(const QByteArray &key, QByteArray raw) { m_routes[key] = Reply{std::move(raw), false, false, {}}; }
    void route(const QByteArray &key, Reply reply) { m_routes[key] = std::move(reply); }
    const QList<FakeRequest> &requests() const { return m_requests; }
    QList<QByteArray> requestLines() const
    {
        QList<QByteArray> out;
        for (const FakeRequest &r : m_requests)
            out.append(r.method + ' ' + r.target);
        return out;
    }

private:
    void readFrom(QLocalSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.first(end).split('\n');
        qsizetype length = 0;
        for (const QByteArray &l : lines) {
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
        }
        if (buf.size() < end + 4 + length)
            return;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        FakeRequest request{requestLine.value(0), requestLine.value(1), buf.mid(end + 4, length)};
        m_buffers.remove(s);
        m_requests.append(request);
        const auto it = m_routes.constFind(request.method + ' ' + request.target);
        Reply reply = it != m_routes.cend() ? *it : Reply{engineError(404, QStringLiteral("no route")), false, false, {}};
        if (reply.hang)
            return;
        if (!reply.closeWithoutAnswer)
            s->write(reply.make ? reply.make(request) : reply.raw);
        s->flush();
        s->disconnectFromServer();
    }

    QLocalServer m_server;
    bool m_listening = false;
    QHash<QByteArray, Reply> m_routes;
    QHash<QLocalSocket *, QByteArray> m_buffers;
    QList<FakeRequest> m_requests;
};

// The result of a future, once it has finished while the event loop (and so the fake engine) ran.
template<typename T>
std::optional<T> await(QFuture<T> future, int timeoutMs = WaitMs)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return std::nullopt;
    return future.result();
}

} // namespace nsviz::testing
