// The item models under QAbstractItemModelTester, fed a sequence of snapshots: after every step the model
// built incrementally equals one built from scratch, and what a view held (expansion, selection) survived.
#include "snapshotsequence.h"
#include "views/graphtesting.h"

#include "itemmodels/displaytext.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processfilter.h"
#include "itemmodels/processfilterproxy.h"
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

// The live processes a filtered view shows: every node fetched, process nodes' pids (exited ones left out).
// The live processes a filtered table shows.
QSet<qint32> shownPids(const QAbstractItemModel &table)
{
    QSet<qint32> out;
    for (int r = 0; r < table.rowCount(); ++r) {
        const QModelIndex i = table.index(r, 0);
        if (!i.data(ProcessTableModel::ExitedRole).toBool())
            out.insert(i.data(ProcessTableModel::PidRole).toInt());
    }
    return out;
}

// The table and the tree behind one ProcessFilter, as the main window wires them.
struct FilteredViews
{
    ProcessFilter filter;
    ProcessTableModel table;
    NamespaceTreeModel tree;
    ProcessFilterProxy tableProxy;
    ProcessFilterProxy treeProxy;
    explicit FilteredViews(NamespaceTreeModel::Grouping grouping)
    {
        tree.setGrouping(grouping);
        tableProxy.setSourceModel(&table);
        treeProxy.setSourceModel(&tree);
        tableProxy.setFilter(&filter);
        treeProxy.setFilter(&filter);
    }
};

