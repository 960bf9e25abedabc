#include "nodeitem.h"

#include "snapshot/namespaceguide.h"

#include "graph/graphlayout.h"
#include "graph/graphscene.h"
#include "itemmodels/displaytext.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace nsviz {

// The border of a lit node (a neighbour of what is hovered or selected), an item of its own above the card:
// changing how the card itself is drawn throws its cached pixmap away, and a hover at 2,000 cards lit hundreds
// of them, each then drawn again with its text (60-70 ms a hover). Never under the pointer: the card gets the
// hover and the clicks.
class LitBorder final : public QGraphicsItem
{
public:
    explicit LitBorder(NodeItem *card)
        : QGraphicsItem(card)
        , m_card(card)
    {
        setAcceptedMouseButtons(Qt::NoButton);
        setAcceptHoverEvents(false);
    }
    int type() const override { return NodeItem::LitBorderType; }
    void cardChanged() { prepareGeometryChange(); }
    QRectF boundingRect() const override { return m_card->boundingRect(); }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const NodePainter &style = static_cast<const GraphScene *>(scene())->nodePainter();
        painter->setPen(style.litPen());
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(style.litOutline(m_card->node(), m_card->geometry(), m_card->rect()));
    }

private:
    const NodeItem *m_card;
};

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

void NodeItem::setHighlightState(bool lit, bool dimmed, bool hovering)
{
    // Hovering a node dims every other one: as item opacity that costs a blit each, where repainting thousands
    // of cached nodes took 30-80 ms a hover at 2,000 nodes.
    m_dimOpacity = !dimmed ? 1.0 : hovering ? DimmedOpacity : m_scene->selectionDimOpacity();
    if (const double opacity = m_dimOpacity * m_appearance; opacity != this->opacity())
        setOpacity(opacity);
    if (lit != m_lit) {
        m_lit = lit;
        if (lit && !m_litBorder)
            m_litBorder = new LitBorder(this);
        if (m_litBorder)
            m_litBorder->setVisible(lit);
    }
}

void NodeItem::setAppearance(double appearance)
{
    m_appearance = appearance;
    if (const double opacity = m_dimOpacity * m_appearance; opacity != this->opacity())
        setOpacity(opacity);
}

void NodeItem::setStretchWidth(double width)
{
    if (width == m_stretch)
        return;
    m_stretch = width;
    updateGeometry();
    update();
}

void NodeItem::updateGeometry()
{
    m_sortKey = m_node.group.isEmpty() ? naturalSortKey(m_node.title) : m_node.group + naturalSortKey(m_node.title);
    m_geometry = m_scene->nodePainter().measure(m_node);
    m_natural = m_geometry.size;
    if (m_stretch > m_natural.width())
        m_geometry = m_scene->nodePainter().measure(m_node, m_stretch);
    // Stretched, it grows to the right from where its natural self starts: its position does not change.
    const QRectF rect(-m_natural.width() / 2, -m_natural.height() / 2, m_geometry.size.width(), m_geometry.size.height());
    if (rect != m_rect) {
        prepareGeometryChange();
        if (m_litBorder)
            m_litBorder->cardChanged();
        m_rect = rect;
    }
}

void NodeItem::updateToolTip()
{
    // Everything in full, whatever the card had room for: names from the host can be long.
    // Rich text: each host string escaped, and one line with its control characters visible (text::oneLine).
    QStringList lines{QStringLiteral("<b>%1</b>").arg(text::oneLine(m_node.title).toHtmlEscaped())};
    for (const QString &more : {m_node.subtitle, m_node.detail})
        if (!more.isEmpty())
            lines << text::oneLine(more).toHtmlEscaped();
    const NamespaceGuide &guide = NamespaceGuide::builtIn();
    if (m_node.kind == GraphNodeKind::Namespace)
        lines << QStringLiteral("<i>%1</i>").arg(guide.explain(m_node.type).isolates.toHtmlEscaped());
    for (const GraphBadge &b : m_node.badges) {
        // Each badge with what its type is about, in a word: the card shows only its colour and letter.
        const QString about = QStringLiteral(" <small>— %1</small>").arg(guide.brief(b.type).toHtmlEscaped());
        if (b.id)
            lines << QStringLiteral("%1 %2").arg(text::namespaceLink(b.type, b.id),
                                                 b.initial ? QObject::tr("(the host's)") : QObject::tr("(its own)")) + about;
        else
            lines << QObject::tr("%1: each has its own").arg(namespaceTypeName(b.type)) + about;
    }
    if (!m_node.pids.isEmpty() && m_node.kind != GraphNodeKind::Process) {
        QStringList pids;
        for (qsizetype i = 0; i < std::min<qsizetype>(m_node.pids.size(), 12); ++i)
            pids << QString::number(m_node.pids[i]);
        lines << QStringLiteral("pids ") + pids.join(QStringLiteral(", ")) + (m_node.pids.size() > 12 ? QStringLiteral(", …") : QString());
        if (m_node.kind == GraphNodeKind::Group)
            lines << QStringLiteral("<i>double-click to show each of the %1</i>").arg(m_node.count);
        else
            lines << (m_node.expanded ? QStringLiteral("<i>double-click to fold its processes away</i>") : QStringLiteral("<i>double-click to show its processes</i>"));
    }
    setToolTip(lines.join(QStringLiteral("<br>")));
}

