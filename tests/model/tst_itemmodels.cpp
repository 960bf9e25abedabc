// The item models under QAbstractItemModelTester, fed a sequence of snapshots: after every step the model
// built incrementally equals one built from scratch, and what a view held (expansion, selection) survived.
#include "snapshotsequence.h"

#include "itemmodels/displaytext.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processtablemodel.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

using namespace nsviz;

namespace {

// The whole tree as indented text, every node built; exited processes (shown one more round) left out.
QString dump(NamespaceTreeModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    if (model.canFetchMore(parent))
        model.fetchMore(parent);
    QString out;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data(NamespaceTreeModel::ExitedRole).toBool())
            continue;
        out += QString(depth * 2, QLatin1Char(' ')) + i.data().toString() + QLatin1String(" | ")
            + model.index(r, 1, parent).data().toString() + QLatin1String(" | ") + model.index(r, 2, parent).data().toString()
            + QLatin1Char('\n');
        out += dump(model, i, depth + 1);
    }
    return out;
}

QString dump(const ProcessTableModel &model, bool withGhosts)
{
    QString out;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (!withGhosts && model.index(r, 0).data(ProcessTableModel::ExitedRole).toBool())
            continue;
        for (int c = 0; c < model.columnCount(); ++c)
            out += model.index(r, c).data().toString() + QLatin1Char('/')
                + model.index(r, c).data(ProcessTableModel::SharingRole).toString() + QLatin1Char('\t');
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace

class TestItemModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneLineShowsWhatHides()
    {
        // What would break a line, turn the text around or make a document invalid is shown as a visible mark.
        const QString mark(QChar(0x2423));
        QCOMPARE(text::oneLine(QStringLiteral("a\nb\tc\u0001")), QStringLiteral("a") + mark + QStringLiteral("b") + mark + QStringLiteral("c") + mark);
        QCOMPARE(text::oneLine(QStringLiteral("evil\u202Etxt.exe")), QStringLiteral("evil") + mark + QStringLiteral("txt.exe"));
        QCOMPARE(text::oneLine(QStringLiteral("x\u2028y\u2029z\uFEFF")), QStringLiteral("x") + mark + QStringLiteral("y") + mark + QStringLiteral("z") + mark);
        QString lone = QStringLiteral("a");
        lone += QChar(0xD800);
        QCOMPARE(text::oneLine(lone), QStringLiteral("a") + mark);
        QCOMPARE(text::oneLine(QString(QChar(0xFFFE))), mark);
        // Joiners and the soft hyphen are text: Persian words and emoji sequences stay as they are.
        for (const QString &kept : {QStringLiteral("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"),
                                    QStringLiteral("\U0001F469\u200D\U0001F4BB"), QStringLiteral("hy\u00ADphen"),
                                    QStringLiteral("\U0001F3F4\U000E0067\U000E0062\U000E007F")})
            QCOMPARE(text::oneLine(kept), kept);
    }
    void processTable()
    {
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        ProcessTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(seq.scan());
        QCOMPARE(model.rowCount(), int(model.snapshot()->processes().size()));
        QCOMPARE(model.columnCount(), 12);

        const int row200 = model.rowOfPid(200);
        QCOMPARE(model.index(row200, ProcessTableModel::namespaceColumn(NamespaceType::Net)).data().toString(),
                 QString::number(fixtures::basic::dockerNet));
        QCOMPARE(model.index(row200, ProcessTableModel::namespaceColumn(NamespaceType::Net)).data(ProcessTableModel::SharingRole).toInt(),
                 int(ProcessTableModel::Sharing::Shared)); // the pod shares it
        QCOMPARE(model.index(row200, ProcessTableModel::namespaceColumn(NamespaceType::Pid)).data(ProcessTableModel::SharingRole).toInt(),
                 int(ProcessTableModel::Sharing::Private));
        QCOMPARE(model.index(model.rowOfPid(1), ProcessTableModel::namespaceColumn(NamespaceType::Pid)).data(ProcessTableModel::SharingRole).toInt(),
                 int(ProcessTableModel::Sharing::Initial));
        QCOMPARE(model.index(model.rowOfPid(3), int(ProcessTableModel::Column::Command)).data().toString(), QStringLiteral("[kworker/0:0-events]"));
        QVERIFY(!model.index(model.rowOfPid(201), int(ProcessTableModel::Column::Command)).data().toString().contains(QLatin1Char('\n')));

        QPersistentModelIndex held(model.index(model.rowOfPid(900), 2)); // "selected" in a view
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i) {
            const SnapshotPtr next = seq.step(i);
            model.setSnapshot(next);
            ProcessTableModel fresh;
            fresh.setSnapshot(next);
            QCOMPARE(dump(model, false), dump(fresh, false));
            QVERIFY(held.isValid());
            QCOMPARE(held.data(ProcessTableModel::PidRole).toInt(), 900);
        }
        QCOMPARE(resets.count(), 0);
    }

    void exitedProcessesStayOneRound()
    {
        fixtures::SnapshotSequence seq;
        ProcessTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(seq.scan());
        seq.step(0);
        model.setSnapshot(seq.step(1)); // 800 exits
        const int ghost = [&] {
            for (int r = 0; r < model.rowCount(); ++r)
                if (model.index(r, 0).data(ProcessTableModel::PidRole).toInt() == 800)
                    return r;
            return -1;
        }();
        QVERIFY(ghost >= 0);
        QVERIFY(model.index(ghost, 0).data(ProcessTableModel::ExitedRole).toBool());
        QCOMPARE(model.rowOfPid(800), -1);
        QVERIFY(model.rowOfPid(1300) >= 0);
        model.setSnapshot(seq.step(2));
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(model.index(r, 0).data(ProcessTableModel::PidRole).toInt() != 800);
    }

    void namespaceTree_data()
    {
        QTest::addColumn<int>("grouping");
        QTest::newRow("by type") << int(NamespaceTreeModel::Grouping::ByType);
        QTest::newRow("user hierarchy") << int(NamespaceTreeModel::Grouping::UserHierarchy);
        QTest::newRow("pid hierarchy") << int(NamespaceTreeModel::Grouping::PidHierarchy);
        QTest::newRow("process tree") << int(NamespaceTreeModel::Grouping::ProcessTree);
        QTest::newRow("namespace sets") << int(NamespaceTreeModel::Grouping::NamespaceSets);
    }
    void namespaceTree()
    {
        QFETCH(int, grouping);
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        NamespaceTreeModel model;
        model.setGrouping(NamespaceTreeModel::Grouping(grouping));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(seq.scan());
        const QModelIndex user = model.findProcess(900); // builds the path to it, as expanding would
        QVERIFY(user.isValid());
        QPersistentModelIndex held(user);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i) {
            const SnapshotPtr next = seq.step(i);
            model.setSnapshot(next);
            NamespaceTreeModel fresh;
            fresh.setGrouping(NamespaceTreeModel::Grouping(grouping));
            fresh.setSnapshot(next);
            QCOMPARE(dump(model), dump(fresh));
            QVERIFY2(held.isValid(), "a node a view held survives every refresh");
            QCOMPARE(held.data(NamespaceTreeModel::PidRole).toInt(), 900);
        }
        QCOMPARE(resets.count(), 0);
    }

    void exitedProcessStaysOneRoundInTheTree()
    {
        fixtures::SnapshotSequence seq;
        NamespaceTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(seq.scan());
        seq.step(0);
        QPersistentModelIndex holder = model.findProcess(800);
        QVERIFY(holder.isValid());
        model.setSnapshot(seq.step(1)); // 800 exits
        QVERIFY2(holder.isValid(), "an exited process is not pulled from under the cursor");
        QVERIFY(holder.data(NamespaceTreeModel::ExitedRole).toBool());
        QCOMPARE(holder.data(NamespaceTreeModel::PidRole).toInt(), 800);
        QVERIFY(holder.data().toString().contains(QStringLiteral("holder")));
        model.setSnapshot(seq.step(2));
        QVERIFY(!holder.isValid());
    }

    // A process with children on screen exits: its rows for them go properly (no dangling nodes), and the
    // children appear under their new parent.
    void exitedParentInProcessTree()
    {
        auto proc = [](qint32 pid, qint32 ppid) {
            ProcessInfo p;
            p.pid = p.tgid = pid;
            p.ppid = ppid;
            p.comm = QStringLiteral("p%1").arg(pid);
            p.startTime = quint64(pid);
            for (NamespaceType t : allNamespaceTypes)
                p.namespaces.set[t] = 100 + int(t);
            return p;
        };
        auto snapshot = [](std::vector<ProcessInfo> ps) {
            std::vector<NamespaceInfo> ns;
            for (NamespaceType t : allNamespaceTypes) {
                NamespaceInfo n;
                n.id = 100 + int(t);
                n.type = t;
                for (const ProcessInfo &p : ps)
                    n.processes.append(p.pid);
                n.tasks = n.processes;
                ns.push_back(n);
            }
            return std::make_shared<const Snapshot>(HostInfo{}, std::move(ps), std::move(ns));
        };
        NamespaceTreeModel model;
        model.setGrouping(NamespaceTreeModel::Grouping::ProcessTree);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot({proc(1, 0), proc(10, 1), proc(11, 10), proc(12, 11)}));
        QVERIFY(model.findProcess(12).isValid()); // 1 > 10 > 11 > 12 built, as if expanded
        QPersistentModelIndex exiting = model.findProcess(10);
        model.setSnapshot(snapshot({proc(1, 0), proc(11, 1), proc(12, 11)})); // 10 exits, 11 re-parented to 1
        QVERIFY(exiting.isValid());
        QVERIFY(exiting.data(NamespaceTreeModel::ExitedRole).toBool());
        QCOMPARE(model.rowCount(exiting), 0);
        QCOMPARE(model.findProcess(12).parent().data(NamespaceTreeModel::PidRole).toInt(), 11);
        QCOMPARE(model.findProcess(11).parent().data(NamespaceTreeModel::PidRole).toInt(), 1);
        model.setSnapshot(snapshot({proc(1, 0), proc(11, 1), proc(12, 11), proc(13, 1)}));
        QVERIFY(!exiting.isValid());
    }

    void byTypeShape()
    {
        fixtures::SnapshotSequence seq;
        NamespaceTreeModel model;
        model.setSnapshot(seq.scan());
        QCOMPARE(model.rowCount(), NamespaceTypeCount);
        const QModelIndex net = model.index(int(NamespaceType::Net), 0);
        QCOMPARE(net.data().toString(), QStringLiteral("net"));
        QCOMPARE(model.index(int(NamespaceType::Net), 1).data().toInt(), 4);
        const QModelIndex mounted = model.findNamespace(fixtures::basic::mountedNet);
        QVERIFY(mounted.isValid());
        QCOMPARE(mounted.parent(), net);
        QVERIFY(model.index(mounted.row(), 2, net).data().toString().contains(QStringLiteral("bind mount /run/netns/demo ns")));
        QVERIFY(!model.hasChildren(mounted));
        const QModelIndex fd = model.findNamespace(fixtures::basic::fdNet);
        QVERIFY(model.index(fd.row(), 2, net).data().toString().contains(QStringLiteral("fd 3 of process 800")));
    }

    void processTreeMarksContainerBoundaries()
    {
        fixtures::SnapshotSequence seq;
        NamespaceTreeModel model;
        model.setGrouping(NamespaceTreeModel::Grouping::ProcessTree);
        model.setSnapshot(seq.scan());
        const QModelIndex nginx = model.findProcess(200);
        QVERIFY(nginx.isValid());
        QCOMPARE(nginx.parent().data(NamespaceTreeModel::PidRole).toInt(), 1);
        const int mask = nginx.data(NamespaceTreeModel::BoundaryRole).toInt();
        QVERIFY(mask & (1 << int(NamespaceType::Net)));
        QVERIFY(mask & (1 << int(NamespaceType::Pid)));
        QVERIFY(!(mask & (1 << int(NamespaceType::User))));
        QVERIFY(model.index(nginx.row(), 2, nginx.parent()).data().toString().startsWith(QStringLiteral("new namespaces: ")));
        const QModelIndex worker = model.findProcess(201); // same namespaces as its parent
        QCOMPARE(worker.data(NamespaceTreeModel::BoundaryRole).toInt(), 0);
    }

    void namespaceSetsAreContainers()
    {
        fixtures::SnapshotSequence seq;
        NamespaceTreeModel model;
        model.setGrouping(NamespaceTreeModel::Grouping::NamespaceSets);
        model.setSnapshot(seq.scan());
        QCOMPARE(model.rowCount(), 4);
        const QModelIndex nginx = model.findProcess(201);
        QVERIFY(nginx.isValid());
        QCOMPARE(nginx.parent().data().toString(), QStringLiteral("docker 0123456789ab"));
        QCOMPARE(model.index(nginx.parent().row(), 1).data().toInt(), 2);
        QVERIFY(model.index(nginx.parent().row(), 2).data().toString().contains(QStringLiteral("net:[4026532201]")));
        QCOMPARE(model.findProcess(1).parent().data().toString(), QStringLiteral("host"));
    }

    void pidHierarchyShowsInnerPids()
    {
        fixtures::SnapshotSequence seq;
        NamespaceTreeModel model;
        model.setGrouping(NamespaceTreeModel::Grouping::PidHierarchy);
        model.setSnapshot(seq.scan());
        const QModelIndex worker = model.findProcess(201);
        QVERIFY(worker.isValid());
        QVERIFY2(worker.data().toString().startsWith(QStringLiteral("2 (host 201)")), qPrintable(worker.data().toString()));
        QCOMPARE(worker.parent().data(NamespaceTreeModel::NamespaceIdRole).toULongLong(), fixtures::basic::dockerPid);
        QCOMPARE(worker.parent().parent().data(NamespaceTreeModel::NamespaceIdRole).toULongLong(), fixtures::basic::hostPid);
    }
};

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
