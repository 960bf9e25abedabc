#pragma once

#include "snapshot.h"

#include <map>
#include <vector>

namespace nsviz {

struct SnapshotDiff;

// What turns one snapshot into the next, stored rather than computed: the processes and namespaces that are new or
// differ, whole; the ids of those gone; and, for a namespace whose only change is who is in it, the members that
// came and went instead of its whole member lists (the host's own namespaces hold every process, and they change on
// every tick). The history keeps these between keyframes, and a recording writes them (schema in DESIGN.md).
struct SnapshotDelta
{
    // One member that came into or left a namespace: a task, a process (thread-group leader), or both at once (a
    // single-threaded process, the common case: one entry, not two). Kept flat, sixteen bytes each: a tick of a busy
    // host edits a couple of hundred namespaces by a pid or two, and a list per namespace cost ten times as much.
    struct MemberEdit
    {
        enum : quint8 { TaskAdded = 1, TaskRemoved = 2, ProcessAdded = 4, ProcessRemoved = 8 };
        NamespaceId id = 0;
        qint32 pid = 0;
        quint8 what = 0;
        friend bool operator==(const MemberEdit &, const MemberEdit &) = default;
    };

    HostInfo host;
    Inaccessible inaccessible;
    std::vector<ProcessInfo> processes;     // new or changed, whole (a reused pid: removed, then here)
    QList<qint32> removedPids;              // sorted
    std::vector<NamespaceInfo> namespaces;  // new, or changed beyond their members, whole
    QList<NamespaceId> removedNamespaces;
    std::vector<MemberEdit> members;        // namespaces in both whose members alone changed; sorted by (id, pid)
    // `processes`, packed (pack(): processpack.h), as the history keeps them: a quarter of the memory. Where this
    // is set, `processes` is empty; applying reads either.
    QByteArray packedProcesses;

    // Packs the processes and gives back what the lists hold spare: for keeping.
    void pack();
    bool isPacked() const { return !packedProcesses.isEmpty(); }
    // The processes, packed or not.
    std::vector<ProcessInfo> unpackedProcesses() const;

    // `diff` is SnapshotDiff::compute(&before, &after), where the caller has it already.
    static SnapshotDelta between(const Snapshot &before, const Snapshot &after, const SnapshotDiff *diff = nullptr);

    // The snapshot after: `before` with this applied. Where the delta does not fit `before` (it removes or edits
    // what is not there, or leaves a process in a namespace that is not) returns null and says why in *error, e.g.
    // "removedPids: process 42 is not in the snapshot before".
    SnapshotPtr applyTo(const Snapshot &before, QString *error = nullptr) const;
    // The same for a delta known to fit `before` (one between() made, or applyTo() checked): one ordered pass over
    // the lists of `before`, without checks and without the maps a rebuild by many deltas needs. What stepping a
    // replay or a drag on by one moment costs: a third of applyTo() at 5,000 processes (bench_history).
    SnapshotPtr applyInOrder(const Snapshot &before) const;

    qint64 estimateBytes() const; // what it takes in memory, about

    // The same change, packed or not.
    friend bool operator==(const SnapshotDelta &a, const SnapshotDelta &b);
};

// A snapshot being rebuilt from a keyframe by deltas, one after the other, without the indexes of a Snapshot in
// between (the history rebuilds a moment from up to hundreds of them).
class SnapshotBuilder
{
public:
    explicit SnapshotBuilder(const Snapshot &base);
    // False: it does not fit; nothing changed. Checks whether it fits unless `trusted` (a delta between() made, as
    // the history holds: rebuilding a moment applies hundreds, and the checks were most of their cost).
    bool apply(const SnapshotDelta &delta, QString *error = nullptr, bool trusted = false);
    SnapshotPtr build(QString *error = nullptr) const; // null where a process is left in a namespace that is not

    struct Group;

private:
    bool fits(const SnapshotDelta &delta, const std::vector<Group> &groups, QString *error) const;

    HostInfo m_host;
    Inaccessible m_inaccessible;
    // A process is kept as its packed record (a shared reference to a delta's bytes) until something needs it whole:
    // of a pid set by many deltas on the way, only the last record is ever unpacked.
    struct Process
    {
        ProcessInfo info;
        QByteArray packed; // with offset >= 0: info is not unpacked yet
        qsizetype offset = -1;
    };
    static const ProcessInfo &whole(Process &p);
    mutable std::map<qint32, Process> m_processes;
    std::map<NamespaceId, NamespaceInfo> m_namespaces;
};

// The estimates the history and the delta share: heap taken by the values (strings and lists counted whole).
qint64 estimateBytes(const Snapshot &snapshot);
qint64 estimateBytes(const ProcessInfo &process);
qint64 estimateBytes(const NamespaceInfo &ns);

} // namespace nsviz
