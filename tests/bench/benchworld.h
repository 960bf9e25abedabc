#pragma once

// The synthetic host of the benchmarks, in memory (no /proc, no root): N processes (default 5000), a few hundred on
// the host (kernel threads among them) in the initial namespaces, the rest in namespace sets of 10 (an init and 9
// children), each set with its own net, uts, ipc, mnt and pid namespaces and the host's cgroup, time and user
// namespaces. tick() churns 1% of it (a set stops, a new one starts, single processes exit and start) and lets
// ~10 processes setns() into another set's net and mnt namespaces; snapshot() takes its picture.

#include "snapshot/snapshot.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <vector>

namespace nsviz::bench {

struct Options
{
    int processes = 5000;
    int hostProcesses = 300; // of which kernelThreads are kernel threads
    int kernelThreads = 100;
    int setSize = 10;
    int ticks = 30;
    int repeat = 3;
    double churn = 0.01; // per tick, exits + births as a fraction of the processes: 1% of 5000 = 25 + 25
    int setnsPerTick = 10;
    int detailsPerTick = 0; // processes whose state flips (S <-> R) per tick, as polling notices them
    int expandedSets = 6; // ByType: their net and pid namespaces are expanded (+ the 8 initial ones)
    int expandedInits = 18; // ProcessTree: these set inits are expanded (+ the top level)
    unsigned seed = 1;
    QString search = QStringLiteral("app-1"); // typed into the main window's search field; empty: none
    bool hideHost = true;                     // its "Hide host noise" box
};

// The host as the scanner would see it, changed tick by tick; snapshot() takes its picture.
class World
{
public:
    explicit World(const Options &o)
        : m_options(o)
        , m_rng(o.seed)
    {
        const std::array<NamespaceId, NamespaceTypeCount> hostIds = {
            4026531835, 4026531839, 4026531841, 4026531840, 4026531836, 4026531834, 4026531837, 4026531838,
        };
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo n;
            n.id = hostIds[std::size_t(t)];
            n.type = t;
            n.dev = 4;
            n.initial = true;
            if (t != NamespaceType::User)
                n.owner = hostIds[std::size_t(NamespaceType::User)];
            else
                n.ownerUid = 0;
            m_host[t] = n.id;
            m_meta.emplace(n.id, std::move(n));
        }

        // Host: systemd, kthreadd and its kernel threads, containerd (parent of every set's init), user land.
        addHost(1, 0, QStringLiteral("systemd"), {QStringLiteral("/sbin/init")});
        addHost(2, 0, QStringLiteral("kthreadd"), {});
        for (int i = 0; i < o.kernelThreads - 2; ++i)
            addHost(3 + i, 2, QStringLiteral("kworker/%1:%2").arg(i / 4).arg(i % 4), {});
        m_nextPid = 3 + o.kernelThreads;
        m_containerd = m_nextPid++;
        addHost(m_containerd, 1, QStringLiteral("containerd"), {QStringLiteral("/usr/bin/containerd")});
        while (int(m_procs.size()) < o.hostProcesses)
            spawnHost();

        while (int(m_procs.size()) + o.setSize <= o.processes)
            startSet(o.setSize);
        for (int i = 0; i < o.expandedSets + o.expandedInits && i < int(m_setOrder.size()); ++i)
            m_sets.at(m_setOrder[std::size_t(i)]).pinned = true;
    }

