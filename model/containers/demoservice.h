#pragma once

// The built-in demo runtime for a window: a DemoRuntime on a long-lived thread of its own ("nsviz-demo"), so that no
// fork, waitpid, /proc read or in-namespace HTTP fetch ever runs on the GUI thread. PR_SET_PDEATHSIG follows the
// thread that forked, so that thread lives until every container it started is gone (the destructor waits for it).
//
// Requests return at once; their answers come as signals (startFinished, pagesFetched). In between, the GUI reads the
// last state the thread published — containers(), with the TCP ports each one listens on, and the host's facts —
// which is a copy, never the runtime's own. The published list is refreshed whenever a container starts or ends,
// and every PortPollMs while one runs (a web server starts listening a moment after its start); the facts every
// FactsPollMs and after a failed start. Requests are done one after the other, in the order they were made; those
// still queued when the service goes are dropped.

#include "demoruntime.h"
#include "lessons/lessonrunner.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QThread;

namespace nsviz {

class DemoService : public QObject
{
    Q_OBJECT
public:
    static constexpr int PortPollMs = 500;
    static constexpr int FactsPollMs = 3000;

    struct Container
    {
        DemoContainer info;
        QList<quint16> listeningPorts; // inside its net namespace, sorted; empty when it has exited
    };
    struct Page
    {
        QString id; // the container's
        std::optional<QByteArray> body; // std::nullopt: the fetch failed, see error
        QString error;
        qint64 elapsedMs = 0;
    };

    explicit DemoService(QObject *parent = nullptr);
    ~DemoService() override; // stops every container, waits until they are gone, and ends the thread

    // The host's facts have arrived from the thread (a few milliseconds after construction; ready() says when).
    bool isReady() const { return m_ready; }
    const DemoRuntime::HostFacts &hostFacts() const { return m_facts; }
    // DemoRuntime::check from the published facts and containers; before ready(), spec.validate() only.
    QStringList check(const ContainerSpec &spec) const;

    // Each returns the request's number; startFinished() answers with the same number.
    quint64 start(const ContainerSpec &spec);
    quint64 startPreset(const DemoPreset &preset);
    void stop(const QString &id);
    void stopAll();
    // An HTTP GET of each container's page, from inside its net namespace (DemoRuntime::fetchPage), one after the
    // other; pagesFetched() answers with all of them.
    quint64 fetchPages(const QStringList &ids, quint16 port, const QByteArray &path, int timeoutMs);

    // A guided lesson, performed on the thread by a LessonRunner on this runtime (one at a time; starting another
    // ends the one before, and the service's end ends it). Each answer comes as lessonChanged().
    struct LessonState
    {
        bool active = false;
        QString id;             // the lesson's
        int step = -1;          // the step shown, -1 before the first
        bool ok = true;         // the last forward() did every action of the step
        // What the runner knows, read on the thread (containers with their ports then, the step's outcomes, the
        // namespaces nsviz runs in); no snapshot: the window puts in the one it shows.
        LessonWorld world;
    };
    void startLesson(const Lesson &lesson);
    void lessonForward();
    void lessonBack();
    void endLesson();
    const LessonState &lessonState() const { return m_lesson; }

    bool isBusy() const { return m_pending > 0; } // requests not answered yet
    QList<Container> containers() const { return m_containers; } // in start order
    std::optional<Container> container(const QString &id) const;

    // Blocks until the thread has done everything asked before, and its answers have been delivered. For tests and
    // command lines; a window never waits.
    void waitForIdle();

Q_SIGNALS:
    void ready();          // the first facts have arrived
    void factsChanged();   // hostFacts() changed (and once with the first)
    void containersChanged();
    // A container ended by itself (or was stopped: how is "stopped"); containers() already says so.
    void containerExited(const QString &id, const QString &how);
    // ids in the order started, or empty with error set (all or nothing).
    void startFinished(quint64 request, const QStringList &ids, const QString &error);
    void pagesFetched(quint64 request, const QList<nsviz::DemoService::Page> &pages);
    void lessonChanged();

private:
    class Worker;
    void publish(QList<Container> containers);
    template <typename F> void post(F &&f);

    QThread *m_thread;
    Worker *m_worker;
    bool m_ready = false;
    DemoRuntime::HostFacts m_facts;
    QList<Container> m_containers;
    quint64 m_nextRequest = 1;
    int m_pending = 0;
    LessonState m_lesson;
};

} // namespace nsviz
