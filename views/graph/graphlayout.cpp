#include "graphlayout.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMutex>
#include <QRectF>
#include <QPointer>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cmath>
#include <functional>

namespace nsviz {

namespace {

constexpr double clusterGap = 40; // between packed clusters
constexpr double siblingGap = 24; // between the children of one node in a row
constexpr double rowGap = 28;     // between rows of a node's wrapped children
constexpr double rankGap = 60;    // between a node and its children
constexpr int dotLimit = 60;      // a tangled cluster this small gets dot; layered reads best
constexpr int neatoLimit = 300;
// Graphviz's prism overlap removal costs three times the sfdp layout itself at 3,000 nodes (1 s + 3.5 s
// here); above this many nodes the overlaps are pushed apart by removeOverlaps() instead, in milliseconds.
constexpr int prismLimit = 1200;
constexpr double incrementalShare = 0.25; // up to this share of new nodes keeps the old picture

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

// One cluster laid out on its own: centres relative to its top left, and its size.
struct Local
{
    QList<std::pair<int, QPointF>> centres; // node index in the input, centre
    QSizeF size;
};

// The nodes that hang off the head alone (the host's own processes, when it is expanded); a node with edges
// elsewhere too (a host process holding a container's namespace) is not one of them.
QList<int> headLeaves(const LayoutInput &in)
{
    if (in.head < 0)
        return {};
    std::vector<char> elsewhere(static_cast<std::size_t>(in.nodes.size()), 0);
    for (const auto &[a, b] : in.edges)
        if (a != in.head && b != in.head && a != b)
            elsewhere[std::size_t(a)] = elsewhere[std::size_t(b)] = 1;
    QList<int> out;
    QSet<int> seen;
    for (const auto &[a, b] : in.edges)
        if (const int other = a == in.head ? b : b == in.head ? a : -1; other >= 0 && other != in.head && !elsewhere[std::size_t(other)]
            && !seen.contains(other)) {
            seen.insert(other);
            out.append(other);
        }
    return out;
}

// The connected clusters of the graph by its structural edges; the head belongs to none. *headBlock: the first
// cluster is what hangs off the head.
QList<QList<int>> clustersOf(const LayoutInput &in, bool *headBlock = nullptr)
{
    const qsizetype n = in.nodes.size();
    std::vector<int> parent(static_cast<std::size_t>(n));
    for (qsizetype i = 0; i < n; ++i)
        parent[std::size_t(i)] = int(i);
    std::function<int(int)> find = [&](int x) {
        while (parent[std::size_t(x)] != x)
            x = parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])];
        return x;
    };
    for (const auto &[a, b] : in.edges)
        if (a != in.head && b != in.head)
            parent[std::size_t(find(a))] = find(b);
    // What hangs off the head alone is one cluster, just under it.
    const QList<int> leaves = headLeaves(in);
    for (int leaf : leaves)
        parent[std::size_t(find(leaf))] = find(leaves.first());
    const int underHead = leaves.isEmpty() ? -1 : leaves.first();
    QHash<int, int> index;
    QList<QList<int>> out;
    for (int i = 0; i < int(n); ++i) {
        if (i == in.head)
            continue;
        const int root = find(i);
        auto it = index.find(root);
        if (it == index.end()) {
            it = index.insert(root, int(out.size()));
            out.append(QList<int>());
        }
        out[*it].append(i);
    }
    // The head's cluster first: the packing keeps the order of equals.
    if (headBlock)
        *headBlock = underHead >= 0;
    if (underHead >= 0)
        for (qsizetype c = 0; c < out.size(); ++c)
            if (out[c].contains(underHead)) {
                out.move(c, 0);
                break;
            }
    return out;
}

