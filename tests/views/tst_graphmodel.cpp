// The graph model under a sequence of snapshots: what it draws, that ids stay stable, and that the signals
// announce exactly the nodes and edges that appear and go.
#include "graphtesting.h"
#include "snapshotsequence.h"

#include "graph/graphmodel.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processtablemodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace nsviz;

namespace {

// What the signals said exists, kept up to date from them alone.
struct Mirror
{
    QSet<QString> nodes, edges;
    QStringList errors;
    explicit Mirror(GraphModel &m)
    {
        QObject::connect(&m, &GraphModel::nodeCreated, [this](const QString &id) {
            if (nodes.contains(id))
                errors << QStringLiteral("node created twice: ") + id;
            nodes.insert(id);
        });
        QObject::connect(&m, &GraphModel::nodeRemoved, [this, &m](const QString &id) {
            if (!nodes.remove(id))
                errors << QStringLiteral("unknown node removed: ") + id;
            if (!m.node(id))
                errors << QStringLiteral("node removed after its data went: ") + id;
        });
        QObject::connect(&m, &GraphModel::nodeUpdated, [this](const QString &id) {
            if (!nodes.contains(id))
                errors << QStringLiteral("unknown node updated: ") + id;
        });
        QObject::connect(&m, &GraphModel::edgeCreated, [this, &m](const QString &id) {
            if (edges.contains(id))
                errors << QStringLiteral("edge created twice: ") + id;
            const GraphEdge &e = m.edges()[id];
            if (!nodes.contains(e.from) || !nodes.contains(e.to))
                errors << QStringLiteral("edge created before its nodes: ") + id;
            edges.insert(id);
        });
        QObject::connect(&m, &GraphModel::edgeRemoved, [this](const QString &id) {
            if (!edges.remove(id))
                errors << QStringLiteral("unknown edge removed: ") + id;
        });
    }
};

QSet<QString> keys(const auto &hash)
{
    QSet<QString> out;
    for (auto it = hash.cbegin(); it != hash.cend(); ++it)
        out.insert(it.key());
    return out;
}

// The first node of `fresh` whose edges `live` lists otherwise (in any order); empty when they all agree.
QString nodeWhoseEdgesDiffer(const GraphModel &live, const GraphModel &fresh)
{
    for (const QString &id : fresh.nodes().keys()) {
        QStringList was = live.edgesOf(id), now = fresh.edgesOf(id);
        was.sort();
        now.sort();
        if (was != now)
            return id;
    }
    return {};
}

} // namespace

class TestGraphModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sharingGraphOfTheFixture()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setSnapshot(s);
        const NamespaceSet &initial = s->initialNamespaces();
        // One set node per namespace set, but the host's own (all eight initial): that is the host node, once.
        int setNodes = 0;
        for (const GraphNode &n : m.nodes())
            setNodes += n.kind == GraphNodeKind::Set;
        QCOMPARE(setNodes, int(s->namespaceSets().size()) - 1);
        const GraphNode *host = m.node(QStringLiteral("host"));
        QVERIFY(host);
        QCOMPARE(host->kind, GraphNodeKind::Host);
        QCOMPARE(host->title, s->host().hostname);
        for (const ProcessInfo &p : s->processes()) {
            const GraphNode *n = m.node(m.nodeForProcess(p.pid));
            QVERIFY2(n && n->pids.contains(p.pid), qPrintable(QString::number(p.pid)));
            QCOMPARE(n->kind, p.namespaces.set == initial ? GraphNodeKind::Host : GraphNodeKind::Set);
        }
        // Every namespace is drawn once: the host's as badges of the host node only; one beyond the host's as a node
        // of its own where two or more sets share it (or none does), else as a badge of the one set that has it.
        for (const NamespaceInfo &ns : s->namespaces()) {
            const QString where = m.nodeForNamespace(ns.id);
            QVERIFY2(!where.isEmpty(), qPrintable(QString::number(ns.id)));
            const GraphNode *n = m.node(where);
            QVERIFY(n);
            int badges = 0;
            for (const GraphNode &other : m.nodes())
                for (const GraphBadge &b : other.badges)
                    badges += b.id == ns.id && !b.initial;
            if (ns.initial) {
                QCOMPARE(where, QStringLiteral("host"));
            } else if (s->setsSharing(ns.id) == 1) {
                QCOMPARE(n->kind, GraphNodeKind::Set);
                QCOMPARE(badges, 1);
            } else {
                QCOMPARE(n->kind, GraphNodeKind::Namespace);
                QCOMPARE(badges, s->setsSharing(ns.id) > 1 && n->badges.size() > 1 ? 1 : 0); // merged: listed on the node
            }
        }
        for (const GraphNode &n : m.nodes())
            QVERIFY2(!(n.kind == GraphNodeKind::Namespace && n.initial), qPrintable(n.id));
        // The host is the frame: no edge leads to it.
        for (const GraphEdge &e : m.edges())
            QVERIFY2(e.from != QLatin1String("host") && e.to != QLatin1String("host"), qPrintable(e.id));
        // The container shares the host's user namespace: a host badge on its card says so, not an edge.
        const QString docker = m.nodeForProcess(200);
        bool hostUserBadge = false;
        for (const GraphBadge &b : m.node(docker)->badges)
            hostUserBadge = hostUserBadge || (b.initial && b.id == fixtures::basic::hostUser);
        QVERIFY(hostUserBadge);
        // Docker and the pod share net, ipc and uts: one node for the three, with an edge to each of the two.
        const QString shared = m.nodeForNamespace(fixtures::basic::dockerNet);
        QCOMPARE(m.node(shared)->kind, GraphNodeKind::Namespace);
        QCOMPARE(m.nodeForNamespace(4026532203), shared);
        QCOMPARE(m.nodeForNamespace(4026532204), shared);
        QCOMPARE(m.node(shared)->badges.size(), 3);
        QVERIFY(m.edges().contains(QStringLiteral("member:%1>%2").arg(shared, docker)));
        QVERIFY(m.edges().contains(QStringLiteral("member:%1>%2").arg(shared, m.nodeForProcess(300))));
        // The pod's pid namespace is a child of an intermediate one that no process is in.
        const QString podPid = m.nodeForNamespace(fixtures::basic::podPid);
        const QString intermediate = m.nodeForNamespace(fixtures::basic::intermediatePid);
        QCOMPARE(m.node(intermediate)->kind, GraphNodeKind::Namespace);
        QVERIFY(m.edges().contains(QStringLiteral("parent:") + podPid + QLatin1Char('>') + intermediate));
        QVERIFY(m.node(intermediate)->detail.contains(QLatin1String("kept alive by the namespaces below it")));
        // A namespace bind-mounted in the host's mount namespace, or held by an fd of a host process, says so on its
        // node: the host is the frame, not a hub.
        const GraphNode *mounted = m.node(m.nodeForNamespace(fixtures::basic::mountedNet));
        QVERIFY2(mounted->detail.contains(QLatin1String("mounted at /run/netns/second")), qPrintable(mounted->detail));
        const GraphNode *fdHeld = m.node(m.nodeForNamespace(fixtures::basic::fdNet));
        QVERIFY2(fdHeld->detail.contains(QLatin1String("held open by fd")), qPrintable(fdHeld->detail));
        // Ids name what they stand for.
        QCOMPARE(intermediate, QStringLiteral("ns:%1").arg(fixtures::basic::intermediatePid));
        QVERIFY(docker.startsWith(QLatin1String("set:")));
        // Names people know: the engine's (the fixture's docker container has only an id), else the command.
        QCOMPARE(m.node(docker)->title, QStringLiteral("docker 0123456789ab"));
        QVERIFY2(m.node(docker)->subtitle.startsWith(QStringLiteral("docker · 2 processes · pid 200")), qPrintable(m.node(docker)->subtitle));
    }

    void incrementalEqualsFresh_data()
    {
        QTest::addColumn<bool>("hideHost");
        QTest::addColumn<int>("types"); // a TypeMask as bits
        QTest::addColumn<bool>("expandDocker");
        QTest::addColumn<int>("mode");
        const int all = int(GraphModel::allTypes().to_ulong());
        const int netPid = (1 << int(NamespaceType::Net)) | (1 << int(NamespaceType::Pid));
        QTest::newRow("sharing") << false << all << false << int(GraphModel::Mode::Sharing);
        QTest::newRow("hide host") << true << all << false << int(GraphModel::Mode::Sharing);
        QTest::newRow("net and pid") << false << netPid << false << int(GraphModel::Mode::Sharing);
        QTest::newRow("hide host, net and pid") << true << netPid << false << int(GraphModel::Mode::Sharing);
        QTest::newRow("expanded") << false << all << true << int(GraphModel::Mode::Sharing);
        QTest::newRow("hierarchy") << false << int(GraphModel::defaultTypes(GraphModel::Mode::Hierarchy).to_ulong()) << false
                                   << int(GraphModel::Mode::Hierarchy);
    }
    void incrementalEqualsFresh()
    {
        QFETCH(bool, hideHost);
        QFETCH(int, types);
        QFETCH(bool, expandDocker);
        QFETCH(int, mode);
        auto configure = [&](GraphModel &m) {
            m.setMode(GraphModel::Mode(mode));
            m.setVisibleTypes(GraphModel::TypeMask(quint64(types)));
            m.setHideHost(hideHost);
        };
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        GraphModel live;
        configure(live);
        Mirror mirror(live);
        SnapshotPtr previous = seq.scan();
        live.setSnapshot(previous);
        const QString dockerSet = live.nodeForProcess(201);
        if (expandDocker)
            live.setExpanded(dockerSet, true);
        for (int step = 0; step < fixtures::SnapshotSequence::stepCount(); ++step) {
            const SnapshotPtr next = seq.step(step);
            QSignalSpy created(&live, &GraphModel::nodeCreated), removed(&live, &GraphModel::nodeRemoved);
            const SnapshotDiff diff = SnapshotDiff::compute(previous.get(), next.get());
            live.setSnapshot(next, &diff);
            GraphModel fresh;
            configure(fresh);
            fresh.setSnapshot(next);
            if (expandDocker && fresh.node(dockerSet))
                fresh.setExpanded(dockerSet, true);
            // Every edge ends at nodes that exist.
            for (const GraphEdge &e : live.edges())
                QVERIFY2(live.node(e.from) && live.node(e.to), qPrintable(e.id));
            QCOMPARE(keys(live.nodes()), keys(fresh.nodes()));
            QCOMPARE(keys(live.edges()), keys(fresh.edges()));
            // The edges at each node are kept up to date, not rebuilt: the same as a fresh build's.
            const QString edgesDiffer = nodeWhoseEdgesDiffer(live, fresh);
            QVERIFY2(edgesDiffer.isEmpty(), qPrintable(edgesDiffer));
            for (const QString &id : fresh.nodes().keys())
                QVERIFY2(live.nodes()[id] == fresh.nodes()[id], qPrintable(id));
            QVERIFY2(mirror.errors.isEmpty(), qPrintable(mirror.errors.join(QLatin1Char('\n'))));
            QCOMPARE(mirror.nodes, keys(live.nodes()));
            QCOMPARE(mirror.edges, keys(live.edges()));
            if (step == 1 && GraphModel::Mode(mode) == GraphModel::Mode::Sharing) {
                // The container did not change in this step: its node is neither removed nor created.
                for (const auto &args : std::as_const(created))
                    QVERIFY(args.at(0).toString() != dockerSet);
                for (const auto &args : std::as_const(removed))
                    QVERIFY(args.at(0).toString() != dockerSet);
                QVERIFY(live.node(dockerSet));
            }
            if (step == 2 && GraphModel::Mode(mode) == GraphModel::Mode::Sharing) // the container exited
                QVERIFY(!live.node(dockerSet));
            previous = next;
        }
    }

    void unchangedSnapshotEmitsNothing()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setSnapshot(s);
        QSignalSpy changed(&m, &GraphModel::changed);
        const SnapshotPtr again = testing::fixtureSnapshot();
        const SnapshotDiff diff = SnapshotDiff::compute(s.get(), again.get());
        m.setSnapshot(again, &diff);
        m.setSnapshot(again); // no diff at hand: recomputed, but nothing differs
        QCOMPARE(changed.count(), 0);
    }

    void hideHostHidesTheHostsBadges()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setSnapshot(s);
        const QString docker = m.nodeForProcess(200);
        auto hostBadges = [&] {
            int n = 0;
            for (const GraphBadge &b : m.node(docker)->badges)
                n += b.initial;
            return n;
        };
        QVERIFY(hostBadges() > 0);
        m.setHideHost(true);
        QCOMPARE(hostBadges(), 0); // a card shows only what is its own
        QVERIFY(m.node(QStringLiteral("host"))); // the host itself is still there, heading the picture
        QVERIFY(m.node(QStringLiteral("host"))->pids.contains(1));
        QVERIFY(!m.node(QStringLiteral("host"))->pids.contains(200));
        for (const GraphNode &n : m.nodes())
            QVERIFY2(!(n.kind == GraphNodeKind::Namespace && n.initial), qPrintable(n.id));
        m.setHideHost(false);
        QVERIFY(hostBadges() > 0);
    }

    void visibleTypesRegroup()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setVisibleTypes(GraphModel::TypeMask().set(int(NamespaceType::Net)));
        m.setSnapshot(s);
        QSet<NamespaceId> nets;
        for (const ProcessInfo &p : s->processes())
            nets.insert(p.namespaces.set[NamespaceType::Net]);
        int sets = 0;
        for (const GraphNode &n : m.nodes()) {
            sets += n.kind == GraphNodeKind::Set || (n.kind == GraphNodeKind::Host && !n.pids.isEmpty());
            for (const GraphBadge &b : n.badges)
                QCOMPARE(b.type, NamespaceType::Net);
            if (n.kind == GraphNodeKind::Namespace)
                QCOMPARE(n.type, NamespaceType::Net);
        }
        QCOMPARE(sets, int(nets.size()));
    }

    void hierarchyMode()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setMode(GraphModel::Mode::Hierarchy);
        m.setSnapshot(s);
        int expected = 0;
        for (const NamespaceInfo &n : s->namespaces())
            expected += n.type == NamespaceType::User || n.type == NamespaceType::Pid;
        QCOMPARE(int(m.nodes().size()), expected);
        const QString pod = m.nodeForNamespace(fixtures::basic::podPid);
        const QString mid = m.nodeForNamespace(fixtures::basic::intermediatePid);
        const QString root = m.nodeForNamespace(fixtures::basic::hostPid);
        QVERIFY(m.edges().contains(QStringLiteral("parent:%1>%2").arg(pod, mid)));
        QVERIFY(m.edges().contains(QStringLiteral("parent:%1>%2").arg(mid, root)));
        QVERIFY(m.edges().contains(QStringLiteral("parent:%1>%2").arg(m.nodeForNamespace(fixtures::basic::rootlessUser),
                                                                       m.nodeForNamespace(fixtures::basic::hostUser))));
    }

    // From the sharing graph of a busy host to its hierarchy and back, unfolded: the nodes, edges and the edges at
    // each node are those of a fresh build every time (the edges at the initial pid namespace, a hub with one per
    // container, are dropped in one pass).
    void modeRoundTripEqualsFresh()
    {
        const SnapshotPtr s = testing::realisticHost(300);
        GraphModel live;
        live.setFolding(false);
        live.setSnapshot(s);
        for (GraphModel::Mode mode : {GraphModel::Mode::Hierarchy, GraphModel::Mode::Sharing, GraphModel::Mode::Hierarchy}) {
            live.setMode(mode);
            GraphModel fresh;
            fresh.setFolding(false);
            fresh.setMode(mode);
            fresh.setSnapshot(s);
            QCOMPARE(keys(live.nodes()), keys(fresh.nodes()));
            QCOMPARE(keys(live.edges()), keys(fresh.edges()));
            QCOMPARE(nodeWhoseEdgesDiffer(live, fresh), QString());
        }
        const QString hostPid = live.nodeForNamespace(s->initialNamespaces()[NamespaceType::Pid]);
        QVERIFY2(live.edgesOf(hostPid).size() > 250, "the hub this is about: a parent edge from each container's pid namespace");
    }

    void expandIntoProcesses()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setSnapshot(s);
        const QString docker = m.nodeForProcess(200);
        QSignalSpy created(&m, &GraphModel::nodeCreated);
        m.setExpanded(docker, true);
        QCOMPARE(created.count(), 2); // 200 and 201
        const QString p200 = m.nodeForProcess(200);
        QVERIFY(p200.startsWith(QLatin1String("proc:200:")));
        QCOMPARE(m.node(p200)->kind, GraphNodeKind::Process);
        QVERIFY(m.edges().contains(QStringLiteral("contains:%1>%2").arg(p200, docker)));
        QVERIFY(m.node(docker)->expanded);
        // Selecting the process lights up its set and the namespaces it shares.
        const QSet<QString> lit = m.processNeighbourhood(200);
        QVERIFY(lit.contains(p200));
        QVERIFY(lit.contains(docker));
        QVERIFY(lit.contains(m.nodeForNamespace(fixtures::basic::dockerNet))); // what it shares beyond the host
        QVERIFY(lit.contains(m.nodeForProcess(300)));                         // and who with
        QVERIFY(!lit.contains(QStringLiteral("host")));                       // but not the whole host
        m.setExpanded(docker, false);
        QVERIFY(!m.node(p200));
        QCOMPARE(m.nodeForProcess(200), docker);
    }

    void setOpensIntoItsNamespaces()
    {
        const SnapshotPtr s = testing::fixtureSnapshot();
        GraphModel m;
        m.setSnapshot(s);
        const QString docker = m.nodeForProcess(200);
        const int badges = int(m.node(docker)->badges.size());
        QVERIFY(badges > 0);
        m.setNamespacesShown(docker, true);
        for (const GraphBadge &b : m.node(docker)->badges)
            QVERIFY(b.initial); // what is left on the card is the host's
        QVERIFY(m.node(docker)->namespacesShown);
        const QString pid = m.nodeForNamespace(fixtures::basic::dockerPid);
        QCOMPARE(pid, QStringLiteral("ns:%1").arg(fixtures::basic::dockerPid));
        QVERIFY(m.edges().contains(QStringLiteral("member:%1>%2").arg(pid, docker)));
        m.setNamespacesShown(docker, false);
        QCOMPARE(int(m.node(docker)->badges.size()), badges);
        QVERIFY(!m.node(pid));
    }

    void largeExpansionIsCut()
    {
        const SnapshotPtr s = testing::syntheticHost(2, 260, 5, 0);
        GraphModel m;
        m.setSnapshot(s);
        const qint32 worker = s->processes().back().pid;
        const QString set = m.nodeForProcess(worker);
        m.setExpanded(set, true);
        int processes = 0;
        for (const GraphNode &n : m.nodes())
            processes += n.kind == GraphNodeKind::Process;
        QCOMPARE(processes, GraphModel::maxExpandedProcesses);
        const GraphNode *more = m.node(QStringLiteral("more:") + set);
        QVERIFY(more);
        QVERIFY(more->title.startsWith(QLatin1String("60 more")));
    }

    void sharingGraphStaysSmallOnABigHost()
    {
        // 5,000 processes in 500 containers: drawn one by one, a node each and one per pod; folded, a handful.
        const SnapshotPtr s = testing::syntheticHost(500, 10, 20);
        GraphModel m;
        m.setFolding(false);
        m.setSnapshot(s);
        QVERIFY(m.nodes().size() >= 500);
        QVERIFY2(m.nodes().size() < 700, qPrintable(QString::number(m.nodes().size())));
        m.setFolding(true);
        QVERIFY2(m.nodes().size() < 20, qPrintable(QString::number(m.nodes().size())));
        // Every process is still somewhere: in a group, and the group knows it.
        for (const ProcessInfo &p : s->processes()) {
            const GraphNode *n = m.node(m.nodeForProcess(p.pid));
            QVERIFY2(n && n->pids.contains(p.pid), qPrintable(QString::number(p.pid)));
        }
    }

    void namesAreTheSameEverywhere()
    {
        // Engine names, else the hostname of the set's own uts namespace, else the command: the graph's card,
        // the tree's containers grouping and the table's Container column say the same.
        const SnapshotPtr s = testing::realisticHost(10);
        GraphModel graph;
        graph.setSnapshot(s);
        NamespaceTreeModel tree;
        tree.setGrouping(NamespaceTreeModel::Grouping::NamespaceSets);
        tree.setSnapshot(s);
        ProcessTableModel table;
        table.setSnapshot(s);
        QHash<qint32, QString> treeName, tableName;
        for (int r = 0; r < tree.rowCount(); ++r) {
            const QModelIndex set = tree.index(r, int(NamespaceTreeModel::Column::Name));
            if (tree.canFetchMore(set))
                tree.fetchMore(set);
            for (int c = 0; c < tree.rowCount(set); ++c)
                treeName.insert(tree.index(c, 0, set).data(NamespaceTreeModel::PidRole).toInt(), set.data().toString());
        }
        for (int r = 0; r < table.rowCount(); ++r)
            tableName.insert(table.index(r, 0).data(ProcessTableModel::PidRole).toInt(),
                             table.index(r, int(ProcessTableModel::Column::Container)).data().toString());
        QSet<QString> titles;
        int checked = 0;
        for (const GraphNode &n : graph.nodes()) {
            if (n.kind != GraphNodeKind::Set)
                continue;
            const qint32 leader = text::setLeader(*s, n.pids)->pid;
            QCOMPARE(treeName.value(leader), n.title);
            if (!tableName.value(leader).isEmpty()) {
                QCOMPARE(tableName.value(leader), n.title);
                ++checked;
            }
            titles.insert(n.title);
        }
        QVERIFY(checked >= 10);
        QVERIFY(titles.contains(QStringLiteral("shop1-nginx-1")));  // the engine's name
        QVERIFY(titles.contains(QStringLiteral("api-1000/envoy"))); // a pod's container, as the kubelet names it
        QVERIFY(titles.contains(QStringLiteral("lab-9")));          // made with unshare: its hostname
        QVERIFY(titles.contains(QStringLiteral("colord")));         // a host service with its own /tmp: its command
        // The pod's shared namespaces are one node, named by the pod's hostname.
        const GraphNode *pod = graph.node(graph.nodeForProcess(text::setLeader(*s, {1040})->pid));
        QVERIFY(pod);
        bool podNode = false;
        for (const QString &n : graph.neighbours(pod->id))
            podNode = podNode || (graph.node(n)->kind == GraphNodeKind::Namespace && graph.node(n)->title == QLatin1String("api-1000"));
        QVERIFY(podNode);
    }

    void hierarchyNamesNamespacesByWhoLivesThere()
    {
        const SnapshotPtr s = testing::realisticHost(10);
        GraphModel m;
        m.setMode(GraphModel::Mode::Hierarchy);
        m.setSnapshot(s);
        auto named = [&](NamespaceId id) {
            const GraphNode *n = m.node(m.nodeForNamespace(id));
            return n ? n->title + QLatin1Char('|') + n->subtitle : QStringLiteral("(none)");
        };
        const NamespaceId nginxPid = s->process(1000)->namespaces.set[NamespaceType::Pid];
        QVERIFY2(named(nginxPid).startsWith(QStringLiteral("shop1-nginx-1|pid %1").arg(nginxPid)), qPrintable(named(nginxPid)));
        QVERIFY2(named(s->initialNamespaces()[NamespaceType::Pid]).startsWith(QLatin1String("host build-07|")),
                 qPrintable(named(s->initialNamespaces()[NamespaceType::Pid])));
        QVERIFY2(named(4026532152).startsWith(QLatin1String("catatonit and 2 more|user 4026532152")), qPrintable(named(4026532152)));
    }

    void alikeSetsFoldOnABusyHost()
    {
        const SnapshotPtr s = testing::realisticHost(200);
        GraphModel m;
        m.setSnapshot(s);
        const GraphNode *nginx = nullptr, *pods = nullptr;
        for (const GraphNode &n : m.nodes()) {
            if (n.kind == GraphNodeKind::Group && n.title == QStringLiteral("nginx × 20"))
                nginx = &n;
            if (n.kind == GraphNodeKind::Group && n.title.startsWith(QStringLiteral("pause + api + envoy × ")))
                pods = &n;
        }
        QStringList groups;
        for (const GraphNode &n : m.nodes())
            if (n.kind == GraphNodeKind::Group)
                groups << n.title;
        QVERIFY2(nginx && pods, qPrintable(groups.join(QLatin1String(" | "))));
        QCOMPARE(nginx->count, 20);
        QCOMPARE(nginx->members.size(), 20);
        QVERIFY(nginx->subtitle.startsWith(QStringLiteral("docker · 20 alike")));
        QVERIFY(pods);
        QCOMPARE(pods->members.size(), 3 * pods->count); // three sets a pod
        QVERIFY2(pods->detail.contains(QLatin1String("sharing ipc, net and uts")), qPrintable(pods->detail));
        // Every process of a folded set is found in its group.
        const qint32 first = nginx->pids.first();
        QCOMPARE(m.nodeForProcess(first), nginx->id);
        // Opened, its members are cards again, each saying which group it came from; folded again, one card.
        const QString id = nginx->id, podsId = pods->id;
        m.setGroupOpen(id, true);
        QVERIFY(!m.node(id));
        QCOMPARE(m.node(m.nodeForProcess(first))->kind, GraphNodeKind::Set);
        QCOMPARE(m.node(m.nodeForProcess(first))->group, id);
        // The rest stays folded; a refresh keeps it open.
        QVERIFY(m.node(podsId));
        m.setSnapshot(testing::realisticHost(201));
        QCOMPARE(m.node(m.nodeForProcess(first))->group, id);
        m.setGroupOpen(id, false);
        QCOMPARE(m.nodeForProcess(first), id);
        // Switched off, nothing folds.
        m.setFolding(false);
        for (const GraphNode &n : m.nodes())
            QVERIFY(n.kind != GraphNodeKind::Group);
        // A quiet host never folds: a class's two web servers stay two.
        GraphModel few;
        few.setSnapshot(testing::realisticHost(GraphModel::foldAbove / 2));
        for (const GraphNode &n : few.nodes())
            QVERIFY(n.kind != GraphNodeKind::Group);
    }

    void incrementalEqualsFreshOnABusyHost_data()
    {
        QTest::addColumn<bool>("fold");
        QTest::addColumn<bool>("hideHost");
        QTest::addColumn<int>("types");
        QTest::addColumn<bool>("openGroup");
        QTest::addColumn<int>("async"); // 0: synchronous, 1: built on the worker, 2: and two snapshots at once
        const int all = int(GraphModel::allTypes().to_ulong());
        const int noUts = all & ~(1 << int(NamespaceType::Uts));
        QTest::newRow("folded") << true << false << all << false << 0;
        QTest::newRow("one by one") << false << false << all << false << 0;
        QTest::newRow("hide host") << true << true << all << false << 0;
        QTest::newRow("uts not drawn") << false << false << noUts << false << 0;
        QTest::newRow("a group open") << true << false << all << true << 0;
        QTest::newRow("folded, async") << true << false << all << false << 1;
        QTest::newRow("a group open, async") << true << false << all << true << 1;
        QTest::newRow("one by one, async, coalesced") << false << false << all << false << 2;
        QTest::newRow("a group open, async, coalesced") << true << false << all << true << 2;
    }
    void incrementalEqualsFreshOnABusyHost()
    {
        // Refreshes fed with their diffs (cards taken over where the diff names nothing of theirs) give the graph
        // a fresh build gives: through churn, a container renaming itself and an engine naming its containers.
        QFETCH(bool, fold);
        QFETCH(bool, hideHost);
        QFETCH(int, types);
        QFETCH(bool, openGroup);
        QFETCH(int, async);
        auto configure = [&](GraphModel &m) {
            m.setFolding(fold);
            m.setHideHost(hideHost);
            m.setVisibleTypes(GraphModel::TypeMask(quint64(types)));
        };
        SnapshotPtr s = testing::realisticHost(60);
        GraphModel live;
        live.setAsynchronous(async > 0);
        configure(live);
        Mirror mirror(live);
        live.setSnapshot(s);
        auto built = [&] { return live.isAsynchronous() ? QTest::qWaitFor([&] { return !live.isBuilding(); }, 10000) : !live.isBuilding(); };
        QVERIFY(built());
        QString opened;
        if (openGroup)
            for (const GraphNode &n : live.nodes())
                if (n.kind == GraphNodeKind::Group && n.title.startsWith(QLatin1String("lab")))
                    opened = n.id;
        if (openGroup) {
            QVERIFY(!opened.isEmpty());
            live.setGroupOpen(opened, true);
            QVERIFY(built());
        }
        auto rename = [](const Snapshot &from, NamespaceId uts, const QString &name) {
            std::vector<NamespaceInfo> namespaces = from.namespaces();
            for (NamespaceInfo &n : namespaces)
                if (n.id == uts)
                    n.details.insert(QStringLiteral("hostname"), name);
            return std::make_shared<const Snapshot>(from.host(), from.processes(), std::move(namespaces), from.inaccessible());
        };
        auto label = [](const Snapshot &from, qint32 pid, const QString &name) {
            std::vector<ProcessInfo> processes = from.processes();
            for (ProcessInfo &p : processes)
                if (p.pid == pid)
                    p.container = ContainerLabel{QStringLiteral("podman"), QStringLiteral("abc"), name};
            return std::make_shared<const Snapshot>(from.host(), std::move(processes), from.namespaces(), from.inaccessible());
        };
        auto change = [&](const Snapshot &from, int step) {
            if (step == 3) // lab-9 renames itself
                return rename(from, from.process(1090)->namespaces.set[NamespaceType::Uts], QStringLiteral("renamed-at-last"));
            if (step == 5) // an engine names what it runs
                return label(from, 1099 - 9 + 9, QStringLiteral("late-name"));
            return testing::withChurn(from, 2, step);
        };
        for (int step = 0; step < 8; ++step) {
            SnapshotPtr next = change(*s, step);
            if (async == 2) {
                // The next snapshot comes before the worker has built this one: the two diffs are built as one (the
                // rename and the engine's name are in the first).
                const SnapshotDiff first = SnapshotDiff::compute(s.get(), next.get());
                live.setSnapshot(next, &first);
                QVERIFY(first.isEmpty() || live.isBuilding());
                s = next;
                next = testing::withChurn(*s, 3, step + 100);
            }
            const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
            live.setSnapshot(next, &diff);
            QVERIFY(built());
            GraphModel fresh;
            configure(fresh);
            fresh.setSnapshot(next);
            if (openGroup && fresh.node(opened))
                fresh.setGroupOpen(opened, true);
            QCOMPARE(keys(live.nodes()), keys(fresh.nodes()));
            QCOMPARE(keys(live.edges()), keys(fresh.edges()));
            // The edges at each node are kept up to date, not rebuilt: the same as a fresh build's.
            const QString edgesDiffer = nodeWhoseEdgesDiffer(live, fresh);
            QVERIFY2(edgesDiffer.isEmpty(), qPrintable(edgesDiffer));
            for (const QString &id : fresh.nodes().keys())
                QVERIFY2(live.nodes()[id] == fresh.nodes()[id], qPrintable(QStringLiteral("step %1: %2 (%3 / %4)").arg(step).arg(id, live.nodes()[id].title, fresh.nodes()[id].title)));
            QVERIFY2(mirror.errors.isEmpty(), qPrintable(mirror.errors.join(QLatin1Char('\n'))));
            QCOMPARE(mirror.nodes, keys(live.nodes()));
            s = next;
        }
    }

    void optionsChangedWhileBuilding()
    {
        // Asynchronous: the types drawn change while the worker builds a refresh with the old ones. The graph that
        // follows is that of the new types (the cards the worker hands back, named by the old, are not used).
        SnapshotPtr s = testing::realisticHost(60);
        GraphModel live;
        live.setAsynchronous(true);
        live.setFolding(false);
        live.setSnapshot(s);
        QVERIFY(live.nodes().isEmpty()); // nothing is built before the event loop runs
        QVERIFY(QTest::qWaitFor([&] { return !live.isBuilding(); }, 10000));
        QVERIFY(!live.nodes().isEmpty());
        const SnapshotPtr next = testing::withChurn(*s, 4, 1);
        const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
        live.setSnapshot(next, &diff);
        QCoreApplication::processEvents(); // the build starts
        GraphModel::TypeMask noUts = GraphModel::allTypes();
        noUts.reset(int(NamespaceType::Uts));
        live.setVisibleTypes(noUts);
        QVERIFY(QTest::qWaitFor([&] { return !live.isBuilding(); }, 10000));
        GraphModel fresh;
        fresh.setFolding(false);
        fresh.setVisibleTypes(noUts);
        fresh.setSnapshot(next);
        QCOMPARE(keys(live.nodes()), keys(fresh.nodes()));
        for (const QString &id : fresh.nodes().keys())
            QVERIFY2(live.nodes()[id] == fresh.nodes()[id], qPrintable(id));
        QCOMPARE(nodeWhoseEdgesDiffer(live, fresh), QString());

        // Back to synchronous with a build due: it is built before the call returns.
        live.setVisibleTypes(GraphModel::allTypes());
        live.setAsynchronous(false);
        QVERIFY(!live.isBuilding());
        fresh.setVisibleTypes(GraphModel::allTypes());
        QCOMPARE(keys(live.nodes()), keys(fresh.nodes()));
    }

    void aCopyHasWhatTheUserOpened()
    {
        // An export lays out a copy of the model: with the group the user opened open and the card expanded.
        GraphModel live;
        live.setSnapshot(testing::realisticHost(60));
        QString group, card;
        for (const GraphNode &n : live.nodes()) {
            if (n.kind == GraphNodeKind::Group && group.isEmpty())
                group = n.id;
            if (n.kind == GraphNodeKind::Set && card.isEmpty())
                card = n.id;
        }
        QVERIFY(!group.isEmpty() && !card.isEmpty());
        live.setGroupOpen(group, true);
        live.setExpanded(card, true);
        GraphModel copy;
        copy.copyOf(live);
        QCOMPARE(keys(copy.nodes()), keys(live.nodes()));
        QVERIFY(!copy.node(group));
        QVERIFY(copy.node(card)->expanded);
    }

    void foldingDoesNotFlickerAtTheThreshold()
    {
        // Once folded, a busy host stays folded while it hovers round the threshold.
        GraphModel m;
        auto groups = [&] {
            int n = 0;
            for (const GraphNode &node : m.nodes())
                n += node.kind == GraphNodeKind::Group;
            return n;
        };
        const auto alike = [](int sets) { return testing::syntheticHost(sets, 1, 5, 0); }; // all "web": alike
        m.setSnapshot(alike(GraphModel::foldAbove + 4));
        QCOMPARE(groups(), 1);
        m.setSnapshot(alike(GraphModel::unfoldBelow + 1)); // fewer than foldAbove, not yet fewer than unfoldBelow
        QCOMPARE(groups(), 1);
        m.setSnapshot(alike(GraphModel::unfoldBelow - 1));
        QCOMPARE(groups(), 0);
        m.setSnapshot(alike(GraphModel::unfoldBelow + 1));
        QCOMPARE(groups(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGraphModel)
#include "tst_graphmodel.moc"
