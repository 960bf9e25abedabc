#pragma once

#include "snapshot/snapshot.h"

#include <QString>

#include <deque>

namespace nsviz {

struct SnapshotDiff;

// What happened on a host, moment by moment, in words: containers (namespace sets other than the host's) that
// appeared and went, namespaces created and destroyed, processes that started, exited, exec'd another program or
// joined other namespaces (setns, unshare). Worked out from each moment's SnapshotDiff, as HostState takes it in.
// Bounded: the oldest entries go past MaxEntries (a host of 5,000 processes at 1% churn makes 100 a second).
struct Change
{
    enum class Kind : quint8 {
        ContainerStarted,
        ContainerStopped,
        NamespaceCreated,
        NamespaceDestroyed,
        ProcessStarted,
        ProcessExited,
        ProcessExec,
        ProcessJoined,
    };
    static constexpr int KindCount = 8;

    qint64 time = 0;   // ms since the epoch
    qint64 moment = 0; // HostState's count of moments: which one it happened in
    Kind kind = Kind::ProcessStarted;
    qint32 pid = 0;          // the process (for a container: its leader)
    NamespaceId ns = 0;      // the namespace, for namespace changes
    NamespaceType type = NamespaceType::Net;
    QString container;       // the container it happened in (as text::containerName), empty on the host
    QString text;            // one line, for a person: "pid 4242 started: sleep 60"
};

QString changeKindName(Change::Kind kind); // "container started", ...

class ChangeLog
{
public:
    static constexpr qsizetype MaxEntries = 100'000;

    // The changes from `before` (null: none, a first moment is not a change) to `after`, whose diff is `diff`.
    // Returns how many were added.
    qsizetype add(const Snapshot *before, const Snapshot &after, const SnapshotDiff &diff, qint64 time, qint64 moment);
    void clear();
    void dropBefore(qint64 moment); // what happened in moments no longer kept

    qsizetype size() const { return qsizetype(m_entries.size()); }
    const Change &at(qsizetype i) const { return m_entries[std::size_t(i)]; }
    qint64 dropped() const { return m_dropped; } // entries dropped from the front since clear(), for item models

private:
    std::deque<Change> m_entries;
    qint64 m_dropped = 0;
};

} // namespace nsviz
