#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdelta.h"

#include <deque>

namespace nsviz {

struct SnapshotDiff;

// The snapshots of one host over time, each with the moment it was taken, bounded by bytes rather than by count: a
// whole snapshot now and then (a keyframe) and in between only what changed (SnapshotDelta: the processes and
// namespaces that are new or differ, the ids of those gone, and who came into or left a namespace), so a host of
// 5,000 processes costs tens of kilobytes a tick, not megabytes. Once the bound is reached the oldest keyframe goes
// with its deltas; at least the latest snapshot is always kept. at() gives back any kept moment exactly as appended.
class SnapshotHistory
{
public:
    static constexpr qint64 DefaultMaxBytes = qint64(256) << 20;

    explicit SnapshotHistory(qint64 maxBytes = DefaultMaxBytes);

    void setMaxBytes(qint64 bytes); // drops the oldest until it fits
    qint64 maxBytes() const { return m_maxBytes; }

    // A moment: `time` in ms since the epoch (not before the one before it; a clock that went back counts as the
    // same moment), `diff` the one from latest() to `snapshot` where the caller has it.
    void append(SnapshotPtr snapshot, qint64 time, const SnapshotDiff *diff = nullptr);
    // A recorded moment, as read: the delta from the one before (which must exist), checked by the caller. The
    // latest snapshot is rebuilt when it is asked for. Past as many deltas in a row as append() allows, the moment is
    // kept whole instead (a recording spaces its keyframes further apart).
    void appendDelta(SnapshotDelta delta, qint64 time);
    void appendKeyframe(SnapshotPtr snapshot, qint64 time); // a recorded keyframe, kept as one
    void clear();

    qsizetype size() const { return qsizetype(m_entries.size()); }
    bool isEmpty() const { return m_entries.empty(); }
    SnapshotPtr latest() const;
    SnapshotPtr at(qsizetype index) const; // 0 is the oldest kept; rebuilt from its keyframe where it is a delta
    qint64 timeAt(qsizetype index) const { return m_entries[std::size_t(index)].time; }
    // The last moment at or before `time` (0 when all are later); -1 when empty.
    qsizetype indexAt(qint64 time) const;
    bool isKeyframe(qsizetype index) const { return bool(m_entries[std::size_t(index)].keyframe); }
    const SnapshotDelta *deltaAt(qsizetype index) const; // null at a keyframe
    qint64 bytes() const { return m_bytes; }
    qsizetype keyframes() const;
    qint64 evicted() const { return m_evicted; } // moments dropped to stay within the bound, since clear()

private:
    struct Entry
    {
        SnapshotPtr keyframe; // set: a whole snapshot; null: delta against the entry before
        SnapshotDelta delta;
        qint64 time = 0;
        qint64 bytes = 0;
    };

    void push(Entry e);
    void evict();

    std::deque<Entry> m_entries;
    mutable SnapshotPtr m_latest; // null after appendDelta until asked for
    // The last moment rebuilt, so scrubbing forward applies only the deltas since.
    mutable qsizetype m_cachedIndex = -1;
    mutable SnapshotPtr m_cached;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    qint64 m_bytesSinceKeyframe = 0;
    qint64 m_keyframeBytes = 0;
    qsizetype m_sinceKeyframe = 0;
    qint64 m_evicted = 0;
};

} // namespace nsviz