bool runGraphviz(const LayoutInput &in, const QByteArray &engine, QHash<QString, QPointF> &out, QString *error)
{
    QMutexLocker lock(&graphvizMutex());
    GVC_t *gvc = gvContext();
    Agraph_t *g = agopen(cs("nsviz"), Agdirected, nullptr);
    agattr(g, AGRAPH, cs("overlap"), cs(engine == "dot" ? "true" : in.nodes.size() > prismLimit ? "prism0" : "prism"));
    agattr(g, AGRAPH, cs("splines"), cs("false"));
    agattr(g, AGRAPH, cs("outputorder"), cs("edgesfirst"));
    if (engine == "dot") {
        agattr(g, AGRAPH, cs("nodesep"), cs("0.35"));
        agattr(g, AGRAPH, cs("ranksep"), cs("0.8"));
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

    std::vector<Agnode_t *> nodes;
    nodes.reserve(std::size_t(in.nodes.size()));
    for (qsizetype i = 0; i < in.nodes.size(); ++i) {
        const auto &n = in.nodes[i];
        Agnode_t *node = agnode(g, QByteArray("n" + QByteArray::number(i)).data(), 1);
        agxset(node, width, inches(n.size.width()).data());
        agxset(node, height, inches(n.size.height()).data());
        nodes.push_back(node);
    }
    for (const auto &[tail, head] : in.edges)
        agedge(g, nodes[std::size_t(tail)], nodes[std::size_t(head)], nullptr, 1);

    const bool ok = gvLayout(gvc, g, engine.constData()) == 0;
    if (ok) {
        for (qsizetype i = 0; i < in.nodes.size(); ++i) {
            const pointf c = ND_coord(nodes[std::size_t(i)]);
            out.insert(in.nodes[i].id, QPointF(c.x, -c.y)); // Graphviz's y axis points up, the scene's down
        }
        gvFreeLayout(gvc, g);
    } else if (error) {
        *error = QStringLiteral("Graphviz %1 could not lay out the graph").arg(QString::fromLatin1(engine));
    }
    agclose(g);
    gvFreeContext(gvc);
    return ok;
}

// Spreads a dense layout to a sensible density, then pushes overlapping nodes apart along the axis where they
// overlap least, with a grid so each round is linear; what a few dozen rounds cannot free is spiralled out.
void removeOverlaps(const LayoutInput &in, QHash<QString, QPointF> &pos)
{
    const qsizetype n = in.nodes.size();
    if (n < 2)
        return;
    constexpr double gap = 10;
    std::vector<QPointF> p(static_cast<std::size_t>(n));
    std::vector<QSizeF> size(static_cast<std::size_t>(n));
    QRectF bounds;
    double area = 0, cell = 0;
    for (qsizetype i = 0; i < n; ++i) {
        p[std::size_t(i)] = pos.value(in.nodes[i].id);
        size[std::size_t(i)] = in.nodes[i].size + QSizeF(gap, gap);
        bounds |= QRectF(p[std::size_t(i)], QSizeF(1, 1));
        area += size[std::size_t(i)].width() * size[std::size_t(i)].height();
        cell = std::max({cell, size[std::size_t(i)].width(), size[std::size_t(i)].height()});
    }
    // Nodes should cover about a third of the picture.
    const double spread = std::sqrt(area * 3.0 / std::max(1.0, bounds.width() * bounds.height()));
    if (spread > 1)
        for (QPointF &q : p)
            q = bounds.center() + (q - bounds.center()) * spread;

    auto overlap = [&](std::size_t a, std::size_t b, QPointF *push) {
        const QPointF d = p[b] - p[a];
        const double ox = (size[a].width() + size[b].width()) / 2 - std::abs(d.x());
        const double oy = (size[a].height() + size[b].height()) / 2 - std::abs(d.y());
        if (ox <= 0 || oy <= 0)
            return false;
        if (push)
            *push = ox < oy ? QPointF(d.x() < 0 ? -ox : ox, 0) : QPointF(0, d.y() < 0 ? -oy : oy);
        return true;
    };
    auto key = [&](QPointF q) { return (qint64(std::floor(q.x() / cell)) << 32) ^ qint64(quint32(qint32(std::floor(q.y() / cell)))); };
    std::vector<std::pair<qint64, std::size_t>> cells(static_cast<std::size_t>(n));
    std::vector<QPointF> shift(static_cast<std::size_t>(n));
    auto cellNeighbours = [&](std::size_t i, auto &&f) {
        const qint64 cx = qint64(std::floor(p[i].x() / cell)), cy = qint64(std::floor(p[i].y() / cell));
        for (qint64 dx = -1; dx <= 1; ++dx)
            for (qint64 dy = -1; dy <= 1; ++dy) {
                const qint64 k = ((cx + dx) << 32) ^ qint64(quint32(qint32(cy + dy)));
                auto it = std::lower_bound(cells.cbegin(), cells.cend(), std::pair<qint64, std::size_t>(k, 0));
                for (; it != cells.cend() && it->first == k; ++it)
                    if (it->second != i)
                        f(it->second);
            }
    };
    for (int round = 0; round < 60; ++round) {
        for (std::size_t i = 0; i < std::size_t(n); ++i)
            cells[i] = {key(p[i]), i};
        std::sort(cells.begin(), cells.end());
        std::fill(shift.begin(), shift.end(), QPointF());
        int moved = 0;
        for (std::size_t i = 0; i < std::size_t(n); ++i)
            cellNeighbours(i, [&](std::size_t j) {
                QPointF push;
                if (j > i && overlap(i, j, &push)) {
                    shift[i] -= push * 0.5;
                    shift[j] += push * 0.5;
                    ++moved;
                }
            });
        if (moved == 0)
            break;
        for (std::size_t i = 0; i < std::size_t(n); ++i)
            p[i] += shift[i] * 1.05;
    }
    // What is still tangled is placed one by one, spiralling out until it is clear of those already placed.
    QHash<qint64, QList<std::size_t>> grid;
    auto placedNeighbours = [&](std::size_t i, auto &&f) {
        const qint64 cx = qint64(std::floor(p[i].x() / cell)), cy = qint64(std::floor(p[i].y() / cell));
        for (qint64 dx = -1; dx <= 1; ++dx)
            for (qint64 dy = -1; dy <= 1; ++dy)
                for (std::size_t j : grid.value(((cx + dx) << 32) ^ qint64(quint32(qint32(cy + dy)))))
                    f(j);
    };
    for (std::size_t i = 0; i < std::size_t(n); ++i) {
        const QPointF start = p[i];
        for (int k = 1; k < 4000; ++k) {
            bool clear = true;
            placedNeighbours(i, [&](std::size_t j) { clear = clear && !overlap(i, j, nullptr); });
            if (clear)
                break;
            const double angle = k * 2.39996, radius = 0.35 * cell * std::sqrt(double(k));
            p[i] = start + QPointF(radius * std::cos(angle), radius * std::sin(angle));
        }
        grid[key(p[i])] << i;
    }
    for (qsizetype i = 0; i < n; ++i)
        pos.insert(in.nodes[i].id, p[std::size_t(i)]);
}

// Sorted children of each node in a tree spanning the cluster from root (undirected, the first path wins).
QList<QList<int>> spanningChildren(const LayoutInput &in, const QList<int> &members, int root,
                                   const QHash<int, QList<int>> &adjacent)
{
    QList<QList<int>> children(in.nodes.size());
    QSet<int> seen{root};
    QList<int> queue{root};
    for (qsizetype q = 0; q < queue.size(); ++q)
        for (int c : adjacent.value(queue[q]))
            if (!seen.contains(c)) {
                seen.insert(c);
                children[queue[q]].append(c);
                queue.append(c);
            }
    for (int m : members)
        std::sort(children[m].begin(), children[m].end(), [&](int a, int b) {
            return std::tie(in.nodes[a].sortKey, in.nodes[a].id) < std::tie(in.nodes[b].sortKey, in.nodes[b].id);
        });
    return children;
}

// A tree top-down: each node centred above its children; children side by side, wrapped into rows when
// there are many, so a namespace with 400 children is a block below it rather than a strip 40,000 points wide.
Local layoutTree(const LayoutInput &in, int root, const QList<QList<int>> &children, double aspect)
{
    std::function<Local(int)> place = [&](int v) -> Local {
        const QSizeF own = in.nodes[v].size;
        Local out;
        if (children[v].isEmpty()) {
            out.centres.append({v, QPointF(own.width() / 2, own.height() / 2)});
            out.size = own;
            return out;
        }
        QList<Local> subs;
        double area = 0, widest = 0, total = 0;
        for (int c : children[v]) {
            subs.append(place(c));
            const QSizeF s = subs.last().size;
            area += (s.width() + siblingGap) * (s.height() + rowGap);
            widest = std::max(widest, s.width());
            total += s.width() + siblingGap;
        }
        // A few children in one row; many wrapped to rows about as wide as the page's aspect wants the block.
        const double rowWidth = subs.size() <= 4
            ? total
            : std::max({widest, std::sqrt(area * aspect), own.width(), std::min(total, 4 * (widest + siblingGap))});
        struct Slot { double x, y; int row; };
        QList<Slot> slots;
        QList<double> rowWidths;
        double x = 0, y = 0, rowHeight = 0;
        for (const Local &s : std::as_const(subs)) {
            if (x > 0 && x + s.size.width() > rowWidth + 0.5) {
                rowWidths.append(x - siblingGap);
                y += rowHeight + rowGap;
                x = rowHeight = 0;
            }
            slots.append({x, y, int(rowWidths.size())});
            x += s.size.width() + siblingGap;
            rowHeight = std::max(rowHeight, s.size.height());
        }
        rowWidths.append(x - siblingGap);
        const double blockWidth = *std::max_element(rowWidths.cbegin(), rowWidths.cend());
        const double width = std::max(own.width(), blockWidth);
        out.size = QSizeF(width, own.height() + rankGap + y + rowHeight);
        out.centres.append({v, QPointF(width / 2, own.height() / 2)});
        for (qsizetype i = 0; i < subs.size(); ++i) {
            const QPointF offset((width - rowWidths[slots[i].row]) / 2 + slots[i].x, own.height() + rankGap + slots[i].y);
            for (const auto &[node, centre] : std::as_const(subs[i].centres))
                out.centres.append({node, centre + offset});
        }
        return out;
    };
    return place(root);
}

QList<QPointF> packSkyline(const QList<QSizeF> &sizes, double width, double gap);

// One cluster on its own.
Local layoutCluster(const LayoutInput &in, const QList<int> &members, double aspect, QString *error)
{
    Local out;
    if (members.size() == 1) {
        const QSizeF s = in.nodes[members.first()].size;
        out.centres.append({members.first(), QPointF(s.width() / 2, s.height() / 2)});
        out.size = s;
        return out;
    }
    const QSet<int> inCluster(members.cbegin(), members.cend());
    QHash<int, QList<int>> adjacent;
    QHash<int, int> incoming;
    QSet<std::pair<int, int>> pairs;
    QList<std::pair<int, int>> directed; // each pair once, tail above head as given
    for (const auto &[a, b] : in.edges) {
        if (!inCluster.contains(a) || !inCluster.contains(b) || a == b || pairs.contains({std::min(a, b), std::max(a, b)}))
            continue;
        pairs.insert({std::min(a, b), std::max(a, b)});
        directed.append({a, b});
        adjacent[a].append(b);
        adjacent[b].append(a);
        ++incoming[b];
    }
    if (directed.isEmpty()) {
        // Nodes joined only through the head (its processes): a block of them, in name order.
        QList<int> order = members;
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            return std::tie(in.nodes[a].sortKey, in.nodes[a].id) < std::tie(in.nodes[b].sortKey, in.nodes[b].id);
        });
        QList<QSizeF> sizes;
        double area = 0, widest = 0;
        for (int m : std::as_const(order)) {
            sizes << in.nodes[m].size;
            area += (in.nodes[m].size.width() + siblingGap) * (in.nodes[m].size.height() + rowGap);
            widest = std::max(widest, in.nodes[m].size.width());
        }
        const QList<QPointF> at = packSkyline(sizes, std::max(widest, std::sqrt(area * aspect)), siblingGap);
        QRectF bounds;
        for (qsizetype i = 0; i < order.size(); ++i) {
            out.centres.append({order[i], at[i] + QPointF(sizes[i].width() / 2, sizes[i].height() / 2)});
            bounds |= QRectF(at[i], sizes[i]);
        }
        out.size = bounds.size();
        return out;
    }
    if (in.hierarchy || directed.size() == members.size() - 1) {
        // A tree: from the node nothing ranks above, the best connected one first.
        int root = -1;
        for (int m : members)
            if (!incoming.value(m) && (root < 0 || adjacent.value(m).size() > adjacent.value(root).size()))
                root = m;
        if (root < 0)
            root = members.first();
        const QList<QList<int>> children = spanningChildren(in, members, root, adjacent);
        out = layoutTree(in, root, children, aspect);
        if (out.centres.size() == members.size())
            return out;
        // A forest in the hierarchy (by its tree edges one cluster is one tree, so this is a safety net): pack.
    }
    // Tangled: Graphviz, then moved so the top left is at the origin.
    LayoutInput sub;
    QHash<int, int> index;
    for (int m : members) {
        index.insert(m, int(sub.nodes.size()));
        sub.nodes.append(in.nodes[m]);
    }
    for (const auto &[a, b] : std::as_const(directed))
        sub.edges.append({index[a], index[b]});
    QHash<QString, QPointF> pos;
    const qsizetype n = sub.nodes.size();
    const QByteArray engine = n <= dotLimit ? "dot" : n <= neatoLimit ? "neato" : "sfdp";
    if (!runGraphviz(sub, engine, pos, error))
        for (qsizetype i = 0; i < n; ++i)
            pos.insert(sub.nodes[i].id, QPointF((i % 10) * 260.0, (i / 10) * 140.0)); // still something to see
    else if (engine == "sfdp" && n > prismLimit)
        removeOverlaps(sub, pos);
    QRectF bounds;
    for (const auto &node : std::as_const(sub.nodes)) {
        const QPointF c = pos.value(node.id);
        bounds |= QRectF(c - QPointF(node.size.width() / 2, node.size.height() / 2), node.size);
    }
    out.centres.clear();
    for (int m : members)
        out.centres.append({m, pos.value(in.nodes[m].id) - bounds.topLeft()});
    out.size = bounds.size();
    return out;
}

