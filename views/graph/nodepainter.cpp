#include "nodepainter.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace nsviz {

namespace {

constexpr double cardWidth = 240;
constexpr double cardHeader = 44;
constexpr double badgeWidth = 108, badgeHeight = 19, badgeGap = 6, cardPad = 8;
constexpr double legendCell = 150, legendRow = 20;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

QPolygonF polygon(const QRectF &r, std::initializer_list<QPointF> unit)
{
    QPolygonF p;
    for (const QPointF &u : unit)
        p << QPointF(r.left() + u.x() * r.width(), r.top() + u.y() * r.height());
    p << p.first();
    return p;
}

} // namespace

NodePainter::NodePainter(bool dark)
    : m_dark(dark)
{
    m_title.setFamily(QStringLiteral("sans-serif"));
    m_title.setPixelSize(13);
    m_title.setBold(true);
    m_small.setFamily(QStringLiteral("sans-serif"));
    m_small.setPixelSize(11);
    m_mono.setFamily(QStringLiteral("monospace"));
    m_mono.setStyleHint(QFont::Monospace);
    m_mono.setPixelSize(10);
}

NodePainter::~NodePainter() = default;

QColor NodePainter::typeColor(NamespaceType type)
{
    // Eight hues that stay apart for the common colour-vision deficiencies and on both themes.
    switch (type) {
    case NamespaceType::Cgroup: return QColor(0x8e, 0x6b, 0xbf);
    case NamespaceType::Ipc: return QColor(0xd4, 0xa0, 0x17);
    case NamespaceType::Mnt: return QColor(0x1b, 0x9e, 0x77);
    case NamespaceType::Net: return QColor(0x33, 0x7a, 0xc4);
    case NamespaceType::Pid: return QColor(0xd6, 0x3e, 0x8c);
    case NamespaceType::Time: return QColor(0x9a, 0x6b, 0x33);
    case NamespaceType::User: return QColor(0xe0, 0x63, 0x1c);
    case NamespaceType::Uts: return QColor(0x5d, 0x9c, 0x2e);
    }
    return Qt::gray;
}

QString NodePainter::typeExplanation(NamespaceType type)
{
    switch (type) {
    case NamespaceType::Cgroup: return QStringLiteral("which part of the cgroup tree looks like the root");
    case NamespaceType::Ipc: return QStringLiteral("System V IPC objects and POSIX message queues");
    case NamespaceType::Mnt: return QStringLiteral("the mount table: what the filesystem looks like");
    case NamespaceType::Net: return QStringLiteral("interfaces, addresses, routes, ports");
    case NamespaceType::Pid: return QStringLiteral("process ids: who is PID 1, who can be seen");
    case NamespaceType::Time: return QStringLiteral("offsets of the monotonic and boot clocks");
    case NamespaceType::User: return QStringLiteral("user and group ids, and which capabilities count");
    case NamespaceType::Uts: return QStringLiteral("host name and NIS domain name");
    }
    return {};
}

QColor NodePainter::background() const
{
    return m_dark ? QColor(0x1f, 0x21, 0x24) : QColor(0xfb, 0xfb, 0xf9);
}

QColor NodePainter::textColor() const
{
    return m_dark ? QColor(0xe8, 0xe8, 0xe6) : QColor(0x20, 0x22, 0x26);
}

QColor NodePainter::highlightColor() const
{
    return m_dark ? QColor(0xff, 0xd0, 0x4a) : QColor(0xe8, 0x5d, 0x00);
}

QColor NodePainter::fill(QColor base, double strength) const
{
    return mix(background(), base, m_dark ? strength * 1.2 : strength);
}

QSizeF NodePainter::size(const GraphNode &node) const
{
    switch (node.kind) {
    case GraphNodeKind::Set:
    case GraphNodeKind::Host: {
        const int rows = int((node.badges.size() + 1) / 2);
        return {cardWidth, cardHeader + rows * (badgeHeight + 5) + (rows ? 4 : 0)};
    }
    case GraphNodeKind::Namespace: return {184, 56};
    case GraphNodeKind::Process: return {150, 38};
    case GraphNodeKind::More: return {130, 34};
    }
    return {100, 40};
}

