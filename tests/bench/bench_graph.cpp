// The graph's costs, each next to a reference measured in the same run:
//  - layout of realistic hosts of 500 and 2,000 containers (every container a card, and alike ones folded),
//    and the graph with every namespace as a node (500 sets + 2,500 namespaces), off the GUI thread via
//    GraphLayouter; reference: the sfdp command on the same graph as DOT. Also the longest stall of the GUI
//    thread while the layout runs.
//  - one frame of a view showing ~2,000 nodes, zoomed out (overview) and zoomed in (labels); reference: the
//    same number of plain rounded rectangles painted straight into the image.
//  - a live refresh at 1% churn on 2,000 containers: the GUI thread's part, next to the snapshot diff.
//   bench_graph [--sets 500,2000] [--frame-sets 2000] [--repeat 5]
#include "benchclock.h"
#include "views/graphtesting.h"

#include "export/diagramexport.h"
#include "graph/graphlayout.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/nodeitem.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace nsviz;
using namespace nsviz::bench;

namespace {

// 500 sets, each with its own net/uts/ipc/mnt/pid namespace as a node, all sharing three namespaces: one
// tangled cluster (what the host's namespaces made of the graph when they were hubs), for Graphviz's path.
LayoutInput everyNamespaceANode(int sets)
{
    LayoutInput in;
    for (int h = 0; h < 3; ++h)
        in.nodes.append({QStringLiteral("host%1").arg(h), QSizeF(184, 56), false, {}, {}});
    for (int s = 0; s < sets; ++s) {
        const int set = int(in.nodes.size());
        in.nodes.append({QStringLiteral("set%1").arg(s), QSizeF(240, 92), false, {}, {}});
        for (int k = 0; k < 5; ++k) {
            in.edges.append({set, int(in.nodes.size())});
            in.nodes.append({QStringLiteral("ns%1.%2").arg(s).arg(k), QSizeF(184, 56), false, {}, {}});
        }
        for (int h = 0; h < 3; ++h)
            in.edges.append({set, h});
    }
    return in;
}

QByteArray asDot(const LayoutInput &in)
{
    QByteArray out = "digraph g { overlap=prism; splines=false; node [shape=box, fixedsize=true, label=\"\"];\n";
    for (qsizetype i = 0; i < in.nodes.size(); ++i)
        out += "n" + QByteArray::number(i) + " [width=" + QByteArray::number(in.nodes[i].size.width() / 72, 'f', 3)
            + ", height=" + QByteArray::number(in.nodes[i].size.height() / 72, 'f', 3) + "];\n";
    for (const auto &[a, b] : in.edges)
        out += "n" + QByteArray::number(a) + " -> n" + QByteArray::number(b) + ";\n";
    return out + "}\n";
}

struct OffThread
{
    double wall = 0;     // request to result on the GUI thread
    double maxStall = 0; // the longest the GUI thread's 5 ms ticks were late
    QString engine;
};

OffThread layoutOffThread(const LayoutInput &in)
{
    GraphLayouter layouter;
    QEventLoop loop;
    OffThread out;
    QTimer tick;
    tick.setInterval(5);
    double last = wallMs();
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double now = wallMs();
        out.maxStall = std::max(out.maxStall, now - last - 5);
        last = now;
    });
    QObject::connect(&layouter, &GraphLayouter::finished, &loop, [&](const LayoutResult &r) {
        out.engine = r.engine;
        loop.quit();
    });
    const double start = wallMs();
    tick.start();
    layouter.request(in);
    loop.exec();
    out.wall = wallMs() - start;
    return out;
}

double sfdpCommand(const QByteArray &dot, const QString &dir)
{
    QFile f(dir + QStringLiteral("/g.dot"));
    if (!f.open(QIODevice::WriteOnly))
        return NAN;
    f.write(dot);
    f.close();
    const double start = wallMs();
    QProcess p;
    p.start(QStringLiteral("sfdp"), {QStringLiteral("-Tplain"), f.fileName(), QStringLiteral("-o"), dir + QStringLiteral("/g.plain")});
    p.waitForFinished(120000);
    return p.exitCode() == 0 ? wallMs() - start : NAN;
}


