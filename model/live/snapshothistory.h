#pragma once

#include "snapshot/snapshot.h"

#include <QList>

#include <deque>
#include <vector>

namespace nsviz {

// The snapshots of one host over time, bounded by bytes rather than by count: a whole snapshot now and then (a
// keyframe) and in between only what changed (the processes and namespaces that are new or differ, and the ids of
// those gone), so a quiet host of 5,000 processes costs kilobytes a tick, not megabytes. Once the bound is reached
// the oldest keyframe goes with its deltas; at least the latest snapshot is always kept. at() gives back any kept snapshot exactly as appended.
// Sizes are estimates of the heap the values take (strings and lists counted whole, though they are shared).
class SnapshotHistory
{
public:
    static constexpr qint64 DefaultMaxBytes = qint64(64) << 20;

    explicit SnapshotHistory(qint64 maxBytes = DefaultMaxBytes);

    void setMaxBytes(qint64 bytes); // drops the oldest until it fits
    qint64 maxBytes() const { return m_maxBytes; }

    void append(SnapshotPtr snapshot);
    void clear();

    qsizetype size() const { return qsizetype(m_entries.size()); }
    bool isEmpty() const { return m_entries.empty(); }
    SnapshotPtr latest() const { return m_latest; }
    SnapshotPtr at(qsizetype index) const; // 0 is the oldest kept; rebuilt from its keyframe where it is a delta
    qint64 bytes() const { return m_bytes; }
    qsizetype keyframes() const;

    // What a snapshot takes in memory, about.
    static qint64 estimateBytes(const Snapshot &snapshot);

private:
    struct Delta
    {
        HostInfo host;
        Inaccessible inaccessible;
        std::vector<ProcessInfo> processes;   // new or changed, whole
        QList<qint32> removedPids;            // gone (a pid reused by a new process is removed, then among processes)
        std::vector<NamespaceInfo> namespaces; // new or changed, whole
        QList<NamespaceId> removedNamespaces;
    };
    struct Entry
    {
        SnapshotPtr keyframe; // set: a whole snapshot; null: delta against the entry before
        Delta delta;
        qint64 bytes = 0;
    };

    static Delta deltaBetween(const Snapshot &before, const Snapshot &after);
    static qint64 estimateBytes(const Delta &delta);
    void evict();

    std::deque<Entry> m_entries;
    SnapshotPtr m_latest;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    qint64 m_bytesSinceKeyframe = 0;
    qsizetype m_sinceKeyframe = 0;
};

} // namespace nsviz
