#include "snapshot/snapshotdiff.h"

#include <QTest>

using namespace nsviz;

namespace {

ProcessInfo proc(qint32 pid, NamespaceId net, quint64 start = 1, const QString &comm = QStringLiteral("p"))
{
    ProcessInfo p;
    p.pid = p.tgid = pid;
    p.comm = comm;
    p.startTime = start;
    for (NamespaceType t : allNamespaceTypes)
        p.namespaces.set[t] = 100 + int(t);
    p.namespaces.set[NamespaceType::Net] = net;
    return p;
}

// Builds the namespace list from the processes, as the scanner would.
Snapshot snapshot(std::vector<ProcessInfo> processes, std::vector<NamespaceInfo> extra = {})
{
    std::map<NamespaceId, NamespaceInfo> table;
    for (const ProcessInfo &p : processes) {
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo &n = table[p.namespaces.set[t]];
            n.id = p.namespaces.set[t];
            n.type = t;
            n.processes.append(p.pid);
            n.tasks.append(p.pid);
        }
    }
    std::vector<NamespaceInfo> ns = std::move(extra);
    for (auto &[id, n] : table)
        ns.push_back(n);
    return Snapshot({}, std::move(processes), std::move(ns));
}

} // namespace

class TestSnapshotDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void identical()
    {
        const Snapshot a = snapshot({proc(1, 50), proc(2, 50)});
        QVERIFY(SnapshotDiff::compute(&a, &a).isEmpty());
    }

    void fromNothing()
    {
        const Snapshot a = snapshot({proc(1, 50), proc(2, 60)});
        const SnapshotDiff d = SnapshotDiff::compute(nullptr, &a);
        QCOMPARE(d.processesAdded, (QList<qint32>{1, 2}));
        QCOMPARE(d.namespacesCreated.size(), 9); // 7 shared + two nets
        const SnapshotDiff back = SnapshotDiff::compute(&a, nullptr);
        QCOMPARE(back.processesRemoved, (QList<qint32>{1, 2}));
        QCOMPARE(back.namespacesDestroyed.size(), 9);
    }

    void addRemoveChange()
    {
        const Snapshot a = snapshot({proc(1, 50), proc(2, 50), proc(3, 50), proc(5, 50)});
        ProcessInfo renamed = proc(3, 50);
        renamed.cmdline = {QStringLiteral("exec'd")};
        const Snapshot b = snapshot({proc(1, 50), proc(2, 60), renamed, proc(4, 50), proc(5, 50, 99)});
        const SnapshotDiff d = SnapshotDiff::compute(&a, &b);
        QCOMPARE(d.processesAdded, (QList<qint32>{4, 5}));   // 5 is a new process under a reused pid
        QCOMPARE(d.processesRemoved, (QList<qint32>{5}));
        QCOMPARE(d.processesChanged.size(), 2);
        QCOMPARE(d.processesChanged[0].pid, 2);
        QVERIFY(d.processesChanged[0].namespacesChanged);
        QVERIFY(!d.processesChanged[0].detailsChanged);
        QCOMPARE(d.processesChanged[1].pid, 3);
        QVERIFY(!d.processesChanged[1].namespacesChanged);
        QVERIFY(d.processesChanged[1].detailsChanged);
        QCOMPARE(d.namespacesCreated, (QList<NamespaceId>{60}));
        QVERIFY(d.namespacesDestroyed.isEmpty());

        // net 50 lost 2 and gained 4; every other namespace gained 4 (5 kept its pid)
        const auto net = std::find_if(d.membershipChanged.begin(), d.membershipChanged.end(),
                                      [](const SnapshotDiff::MembershipChange &m) { return m.id == 50; });
        QVERIFY(net != d.membershipChanged.end());
        QCOMPARE(net->processesAdded, (QList<qint32>{4}));
        QCOMPARE(net->processesRemoved, (QList<qint32>{2}));
        QCOMPARE(d.membershipChanged.size(), 8);
    }

    void holdersOnly()
    {
        NamespaceInfo held;
        held.id = 77;
        held.type = NamespaceType::Net;
        held.bindMounts = {{QStringLiteral("/run/netns/x"), 102}};
        const Snapshot a = snapshot({proc(1, 50)}, {held});
        held.bindMounts.clear();
        held.fdHolders = {{1, 3}};
        const Snapshot b = snapshot({proc(1, 50)}, {held});
        const SnapshotDiff d = SnapshotDiff::compute(&a, &b);
        QCOMPARE(d.membershipChanged.size(), 1);
        QCOMPARE(d.membershipChanged[0].id, NamespaceId(77));
        QVERIFY(d.membershipChanged[0].holdersChanged);
        QVERIFY(d.membershipChanged[0].processesAdded.isEmpty());
    }

    void threadNamespaceChange()
    {
        ProcessInfo p = proc(1, 50);
        const Snapshot a = snapshot({p});
        TaskNamespaces other = p.namespaces;
        other.set[NamespaceType::Uts] = 999;
        p.threadsInOtherNamespaces = {{2, other}};
        const Snapshot b = snapshot({p});
        const SnapshotDiff d = SnapshotDiff::compute(&a, &b);
        QCOMPARE(d.processesChanged.size(), 1);
        QVERIFY(d.processesChanged[0].namespacesChanged);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotDiff)
#include "tst_snapshotdiff.moc"