// Bottom-left skyline packing: each box goes to the lowest place (then the leftmost) where it fits within
// width; a box wider than that starts a row of its own. Returns the top left of each box.
QList<QPointF> packSkyline(const QList<QSizeF> &sizes, double width, double gap)
{
    struct Segment { double x, w, y; };
    QList<Segment> sky{{0, 1e15, 0}};
    QList<QPointF> out;
    out.reserve(sizes.size());
    for (const QSizeF &size : sizes) {
        const double w = size.width() + gap, h = size.height() + gap;
        double bestY = 1e300, bestX = 0;
        for (qsizetype i = 0; i < sky.size(); ++i) {
            const double x = sky[i].x;
            if (x > 0 && x + w > width + gap + 0.5)
                break; // segments are in x order: none further right fits either
            double y = 0;
            for (qsizetype j = i; j < sky.size() && sky[j].x < x + w - 1e-9; ++j)
                y = std::max(y, sky[j].y);
            if (y < bestY - 1e-9) {
                bestY = y;
                bestX = x;
            }
        }
        out.append(QPointF(bestX, bestY));
        // The skyline over [bestX, bestX + w) is now bestY + h.
        const double right = bestX + w;
        QList<Segment> next;
        next.reserve(sky.size() + 2);
        for (const Segment &s : std::as_const(sky)) {
            const double sRight = s.x + s.w;
            if (sRight <= bestX + 1e-9 || s.x >= right - 1e-9) {
                next.append(s);
                continue;
            }
            if (s.x < bestX)
                next.append({s.x, bestX - s.x, s.y});
            if (next.isEmpty() || next.last().x + next.last().w <= bestX + 1e-9)
                next.append({bestX, w, bestY + h});
            if (sRight > right)
                next.append({right, sRight - right, s.y});
        }
        // Neighbours at the same height are one segment.
        sky.clear();
        for (const Segment &s : std::as_const(next)) {
            if (!sky.isEmpty() && std::abs(sky.last().y - s.y) < 1e-9)
                sky.last().w += s.w;
            else
                sky.append(s);
        }
    }
    return out;
}