    // One tick of churn.
    void tick()
    {
        const int churn = std::max(1, int(std::lround(double(m_procs.size()) * m_options.churn / 2)));

        // Exits: one whole set (a container stops), then single processes until `churn` are gone.
        int exited = 0;
        {
            std::vector<NamespaceId> candidates;
            for (const auto &[pidns, s] : m_sets) {
                if (!s.pinned && int(s.members.size()) <= churn)
                    candidates.push_back(pidns);
            }
            std::sort(candidates.begin(), candidates.end());
            if (!candidates.empty()) {
                const NamespaceId victim = candidates[pick(candidates.size())];
                const std::vector<qint32> members(m_sets.at(victim).members.begin(), m_sets.at(victim).members.end());
                for (qint32 pid : members)
                    exitProcess(pid);
                exited += int(members.size());
                m_sets.erase(victim);
                std::erase(m_setOrder, victim);
            }
        }
        while (exited < churn) {
            const std::vector<qint32> singles = ordinaryPids();
            if (singles.empty())
                break;
            exitProcess(singles[pick(singles.size())]);
            ++exited;
        }

        // Births: one new set, then single processes in existing sets or on the host.
        int started = 0;
        if (churn >= m_options.setSize) {
            startSet(m_options.setSize);
            started += m_options.setSize;
        }
        for (; started < churn; ++started) {
            if (pick(3) == 0 || m_setOrder.empty()) {
                spawnHost();
            } else {
                Set &s = m_sets.at(m_setOrder[pick(m_setOrder.size())]);
                spawnInSet(s);
            }
        }

        // setns(): processes join another set's net and mnt namespaces (as `nsenter -n -m` would make them).
        for (int i = 0; i < m_options.setnsPerTick && !m_setOrder.empty(); ++i) {
            const std::vector<qint32> singles = ordinaryPids();
            if (singles.empty())
                break;
            ProcessInfo &p = m_procs.at(singles[pick(singles.size())]);
            const Set &target = m_sets.at(m_setOrder[pick(m_setOrder.size())]);
            p.namespaces.set[NamespaceType::Net] = target.ns[NamespaceType::Net];
            p.namespaces.set[NamespaceType::Mnt] = target.ns[NamespaceType::Mnt];
        }

        // Details: a process found running that slept (or the other way round).
        if (m_options.detailsPerTick > 0) {
            const std::vector<qint32> singles = ordinaryPids();
            for (int i = 0; i < m_options.detailsPerTick && !singles.empty(); ++i) {
                ProcessInfo &p = m_procs.at(singles[pick(singles.size())]);
                p.state = p.state == QLatin1String("S") ? QStringLiteral("R") : QStringLiteral("S");
            }
        }
    }

    SnapshotPtr snapshot() const
    {
        std::vector<ProcessInfo> processes;
        processes.reserve(m_procs.size());
        std::unordered_map<NamespaceId, QList<qint32>> members;
        for (const auto &[pid, p] : m_procs) { // by pid: the member lists come out sorted
            processes.push_back(p);
            for (NamespaceId id : p.namespaces.set.ids)
                members[id].append(pid);
        }
        std::vector<NamespaceInfo> namespaces;
        namespaces.reserve(members.size());
        for (auto &[id, pids] : members) {
            NamespaceInfo n = m_meta.at(id);
            n.tasks = pids;
            n.processes = std::move(pids);
            namespaces.push_back(std::move(n));
        }
        HostInfo host;
        host.hostname = QStringLiteral("bench");
        host.kernel = QStringLiteral("6.1.0");
        host.scannerUid = 0;
        return std::make_shared<const Snapshot>(std::move(host), std::move(processes), std::move(namespaces));
    }

