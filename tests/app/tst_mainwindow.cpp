// The main window on fixture snapshots, offscreen: click from the tree to the details, search, switch
// groupings, follow a refresh, save and reopen a snapshot, and render it to an image that is not blank.
#include "guitestmain.h"
#include "snapshotsequence.h"

#include "mainwindow.h"

#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processtablemodel.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "graph/nodeitem.h"
#include "panels/chartspanel.h"
#include "panels/comparepanel.h"
#include "panels/demopanel.h"
#include "panels/detailspanel.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QComboBox>
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

    void tableSelectionSelectsInTree()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
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
        QTRY_VERIFY_WITH_TIMEOUT(window.currentSnapshot() != nullptr, 20000);
        DemoPanel *demo = window.demoPanel();
        QVERIFY2(demo->startPreset(qEnvironmentVariableIsSet("NSVIZ_SCREENSHOT_DEMO_WINDOW") ? QStringLiteral("pod") : QStringLiteral("own-hostname")), qPrintable(demo->presetError()));
        const auto cleanup = qScopeGuard([demo] { demo->stopAll(); });
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

    void rendersNotBlank()
    {
        MainWindow window(fixture());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
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
    return testing::runGuiTest<TestMainWindow>(argc, argv, "tst_mainwindow");
}
#include "tst_mainwindow.moc"