// Clusters in packing order: the bigger (several nodes) first, largest first; single nodes by name.
// headFirst: clustersOf() put what hangs off the head first.
QList<int> packingOrder(const LayoutInput &in, const QList<QList<int>> &clusters, const QList<Local> &locals, bool headFirst)
{
    QList<int> order;
    for (int i = 0; i < clusters.size(); ++i)
        order.append(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if ((a == 0 || b == 0) && headFirst)
            return a == 0 && b != 0; // what hangs off the head comes first, right under it
        const bool singleA = clusters[a].size() == 1, singleB = clusters[b].size() == 1;
        if (singleA != singleB)
            return singleB;
        if (!singleA) {
            const double areaA = locals[a].size.width() * locals[a].size.height();
            const double areaB = locals[b].size.width() * locals[b].size.height();
            if (areaA != areaB)
                return areaA > areaB;
        }
        const auto &na = in.nodes[clusters[a].first()], &nb = in.nodes[clusters[b].first()];
        return std::tie(na.sortKey, na.id) < std::tie(nb.sortKey, nb.id);
    });
    return order;
}

// The full layout: every cluster on its own, then packed to the aspect (or the width) under the head.
void layoutFull(const LayoutInput &in, LayoutResult &result)
{
    bool headBlock = false;
    const QList<QList<int>> clusters = clustersOf(in, &headBlock);
    QList<Local> locals;
    locals.reserve(clusters.size());
    for (const QList<int> &c : clusters)
        locals.append(layoutCluster(in, c, in.aspect, &result.error));
    const QList<int> order = packingOrder(in, clusters, locals, headBlock);
    QList<QSizeF> sizes;
    double area = 0, widest = 0;
    for (int c : order) {
        sizes.append(locals[c].size);
        area += (locals[c].size.width() + clusterGap) * (locals[c].size.height() + clusterGap);
        widest = std::max(widest, locals[c].size.width());
    }
    const QSizeF head = in.head >= 0 ? in.nodes[in.head].size : QSizeF();
    const double top = in.head >= 0 ? head.height() + clusterGap : 0;
    const double aspect = std::max(0.05, in.aspect);
    QList<QPointF> at;
    if (in.width > 0) {
        at = packSkyline(sizes, std::max(in.width, widest), clusterGap);
    } else if (!sizes.isEmpty()) {
        // Packing leaves gaps and clusters come in lumps, so no formula gives the width for an aspect: widths
        // from the widest cluster to all in one row are tried, and the one whose picture comes closest wins.
        double total = 0;
        for (const QSizeF &size : std::as_const(sizes))
            total += size.width() + clusterGap;
        const double lo = std::max({widest, head.width(), 1.0}), hi = std::max(lo, total);
        double bestError = 1e300;
        constexpr int tries = 32;
        for (int k = 0; k <= tries; ++k) {
            const double width = lo * std::pow(hi / lo, double(k) / tries);
            const QList<QPointF> tried = packSkyline(sizes, width, clusterGap);
            double w = head.width(), h = 0;
            for (qsizetype i = 0; i < tried.size(); ++i) {
                w = std::max(w, tried[i].x() + sizes[i].width());
                h = std::max(h, tried[i].y() + sizes[i].height());
            }
            // Off by a factor either way counts the same; among equals, the smaller picture.
            const double error = std::abs(std::log((w / std::max(1.0, top + h)) / aspect)) + 1e-9 * w * (top + h) / area;
            if (error < bestError) {
                bestError = error;
                at = tried;
            }
            if (hi / lo < 1.0001)
                break;
        }
    }
    if (in.head >= 0)
        result.positions.insert(in.nodes[in.head].id, QPointF(head.width() / 2, head.height() / 2));
    for (qsizetype i = 0; i < order.size(); ++i)
        for (const auto &[node, centre] : std::as_const(locals[order[i]].centres))
            result.positions.insert(in.nodes[node].id, centre + at[i] + QPointF(0, top));
}