    const NamespaceSet &hostNamespaces() const { return m_host; }
    // The pinned sets, oldest first: never stopped, so the nodes a "user" expanded stay.
    std::vector<std::pair<NamespaceSet, qint32>> pinnedSets() const
    {
        std::vector<std::pair<NamespaceSet, qint32>> out;
        for (NamespaceId pidns : m_setOrder) {
            const Set &s = m_sets.at(pidns);
            if (s.pinned)
                out.push_back({s.ns, s.init});
        }
        return out;
    }

private:
    struct Set
    {
        NamespaceSet ns;
        qint32 init = 0;
        int nextInnerPid = 1;
        ContainerLabel label;
        std::set<qint32> members;
        bool pinned = false;
    };

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }

    ProcessInfo makeProcess(qint32 pid, qint32 ppid, QString comm, QStringList cmdline)
    {
        ProcessInfo p;
        p.pid = pid;
        p.ppid = ppid;
        p.tgid = pid;
        p.comm = std::move(comm);
        p.cmdline = std::move(cmdline);
        p.uid = pick(4) == 0 ? 1000 : 0;
        p.state = QStringLiteral("S");
        p.startTime = m_clock += 1 + pick(50);
        p.nspid = {pid};
        p.namespaces.set = m_host;
        return p;
    }

    void addHost(qint32 pid, qint32 ppid, QString comm, QStringList cmdline)
    {
        m_procs.emplace(pid, makeProcess(pid, ppid, std::move(comm), std::move(cmdline)));
    }

    void spawnHost()
    {
        // Children of systemd, or of a user-land host process (a shell, a service's workers).
        std::vector<qint32> parents;
        for (const auto &[pid, p] : m_procs) {
            if (p.namespaces.set == m_host && !p.isKernelThread() && pid != m_containerd)
                parents.push_back(pid);
        }
        const qint32 ppid = pick(2) == 0 || parents.empty() ? 1 : parents[pick(parents.size())];
        const qint32 pid = newPid();
        addHost(pid, ppid, QStringLiteral("svc-%1").arg(pid),
                {QStringLiteral("/usr/bin/svc-%1").arg(pid % 97), QStringLiteral("--serve")});
    }

    NamespaceId newNamespace(NamespaceType type)
    {
        NamespaceInfo n;
        n.id = m_nextNs++;
        n.type = type;
        n.dev = 4;
        n.owner = m_host[NamespaceType::User];
        if (type == NamespaceType::Pid)
            n.parent = m_host[NamespaceType::Pid];
        const NamespaceId id = n.id;
        m_meta.emplace(id, std::move(n));
        return id;
    }

    void startSet(int size)
    {
        Set s;
        s.ns = m_host;
        for (NamespaceType t : {NamespaceType::Net, NamespaceType::Uts, NamespaceType::Ipc, NamespaceType::Mnt,
                                NamespaceType::Pid})
            s.ns[t] = newNamespace(t);
        const int index = m_setsStarted++;
        s.label.engine = QStringLiteral("docker");
        s.label.id = QStringLiteral("%1").arg(quint64(index) * 0x9e3779b97f4a7c15ULL, 16, 16, QLatin1Char('0')).repeated(4);
        s.label.name = QStringLiteral("app-%1").arg(index);
        const NamespaceId pidns = s.ns[NamespaceType::Pid];
        auto [it, inserted] = m_sets.emplace(pidns, std::move(s));
        m_setOrder.push_back(pidns);
        Set &set = it->second;
        set.init = spawnInSet(set, m_containerd);
        for (int i = 1; i < size; ++i)
            spawnInSet(set);
    }

    qint32 spawnInSet(Set &s, qint32 ppid = 0)
    {
        const qint32 pid = newPid();
        const int inner = s.nextInnerPid++;
        ProcessInfo p = inner == 1 ? makeProcess(pid, ppid, QStringLiteral("tini"), {QStringLiteral("/sbin/tini"), QStringLiteral("--")})
                                   : makeProcess(pid, s.init, QStringLiteral("worker"),
                                                 {QStringLiteral("/app/worker"), QStringLiteral("--id"), QString::number(inner)});
        p.nspid = {pid, inner};
        p.namespaces.set = s.ns;
        p.container = s.label;
        m_procs.emplace(pid, std::move(p));
        s.members.insert(pid);
        return pid;
    }

    void exitProcess(qint32 pid)
    {
        const auto it = m_procs.find(pid);
        if (it == m_procs.end())
            return;
        const qint32 ppid = it->second.ppid;
        const auto set = m_sets.find(it->second.namespaces.set[NamespaceType::Pid]);
        if (set != m_sets.end())
            set->second.members.erase(pid);
        m_procs.erase(it);
        // Orphans are reparented to the init of their pid namespace (the host's: systemd).
        for (auto &[child, p] : m_procs) {
            if (p.ppid == pid)
                p.ppid = set != m_sets.end() && set->second.init != pid ? set->second.init : (ppid == 2 ? 2 : 1);
        }
    }

    // Processes that may exit or setns() on their own: not systemd, kthreadd, containerd, kernel threads or inits.
    std::vector<qint32> ordinaryPids() const
    {
        std::vector<qint32> out;
        out.reserve(m_procs.size());
        for (const auto &[pid, p] : m_procs) {
            if (pid <= 2 || pid == m_containerd || p.isKernelThread())
                continue;
            const auto set = m_sets.find(p.namespaces.set[NamespaceType::Pid]);
            if (set != m_sets.end() && set->second.init == pid)
                continue;
            out.push_back(pid);
        }
        return out;
    }

    qint32 newPid() { return m_nextPid += 1 + qint32(pick(3)); }

    Options m_options;
    std::mt19937 m_rng;
    NamespaceSet m_host;
    std::map<qint32, ProcessInfo> m_procs;
    std::unordered_map<NamespaceId, NamespaceInfo> m_meta; // everything but the member lists
    std::unordered_map<NamespaceId, Set> m_sets;           // by pid namespace
    std::vector<NamespaceId> m_setOrder;                   // by age
    NamespaceId m_nextNs = 4026532200;
    qint32 m_nextPid = 0;
    qint32 m_containerd = 0;
    quint64 m_clock = 1000;
    int m_setsStarted = 0;
};

} // namespace nsviz::bench