// The scene's own layout input for a model, as the GUI would send it off the thread (all nodes new).
LayoutInput inputOf(GraphModel &model)
{
    GraphScene scene(&model);
    scene.setAnimated(false);
    scene.setTargetAspect(1.6);
    // Above a few thousand nodes the scene makes its cards a batch per event-loop turn.
    const QStringList ids = model.sortedNodeIds();
    while (std::any_of(ids.cbegin(), ids.cend(), [&](const QString &id) { return !scene.item(id); }))
        QCoreApplication::processEvents();
    LayoutInput in;
    QHash<QString, int> index;
    for (const QString &id : ids) {
        index.insert(id, int(in.nodes.size()));
        const NodeItem *item = scene.item(id);
        in.nodes.append({id, item->size(), false, {}, item->node().title.toLower()});
        if (item->node().kind == GraphNodeKind::Host)
            in.head = int(in.nodes.size()) - 1;
    }
    for (const GraphEdge &e : model.edges())
        in.edges.append({index[e.from], index[e.to]});
    in.aspect = 1.6;
    return in;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("sets"), QStringLiteral("containers on the layout hosts, comma-separated"), QStringLiteral("n,..."), QStringLiteral("500,2000")},
                       {QStringLiteral("frame-sets"), QStringLiteral("containers for the frame and refresh tests"), QStringLiteral("n"), QStringLiteral("2000")},
                       {QStringLiteral("repeat"), QStringLiteral("runs per figure"), QStringLiteral("n"), QStringLiteral("5")},
                       {QStringLiteral("only"), QStringLiteral("parts to run: layout, refresh, frames (hover is part of frames)"), QStringLiteral("list")}});
    parser.process(app);
    const QStringList only = parser.value(QStringLiteral("only")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto runs = [&](const char *part) { return only.isEmpty() || only.contains(QLatin1String(part)); };
    const int frameSets = parser.value(QStringLiteral("frame-sets")).toInt();
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());
    QTemporaryDir dir;

    // Layout off the GUI thread, next to the sfdp command on the same graph (what Graphviz alone takes).
    if (runs("layout")) {
    std::printf("layout off the GUI thread, median of %d, wall ms (<= 2000 ms):\n", repeat);
    QList<std::pair<QString, LayoutInput>> inputs;
    for (const QString &n : parser.value(QStringLiteral("sets")).split(QLatin1Char(','))) {
        GraphModel model;
        model.setFolding(false); // the worst case: every container a card of its own
        model.setSnapshot(testing::realisticHost(n.toInt()));
        inputs.append({QStringLiteral("%1 containers, one by one").arg(n), inputOf(model)});
        GraphModel folded;
        folded.setSnapshot(testing::realisticHost(n.toInt()));
        inputs.append({QStringLiteral("%1 containers, alike folded").arg(n), inputOf(folded)});
    }
    {
        // Every container opened into its own namespaces: the 3,000-node graph, as the model draws it.
        GraphModel model;
        model.setFolding(false);
        model.setSnapshot(testing::realisticHost(500));
        for (const QString &id : model.sortedNodeIds())
            if (model.node(id) && model.node(id)->kind == GraphNodeKind::Set)
                model.setNamespacesShown(id, true);
        inputs.append({QStringLiteral("500 containers, every namespace a node"), inputOf(model)});
    }
    inputs.append({QStringLiteral("tangled: 3,003 nodes round 3 hubs"), everyNamespaceANode(500)});
    for (const auto &[name, input] : std::as_const(inputs)) {
        std::vector<double> ours, stalls, reference;
        QString engine;
        for (int r = 0; r < repeat; ++r) {
            const OffThread o = layoutOffThread(input);
            ours.push_back(o.wall);
            stalls.push_back(o.maxStall);
            engine = o.engine;
            reference.push_back(sfdpCommand(asDot(input), dir.path()));
        }
        const double m = median(ours), ref = median(reference);
        std::printf("  %-36s %5lld nodes %5lld edges: nsviz %s %7.0f | sfdp command %7.0f | ratio %.2f | GUI thread late at most %.0f ms | %s\n",
                    qPrintable(name), qlonglong(input.nodes.size()), qlonglong(input.edges.size()), qPrintable(engine), m, ref, m / ref,
                    *std::max_element(stalls.begin(), stalls.end()), m <= 2000 ? "PASS" : "MISS");
    }
    }

    // A live refresh at 1% churn: what the GUI thread does (model, items, layout input, moves), next to
    // computing the snapshot diff of the same two snapshots (work every refresh does anyway). The window's model
    // is built on a worker thread: the GUI thread's part is its CPU time from handing over the snapshot until the
    // build is applied (waiting costs it nothing); the model built on the GUI thread is shown beside it.
    if (runs("refresh"))
    for (const bool async : {false, true})
    for (const bool fold : {false, true}) {
        GraphModel model;
        model.setFolding(fold);
        SnapshotPtr s = testing::realisticHost(frameSets);
        model.setSnapshot(s);
        model.setAsynchronous(async);
        GraphScene scene(&model);
        scene.setAnimated(false);
        scene.layoutNow(true);
        std::vector<double> gui, diffs, offThread, builds;
        for (int r = 0; r < std::max(repeat, 10); ++r) {
            const SnapshotPtr next = testing::withChurn(*s, std::max(1, frameSets / 100), r);
            double start = wallMs();
            const SnapshotDiff diff = SnapshotDiff::compute(s.get(), next.get());
            diffs.push_back(wallMs() - start);
            start = wallMs();
            const double cpu = threadCpuMs();
            model.setSnapshot(next, &diff);
            while (model.isBuilding())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            builds.push_back(wallMs() - start);
            const LayoutResult lr = scene.layoutNow(false);
            gui.push_back(threadCpuMs() - cpu - double(lr.milliseconds));
            offThread.push_back(double(lr.milliseconds));
            s = next;
        }
        std::printf("refresh at 1%% churn, %d containers %s, model built %s (%lld nodes), median ms: GUI thread %.1f | snapshot diff %.1f | "
                    "ratio %.1f | %s (<= 10 ms); layout off the thread %.1f, model ready after %.1f\n",
                    frameSets, fold ? "alike folded" : "one by one", async ? "off the GUI thread" : "on the GUI thread",
                    qlonglong(model.nodes().size()), median(gui), median(diffs), median(gui) / median(diffs), median(gui) <= 10 ? "PASS" : "MISS",
                    median(offThread), median(builds));
    }

    if (!runs("frames"))
        return 0;
    // Frames.
    GraphModel big;
    big.setFolding(false);
    big.setSnapshot(testing::realisticHost(frameSets));
    GraphScene bigScene(&big);
    bigScene.setAnimated(false);
    bigScene.setTargetAspect(1.6);
    bigScene.layoutNow(true);
    GraphView view(&bigScene);
    view.resize(1600, 1000);
    view.show(); // a hidden view has no viewport geometry yet
    QCoreApplication::processEvents();
    view.setReservedBottom(0);
    view.fitAll();
    QImage image(1600, 1000, QImage::Format_ARGB32_Premultiplied);
    auto frame = [&] {
        // What a frame costs on screen: the viewport repainted through its backing store, with item caches.
        const double start = wallMs();
        view.viewport()->repaint();
        return wallMs() - start;
    };
    auto visibleNodes = [&] {
        qsizetype n = 0;
        for (QGraphicsItem *i : bigScene.items(view.mapToScene(view.viewport()->rect())))
            n += i->type() == NodeItem::Type;
        return n;
    };
    auto floorFrame = [&](qsizetype n) {
        QPainter p(&image);
        p.setRenderHints(QPainter::Antialiasing);
        const double start = wallMs();
        p.fillRect(image.rect(), Qt::white);
        for (qsizetype i = 0; i < n; ++i) {
            p.setPen(QPen(Qt::darkGray, 1.2));
            p.setBrush(Qt::white);
            p.drawRoundedRect(QRectF((i % 50) * 32, (i / 50) * 24, 28, 14), 3, 3);
        }
        return wallMs() - start;
    };
    std::printf("frame, 1600x1000, %d containers one by one, median of %d, ms (<= 16 ms):\n", frameSets, repeat);
    for (const auto &[name, zoom] : {std::pair{"fit (overview)", 0.0}, std::pair{"zoom 0.5 (names)", 0.5}, std::pair{"zoom 1 (all text)", 1.0}}) {
        if (zoom > 0) {
            view.setTransform(QTransform::fromScale(zoom, zoom));
            view.centerOn(bigScene.graphBounds().center());
        }
        std::vector<double> ours, ref;
        frame(); // warm caches as a running view would have them
        const qsizetype n = visibleNodes();
        for (int r = 0; r < repeat; ++r) {
            ours.push_back(frame());
            ref.push_back(floorFrame(n));
        }
        std::printf("  %-18s %5lld nodes visible: nsviz %6.1f | plain rectangles %6.1f | ratio %.2f | %s\n", name, qlonglong(n),
                    median(ours), median(ref), median(ours) / median(ref), median(ours) <= 16 ? "PASS" : "MISS");
    }
    // Hover: the other nodes dim (item opacity), the edge layer repaints.
    {
        view.fitAll();
        frame();
        const QString hub = big.nodeForNamespace(4026532152); // the rootless user namespace: hundreds of neighbours
        const QString leaf = big.sortedNodeIds().value(big.sortedNodeIds().size() / 2);
        std::vector<double> hover;
        for (int r = 0; r < repeat; ++r) {
            for (const QString &id : {leaf, QString(), hub, QString()}) {
                const double start = wallMs();
                bigScene.setHovered(id);
                view.viewport()->repaint();
                hover.push_back(wallMs() - start);
            }
        }
        std::vector<double> plain;
        for (int r = 0; r < repeat; ++r)
            plain.push_back(frame());
        std::printf("hover in and out at fit (%lld nodes), median %.1f ms, max %.1f ms | a plain frame %.1f ms | %s (<= 16 ms)\n",
                    qlonglong(big.nodes().size()), median(hover), *std::max_element(hover.begin(), hover.end()), median(plain),
                    median(hover) <= 16 ? "PASS" : "MISS");
    }
    return 0;
}
