#include "nodeitem.h"

#include "graph/graphscene.h"
#include "itemmodels/displaytext.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace nsviz {

NodeItem::NodeItem(GraphScene *scene, const GraphNode &node)
    : m_scene(scene)
    , m_node(node)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(node.kind == GraphNodeKind::Process || node.kind == GraphNodeKind::More ? 2 : 1);
    updateGeometry();
    updateToolTip();
}

NodeItem::~NodeItem() = default;

void NodeItem::setNode(const GraphNode &node)
{
    m_node = node;
    updateGeometry();
    updateToolTip();
    update();
}

void NodeItem::setHighlightState(bool lit, bool dimmed)
{
    // Hovering a node dims every other one: as item opacity that costs a blit each, where repainting thousands
    // of cached nodes took 30-80 ms a hover at 2,000 nodes.
    if (const double opacity = dimmed ? DimmedOpacity : 1.0; opacity != this->opacity())
        setOpacity(opacity);
    if (lit != m_lit) {
        m_lit = lit;
        update(); // the border colour changes
    }
}

void NodeItem::updateGeometry()
{
    const QSizeF size = m_scene->nodePainter().size(m_node);
    const QRectF rect(-size.width() / 2, -size.height() / 2, size.width(), size.height());
    if (rect != m_rect) {
        prepareGeometryChange();
        m_rect = rect;
    }
}

void NodeItem::updateToolTip()
{
    QStringList lines{QStringLiteral("<b>%1</b>").arg(m_node.title.toHtmlEscaped()), m_node.subtitle.toHtmlEscaped()};
    for (const GraphBadge &b : m_node.badges)
        lines << QStringLiteral("%1 %2").arg(text::namespaceLink(b.type, b.id), b.initial ? QStringLiteral("(host)") : QStringLiteral("(only here)"));
    if (!m_node.pids.isEmpty() && m_node.kind != GraphNodeKind::Process) {
        QStringList pids;
        for (qsizetype i = 0; i < std::min<qsizetype>(m_node.pids.size(), 12); ++i)
            pids << QString::number(m_node.pids[i]);
        lines << QStringLiteral("pids ") + pids.join(QStringLiteral(", ")) + (m_node.pids.size() > 12 ? QStringLiteral(", …") : QString());
        lines << (m_node.expanded ? QStringLiteral("<i>double-click to fold its processes away</i>") : QStringLiteral("<i>double-click to show its processes</i>"));
    }
    setToolTip(lines.join(QStringLiteral("<br>")));
}

