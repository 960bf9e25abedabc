// The picture a user gets, on realistic hosts of 10, 50, 500 and 2,000 containers: nothing overlaps, the host
// is the frame (no edge to it), the picture has the view's shape, names are readable at Fit, and a refresh that
// adds a container moves nothing that was there.
#include "guitestmain.h"
#include "graphtesting.h"

#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"

#include <QApplication>
#include <QTest>

#include <cmath>

using namespace nsviz;

namespace {

// Pairs of nodes whose rectangles overlap, found with a sweep over their left edges.
QString firstOverlap(const GraphScene &scene)
{
    QList<std::pair<QRectF, QString>> rects;
    for (const NodeItem *item : scene.nodeItems())
        rects.append({item->sceneRect(), item->id()});
    std::sort(rects.begin(), rects.end(), [](const auto &a, const auto &b) { return a.first.left() < b.first.left(); });
    for (qsizetype i = 0; i < rects.size(); ++i)
        for (qsizetype j = i + 1; j < rects.size() && rects[j].first.left() < rects[i].first.right(); ++j)
            if (rects[i].first.intersects(rects[j].first))
                return rects[i].second + QStringLiteral(" and ") + rects[j].second;
    return {};
}

struct Picture
{
    std::unique_ptr<GraphModel> model = std::make_unique<GraphModel>();
    std::unique_ptr<GraphScene> scene;
    std::unique_ptr<GraphView> view;
    explicit Picture(const SnapshotPtr &snapshot, bool fold, QSize viewport = QSize(1600, 1000))
    {
        model->setFolding(fold);
        model->setSnapshot(snapshot);
        scene = std::make_unique<GraphScene>(model.get());
        scene->setAnimated(false);
        view = std::make_unique<GraphView>(scene.get());
        view->resize(viewport);
        view->show();
        scene->setTargetAspect(double(view->viewport()->width()) / view->viewport()->height());
        scene->layoutNow(true);
        view->fitAll();
    }
    ~Picture()
    {
        view.reset();
        scene.reset();
    }
};

} // namespace

class TestGraphLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void picture_data()
    {
        QTest::addColumn<int>("containers");
        QTest::addColumn<bool>("fold");
        for (int n : {10, 50, 500, 2000}) {
            QTest::addRow("%d containers", n) << n << true;
            QTest::addRow("%d containers, one by one", n) << n << false;
        }
    }
    void picture()
    {
        QFETCH(int, containers);
        QFETCH(bool, fold);
        const SnapshotPtr s = testing::realisticHost(containers);
        Picture p(s, fold);
        QCOMPARE(p.scene->nodeItems().size(), p.model->nodes().size());

        const QString overlap = firstOverlap(*p.scene);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));

        // The host is the frame of the picture: one node, heading it, and no edge leads to it or to a namespace
        // of the host's; no namespace of the host's is a node.
        const NodeItem *host = p.scene->item(QStringLiteral("host"));
        QVERIFY(host);
        for (const NodeItem *item : p.scene->nodeItems()) {
            if (item != host)
                QVERIFY2(item->sceneRect().top() > host->sceneRect().bottom(), qPrintable(item->id()));
            QVERIFY2(!(item->node().kind == GraphNodeKind::Namespace && item->node().initial), qPrintable(item->id()));
        }
        for (const GraphEdge &e : p.model->edges())
            QVERIFY2(e.from != QLatin1String("host") && e.to != QLatin1String("host"), qPrintable(e.id));

        // The shape of the view, within 2:1 either way.
        const QRectF picture = p.scene->pictureBounds();
        const double viewAspect = double(p.view->viewport()->width()) / p.view->viewport()->height();
        const double ratio = picture.width() / picture.height() / viewAspect;
        QVERIFY2(ratio >= 0.5 && ratio <= 2, qPrintable(QStringLiteral("picture %1x%2 in a view of aspect %3").arg(picture.width()).arg(picture.height()).arg(viewAspect)));

        // At Fit: where the host is folded into groups, every name is on screen in full, at least 9 pixels high.
        const double zoom = p.view->zoom();
        const bool readable = fold || containers <= 50;
        int small = 0;
        QString example;
        for (const NodeItem *item : p.scene->nodeItems()) {
            const auto title = p.scene->nodePainter().titleOnScreen(item->node(), item->geometry(), item->rect(), zoom);
            if (title.pixels < 9 || !title.full) {
                ++small;
                example = QStringLiteral("%1 at %2 px%3").arg(item->node().title).arg(title.pixels).arg(title.full ? QString() : QStringLiteral(", cut"));
            }
        }
        if (readable)
            QVERIFY2(small == 0, qPrintable(QStringLiteral("%1 names unreadable at zoom %2, e.g. %3").arg(small).arg(zoom).arg(example)));
        if (fold && containers >= 500)
            QVERIFY2(p.model->nodes().size() < 60, qPrintable(QString::number(p.model->nodes().size())));
    }

    void refreshAddingAContainerMovesNothing_data()
    {
        QTest::addColumn<int>("containers");
        QTest::addColumn<bool>("fold");
        for (int n : {10, 50, 500, 2000})
            for (bool fold : {true, false})
                QTest::addRow("%d%s", n, fold ? "" : ", one by one") << n << fold;
    }
    void refreshAddingAContainerMovesNothing()
    {
        QFETCH(int, containers);
        QFETCH(bool, fold);
        const SnapshotPtr before = testing::realisticHost(containers);
        Picture p(before, fold);
        const QHash<QString, QPointF> was = p.scene->positions();
        // One container more: a Docker one, a cluster of its own (or one more in its group).
        const SnapshotPtr after = testing::realisticHost(containers + 1);
        const SnapshotDiff diff = SnapshotDiff::compute(before.get(), after.get());
        p.model->setSnapshot(after, &diff);
        const LayoutResult r = p.scene->layoutNow();
        QVERIFY2(r.engine == QLatin1String("incremental") || r.engine == QLatin1String("unchanged"), qPrintable(r.engine));
        int kept = 0;
        for (auto it = was.cbegin(); it != was.cend(); ++it)
            if (const NodeItem *item = p.scene->item(it.key())) {
                QVERIFY2(QLineF(item->pos(), *it).length() < 0.01, qPrintable(it.key() + QStringLiteral(" moved")));
                ++kept;
            }
        QVERIFY(kept > 0);
        const QString overlap = firstOverlap(*p.scene);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
    }

    void churnKeepsThePicture()
    {
        // 1% of 2,000 containers replaced, ten times over: what stays stays put, what comes finds room.
        SnapshotPtr s = testing::realisticHost(2000);
        Picture p(s, false);
        for (int round = 0; round < 10; ++round) {
            const QHash<QString, QPointF> was = p.scene->positions();
            const SnapshotPtr next = testing::withChurn(*s, 20, round);
            const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
            p.model->setSnapshot(next, &diff);
            p.scene->layoutNow();
            for (auto it = was.cbegin(); it != was.cend(); ++it)
                if (const NodeItem *item = p.scene->item(it.key()))
                    QVERIFY2(QLineF(item->pos(), *it).length() < 0.01, qPrintable(it.key() + QStringLiteral(" moved")));
            const QString overlap = firstOverlap(*p.scene);
            QVERIFY2(overlap.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(overlap)));
            s = next;
        }
    }

    void namesSortAsPeopleRead()
    {
        auto before = [](const char *a, const char *b) { return naturalSortKey(QString::fromLatin1(a)) < naturalSortKey(QString::fromLatin1(b)); };
        QVERIFY(before("web-2", "web-10"));
        QVERIFY(before("dev-47", "dev-438"));
        QVERIFY(before("id-999999999999", "id-1000000000000")); // 12 digits before 13
        QVERIFY(before("lab-9", "lab-010"));
        QVERIFY(before("Alpha", "beta"));
        QCOMPARE(naturalSortKey(QStringLiteral("Web-07")), naturalSortKey(QStringLiteral("web-7")));
    }

    void theHostOpensIntoABlockUnderIt_data()
    {
        QTest::addColumn<int>("containers");
        QTest::addColumn<bool>("fold");
        QTest::addRow("50 containers, folded (the host's processes are most of the picture)") << 50 << true;
        QTest::addRow("2000 containers one by one (they are a few of its nodes)") << 2000 << false;
    }
    void theHostOpensIntoABlockUnderIt()
    {
        // Double-clicking the host shows its processes as one block right under it, not scattered among the
        // containers, however many there are.
        QFETCH(int, containers);
        QFETCH(bool, fold);
        Picture p(testing::realisticHost(containers), fold);
        p.model->setExpanded(QStringLiteral("host"), true);
        p.scene->layoutNow();
        const QRectF host = p.scene->item(QStringLiteral("host"))->sceneRect();
        QRectF processes;
        int count = 0;
        for (const NodeItem *item : p.scene->nodeItems())
            if (item->node().kind == GraphNodeKind::Process) {
                processes |= item->sceneRect();
                ++count;
            }
        QVERIFY(count >= 25);
        QVERIFY2(processes.top() > host.bottom() && processes.top() < host.bottom() + 200,
                 qPrintable(QStringLiteral("%1 below the host").arg(processes.top() - host.bottom())));
        QVERIFY2(processes.left() - host.left() < 100, qPrintable(QString::number(processes.left() - host.left())));
        const QString overlap = firstOverlap(*p.scene);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
    }

    void aCardThatGrowsIsPlacedAgain()
    {
        // A container renames itself to a long hostname: its card grows; it may move, the others stay, none
        // overlaps.
        const SnapshotPtr before = testing::realisticHost(50);
        Picture p(before, false);
        const QHash<QString, QPointF> was = p.scene->positions();
        std::vector<NamespaceInfo> namespaces = before->namespaces();
        const NamespaceId uts = before->process(1090)->namespaces.set[NamespaceType::Uts]; // lab-9
        for (NamespaceInfo &n : namespaces)
            if (n.id == uts)
                n.details.insert(QStringLiteral("hostname"), QStringLiteral("a-hostname-that-is-long-enough-to-wrap-x"));
        const auto after = std::make_shared<const Snapshot>(before->host(), before->processes(), std::move(namespaces));
        const SnapshotDiff diff = SnapshotDiff::compute(before.get(), after.get());
        const QString card = p.model->nodeForProcess(1090);
        const QSizeF small = p.scene->item(card)->size();
        p.model->setSnapshot(after, &diff);
        QVERIFY(p.scene->item(card)->size().width() > small.width());
        p.scene->layoutNow();
        const QString overlap = firstOverlap(*p.scene);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
        for (auto it = was.cbegin(); it != was.cend(); ++it)
            if (it.key() != card && p.scene->item(it.key()))
                QVERIFY2(QLineF(p.scene->item(it.key())->pos(), *it).length() < 0.01, qPrintable(it.key()));
    }

    void theHierarchyIsATreeThatFitsAPage()
    {
        // 500 pid namespaces under the host's: rows of children, not a strip; the picture has the page's shape.
        GraphModel model;
        model.setMode(GraphModel::Mode::Hierarchy);
        model.setSnapshot(testing::realisticHost(500));
        GraphScene scene(&model);
        scene.setTargetAspect(std::sqrt(2.0));
        scene.layoutNow(true);
        const QString overlap = firstOverlap(scene);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
        const QRectF b = scene.pictureBounds();
        QVERIFY2(b.width() / b.height() > 0.5 && b.width() / b.height() < 2 * std::sqrt(2.0),
                 qPrintable(QStringLiteral("%1x%2").arg(b.width()).arg(b.height())));
        // Every child below its parent.
        for (const GraphEdge &e : model.edges())
            if (e.kind == GraphEdgeKind::Parent)
                QVERIFY2(scene.item(e.from)->sceneRect().top() > scene.item(e.to)->sceneRect().bottom(), qPrintable(e.id));
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestGraphLayout>(argc, argv, "tst_graphlayout");
}
#include "tst_graphlayout.moc"
