#pragma once

#include "scan/procscanner.h"
#include "snapshot/snapshot.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace nsviz {

// Scans the host periodically off the calling thread: one scan in flight at a time, the next scheduled when
// the previous one has been published. It keeps no history: HostState does, of whatever source it shows.
class Poller : public QObject
{
    Q_OBJECT
public:
    explicit Poller(ScanOptions options = {}, QObject *parent = nullptr);
    ~Poller() override;

    void setInterval(int milliseconds);
    int interval() const { return m_interval; }

    bool isRunning() const { return m_running; }
    bool isScanning() const { return m_watcher.isRunning(); }
    SnapshotPtr latest() const { return m_latest; }

public Q_SLOTS:
    void start();           // first scan at once, then one per interval
    void stop();            // no new scans; one in flight still finishes and is published
    void refreshNow();      // a complete rescan as soon as no scan is in flight

Q_SIGNALS:
    void snapshotReady(nsviz::SnapshotPtr snapshot);
    void runningChanged(bool running);

private:
    void launch();
    void finished();

    std::shared_ptr<ProcScanner> m_scanner; // shared with the worker, which outlives no scan
    QFutureWatcher<SnapshotPtr> m_watcher;
    QTimer m_timer;
    SnapshotPtr m_latest;
    int m_interval = 1000;
    bool m_running = false;
    bool m_fullRescanRequested = true;
};

} // namespace nsviz
