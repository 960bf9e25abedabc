#pragma once

// A client for the Docker-compatible HTTP API that both Podman and Docker serve on a unix socket. Every call
// returns at once with a QFuture; the request runs on the client's own worker threads, never on the caller's, so
// the GUI never waits on an engine. Continue on the GUI thread with `future.then(context, ...)` or a
// QFutureWatcher. Failures are results, not exceptions: each carries an EngineError whose message a panel can show
// as it is. Nothing is ever pulled from a registry; an image must already be in the engine's local storage.
//
// Destroying the client cancels what is in flight (those futures finish with EngineError::Kind::Cancelled) and
// waits at most about 100 ms for its threads.

#include "enginetypes.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace nsviz {

class EngineClient
{
public:
    static constexpr int DefaultTimeoutMs = 15000;
    static constexpr int DefaultStopTimeoutSeconds = 10;

    explicit EngineClient(QString socketPath);
    ~EngineClient();
    EngineClient(const EngineClient &) = delete;
    EngineClient &operator=(const EngineClient &) = delete;

    QString socketPath() const;
    // The time each request may take (a stop additionally gets its own grace period; an import four times this).
    void setTimeout(int milliseconds);
    int timeout() const;

    // GET /_ping and /version: which engine answers, and which API version the client will speak to it.
    QFuture<EngineResult<EngineInfo>> version();
    // The images in the engine's local storage.
    QFuture<EngineResult<QList<EngineImage>>> listImages();
    // Containers with their init pid (inspected one by one, as the list does not carry it); all = also stopped ones.
    QFuture<EngineResult<QList<EngineContainer>>> listContainers(bool all = true);
    QFuture<EngineResult<EngineContainer>> inspectContainer(const QString &idOrName);
    // Creates and starts a container from a local image; the result is the started container, inspected (pid set).
    // An image that is not present gives EngineError::Kind::NoImage, saying how to import one. A container that
    // was created but failed to start is removed again.
    QFuture<EngineResult<EngineContainer>> runContainer(const EngineContainerSpec &spec);
    // Sends SIGTERM, then SIGKILL after `timeoutSeconds`. Stopping a stopped container is no error.
    QFuture<EngineStatus> stopContainer(const QString &idOrName, int timeoutSeconds = DefaultStopTimeoutSeconds);
    // Removes a container; force also kills a running one.
    QFuture<EngineStatus> removeContainer(const QString &idOrName, bool force = false);
    // Imports a root filesystem tarball as an image (POST /images/create?fromSrc=-), e.g. one made from busybox:
    // a local file, nothing is pulled. `reference` is "name" or "name:tag". The result is the image id.
    QFuture<EngineResult<QString>> importImage(const QString &tarballPath, const QString &reference);

    // The message shown when an image is missing: images must be local, and how to import one.
    static QString missingImageHint(const QString &image);

    struct Shared; // what the worker threads share with the client

private:
    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool;
};

} // namespace nsviz
