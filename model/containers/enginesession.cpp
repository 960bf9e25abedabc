#include "enginesession.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTimer>

#include <unistd.h>

namespace nsviz {

EngineSession::EngineSession(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(RefreshIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isConnected() && !m_listing)
            listContainers();
    });
}

EngineSession::~EngineSession()
{
    // Cancel what is in flight while this object still exists; its continuations are then simply not run.
    ++m_generation;
    m_client.reset();
}

QString EngineSession::instanceTag()
{
    return QStringLiteral("%1:%2").arg(::getuid()).arg(QCoreApplication::applicationPid());
}

void EngineSession::rescan()
{
    setSockets(findEngineSockets());
}

void EngineSession::setSockets(const QList<EngineSocket> &sockets)
{
    m_sockets = sockets;
    Q_EMIT socketsChanged();
    connectTo(sockets.isEmpty() ? -1 : 0);
}

QString EngineSession::currentSocket() const
{
    return m_client ? m_client->socketPath() : QString();
}

void EngineSession::connectTo(int index)
{
    ++m_generation;
    m_client.reset();
    m_listing = false;
    m_info = {};
    m_images.clear();
    m_imagesError.clear();
    const bool hadContainers = !m_containers.isEmpty();
    m_containers.clear();
    m_timer->stop();
    m_index = index >= 0 && index < m_sockets.size() ? index : -1;
    if (m_index >= 0)
        m_client = std::make_unique<EngineClient>(m_sockets.at(m_index).path);
    setState(m_client ? State::Asking : State::NoSocket);
    Q_EMIT imagesChanged();
    Q_EMIT containersListed();
    if (hadContainers)
        Q_EMIT containersChanged();
    refresh();
}

void EngineSession::setState(State state, const QString &error)
{
    m_state = state;
    m_error = error;
    Q_EMIT stateChanged();
}

void EngineSession::refresh()
{
    if (!m_client)
        return;
    request(m_client->version(), [this](const EngineResult<EngineInfo> &r) {
        if (!r.ok()) {
            m_timer->stop();
            setState(State::Failed, r.error.message);
            return;
        }
        m_info = r.value;
        setState(State::Connected);
        listImages();
        listContainers();
        m_timer->start();
    });
}

void EngineSession::listImages()
{
    if (!m_client)
        return;
    request(m_client->listImages(), [this](const EngineResult<QList<EngineImage>> &r) {
        m_images = r.ok() ? r.value : QList<EngineImage>();
        m_imagesError = r.ok() ? QString() : r.error.message;
        Q_EMIT imagesChanged();
    });
}

void EngineSession::listContainers()
{
    if (!m_client)
        return;
    m_listing = true;
    request(m_client->listContainers(true), [this](const EngineResult<QList<EngineContainer>> &r) {
        m_listing = false;
        if (!r.ok()) {
            Q_EMIT failed(tr("Could not list the engine's containers: %1").arg(r.error.message));
            return;
        }
        // Compare what matters to the views (ids, names, pids, states) so a quiet engine causes no churn.
        auto key = [](const QList<EngineContainer> &list) {
            QStringList k;
            for (const EngineContainer &c : list)
                k.append(c.id + QLatin1Char('|') + c.name + QLatin1Char('|') + QString::number(c.pid) + QLatin1Char('|') + c.state);
            return k;
        };
        const bool changed = key(r.value) != key(m_containers);
        m_containers = r.value;
        Q_EMIT containersListed();
        if (changed)
            Q_EMIT containersChanged();
    });
}

QHash<QString, QString> EngineSession::containerNames() const
{
    QHash<QString, QString> names;
    for (const EngineContainer &c : m_containers) {
        names.insert(c.id, c.name);
        names.insert(c.id.left(12), c.name);
    }
    return names;
}

QList<EngineContainer> EngineSession::demoContainers() const
{
    QList<EngineContainer> out;
    for (const EngineContainer &c : m_containers) {
        if (c.isRunning() && c.labels.value(demoLabel()) == instanceTag())
            out.append(c);
    }
    return out;
}

void EngineSession::run(EngineContainerSpec spec)
{
    if (!m_client || !isConnected()) {
        EngineResult<EngineContainer> r;
        r.error.kind = EngineError::Kind::NoSocket;
        r.error.message = tr("No engine is connected; choose a socket or look for one again.");
        Q_EMIT runFinished(r);
        return;
    }
    spec.labels.insert(demoLabel(), instanceTag());
    request(m_client->runContainer(spec), [this](const EngineResult<EngineContainer> &r) {
        Q_EMIT runFinished(r);
        if (!r.ok())
            return;
        Q_EMIT containerStarted(r.value.id, r.value.pid);
        listContainers();
    });
}

void EngineSession::stopContainer(const QString &id, bool andRemove)
{
    if (!m_client || id.isEmpty())
        return;
    if (andRemove) {
        removeContainer(id); // forced: the engine kills it first
        return;
    }
    request(m_client->stopContainer(id), [this](const EngineStatus &r) { afterChange(r); });
}

void EngineSession::removeContainer(const QString &id)
{
    if (!m_client || id.isEmpty())
        return;
    request(m_client->removeContainer(id, true), [this](const EngineStatus &r) { afterChange(r); });
}

void EngineSession::afterChange(const EngineStatus &r)
{
    if (!r.ok())
        Q_EMIT failed(r.error.message);
    listContainers();
}

void EngineSession::stopAllDemoContainers(bool andRemove)
{
    const QList<EngineContainer> demos = demoContainers();
    for (const EngineContainer &c : demos)
        stopContainer(c.id, andRemove);
}

} // namespace nsviz
