// The main window on fixture snapshots, offscreen: click from the tree to the details, search, switch
// groupings, follow a refresh, save and reopen a snapshot, and render it to an image that is not blank.
#include "snapshotsequence.h"
#include "views/graphtesting.h"
#include "views/graphwait.h"

#include "mainwindow.h"

#include "itemmodels/namespacetreemodel.h"
#include "live/hoststate.h"
#include "itemmodels/processtablemodel.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "graph/nodeitem.h"
#include "panels/chartspanel.h"
#include "panels/comparepanel.h"
#include "panels/demopanel.h"
#include "panels/demoform.h"
#include "panels/detailspanel.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/processfilter.h"
#include "snapshot/namespaceguide.h"
#include "snapshot/snapshotjson.h"
#include "widgets/sharinglegend.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QMouseEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QDockWidget>
#include <QHeaderView>
#include <QImage>
#include <QLineEdit>
#include <QScopeGuard>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QToolButton>
#include <QGraphicsItem>
#include <QTest>
#include <QTreeView>

#include <unistd.h>

using namespace nsviz;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    SnapshotPtr fixture() const
    {
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        return scanProc(options);
    }

    static QModelIndex findInTree(QTreeView *tree, const QString &prefix, const QModelIndex &parent = {})
    {
        QAbstractItemModel *m = tree->model();
        if (m->canFetchMore(parent))
            m->fetchMore(parent);
        for (int r = 0; r < m->rowCount(parent); ++r) {
            const QModelIndex i = m->index(r, 0, parent);
            if (i.data().toString().startsWith(prefix))
                return i;
        }
        return {};
    }


    // A host out to break the layout: a container whose command is one word of 1,500 characters, with an engine
    // name of 200, a uts hostname of 64 and, held by nothing but a bind mount of a 260-character path, a net
    // namespace of its own.
    static constexpr qint32 hostilePid = 4242;
    static constexpr NamespaceId hostileNet = 4026539001, hostileUts = 4026539002, hostileMnt = 4026539003,
                                 hostilePidNs = 4026539004, heldNet = 4026539010;
    SnapshotPtr hostile() const
    {
        const SnapshotPtr base = fixture();
        std::vector<ProcessInfo> processes = base->processes();
        std::vector<NamespaceInfo> namespaces = base->namespaces();
        const NamespaceSet &initial = base->initialNamespaces();
        ProcessInfo p = *base->process(1);
        p.pid = p.tgid = hostilePid;
        p.ppid = 1;
        p.comm = QString(15, QLatin1Char('x'));
        p.cmdline = {QStringLiteral("/opt/") + QString(700, QLatin1Char('a')), QStringLiteral("--config=") + QString(800, QLatin1Char('b'))};
        p.container = ContainerLabel{QStringLiteral("docker"), QString(64, QLatin1Char('f')), QString(200, QLatin1Char('c'))};
        p.nspid = {hostilePid, 1};
        p.namespaces.set[NamespaceType::Net] = hostileNet;
        p.namespaces.set[NamespaceType::Uts] = hostileUts;
        p.namespaces.set[NamespaceType::Mnt] = hostileMnt;
        p.namespaces.set[NamespaceType::Pid] = hostilePidNs;
        p.namespaces.pidForChildren = hostilePidNs;
        p.threadsInOtherNamespaces.clear();
        processes.push_back(p);
        for (NamespaceInfo &n : namespaces) {
            if (n.initial && p.namespaces.set[n.type] == n.id) {
                n.processes.append(hostilePid);
                n.tasks.append(hostilePid);
            }
        }
        auto own = [&](NamespaceId id, NamespaceType type) {
            NamespaceInfo n;
            n.id = id;
            n.type = type;
            n.dev = namespaces.front().dev;
            n.owner = initial[NamespaceType::User];
            if (type == NamespaceType::Pid)
                n.parent = initial[NamespaceType::Pid];
            if (id != heldNet)
                n.processes = n.tasks = {hostilePid};
            return n;
        };
        namespaces.push_back(own(hostileNet, NamespaceType::Net));
        NamespaceInfo uts = own(hostileUts, NamespaceType::Uts);
        uts.details.insert(QStringLiteral("hostname"), QString(64, QLatin1Char('h')));
        namespaces.push_back(uts);
        namespaces.push_back(own(hostileMnt, NamespaceType::Mnt));
        namespaces.push_back(own(hostilePidNs, NamespaceType::Pid));
        NamespaceInfo held = own(heldNet, NamespaceType::Net);
        held.bindMounts = {{QStringLiteral("/run/netns/") + QString(250, QLatin1Char('n')), initial[NamespaceType::Mnt]}};
        namespaces.push_back(held);
        return std::make_shared<const Snapshot>(base->host(), std::move(processes), std::move(namespaces));
    }

    static QScreen *screenNamed(const QString &name)
    {
        for (QScreen *s : QGuiApplication::screens())
            if (s->name() == name)
                return s;
        return nullptr;
    }

    // On that screen, laid out for it as on a first start there.
    static void placeOn(MainWindow &window, QScreen *screen)
    {
        window.setScreen(screen);
        window.fitToScreen(screen);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QCOMPARE(window.screen(), screen);
        // The second run of these tests is at device pixel ratio 2 (QT_SCALE_FACTOR=2, see CMakeLists.txt).
        QCOMPARE(window.devicePixelRatio(), qEnvironmentVariableIsSet("QT_SCALE_FACTOR") ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble() : 1.0);
    }

    static void screens()
    {
        QTest::addColumn<QString>("screenName");
        QTest::newRow("1366x768") << QStringLiteral("laptop");
        QTest::newRow("1920x1080") << QStringLiteral("desktop");
    }

    static QModelIndex tableRowOf(QTableView *table, qint32 pid, int column = int(ProcessTableModel::Column::Command))
    {
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt() == pid)
                return table->model()->index(r, column);
        return {};
    }

    static QStringList sidewaysScrollBars(QWidget *root)
    {
        QStringList out;
        for (QScrollBar *bar : root->findChildren<QScrollBar *>()) {
            if (bar->orientation() == Qt::Horizontal && bar->isVisible() && bar->maximum() > 0) {
                const QWidget *area = bar->parentWidget() ? bar->parentWidget()->parentWidget() : nullptr;
                out.append(QStringLiteral("%1 (%2)").arg(area ? QString::fromLatin1(area->metaObject()->className()) : QStringLiteral("?"),
                                                        area ? area->objectName() : QString()));
            }
        }
        return out;
    }

    static bool nothingSelected(MainWindow &window)
    {
        return !window.tableView()->selectionModel()->hasSelection() && !window.tableView()->currentIndex().isValid()
            && !window.treeView()->selectionModel()->hasSelection() && window.graphWidget()->scene()->selectedItems().isEmpty()
            && window.graphWidget()->scene()->highlight().isEmpty() && window.detailsPanel()->html().contains(QStringLiteral("Select a process"));
    }

    // What the tree shows, every node fetched: the processes in it that the filter lets through, and any node that
    // is neither one of them nor above one (a namespace that the search names by its inode is a match itself).
    static void walkTree(QAbstractItemModel *m, const ProcessFilter &filter, QSet<qint32> &matches, QStringList &strays, const QModelIndex &parent = {})
    {
        if (m->canFetchMore(parent))
            m->fetchMore(parent);
        for (int r = 0; r < m->rowCount(parent); ++r) {
            const QModelIndex i = m->index(r, 0, parent);
            if (m->canFetchMore(i))
                m->fetchMore(i);
            const auto kind = NamespaceTreeModel::Kind(i.data(NamespaceTreeModel::KindRole).toInt());
            const qint32 pid = i.data(NamespaceTreeModel::PidRole).toInt();
            if (kind == NamespaceTreeModel::Kind::Process && filter.accepts(pid))
                matches.insert(pid);
            else if (m->rowCount(i) == 0
                     && !(kind == NamespaceTreeModel::Kind::Namespace
                          && filter.matchedNamespaces().contains(i.data(NamespaceTreeModel::NamespaceIdRole).toULongLong())))
                strays.append(i.data().toString());
            walkTree(m, filter, matches, strays, i);
        }
    }

    static void click(QAbstractItemView *view, const QModelIndex &index)
    {
        view->scrollTo(index);
        const QRect rect = view->visualRect(index);
        QVERIFY(rect.isValid());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void clickThroughTreeToDetails()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QVERIFY(window.windowTitle().contains(QStringLiteral("fixture-host")));

        QTreeView *tree = window.treeView();
        const QModelIndex net = findInTree(tree, QStringLiteral("net"));
        QVERIFY(net.isValid());
        tree->expand(net);
        const QModelIndex docker = findInTree(tree, QStringLiteral("net:[4026532201]"), net);
        QVERIFY(docker.isValid());
        click(tree, docker);
        QTRY_VERIFY(window.detailsPanel()->html().contains(QStringLiteral("4026532201")));
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("nginx")));
        QVERIFY(window.detailsPanel()->shellCommands().join(QLatin1Char('\n')).contains(QStringLiteral("nsenter --net=/proc/200/ns/net")));
        // A saved snapshot cannot be looked into: the panel says so instead of reading this machine's /proc.
        QTRY_VERIFY(window.detailsPanel()->html().contains(QStringLiteral("a saved snapshot holds only")));

        tree->expand(docker);
        const QModelIndex proc = findInTree(tree, QStringLiteral("201"), docker);
        QVERIFY(proc.isValid());
        click(tree, proc);
        const QString html = window.detailsPanel()->html();
        QVERIFY(html.contains(QStringLiteral("ls -al /proc/201/ns/")));
        QVERIFY(html.contains(QStringLiteral("pid_for_children")));
        // The table follows: the same process is selected there.
        QTRY_COMPARE(window.tableView()->currentIndex().data(ProcessTableModel::PidRole).toInt(), 201);
        if (const QString out = qEnvironmentVariable("NSVIZ_SCREENSHOT_DETAILS"); !out.isEmpty())
            window.grab().save(out);
    }

    // What a host can put in its names — markup, terminal escapes, newlines, NULs, a shell command in a mount path —
    // is shown as text everywhere: never rendered, never acted on, never one paste away from running.
    void hostileStringsShownAsText()
    {
        const SnapshotPtr base = fixture();
        HostInfo host = base->host();
        host.hostname = QStringLiteral("<b>bold</b>\x1b[31m");
        std::vector<ProcessInfo> processes = base->processes();
        std::vector<NamespaceInfo> namespaces = base->namespaces();
        for (ProcessInfo &p : processes) {
            if (p.pid == 300) {
                p.comm = QStringLiteral("evil\ncomm");
                p.cmdline = {QStringLiteral("<img src=/etc/passwd>"), QStringLiteral("a\x01" "b")};
                p.container = ContainerLabel{QStringLiteral("lxc"), QStringLiteral("c1"), QStringLiteral("web\n<i>1</i>")};
            }
        }
        NamespaceId mounted = 0;
        for (NamespaceInfo &n : namespaces) {
            if (!n.bindMounts.isEmpty() && n.tasks.isEmpty()) {
                n.bindMounts.first().path = QStringLiteral("/run/netns/a b; rm -rf ~");
                mounted = n.id;
            }
        }
        QVERIFY(mounted);
        MainWindow window(std::make_shared<const Snapshot>(host, processes, namespaces, base->inaccessible()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QVERIFY2(window.windowTitle().contains(QStringLiteral("<b>bold</b>␛[31m")), qPrintable(window.windowTitle()));

        QTableView *table = window.tableView();
        QModelIndex command, container;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt() == 300) {
                command = table->model()->index(r, int(ProcessTableModel::Column::Command));
                container = command.siblingAtColumn(int(ProcessTableModel::Column::Container));
            }
        }
        QVERIFY(command.isValid());
        QCOMPARE(command.data().toString(), QStringLiteral("<img src=/etc/passwd> a␁b"));
        QCOMPARE(container.data().toString(), QStringLiteral("web␊<i>1</i>")); // the engine's name for it, as everywhere
        // Tooltips are rich text when they look like it: these are made of escaped text only.
        const QString tip = command.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("&lt;img src=/etc/passwd&gt;<br>a␁b")) && !tip.contains(QStringLiteral("<img")), qPrintable(tip));

        click(table, command);
        QTRY_VERIFY(window.detailsPanel()->html().contains(QStringLiteral("&lt;img src=/etc/passwd&gt;")));
        QVERIFY(!window.detailsPanel()->html().contains(QStringLiteral("<img")));

        window.detailsPanel()->showNamespace(mounted);
        const QString commands = window.detailsPanel()->shellCommands().join(QLatin1Char('\n'));
        QVERIFY2(commands.contains(QStringLiteral("='/run/netns/a b; rm -rf ~'")), qPrintable(commands));
    }

    void namespacesAreExplainedWhereTheyAreShown()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        const SnapshotPtr s = window.hostState()->shown();
        for (NamespaceType t : {NamespaceType::Net, NamespaceType::User}) {
            const NamespaceInfo *n = nullptr;
            for (const NamespaceInfo &i : s->namespaces())
                if (i.type == t && !n)
                    n = &i;
            QVERIFY(n);
            window.detailsPanel()->showNamespace(n->id);
            const QString html = window.detailsPanel()->html();
            const NamespaceExplanation e = NamespaceGuide::builtIn().explain(t);
            QVERIFY2(html.contains(QStringLiteral("About %1 namespaces").arg(namespaceTypeName(t))), qPrintable(html));
            QVERIFY2(html.contains(e.containers.toHtmlEscaped()), qPrintable(html));
            QVERIFY2(html.contains(e.commands.last().toHtmlEscaped()), qPrintable(html));
        }
        // The tool bar's type toggles, in a word.
        int toggles = 0;
        for (QToolButton *b : window.graphWidget()->findChildren<QToolButton *>()) {
            for (NamespaceType t : allNamespaceTypes)
                toggles += b->toolTip().startsWith(QStringLiteral("Draw %1 namespaces").arg(namespaceTypeName(t)))
                           && b->toolTip().contains(NamespaceGuide::builtIn().brief(t));
        }
        QCOMPARE(toggles, NamespaceTypeCount);
        // And each badge on a card.
        bool badgeExplained = false;
        for (QGraphicsItem *item : window.graphWidget()->scene()->items())
            badgeExplained = badgeExplained || item->toolTip().contains(QStringLiteral("— %1").arg(NamespaceGuide::builtIn().brief(NamespaceType::Net)));
        QVERIFY(badgeExplained);
    }

    void tableSelectionSelectsInTree()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QTableView *table = window.tableView();
        QModelIndex row;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt() == 300)
                row = table->model()->index(r, int(ProcessTableModel::Column::Command));
        }
        QVERIFY(row.isValid());
        click(table, row);
        QTRY_COMPARE(window.treeView()->currentIndex().data(NamespaceTreeModel::PidRole).toInt(), 300);
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("sleep infinity")));

        // A namespace cell shows that namespace.
        click(table, row.siblingAtColumn(ProcessTableModel::namespaceColumn(NamespaceType::Net)));
        QTRY_VERIFY(window.detailsPanel()->html().contains(QStringLiteral("Members")));
    }

    void searchFiltersTable()
    {
        MainWindow window(fixture());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QTableView *table = window.tableView();
        const int all = table->model()->rowCount();
        QTest::keyClicks(window.searchField(), QStringLiteral("nginx"));
        QTRY_COMPARE(table->model()->rowCount(), 1);
        window.searchField()->clear();
        QTest::keyClicks(window.searchField(), QString::number(fixtures::basic::dockerNet));
        QTRY_COMPARE(table->model()->rowCount(), 3); // 200, 201 and the pod's 300 share it
        window.searchField()->clear();
        QTRY_COMPARE(table->model()->rowCount(), all);
    }

    void groupingsSwitch()
    {
        MainWindow window(fixture());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        for (int i = 0; i < window.groupingBox()->count(); ++i) {
            window.groupingBox()->setCurrentIndex(i);
            QVERIFY(window.treeView()->model()->rowCount() > 0);
        }
        window.groupingBox()->setCurrentIndex(3); // process tree: pid 1 and 2 at the top
        QCOMPARE(window.treeView()->model()->index(0, 0).data(NamespaceTreeModel::PidRole).toInt(), 1);
    }

    void saveAndReopen()
    {
        QTemporaryDir dir;
        MainWindow window(fixture());
        const QString path = dir.filePath(QStringLiteral("s.json"));
        QString error;
        QVERIFY2(window.saveSnapshot(path, &error), qPrintable(error));
        QVERIFY2(window.openSnapshot(path, &error), qPrintable(error));
        QCOMPARE(window.currentSnapshot()->processes(), fixture()->processes());
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"schema\":\"nsviz-snapshot\",\"version\":1,\"host\":{},\"namespaces\":[{\"id\":1,\"type\":\"nett\"}],\"processes\":[]}");
        bad.close();
        QVERIFY(!window.openSnapshot(bad.fileName(), &error));
        QVERIFY2(error.contains(QStringLiteral("namespaces[0].type: unknown type \"nett\"")), qPrintable(error));
        QCOMPARE(window.currentSnapshot()->processes(), fixture()->processes()); // nothing lost
    }

    // Live: selecting a namespace reads inside it off the GUI thread. The test's own network namespace
    // certainly has a loopback interface.
    void liveNamespaceDetails()
    {
        MainWindow window;
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.currentSnapshot(), 20000);
        char link[64] = {};
        QVERIFY(::readlink("/proc/self/ns/net", link, sizeof link - 1) > 0);
        const QString text = QString::fromLatin1(link);
        const NamespaceId net = text.mid(5, text.size() - 6).toULongLong();
        QVERIFY(net != 0);
        Q_EMIT window.detailsPanel()->namespaceActivated(net);
        QTRY_VERIFY_WITH_TIMEOUT(window.detailsPanel()->html().contains(QStringLiteral("Inside the namespace")), 20000);
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("lo")));
    }

    void graphFollowsTheSelection()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        GraphWidget *graph = window.graphWidget();
        QTRY_VERIFY(!graph->scene()->nodeItems().isEmpty() && !graph->scene()->isLayoutPending());

        // Table -> graph: the process's set lights up with what it shares.
        QTableView *table = window.tableView();
        QModelIndex row;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt() == 200)
                row = table->model()->index(r, int(ProcessTableModel::Column::Command));
        click(table, row);
        const QString docker = graph->model()->nodeForProcess(200);
        QTRY_VERIFY(graph->scene()->item(docker)->isSelected());
        // What it shares beyond the host (the pod's net, ipc and uts) lights up, the host does not.
        QVERIFY(graph->scene()->isHighlighted(graph->model()->nodeForNamespace(fixtures::basic::dockerNet)));
        QVERIFY(graph->scene()->isHighlighted(graph->model()->nodeForProcess(300)));
        QVERIFY(!graph->scene()->isHighlighted(QStringLiteral("host")));

        // Graph -> table and details: a click on the pod's node.
        const QString pod = graph->model()->nodeForProcess(300);
        NodeItem *item = graph->scene()->item(pod);
        QVERIFY(item);
        graph->view()->centerOn(item);
        QTest::mouseClick(graph->view()->viewport(), Qt::LeftButton, {}, graph->view()->mapFromScene(item->pos()));
        QTRY_COMPARE(table->currentIndex().data(ProcessTableModel::PidRole).toInt(), 300);
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("sleep infinity")));
        QTRY_COMPARE(window.treeView()->currentIndex().data(NamespaceTreeModel::PidRole).toInt(), 300);
    }

    void compareTwoProcesses()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QTableView *table = window.tableView();
        QModelIndex a, b;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const int pid = table->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt();
            if (pid == 200)
                a = table->model()->index(r, int(ProcessTableModel::Column::Command));
            if (pid == 201)
                b = table->model()->index(r, int(ProcessTableModel::Column::Command));
        }
        click(table, a);
        table->scrollTo(b);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, table->visualRect(b).center());
        ComparePanel *compare = window.comparePanel();
        QTRY_VERIFY(compare->isVisible());
        QCOMPARE(compare->pair(), std::make_pair(200, 201));
        QCOMPARE(compare->sharedCount(), 8); // one container
        QVERIFY(compare->summary().contains(QStringLiteral("same container")));
        window.compareProcesses(200, 1);
        QVERIFY(compare->sharedCount() < 8);
        QVERIFY(compare->summary().contains(QStringLiteral("differ in")));
        QVERIFY(compare->summary().contains(QStringLiteral("net")));
        QVERIFY(window.graphWidget()->scene()->isHighlighted(window.graphWidget()->model()->nodeForProcess(1)));
    }

    void demoContainersAppearNamed()
    {
        if (::geteuid() != 0)
            QSKIP("starts a demo container on the live host: run as root");
        // The live window: a preset started from its panel shows up in the graph, named, within a refresh.
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(window.currentSnapshot() != nullptr, 20000);
        DemoPanel *demo = window.demoPanel();
        QSignalSpy started(demo, &DemoPanel::startFinished);
        QVERIFY(demo->startPreset(qEnvironmentVariableIsSet("NSVIZ_SCREENSHOT_DEMO_WINDOW") ? QStringLiteral("pod") : QStringLiteral("own-hostname")));
        const auto cleanup = qScopeGuard([demo] { demo->stopAll(); });
        QVERIFY(started.wait(20000));
        QVERIFY2(started.first().at(0).toBool(), qPrintable(started.first().at(1).toString()));
        QVERIFY(!demo->entries().isEmpty());
        const QString name = demo->entries().first().name;
        const qint32 pid = demo->entries().first().pid;
        GraphModel *graph = window.graphWidget()->model();
        QTRY_VERIFY_WITH_TIMEOUT(graph->node(graph->nodeForProcess(pid)) != nullptr, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(graph->node(graph->nodeForProcess(pid))->title, name, 20000);
        QVERIFY(graph->node(graph->nodeForProcess(pid))->subtitle.startsWith(QLatin1String("nsviz")));
        const SnapshotPtr s = window.currentSnapshot();
        QVERIFY(s->process(pid) && s->process(pid)->container);
        if (const QString out = qEnvironmentVariable("NSVIZ_SCREENSHOT_DEMO_WINDOW"); !out.isEmpty()) {
            window.findChild<QDockWidget *>(QStringLiteral("demoDock"))->raise();
            window.graphWidget()->showProcess(pid);
            QTRY_VERIFY(!window.graphWidget()->scene()->isLayoutPending() && !window.graphWidget()->scene()->isAnimating());
            window.graphWidget()->view()->fitAll();
            window.grab().save(out);
        }
        QCOMPARE(s->process(pid)->container->engine, QStringLiteral("nsviz"));
        demo->stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(graph->nodeForProcess(pid).isEmpty(), 20000);
    }

    // ------------------------------------------------------------------------------------------ a window that fits

    void fitsTheScreen_data() { screens(); }
    void fitsTheScreen()
    {
        QFETCH(QString, screenName);
        QScreen *screen = screenNamed(screenName);
        QVERIFY(screen);
        const QRect available = screen->availableGeometry();
        MainWindow window(hostile());
        placeOn(window, screen);
        auto fits = [&](const char *after) {
            QApplication::processEvents();
            const QString what = QStringLiteral("after %1: window %2x%3 (needs at least %4x%5) on %6x%7")
                                     .arg(QLatin1String(after)).arg(window.width()).arg(window.height())
                                     .arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())
                                     .arg(available.width()).arg(available.height());
            QVERIFY2(available.contains(window.geometry()), qPrintable(what));
            QVERIFY2(window.minimumSizeHint().width() <= available.width() && window.minimumSizeHint().height() <= available.height(),
                     qPrintable(what));
        };
        fits("opening");
        Q_EMIT window.detailsPanel()->processActivated(hostilePid);
        fits("selecting the longest command");
        click(window.tableView(), tableRowOf(window.tableView(), hostilePid));
        fits("clicking its row");
        click(window.tableView(), tableRowOf(window.tableView(), hostilePid, ProcessTableModel::namespaceColumn(NamespaceType::Uts)));
        fits("clicking its uts cell");
        Q_EMIT window.detailsPanel()->namespaceActivated(heldNet);
        fits("selecting the namespace with the longest bind mount");
        window.compareProcesses(hostilePid, 1);
        fits("comparing it");
        window.findChild<QDockWidget *>(QStringLiteral("chartsDock"))->show();
        fits("showing the charts");
        window.findChild<QDockWidget *>(QStringLiteral("demoDock"))->raise();
        window.demoPanel()->findChild<DemoForm *>()->showStartError(QStringLiteral("Could not start: ") + QString(300, QLatin1Char('e')));
        fits("a 300-character error in the demo form");
        for (int g = 0; g < window.groupingBox()->count(); ++g) {
            window.groupingBox()->setCurrentIndex(g);
            Q_EMIT window.detailsPanel()->processActivated(hostilePid);
            fits("switching the tree's grouping");
        }
    }

    void noDockScrollsSideways_data() { screens(); }
    void noDockScrollsSideways()
    {
        QFETCH(QString, screenName);
        MainWindow window(hostile());
        placeOn(window, screenNamed(screenName));
        window.compareProcesses(hostilePid, 1);
        window.findChild<QDockWidget *>(QStringLiteral("chartsDock"))->show();
        Q_EMIT window.detailsPanel()->processActivated(hostilePid);
        for (const char *name : {"detailsDock", "compareDock", "chartsDock", "demoDock"}) {
            auto *dock = window.findChild<QDockWidget *>(QLatin1String(name));
            QVERIFY(dock);
            dock->raise();
            QApplication::processEvents();
            QVERIFY2(dock->isVisible(), name);
            QVERIFY2(sidewaysScrollBars(dock).isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), sidewaysScrollBars(dock).join(QStringLiteral(", ")))));
        }
        // Every tab of the demo panel, with the long error shown: as wide as the dock, never wider (its scroll area
        // only scrolls up and down, so a wider panel would be cut off instead).
        window.demoPanel()->findChild<DemoForm *>()->showStartError(QStringLiteral("Could not start: ") + QString(300, QLatin1Char('e')));
        auto *scroll = window.findChild<QScrollArea *>(QStringLiteral("demoScroll"));
        QVERIFY(scroll);
        auto *tabs = window.demoPanel()->findChild<QTabWidget *>();
        for (int t = 0; t < tabs->count(); ++t) {
            tabs->setCurrentIndex(t);
            QApplication::processEvents();
            QVERIFY2(window.demoPanel()->minimumSizeHint().width() <= scroll->viewport()->width(), qPrintable(tabs->tabText(t)));
            QVERIFY2(window.demoPanel()->width() <= scroll->viewport()->width(), qPrintable(tabs->tabText(t)));
            QVERIFY2(sidewaysScrollBars(scroll).isEmpty(), qPrintable(tabs->tabText(t) + QLatin1String(": ") + sidewaysScrollBars(scroll).join(QStringLiteral(", "))));
        }
    }

    void detailsShowsLsLines_data() { screens(); }
    void detailsShowsLsLines()
    {
        QFETCH(QString, screenName);
        const SnapshotPtr s = hostile();
        MainWindow window(s);
        placeOn(window, screenNamed(screenName));
        for (const qint32 pid : {201, hostilePid}) {
            Q_EMIT window.detailsPanel()->processActivated(pid);
            QApplication::processEvents();
            QTextBrowser *text = window.detailsPanel()->textView();
            const QString plain = text->toPlainText();
            QVERIFY2(plain.contains(QStringLiteral("ls -al /proc/%1/ns/").arg(pid)), qPrintable(plain));
            const ProcessInfo *p = s->process(pid);
            QList<std::pair<QString, NamespaceId>> links;
            for (NamespaceType t : allNamespaceTypes) {
                links.append({namespaceTypeName(t), p->namespaces.set[t]});
                if (t == NamespaceType::Pid && p->namespaces.pidForChildren)
                    links.append({QStringLiteral("pid_for_children"), *p->namespaces.pidForChildren});
            }
            for (const auto &[name, id] : links) {
                const QString type = name.section(QLatin1Char('_'), 0, 0);
                const QRegularExpression line(QStringLiteral("(^|\\n)(lrwxrwxrwx \\S+ \\S+ \\S+ 0 [^\\n]* )?%1 +-> %2:\\[%3\\](\\n|$)").arg(name, type).arg(id));
                QVERIFY2(line.match(plain).hasMatch(), qPrintable(QStringLiteral("no line for %1 -> %2:[%3] in\n%4").arg(name, type).arg(id).arg(plain)));
            }
            // Inside the visible width: nothing of the document (the ls lines cannot wrap) is wider than the view.
            QVERIFY2(text->document()->idealWidth() <= text->viewport()->width(),
                     qPrintable(QStringLiteral("%1 wide in %2").arg(text->document()->idealWidth()).arg(text->viewport()->width())));
            QVERIFY(!text->horizontalScrollBar()->isVisible());
        }
    }

    void demoStartButtonsVisible_data() { screens(); }
    void demoStartButtonsVisible()
    {
        QFETCH(QString, screenName);
        MainWindow window(fixture());
        placeOn(window, screenNamed(screenName));
        window.findChild<QDockWidget *>(QStringLiteral("demoDock"))->raise();
        QApplication::processEvents();
        auto *scroll = window.findChild<QScrollArea *>(QStringLiteral("demoScroll"));
        auto *list = window.demoPanel()->findChild<QListWidget *>(QStringLiteral("presets"));
        QVERIFY(scroll && list);
        const QList<QPushButton *> starts = window.demoPanel()->findChildren<QPushButton *>(QRegularExpression(QStringLiteral("^start-")));
        QVERIFY(starts.size() >= 5);
        for (QPushButton *b : starts) {
            QVERIFY2(b->isVisible(), qPrintable(b->objectName()));
            const QRect inScroll(b->mapTo(scroll->viewport(), QPoint(0, 0)), b->size());
            const QRect inList(b->mapTo(list->viewport(), QPoint(0, 0)), b->size());
            QVERIFY2(scroll->viewport()->rect().contains(inScroll) && list->viewport()->rect().contains(inList),
                     qPrintable(QStringLiteral("%1 at %2,%3 %4x%5, the dock shows %6x%7")
                                    .arg(b->objectName()).arg(inScroll.x()).arg(inScroll.y()).arg(inScroll.width()).arg(inScroll.height())
                                    .arg(scroll->viewport()->width()).arg(scroll->viewport()->height())));
        }
    }

    void treeColumnsFitTheirContents_data()
    {
        QTest::addColumn<int>("grouping");
        const char *groupings[] = {"by type", "user hierarchy", "pid hierarchy", "process tree", "containers"};
        for (int g = 0; g < 5; ++g)
            QTest::addRow("%s", groupings[g]) << g;
    }
    void treeColumnsFitTheirContents()
    {
        QFETCH(int, grouping);
        MainWindow window(testing::realisticHost(40));
        placeOn(window, screenNamed(QStringLiteral("laptop")));
        window.groupingBox()->setCurrentIndex(grouping);
        QTreeView *tree = window.treeView();
        // The count column as wide as its widest number and its heading, the name as wide as what it shows (or
        // most of the pane, a long command eliding): nothing cut that the pane has room for.
        const int members = int(NamespaceTreeModel::Column::Members);
        auto cut = [&](int column) {
            QStringList out;
            const QFontMetrics fm = tree->fontMetrics();
            for (QModelIndex i = tree->indexAt(QPoint(1, 1)); i.isValid() && tree->visualRect(i).top() < tree->viewport()->height();
                 i = tree->indexBelow(i)) {
                const QModelIndex cell = i.siblingAtColumn(column);
                const int icon = cell.data(Qt::DecorationRole).isValid() ? tree->iconSize().width() + 4 : 0;
                if (tree->visualRect(cell).width() < fm.horizontalAdvance(cell.data().toString()) + icon + 6)
                    out.append(cell.data().toString());
            }
            return out;
        };
        QTRY_COMPARE(cut(members), QStringList());
        QTRY_VERIFY(tree->header()->sectionSize(members) >= tree->header()->sectionSizeHint(members));
        const int most = tree->viewport()->width() * 3 / 4 - tree->columnWidth(members);
        if (tree->columnWidth(0) < most)
            QTRY_COMPARE(cut(0), QStringList());
        // The details column takes what is left, no more: no scroll bar sideways at the default width.
        QTRY_VERIFY2(!tree->horizontalScrollBar()->isVisible(),
                     qPrintable(QStringLiteral("columns %1 + %2 + %3 in %4").arg(tree->columnWidth(0)).arg(tree->columnWidth(members))
                                    .arg(tree->columnWidth(2)).arg(tree->viewport()->width())));
        QVERIFY2(tree->columnWidth(0) + tree->columnWidth(members) <= tree->viewport()->width(), qPrintable(QStringLiteral("%1 + %2 in %3").arg(tree->columnWidth(0)).arg(tree->columnWidth(members)).arg(tree->viewport()->width())));
        // No sliver of details ("D"): a dozen letters of them, or none.
        const int details = int(NamespaceTreeModel::Column::Details);
        const int dozen = tree->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 12;
        QTRY_VERIFY2(tree->isColumnHidden(details) || tree->columnWidth(details) >= dozen - 2,
                     qPrintable(QStringLiteral("details %1 wide").arg(tree->columnWidth(details))));
    }

    void splittersDrag()
    {
        // The tree can be widened and narrowed by its splitter, the graph made taller or shorter than the table.
        MainWindow window(fixture());
        placeOn(window, screenNamed(QStringLiteral("laptop")));
        auto drag = [](QSplitter *splitter, int by) {
            QSplitterHandle *handle = splitter->handle(1);
            const QPoint from = handle->rect().center();
            const QPoint to = from + (splitter->orientation() == Qt::Horizontal ? QPoint(by, 0) : QPoint(0, by));
            auto send = [&](QEvent::Type type, const QPoint &at, Qt::MouseButtons buttons) {
                QMouseEvent e(type, at, handle->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
                QApplication::sendEvent(handle, &e);
            };
            send(QEvent::MouseButtonPress, from, Qt::LeftButton);
            send(QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
            send(QEvent::MouseMove, to, Qt::LeftButton);
            send(QEvent::MouseButtonRelease, to, Qt::NoButton);
            QApplication::processEvents();
            return splitter->sizes().constFirst();
        };
        for (const char *name : {"mainSplitter", "graphSplitter"}) {
            auto *splitter = window.findChild<QSplitter *>(QLatin1String(name));
            QVERIFY(splitter);
            const int before = splitter->sizes().constFirst();
            const int wider = drag(splitter, 120);
            QVERIFY2(wider >= before + 100, qPrintable(QStringLiteral("%1: %2 -> %3").arg(QLatin1String(name)).arg(before).arg(wider)));
            const int narrower = drag(splitter, -240);
            QVERIFY2(narrower <= wider - 200, qPrintable(QStringLiteral("%1: %2 -> %3").arg(QLatin1String(name)).arg(wider).arg(narrower)));
            // Narrower or wider, the tree's columns are sized to the pane again: never a scroll bar sideways.
            QTRY_VERIFY(!window.treeView()->horizontalScrollBar()->isVisible());
        }
    }

    void containersAreNamedAndCounted()
    {
        // The containers grouping: each set under the name it has everywhere (engine name, else its own UTS
        // hostname, else its command) and its number of processes, not one name for all.
        const SnapshotPtr s = testing::realisticHost(20);
        MainWindow window(s);
        window.resize(1400, 900);
        window.show();
        window.groupingBox()->setCurrentIndex(4);
        QAbstractItemModel *m = window.treeView()->model();
        QSet<QString> names;
        int engineNamed = 0, hostnameNamed = 0;
        for (int r = 0; r < m->rowCount(); ++r) {
            const QModelIndex set = m->index(r, 0);
            QCOMPARE(NamespaceTreeModel::Kind(set.data(NamespaceTreeModel::KindRole).toInt()), NamespaceTreeModel::Kind::Set);
            if (m->canFetchMore(set))
                m->fetchMore(set);
            QList<qint32> pids;
            for (int c = 0; c < m->rowCount(set); ++c)
                pids.append(m->index(c, 0, set).data(NamespaceTreeModel::PidRole).toInt());
            QVERIFY(!pids.isEmpty());
            const ProcessInfo *leader = text::setLeader(*s, pids);
            QVERIFY(leader);
            const bool host = leader->namespaces.set == s->initialNamespaces();
            const QString name = set.data().toString();
            QCOMPARE(name, host ? QStringLiteral("host") : text::containerName(*s, *leader));
            QVERIFY2(!name.contains(QLatin1String("fellows")), qPrintable(name));
            const auto inSet = std::count_if(s->processes().cbegin(), s->processes().cend(),
                                             [&](const ProcessInfo &p) { return p.namespaces.set == leader->namespaces.set; });
            QCOMPARE(m->index(r, int(NamespaceTreeModel::Column::Members)).data().toInt(), int(inSet));
            engineNamed += leader->container && name == leader->container->name;
            hostnameNamed += !leader->container && !host && name == text::ownHostname(*s, *leader);
            names.insert(name);
        }
        QVERIFY(engineNamed > 0);
        QVERIFY(hostnameNamed > 0);
        QVERIFY2(names.size() > m->rowCount() / 2, "sets should not share a name");
    }

    // -------------------------------------------------------------------------------- one search, one selection

    void searchMatchesEverywhere_data()
    {
        QTest::addColumn<int>("grouping");
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("regex");
        const char *groupings[] = {"by type", "user hierarchy", "pid hierarchy", "process tree", "containers"};
        for (int g = 0; g < 5; ++g) {
            QTest::addRow("%s: nginx", groupings[g]) << g << QStringLiteral("nginx") << false;
            QTest::addRow("%s: a pod's name", groupings[g]) << g << QStringLiteral("api-1001") << false;
            QTest::addRow("%s: a namespace", groupings[g]) << g << QStringLiteral("4026540031") << false;
            QTest::addRow("%s: regex", groupings[g]) << g << QStringLiteral("^(redis|envoy)") << true;
            QTest::addRow("%s: no match", groupings[g]) << g << QStringLiteral("no such thing") << false;
        }
    }
    void searchMatchesEverywhere()
    {
        QFETCH(int, grouping);
        QFETCH(QString, query);
        QFETCH(bool, regex);
        const SnapshotPtr s = testing::realisticHost(40);
        MainWindow window(s);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        window.groupingBox()->setCurrentIndex(grouping);
        window.regexBox()->setChecked(regex);
        window.searchField()->setText(query);
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        const ProcessFilter &filter = *window.processFilter();

        QSet<qint32> expected;
        for (const ProcessInfo &p : s->processes())
            if (filter.matchesText(*s, p) && !p.isKernelThread())
                expected.insert(p.pid);
        if (!query.startsWith(QLatin1String("no such")))
            QVERIFY2(!expected.isEmpty(), "the query should find something");

        QSet<qint32> table;
        for (int r = 0; r < window.tableView()->model()->rowCount(); ++r)
            table.insert(window.tableView()->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt());
        QCOMPARE(table, expected);

        QSet<qint32> tree;
        QStringList strays;
        walkTree(window.treeView()->model(), filter, tree, strays);
        QCOMPARE(tree, expected);
        QCOMPARE(strays, QStringList());

        // The graph: what draws a match stays, the rest is dimmed.
        GraphWidget *graph = window.graphWidget();
        const QSet<NamespaceId> &namespaces = filter.matchedNamespaces();
        int matched = 0;
        for (const GraphNode &n : graph->model()->nodes()) {
            bool match = n.ns && namespaces.contains(n.ns);
            for (qint32 pid : n.pids)
                match = match || expected.contains(pid);
            for (const GraphBadge &b : n.badges)
                match = match || (b.id && namespaces.contains(b.id));
            matched += match;
            QVERIFY2(graph->scene()->isSearchMatch(n.id) == match, qPrintable(n.id));
            QVERIFY2(graph->scene()->isDimmed(n.id) == !match, qPrintable(n.id));
        }
        for (qint32 pid : std::as_const(expected))
            if (const QString node = graph->model()->nodeForProcess(pid); !node.isEmpty())
                QVERIFY2(graph->scene()->isSearchMatch(node), qPrintable(node));
        QCOMPARE(matched > 0, !expected.isEmpty());

        // And it holds across a refresh, and ends with the search.
        window.showSnapshot(testing::withChurn(*s, 1, 1));
        QVERIFY(testing::graphBuilt(graph->model()));
        for (const GraphNode &n : graph->model()->nodes()) {
            bool match = n.ns && filter.matchedNamespaces().contains(n.ns);
            for (qint32 pid : n.pids)
                match = match || filter.shownProcesses().contains(pid);
            for (const GraphBadge &b : n.badges)
                match = match || (b.id && filter.matchedNamespaces().contains(b.id));
            QVERIFY2(graph->scene()->isSearchMatch(n.id) == match, qPrintable(n.id));
        }
        window.searchField()->clear();
        for (const GraphNode &n : graph->model()->nodes())
            QVERIFY(!graph->scene()->isDimmed(n.id));
    }

    void searchHidingTheSelectionClearsIt()
    {
        // A process selected, then a search it does not match: it is selected nowhere (Details, graph), not left
        // showing where the table and the tree no longer have it. One the search matches stays selected.
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        Q_EMIT window.detailsPanel()->processActivated(200);
        QVERIFY(!nothingSelected(window));
        const QString comm = window.currentSnapshot()->process(200)->comm;
        window.searchField()->setText(comm);
        QCOMPARE(window.detailsPanel()->shownProcess(), 200); // it matches: still selected
        window.searchField()->setText(QStringLiteral("no such process"));
        QTRY_VERIFY(nothingSelected(window));
        window.searchField()->clear();
        QVERIFY(nothingSelected(window));

        // A namespace selected stays while it holds a match, and goes when it holds none.
        Q_EMIT window.detailsPanel()->namespaceActivated(fixtures::basic::dockerNet);
        window.searchField()->setText(comm);
        QCOMPARE(window.detailsPanel()->shownNamespace(), fixtures::basic::dockerNet);
        window.searchField()->setText(QStringLiteral("no such process"));
        QTRY_COMPARE(window.detailsPanel()->shownNamespace(), NamespaceId(0));
    }

    void escapeClearsTheSelection()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        click(window.tableView(), tableRowOf(window.tableView(), 200));
        QTRY_COMPARE(window.tableView()->currentIndex().data(ProcessTableModel::PidRole).toInt(), 200);
        QVERIFY(!window.graphWidget()->scene()->selectedItems().isEmpty());
        QTest::keyClick(window.tableView(), Qt::Key_Escape);
        QTRY_VERIFY(nothingSelected(window));
        // In the search field, Escape first empties the search.
        window.searchField()->setFocus();
        QTest::keyClicks(window.searchField(), QStringLiteral("nginx"));
        QTest::keyClick(window.searchField(), Qt::Key_Escape);
        QCOMPARE(window.searchField()->text(), QString());
    }

    void emptySpaceClickClears_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("graph") << QStringLiteral("graph");
        QTest::newRow("table") << QStringLiteral("table");
        QTest::newRow("tree") << QStringLiteral("tree");
    }
    void emptySpaceClickClears()
    {
        QFETCH(QString, where);
        MainWindow window(fixture());
        window.resize(1400, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        GraphWidget *graph = window.graphWidget();
        QTRY_VERIFY(!graph->scene()->nodeItems().isEmpty() && !graph->scene()->isLayoutPending() && !graph->scene()->isAnimating());
        Q_EMIT window.detailsPanel()->processActivated(200);
        QTRY_COMPARE(window.tableView()->currentIndex().data(ProcessTableModel::PidRole).toInt(), 200);
        QVERIFY(!graph->scene()->highlight().isEmpty());
        QWidget *viewport = nullptr;
        QPoint empty(-1, -1);
        if (where == QLatin1String("graph")) {
            viewport = graph->view()->viewport();
            for (int y = 4; y < viewport->height() && empty.x() < 0; y += 8)
                for (int x = 4; x < viewport->width() && empty.x() < 0; x += 8)
                    if (!qgraphicsitem_cast<NodeItem *>(graph->view()->itemAt(QPoint(x, y))))
                        empty = QPoint(x, y);
        } else {
            QAbstractItemView *view = where == QLatin1String("table") ? static_cast<QAbstractItemView *>(window.tableView()) : window.treeView();
            viewport = view->viewport();
            empty = QPoint(viewport->width() / 2, viewport->height() - 3);
            QVERIFY2(!view->indexAt(empty).isValid(), "the view has no empty space to click");
        }
        QVERIFY(empty.x() >= 0);
        QTest::mouseClick(viewport, Qt::LeftButton, {}, empty);
        QTRY_VERIFY(nothingSelected(window));
    }

    void hostProcessLightsOnlyItself()
    {
        // Every set shares the host's namespaces: a process with nothing else lights its own card, nothing more.
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        GraphWidget *graph = window.graphWidget();
        Q_EMIT window.detailsPanel()->processActivated(1);
        const QString host = graph->model()->nodeForProcess(1);
        QVERIFY(!host.isEmpty());
        QCOMPARE(graph->scene()->highlight(), QSet<QString>{host});
        QVERIFY(graph->scene()->item(host)->isSelected());
        for (const QString &id : graph->model()->nodes().keys())
            QCOMPARE(graph->scene()->isDimmed(id), id != host);
    }

    void refreshKeepsTheSelectedRow()
    {
        SnapshotPtr s = testing::realisticHost(300);
        MainWindow window(s);
        placeOn(window, screenNamed(QStringLiteral("laptop")));
        QTableView *table = window.tableView();
        // Sorted by command, the new processes of a refresh land all over the table, above the selected row too.
        table->sortByColumn(int(ProcessTableModel::Column::Command), Qt::AscendingOrder);
        const QModelIndex middle = table->model()->index(table->model()->rowCount() / 2, int(ProcessTableModel::Column::Command));
        table->scrollTo(middle, QAbstractItemView::PositionAtCenter);
        click(table, middle);
        const qint32 pid = table->currentIndex().data(ProcessTableModel::PidRole).toInt();
        const int top = table->visualRect(table->currentIndex()).top();
        const int row = table->currentIndex().row();
        bool moved = false;
        for (int round = 1; round <= 4; ++round) {
            s = testing::withChurn(*s, 3, round); // 1% of 300 containers stop, as many start
            window.showSnapshot(s);
            QApplication::processEvents();
            QCOMPARE(table->currentIndex().data(ProcessTableModel::PidRole).toInt(), pid);
            QCOMPARE(table->visualRect(table->currentIndex()).top(), top);
            moved = moved || table->currentIndex().row() != row;
        }
        QVERIFY2(moved, "the refreshes never moved the row in the model: the test would prove nothing");
    }

    void stoppedContainerDoesNotMoveTheSelection()
    {
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        MainWindow window(seq.scan());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        click(window.tableView(), tableRowOf(window.tableView(), 201));
        QTRY_COMPARE(window.treeView()->currentIndex().data(NamespaceTreeModel::PidRole).toInt(), 201);
        window.showSnapshot(seq.step(0));
        window.showSnapshot(seq.step(1));
        window.showSnapshot(seq.step(2)); // the container stops: 200 and 201 are shown once more, struck through
        window.showSnapshot(seq.scan());  // and now they go
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        QApplication::processEvents();
        for (QAbstractItemView *view : {static_cast<QAbstractItemView *>(window.tableView()), static_cast<QAbstractItemView *>(window.treeView())}) {
            const QModelIndex current = view->currentIndex();
            QVERIFY2(!current.isValid(), qPrintable(QStringLiteral("selection moved to %1").arg(current.data().toString())));
            QVERIFY(!view->selectionModel()->hasSelection());
        }
        QVERIFY(window.graphWidget()->scene()->selectedItems().isEmpty());
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("201 has exited")));
    }

    void namespaceCellSelectsTheProcess()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        click(window.tableView(), tableRowOf(window.tableView(), 300, ProcessTableModel::namespaceColumn(NamespaceType::Net)));
        QTRY_COMPARE(window.tableView()->currentIndex().data(ProcessTableModel::PidRole).toInt(), 300);
        QCOMPARE(window.treeView()->currentIndex().data(NamespaceTreeModel::PidRole).toInt(), 300);
        GraphWidget *graph = window.graphWidget();
        QVERIFY(graph->scene()->item(graph->model()->nodeForProcess(300)));
        QVERIFY(graph->scene()->item(graph->model()->nodeForProcess(300))->isSelected());
        QCOMPARE(window.detailsPanel()->shownNamespace(), fixtures::basic::dockerNet);
        QVERIFY(window.detailsPanel()->html().contains(QStringLiteral("Members")));
    }

    void tableHidesKernelThreadsAndExplainsColours()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        auto kernelRows = [&] {
            int n = 0;
            for (int r = 0; r < window.tableView()->model()->rowCount(); ++r)
                n += window.currentSnapshot()->process(window.tableView()->model()->index(r, 0).data(ProcessTableModel::PidRole).toInt())->isKernelThread();
            return n;
        };
        QVERIFY(!window.kernelThreadsBox()->isChecked());
        QCOMPARE(kernelRows(), 0);
        window.kernelThreadsBox()->setChecked(true);
        QVERIFY(kernelRows() > 0);
        auto *legend = window.findChild<SharingLegend *>();
        QVERIFY(legend && legend->isVisible());
        QCOMPARE(legend->labels().size(), 4);
        QVERIFY(legend->labels().join(QLatin1Char(' ')).contains(QStringLiteral("could not be read")));
    }

    void rendersNotBlank()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(testing::graphBuilt(window.graphWidget()->model()));
        const QImage shot = window.grab().toImage();
        QVERIFY(!shot.isNull());
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 5)
            for (int x = 0; x < shot.width(); x += 5)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the window rendered as a blank image");
        const QString out = qEnvironmentVariable("NSVIZ_SCREENSHOT");
        if (!out.isEmpty())
            shot.save(out);
    }
};

int main(int argc, char *argv[])
{
    // Two screens side by side, a laptop's and a desktop's: the window is tried on each. Under QT_SCALE_FACTOR=2
    // (the second run, see CMakeLists.txt) they have twice the device pixels, so the sizes in logical pixels are
    // the same at device pixel ratio 2.
    const double scale = qEnvironmentVariableIsSet("QT_SCALE_FACTOR") ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble() : 1.0;
    QTemporaryDir config;
    const QString path = config.filePath(QStringLiteral("screens.json"));
    {
        auto screen = [scale](const char *name, int x, int w, int h) {
            return QJsonObject{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("x"), int(x * scale)}, {QStringLiteral("y"), 0},
                               {QStringLiteral("width"), int(w * scale)}, {QStringLiteral("height"), int(h * scale)},
                               {QStringLiteral("logicalDpi"), 96}, {QStringLiteral("logicalBaseDpi"), 96}};
        };
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("screens"), QJsonArray{screen("laptop", 0, 1366, 768), screen("desktop", 1366, 1920, 1080)}}}).toJson());
    }
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + path.toLocal8Bit());
    qputenv("QT_FONT_DPI", "96");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("nsviz-tests"));
    QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    TestMainWindow t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_mainwindow.moc"
