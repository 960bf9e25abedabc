#include "snapshotfilter.h"

namespace nsviz {

SnapshotPtr keepProcesses(const SnapshotPtr &scan, const std::function<bool(const ProcessInfo &)> &keep,
                          const QSet<NamespaceId> &held)
{
    if (!scan)
        return nullptr;
    std::vector<ProcessInfo> processes;
    QSet<qint32> kept;
    QSet<NamespaceId> used;
    for (const ProcessInfo &p : scan->processes()) {
        if (!keep(p))
            continue;
        processes.push_back(p);
        kept.insert(p.pid);
        for (NamespaceType t : allNamespaceTypes)
            used.insert(p.namespaces.set[t]);
    }
    std::vector<NamespaceInfo> namespaces;
    const auto gone = [&](qint32 pid) { return !kept.contains(pid); };
    for (const NamespaceInfo &n : scan->namespaces()) {
        if (!used.contains(n.id) && !(held.contains(n.id) && n.isHeld()))
            continue;
        NamespaceInfo copy = n;
        copy.tasks.removeIf(gone);
        copy.processes.removeIf(gone);
        copy.fdHolders.removeIf([&](const FdHolder &h) { return gone(h.pid); });
        namespaces.push_back(std::move(copy));
    }
    return std::make_shared<Snapshot>(scan->host(), std::move(processes), std::move(namespaces), scan->inaccessible());
}

bool isHostsOwn(const Snapshot &scan, const ProcessInfo &p)
{
    if (p.isKernelThread())
        return false;
    const NamespaceSet &initial = scan.initialNamespaces();
    for (NamespaceType t : allNamespaceTypes)
        if (initial[t] && p.namespaces.set[t] && p.namespaces.set[t] != initial[t])
            return false;
    return true;
}

SnapshotPtr containersAndHost(const SnapshotPtr &scan)
{
    if (!scan)
        return nullptr;
    QSet<NamespaceSet> containers;
    for (const ProcessInfo &p : scan->processes())
        if (p.container)
            containers.insert(p.namespaces.set);
    // And every namespace something holds with no process in it: what a bind mount or an open fd keeps alive is the
    // point of a lesson, and rare on a host.
    QSet<NamespaceId> held;
    for (const NamespaceInfo &n : scan->namespaces())
        if (n.processes.isEmpty() && n.isHeld())
            held.insert(n.id);
    return keepProcesses(
        scan, [&](const ProcessInfo &p) { return containers.contains(p.namespaces.set) || isHostsOwn(*scan, p); }, held);
}

} // namespace nsviz