// What a filtered tree shows, every node fetched: the processes shown as matches of the filter, and any node that
// is neither a match nor the ancestor of one (there should be none).
struct TreeShown
{
    QSet<qint32> matches;
    QStringList strays;
};
void walk(QAbstractItemModel &tree, const ProcessFilter &filter, TreeShown &out, const QModelIndex &parent = {})
{
    if (tree.canFetchMore(parent))
        tree.fetchMore(parent);
    for (int r = 0; r < tree.rowCount(parent); ++r) {
        const QModelIndex i = tree.index(r, 0, parent);
        tree.rowCount(i); // as a view does before it opens a node: the proxy maps it while it has no children yet
        if (tree.canFetchMore(i))
            tree.fetchMore(i);
        const auto kind = NamespaceTreeModel::Kind(i.data(NamespaceTreeModel::KindRole).toInt());
        const qint32 pid = i.data(NamespaceTreeModel::PidRole).toInt();
        const bool exited = i.data(NamespaceTreeModel::ExitedRole).toBool();
        if (kind == NamespaceTreeModel::Kind::Process && filter.accepts(pid) && !exited)
            out.matches.insert(pid);
        else if (tree.rowCount(i) == 0 && !exited
                 && !(kind == NamespaceTreeModel::Kind::Namespace
                      && filter.matchesNamespace(NamespaceType(i.data(NamespaceTreeModel::NamespaceTypeRole).toInt()),
                                                 i.data(NamespaceTreeModel::NamespaceIdRole).toULongLong())))
            out.strays.append(i.data().toString());
        walk(tree, filter, out, i);
    }
}
TreeShown shownInTree(QAbstractItemModel &tree, const ProcessFilter &filter)
{
    TreeShown out;
    walk(tree, filter, out);
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
        // What would break a line, turn the text around or make a document invalid is shown as a visible sign.
        QCOMPARE(text::oneLine(QStringLiteral("a\nb\tc\u0001")), QStringLiteral("a\u240Ab\u2409c\u2401"));
        QCOMPARE(text::oneLine(QStringLiteral("evil\u202Etxt.exe")), QStringLiteral("evil\uFFFDtxt.exe"));
        QCOMPARE(text::oneLine(QStringLiteral("x\u2028y\uFEFF")), QStringLiteral("x\u2424y\uFFFD"));
        QString lone = QStringLiteral("a");
        lone += QChar(0xD800);
        for (QChar c : text::oneLine(lone))
            QVERIFY(!c.isSurrogate());
        QVERIFY(!text::oneLine(QString(QChar(0xFFFE))).contains(QChar(0xFFFE)));
        // The joiners are text: Persian words and emoji sequences stay as they are.
        for (const QString &kept : {QStringLiteral("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"),
                                    QStringLiteral("\U0001F469\u200D\U0001F4BB")})
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
        const QModelIndex net200 = model.index(row200, ProcessTableModel::namespaceColumn(NamespaceType::Net));
        QCOMPARE(net200.data(ProcessTableModel::NamespaceIdRole).toULongLong(), fixtures::basic::dockerNet);
        // Named where a name exists (the container that made it), the inode on hover.
        const Snapshot &first = *model.snapshot();
        QCOMPARE(net200.data().toString(), text::namespaceName(first, *first.findNamespace(fixtures::basic::dockerNet)));
        QVERIFY(!net200.data().toString().isEmpty());
        QVERIFY(net200.data().toString() != QString::number(fixtures::basic::dockerNet));
        QVERIFY(net200.data(Qt::ToolTipRole).toString().contains(QStringLiteral("net:[%1]").arg(fixtures::basic::dockerNet)));
        QCOMPARE(model.index(model.rowOfPid(1), ProcessTableModel::namespaceColumn(NamespaceType::Net)).data().toString(), QStringLiteral("host"));
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

    void namespaceRenamedWithItsLeader()
    {
        // A namespace named after the container that made it is renamed when that process exits: the cells of
        // the members that stay say so (dataChanged), or a view would keep showing the old name.
        const SnapshotPtr s = testing::realisticHost(10);
        const NamespaceInfo *renamed = nullptr;
        qint32 leaderPid = 0;
        SnapshotPtr next;
        for (const NamespaceInfo &n : s->namespaces()) {
            if (n.initial || n.processes.size() < 2 || !n.bindMounts.isEmpty())
                continue;
            const ProcessInfo *leader = text::setLeader(*s, n.processes);
            std::vector<ProcessInfo> processes;
            for (const ProcessInfo &p : s->processes())
                if (p.pid != leader->pid)
                    processes.push_back(p);
            std::vector<NamespaceInfo> namespaces = s->namespaces();
            for (NamespaceInfo &m : namespaces) {
                m.processes.removeAll(leader->pid);
                m.tasks.removeAll(leader->pid);
            }
            auto candidate = std::make_shared<const Snapshot>(s->host(), std::move(processes), std::move(namespaces));
            if (text::namespaceName(*candidate, *candidate->findNamespace(n.id)) != text::namespaceName(*s, n)) {
                renamed = &n;
                leaderPid = leader->pid;
                next = candidate;
                break;
            }
        }
        QVERIFY2(renamed, "the fixture should have a namespace named after its first process");
        ProcessTableModel model;
        QAbstractItemModelTester tester(&model);
        model.setSnapshot(s);
        const int column = ProcessTableModel::namespaceColumn(renamed->type);
        qint32 stays = 0;
        for (qint32 pid : renamed->processes)
            if (pid != leaderPid)
                stays = pid;
        const QString before = model.index(model.rowOfPid(stays), column).data().toString();
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(next, SnapshotDiff::compute(s.get(), next.get()));
        const int row = model.rowOfPid(stays);
        const QString after = model.index(row, column).data().toString();
        QVERIFY2(after != before, qPrintable(after));
        bool told = false;
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const auto tl = args.at(0).value<QModelIndex>(), br = args.at(1).value<QModelIndex>();
            told = told || (tl.row() <= row && row <= br.row() && tl.column() <= column && column <= br.column());
        }
        QVERIFY2(told, qPrintable(QStringLiteral("%1 -> %2 without dataChanged").arg(before, after)));
    }

    void unreadableLinksAreUnknown()
    {
        // A link that could not be read (id 0, "?") is neither the host's, nor shared, nor private.
        fixtures::SnapshotSequence seq;
        const SnapshotPtr s = seq.scan();
        std::vector<ProcessInfo> processes = s->processes();
        for (ProcessInfo &p : processes)
            if (p.pid == 300)
                p.namespaces.set[NamespaceType::Time] = 0;
        std::vector<NamespaceInfo> namespaces = s->namespaces();
        for (NamespaceInfo &n : namespaces)
            if (n.type == NamespaceType::Time)
                n.processes.removeAll(300);
        ProcessTableModel model;
        model.setSnapshot(std::make_shared<const Snapshot>(s->host(), std::move(processes), std::move(namespaces)));
        const QModelIndex cell = model.index(model.rowOfPid(300), ProcessTableModel::namespaceColumn(NamespaceType::Time));
        QCOMPARE(cell.data().toString(), QStringLiteral("?"));
        QCOMPARE(cell.data(ProcessTableModel::SharingRole).toInt(), int(ProcessTableModel::Sharing::Unknown));
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("could not be read")));
    }

    void searchFollowsAProcessIntoAnOwnedNamespace_data() { namespaceTree_data(); }
    void searchFollowsAProcessIntoAnOwnedNamespace()
    {
        // A host process searched for enters the net namespace of a rootless container (nsenter -n) while another
        // match is shown all along: in every grouping the tree shows it there too, under that namespace's owner
        // chain, with nothing shown that holds no match.
        QFETCH(int, grouping);
        const SnapshotPtr base = testing::realisticHost(30);
        const NamespaceInfo *owned = nullptr;
        for (const NamespaceInfo &n : base->namespaces())
            if (n.type == NamespaceType::Net && n.owner && *n.owner != base->initialNamespaces()[NamespaceType::User])
                owned = &n;
        QVERIFY2(owned, "the host has no net namespace owned by a container's user namespace");
        QList<qint32> hostPids;
        for (const ProcessInfo &p : base->processes())
            if (!p.isKernelThread() && p.namespaces.set == base->initialNamespaces() && p.pid > 1)
                hostPids << p.pid;
        QVERIFY(hostPids.size() >= 2);
        // Another host process matches all along, so the tree above is shown, and the container's part of it
        // judged and hidden, before the searched process enters.
        const qint32 other = hostPids.first(), pid = hostPids.last();
        std::vector<ProcessInfo> processes = base->processes();
        for (ProcessInfo &p : processes)
            if (p.pid == other)
                p.comm = QStringLiteral("entered-already");
        const SnapshotPtr before = std::make_shared<const Snapshot>(base->host(), processes, base->namespaces(), base->inaccessible());
        std::vector<NamespaceInfo> namespaces = base->namespaces();
        for (ProcessInfo &p : processes)
            if (p.pid == pid) {
                p.namespaces.set[NamespaceType::Net] = owned->id;
                p.comm = QStringLiteral("entered-%1").arg(pid);
            }
        for (NamespaceInfo &n : namespaces) {
            if (n.id == owned->id)
                n.processes.insert(std::lower_bound(n.processes.begin(), n.processes.end(), pid), pid);
            if (n.id == base->initialNamespaces()[NamespaceType::Net])
                n.processes.removeAll(pid);
        }
        const SnapshotPtr after = std::make_shared<const Snapshot>(before->host(), std::move(processes), std::move(namespaces), before->inaccessible());

        FilteredViews views{NamespaceTreeModel::Grouping(grouping)};
        auto &[filter, table, tree, tableProxy, treeProxy] = views;
        filter.setSnapshot(before);
        table.setSnapshot(before);
        tree.setSnapshot(before);
        QVERIFY(filter.setSearch(QStringLiteral("entered-"), false));
        TreeShown shown = shownInTree(treeProxy, filter);
        QCOMPARE(shown.matches, QSet<qint32>{other});
        const SnapshotDiff diff = SnapshotDiff::compute(before.get(), after.get());
        filter.setSnapshot(after, &diff);
        table.setSnapshot(after, diff);
        tree.setSnapshot(after, diff);
        QCOMPARE(shownPids(tableProxy), (QSet<qint32>{other, pid}));
        shown = shownInTree(treeProxy, filter);
        QCOMPARE(shown.matches, (QSet<qint32>{other, pid}));
        QCOMPARE(shown.strays, QStringList());
    }

    void filterFindsTheSameEverywhere_data()
    {
        QTest::addColumn<int>("grouping");
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("regex");
        const std::pair<const char *, NamespaceTreeModel::Grouping> groupings[] = {
            {"by type", NamespaceTreeModel::Grouping::ByType},
            {"user hierarchy", NamespaceTreeModel::Grouping::UserHierarchy},
            {"pid hierarchy", NamespaceTreeModel::Grouping::PidHierarchy},
            {"process tree", NamespaceTreeModel::Grouping::ProcessTree},
            {"namespace sets", NamespaceTreeModel::Grouping::NamespaceSets},
        };
        for (const auto &[name, g] : groupings) {
            QTest::addRow("%s, sleep", name) << int(g) << QStringLiteral("sleep") << false;
            QTest::addRow("%s, container net", name) << int(g) << QString::number(fixtures::basic::dockerNet) << false;
            QTest::addRow("%s, regex", name) << int(g) << QStringLiteral("^(nginx|sleep)") << true;
            QTest::addRow("%s, nothing", name) << int(g) << QStringLiteral("no such process") << false;
        }
    }
    void filterFindsTheSameEverywhere()
    {
        // The table and the tree behind one ProcessFilter show the same processes, after every refresh too: a
        // process that appears under a part of the tree not built yet is found there.
        QFETCH(int, grouping);
        QFETCH(QString, query);
        QFETCH(bool, regex);
        fixtures::SnapshotSequence seq;
        FilteredViews views{NamespaceTreeModel::Grouping(grouping)};
        auto &[filter, table, tree, tableProxy, treeProxy] = views;
        QAbstractItemModelTester tableTester(&tableProxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester treeTester(&treeProxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SnapshotPtr current = seq.scan();
        filter.setSnapshot(current);
        table.setSnapshot(current);
        tree.setSnapshot(current);
        filter.setHideKernelThreads(true);
        QVERIFY(filter.setSearch(query, regex));
        QSet<qint32> expected;
        for (const ProcessInfo &p : current->processes())
            if (filter.matchesText(*current, p) && !p.isKernelThread())
                expected.insert(p.pid);
        QCOMPARE(shownPids(tableProxy), expected);
        TreeShown shown = shownInTree(treeProxy, filter);
        QCOMPARE(shown.matches, expected);
        QCOMPARE(shown.strays, QStringList());
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i) {
            const SnapshotPtr next = seq.step(i);
            const SnapshotDiff diff = SnapshotDiff::compute(current.get(), next.get());
            current = next;
            filter.setSnapshot(next, &diff);
            table.setSnapshot(next, diff);
            tree.setSnapshot(next, diff);
            shown = shownInTree(treeProxy, filter);
            QCOMPARE(shown.matches, shownPids(tableProxy));
            QCOMPARE(shown.strays, QStringList());
            QCOMPARE(QSet<qint32>(filter.shownProcesses()), shownPids(tableProxy));
        }
        if (query == QLatin1String("sleep"))
            QVERIFY(filter.shownProcesses().contains(1300)); // cloned from the pod's sleep at step 1
    }

    void kernelThreadsHidden()
    {
        fixtures::SnapshotSequence seq;
        ProcessFilter filter;
        const SnapshotPtr s = seq.scan();
        filter.setSnapshot(s);
        filter.setHideKernelThreads(true);
        for (const ProcessInfo &p : s->processes())
            QCOMPARE(filter.accepts(p.pid), !p.isKernelThread());
        filter.setHideKernelThreads(false);
        for (const ProcessInfo &p : s->processes())
            QVERIFY(filter.accepts(p.pid));
        // "net" is a word in commands, not every process's net namespace; an inode in its link form finds its members.
        QVERIFY(filter.setSearch(QStringLiteral("net:[%1]").arg(fixtures::basic::dockerNet), false));
        QCOMPARE(QSet<qint32>(filter.shownProcesses()), (QSet<qint32>{200, 201, 300}));
        QVERIFY(filter.setSearch(QStringLiteral("net"), false));
        QVERIFY(!filter.accepts(1));
        QVERIFY(!filter.setSearch(QStringLiteral("("), true));
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