QRectF NodeItem::boundingRect() const
{
    return m_rect.adjusted(-selectionMargin, -selectionMargin, selectionMargin, selectionMargin);
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
    state.highlighted = false; // drawn over it by its LitBorder
    state.dimmed = false; // dimming is the item's opacity (see setHighlightState), so cached pixmaps stay valid
    state.zoom = option->levelOfDetailFromTransform(painter->worldTransform());
    state.exporting = m_scene->isDetailForced();
    state.detailed = state.exporting || state.zoom >= GraphScene::detailThreshold;
    m_scene->nodePainter().paint(painter, m_node, m_geometry, m_rect, state);
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

constexpr int manyEdges = 600; // above this, edges are drawn the cheap way (see paint())

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

// Where a line from inside the rectangle leaves it.
QPointF exitPoint(const QRectF &r, const QLineF &line)
{
    double t = 1;
    const double dx = line.dx(), dy = line.dy();
    if (dx > 0)
        t = std::min(t, (r.right() - line.x1()) / dx);
    else if (dx < 0)
        t = std::min(t, (r.left() - line.x1()) / dx);
    if (dy > 0)
        t = std::min(t, (r.bottom() - line.y1()) / dy);
    else if (dy < 0)
        t = std::min(t, (r.top() - line.y1()) / dy);
    return line.p1() + QPointF(dx, dy) * std::clamp(t, 0.0, 1.0);
}

// The node an edge hangs from in a tree: a shared namespace above its sets, a parent above its child, a card
// above its processes.
bool fromIsAbove(GraphEdgeKind kind)
{
    return kind == GraphEdgeKind::Member || kind == GraphEdgeKind::FdHolder;
}

// How an edge runs: between the borders of its nodes; in a tree, down from the upper node, along the gap above
// the lower one's row and down into it (all the children of one node share the trunk and the bus, as in an
// organisation chart), so a node with many children has no fan of lines across them.
QList<QLineF> route(const EdgeLayer::Drawn &d)
{
    const bool tree = d.kind == GraphEdgeKind::Member || d.kind == GraphEdgeKind::Parent || d.kind == GraphEdgeKind::Contains;
    const NodeItem *upper = fromIsAbove(d.kind) ? d.from : d.to;
    const NodeItem *lower = upper == d.from ? d.to : d.from;
    const QRectF u = upper->sceneRect(), l = lower->sceneRect();
    if (tree && l.top() > u.bottom() + 8) {
        const double x0 = u.center().x(), x1 = l.center().x();
        if (std::abs(x0 - x1) < 1)
            return {QLineF(x0, u.bottom(), x1, l.top())};
        const double bus = l.top() - std::min(14.0, (l.top() - u.bottom()) / 2);
        return {QLineF(x0, u.bottom(), x0, bus), QLineF(x0, bus, x1, bus), QLineF(x1, bus, x1, l.top())};
    }
    return {QLineF(d.from->pos(), d.to->pos())};
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

void EdgeLayer::nodesMoved(const QRectF &bounds)
{
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

const QList<EdgeLayer::Drawn> &EdgeLayer::drawn() const
{
    if (m_dirty)
        rebuild();
    return m_drawn;
}

void EdgeLayer::rebuild() const
{
    m_drawn.clear();
    const auto &edges = m_scene->model()->edges();
    m_drawn.reserve(edges.size());
    for (const GraphEdge &e : edges) {
        const NodeItem *a = m_scene->item(e.from);
        const NodeItem *b = m_scene->item(e.to);
        if (a && b)
            m_drawn.append({a, b, e.kind, e.label});
    }
    // Drawn in kind order, so each pen is set once per group.
    std::sort(m_drawn.begin(), m_drawn.end(), [](const Drawn &x, const Drawn &y) { return x.kind < y.kind; });
    m_dirty = false;
}

void EdgeLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QList<Drawn> &all = drawn();
    const NodePainter &style = m_scene->nodePainter();
    const QRectF exposed = (option->exposedRect.isValid() ? option->exposedRect : m_bounds).adjusted(-4, -4, 4, 4);
    // Thousands of edges are drawn as thin aliased lines: antialiased, a fan of them cost most of a frame.
    const bool many = !m_scene->isDetailForced() && all.size() > manyEdges; // exports get every edge whole
    painter->save();
    if (many)
        painter->setRenderHint(QPainter::Antialiasing, false);
    QList<QLineF> normal;
    QList<std::pair<GraphEdgeKind, QLineF>> highlighted;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Drawn &d = all[i];
        const bool lit = m_scene->isEdgeHighlighted(d.from->id(), d.to->id());
        // While a highlight shows, edges outside it would only be noise.
        if (lit || (!m_scene->isDimmed(d.from->id()) && !m_scene->isDimmed(d.to->id())))
            for (QLineF line : route(d)) {
                if (!clipTo(exposed, line))
                    continue; // long edges are cut to what is in view: rasterising 20,000 px of line costs
                if (lit)
                    highlighted.append({d.kind, line});
                else
                    normal.append(line);
            }
        if ((i + 1 == all.size() || all[i + 1].kind != d.kind) && !normal.isEmpty()) {
            painter->setPen(style.edgePen(d.kind, false));
            painter->drawLines(normal);
            normal.clear();
        }
    }
    painter->restore();
    for (const auto &[kind, line] : std::as_const(highlighted)) {
        painter->setPen(style.edgePen(kind, true));
        painter->drawLine(line);
    }
}

EdgeLabels::EdgeLabels(GraphScene *scene, const EdgeLayer *edges)
    : m_scene(scene)
    , m_edges(edges)
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption);
}

