#include "poller.h"

#include <QtConcurrent/QtConcurrentRun>

namespace nsviz {

Poller::Poller(ScanOptions options, QObject *parent)
    : QObject(parent)
    , m_scanner(std::make_shared<ProcScanner>(std::move(options)))
{
    qRegisterMetaType<nsviz::SnapshotPtr>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Poller::launch);
    connect(&m_watcher, &QFutureWatcher<SnapshotPtr>::finished, this, &Poller::finished);
}

Poller::~Poller()
{
    m_timer.stop();
    // The worker holds its own reference to the scanner; wait so no scan outlives the object it reports to.
    m_watcher.waitForFinished();
}

void Poller::setInterval(int milliseconds)
{
    m_interval = std::max(50, milliseconds);
    if (m_timer.isActive())
        m_timer.start(m_interval);
}

void Poller::start()
{
    if (m_running)
        return;
    m_running = true;
    Q_EMIT runningChanged(true);
    if (!m_watcher.isRunning())
        launch();
}

void Poller::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    Q_EMIT runningChanged(false);
}

void Poller::refreshNow()
{
    m_fullRescanRequested = true;
    if (!m_watcher.isRunning()) {
        m_timer.stop();
        launch();
    }
    // Otherwise finished() sees the request and schedules the next scan at once.
}

void Poller::launch()
{
    if (m_watcher.isRunning())
        return;
    const bool full = std::exchange(m_fullRescanRequested, false);
    std::shared_ptr<ProcScanner> scanner = m_scanner;
    m_watcher.setFuture(QtConcurrent::run([scanner, full] { return full ? scanner->scan() : scanner->poll(); }));
}

void Poller::finished()
{
    SnapshotPtr snapshot;
    try {
        snapshot = m_watcher.result();
    } catch (const std::exception &e) {
        // Out of memory mid-scan, say: this tick has no picture, the next one may.
        qWarning("nsviz: a scan failed: %s", e.what());
    }
    if (snapshot) {
        m_latest = snapshot;
        Q_EMIT snapshotReady(snapshot);
    }
    if (m_fullRescanRequested)
        launch();
    else if (m_running)
        m_timer.start(m_interval);
}

} // namespace nsviz
