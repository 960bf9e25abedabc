#pragma once

#include "snapshot.h"

namespace nsviz {

// What changed between two snapshots, computed in one merge pass over both (they are sorted), so it is cheap
// enough to run on every tick. A pid that now belongs to a different process (other start time) counts as
// removed and added. Views apply a diff as begin/end insert/remove and dataChanged calls.
struct SnapshotDiff
{
    struct ProcessChange
    {
        qint32 pid = 0;
        bool namespacesChanged = false; // any of the eight, *_for_children, or a thread's
        bool detailsChanged = false;    // comm, cmdline, ppid, uid, state, container...
    };
    struct MembershipChange
    {
        NamespaceId id = 0;
        QList<qint32> processesAdded;
        QList<qint32> processesRemoved;
        bool holdersChanged = false; // tasks, bind mounts, fd holders, relations or details
    };

    QList<qint32> processesAdded;   // pids in the new snapshot, sorted
    QList<qint32> processesRemoved; // pids in the old snapshot, sorted
    QList<ProcessChange> processesChanged;
    QList<NamespaceId> namespacesCreated;   // sorted by (type, id), as in the snapshot
    QList<NamespaceId> namespacesDestroyed;
    QList<MembershipChange> membershipChanged; // namespaces in both whose members or holders changed

    bool isEmpty() const
    {
        return processesAdded.isEmpty() && processesRemoved.isEmpty() && processesChanged.isEmpty()
            && namespacesCreated.isEmpty() && namespacesDestroyed.isEmpty() && membershipChanged.isEmpty();
    }

    // Either side may be null (an empty snapshot).
    static SnapshotDiff compute(const Snapshot *before, const Snapshot *after);
};

} // namespace nsviz