EdgeLabels::~EdgeLabels() = default;

void EdgeLabels::nodesMoved(const QRectF &graphBounds)
{
    const QRectF bounds = graphBounds.adjusted(-200, -40, 200, 40);
    if (bounds != m_bounds) {
        prepareGeometryChange();
        m_bounds = bounds;
    }
    update();
}

void EdgeLabels::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool detailed = m_scene->isDetailForced()
        || option->levelOfDetailFromTransform(painter->worldTransform()) >= GraphScene::detailThreshold;
    if (!detailed)
        return;
    const NodePainter &style = m_scene->nodePainter();
    const QFont font = style.labelFont();
    const QFontMetricsF fm(font);
    const QRectF exposed = option->exposedRect.isValid() ? option->exposedRect : m_bounds;
    painter->setFont(font);
    for (const EdgeLayer::Drawn &d : m_edges->drawn()) {
        if (d.label.isEmpty() || m_scene->isDimmed(d.from->id()) || m_scene->isDimmed(d.to->id()))
            continue;
        // The middle of the stretch between the two nodes' borders, not of the centres: that may be under a card.
        const QList<QLineF> path = route(d);
        QPointF mid;
        if (path.size() > 1) {
            mid = path.last().center(); // in a tree: on the drop into the lower node
        } else {
            const QLineF &centres = path.first();
            const QPointF a = exitPoint(d.from->sceneRect(), centres);
            const QPointF b = exitPoint(d.to->sceneRect(), QLineF(centres.p2(), centres.p1()));
            mid = (a + b) / 2;
        }
        // On screen a long label (a bind mount's path) is cut in the middle; a document has it whole up to a page's
        // width (a path can be 4 KiB).
        const double most = m_scene->isDetailForced() ? 1400.0 : 420.0;
        const double w = std::min(fm.horizontalAdvance(d.label), most) + 10;
        const double h = fm.height() + 4;
        const QRectF pill(mid.x() - w / 2, mid.y() - h / 2, w, h);
        if (!exposed.intersects(pill))
            continue;
        painter->setPen(QPen(style.edgePen(d.kind, false).color(), 1.0));
        painter->setBrush(style.background());
        painter->drawRoundedRect(pill, h / 2, h / 2);
        painter->setPen(style.textColor());
        painter->drawText(pill.adjusted(5, 0, -5, 0), Qt::AlignCenter,
                          fm.horizontalAdvance(d.label) <= most ? d.label : fm.elidedText(d.label, Qt::ElideMiddle, most));
    }
}

HostFrame::HostFrame(GraphScene *scene)
    : m_scene(scene)
{
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
}

HostFrame::~HostFrame() = default;

void HostFrame::nodesMoved(const QRectF &bounds)
{
    const NodeItem *host = m_scene->item(QStringLiteral("host"));
    const QRectF frame = host && m_scene->model()->shownMode() == GraphModel::Mode::Sharing && !bounds.isEmpty()
        ? bounds.adjusted(-margin, -margin, margin, margin)
        : QRectF();
    if (frame != m_frame) {
        prepareGeometryChange();
        m_frame = frame;
    }
    update();
}

void HostFrame::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_frame.isNull())
        return;
    const NodePainter &style = m_scene->nodePainter();
    QColor fill = style.hostFill();
    fill.setAlphaF(0.45);
    painter->setPen(QPen(style.frameBorder(), 1.4, Qt::DashLine));
    painter->setBrush(fill);
    painter->drawRoundedRect(m_frame, 14, 14);
}

} // namespace nsviz