QRectF NodePainter::badgeRect(const QRectF &card, int index) const
{
    const int row = index / 2, col = index % 2;
    return {card.left() + cardPad + col * (badgeWidth + badgeGap), card.top() + cardHeader + row * (badgeHeight + 5),
            badgeWidth, badgeHeight};
}

QPainterPath NodePainter::namespaceShape(NamespaceType type, const QRectF &r) const
{
    QPainterPath path;
    switch (type) {
    case NamespaceType::Net: path.addEllipse(r); break;
    case NamespaceType::Pid: {
        const double cx = 0.12, cy = 0.3; // an octagon
        path.addPolygon(polygon(r, {{cx, 0}, {1 - cx, 0}, {1, cy}, {1, 1 - cy}, {1 - cx, 1}, {cx, 1}, {0, 1 - cy}, {0, cy}}));
        break;
    }
    case NamespaceType::Ipc:
        path.addPolygon(polygon(r, {{0.1, 0}, {0.9, 0}, {1, 0.5}, {0.9, 1}, {0.1, 1}, {0, 0.5}})); // a hexagon
        break;
    case NamespaceType::Mnt:
        path.addPolygon(polygon(r, {{0, 0}, {0.88, 0}, {1, 0.3}, {1, 1}, {0, 1}})); // a page with its corner turned
        break;
    case NamespaceType::User: path.addRoundedRect(r, r.height() / 2, r.height() / 2); break;
    case NamespaceType::Uts: path.addRoundedRect(r, 6, 6); break;
    case NamespaceType::Cgroup: path.addPolygon(polygon(r, {{0.08, 0}, {1, 0}, {0.92, 1}, {0, 1}})); break;
    case NamespaceType::Time: path.addPolygon(polygon(r, {{0, 0}, {1, 0}, {0.9, 1}, {0.1, 1}})); break;
    }
    path.closeSubpath();
    return path;
}

QPen NodePainter::edgePen(GraphEdgeKind kind, bool highlighted, bool toHost) const
{
    const QColor grey = m_dark ? QColor(0x80, 0x84, 0x8a) : QColor(0x9a, 0x9e, 0xa6);
    QPen pen(grey, 1.2);
    pen.setCosmetic(false);
    switch (kind) {
    case GraphEdgeKind::Member: break;
    case GraphEdgeKind::Parent: pen = QPen(m_dark ? QColor(0xc8, 0xc8, 0xc8) : QColor(0x44, 0x48, 0x50), 2.2); break;
    case GraphEdgeKind::Owner: pen = QPen(fill(typeColor(NamespaceType::User), 0.8), 1.5, Qt::DashLine); break;
    case GraphEdgeKind::BindMount: pen = QPen(fill(typeColor(NamespaceType::Mnt), 0.9), 1.8, Qt::DotLine); break;
    case GraphEdgeKind::FdHolder: pen = QPen(fill(typeColor(NamespaceType::Cgroup), 0.9), 1.6, Qt::DashDotLine); break;
    case GraphEdgeKind::Contains: pen = QPen(m_dark ? QColor(0x5a, 0x5e, 0x64) : QColor(0xc4, 0xc7, 0xcc), 1.0); break;
    }
    if (toHost && !highlighted) {
        pen.setColor(mix(background(), pen.color(), 0.4));
        pen.setWidthF(1.0);
    }
    if (highlighted) {
        pen.setColor(highlightColor());
        pen.setWidthF(pen.widthF() + 1.6);
    }
    return pen;
}

