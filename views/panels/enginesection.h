#pragma once

// The engine half of the demo panel: the Podman/Docker API sockets found on this host, which engine answers on the
// chosen one, its local images (saying how to import one when there are none: nothing is ever pulled), a small form
// that starts a container from a local image, and the engine's containers with stop and remove. Every request runs
// on EngineClient's threads; results come back with `.then(this, ...)` and are dropped when the socket has changed
// since they were asked for. The GUI thread never waits on an engine.

#include "containers/engineclient.h"
#include "containers/enginesockets.h"
#include "containers/enginetypes.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace nsviz {

class FieldMessage;

class EngineSection : public QWidget
{
    Q_OBJECT
public:
    // The label nsviz puts on the containers it starts, and its value: which nsviz (uid and pid) started one, so
    // "stop all" never touches anyone else's, not even another nsviz's on a shared engine.
    static QString demoLabel() { return QStringLiteral("org.nsviz.demo"); }
    static QString instanceTag();
    static constexpr int RefreshIntervalMs = 5000;

    explicit EngineSection(QWidget *parent = nullptr);
    ~EngineSection() override;

    // Looks for engine sockets again (findEngineSockets()) and connects to the first one found.
    void rescan();
    // Uses these sockets instead of looking (tests, or a socket the user named); connects to the first.
    void setSockets(const QList<EngineSocket> &sockets);
    QString currentSocket() const;
    // Asks the current engine for its version, images and containers again.
    void refresh();

    bool isConnected() const { return m_connected; } // the engine answered its version
    EngineInfo engineInfo() const { return m_info; }
    QList<EngineImage> images() const { return m_images; }
    QList<EngineContainer> containers() const { return m_containers; } // all states, as last listed
    // Engine container id (64 hex) and its 12-character short form -> name, for labelling processes in the views.
    QHash<QString, QString> containerNames() const;
    // The running containers this panel started (labelled demoLabel()).
    QList<EngineContainer> demoContainers() const;
    int requestsInFlight() const { return m_inFlight; }

    // Starts a container from the run form's fields as they are (validated first; errors shown next to the field).
    void startFromForm();
    // Stops a container (SIGTERM, SIGKILL after 10 s). With andRemove it is killed and removed at once instead: what
    // the demo list does with nsviz's own ones, so ending a lesson neither waits out a `sleep` that is PID 1 and
    // ignores SIGTERM nor leaves exited containers in the engine.
    void stopContainer(const QString &id, bool andRemove = false);
    void removeContainer(const QString &id);
    void stopAllDemoContainers(bool andRemove = false);

    // What the section says right now, for tests: the engine line, the images line and the last error.
    QString statusText() const;
    QString imagesText() const;
    QString errorText() const;

Q_SIGNALS:
    void containersChanged();
    void containerStarted(const QString &id, qint32 pid);
    void busyChanged(bool busy);

private:
    void connectTo(int index);
    void listContainers();
    void listImages();
    void showError(const QString &text);
    void updateSocketsBox();
    void updateImages();
    void updateContainers();
    void updateButtons();
    bool validateForm();
    QString selectedContainer() const;
    void begin();
    void end();
    // Runs one engine request: busy while it runs, and its answer handed on only if the client was not replaced
    // (another socket chosen) in the meantime; a stale answer is dropped.
    template<typename T, typename Handle>
    void request(QFuture<T> future, Handle handle)
    {
        const quint64 generation = m_generation;
        begin();
        future.then(this, [this, generation, handle = std::move(handle)](const T &r) {
            end();
            if (generation == m_generation)
                handle(r);
        });
    }
    void afterChange(const EngineStatus &r); // a stop or remove: say what failed, then list again

    QList<EngineSocket> m_sockets;
    std::unique_ptr<EngineClient> m_client;
    quint64 m_generation = 0; // bumped whenever the client is replaced; older answers are dropped
    int m_inFlight = 0;
    bool m_listing = false; // a container list is in flight: the timer does not stack another
    bool m_connected = false;
    EngineInfo m_info;
    QList<EngineImage> m_images;
    QList<EngineContainer> m_containers;

    QComboBox *m_socketBox;
    QPushButton *m_rescan;
    QLabel *m_status;
    QLabel *m_imagesLabel;
    QListWidget *m_imageList;
    QComboBox *m_image;
    QLineEdit *m_name;
    FieldMessage *m_nameError;
    QLineEdit *m_hostname;
    FieldMessage *m_hostnameError;
    QLineEdit *m_command;
    FieldMessage *m_commandError;
    QPushButton *m_start;
    FieldMessage *m_error;
    QTreeWidget *m_list;
    QPushButton *m_stop;
    QPushButton *m_remove;
    QTimer *m_timer;
    QList<QWidget *> m_engineBoxes; // images, run form, containers: shown while an engine answers
};

} // namespace nsviz
