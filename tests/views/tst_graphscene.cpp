// Layout, scene and the graph pane, offscreen: engines by size, positions kept across refreshes, stale
// layouts dropped, clicks and double-clicks on nodes, and a picture that is not blank.
#include "guitestmain.h"
#include "graphtesting.h"
#include "graphwait.h"
#include "snapshotsequence.h"

#include "graph/graphlayout.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"
#include "snapshot/namespaceguide.h"

#include <QApplication>
#include <QPainter>
#include <QComboBox>
#include <QToolButton>
#include <QSignalSpy>
#include <QTest>
#include <QVariantAnimation>

#include <cmath>

using namespace nsviz;

namespace {

bool overlapFree(const GraphScene &scene, QString *which)
{
    const auto items = scene.nodeItems().values();
    for (qsizetype i = 0; i < items.size(); ++i)
        for (qsizetype j = i + 1; j < items.size(); ++j) {
            const QRectF a = items[i]->mapRectToScene(items[i]->boundingRect().adjusted(2, 2, -2, -2));
            const QRectF b = items[j]->mapRectToScene(items[j]->boundingRect().adjusted(2, 2, -2, -2));
            if (a.intersects(b)) {
                *which = items[i]->id() + QStringLiteral(" and ") + items[j]->id();
                return false;
            }
        }
    return true;
}

LayoutInput ring(int n)
{
    LayoutInput in;
    for (int i = 0; i < n; ++i)
        in.nodes.append({QStringLiteral("n%1").arg(i), QSizeF(120, 40), false, {}, {}});
    for (int i = 0; i < n; ++i)
        in.edges.append({i, (i + 1) % n});
    return in;
}

} // namespace

