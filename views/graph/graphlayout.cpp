#include "graphlayout.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMutex>
#include <QRectF>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cmath>
#include <numbers>

namespace nsviz {

namespace {

constexpr int dotLimit = 150;          // dot is quadratic-ish: ~20 s at 2,000 nodes here
// A sharing graph is bipartite (sets above the namespaces they share): dot puts every set on one rank, and
// beyond a couple of dozen sets the picture is a strip ten thousand points wide. neato's stress layout stays
// compact and is quick up to a few hundred nodes.
constexpr int flatDotLimit = 24;
constexpr int neatoLimit = 300;
constexpr int pinnedNeatoLimit = 300;  // neato's stress model is O(n^2) per iteration
constexpr double incrementalShare = 0.25; // up to this share of new nodes keeps the old picture
// Graphviz's prism overlap removal costs three times the sfdp layout itself at 3,000 nodes (1 s + 3.5 s
// here); above this many nodes the overlaps are pushed apart by removeOverlaps() instead, in milliseconds.
constexpr int prismLimit = 1200;

QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

QByteArray inches(double points)
{
    return QByteArray::number(std::max(points, 1.0) / 72.0, 'f', 3);
}

// Graphviz takes char* for names it only reads.
char *cs(const char *s)
{
    return const_cast<char *>(s);
}

bool runGraphviz(const LayoutInput &in, const QByteArray &engine, bool pinPlaced, QHash<QString, QPointF> &out, QString *error)
{
    QMutexLocker lock(&graphvizMutex());
    GVC_t *gvc = gvContext();
    Agraph_t *g = agopen(cs("nsviz"), Agdirected, nullptr);
    agattr(g, AGRAPH, cs("overlap"), cs(engine == "dot" ? "true" : in.nodes.size() > prismLimit ? "prism0" : "prism"));
    agattr(g, AGRAPH, cs("splines"), cs("false"));
    agattr(g, AGRAPH, cs("outputorder"), cs("edgesfirst"));
    if (engine == "dot") {
        agattr(g, AGRAPH, cs("nodesep"), cs("0.35"));
        agattr(g, AGRAPH, cs("ranksep"), cs(in.hierarchy ? "0.6" : "0.9"));
    } else if (engine == "sfdp") {
        agattr(g, AGRAPH, cs("sep"), cs("+12"));
        agattr(g, AGRAPH, cs("K"), cs("1.4"));
        agattr(g, AGRAPH, cs("repulsiveforce"), cs("1.2"));
    } else {
        agattr(g, AGRAPH, cs("sep"), cs("+12")); // neato: stress majorization, its default
    }
    Agsym_t *width = agattr(g, AGNODE, cs("width"), cs("1"));
    Agsym_t *height = agattr(g, AGNODE, cs("height"), cs("1"));
    agattr(g, AGNODE, cs("shape"), cs("box"));
    agattr(g, AGNODE, cs("fixedsize"), cs("true"));
    agattr(g, AGNODE, cs("label"), cs(""));
    Agsym_t *pos = agattr(g, AGNODE, cs("pos"), cs(""));
    Agsym_t *pin = agattr(g, AGNODE, cs("pin"), cs("false"));

    std::vector<Agnode_t *> nodes;
    nodes.reserve(in.nodes.size());
    for (qsizetype i = 0; i < in.nodes.size(); ++i) {
        const auto &n = in.nodes[i];
        Agnode_t *node = agnode(g, QByteArray("n" + QByteArray::number(i)).data(), 1);
        agxset(node, width, inches(n.size.width()).data());
        agxset(node, height, inches(n.size.height()).data());
        if (pinPlaced && n.placed) {
            // Graphviz's y axis points up, the scene's down.
            QByteArray p = QByteArray::number(n.pos.x() / 72.0, 'f', 3) + ',' + QByteArray::number(-n.pos.y() / 72.0, 'f', 3);
            agxset(node, pos, p.data());
            agxset(node, pin, cs("true"));
        }
        nodes.push_back(node);
    }
    for (const auto &[tail, head] : in.edges)
        agedge(g, nodes[tail], nodes[head], nullptr, 1);

    const bool ok = gvLayout(gvc, g, engine.constData()) == 0;
    if (ok) {
        for (qsizetype i = 0; i < in.nodes.size(); ++i) {
            const pointf c = ND_coord(nodes[i]);
            out.insert(in.nodes[i].id, QPointF(c.x, -c.y));
        }
        gvFreeLayout(gvc, g);
    } else if (error) {
        *error = QStringLiteral("Graphviz %1 could not lay out the graph").arg(QString::fromLatin1(engine));
    }
    agclose(g);
    gvFreeContext(gvc);
    return ok;
}

// New nodes of a large graph go next to the nodes they are connected to, in a small spiral so they do not
// land on each other; the rest stays put.
void placeIncrementally(const LayoutInput &in, QHash<QString, QPointF> &out)
{
    QList<QList<int>> adjacent(in.nodes.size());
    for (const auto &[a, b] : in.edges) {
        adjacent[a] << b;
        adjacent[b] << a;
    }
    QRectF bounds;
    for (const auto &n : in.nodes)
        if (n.placed) {
            out.insert(n.id, n.pos);
            bounds |= QRectF(n.pos - QPointF(n.size.width() / 2, n.size.height() / 2), n.size);
        }
    int orphans = 0;
    QHash<QString, int> crowd; // how many new nodes were put around one neighbour so far
    for (qsizetype i = 0; i < in.nodes.size(); ++i) {
        const auto &n = in.nodes[i];
        if (n.placed)
            continue;
        QPointF sum;
        int count = 0;
        QString anchor;
        for (int j : adjacent[i])
            if (auto it = out.constFind(in.nodes[j].id); it != out.cend()) {
                sum += *it;
                ++count;
                if (anchor.isEmpty())
                    anchor = in.nodes[j].id;
            }
        if (count == 0) {
            // Nothing to be near: a row below everything else.
            out.insert(n.id, QPointF(bounds.left() + (orphans % 12) * 180.0, bounds.bottom() + 120.0 + (orphans / 12) * 120.0));
            ++orphans;
            continue;
        }
        const int k = crowd[anchor]++;
        const double angle = k * 2.39996; // the golden angle spreads points evenly
        const double radius = 140.0 + 26.0 * std::sqrt(double(k));
        out.insert(n.id, sum / count + QPointF(radius * std::cos(angle), radius * std::sin(angle)));
    }
}

// Turns and moves a fresh layout so the nodes that were already drawn end up as close as possible to where
// they were (2D Procrustes without scaling), so a full relayout reads as a small adjustment.
void alignTo(const LayoutInput &in, QHash<QString, QPointF> &fresh, bool allowRotation)
{
    QList<std::pair<QPointF, QPointF>> pairs; // old, new
    for (const auto &n : in.nodes)
        if (n.placed)
            if (auto it = fresh.constFind(n.id); it != fresh.cend())
                pairs.append({n.pos, *it});
    if (pairs.isEmpty())
        return;
    QPointF oldC, newC;
    for (const auto &[o, n] : pairs) {
        oldC += o;
        newC += n;
    }
    oldC /= pairs.size();
    newC /= pairs.size();
    double angle = 0;
    if (allowRotation && pairs.size() >= 3) {
        double sxx = 0, sxy = 0;
        for (const auto &[o, n] : pairs) {
            const QPointF a = n - newC, b = o - oldC;
            sxx += a.x() * b.x() + a.y() * b.y();
            sxy += a.x() * b.y() - a.y() * b.x();
        }
        angle = std::atan2(sxy, sxx);
    }
    const double c = std::cos(angle), s = std::sin(angle);
    for (auto it = fresh.begin(); it != fresh.end(); ++it) {
        const QPointF d = *it - newC;
        *it = oldC + QPointF(c * d.x() - s * d.y(), s * d.x() + c * d.y());
    }
}

// Nodes that were drawn go back exactly where they were; new ones that now overlap something are moved out
// along a spiral until they are clear. A grid of cells keeps each test local: near a hub of thousands of nodes
// a list of every rectangle would make this new x placed x steps.
void keepPlacedAndClear(const LayoutInput &in, QHash<QString, QPointF> &out)
{
    double cell = 1;
    for (const auto &n : in.nodes)
        cell = std::max({cell, n.size.width() + 12, n.size.height() + 12});
    auto rectAt = [](const LayoutInput::Node &n, QPointF c) {
        return QRectF(c.x() - n.size.width() / 2 - 6, c.y() - n.size.height() / 2 - 6, n.size.width() + 12, n.size.height() + 12);
    };
    auto cellOf = [cell](double v) { return qint64(std::floor(v / cell)); };
    QHash<std::pair<qint64, qint64>, QList<QRectF>> taken;
    auto take = [&](const QRectF &r) { taken[{cellOf(r.center().x()), cellOf(r.center().y())}] << r; };
    auto isClear = [&](const QRectF &r) {
        const qint64 cx = cellOf(r.center().x()), cy = cellOf(r.center().y());
        for (qint64 dx = -1; dx <= 1; ++dx)
            for (qint64 dy = -1; dy <= 1; ++dy)
                for (const QRectF &t : taken.value({cx + dx, cy + dy}))
                    if (t.intersects(r))
                        return false;
        return true;
    };
    for (const auto &n : in.nodes)
        if (n.placed) {
            out.insert(n.id, n.pos);
            take(rectAt(n, n.pos));
        }
    for (const auto &n : in.nodes) {
        if (n.placed)
            continue;
        const QPointF start = out.value(n.id);
        QPointF c = start;
        for (int k = 1; k < 400 && !isClear(rectAt(n, c)); ++k) {
            const double angle = k * 2.39996, radius = 24.0 * std::sqrt(double(k));
            c = start + QPointF(radius * std::cos(angle) * 1.8, radius * std::sin(angle));
        }
        out.insert(n.id, c);
        take(rectAt(n, c));
    }
}

// Spreads a dense layout to a sensible density, then pushes overlapping nodes apart along the axis where they
// overlap least, with a grid so each round is linear; what a few hundred rounds cannot free is spiralled out.
void removeOverlaps(const LayoutInput &in, QHash<QString, QPointF> &pos)
{
    const qsizetype n = in.nodes.size();
    if (n < 2)
        return;
    constexpr double gap = 10;
    std::vector<QPointF> p(n);
    std::vector<QSizeF> size(n);
    QRectF bounds;
    double area = 0, cell = 0;
    for (qsizetype i = 0; i < n; ++i) {
        p[i] = pos.value(in.nodes[i].id);
        size[i] = in.nodes[i].size + QSizeF(gap, gap);
        bounds |= QRectF(p[i], QSizeF(1, 1));
        area += size[i].width() * size[i].height();
        cell = std::max({cell, size[i].width(), size[i].height()});
    }
    // Nodes should cover about a third of the picture.
    const double spread = std::sqrt(area * 3.0 / std::max(1.0, bounds.width() * bounds.height()));
    if (spread > 1)
        for (QPointF &q : p)
            q = bounds.center() + (q - bounds.center()) * spread;

    auto overlap = [&](qsizetype a, qsizetype b, QPointF *push) {
        const QPointF d = p[b] - p[a];
        const double ox = (size[a].width() + size[b].width()) / 2 - std::abs(d.x());
        const double oy = (size[a].height() + size[b].height()) / 2 - std::abs(d.y());
        if (ox <= 0 || oy <= 0)
            return false;
        if (push)
            *push = ox < oy ? QPointF(d.x() < 0 ? -ox : ox, 0) : QPointF(0, d.y() < 0 ? -oy : oy);
        return true;
    };
    QHash<qint64, QList<qsizetype>> grid;
    auto key = [&](QPointF q) { return (qint64(std::floor(q.x() / cell)) << 32) ^ qint64(quint32(qint32(std::floor(q.y() / cell)))); };
    auto neighbours = [&](qsizetype i, auto &&f) {
        const qint64 cx = qint64(std::floor(p[i].x() / cell)), cy = qint64(std::floor(p[i].y() / cell));
        for (qint64 dx = -1; dx <= 1; ++dx)
            for (qint64 dy = -1; dy <= 1; ++dy)
                for (qsizetype j : grid.value(((cx + dx) << 32) ^ qint64(quint32(qint32(cy + dy)))))
                    if (j != i)
                        f(j);
    };
    // Rounds on a sorted cell index (no allocation per round); 60 untangle all but the densest spots.
    std::vector<std::pair<qint64, qsizetype>> cells(n);
    std::vector<QPointF> shift(n);
    auto cellNeighbours = [&](qsizetype i, auto &&f) {
        const qint64 cx = qint64(std::floor(p[i].x() / cell)), cy = qint64(std::floor(p[i].y() / cell));
        for (qint64 dx = -1; dx <= 1; ++dx)
            for (qint64 dy = -1; dy <= 1; ++dy) {
                const qint64 k = ((cx + dx) << 32) ^ qint64(quint32(qint32(cy + dy)));
                auto it = std::lower_bound(cells.cbegin(), cells.cend(), std::pair<qint64, qsizetype>(k, -1));
                for (; it != cells.cend() && it->first == k; ++it)
                    if (it->second != i)
                        f(it->second);
            }
    };
    for (int round = 0; round < 60; ++round) {
        for (qsizetype i = 0; i < n; ++i)
            cells[i] = {key(p[i]), i};
        std::sort(cells.begin(), cells.end());
        std::fill(shift.begin(), shift.end(), QPointF());
        int moved = 0;
        for (qsizetype i = 0; i < n; ++i)
            cellNeighbours(i, [&](qsizetype j) {
                QPointF push;
                if (j > i && overlap(i, j, &push)) {
                    shift[i] -= push * 0.5;
                    shift[j] += push * 0.5;
                    ++moved;
                }
            });
        if (moved == 0)
            break;
        for (qsizetype i = 0; i < n; ++i)
            p[i] += shift[i] * 1.05;
    }
    // What is still tangled (dense hubs) is placed one by one, spiralling out until it is clear of those
    // already placed: no overlap survives.
    grid.clear();
    for (qsizetype i = 0; i < n; ++i) {
        const QPointF start = p[i];
        for (int k = 1; k < 4000; ++k) {
            bool clear = true;
            neighbours(i, [&](qsizetype j) { clear = clear && !overlap(i, j, nullptr); });
            if (clear)
                break;
            const double angle = k * 2.39996, radius = 0.35 * cell * std::sqrt(double(k));
            p[i] = start + QPointF(radius * std::cos(angle), radius * std::sin(angle));
        }
        grid[key(p[i])] << i;
    }
    for (qsizetype i = 0; i < n; ++i)
        pos.insert(in.nodes[i].id, p[i]);
}

} // namespace

LayoutResult computeLayout(const LayoutInput &input)
{
    QElapsedTimer timer;
    timer.start();
    LayoutResult result;
    const qsizetype n = input.nodes.size();
    qsizetype placed = 0;
    for (const auto &node : input.nodes)
        placed += node.placed;
    const bool incremental = !input.forceFull && placed > 0 && placed < n && (n - placed) <= std::max<qsizetype>(3, qsizetype(n * incrementalShare));

    if (n == 0) {
        result.engine = QStringLiteral("none");
    } else if (!input.forceFull && placed == n) {
        for (const auto &node : input.nodes)
            result.positions.insert(node.id, node.pos);
        result.engine = QStringLiteral("unchanged");
    } else if (incremental && !input.hierarchy && n <= pinnedNeatoLimit) {
        result.engine = QStringLiteral("neato (pinned)");
        runGraphviz(input, "neato", true, result.positions, &result.error);
        alignTo(input, result.positions, false); // neato moves the whole picture; the pins say where it was
        keepPlacedAndClear(input, result.positions);  // and its overlap removal may still nudge pinned nodes
    } else if (incremental && !input.hierarchy) {
        result.engine = QStringLiteral("incremental");
        placeIncrementally(input, result.positions);
        keepPlacedAndClear(input, result.positions);
    } else {
        const bool dot = input.hierarchy ? n <= dotLimit * 4 : n <= flatDotLimit;
        const QByteArray engine = dot ? "dot" : n <= neatoLimit ? "neato" : "sfdp";
        result.engine = QString::fromLatin1(engine);
        if (runGraphviz(input, engine, false, result.positions, &result.error)) {
            if (!dot && n > prismLimit)
                removeOverlaps(input, result.positions);
            alignTo(input, result.positions, !dot);
        }
    }
    result.milliseconds = timer.elapsed();
    return result;
}

GraphLayouter::GraphLayouter(QObject *parent)
    : QObject(parent)
{
}

GraphLayouter::~GraphLayouter() = default;

void GraphLayouter::request(LayoutInput input)
{
    ++m_generation;
    m_pending = std::move(input);
    m_hasPending = true;
    if (!m_running)
        startNext();
}

void GraphLayouter::startNext()
{
    m_hasPending = false;
    m_running = true;
    const quint64 generation = m_generation;
    Q_EMIT started(int(m_pending.nodes.size()));
    auto *watcher = new QFutureWatcher<LayoutResult>(this);
    connect(watcher, &QFutureWatcher<LayoutResult>::finished, this, [this, watcher, generation] {
        const LayoutResult result = watcher->result();
        watcher->deleteLater();
        m_running = false;
        if (m_hasPending) {
            // A newer request came in while this one ran: its result would be stale on arrival.
            startNext();
            return;
        }
        if (generation == m_generation)
            Q_EMIT finished(result);
    });
    watcher->setFuture(QtConcurrent::run([input = std::move(m_pending)] { return computeLayout(input); }));
}

} // namespace nsviz
