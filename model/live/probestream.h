#pragma once

#include "snapshot/snapshot.h"

#include <QObject>
#include <QProcess>
#include <QStringList>

#include <algorithm>

namespace nsviz {

// Snapshots from another process that prints snapshot JSON lines: `nsviz-probe --stream` under pkexec for the
// whole host, or over ssh for a remote one. Parsing happens as lines arrive; a bad line is reported and skipped,
// the stream goes on. Stopping closes the probe's stdin, which ends it.
class ProbeStream : public QObject
{
    Q_OBJECT
public:
    explicit ProbeStream(QObject *parent = nullptr);
    ~ProbeStream() override;

    // e.g. start("pkexec", {"/usr/bin/nsviz-probe", "--stream", "--interval", "1000"})
    void start(const QString &program, const QStringList &arguments);
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    SnapshotPtr latest() const { return m_latest; }

Q_SIGNALS:
    void snapshotReady(nsviz::SnapshotPtr snapshot);
    void problem(const QString &message);   // a line that was not a snapshot, or stderr output
    void finished(int exitCode, const QString &message); // the probe ended (message says why, if known)

private:
    void readLines();

    QProcess m_process;
    QByteArray m_pending;
    qsizetype m_scanned = 0;   // how much of m_pending is known to hold no newline
    bool m_discarding = false; // inside a line that was too long, until its newline
    QByteArray m_stderr;
    SnapshotPtr m_latest;
    static constexpr qsizetype MaxLine = 256 * 1024 * 1024; // a line longer than this is not a snapshot
};

} // namespace nsviz