void NodePainter::paint(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const
{
    painter->save();
    if (state.dimmed)
        painter->setOpacity(0.28);
    // A node a few pixels wide gains nothing from antialiasing, and thousands of them cost three times more.
    if (!state.detailed && state.zoom < titleOnlyZoom)
        painter->setRenderHint(QPainter::Antialiasing, false);
    switch (node.kind) {
    case GraphNodeKind::Set:
    case GraphNodeKind::Host: paintCard(painter, node, rect, state); break;
    case GraphNodeKind::Namespace: paintNamespace(painter, node, rect, state); break;
    case GraphNodeKind::Process:
    case GraphNodeKind::More: paintSmall(painter, node, rect, state); break;
    }
    painter->restore();
}

void NodePainter::paintCard(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const
{
    const bool host = node.initial;
    const QColor base = host ? (m_dark ? QColor(0x2c, 0x2f, 0x33) : QColor(0xee, 0xee, 0xec)) : (m_dark ? QColor(0x2a, 0x31, 0x3a) : Qt::white);
    QPen border(state.selected ? highlightColor() : state.highlighted ? highlightColor() : (m_dark ? QColor(0x6a, 0x70, 0x78) : QColor(0x8a, 0x90, 0x98)),
                state.selected ? 3.0 : state.highlighted ? 2.2 : 1.2);
    if (host && !state.selected && !state.highlighted)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(base);
    painter->drawRoundedRect(rect, 8, 8);
    if (!state.detailed) {
        // Zoomed out: the badges as plain colour, enough to see which types a container has of its own.
        painter->setPen(Qt::NoPen);
        for (int i = 0; i < node.badges.size(); ++i) {
            painter->setBrush(node.badges[i].initial ? fill(typeColor(node.badges[i].type), 0.25) : typeColor(node.badges[i].type));
            painter->drawRect(badgeRect(rect, i));
        }
        paintOverviewTitle(painter, node.title, QRectF(rect.left(), rect.top(), rect.width(), cardHeader), state);
        return;
    }
    painter->setPen(textColor());
    painter->setFont(m_title);
    const QRectF titleRect(rect.left() + cardPad, rect.top() + 5, rect.width() - 2 * cardPad - (node.expanded ? 0 : 14), 18);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(m_title).elidedText(node.title, Qt::ElideRight, titleRect.width()));
    painter->setFont(m_small);
    painter->setPen(mix(textColor(), background(), 0.35));
    const QRectF subRect(rect.left() + cardPad, rect.top() + 23, rect.width() - 2 * cardPad, 15);
    painter->drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(m_small).elidedText(node.subtitle, Qt::ElideRight, subRect.width()));
    if (!node.pids.isEmpty()) {
        // + / − : the card opens into its processes.
        painter->setPen(QPen(mix(textColor(), background(), 0.4), 1.4));
        const QPointF c(rect.right() - 12, rect.top() + 13);
        painter->drawLine(c - QPointF(4, 0), c + QPointF(4, 0));
        if (!node.expanded)
            painter->drawLine(c - QPointF(0, 4), c + QPointF(0, 4));
    }
    painter->setFont(m_mono);
    for (int i = 0; i < node.badges.size(); ++i) {
        const GraphBadge &b = node.badges[i];
        const QRectF r = badgeRect(rect, i);
        const QColor c = typeColor(b.type);
        painter->setPen(QPen(c, 1.0, b.initial ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(b.initial ? fill(c, 0.12) : fill(c, 0.32));
        painter->drawRoundedRect(r, 4, 4);
        painter->setPen(textColor());
        painter->drawText(r.adjusted(5, 0, -3, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          QString::fromLatin1(namespaceTypeKey(b.type)) + QLatin1Char(' ') + QString::number(b.id));
    }
}

void NodePainter::paintNamespace(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const
{
    const QColor c = typeColor(node.type);
    QPen border(state.selected || state.highlighted ? highlightColor() : c, state.selected ? 3.2 : state.highlighted ? 2.6 : 1.8);
    if (node.initial && !state.selected && !state.highlighted)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(fill(c, node.initial ? 0.14 : 0.34));
    painter->drawPath(namespaceShape(node.type, rect));
    if (!state.detailed) {
        paintOverviewTitle(painter, QString::fromLatin1(namespaceTypeKey(node.type)) + (node.initial ? QStringLiteral(" host") : QString()), rect, state);
        return;
    }
    painter->setPen(textColor());
    const QRectF inner = rect.adjusted(rect.width() * 0.12, 6, -rect.width() * 0.12, -6);
    painter->setFont(m_mono);
    QFont bold = m_mono;
    bold.setBold(true);
    bold.setPixelSize(11);
    painter->setFont(bold);
    painter->drawText(QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2), Qt::AlignCenter,
                      QFontMetricsF(bold).elidedText(node.title, Qt::ElideRight, inner.width()));
    painter->setFont(m_small);
    painter->setPen(mix(textColor(), background(), 0.3));
    painter->drawText(QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2), Qt::AlignCenter,
                      QFontMetricsF(m_small).elidedText(node.subtitle, Qt::ElideRight, inner.width()));
}

void NodePainter::paintSmall(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const
{
    const bool more = node.kind == GraphNodeKind::More;
    QPen border(state.selected || state.highlighted ? highlightColor() : mix(textColor(), background(), 0.55),
                state.selected ? 2.8 : state.highlighted ? 2.0 : 1.0, more ? Qt::DashLine : Qt::SolidLine);
    painter->setPen(border);
    painter->setBrush(m_dark ? QColor(0x26, 0x29, 0x2d) : QColor(0xf4, 0xf5, 0xf7));
    painter->drawRoundedRect(rect, 5, 5);
    if (!state.detailed)
        return;
    painter->setPen(textColor());
    painter->setFont(m_small);
    const QRectF inner = rect.adjusted(6, 2, -6, -2);
    QFont bold = m_small;
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(bold).elidedText(node.title, Qt::ElideRight, inner.width()));
    painter->setFont(m_small);
    painter->drawText(QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(m_small).elidedText(node.subtitle, Qt::ElideRight, inner.width()));
}

void NodePainter::paintOverviewTitle(QPainter *painter, const QString &title, const QRectF &rect, const State &state) const
{
    // Zoomed out, a title drawn at ~9 device pixels still names the node; the rest would be noise.
    if (state.zoom < titleOnlyZoom)
        return;
    QFont f = m_title;
    f.setPixelSize(std::clamp(int(9.5 / state.zoom), 13, 72));
    painter->setFont(f);
    painter->setPen(textColor());
    const QRectF inner = rect.adjusted(8, 0, -8, 0);
    painter->drawText(inner, Qt::AlignCenter, QFontMetricsF(f).elidedText(title, Qt::ElideRight, inner.width()));
}

QSizeF NodePainter::legendSize(double width, int types) const
{
    const int perRow = std::max(1, int(width / legendCell));
    const int typeRows = (types + perRow - 1) / perRow;
    const int edgeRows = (6 + perRow - 1) / perRow;
    return {width, 10 + (typeRows + edgeRows) * legendRow + 10};
}

void NodePainter::paintLegend(QPainter *painter, const QRectF &rect, GraphModel::TypeMask types) const
{
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_dark ? QColor(0x27, 0x2a, 0x2e) : QColor(0xf1, 0xf1, 0xee));
    painter->drawRoundedRect(rect, 6, 6);
    const int perRow = std::max(1, int(rect.width() / legendCell));
    int cell = 0;
    auto cellRect = [&](int i) {
        return QRectF(rect.left() + 8 + (i % perRow) * legendCell, rect.top() + 10 + (i / perRow) * legendRow, legendCell - 8, legendRow - 4);
    };
    painter->setFont(m_small);
    for (NamespaceType t : allNamespaceTypes) {
        if (!types.test(int(t)))
            continue;
        const QRectF r = cellRect(cell++);
        const QRectF swatch(r.left(), r.top() + 1, 30, r.height() - 2);
        painter->setPen(QPen(typeColor(t), 1.5));
        painter->setBrush(fill(typeColor(t), 0.34));
        painter->drawPath(namespaceShape(t, swatch));
        painter->setPen(textColor());
        painter->drawText(r.adjusted(36, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, namespaceTypeName(t));
    }
    // Edge kinds start on a row of their own.
    cell = ((cell + perRow - 1) / perRow) * perRow;
    const std::pair<GraphEdgeKind, const char *> kinds[] = {
        {GraphEdgeKind::Member, "in the namespace"}, {GraphEdgeKind::Parent, "child of"},
        {GraphEdgeKind::Owner, "owned by"},          {GraphEdgeKind::BindMount, "bind mount"},
        {GraphEdgeKind::FdHolder, "open fd"},         {GraphEdgeKind::Contains, "its process"},
    };
    for (const auto &[kind, label] : kinds) {
        const QRectF r = cellRect(cell++);
        painter->setPen(edgePen(kind, false));
        painter->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.left() + 30, r.center().y()));
        painter->setPen(textColor());
        painter->drawText(r.adjusted(36, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, QString::fromLatin1(label));
    }
    painter->restore();
}

} // namespace nsviz