// Rectangles already taken, in a grid of cells so that a test looks at what is near only.
class Occupancy
{
public:
    explicit Occupancy(double cell) : m_cell(cell) {}
    void take(const QRectF &r)
    {
        forCells(r, [&](qint64 k) { m_cells[k].append(r); });
        m_bounds |= r;
    }
    bool isFree(const QRectF &r) const
    {
        bool free = true;
        forCells(r, [&](qint64 k) {
            if (free)
                for (const QRectF &t : m_cells.value(k))
                    if (t.intersects(r)) {
                        free = false;
                        break;
                    }
        });
        return free;
    }
    QRectF bounds() const { return m_bounds; }

private:
    template<typename F>
    void forCells(const QRectF &r, F &&f) const
    {
        const qint64 x0 = qint64(std::floor(r.left() / m_cell)), x1 = qint64(std::floor(r.right() / m_cell));
        const qint64 y0 = qint64(std::floor(r.top() / m_cell)), y1 = qint64(std::floor(r.bottom() / m_cell));
        for (qint64 x = x0; x <= x1; ++x)
            for (qint64 y = y0; y <= y1; ++y)
                f((x << 32) ^ qint64(quint32(qint32(y))));
    }
    double m_cell;
    QHash<qint64, QList<QRectF>> m_cells;
    QRectF m_bounds;
};

