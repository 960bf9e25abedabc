#include "snapshotdiff.h"

#include <algorithm>

namespace nsviz {

namespace {

// Sorted-list difference: what is in `a` but not in `b`, appended to `out`.
void difference(const QList<qint32> &a, const QList<qint32> &b, QList<qint32> &out)
{
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
}

bool sameProcessDetails(const ProcessInfo &a, const ProcessInfo &b)
{
    return a.ppid == b.ppid && a.tgid == b.tgid && a.comm == b.comm && a.cmdline == b.cmdline && a.uid == b.uid
        && a.state == b.state && a.nspid == b.nspid && a.container == b.container;
}

bool sameHolders(const NamespaceInfo &a, const NamespaceInfo &b)
{
    return a.tasks == b.tasks && a.bindMounts == b.bindMounts && a.fdHolders == b.fdHolders && a.parent == b.parent
        && a.owner == b.owner && a.ownerUid == b.ownerUid && a.initial == b.initial && a.uidMap == b.uidMap
        && a.gidMap == b.gidMap && a.details == b.details && a.dev == b.dev;
}

} // namespace

SnapshotDiff SnapshotDiff::compute(const Snapshot *before, const Snapshot *after)
{
    static const Snapshot empty;
    const Snapshot &a = before ? *before : empty;
    const Snapshot &b = after ? *after : empty;
    SnapshotDiff d;

    // Processes: both sorted by pid.
    auto pa = a.processes().begin();
    auto pb = b.processes().begin();
    const auto paEnd = a.processes().end();
    const auto pbEnd = b.processes().end();
    while (pa != paEnd || pb != pbEnd) {
        if (pb == pbEnd || (pa != paEnd && pa->pid < pb->pid)) {
            d.processesRemoved.append(pa->pid);
            ++pa;
        } else if (pa == paEnd || pb->pid < pa->pid) {
            d.processesAdded.append(pb->pid);
            ++pb;
        } else {
            if (pa->startTime != pb->startTime) {
                d.processesRemoved.append(pa->pid);
                d.processesAdded.append(pb->pid);
            } else {
                const bool ns = pa->namespaces != pb->namespaces
                    || pa->threadsInOtherNamespaces != pb->threadsInOtherNamespaces;
                const bool details = !sameProcessDetails(*pa, *pb);
                if (ns || details)
                    d.processesChanged.append({pa->pid, ns, details});
            }
            ++pa;
            ++pb;
        }
    }

    // Namespaces: both sorted by (type, id).
    auto na = a.namespaces().begin();
    auto nb = b.namespaces().begin();
    const auto naEnd = a.namespaces().end();
    const auto nbEnd = b.namespaces().end();
    auto less = [](const NamespaceInfo &x, const NamespaceInfo &y) { return std::tie(x.type, x.id) < std::tie(y.type, y.id); };
    while (na != naEnd || nb != nbEnd) {
        if (nb == nbEnd || (na != naEnd && less(*na, *nb))) {
            d.namespacesDestroyed.append(na->id);
            ++na;
        } else if (na == naEnd || less(*nb, *na)) {
            d.namespacesCreated.append(nb->id);
            ++nb;
        } else {
            if (na->processes != nb->processes || !sameHolders(*na, *nb)) {
                MembershipChange m;
                m.id = na->id;
                difference(nb->processes, na->processes, m.processesAdded);
                difference(na->processes, nb->processes, m.processesRemoved);
                m.holdersChanged = !sameHolders(*na, *nb);
                d.membershipChanged.append(std::move(m));
            }
            ++na;
            ++nb;
        }
    }
    return d;
}

} // namespace nsviz
