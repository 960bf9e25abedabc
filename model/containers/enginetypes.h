#pragma once

// Plain values exchanged with a Podman or Docker engine through EngineClient. They hold what the engine said,
// already checked: no JSON leaves the client.

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <variant>

namespace nsviz {

// Why a request to an engine failed; None when it did not.
struct EngineError
{
    enum class Kind {
        None,
        NoSocket,         // nothing at the socket path
        PermissionDenied, // the socket exists but this user may not connect to it
        ConnectionFailed, // refused (a stale socket) or another connect/read/write error
        Timeout,          // no complete answer within the request's time
        Protocol,         // the answer was not well-formed HTTP/1.1 or not the JSON expected
        NotFound,         // the engine answered 404: no such container or image
        NoImage,          // the image asked for is not in the engine's local storage (nsviz never pulls)
        Engine,           // any other error status; message is the engine's own "message"
        Cancelled,        // the client was destroyed before the request finished
    };
    Kind kind = Kind::None;
    int httpStatus = 0; // the engine's status code where it answered, else 0
    QString message;    // one or two sentences for a user, saying what to do where that is known

    bool isError() const { return kind != Kind::None; }
};

// The result of one request: a value, or an error saying why there is none.
template<typename T>
struct EngineResult
{
    T value{};
    EngineError error;

    bool ok() const { return !error.isError(); }
};
using EngineStatus = EngineResult<std::monostate>;

// Which engine answers on a socket, from its ping and version endpoints.
struct EngineInfo
{
    enum class Kind { Unknown, Podman, Docker };
    Kind kind = Kind::Unknown;
    QString socketPath;
    QString name;       // "Podman Engine", "Docker Engine - Community", ...
    QString version;    // of the engine, e.g. "4.3.1"
    QString apiVersion; // of the Docker-compatible API that the client speaks, e.g. "1.41"
    QString os;
    QString kernelVersion;
};

// An image in the engine's local storage.
struct EngineImage
{
    QString id;       // "sha256:..."
    QStringList tags; // "localhost/busybox:latest"; empty for an untagged image
    qint64 size = 0;  // bytes
    qint64 created = 0; // seconds since the epoch
};

// A container as the engine lists and inspects it.
struct EngineContainer
{
    QString id;    // the full 64-hex id, as in the container's cgroup path
    QString name;  // without Docker's leading '/'
    QString image; // as asked for at creation, e.g. "busybox"
    QString state; // "created", "running", "paused", "exited", ...
    QString status; // the engine's human text, e.g. "Up 5 seconds"
    qint32 pid = 0; // the init process on the host, 0 when not running
    QString hostname;
    QString networkMode;
    QMap<QString, QString> labels;

    bool isRunning() const { return state == QLatin1String("running"); }
};

// A resource limit set inside a container (HostConfig.Ulimits).
struct EngineUlimit
{
    QString name; // "nofile", "nproc", ... (RLIMIT_ without the prefix, lower case)
    qint64 soft = 0;
    qint64 hard = 0;
};

// What to create and start. The command is an argv list, never passed through a shell.
struct EngineContainerSpec
{
    QString name;     // empty: the engine chooses one
    QString image;    // a local image: a tag ("busybox", "localhost/busybox:latest") or an id
    QString hostname; // empty: the engine's default (the short id)
    QStringList command; // empty: the image's default command
    QString networkMode; // empty: the engine's default (a private network namespace); "none", "host", ...
    QMap<QString, QString> labels;
    // Empty: DefaultUlimits. Podman's own defaults (nofile 1048576) exceed what some hosts allow, and then runc
    // fails with "error setting rlimits"; explicit values avoid that on every engine.
    QList<EngineUlimit> ulimits;
};

// The limits a container gets when its spec names none.
inline QList<EngineUlimit> engineDefaultUlimits()
{
    return {{QStringLiteral("nofile"), 1024, 1024}, {QStringLiteral("nproc"), 4096, 4096}};
}

} // namespace nsviz