// Keeps every placed node where it is. A new node of a cluster that is partly drawn goes next to its drawn
// neighbours, out of everyone's way; a new cluster is laid out on its own and takes the first free place in
// reading order (a hole left by one that went, the end of the last row, or a new row below).
void layoutIncrementally(const LayoutInput &in, LayoutResult &result)
{
    const QList<QList<int>> clusters = clustersOf(in);
    double cell = 64;
    for (const auto &n : in.nodes)
        cell = std::max({cell, n.size.width(), n.size.height()});
    Occupancy taken(cell);
    auto rectAt = [&](int i, QPointF centre, double margin) {
        const QSizeF s = in.nodes[i].size;
        return QRectF(centre.x() - s.width() / 2 - margin, centre.y() - s.height() / 2 - margin, s.width() + 2 * margin,
                      s.height() + 2 * margin);
    };
    for (int i = 0; i < int(in.nodes.size()); ++i)
        if (in.nodes[i].placed) {
            result.positions.insert(in.nodes[i].id, in.nodes[i].pos);
            taken.take(rectAt(i, in.nodes[i].pos, clusterGap / 2));
        }
    const QRectF drawn = taken.bounds();
    double contentTop = drawn.top();
    if (in.head >= 0) {
        const auto &h = in.nodes[in.head];
        if (!h.placed) {
            // The head comes first: above what is there.
            const QPointF c(drawn.left() + clusterGap / 2 + h.size.width() / 2, drawn.top() - h.size.height() / 2 - clusterGap);
            result.positions.insert(h.id, c);
            taken.take(rectAt(in.head, c, clusterGap / 2));
        }
        contentTop = result.positions.value(h.id).y() + h.size.height() / 2 + clusterGap / 2;
    }
    const double left = taken.bounds().left() + clusterGap / 2;
    const double width = std::max(taken.bounds().width() - clusterGap, 400.0);
    // Cards that grew first, each where it was if it still has room there: a newcomer placed before them could
    // take the place they just left.
    for (int i = 0; i < int(in.nodes.size()); ++i)
        if (const auto &node = in.nodes[i]; node.hint && !node.placed && i != in.head && taken.isFree(rectAt(i, node.pos, clusterGap / 4))) {
            result.positions.insert(node.id, node.pos);
            taken.take(rectAt(i, node.pos, clusterGap / 4));
        }

    QHash<QString, int> indexOf;
    for (int i = 0; i < int(in.nodes.size()); ++i)
        indexOf.insert(in.nodes[i].id, i);
    // The free place for node i nearest to a point: beside, above or below something drawn, or below it all.
    auto nearestFree = [&](int i, QPointF near) {
        const QSizeF size = in.nodes[i].size;
        QList<QPointF> candidates{QPointF(near.x(), taken.bounds().bottom() + clusterGap / 2 + size.height() / 2)};
        for (auto it = result.positions.cbegin(); it != result.positions.cend(); ++it) {
            const int j = indexOf.value(it.key(), -1);
            if (j < 0)
                continue;
            const QSizeF other = in.nodes[j].size;
            const double dx = (other.width() + size.width()) / 2 + clusterGap / 2, dy = (other.height() + size.height()) / 2 + clusterGap / 2;
            candidates << *it + QPointF(dx, 0) << *it - QPointF(dx, 0) << *it + QPointF(0, dy) << *it - QPointF(0, dy);
        }
        const auto distance = [&](const QPointF &p) { return QPointF::dotProduct(p - near, p - near); }; // squared: no hypot()
        std::sort(candidates.begin(), candidates.end(), [&](const QPointF &a, const QPointF &b) { return distance(a) < distance(b); });
        for (const QPointF &c : std::as_const(candidates))
            if (c.y() - size.height() / 2 >= contentTop && taken.isFree(rectAt(i, c, clusterGap / 4)))
                return c;
        return candidates.first();
    };

    QList<int> newcomers; // nodes of partly drawn clusters
    QList<int> fresh;     // clusters with nothing drawn yet
    for (int c = 0; c < clusters.size(); ++c) {
        int placed = 0;
        for (int m : clusters[c])
            placed += in.nodes[m].placed;
        if (placed == 0)
            fresh.append(c);
        else
            for (int m : clusters[c])
                if (!in.nodes[m].placed)
                    newcomers.append(m);
    }

    if (!newcomers.isEmpty()) {
        QHash<int, QList<int>> adjacent;
        for (const auto &[a, b] : in.edges) {
            adjacent[a].append(b);
            adjacent[b].append(a);
        }
        // Breadth first from what is drawn, so each newcomer has a placed neighbour when its turn comes.
        QList<int> pending = newcomers;
        QHash<int, int> crowd; // how many newcomers went around one neighbour so far
        for (int pass = 0; pass < 64 && !pending.isEmpty(); ++pass) {
            QList<int> later;
            for (int i : std::as_const(pending)) {
                QPointF sum;
                int count = 0, anchor = -1;
                for (int j : adjacent.value(i))
                    if (const auto it = result.positions.constFind(in.nodes[j].id); it != result.positions.cend()) {
                        sum += *it;
                        ++count;
                        if (anchor < 0)
                            anchor = j;
                    }
                if (result.positions.contains(in.nodes[i].id))
                    continue; // it grew, but still had room where it was
                if (count == 0) {
                    later.append(i);
                    continue;
                }
                // Below its neighbours, spiralling out a little until it is clear; where they are crowded (a
                // node with hundreds of children), the free place nearest to them.
                const QPointF start = sum / count + QPointF(0, in.nodes[anchor].size.height() / 2 + rankGap + in.nodes[i].size.height() / 2);
                QPointF c = start;
                int k = 1 + crowd[anchor]++;
                for (const int last = k + 200; k < last && !taken.isFree(rectAt(i, c, clusterGap / 4)); ++k) {
                    const double angle = k * 2.39996, radius = 40.0 * std::sqrt(double(k));
                    c = start + QPointF(radius * std::cos(angle) * 1.6, std::abs(radius * std::sin(angle)));
                }
                if (!taken.isFree(rectAt(i, c, clusterGap / 4)))
                    c = nearestFree(i, start);
                result.positions.insert(in.nodes[i].id, c);
                taken.take(rectAt(i, c, clusterGap / 4));
            }
            if (later.size() == pending.size())
                break;
            pending = later;
        }
        for (int i : std::as_const(pending)) // nothing drawn to be near: treated as a cluster of its own below
            fresh.append(-1 - i);
    }

    for (int c : std::as_const(fresh)) {
        QList<int> members = c >= 0 ? clusters[c] : QList<int>{-1 - c};
        members.removeIf([&](int i) { return result.positions.contains(in.nodes[i].id); }); // grown, kept in place
        if (members.isEmpty())
            continue;
        const Local local = layoutCluster(in, members, in.aspect, &result.error);
        const QSizeF box = local.size;
        // Candidates: right of a rectangle, below one, and the start of a new row; the first free one in
        // reading order (top to bottom, then left to right) wins.
        QList<QPointF> candidates{QPointF(left, contentTop)};
        const QRectF all = taken.bounds();
        for (int i = 0; i < int(in.nodes.size()); ++i) {
            const auto it = result.positions.constFind(in.nodes[i].id);
            if (it == result.positions.cend() || i == in.head)
                continue;
            const QRectF r = rectAt(i, *it, clusterGap / 2);
            candidates << QPointF(r.right() + clusterGap / 2, r.top() + clusterGap / 2) << QPointF(r.left() + clusterGap / 2, r.bottom() + clusterGap / 2);
        }
        std::sort(candidates.begin(), candidates.end(), [](const QPointF &a, const QPointF &b) {
            return a.y() < b.y() || (a.y() == b.y() && a.x() < b.x());
        });
        QPointF at(left, std::max(all.bottom(), contentTop) + clusterGap / 2);
        for (const QPointF &p : std::as_const(candidates)) {
            if (p.y() < contentTop || (p.x() > left + 1 && p.x() + box.width() > left + width))
                continue;
            if (taken.isFree(QRectF(p - QPointF(clusterGap / 2, clusterGap / 2), box + QSizeF(clusterGap, clusterGap)))) {
                at = p;
                break;
            }
        }
        for (const auto &[node, centre] : local.centres) {
            result.positions.insert(in.nodes[node].id, centre + at);
            taken.take(rectAt(node, centre + at, clusterGap / 2));
        }
    }
}

