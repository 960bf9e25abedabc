#include "demoservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <memory>
#include <utility>

namespace nsviz {

// Lives on the service's thread, and so does its runtime: every call below runs there.
class DemoService::Worker : public QObject
{
public:
    explicit Worker(DemoService *service) : m_service(service) {}

    void init()
    {
        m_runtime = std::make_unique<DemoRuntime>();
        connect(m_runtime.get(), &DemoRuntime::containerStarted, this, [this] { publish(); });
        connect(m_runtime.get(), &DemoRuntime::containerExited, this, [this](const QString &id, const QString &how) {
            publish();
            deliver([id, how](DemoService *s) { Q_EMIT s->containerExited(id, how); });
        });
        m_poll = new QTimer(this);
        m_poll->setInterval(PortPollMs);
        connect(m_poll, &QTimer::timeout, this, [this] { pollPorts(); });
        const DemoRuntime::HostFacts facts = DemoRuntime::hostFacts();
        deliver([facts](DemoService *s) {
            s->m_facts = facts;
            s->m_ready = true;
            Q_EMIT s->ready();
        });
        publish();
    }

    void shutdown()
    {
        delete std::exchange(m_poll, nullptr);
        if (m_runtime)
            disconnect(m_runtime.get(), nullptr, this, nullptr);
        m_runtime.reset(); // stops every container and waits until they are gone
    }

    void start(quint64 request, const ContainerSpec &spec)
    {
        QString error;
        const std::optional<QString> id = m_runtime->start(spec, &error);
        publish();
        finishStart(request, id ? QStringList{*id} : QStringList(), error);
    }

    void startPreset(quint64 request, const DemoPreset &preset)
    {
        QString error;
        const QStringList ids = m_runtime->startPreset(preset, &error);
        publish();
        finishStart(request, ids, error);
    }

    void stop(const QString &id)
    {
        m_runtime->stop(id); // an exited one is only forgotten: no signal, so publish here
        publish();
        done();
    }

    void stopAll()
    {
        m_runtime->stopAll();
        publish();
        done();
    }

    void fetchPages(quint64 request, const QStringList &ids, quint16 port, const QByteArray &path, int timeoutMs)
    {
        QList<Page> pages;
        for (const QString &id : ids) {
            Page page;
            page.id = id;
            QElapsedTimer clock;
            clock.start();
            page.body = m_runtime->fetchPage(id, port, path, &page.error, timeoutMs);
            page.elapsedMs = clock.elapsed();
            pages.append(page);
        }
        deliver([request, pages](DemoService *s) {
            --s->m_pending;
            Q_EMIT s->pagesFetched(request, pages);
        });
    }

private:
    template <typename F> void deliver(F f)
    {
        QMetaObject::invokeMethod(m_service, [s = m_service, f = std::move(f)]() mutable { f(s); }, Qt::QueuedConnection);
    }

    void done()
    {
        deliver([](DemoService *s) { --s->m_pending; });
    }

    void finishStart(quint64 request, const QStringList &ids, const QString &error)
    {
        deliver([request, ids, error](DemoService *s) {
            --s->m_pending;
            Q_EMIT s->startFinished(request, ids, error);
        });
    }

    QList<Container> current() const
    {
        QList<Container> out;
        for (const DemoContainer &c : m_runtime->containers())
            out.append({c, m_runtime->listeningPorts(c.id)}); // reads /proc/PID/net/tcp{,6}: here, not on the GUI
        return out;
    }

    void publish()
    {
        QList<Container> list = current();
        remember(list);
        deliver([list = std::move(list)](DemoService *s) mutable { s->publish(std::move(list)); });
    }

    // Ports change without a signal: a server listens a moment after its start, or closes its socket.
    void pollPorts()
    {
        const QList<Container> list = current();
        QList<QList<quint16>> ports;
        for (const Container &c : list)
            ports.append(c.listeningPorts);
        if (ports != m_ports)
            publish();
        else
            remember(list);
    }

    void remember(const QList<Container> &list)
    {
        m_ports.clear();
        bool anyRunning = false;
        for (const Container &c : list) {
            m_ports.append(c.listeningPorts);
            anyRunning = anyRunning || c.info.state == DemoContainer::State::Running;
        }
        if (!m_poll)
            return;
        if (anyRunning && !m_poll->isActive())
            m_poll->start();
        else if (!anyRunning)
            m_poll->stop();
    }

    DemoService *m_service;
    std::unique_ptr<DemoRuntime> m_runtime;
    QTimer *m_poll = nullptr;
    QList<QList<quint16>> m_ports; // as last published
};

DemoService::DemoService(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(this))
{
    m_thread->setObjectName(QStringLiteral("nsviz-demo")); // its name in ps -L and top -H
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->init(); }, Qt::QueuedConnection);
}

DemoService::~DemoService()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has ended: nothing of it runs any more
    delete m_thread;
}

template <typename F> void DemoService::post(F &&f)
{
    ++m_pending;
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

QStringList DemoService::check(const ContainerSpec &spec) const
{
    if (!m_ready)
        return spec.validate();
    QStringList running;
    for (const Container &c : m_containers) {
        if (c.info.state == DemoContainer::State::Running)
            running.append(c.info.id);
    }
    return DemoRuntime::check(spec, m_facts, running);
}

quint64 DemoService::start(const ContainerSpec &spec)
{
    const quint64 request = m_nextRequest++;
    post([w = m_worker, request, spec] { w->start(request, spec); });
    return request;
}

quint64 DemoService::startPreset(const DemoPreset &preset)
{
    const quint64 request = m_nextRequest++;
    post([w = m_worker, request, preset] { w->startPreset(request, preset); });
    return request;
}

void DemoService::stop(const QString &id)
{
    post([w = m_worker, id] { w->stop(id); });
}

void DemoService::stopAll()
{
    post([w = m_worker] { w->stopAll(); });
}

quint64 DemoService::fetchPages(const QStringList &ids, quint16 port, const QByteArray &path, int timeoutMs)
{
    const quint64 request = m_nextRequest++;
    post([w = m_worker, request, ids, port, path, timeoutMs] { w->fetchPages(request, ids, port, path, timeoutMs); });
    return request;
}

std::optional<DemoService::Container> DemoService::container(const QString &id) const
{
    for (const Container &c : m_containers) {
        if (c.info.id == id)
            return c;
    }
    return std::nullopt;
}

void DemoService::waitForIdle()
{
    QMetaObject::invokeMethod(m_worker, [] {}, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void DemoService::publish(QList<Container> containers)
{
    m_containers = std::move(containers);
    Q_EMIT containersChanged();
}

} // namespace nsviz
