#pragma once

// Snapshots for the graph tests: the fixture tree, and synthetic hosts of any size.

#include "fixtures.h"

#include "snapshot/snapshot.h"

#include <QSet>

#include <algorithm>
#include <optional>

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

// A host with `containers` containers of the kinds seen in practice, as tests/data/make-demo-host.py makes them:
// per ten, a Docker stack of four (nginx, gunicorn, redis-server, postgres: each its own cgroup/net/uts/ipc/
// mnt/pid, named by the engine), a Kubernetes pod of three (pause, api, envoy: the apps join the pause
// container's net, ipc and uts, whose hostname is the pod's), two rootless Podman containers (all in one user
// namespace of uid 1000, with a catatonit keeping it) and one made with unshare, named by its hostname alone.
// Plus host services with a private /tmp, an `ip netns` namespace held by its bind mount and a user namespace
// held by an fd. Container k gets the same pids and namespace ids whatever the total: a host of n + 1 is the
// host of n with one container more.
inline SnapshotPtr realisticHost(int containers)
{
    NamespaceSet host;
    const NamespaceId base = 4026531834;
    for (NamespaceType t : allNamespaceTypes)
        host[t] = base + int(t);
    QHash<NamespaceId, NamespaceInfo> byId;
    std::vector<ProcessInfo> processes;
    auto ns = [&](NamespaceType t, NamespaceId id) -> NamespaceInfo & {
        NamespaceInfo &n = byId[id];
        n.id = id;
        n.type = t;
        n.initial = id == host[t];
        return n;
    };
    for (NamespaceType t : allNamespaceTypes)
        ns(t, host[t]);
    ns(NamespaceType::Uts, host[NamespaceType::Uts]).details.insert(QStringLiteral("hostname"), QStringLiteral("build-07"));
    auto add = [&](qint32 pid, qint32 ppid, const QString &comm, const NamespaceSet &set, quint32 uid = 0,
                   std::optional<ContainerLabel> label = std::nullopt) {
        ProcessInfo p;
        p.pid = p.tgid = pid;
        p.ppid = ppid;
        p.comm = comm;
        p.cmdline = {comm};
        p.uid = uid;
        p.startTime = quint64(pid) * 3;
        p.namespaces.set = set;
        p.container = label;
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo &n = ns(t, set[t]);
            n.tasks << pid;
            n.processes << pid;
        }
        processes.push_back(p);
    };
    add(1, 0, QStringLiteral("systemd"), host);
    for (qint32 pid = 2; pid < 30; ++pid)
        add(pid, 1, QStringLiteral("hostd%1").arg(pid), host);
    qint32 service = 30;
    for (const char *comm : {"systemd-logind", "colord", "upowerd"}) {
        NamespaceSet s = host;
        s[NamespaceType::Mnt] = 4026532100 + NamespaceId(service);
        ns(NamespaceType::Mnt, s[NamespaceType::Mnt]).owner = host[NamespaceType::User];
        add(service++, 1, QString::fromLatin1(comm), s);
    }
    NamespaceInfo &lab = ns(NamespaceType::Net, 4026532150);
    lab.bindMounts << BindMount{QStringLiteral("/run/netns/lab"), host[NamespaceType::Mnt]};
    NamespaceInfo &held = ns(NamespaceType::User, 4026532151);
    held.parent = host[NamespaceType::User];
    held.fdHolders << FdHolder{2, 7};

    const NamespaceId rootlessUser = 4026532152;
    bool rootless = false;
    for (int c = 0; c < containers; ++c) {
        const qint32 pid = 1000 + c * 10;        // each container's own pids
        NamespaceId next = 4026540000 + NamespaceId(c) * 10; // and namespace ids
        NamespaceSet s = host;
        auto own = [&](NamespaceType t) {
            s[t] = next++;
            NamespaceInfo &n = ns(t, s[t]);
            if (t == NamespaceType::Pid)
                n.parent = host[NamespaceType::Pid];
            return s[t];
        };
        const int kind = c % 10;
        if (kind < 4) {
            static const char *stack[] = {"nginx", "gunicorn", "redis-server", "postgres"};
            for (NamespaceType t : {NamespaceType::Cgroup, NamespaceType::Net, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Mnt, NamespaceType::Pid})
                own(t);
            ns(NamespaceType::Uts, s[NamespaceType::Uts]).details.insert(QStringLiteral("hostname"), QStringLiteral("%1").arg(0xa0000 + c, 0, 16));
            const ContainerLabel label{QStringLiteral("docker"), QStringLiteral("%1").arg(c, 64, 16, QLatin1Char('0')),
                                       QStringLiteral("shop%1-%2-1").arg(c / 10 + 1).arg(QString::fromLatin1(stack[kind]).section(QLatin1Char('-'), 0, 0))};
            add(pid, 1, QString::fromLatin1(stack[kind]), s, 0, label);
            for (int w = 1; w <= kind % 3; ++w)
                add(pid + w, pid, QString::fromLatin1(stack[kind]), s, 0, label);
        } else if (kind < 7) {
            // A pod: the pause container's net, ipc and uts; its apps join them. Kinds 4, 5, 6 are one pod.
            const int podIndex = c / 10;
            const NamespaceId podBase = 4026540000 + NamespaceId(c - (kind - 4)) * 10;
            const QString podName = QStringLiteral("api-%1").arg(0x1000 + podIndex, 0, 16);
            NamespaceId shared = podBase + 7;
            for (NamespaceType t : {NamespaceType::Net, NamespaceType::Ipc, NamespaceType::Uts}) {
                s[t] = shared++;
                ns(t, s[t]);
            }
            ns(NamespaceType::Uts, s[NamespaceType::Uts]).details.insert(QStringLiteral("hostname"), podName);
            for (NamespaceType t : {NamespaceType::Cgroup, NamespaceType::Mnt, NamespaceType::Pid})
                own(t);
            static const char *apps[] = {"pause", "api", "envoy"};
            const QString app = QString::fromLatin1(apps[kind - 4]);
            add(pid, 1, app, s, 0, ContainerLabel{QStringLiteral("kubernetes"), QString::number(c), podName + QLatin1Char('/') + app});
        } else if (kind < 9) {
            if (!rootless) {
                rootless = true;
                NamespaceInfo &u = ns(NamespaceType::User, rootlessUser);
                u.parent = host[NamespaceType::User];
                u.ownerUid = 1000;
                u.uidMap = {IdMapRange{0, 1000, 1}, IdMapRange{1, 100000, 65536}};
                NamespaceSet keeper = host;
                keeper[NamespaceType::User] = rootlessUser;
                keeper[NamespaceType::Mnt] = 4026532153;
                ns(NamespaceType::Mnt, keeper[NamespaceType::Mnt]).owner = rootlessUser;
                add(999, 1, QStringLiteral("catatonit"), keeper, 1000);
            }
            s[NamespaceType::User] = rootlessUser;
            for (NamespaceType t : {NamespaceType::Cgroup, NamespaceType::Net, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Mnt, NamespaceType::Pid})
                ns(t, own(t)).owner = rootlessUser;
            const QString name = QStringLiteral("dev-%1").arg(c);
            ns(NamespaceType::Uts, s[NamespaceType::Uts]).details.insert(QStringLiteral("hostname"), name);
            static const char *comms[] = {"httpd", "node"};
            add(pid, 999, QString::fromLatin1(comms[kind - 7]), s, 1000, ContainerLabel{QStringLiteral("podman"), QString::number(c), name});
            add(pid + 1, pid, QString::fromLatin1(comms[kind - 7]), s, 1000, ContainerLabel{QStringLiteral("podman"), QString::number(c), name});
        } else {
            for (NamespaceType t : {NamespaceType::Net, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Mnt, NamespaceType::Pid})
                own(t);
            ns(NamespaceType::Uts, s[NamespaceType::Uts]).details.insert(QStringLiteral("hostname"), QStringLiteral("lab-%1").arg(c));
            add(pid, 1, QStringLiteral("sh"), s);
            add(pid + 1, pid, QStringLiteral("sleep"), s);
        }
    }
    std::vector<NamespaceInfo> namespaces;
    for (NamespaceInfo &n : byId) {
        if (!n.initial && n.type != NamespaceType::User && !n.owner)
            n.owner = host[NamespaceType::User];
        namespaces.push_back(n);
    }
    HostInfo info;
    info.hostname = QStringLiteral("build-07");
    info.kernel = QStringLiteral("6.1.0");
    info.time = QDateTime::fromSecsSinceEpoch(1764460800, Qt::UTC);
    return std::make_shared<const Snapshot>(info, std::move(processes), std::move(namespaces));
}

