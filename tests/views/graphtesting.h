#pragma once

// Snapshots for the graph tests: the fixture tree, and synthetic hosts of any size.

#include "fixtures.h"

#include "snapshot/snapshot.h"

namespace nsviz::testing {

inline SnapshotPtr fixtureSnapshot()
{
    ScanOptions options;
    options.procRoot = fixtures::procBasic();
    options.relationLookup = fixtures::basicRelations();
    return scanProc(options);
}

// `sets` containers of `perSet` processes each, every container with its own net, uts, ipc, mnt and pid
// namespaces, and every `podEvery`-th pair sharing one net namespace (a pod), on a host of `hostProcesses`.
inline SnapshotPtr syntheticHost(int sets, int perSet, int hostProcesses = 20, int podEvery = 5)
{
    constexpr NamespaceId base = 4026531835;
    NamespaceSet host;
    for (NamespaceType t : allNamespaceTypes)
        host[t] = base + int(t);
    std::vector<ProcessInfo> processes;
    std::vector<NamespaceInfo> namespaces;
    QHash<NamespaceId, NamespaceInfo> byId;
    auto member = [&](NamespaceType t, NamespaceId id, qint32 pid, bool initial) {
        NamespaceInfo &n = byId[id];
        n.id = id;
        n.type = t;
        n.initial = initial;
        n.tasks << pid;
        n.processes << pid;
        if (t == NamespaceType::Pid && !initial)
            n.parent = host[NamespaceType::Pid];
        if (t != NamespaceType::User)
            n.owner = host[NamespaceType::User];
    };
    qint32 pid = 1;
    auto addProcess = [&](const NamespaceSet &set, const QString &comm, qint32 ppid) {
        ProcessInfo p;
        p.pid = p.tgid = pid++;
        p.ppid = ppid;
        p.comm = comm;
        p.cmdline = {comm};
        p.startTime = quint64(p.pid) * 7;
        p.namespaces.set = set;
        for (NamespaceType t : allNamespaceTypes)
            member(t, set[t], p.pid, set[t] == host[t]);
        processes.push_back(p);
        return p.pid;
    };
    for (int i = 0; i < hostProcesses; ++i)
        addProcess(host, QStringLiteral("hostd%1").arg(i), i == 0 ? 0 : 1);
    NamespaceId next = 4026540000;
    NamespaceId podNet = 0;
    for (int s = 0; s < sets; ++s) {
        NamespaceSet set = host;
        for (NamespaceType t : {NamespaceType::Net, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Mnt, NamespaceType::Pid})
            set[t] = next++;
        if (podEvery > 0 && s % podEvery == 1)
            set[NamespaceType::Net] = podNet; // joins the previous container's network: a pod
        podNet = set[NamespaceType::Net];
        const qint32 leader = addProcess(set, QStringLiteral("web%1").arg(s), 1);
        for (int k = 1; k < perSet; ++k)
            addProcess(set, QStringLiteral("worker%1").arg(k), leader);
    }
    for (const NamespaceInfo &n : std::as_const(byId))
        namespaces.push_back(n);
    HostInfo info;
    info.hostname = QStringLiteral("synthetic");
    info.kernel = QStringLiteral("6.1.0");
    info.time = QDateTime::fromSecsSinceEpoch(1764460800, Qt::UTC);
    return std::make_shared<const Snapshot>(info, std::move(processes), std::move(namespaces));
}

} // namespace nsviz::testing