// The nodes' share of the area of the rectangle around them.
double densityOf(const LayoutInput &in, const QHash<QString, QPointF> &positions, bool placedOnly)
{
    QRectF bounds;
    double area = 0;
    for (const auto &n : in.nodes) {
        if (placedOnly && !n.placed)
            continue;
        const QPointF c = placedOnly ? n.pos : positions.value(n.id);
        bounds |= QRectF(c - QPointF(n.size.width() / 2, n.size.height() / 2), n.size);
        area += n.size.width() * n.size.height();
    }
    return bounds.isEmpty() ? 0 : area / (bounds.width() * bounds.height());
}

} // namespace

QString naturalSortKey(const QString &title)
{
    QString out;
    out.reserve(title.size() + 16);
    for (qsizetype i = 0; i < title.size();) {
        if (title.at(i).isDigit()) {
            qsizetype j = i;
            while (j < title.size() && title.at(j).isDigit())
                ++j;
            QStringView digits = QStringView(title).mid(i, j - i);
            while (digits.size() > 1 && digits.front() == QLatin1Char('0'))
                digits = digits.mid(1);
            // Its length first: a longer number is a bigger one, however long.
            out += QString::number(std::min<qsizetype>(digits.size(), 99)).rightJustified(2, QLatin1Char('0')) + digits;
            i = j;
        } else {
            out += title.at(i).toLower();
            ++i;
        }
    }
    return out;
}