// The same host with `replaced` of its containers gone and as many new ones come: what a refresh sees on a
// busy host. Containers are the namespace sets beyond the host's; the new ones copy the shape of the ones that
// went, with new pids and namespace ids. `round` picks which go, so a sequence of rounds churns all over.
inline SnapshotPtr withChurn(const Snapshot &s, int replaced, int round)
{
    const NamespaceSet &initial = s.initialNamespaces();
    std::vector<const NamespaceSetGroup *> containers;
    for (const NamespaceSetGroup &g : s.namespaceSets())
        if (g.set != initial)
            containers.push_back(&g);
    QSet<qint32> gone;
    std::vector<const NamespaceSetGroup *> templates;
    for (int k = 0; k < replaced && !containers.empty(); ++k) {
        const NamespaceSetGroup *g = containers[std::size_t((k * 7919 + round * 104729) % int(containers.size()))];
        templates.push_back(g);
        for (qint32 pid : g->pids)
            gone.insert(pid);
    }
    qint32 nextPid = s.processes().back().pid + 1;
    NamespaceId nextNs = 0;
    QHash<NamespaceId, NamespaceInfo> byId;
    for (const NamespaceInfo &n : s.namespaces()) {
        nextNs = std::max(nextNs, n.id + 1);
        NamespaceInfo copy = n;
        copy.tasks.clear();
        copy.processes.clear();
        byId.insert(n.id, copy);
    }
    std::vector<ProcessInfo> processes;
    for (const ProcessInfo &p : s.processes())
        if (!gone.contains(p.pid))
            processes.push_back(p);
    for (const NamespaceSetGroup *g : templates) {
        QHash<NamespaceId, NamespaceId> renamed; // its own namespaces get new ids; shared ones it keeps
        QHash<qint32, qint32> pids;
        for (qint32 pid : g->pids)
            pids.insert(pid, nextPid++);
        for (qint32 pid : g->pids) {
            ProcessInfo p = *s.process(pid);
            p.pid = p.tgid = pids[pid];
            p.ppid = pids.value(p.ppid, p.ppid);
            p.startTime = quint64(p.pid) * 3;
            for (NamespaceType t : allNamespaceTypes) {
                const NamespaceId id = p.namespaces.set[t];
                if (id == initial[t] || s.setsSharing(id) > 1)
                    continue;
                if (!renamed.contains(id)) {
                    renamed.insert(id, nextNs);
                    NamespaceInfo n = byId.value(id);
                    n.id = nextNs++;
                    n.tasks.clear();
                    n.processes.clear();
                    byId.insert(n.id, n);
                }
                p.namespaces.set[t] = renamed[id];
            }
            processes.push_back(p);
        }
    }
    std::sort(processes.begin(), processes.end(), [](const ProcessInfo &a, const ProcessInfo &b) { return a.pid < b.pid; });
    for (const ProcessInfo &p : processes)
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo &n = byId[p.namespaces.set[t]];
            n.tasks << p.pid;
            n.processes << p.pid;
        }
    QSet<NamespaceId> related; // parents and owners of what is still in use stay, as the scanner keeps them
    for (const NamespaceInfo &n : std::as_const(byId))
        if (!n.processes.isEmpty()) {
            if (n.parent)
                related.insert(*n.parent);
            if (n.owner)
                related.insert(*n.owner);
        }
    std::vector<NamespaceInfo> namespaces;
    for (const NamespaceInfo &n : std::as_const(byId))
        if (n.isHeld() || n.initial || !n.processes.isEmpty() || related.contains(n.id))
            namespaces.push_back(n);
    return std::make_shared<const Snapshot>(s.host(), std::move(processes), std::move(namespaces), s.inaccessible());
}

} // namespace nsviz::testing
