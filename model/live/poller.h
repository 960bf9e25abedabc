#pragma once

#include "scan/procscanner.h"
#include "snapshot/snapshot.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

namespace nsviz {

// Scans the host periodically off the calling thread: one scan in flight at a time, the next scheduled when
// the previous one has been published. Keeps a bounded history of snapshots (for charts and diffs).
class Poller : public QObject
{
    Q_OBJECT
public:
    explicit Poller(ScanOptions options = {}, QObject *parent = nullptr);
    ~Poller() override;

    void setInterval(int milliseconds);
    int interval() const { return m_interval; }
    void setHistoryLimit(int snapshots);
    int historyLimit() const { return m_historyLimit; }

    bool isRunning() const { return m_running; }
    bool isScanning() const { return m_watcher.isRunning(); }
    SnapshotPtr latest() const { return m_history.empty() ? nullptr : m_history.back(); }
    const std::deque<SnapshotPtr> &history() const { return m_history; }

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
    std::deque<SnapshotPtr> m_history;
    int m_interval = 1000;
    int m_historyLimit = 600;
    bool m_running = false;
    bool m_fullRescanRequested = true;
};

} // namespace nsviz
