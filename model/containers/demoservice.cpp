#include "demoservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <atomic>
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
        // The facts change when the user follows a fix the panel gave (busybox installed, a sysctl set).
        m_factsTimer = new QTimer(this);
        m_factsTimer->setInterval(FactsPollMs);
        connect(m_factsTimer, &QTimer::timeout, this, [this] { gatherFacts(); });
        m_factsTimer->start();
        gatherFacts();
        publish();
    }

    bool stopping() const { return m_stopping.load(); }
    void setStopping() { m_stopping = true; }

    void shutdown()
    {
        m_lesson.reset(); // undoes every step while the runtime is still there
        delete std::exchange(m_poll, nullptr);
        delete std::exchange(m_factsTimer, nullptr);
        if (m_runtime)
            disconnect(m_runtime.get(), nullptr, this, nullptr);
        m_runtime.reset(); // stops every container and waits until they are gone
    }

    void start(quint64 request, const ContainerSpec &spec)
    {
        if (stopping())
            return; // the window is closing: nothing more is started
        QString error;
        const std::optional<QString> id = m_runtime->start(spec, &error); // published as it starts
        if (!id)
            gatherFacts(); // what failed may be what the facts say
        finishStart(request, id ? QStringList{*id} : QStringList(), error);
    }

    void startPreset(quint64 request, const DemoPreset &preset)
    {
        if (stopping())
            return;
        QString error;
        const QStringList ids = m_runtime->startPreset(preset, &error);
        if (ids.isEmpty())
            gatherFacts();
        finishStart(request, ids, error);
    }

    void stop(const QString &id)
    {
        if (stopping())
            return; // shutdown() stops them all
        m_runtime->stop(id); // an exited one is only forgotten: no signal, so publish here
        publish();
        done();
    }

    void stopAll()
    {
        if (stopping())
            return;
        m_runtime->stopAll();
        publish();
        done();
    }

    void fetchPages(quint64 request, const QStringList &ids, quint16 port, const QByteArray &path, int timeoutMs)
    {
        if (stopping())
            return;
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

    // Lessons: the runner lives here with the runtime; each change is answered with the state it left.
    void startLesson(const Lesson &lesson)
    {
        if (stopping())
            return;
        m_lesson.reset();
        m_lesson = std::make_unique<LessonRunner>(*m_runtime, lesson);
        answerLesson(true);
    }
    void lessonStep(bool forward)
    {
        if (stopping() || !m_lesson)
            return done();
        bool ok = true;
        if (forward)
            ok = m_lesson->forward();
        else
            m_lesson->back();
        publish();
        answerLesson(ok);
    }
    void endLesson()
    {
        if (stopping())
            return;
        m_lesson.reset();
        publish();
        deliver([](DemoService *s) {
            --s->m_pending;
            s->m_lesson = {};
            Q_EMIT s->lessonChanged();
        });
    }

private:
    void answerLesson(bool ok)
    {
        LessonState state;
        state.active = true;
        state.id = m_lesson->lesson().id;
        state.step = m_lesson->step();
        state.ok = ok;
        state.world = m_lesson->world(nullptr);
        deliver([state = std::move(state)](DemoService *s) {
            --s->m_pending;
            s->m_lesson = state;
            Q_EMIT s->lessonChanged();
        });
    }

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

    void gatherFacts()
    {
        const DemoRuntime::HostFacts facts = DemoRuntime::hostFacts();
        if (m_factsKnown && facts == m_facts)
            return;
        m_facts = facts;
        m_factsKnown = true;
        deliver([facts](DemoService *s) {
            s->m_facts = facts;
            const bool first = !std::exchange(s->m_ready, true);
            if (first)
                Q_EMIT s->ready();
            Q_EMIT s->factsChanged();
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
    QTimer *m_factsTimer = nullptr;
    DemoRuntime::HostFacts m_facts; // as last published
    bool m_factsKnown = false;
    std::unique_ptr<LessonRunner> m_lesson;
    std::atomic<bool> m_stopping = false; // set by the GUI thread as the service goes: queued requests are dropped
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
    m_worker->setStopping(); // what is still queued is not done: no start, fetch or stop waited out at closing
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

void DemoService::startLesson(const Lesson &lesson)
{
    post([w = m_worker, lesson] { w->startLesson(lesson); });
}

void DemoService::lessonForward()
{
    post([w = m_worker] { w->lessonStep(true); });
}

void DemoService::lessonBack()
{
    post([w = m_worker] { w->lessonStep(false); });
}

void DemoService::endLesson()
{
    post([w = m_worker] { w->endLesson(); });
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