class TestGraphScene : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void legendEntriesExplainTheirType()
    {
        // Pointing at a type's swatch in the legend gives the guide's explanation of that type; elsewhere nothing.
        NodePainter painter;
        Legend legend;
        legend.types.set();
        legend.ownBadges = legend.hostBadges = true;
        const QRectF rect(QPointF(0, 0), painter.legendSize(500, legend));
        QSet<QString> tips;
        int empty = 0;
        for (double y = rect.top() + 1; y < rect.bottom(); y += 3)
            for (double x = rect.left() + 1; x < rect.right(); x += 3) {
                const QString tip = painter.legendToolTip(rect, legend, {x, y});
                tip.isEmpty() ? ++empty : (tips.insert(tip), 0);
            }
        QCOMPARE(tips.size(), NamespaceTypeCount);
        for (NamespaceType t : allNamespaceTypes)
            QVERIFY2(tips.contains(NamespaceGuide::builtIn().html(t)), namespaceTypeKey(t));
        QVERIFY2(empty > 0, "the entries for own and host's namespaces, and the gaps, have none");
    }

    void theFixtureIsPackedUnderTheHost()
    {
        GraphModel model;
        model.setSnapshot(testing::fixtureSnapshot());
        GraphScene scene(&model);
        const LayoutResult r = scene.layoutNow();
        QCOMPARE(r.engine, QStringLiteral("packed"));
        QVERIFY(r.error.isEmpty());
        QCOMPARE(r.positions.size(), model.nodes().size());
        QString which;
        QVERIFY2(overlapFree(scene, &which), qPrintable(which));
        // The host heads the picture: at its top left, above everything else, as wide as all of it.
        const QRectF host = scene.item(QStringLiteral("host"))->sceneRect();
        QRectF rest;
        for (NodeItem *item : scene.nodeItems())
            if (item->id() != QLatin1String("host")) {
                QVERIFY2(item->sceneRect().top() > host.bottom(), qPrintable(item->id()));
                rest |= item->sceneRect();
            }
        QCOMPARE(host.left(), rest.left());
        QCOMPARE(host.right(), std::max(rest.right(), host.left() + scene.item(QStringLiteral("host"))->size().width()));
        // A pod: the namespaces it shares above the two sets in it.
        const QRectF shared = scene.item(model.nodeForNamespace(fixtures::basic::dockerNet))->sceneRect();
        QVERIFY(scene.item(model.nodeForProcess(200))->sceneRect().top() > shared.bottom());
        QVERIFY(scene.item(model.nodeForProcess(300))->sceneRect().top() > shared.bottom());
    }

    void tangledClustersGetGraphviz()
    {
        const LayoutResult r = computeLayout(ring(400));
        QCOMPARE(r.engine, QStringLiteral("packed"));
        QCOMPARE(r.positions.size(), 400);
        QSet<std::pair<int, int>> distinct;
        for (const QPointF &p : r.positions) {
            QVERIFY(std::isfinite(p.x()) && std::isfinite(p.y()));
            distinct.insert({int(p.x()), int(p.y())});
        }
        QVERIFY(distinct.size() > 390);
    }

    void veryLargeGraphsAreOverlapFree()
    {
        // A tangled cluster above the prism limit: overlaps are pushed apart by nsviz itself: none may remain.
        LayoutInput in = ring(1300);
        for (int i = 0; i < 1300; i += 7)
            in.edges.append({i, 0}); // a hub
        for (int i = 0; i < 1300; i += 3)
            in.nodes[i].size = QSizeF(240, 92);
        const LayoutResult r = computeLayout(in);
        QCOMPARE(r.engine, QStringLiteral("packed"));
        QList<QRectF> rects;
        for (const auto &n : in.nodes) {
            const QPointF c = r.positions[n.id];
            rects << QRectF(c - QPointF(n.size.width() / 2, n.size.height() / 2), n.size);
        }
        std::sort(rects.begin(), rects.end(), [](const QRectF &a, const QRectF &b) { return a.left() < b.left(); });
        for (qsizetype i = 0; i < rects.size(); ++i)
            for (qsizetype j = i + 1; j < rects.size() && rects[j].left() < rects[i].right(); ++j)
                QVERIFY2(!rects[i].adjusted(1, 1, -1, -1).intersects(rects[j].adjusted(1, 1, -1, -1)),
                         qPrintable(QStringLiteral("overlap at %1,%2").arg(rects[i].x()).arg(rects[i].y())));
    }

    void positionsSurviveRefreshes()
    {
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        GraphModel model;
        GraphScene scene(&model);
        scene.setAnimated(false);
        SnapshotPtr previous = seq.scan();
        model.setSnapshot(previous);
        scene.layoutNow();
        int keptSteps = 0;
        for (int step = 0; step < fixtures::SnapshotSequence::stepCount(); ++step) {
            const QHash<QString, QPointF> before = scene.positions();
            const SnapshotPtr next = seq.step(step);
            const SnapshotDiff diff = SnapshotDiff::compute(previous.get(), next.get());
            model.setSnapshot(next, &diff);
            const LayoutResult r = scene.layoutNow();
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            int kept = 0;
            for (auto it = before.cbegin(); it != before.cend(); ++it) {
                if (!scene.item(it.key()))
                    continue;
                const QPointF now = scene.item(it.key())->pos();
                // A node that was drawn stays where it was, unless the graph changed so much that it was laid
                // out afresh (then the old picture is matched as well as a rotation and move allow).
                if (r.engine != QLatin1String("dot")) {
                    QVERIFY2(QLineF(now, *it).length() < 1.0, qPrintable(QStringLiteral("%1 moved with %2").arg(it.key(), r.engine)));
                    ++kept;
                }
            }
            QVERIFY(kept > 0 || r.engine == QLatin1String("dot"));
            keptSteps += kept > 0;
            QString which;
            QVERIFY2(overlapFree(scene, &which), qPrintable(which + QStringLiteral(" after ") + r.engine));
            previous = next;
        }
        QVERIFY2(keptSteps > 0, "no refresh kept the old positions: the check above never ran");
    }

    // The scene takes the picture's bounds from the layout rather than from every card: the host's frame and the
    // edge layer must still hold every card exactly, after each refresh of a churning host, animated or not, and on
    // the way of an animation.
    void boundsFollowTheCards_data()
    {
        QTest::addColumn<bool>("animated");
        QTest::addColumn<bool>("asynchronous");
        QTest::newRow("jumps") << false << false;
        QTest::newRow("animated, built off the thread") << true << true;
    }
    void boundsFollowTheCards()
    {
        QFETCH(bool, animated);
        QFETCH(bool, asynchronous);
        GraphModel model;
        model.setFolding(false);
        SnapshotPtr s = testing::realisticHost(120);
        model.setSnapshot(s);
        model.setAsynchronous(asynchronous);
        GraphScene scene(&model);
        scene.setAnimated(animated);
        scene.layoutNow(true);
        const auto layerOf = [&](int type) {
            const QList<QGraphicsItem *> all = scene.items();
            const auto it = std::find_if(all.cbegin(), all.cend(), [&](const QGraphicsItem *i) { return i->type() == type; });
            return it == all.cend() ? nullptr : *it;
        };
        const auto *frame = static_cast<const HostFrame *>(layerOf(HostFrame::Type));
        const QGraphicsItem *edges = layerOf(EdgeLayer::Type);
        QVERIFY(frame && edges);
        const auto check = [&](const QString &when) {
            const QRectF exact = scene.graphBounds();
            const auto near = [](const QRectF &a, const QRectF &b) {
                return std::abs(a.left() - b.left()) < 0.01 && std::abs(a.top() - b.top()) < 0.01 && std::abs(a.right() - b.right()) < 0.01
                    && std::abs(a.bottom() - b.bottom()) < 0.01;
            };
            const QRectF m(-HostFrame::margin, -HostFrame::margin, HostFrame::margin, HostFrame::margin);
            const QRectF wanted = exact.adjusted(m.left(), m.top(), m.width(), m.height());
            QVERIFY2(near(frame->frameRect(), wanted),
                     qPrintable(QStringLiteral("%1: frame %2,%3 %4x%5, cards need %6,%7 %8x%9")
                                    .arg(when)
                                    .arg(frame->frameRect().x())
                                    .arg(frame->frameRect().y())
                                    .arg(frame->frameRect().width())
                                    .arg(frame->frameRect().height())
                                    .arg(wanted.x())
                                    .arg(wanted.y())
                                    .arg(wanted.width())
                                    .arg(wanted.height())));
            QVERIFY2(near(edges->boundingRect(), exact), qPrintable(when + QStringLiteral(": the edge layer is not the cards' bounds")));
        };
        check(QStringLiteral("first layout"));
        for (int round = 0; round < 8; ++round) {
            const SnapshotPtr next = testing::withChurn(*s, 3, round);
            const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
            model.setSnapshot(next, &diff);
            QVERIFY(testing::graphBuilt(&model));
            if (!animated) {
                scene.layoutNow(false);
                check(QStringLiteral("round %1").arg(round));
            } else {
                QSignalSpy settled(&scene, &GraphScene::settled);
                scene.relayout(round % 4 == 3); // now and then everything moves
                QVERIFY(settled.wait(20000));
                check(QStringLiteral("round %1, settled").arg(round));
            }
            s = next;
        }
        if (animated) {
            // On its way: every card inside the edge layer (which the edges' painting is clipped to).
            QSignalSpy finished(&scene, &GraphScene::layoutFinished);
            scene.setTargetAspect(0.6); // packed to another shape: every card moves
            scene.relayout(true);
            QVERIFY(finished.wait(20000));
            QVERIFY(scene.isAnimating());
            QTest::qWait(100);
            for (const NodeItem *item : scene.nodeItems())
                QVERIFY2(edges->boundingRect().contains(item->boundingRect().translated(item->pos())), qPrintable(item->id()));
            // A refresh that lands while cards move: its new cards appear beside their neighbours before their
            // layout comes, and the animation may end first. Ended here at once (the layout asked for is still
            // queued), every card must be inside the frame and the edge layer.
            scene.setTargetAspect(2.4);
            scene.relayout(true);
            QVERIFY(finished.wait(20000));
            QVERIFY(scene.isAnimating());
            auto *animation = scene.findChild<QVariantAnimation *>();
            QVERIFY(animation);
            model.setAsynchronous(false); // the new cards are made now
            const SnapshotPtr next = testing::withChurn(*s, 6, 100);
            const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
            model.setSnapshot(next, &diff);
            animation->setCurrentTime(animation->duration()); // its end, before any event is processed
            QVERIFY(!scene.isAnimating());
            const QRectF frameInside = frame->frameRect().adjusted(HostFrame::margin - 0.01, HostFrame::margin - 0.01, 0.01 - HostFrame::margin,
                                                                   0.01 - HostFrame::margin);
            QString outside;
            for (const NodeItem *item : scene.nodeItems())
                if (const QRectF r = item->boundingRect().translated(item->pos()); !edges->boundingRect().contains(r) || !frameInside.contains(r))
                    outside += item->id() + QLatin1Char(' ');
            QVERIFY2(outside.isEmpty(), qPrintable(outside + QStringLiteral(" was outside the frame or the edge layer")));
        }
    }

    // A hover lights the hovered card's neighbours with a border drawn over them by an item of their own, so that
    // their cached pixmaps stay valid (redrawing hundreds of cards made a hover 60-70 ms at 2,000 cards).
    void hoverLightsNeighboursWithBordersOfTheirOwn()
    {
        GraphModel model;
        model.setSnapshot(testing::realisticHost(30));
        GraphScene scene(&model);
        scene.setAnimated(false);
        scene.layoutNow(true);
        QString hub;
        for (const QString &id : model.sortedNodeIds())
            if (model.neighbours(id).size() > model.neighbours(hub).size())
                hub = id;
        QVERIFY(model.neighbours(hub).size() >= 2);
        const auto litBorder = [](const NodeItem *item) -> QGraphicsItem * {
            for (QGraphicsItem *child : item->childItems())
                if (child->type() == NodeItem::LitBorderType)
                    return child;
            return nullptr;
        };
        const QColor lit = scene.nodePainter().highlightColor();
        const auto highlightPixels = [&](const NodeItem *item) {
            const QRectF r = item->sceneBoundingRect();
            QImage image(r.size().toSize() * 2, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            QPainter p(&image);
            scene.render(&p, QRectF(image.rect()), r);
            p.end();
            int n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    n += std::abs(c.red() - lit.red()) + std::abs(c.green() - lit.green()) + std::abs(c.blue() - lit.blue()) < 30;
                }
            return n;
        };
        for (const QString &hovered : {hub, QString()}) {
            scene.setHovered(hovered);
            int litCount = 0;
            for (const NodeItem *item : scene.nodeItems()) {
                const bool on = scene.isHighlighted(item->id());
                const QGraphicsItem *border = litBorder(item);
                QVERIFY2(on == (border && border->isVisible()), qPrintable(item->id()));
                litCount += on;
            }
            QCOMPARE(litCount, hovered.isEmpty() ? 0 : int(model.neighbours(hub).size()) + 1);
        }
        // Drawn: a lit card has its border in the highlight colour, the same card unlit has none.
        const NodeItem *neighbour = scene.item(model.neighbours(hub).constFirst());
        QCOMPARE(highlightPixels(neighbour), 0);
        scene.setHovered(hub);
        QVERIFY2(highlightPixels(neighbour) > 20, "no border in the highlight colour");
    }

    void incrementalOnLargeGraphsKeepsEveryone()
    {
        // 300 pods (a shared namespace and three sets each) packed; then one pod gains a set and a new pod comes.
        LayoutInput in;
        for (int p = 0; p < 300; ++p) {
            const int hub = int(in.nodes.size());
            in.nodes.append({QStringLiteral("pod%1").arg(p, 3, 10, QLatin1Char('0')), QSizeF(220, 56), false, {}, {}});
            for (int k = 0; k < 3; ++k) {
                in.edges.append({hub, int(in.nodes.size())});
                in.nodes.append({QStringLiteral("pod%1.%2").arg(p, 3, 10, QLatin1Char('0')).arg(k), QSizeF(240, 92), false, {}, {}});
            }
        }
        const LayoutResult first = computeLayout(in);
        QCOMPARE(first.engine, QStringLiteral("packed"));
        for (auto &n : in.nodes) {
            n.placed = true;
            n.pos = first.positions[n.id];
        }
        const int placed = int(in.nodes.size());
        in.nodes.append({QStringLiteral("pod000.new"), QSizeF(240, 92), false, {}, {}});
        in.edges.append({0, placed});
        in.nodes.append({QStringLiteral("podnew"), QSizeF(220, 56), false, {}, {}});
        in.nodes.append({QStringLiteral("podnew.0"), QSizeF(240, 92), false, {}, {}});
        in.edges.append({placed + 1, placed + 2});
        const LayoutResult second = computeLayout(in);
        QCOMPARE(second.engine, QStringLiteral("incremental"));
        for (int i = 0; i < placed; ++i)
            QCOMPARE(second.positions[in.nodes[i].id], in.nodes[i].pos);
        // The newcomer is put near the node it is connected to, below it; the new pod keeps its shape.
        const QPointF hub = in.nodes[0].pos, added = second.positions[QStringLiteral("pod000.new")];
        QVERIFY2(QLineF(added, hub).length() < 600, qPrintable(QStringLiteral("%1").arg(QLineF(added, hub).length())));
        QVERIFY(added.y() > hub.y());
        QVERIFY(second.positions[QStringLiteral("podnew.0")].y() > second.positions[QStringLiteral("podnew")].y());
        // Nothing overlaps.
        QList<QRectF> rects;
        for (const auto &n : in.nodes) {
            const QPointF c = second.positions[n.id];
            rects << QRectF(c - QPointF(n.size.width() / 2, n.size.height() / 2), n.size);
        }
        for (qsizetype i = placed; i < rects.size(); ++i)
            for (qsizetype j = 0; j < rects.size(); ++j)
                QVERIFY2(i == j || !rects[i].intersects(rects[j]), qPrintable(in.nodes[i].id + QLatin1Char(' ') + in.nodes[j].id));
    }

    void staleLayoutsAreDropped()
    {
        GraphLayouter layouter;
        QSignalSpy finished(&layouter, &GraphLayouter::finished);
        layouter.request(ring(300));
        layouter.request(ring(12));
        QVERIFY(finished.wait(20000));
        // Results arrive in order: once a later request's result is in, a stale one would have come before it.
        layouter.request(ring(5));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(finished.at(0).first().value<LayoutResult>().positions.size(), 12);
        QCOMPARE(finished.at(1).first().value<LayoutResult>().positions.size(), 5);
    }

    void widgetClicksAndExpands()
    {
        GraphWidget w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy laidOut(w.scene(), &GraphScene::layoutFinished);
        w.setSnapshot(testing::fixtureSnapshot(), nullptr);
        QVERIFY(laidOut.wait(10000));
        QTRY_VERIFY(!w.scene()->isLayoutPending() && !w.scene()->isAnimating());
        GraphView *view = w.view();
        view->fitAll();

        // Click the container's card: the process is announced and its neighbourhood lights up.
        QSignalSpy activated(&w, &GraphWidget::processActivated);
        const QString docker = w.model()->nodeForProcess(200);
        NodeItem *item = w.scene()->item(docker);
        QVERIFY(item);
        view->centerOn(item);
        const QPoint at = view->mapFromScene(item->pos());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(activated.count(), 1);
        QVERIFY(w.model()->node(docker)->pids.contains(activated.first().first().toInt()));
        QVERIFY(w.scene()->isHighlighted(docker));
        QVERIFY(w.scene()->item(docker)->isSelected());
        QVERIFY(w.scene()->isHighlighted(w.model()->nodeForNamespace(fixtures::basic::dockerNet))); // what it shares
        QVERIFY(!w.scene()->isHighlighted(QStringLiteral("host"))); // the host's namespaces light nothing up
        QVERIFY(w.scene()->isDimmed(w.model()->nodeForNamespace(fixtures::basic::intermediatePid)));

        // Double-click: its processes come out of it.
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(item->pos()));
        QTRY_VERIFY(w.model()->nodeForProcess(201).startsWith(QLatin1String("proc:")));
        QVERIFY(w.scene()->item(w.model()->nodeForProcess(201)) != nullptr);
        QTRY_VERIFY(!w.scene()->isLayoutPending());

        // A selection made elsewhere (the pointer is over the table then, not over a node) comes back here.
        w.scene()->setHovered({});
        w.showProcess(300);
        QVERIFY(w.scene()->isHighlighted(w.model()->nodeForProcess(300)));
        w.clearSelection();
        QVERIFY(!w.scene()->isDimmed(docker));

        // And it looks like something.
        QTRY_VERIFY(!w.scene()->isLayoutPending() && !w.scene()->isAnimating());
        view->fitAll();
        const QImage shot = w.grab().toImage();
        QSet<QRgb> colours;
        int ink = 0;
        const QRgb background = shot.pixel(shot.width() - 5, shot.height() / 2);
        for (int y = 0; y < shot.height(); y += 3)
            for (int x = 0; x < shot.width(); x += 3) {
                colours.insert(shot.pixel(x, y));
                ink += shot.pixel(x, y) != background;
            }
        QVERIFY2(colours.size() > 40, "the graph rendered as a nearly blank image");
        QVERIFY2(ink > shot.width() * shot.height() / 9 / 50, "less than 2% of the graph pane is drawn on");
        if (const QString out = qEnvironmentVariable("NSVIZ_SCREENSHOT_GRAPH"); !out.isEmpty())
            shot.save(out);
    }

    void legendNamesWhatTheToolBarHasNoRoomFor()
    {
        // The type buttons above the graph show each type's colour and shape: the strip under it names only those
        // the tool bar had no room for (behind its » button), so every drawn type is explained exactly once.
        // The bar's actions come before the types, so a narrow bar hides types, not Fit or Export.
        GraphWidget w;
        w.setSnapshot(testing::realisticHost(40), nullptr);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(testing::graphBuilt(w.model()));
        QList<QToolButton *> typeButtons;
        for (NamespaceType t : allNamespaceTypes)
            for (QToolButton *b : w.findChildren<QToolButton *>())
                if (b->text() == namespaceTypeName(t))
                    typeButtons << b;
        QCOMPARE(typeButtons.size(), int(NamespaceTypeCount));
        for (int width : {1800, 700}) {
            w.resize(width, 700);
            QTest::qWait(50);
            int hidden = 0;
            for (int i = 0; i < typeButtons.size(); ++i) {
                hidden += !typeButtons[i]->isVisible();
                QVERIFY2(typeButtons[i]->isVisible() != w.legend().types.test(i), qPrintable(typeButtons[i]->text()));
            }
            QVERIFY(width == 1800 ? hidden == 0 : hidden > 0);
            QVERIFY(w.legend().ownBadges && w.legend().groups);
            // What the bar has no room for are types, which the legend names: Fit and Export stay at hand.
            for (const QString &action : {QStringLiteral("Fit"), QStringLiteral("Export"), QStringLiteral("Re-layout")}) {
                const QList<QToolButton *> all = w.findChildren<QToolButton *>();
                const auto it = std::find_if(all.cbegin(), all.cend(), [&](const QToolButton *b) { return b->text() == action; });
                QVERIFY2(it != all.cend() && (*it)->isVisible(), qPrintable(QStringLiteral("%1 hidden at %2 px").arg(action).arg(width)));
            }
        }
    }

    void removedNodesGoAtOnceAndAreDeletedLater()
    {
        // Thousands of nodes going at once are hidden and deselected at once, and deleted over a few event-loop
        // turns: what is drawn, hit and selected is the model's at every moment.
        GraphModel model;
        model.setFolding(false);
        GraphScene scene(&model);
        scene.setAnimated(false);
        model.setSnapshot(testing::realisticHost(1500));
        scene.layoutNow(true);
        auto nodeItemsInScene = [&](bool visibleOnly) {
            int n = 0;
            for (QGraphicsItem *i : scene.items())
                n += qgraphicsitem_cast<NodeItem *>(i) && (!visibleOnly || i->isVisible());
            return n;
        };
        const QString first = model.sortedNodeIds().constFirst();
        scene.item(first)->setSelected(true);
        model.setSnapshot(testing::realisticHost(10));
        QCOMPARE(scene.nodeItems().size(), model.nodes().size());
        QCOMPARE(nodeItemsInScene(true), int(model.nodes().size()));
        QVERIFY(nodeItemsInScene(false) > 1000); // not deleted yet
        for (QGraphicsItem *i : scene.selectedItems())
            QVERIFY(i->isVisible());
        QTRY_COMPARE(nodeItemsInScene(false), int(model.nodes().size()));
    }

    void fitFollowsTheGraph()
    {
        // A newly opened snapshot is shown whole; when the graph shrinks, Fit (and the automatic fit until the user
        // zooms) brings what is left back to a readable size; a click on Fit after zooming fits again.
        GraphWidget w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        GraphView *view = w.view();
        auto settled = [&] { return !w.scene()->isLayoutPending() && !w.scene()->isAnimating(); };
        auto fits = [&] {
            const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
            return visible.contains(w.scene()->pictureBounds());
        };
        w.model()->setFolding(false);
        const SnapshotPtr big = testing::realisticHost(200);
        w.setSnapshot(big, nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(settled() && fits(), 30000);
        const double zoomedOut = view->zoom();
        const SnapshotPtr small = testing::realisticHost(10);
        const SnapshotDiff diff = SnapshotDiff::compute(big.get(), small.get());
        w.setSnapshot(small, &diff);
        QTRY_VERIFY_WITH_TIMEOUT(settled() && fits() && view->zoom() > zoomedOut * 2, 30000);
        // The user zooms in: refreshes leave the view alone; Fit fits.
        view->zoomBy(3);
        const double zoomed = view->zoom();
        w.setSnapshot(testing::realisticHost(11), nullptr); // another file: shown whole again
        QTRY_VERIFY_WITH_TIMEOUT(settled() && fits() && view->zoom() < zoomed, 30000);
        view->zoomBy(3);
        QVERIFY(!fits());
        view->fitAll();
        QVERIFY(fits());
    }

    void refreshesDoNotActOnTheirOwn()
    {
        // A container under the pointer and selected exits: nothing is announced, nothing stays dimmed.
        fixtures::SnapshotSequence seq;
        QVERIFY(seq.isValid());
        auto w = std::make_unique<GraphWidget>();
        SnapshotPtr previous = seq.scan();
        w->setSnapshot(previous, nullptr);
        QVERIFY(testing::graphBuilt(w->model()));
        w->scene()->layoutNow();
        const QString docker = w->model()->nodeForProcess(200);
        QSignalSpy activated(w.get(), &GraphWidget::processActivated);
        w->scene()->activate(docker);
        QCOMPARE(activated.count(), 1);
        w->scene()->setHovered(docker);
        QVERIFY(w->scene()->isDimmed(w->model()->nodeForNamespace(fixtures::basic::intermediatePid)));
        for (int step = 0; step <= 2; ++step) {
            const SnapshotPtr next = seq.step(step);
            const SnapshotDiff diff = SnapshotDiff::compute(previous.get(), next.get());
            w->setSnapshot(next, &diff);
            previous = next;
        }
        QVERIFY(testing::graphBuilt(w->model()));
        QVERIFY(!w->model()->node(docker));
        QCOMPARE(activated.count(), 1);
        for (const QString &id : w->model()->nodes().keys())
            QVERIFY2(!w->scene()->isDimmed(id), qPrintable(id));
        // And the pane goes with a node selected and the pointer on another.
        const QString pod = w->model()->nodeForProcess(300);
        w->scene()->activate(pod);
        w->scene()->setHovered(w->model()->nodeForProcess(1));
        w.reset();
    }

    void highlightFollowsTypeToggles()
    {
        GraphWidget w;
        w.setSnapshot(testing::fixtureSnapshot(), nullptr);
        QVERIFY(testing::graphBuilt(w.model()));
        w.showProcess(200);
        const QString before = w.model()->nodeForProcess(200);
        QVERIFY(w.scene()->isHighlighted(before));
        w.model()->setVisibleTypes(GraphModel::TypeMask().set(int(NamespaceType::Net)).set(int(NamespaceType::Pid)));
        QVERIFY(testing::graphBuilt(w.model()));
        const QString after = w.model()->nodeForProcess(200);
        QVERIFY(after != before); // set ids name the drawn types
        QVERIFY(w.scene()->isHighlighted(after));
        QVERIFY(w.scene()->item(after)->isSelected());
    }

    void typeTogglesAndModes()
    {
        GraphWidget w;
        w.setSnapshot(testing::fixtureSnapshot(), nullptr);
        QVERIFY(testing::graphBuilt(w.model()));
        QVERIFY(!w.model()->nodes().isEmpty());
        QList<QToolButton *> buttons = w.findChildren<QToolButton *>();
        QToolButton *net = nullptr;
        for (QToolButton *b : buttons)
            if (b->text() == namespaceTypeName(NamespaceType::Net))
                net = b;
        QVERIFY(net);
        net->click();
        QVERIFY(!w.model()->visibleTypes().test(int(NamespaceType::Net)));
        QVERIFY(testing::graphBuilt(w.model()));
        for (const GraphNode &n : w.model()->nodes())
            QVERIFY(n.kind != GraphNodeKind::Namespace || n.type != NamespaceType::Net);
        auto *mode = w.findChild<QComboBox *>();
        QVERIFY(mode);
        mode->setCurrentIndex(1);
        QCOMPARE(w.model()->mode(), GraphModel::Mode::Hierarchy);
        QVERIFY(!net->isChecked()); // the hierarchy draws user and pid namespaces
        QTRY_VERIFY(!w.scene()->isLayoutPending());
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestGraphScene>(argc, argv, "tst_graphscene");
}
#include "tst_graphscene.moc"
