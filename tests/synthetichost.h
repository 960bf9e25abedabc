#pragma once

// A made-up host for history, recording and benchmark tests: as many processes as asked, in containers of four, each
// container with eight namespaces of its own; tick() lets some exit, some start and some change, as a busy host does.

#include "snapshot/snapshot.h"

#include <QHash>
#include <QRandomGenerator>

#include <memory>
#include <vector>

namespace nsviz::fixtures {

// A host of `count` processes: `onHost` of them in the host's own (initial) namespaces, the rest in containers of
// four, each container with eight namespaces of its own. New processes join the set of a random one.
struct SyntheticHost
{
    std::vector<ProcessInfo> processes;
    std::vector<NamespaceInfo> namespaces;
    HostInfo host;
    QRandomGenerator rng{42};
    NamespaceId nextId = 4026540000;
    qint32 nextPid = 1;

    int tickMs = 100; // how far the clock moves in a tick

    explicit SyntheticHost(int count, int onHost = 0)
    {
        host.hostname = QStringLiteral("history-host");
        host.time = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        if (onHost > 0) {
            const NamespaceSet initial = newSet(true);
            for (int i = 0; i < onHost; ++i)
                addProcess(initial);
        }
        while (int(processes.size()) < count)
            addContainer();
    }
    NamespaceSet newSet(bool initial = false)
    {
        NamespaceSet set;
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo n;
            n.id = nextId++;
            n.type = t;
            n.initial = initial;
            set[t] = n.id;
            namespaces.push_back(n);
        }
        return set;
    }
    void addContainer()
    {
        const NamespaceSet set = newSet();
        for (int i = 0; i < 4; ++i)
            addProcess(set);
    }
    void addProcess(const NamespaceSet &set)
    {
        ProcessInfo p;
        p.pid = p.tgid = nextPid++;
        p.comm = QStringLiteral("worker-%1").arg(p.pid);
        p.cmdline = {QStringLiteral("/usr/bin/worker"), QStringLiteral("--id=%1").arg(p.pid), QStringLiteral("--verbose")};
        p.startTime = quint64(p.pid) * 11;
        p.state = QStringLiteral("S");
        p.namespaces.set = set;
        processes.push_back(p);
    }
    // One tick: `churn` processes exit, as many start, a few change name or state; the clock moves on.
    SnapshotPtr tick(int churn)
    {
        host.time = host.time.addMSecs(tickMs);
        for (int i = 0; i < churn && processes.size() > 8; ++i)
            processes.erase(processes.begin() + rng.bounded(int(processes.size())));
        for (int i = 0; i < churn; ++i)
            addProcess(processes[std::size_t(rng.bounded(int(processes.size())))].namespaces.set);
        for (int i = 0; i < churn; ++i) {
            ProcessInfo &p = processes[std::size_t(rng.bounded(int(processes.size())))];
            p.state = p.state == QLatin1String("S") ? QStringLiteral("R") : QStringLiteral("S");
            p.comm += QLatin1Char('+');
        }
        return snapshot();
    }
    // A container's processes all exit (its namespaces go with them).
    void stopContainer()
    {
        for (const ProcessInfo &p : processes) {
            const NamespaceInfo *uts = nullptr;
            for (const NamespaceInfo &n : namespaces)
                if (n.id == p.namespaces.set[NamespaceType::Uts])
                    uts = &n;
            if (uts && !uts->initial) {
                const NamespaceSet set = p.namespaces.set;
                std::erase_if(processes, [&](const ProcessInfo &q) { return q.namespaces.set == set; });
                return;
            }
        }
    }
    SnapshotPtr snapshot()
    {
        // Membership as the scanner would compute it.
        std::vector<NamespaceInfo> ns = namespaces;
        QHash<NamespaceId, std::size_t> index;
        for (std::size_t i = 0; i < ns.size(); ++i)
            index.insert(ns[i].id, i);
        for (const ProcessInfo &p : processes)
            for (NamespaceId id : p.namespaces.set.ids) {
                ns[index.value(id)].processes.append(p.pid);
                ns[index.value(id)].tasks.append(p.pid);
            }
        std::erase_if(ns, [](const NamespaceInfo &n) { return n.processes.isEmpty(); });
        return std::make_shared<const Snapshot>(host, processes, std::move(ns));
    }
};


} // namespace nsviz::fixtures