LayoutResult computeLayout(const LayoutInput &given)
{
    QElapsedTimer timer;
    timer.start();
    LayoutInput prepared;
    if (given.prepare) {
        prepared = given;
        std::exchange(prepared.prepare, {})(prepared);
    }
    const LayoutInput &input = given.prepare ? prepared : given;
    LayoutResult result;
    const qsizetype n = input.nodes.size();
    qsizetype placed = 0;
    for (const auto &node : input.nodes)
        placed += node.placed;
    // So many went that what is left is scattered over the old picture: pack it again.
    const bool sparse = input.repackBelow > 0 && placed > 0 && densityOf(input, {}, true) < input.repackBelow;
    // The host opened: what hangs off it goes right under it, which only a packing from the top does.
    bool headOpened = false;
    if (const QList<int> leaves = headLeaves(input); !leaves.isEmpty())
        headOpened = std::none_of(leaves.cbegin(), leaves.cend(), [&](int i) { return input.nodes[i].placed; });
    const bool incremental = !input.forceFull && !sparse && !headOpened && placed > 0 && placed < n
        && (n - placed) <= std::max<qsizetype>(3, qsizetype(n * incrementalShare));

    if (n == 0) {
        result.engine = QStringLiteral("none");
    } else if (!input.forceFull && !sparse && placed == n) {
        for (const auto &node : input.nodes)
            result.positions.insert(node.id, node.pos);
        result.engine = QStringLiteral("unchanged");
    } else if (incremental) {
        result.engine = QStringLiteral("incremental");
        layoutIncrementally(input, result);
    } else {
        result.engine = QStringLiteral("packed");
        layoutFull(input, result);
    }
    result.density = densityOf(input, result.positions, false);
    result.aspect = input.aspect;
    for (int i = 0; i < int(n); ++i) {
        const auto &node = input.nodes[i];
        const auto it = result.positions.constFind(node.id);
        if (it == result.positions.cend())
            continue;
        if (!node.placed || node.hint || *it != node.pos)
            result.changed.append(node.id);
        if (i != input.head)
            result.restBounds |= QRectF(*it - QPointF(node.size.width(), node.size.height()) / 2, node.size);
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
