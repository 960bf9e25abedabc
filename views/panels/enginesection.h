#pragma once

// The engine half of the demo panel: the Podman/Docker API sockets found on this host, which engine answers on the
// chosen one, its local images (saying how to import one when there are none: nothing is ever pulled), a small form
// that starts a container from a local image, and the engine's containers with stop and remove. What the engine
// said, and every request to it, is the EngineSession's (model/containers): this shows it and asks it. The GUI
// thread never waits on an engine.

#include "containers/enginesession.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeWidget;

namespace nsviz {

class FieldMessage;

class EngineSection : public QWidget
{
    Q_OBJECT
public:
    static QString demoLabel() { return EngineSession::demoLabel(); }
    static QString instanceTag() { return EngineSession::instanceTag(); }

    explicit EngineSection(QWidget *parent = nullptr);
    ~EngineSection() override;

    EngineSession *session() const { return m_session; }
    // As EngineSession's, for the demo panel and tests.
    void rescan() { m_session->rescan(); }
    void setSockets(const QList<EngineSocket> &sockets) { m_session->setSockets(sockets); }
    QString currentSocket() const { return m_session->currentSocket(); }
    void refresh() { m_session->refresh(); }
    bool isConnected() const { return m_session->isConnected(); }
    EngineInfo engineInfo() const { return m_session->engineInfo(); }
    QList<EngineImage> images() const { return m_session->images(); }
    QList<EngineContainer> containers() const { return m_session->containers(); }
    QHash<QString, QString> containerNames() const { return m_session->containerNames(); }
    QList<EngineContainer> demoContainers() const { return m_session->demoContainers(); }
    int requestsInFlight() const { return m_session->requestsInFlight(); }
    void stopContainer(const QString &id, bool andRemove = false) { m_session->stopContainer(id, andRemove); }
    void removeContainer(const QString &id) { m_session->removeContainer(id); }
    void stopAllDemoContainers(bool andRemove = false) { m_session->stopAllDemoContainers(andRemove); }

    // Starts a container from the run form's fields as they are (validated first; errors shown next to the field).
    void startFromForm();
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
    void showError(const QString &text);
    void showRunResult(const EngineResult<EngineContainer> &r);
    void updateSocketsBox();
    void updateStatus();
    void updateImages();
    void updateContainers();
    void updateButtons();
    bool validateForm();
    QString selectedContainer() const;

    EngineSession *m_session;
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
    QList<QWidget *> m_engineBoxes; // images, run form, containers: shown while an engine answers
};

} // namespace nsviz
