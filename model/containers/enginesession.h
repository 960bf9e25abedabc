#pragma once

// One conversation with a Podman or Docker engine, for a window: the API sockets found on this host, the client of
// the chosen one, what the engine said last (who it is, its local images, its containers) and the containers nsviz
// started there. The widgets show it and ask it to do things; they keep no engine state of their own.
//
// Every request runs on EngineClient's threads; answers come back on the session's thread and are dropped when the
// socket has changed since they were asked for (a generation counter). While an engine answers, its containers are
// listed again every RefreshIntervalMs, never two lists at once. Nothing here waits.

#include "engineclient.h"
#include "enginesockets.h"
#include "enginetypes.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QTimer;

namespace nsviz {

class EngineSession : public QObject
{
    Q_OBJECT
public:
    // The label nsviz puts on the containers it starts, and its value: which nsviz (uid and pid) started one, so
    // "stop all" never touches anyone else's, not even another nsviz's on a shared engine.
    static QString demoLabel() { return QStringLiteral("org.nsviz.demo"); }
    static QString instanceTag();
    static constexpr int RefreshIntervalMs = 5000;

    enum class State {
        NoSocket,  // none found or chosen
        Asking,    // connected to a socket, its version asked
        Connected, // the engine answered its version
        Failed,    // it did not: error() says why
    };

    explicit EngineSession(QObject *parent = nullptr);
    ~EngineSession() override; // what is in flight is cancelled; its answers are not handed on

    // Looks for engine sockets again (findEngineSockets()) and connects to the first one found.
    void rescan();
    // Uses these sockets instead of looking (tests, or a socket the user named); connects to the first.
    void setSockets(const QList<EngineSocket> &sockets);
    QList<EngineSocket> sockets() const { return m_sockets; }
    // Connects to sockets().at(index); -1 (or out of range) disconnects.
    void connectTo(int index);
    int currentIndex() const { return m_index; }
    QString currentSocket() const;
    // Asks the current engine for its version, images and containers again.
    void refresh();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    QString error() const { return m_error; } // why State::Failed
    EngineInfo engineInfo() const { return m_info; }
    QList<EngineImage> images() const { return m_images; }
    QString imagesError() const { return m_imagesError; } // the images could not be listed
    QList<EngineContainer> containers() const { return m_containers; } // all states, as last listed
    // Engine container id (64 hex) and its 12-character short form -> name, for labelling processes in the views.
    QHash<QString, QString> containerNames() const;
    // The running containers this nsviz started (labelled demoLabel() with instanceTag()).
    QList<EngineContainer> demoContainers() const;
    int requestsInFlight() const { return m_inFlight; }

    // Creates and starts a container, labelled as this nsviz's; runFinished() answers.
    void run(EngineContainerSpec spec);
    // Stops a container (SIGTERM, SIGKILL after 10 s). With andRemove it is killed and removed at once instead: what
    // the demo list does with nsviz's own ones, so ending a lesson neither waits out a `sleep` that is PID 1 and
    // ignores SIGTERM nor leaves exited containers in the engine.
    void stopContainer(const QString &id, bool andRemove = false);
    void removeContainer(const QString &id);
    void stopAllDemoContainers(bool andRemove = false);

Q_SIGNALS:
    void socketsChanged();
    void stateChanged();
    void imagesChanged();
    // Each container list that came back (states and statuses change without anything else changing)...
    void containersListed();
    // ...and those that changed what the views care about: ids, names, pids, states.
    void containersChanged();
    void runFinished(const nsviz::EngineResult<nsviz::EngineContainer> &result);
    void containerStarted(const QString &id, qint32 pid);
    // A list, stop or remove went wrong: the engine's words.
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    void listImages();
    void listContainers();
    void setState(State state, const QString &error = {});
    void afterChange(const EngineStatus &r); // a stop or remove: say what failed, then list again
    // Runs one engine request: busy while it runs, and its answer handed on only if the client was not replaced
    // (another socket chosen) in the meantime; a stale answer is dropped.
    template <typename T, typename Handle> void request(QFuture<T> future, Handle handle)
    {
        const quint64 generation = m_generation;
        if (m_inFlight++ == 0)
            Q_EMIT busyChanged(true);
        future.then(this, [this, generation, handle = std::move(handle)](const T &r) {
            if (--m_inFlight == 0)
                Q_EMIT busyChanged(false);
            if (generation == m_generation)
                handle(r);
        });
    }

    QList<EngineSocket> m_sockets;
    int m_index = -1;
    std::unique_ptr<EngineClient> m_client;
    quint64 m_generation = 0; // bumped whenever the client is replaced; older answers are dropped
    int m_inFlight = 0;
    bool m_listing = false; // a container list is in flight: the timer does not stack another
    State m_state = State::NoSocket;
    QString m_error;
    EngineInfo m_info;
    QList<EngineImage> m_images;
    QString m_imagesError;
    QList<EngineContainer> m_containers;
    QTimer *m_timer;
};

} // namespace nsviz