QRectF NodeItem::boundingRect() const
{
    return m_rect.adjusted(-2, -2, 2, 2); // room for the selection border
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRect(m_rect);
    return path;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    NodePainter::State state;
    state.selected = isSelected();
    state.highlighted = m_lit;
    state.dimmed = false; // dimming is the item's opacity (see setHighlightState), so cached pixmaps stay valid
    state.zoom = option->levelOfDetailFromTransform(painter->worldTransform());
    state.detailed = m_scene->isDetailForced() || state.zoom >= GraphScene::detailThreshold;
    m_scene->nodePainter().paint(painter, m_node, m_rect, state);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_scene->setHovered(m_node.id);
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_scene->setHovered({});
    QGraphicsItem::hoverLeaveEvent(event);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    // One node selected at a time (the selection mirrors one process or namespace in the other views), and
    // only a click says "the user chose this": never a selection that changes because items went away.
    if (event->button() == Qt::LeftButton) {
        m_scene->activate(m_node.id);
        event->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void NodeItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_scene->emitDoubleClicked(m_node.id);
    event->accept();
}

namespace {

constexpr int manyEdges = 600;   // above this, edges are drawn the cheap way (see paint())
constexpr double hostStub = 90;  // scene units of an edge into a host namespace on a big graph

// Liang-Barsky: the part of the line inside the rectangle; false if none.
bool clipTo(const QRectF &r, QLineF &line)
{
    double t0 = 0, t1 = 1;
    const double dx = line.dx(), dy = line.dy();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {line.x1() - r.left(), r.right() - line.x1(), line.y1() - r.top(), r.bottom() - line.y1()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF a = line.p1();
    line = QLineF(a + QPointF(dx, dy) * t0, a + QPointF(dx, dy) * t1);
    return true;
}

} // namespace

EdgeLayer::EdgeLayer(GraphScene *scene)
    : m_scene(scene)
{
    setZValue(0);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption); // paint() gets the exposed rect, not the whole graph
}

EdgeLayer::~EdgeLayer() = default;

void EdgeLayer::invalidateEdges()
{
    m_dirty = true; // cheap: called for every removed node; the rebuild waits for the next paint
    update();
}

void EdgeLayer::nodesMoved()
{
    const QRectF bounds = m_scene->graphBounds();
    if (bounds != m_bounds) {
        prepareGeometryChange();
        m_bounds = bounds;
    }
    update();
}

QRectF EdgeLayer::boundingRect() const
{
    return m_bounds;
}

void EdgeLayer::rebuild() const
{
    m_drawn.clear();
    const auto &edges = m_scene->model()->edges();
    m_drawn.reserve(edges.size());
    for (const GraphEdge &e : edges) {
        const NodeItem *a = m_scene->item(e.from);
        const NodeItem *b = m_scene->item(e.to);
        if (a && b) {
            const bool toHost = (a->node().initial && a->node().kind == GraphNodeKind::Namespace)
                || (b->node().initial && b->node().kind == GraphNodeKind::Namespace);
            m_drawn.append({a, b, e.kind, toHost, e.label});
        }
    }
    // Drawn in (kind, faint) order, so each pen is set once per group.
    std::sort(m_drawn.begin(), m_drawn.end(), [](const Drawn &x, const Drawn &y) {
        return std::tie(x.kind, x.toHost) < std::tie(y.kind, y.toHost);
    });
    m_dirty = false;
}

void EdgeLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_dirty)
        rebuild();
    const NodePainter &style = m_scene->nodePainter();
    const bool detailed = m_scene->isDetailForced()
        || option->levelOfDetailFromTransform(painter->worldTransform()) >= GraphScene::detailThreshold;
    const QRectF exposed = option->exposedRect.isValid() ? option->exposedRect : m_bounds;

    QList<QLineF> normal, highlighted;
    QList<const Drawn *> labelled;
    // Thousands of edges (hubs: every container shares the host's user namespace) are drawn as thin aliased
    // lines: antialiased, the fan into a hub took 200 ms a frame at 2,000 containers; aliased, a few ms.
    const bool many = !m_scene->isDetailForced() && m_drawn.size() > manyEdges; // exports get every edge whole
    painter->save();
    if (many)
        painter->setRenderHint(QPainter::Antialiasing, false);
    auto flush = [&](GraphEdgeKind kind, bool toHost) {
        if (!normal.isEmpty()) {
            QPen pen = style.edgePen(kind, false, toHost);
            if (many && toHost)
                pen.setCosmetic(true), pen.setWidthF(1);
            painter->setPen(pen);
            painter->drawLines(normal);
            normal.clear();
        }
    };
    QList<std::pair<GraphEdgeKind, QLineF>> highlightedKinds;
    for (qsizetype i = 0; i < m_drawn.size(); ++i) {
        const Drawn &d = m_drawn[i];
        QLineF line(d.from->pos(), d.to->pos());
        if (many && d.toHost && !m_scene->isEdgeHighlighted(d.from->id(), d.to->id())) {
            // On a big graph an edge into a host namespace is a stub pointing at it: thousands of full lines
            // into one hub are a grey fan that hides everything and costs most of a frame.
            const bool hostAtEnd = d.to->node().initial && d.to->node().kind == GraphNodeKind::Namespace;
            QLineF stub = hostAtEnd ? line : QLineF(line.p2(), line.p1());
            if (stub.length() > hostStub)
                stub.setLength(hostStub);
            line = stub;
        }
        if (!clipTo(exposed.adjusted(-4, -4, 4, 4), line))
            continue; // long hub edges are cut to what is in view: rasterising 20,000 px of line costs
        if (m_scene->isEdgeHighlighted(d.from->id(), d.to->id()))
            highlightedKinds.append({d.kind, line});
        else if (m_scene->isDimmed(d.from->id()) || m_scene->isDimmed(d.to->id()))
            ; // a highlight is showing: edges outside it would only be noise
        else
            normal.append(line);
        if (detailed && !d.label.isEmpty() && exposed.contains((d.from->pos() + d.to->pos()) / 2))
            labelled.append(&d);
        if (i + 1 == m_drawn.size() || m_drawn[i + 1].kind != d.kind || m_drawn[i + 1].toHost != d.toHost)
            flush(d.kind, d.toHost);
    }
    painter->restore();
    for (const auto &[kind, line] : highlightedKinds) {
        painter->setPen(style.edgePen(kind, true));
        painter->drawLine(line);
    }
    if (!labelled.isEmpty()) {
        QFont f;
        f.setPixelSize(10);
        painter->setFont(f);
        painter->setPen(style.textColor());
        for (const Drawn *d : std::as_const(labelled)) {
            const QPointF mid = (d->from->pos() + d->to->pos()) / 2;
            painter->drawText(QRectF(mid.x() - 90, mid.y() - 8, 180, 16), Qt::AlignCenter, d->label);
        }
    }
}

} // namespace nsviz
