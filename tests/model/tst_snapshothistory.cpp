// The live history: bounded by bytes whatever the host's size, cheap on a quiet host (keyframes and deltas), and
// every snapshot it keeps given back exactly as it came, also after the oldest were dropped.
#include "snapshotsequence.h"

#include "live/snapshothistory.h"

#include <QRandomGenerator>
#include <QTest>

using namespace nsviz;

namespace {

// A host of `processes` processes in containers of four, each with its own net, uts and mnt namespaces.
struct Host
{
    std::vector<ProcessInfo> processes;
    std::vector<NamespaceInfo> namespaces;
    HostInfo host;
    QRandomGenerator rng{42};
    NamespaceId nextId = 4026540000;
    qint32 nextPid = 1;

    explicit Host(int count)
    {
        host.hostname = QStringLiteral("history-host");
        host.time = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        while (int(processes.size()) < count)
            addContainer();
    }
    void addContainer()
    {
        NamespaceSet set;
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo n;
            n.id = nextId++;
            n.type = t;
            set[t] = n.id;
            namespaces.push_back(n);
        }
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
        host.time = host.time.addMSecs(100);
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

} // namespace

class TestSnapshotHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void givesBackWhatCame()
    {
        fixtures::SnapshotSequence sequence;
        QVERIFY(sequence.isValid());
        std::vector<SnapshotPtr> originals{sequence.scan()};
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
            originals.push_back(sequence.step(i));
        Host host(400);
        for (int i = 0; i < 300; ++i)
            originals.push_back(host.tick(i % 7));
        SnapshotHistory history(qint64(1) << 40);
        for (const SnapshotPtr &s : originals)
            history.append(s);
        QCOMPARE(history.size(), qsizetype(originals.size()));
        QVERIFY2(history.keyframes() < history.size() / 10, "mostly deltas");
        for (qsizetype i = 0; i < history.size(); ++i)
            QVERIFY2(*history.at(i) == *originals[std::size_t(i)], qPrintable(QStringLiteral("snapshot %1 came back different").arg(i)));
        QCOMPARE(history.latest(), originals.back());
    }

    // Bounded by bytes on a large, busy host; the oldest kept is still given back exactly.
    void boundedByBytes()
    {
        Host host(2000);
        const qint64 keyframe = SnapshotHistory::estimateBytes(*host.snapshot());
        const qint64 bound = 4 * keyframe;
        SnapshotHistory history(bound);
        std::deque<SnapshotPtr> recent;
        for (int i = 0; i < 300; ++i) {
            const SnapshotPtr s = host.tick(4); // 0.2% of the host starts, 0.2% exits, 0.2% changes, per tick
            history.append(s);
            recent.push_back(s);
            if (recent.size() > 600)
                recent.pop_front();
            QVERIFY2(history.bytes() <= bound, qPrintable(QStringLiteral("%1 bytes kept, bound %2").arg(history.bytes()).arg(bound)));
        }
        QVERIFY2(history.size() > 60, qPrintable(QStringLiteral("only %1 snapshots in four keyframes' worth").arg(history.size())));
        QVERIFY(*history.at(0) == *recent[recent.size() - std::size_t(history.size())]);
        qInfo("2,000 processes, 0.2%% churn a tick: one snapshot ~%lld KiB; %lld snapshots kept in %lld KiB (bound %lld KiB), %lld of them keyframes; "
              "600 whole snapshots, as before, would take %lld KiB",
              keyframe >> 10, qint64(history.size()), history.bytes() >> 10, bound >> 10, qint64(history.keyframes()), (600 * keyframe) >> 10);

        history.setMaxBytes(0);
        QCOMPARE(history.size(), qsizetype(1));
        QCOMPARE(history.latest(), recent.back());
        QVERIFY(*history.at(0) == *recent.back());
    }

    // What a quiet desktop costs: the issue measured 600 x 35 KB on an 80-process host.
    void quietHostIsCheap()
    {
        Host host(80);
        SnapshotHistory history;
        for (int i = 0; i < 600; ++i)
            history.append(host.tick(i % 20 == 0 ? 1 : 0));
        const qint64 whole = SnapshotHistory::estimateBytes(*history.latest());
        qInfo("80 processes: one snapshot ~%lld KiB, 600 of them kept in %lld KiB (%lld keyframes); 600 whole: %lld KiB",
              whole >> 10, history.bytes() >> 10, qint64(history.keyframes()), (600 * whole) >> 10);
        QCOMPARE(history.size(), qsizetype(600));
        QVERIFY(history.bytes() * 5 < 600 * whole);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotHistory)
#include "tst_snapshothistory.moc"
