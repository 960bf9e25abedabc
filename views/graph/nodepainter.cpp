#include "nodepainter.h"

#include "snapshot/namespaceguide.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QSet>
#include <QTextLayout>

#include <cmath>

namespace nsviz {

namespace {

constexpr int liveTitleLines = 2, liveSubtitleLines = 2, liveDetailLines = 3;

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

QStringList NodePainter::wrapText(const QFont &font, const QString &text, double width, int maxLines)
{
    if (text.isEmpty())
        return {};
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    QStringList lines;
    qsizetype restStart = -1;
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        if (lines.size() == maxLines - 1 && line.textStart() + line.textLength() < text.size()) {
            restStart = line.textStart();
            break;
        }
        lines << text.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    if (restStart >= 0)
        lines << QFontMetricsF(font).elidedText(text.mid(restStart), Qt::ElideRight, width);
    return lines;
}

namespace {

// advance: the text's width on one line, where it is known already. Most texts fit on one line, and laying
// them out in a QTextLayout to learn so was most of what measuring a new card cost.
QStringList wrap(const QFont &font, const QString &text, double width, int maxLines, double advance = -1)
{
    if (text.isEmpty())
        return {};
    if (advance >= 0 && advance <= width && !text.contains(QLatin1Char('\n')))
        return {text.trimmed()};
    return NodePainter::wrapText(font, text, width, maxLines);
}

QString badgeLabel(const GraphBadge &b)
{
    return b.id ? QString::fromLatin1(namespaceTypeKey(b.type)) + QLatin1Char(' ') + QString::number(b.id)
                : QString::fromLatin1(namespaceTypeKey(b.type));
}

bool isCard(GraphNodeKind kind)
{
    return kind == GraphNodeKind::Set || kind == GraphNodeKind::Host || kind == GraphNodeKind::Group;
}

} // namespace

NodePainter::Metrics NodePainter::Metrics::presentation()
{
    Metrics k;
    k.scale = 1.9;
    k.pad = 18;
    k.titleLine = 44, k.subtitleLine = 35, k.detailLine = 35;
    k.badgeHeight = 40, k.chipHeight = 36, k.badgeGap = 9;
    k.minCard = 430, k.maxCard = 820, k.maxHost = 1000, k.hostBadgesPerRow = 3, k.minNamespace = 410, k.maxNamespace = 760;
    k.smallWidth = 300, k.smallHeight = 84;
    k.glyphRoom = 36, k.iconRoom = 56, k.stackOffset = 10;
    k.legendRow = 42, k.textLeft = 66;
    k.line = 2.1;
    return k;
}

NodePainter::NodePainter(bool dark, bool presentation)
    : m_dark(dark)
    , m_presentation(presentation)
    , m_k(presentation ? Metrics::presentation() : Metrics())
{
    // Presentation: no text under 20 pt at 1080p; titles a size above the rest.
    const int title = presentation ? 36 : 15, small = presentation ? 28 : 12, detail = presentation ? 28 : 11,
              mono = presentation ? 28 : 11, chip = presentation ? 27 : 10;
    m_title.setFamily(QStringLiteral("sans-serif"));
    m_title.setPixelSize(title);
    m_title.setBold(true);
    m_small.setFamily(QStringLiteral("sans-serif"));
    m_small.setPixelSize(small);
    m_detail = m_small;
    m_detail.setPixelSize(detail);
    m_detail.setItalic(true);
    m_mono.setFamily(QStringLiteral("monospace"));
    m_mono.setStyleHint(QFont::Monospace);
    m_mono.setPixelSize(mono);
    m_chip = m_small;
    m_chip.setPixelSize(chip);
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
    return NamespaceGuide::builtIn().brief(type);
}

QColor NodePainter::background() const
{
    if (m_presentation)
        return m_dark ? QColor(0x00, 0x00, 0x00) : QColor(0xff, 0xff, 0xff);
    return m_dark ? QColor(0x1f, 0x21, 0x24) : QColor(0xfb, 0xfb, 0xf9);
}

QColor NodePainter::textColor() const
{
    if (m_presentation)
        return m_dark ? QColor(0xff, 0xff, 0xff) : QColor(0x00, 0x00, 0x00);
    return m_dark ? QColor(0xe8, 0xe8, 0xe6) : QColor(0x20, 0x22, 0x26);
}

QColor NodePainter::mutedTextColor() const
{
    // Presentation: still a step apart from the names, but readable from the back row (at least 7:1 on a card).
    return mix(textColor(), background(), m_presentation ? 0.18 : m_dark ? 0.3 : 0.33);
}

QColor NodePainter::cardFill() const
{
    if (m_presentation)
        return m_dark ? QColor(0x12, 0x16, 0x1c) : QColor(0xff, 0xff, 0xff);
    return m_dark ? QColor(0x2a, 0x31, 0x3a) : QColor(0xff, 0xff, 0xff);
}

QColor NodePainter::badgeFill(NamespaceType type, bool hosts) const
{
    return fill(typeColor(type), hosts ? 0.1 : m_presentation ? 0.26 : 0.3);
}

QColor NodePainter::highlightColor() const
{
    return m_dark ? QColor(0xff, 0xd0, 0x4a) : QColor(0xe8, 0x5d, 0x00);
}

QColor NodePainter::hostFill() const
{
    if (m_presentation)
        return m_dark ? QColor(0x16, 0x1a, 0x20) : QColor(0xf1, 0xf3, 0xf6);
    return m_dark ? QColor(0x27, 0x2b, 0x31) : QColor(0xef, 0xf1, 0xf4);
}

QColor NodePainter::frameBorder() const
{
    if (m_presentation)
        return m_dark ? QColor(0xb8, 0xbe, 0xc8) : QColor(0x50, 0x56, 0x60);
    return m_dark ? QColor(0x5a, 0x60, 0x6a) : QColor(0xa8, 0xae, 0xb8);
}

QFont NodePainter::labelFont() const
{
    QFont f = m_small;
    f.setPixelSize(m_presentation ? int(std::ceil(presentationTextPixels)) : 11);
    return f;
}

QColor NodePainter::fill(QColor base, double strength) const
{
    return mix(background(), base, m_dark ? std::min(1.0, strength * 1.2) : strength);
}

QPen NodePainter::border(const State &state, const QColor &normal, double width) const
{
    if (state.selected)
        return QPen(highlightColor(), 3.4 * m_k.line);
    if (state.highlighted)
        return litPen();
    return QPen(normal, width * m_k.line);
}

QPen NodePainter::litPen() const
{
    return QPen(highlightColor(), 2.4 * m_k.line);
}

QPainterPath NodePainter::litOutline(const GraphNode &node, const NodeGeometry &g, const QRectF &rect) const
{
    // The shape each kind's border has (paintCard, paintNamespace, paintSmall).
    QPainterPath path;
    switch (node.kind) {
    case GraphNodeKind::Set:
    case GraphNodeKind::Group:
    case GraphNodeKind::Host: path.addRoundedRect(g.stacked ? rect.adjusted(0, m_k.stackOffset, -m_k.stackOffset, 0) : rect, 8 * m_k.scale, 8 * m_k.scale); break;
    case GraphNodeKind::Namespace: path.addRoundedRect(rect, 10 * m_k.scale, 10 * m_k.scale); break;
    case GraphNodeKind::Process:
    case GraphNodeKind::More: path.addRoundedRect(rect, 5 * m_k.scale, 5 * m_k.scale); break;
    }
    return path;
}

NodeGeometry NodePainter::measure(const GraphNode &node, double forcedWidth) const
{
    NodeGeometry g;
    const int titleLines = m_fullText ? 1000 : liveTitleLines;
    const int subtitleLines = m_fullText ? 1000 : liveSubtitleLines;
    const int detailLines = m_fullText ? 1000 : liveDetailLines;
    const QFontMetricsF title(m_title), small(m_small), detail(m_detail), mono(m_mono), chip(m_chip);

    if (node.kind == GraphNodeKind::Process || node.kind == GraphNodeKind::More) {
        const double titleWidth = title.horizontalAdvance(node.title), subtitleWidth = small.horizontalAdvance(node.subtitle);
        const double width = std::clamp(std::max(titleWidth, subtitleWidth) + 2 * m_k.pad, m_k.smallWidth, m_k.maxCard);
        g.title = wrap(m_title, node.title, width - 2 * m_k.pad, titleLines, titleWidth);
        g.subtitle = wrap(m_small, node.subtitle, width - 2 * m_k.pad, subtitleLines, subtitleWidth);
        g.titleTop = 6 * m_k.scale;
        g.subtitleTop = g.titleTop + g.title.size() * m_k.titleLine;
        g.size = QSizeF(width, std::max(m_k.smallHeight, g.subtitleTop + g.subtitle.size() * m_k.subtitleLine + 6 * m_k.scale));
        return g;
    }

    const bool card = isCard(node.kind);
    const bool host = node.kind == GraphNodeKind::Host;
    g.stacked = node.kind == GraphNodeKind::Group;
    // Badges: a namespace of its own with its inode (on the host, the host's own), a host namespace a card
    // shares as a small chip with its type alone.
    QList<double> widths;
    double ownRow = 0, chipRow = 0;
    int own = 0;
    for (const GraphBadge &b : node.badges) {
        const bool asChip = b.initial && !host;
        const QString label = asChip ? QString::fromLatin1(namespaceTypeKey(b.type)) : badgeLabel(b);
        const double w = (asChip ? chip.horizontalAdvance(label) + 12 * m_k.scale : mono.horizontalAdvance(label) + 14 * m_k.scale);
        g.badgeText << label;
        widths << w;
        if (asChip) {
            chipRow += w + m_k.badgeGap;
        } else {
            ownRow = std::max(ownRow, w);
            ++own;
        }
    }
    // Two badges side by side where there are several; the host's chips in one row.
    const double badgesNatural = std::max(own > 1 ? 2 * ownRow + m_k.badgeGap : ownRow, chipRow - m_k.badgeGap);
    const double glyph = card && !host && node.kind != GraphNodeKind::Group ? m_k.glyphRoom : 0;
    const double icon = node.kind == GraphNodeKind::Namespace ? m_k.iconRoom : 0;
    const double titleWidth = title.horizontalAdvance(node.title), subtitleWidth = small.horizontalAdvance(node.subtitle);
    const double detailWidth = detail.horizontalAdvance(node.detail);
    const double natural = std::max({titleWidth + glyph + icon, subtitleWidth, std::min(detailWidth, 320.0 * m_k.scale),
                                     host ? m_k.hostBadgesPerRow * (ownRow + m_k.badgeGap) - m_k.badgeGap : badgesNatural});
    const double lo = card ? m_k.minCard : m_k.minNamespace;
    const double hi = host ? m_k.maxHost : card ? m_k.maxCard : m_k.maxNamespace;
    const double width = forcedWidth > 0 ? std::max(forcedWidth, lo) : std::clamp(natural + 2 * m_k.pad, lo, hi) + (g.stacked ? m_k.stackOffset : 0);
    const double inner = width - 2 * m_k.pad - (g.stacked ? m_k.stackOffset : 0);
    const double top = g.stacked ? m_k.stackOffset : 0;

    g.title = wrap(m_title, node.title, inner - glyph - icon, titleLines, titleWidth);
    g.subtitle = wrap(m_small, node.subtitle, inner, subtitleLines, subtitleWidth);
    g.detail = wrap(m_detail, node.detail, inner, detailLines, detailWidth);
    g.titleTop = top + 8 * m_k.scale;
    g.subtitleTop = g.titleTop + g.title.size() * m_k.titleLine + m_k.scale;
    g.detailTop = g.subtitleTop + g.subtitle.size() * m_k.subtitleLine;
    double y = g.detailTop + g.detail.size() * m_k.detailLine + (node.badges.isEmpty() ? 4 : 8) * m_k.scale;
    // Badges flow left to right; the chips of the host's namespaces start a row of their own.
    double x = m_k.pad;
    double rowHeight = 0;
    bool chips = false;
    for (qsizetype i = 0; i < node.badges.size(); ++i) {
        const bool asChip = node.badges[i].initial && !host;
        const double w = asChip ? widths[i] : std::max(widths[i], own > 1 && !host ? (inner - m_k.badgeGap) / 2 : widths[i]);
        const double h = asChip ? m_k.chipHeight : m_k.badgeHeight;
        if ((asChip && !chips && i > 0) || (x > m_k.pad && x + w > m_k.pad + inner + 0.5)) {
            y += rowHeight + m_k.badgeGap;
            x = m_k.pad;
            rowHeight = 0;
        }
        chips = chips || asChip;
        g.badges << QRectF(x, y, std::min(w, inner), h);
        x += w + m_k.badgeGap;
        rowHeight = std::max(rowHeight, h);
    }
    if (!node.badges.isEmpty())
        y += rowHeight + m_k.pad;
    else
        y += 4 * m_k.scale;
    g.size = QSizeF(width, std::max(y, (card ? 56.0 : 50.0) * m_k.scale));
    return g;
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
    case NamespaceType::Uts: path.addRoundedRect(r, 4, 4); break;
    case NamespaceType::Cgroup: path.addPolygon(polygon(r, {{0.08, 0}, {1, 0}, {0.92, 1}, {0, 1}})); break;
    case NamespaceType::Time: path.addPolygon(polygon(r, {{0, 0}, {1, 0}, {0.9, 1}, {0.1, 1}})); break;
    }
    path.closeSubpath();
    return path;
}

QPen NodePainter::edgePen(GraphEdgeKind kind, bool highlighted) const
{
    // Presentation: darker (lighter on dark) and thicker, to be seen on a projector.
    const bool p = m_presentation;
    QPen pen(p ? (m_dark ? QColor(0xc4, 0xc8, 0xce) : QColor(0x4a, 0x50, 0x58)) : m_dark ? QColor(0x8a, 0x8e, 0x94) : QColor(0x86, 0x8b, 0x94), 1.6);
    switch (kind) {
    case GraphEdgeKind::Member: break;
    case GraphEdgeKind::Parent: pen = QPen(m_dark ? QColor(0xc8, 0xc8, 0xc8) : QColor(0x44, 0x48, 0x50), 2.4); break;
    case GraphEdgeKind::Owner: pen = QPen(fill(typeColor(NamespaceType::User), p ? 1.0 : 0.85), 1.8, Qt::DashLine); break;
    case GraphEdgeKind::BindMount: pen = QPen(fill(typeColor(NamespaceType::Mnt), p ? 1.0 : 0.9), 2.0, Qt::DotLine); break;
    case GraphEdgeKind::FdHolder: pen = QPen(fill(typeColor(NamespaceType::Cgroup), p ? 1.0 : 0.9), 1.8, Qt::DashDotLine); break;
    case GraphEdgeKind::Contains:
        pen = QPen(p ? (m_dark ? QColor(0x9a, 0x9e, 0xa4) : QColor(0x70, 0x74, 0x7a)) : m_dark ? QColor(0x5a, 0x5e, 0x64) : QColor(0xb8, 0xbc, 0xc2), 1.2);
        break;
    }
    pen.setWidthF(pen.widthF() * m_k.line);
    if (highlighted) {
        pen.setColor(highlightColor());
        pen.setWidthF(pen.widthF() + 1.6 * m_k.line);
    }
    return pen;
}

void NodePainter::paint(QPainter *painter, const GraphNode &node, const NodeGeometry &geometry, const QRectF &rect,
                        const State &state) const
{
    painter->save();
    if (state.dimmed)
        painter->setOpacity(0.28);
    // A node a few pixels wide gains nothing from antialiasing, and thousands of them cost three times more.
    if (!state.detailed && state.zoom < titleOnlyZoom)
        painter->setRenderHint(QPainter::Antialiasing, false);
    switch (node.kind) {
    case GraphNodeKind::Set:
    case GraphNodeKind::Group:
    case GraphNodeKind::Host: paintCard(painter, node, geometry, rect, state); break;
    case GraphNodeKind::Namespace: paintNamespace(painter, node, geometry, rect, state); break;
    case GraphNodeKind::Process:
    case GraphNodeKind::More: paintSmall(painter, node, geometry, rect, state); break;
    }
    painter->restore();
}

void NodePainter::paintLines(QPainter *painter, const QStringList &lines, const QFont &font, const QColor &colour, QPointF at,
                             double width, double lineHeight) const
{
    painter->setFont(font);
    painter->setPen(colour);
    for (const QString &line : lines) {
        painter->drawText(QRectF(at.x(), at.y(), width, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, line);
        at.ry() += lineHeight;
    }
}

void NodePainter::paintBadges(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect,
                              const State &state) const
{
    const bool host = node.kind == GraphNodeKind::Host;
    for (qsizetype i = 0; i < node.badges.size() && i < g.badges.size(); ++i) {
        const GraphBadge &b = node.badges[i];
        const QRectF r = g.badges[i].translated(rect.topLeft());
        const QColor c = typeColor(b.type);
        const bool asChip = b.initial && !host;
        if (!state.detailed) {
            // Zoomed out: colour, and the type's name where it is still big enough to read.
            painter->setPen(Qt::NoPen);
            painter->setBrush(b.initial ? fill(c, 0.22) : fill(c, 0.55));
            painter->drawRoundedRect(r, 2 * m_k.scale, 2 * m_k.scale);
            const QString key = QString::fromLatin1(namespaceTypeKey(b.type));
            const double pixels = std::min(r.height() * 0.8, r.width() / (key.size() * 0.62 + 0.6));
            if (state.zoom >= compactZoom && pixels * state.zoom >= 6.5) {
                QFont f = m_chip;
                f.setPixelSize(std::max(1, int(pixels)));
                painter->setFont(f);
                painter->setPen(b.initial ? mutedTextColor() : textColor());
                painter->drawText(r, Qt::AlignCenter, key);
            }
            continue;
        }
        painter->setPen(QPen(b.initial ? fill(c, 0.7) : c, (b.initial ? 1.0 : 1.2) * m_k.line, b.initial ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(badgeFill(b.type, b.initial));
        painter->drawRoundedRect(r, 4 * m_k.scale, 4 * m_k.scale);
        painter->setFont(asChip ? m_chip : m_mono);
        painter->setPen(b.initial ? mutedTextColor() : textColor());
        painter->drawText(r.adjusted((asChip ? 4 : 6) * m_k.scale, 0, -3 * m_k.scale, 0), asChip ? Qt::AlignCenter : (Qt::AlignLeft | Qt::AlignVCenter), g.badgeText.value(i));
    }
}

void NodePainter::paintCard(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const
{
    const bool host = node.kind == GraphNodeKind::Host;
    const QColor base = host ? hostFill() : cardFill();
    const double round = 8 * m_k.scale;
    QRectF body = rect;
    if (g.stacked) {
        // Two cards behind it: this stands for many.
        body = rect.adjusted(0, m_k.stackOffset, -m_k.stackOffset, 0);
        painter->setPen(QPen(frameBorder(), m_k.line));
        painter->setBrush(mix(cardFill(), frameBorder(), 0.08));
        painter->drawRoundedRect(body.translated(m_k.stackOffset, -m_k.stackOffset), round, round);
        painter->drawRoundedRect(body.translated(m_k.stackOffset / 2, -m_k.stackOffset / 2), round, round);
    }
    const QColor edge = m_presentation ? (m_dark ? QColor(0xc8, 0xcc, 0xd2) : QColor(0x3a, 0x3e, 0x46))
                                       : (m_dark ? QColor(0x6a, 0x70, 0x78) : QColor(0x8a, 0x90, 0x98));
    QPen pen = border(state, host ? frameBorder() : edge, host ? 1.4 : 1.2);
    if (host && !state.selected && !state.highlighted)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(base);
    painter->drawRoundedRect(body, round, round);
    paintBadges(painter, node, g, rect, state);
    if (!state.detailed) {
        bool halo = false;
        const QRectF area = overviewTitleArea(node, g, rect, state.zoom, &halo);
        paintOverviewTitle(painter, node.title, area, state, halo);
        return;
    }
    const double inner = body.width() - 2 * m_k.pad;
    const bool glyph = !state.exporting && !host && node.kind != GraphNodeKind::Group && !node.pids.isEmpty();
    paintLines(painter, g.title, m_title, textColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.titleTop), inner - (glyph ? m_k.glyphRoom : 0), m_k.titleLine);
    paintLines(painter, g.subtitle, m_small, mutedTextColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.subtitleTop), inner, m_k.subtitleLine);
    paintLines(painter, g.detail, m_detail, mutedTextColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.detailTop), inner, m_k.detailLine);
    if (glyph) {
        // + / − : the card opens into its processes.
        const double k = m_k.scale;
        painter->setPen(QPen(mutedTextColor(), 1.4 * m_k.line));
        const QPointF c(body.right() - 13 * k, body.top() + 15 * k);
        painter->drawLine(c - QPointF(4 * k, 0), c + QPointF(4 * k, 0));
        if (!node.expanded)
            painter->drawLine(c - QPointF(0, 4 * k), c + QPointF(0, 4 * k));
    }
}

void NodePainter::paintNamespace(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const
{
    const QColor c = typeColor(node.type);
    const bool held = node.pids.isEmpty();
    QPen pen = border(state, c, 1.8);
    if (held && !state.selected && !state.highlighted)
        pen.setStyle(Qt::DashLine); // no process in it: something else keeps it
    painter->setPen(pen);
    painter->setBrush(fill(c, held ? 0.08 : 0.16));
    painter->drawRoundedRect(rect, 10 * m_k.scale, 10 * m_k.scale);
    // The type's shape, as in the legend and the toolbar.
    const QRectF icon(rect.left() + m_k.pad, rect.top() + g.titleTop + 3 * m_k.scale, 22 * m_k.scale, 13 * m_k.scale);
    painter->setPen(QPen(c, 1.3 * m_k.line));
    painter->setBrush(fill(c, 0.45));
    painter->drawPath(namespaceShape(node.type, icon));
    paintBadges(painter, node, g, rect, state);
    if (!state.detailed) {
        bool halo = false;
        const QRectF area = overviewTitleArea(node, g, rect, state.zoom, &halo);
        paintOverviewTitle(painter, node.title, area, state, halo);
        return;
    }
    const double inner = rect.width() - 2 * m_k.pad;
    paintLines(painter, g.title, m_title, textColor(), QPointF(rect.left() + m_k.pad + m_k.iconRoom, rect.top() + g.titleTop), inner - m_k.iconRoom, m_k.titleLine);
    paintLines(painter, g.subtitle, m_small, mutedTextColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.subtitleTop), inner, m_k.subtitleLine);
    paintLines(painter, g.detail, m_detail, mutedTextColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.detailTop), inner, m_k.detailLine);
}

void NodePainter::paintSmall(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const
{
    const bool more = node.kind == GraphNodeKind::More;
    QPen pen = border(state, mix(textColor(), background(), 0.55), 1.0);
    if (more)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(m_presentation ? cardFill() : m_dark ? QColor(0x26, 0x29, 0x2d) : QColor(0xf4, 0xf5, 0xf7));
    painter->drawRoundedRect(rect, 5 * m_k.scale, 5 * m_k.scale);
    if (!state.detailed) {
        bool halo = false;
        paintOverviewTitle(painter, node.title, overviewTitleArea(node, g, rect, state.zoom, &halo), state, halo);
        return;
    }
    const double inner = rect.width() - 2 * m_k.pad;
    paintLines(painter, g.title, m_title, textColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.titleTop), inner, m_k.titleLine);
    paintLines(painter, g.subtitle, m_small, mutedTextColor(), QPointF(rect.left() + m_k.pad, rect.top() + g.subtitleTop), inner, m_k.subtitleLine);
}

QRectF NodePainter::overviewTitleArea(const GraphNode &node, const NodeGeometry &g, const QRectF &rect, double zoom, bool *halo) const
{
    // The name in the header where it has room at a readable size, else across the whole node.
    QRectF body = g.stacked ? rect.adjusted(0, m_k.stackOffset, -m_k.stackOffset, 0) : rect;
    QRectF header = node.kind == GraphNodeKind::Namespace ? body.adjusted(m_k.iconRoom, 0, 0, 0) : body;
    if (!g.badges.isEmpty())
        header.setBottom(rect.top() + g.badges.first().top() - 2);
    const bool room = header.height() * zoom >= overviewPixels + 3 && zoom >= compactZoom;
    *halo = !room && !g.badges.isEmpty();
    return room ? header : body;
}

NodePainter::OverviewFont NodePainter::overviewFont(const QString &title, const QRectF &inner, double zoom) const
{
    // About 10 device pixels; where the name is long, smaller (down to 8) before it is elided.
    QFont f = m_title;
    double pixels = std::max(double(m_title.pixelSize()), overviewPixels / zoom);
    f.setPixelSize(int(pixels));
    const double width = QFontMetricsF(f).horizontalAdvance(title);
    if (width > inner.width()) {
        pixels = std::max(8.0 / zoom, pixels * inner.width() / width);
        f.setPixelSize(std::max(1, int(pixels)));
    }
    if (f.pixelSize() > inner.height())
        f.setPixelSize(std::max(1, int(inner.height())));
    return {f, QFontMetricsF(f).elidedText(title, Qt::ElideRight, inner.width())};
}

NodePainter::TitleOnScreen NodePainter::titleOnScreen(const GraphNode &node, const NodeGeometry &g, const QRectF &rect, double zoom) const
{
    if (zoom >= detailZoom) {
        const bool elided = !g.title.isEmpty() && g.title.last().endsWith(QChar(0x2026)) && !node.title.endsWith(QChar(0x2026));
        return {m_title.pixelSize() * zoom, !elided};
    }
    if (zoom < titleOnlyZoom)
        return {0, false};
    bool halo = false;
    const QRectF inner = overviewTitleArea(node, g, rect, zoom, &halo).adjusted(6, 1, -6, -1);
    const OverviewFont f = overviewFont(node.title, inner, zoom);
    return {f.font.pixelSize() * zoom, f.shown == node.title};
}

void NodePainter::paintOverviewTitle(QPainter *painter, const QString &title, const QRectF &rect, const State &state, bool halo) const
{
    // Zoomed out, a name drawn at ~10 device pixels still says what the node is; the rest would be noise.
    if (state.zoom < titleOnlyZoom)
        return;
    const QRectF inner = rect.adjusted(6, 1, -6, -1);
    const auto [f, shown] = overviewFont(title, inner, state.zoom);
    if (!halo) {
        painter->setFont(f);
        painter->setPen(textColor());
        painter->drawText(inner, Qt::AlignCenter, shown);
        return;
    }
    // Over the badges: a halo of the background around the letters, so the name reads over the colours.
    const QFontMetricsF fm(f);
    QPainterPath path;
    const QPointF at(inner.center().x() - fm.horizontalAdvance(shown) / 2, inner.center().y() + (fm.ascent() - fm.descent()) / 2);
    path.addText(at, f, shown);
    painter->setPen(QPen(background(), std::max(2.0, 3.0 / state.zoom), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(textColor());
    painter->drawPath(path);
}

Legend Legend::of(const GraphModel &model)
{
    Legend l;
    l.types = model.visibleTypes();
    QSet<GraphEdgeKind> kinds;
    for (const GraphEdge &e : model.edges())
        kinds.insert(e.kind);
    for (GraphEdgeKind k : {GraphEdgeKind::Member, GraphEdgeKind::Parent, GraphEdgeKind::Owner, GraphEdgeKind::BindMount,
                            GraphEdgeKind::FdHolder, GraphEdgeKind::Contains})
        if (kinds.contains(k))
            l.edges << k;
    for (const GraphNode &n : model.nodes()) {
        l.groups = l.groups || n.kind == GraphNodeKind::Group;
        if (n.kind == GraphNodeKind::Set || n.kind == GraphNodeKind::Group)
            for (const GraphBadge &b : n.badges) {
                l.ownBadges = l.ownBadges || !b.initial;
                l.hostBadges = l.hostBadges || b.initial;
            }
    }
    return l;
}

struct NodePainter::LegendEntry
{
    enum Kind { Type, Own, Host, Group, Edge } kind;
    NamespaceType type = NamespaceType::Net;
    GraphEdgeKind edge = GraphEdgeKind::Member;
    QString text;
};

QList<NodePainter::LegendEntry> NodePainter::legendEntries(const Legend &legend) const
{
    QList<LegendEntry> out;
    for (NamespaceType t : allNamespaceTypes)
        if (legend.types.test(int(t)))
            out.append({LegendEntry::Type, t, {}, namespaceTypeName(t)});
    if (legend.ownBadges)
        out.append({LegendEntry::Own, {}, {}, QStringLiteral("own namespace")});
    if (legend.hostBadges)
        out.append({LegendEntry::Host, {}, {}, QStringLiteral("host's namespace")});
    if (legend.groups)
        out.append({LegendEntry::Group, {}, {}, QStringLiteral("many alike, folded")});
    for (GraphEdgeKind k : legend.edges) {
        const char *text = "";
        switch (k) {
        case GraphEdgeKind::Member: text = "member of"; break; // a set in a namespace it shares with others
        case GraphEdgeKind::Parent: text = "child of"; break;
        case GraphEdgeKind::Owner: text = "owned by"; break;
        case GraphEdgeKind::BindMount: text = "bind mount"; break;
        case GraphEdgeKind::FdHolder: text = "held by an open fd"; break;
        case GraphEdgeKind::Contains: text = "its process"; break;
        }
        out.append({LegendEntry::Edge, {}, k, QString::fromLatin1(text)});
    }
    return out;
}

// Entries flow left to right in rows, each as wide as its swatch and text.
QList<QRectF> NodePainter::legendCells(const QList<LegendEntry> &entries, const QRectF &rect) const
{
    const QFontMetricsF fm(m_small);
    QList<QRectF> cells;
    const double k = m_k.scale, margin = 8 * k;
    double x = rect.left() + margin, y = rect.top() + 6 * k;
    for (const LegendEntry &e : entries) {
        const double w = m_k.textLeft + std::ceil(fm.horizontalAdvance(e.text)) + 2;
        if (x > rect.left() + margin && x + w > rect.right() - margin) {
            x = rect.left() + margin;
            y += m_k.legendRow;
        }
        cells << QRectF(x, y, w, m_k.legendRow - 4 * k);
        x += w + 14 * k;
    }
    return cells;
}

QSizeF NodePainter::legendSize(double width, const Legend &legend) const
{
    const QList<LegendEntry> entries = legendEntries(legend);
    if (entries.isEmpty())
        return {width, 0};
    const QList<QRectF> cells = legendCells(entries, QRectF(0, 0, width, 1e9));
    return {width, cells.last().bottom() + 8 * m_k.scale};
}

QString NodePainter::legendToolTip(const QRectF &rect, const Legend &legend, QPointF pos) const
{
    const QList<LegendEntry> entries = legendEntries(legend);
    const QList<QRectF> cells = legendCells(entries, rect);
    for (qsizetype i = 0; i < entries.size() && i < cells.size(); ++i) {
        if (entries[i].kind == LegendEntry::Type && cells[i].contains(pos))
            return NamespaceGuide::builtIn().html(entries[i].type);
    }
    return {};
}

void NodePainter::paintLegend(QPainter *painter, const QRectF &rect, const Legend &legend) const
{
    const QList<LegendEntry> entries = legendEntries(legend);
    if (entries.isEmpty())
        return;
    const QList<QRectF> cells = legendCells(entries, rect);
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_presentation ? background() : m_dark ? QColor(0x27, 0x2a, 0x2e) : QColor(0xf1, 0xf1, 0xee));
    painter->drawRoundedRect(rect, 6 * m_k.scale, 6 * m_k.scale);
    const QColor net = typeColor(NamespaceType::Net);
    const double s = m_k.scale, w = m_k.line;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const LegendEntry &e = entries[i];
        const QRectF r = cells[i];
        const QRectF swatch(r.left(), r.top() + s, 32 * s, r.height() - 2 * s);
        switch (e.kind) {
        case LegendEntry::Type:
            painter->setPen(QPen(typeColor(e.type), 1.5 * w));
            painter->setBrush(fill(typeColor(e.type), 0.34));
            painter->drawPath(namespaceShape(e.type, swatch));
            break;
        case LegendEntry::Own:
            painter->setPen(QPen(net, 1.2 * w));
            painter->setBrush(badgeFill(NamespaceType::Net, false));
            painter->drawRoundedRect(swatch, 4 * s, 4 * s);
            break;
        case LegendEntry::Host:
            painter->setPen(QPen(fill(net, 0.7), w, Qt::DashLine));
            painter->setBrush(badgeFill(NamespaceType::Net, true));
            painter->drawRoundedRect(swatch.adjusted(0, s, 0, -s), 4 * s, 4 * s);
            break;
        case LegendEntry::Group:
            painter->setPen(QPen(frameBorder(), w));
            painter->setBrush(cardFill());
            for (int k = 2; k >= 0; --k)
                painter->drawRoundedRect(QRectF(r.left() + k * 3 * s, r.top() + (3 - k * 2) * s, 26 * s, r.height() - 4 * s), 3 * s, 3 * s);
            break;
        case LegendEntry::Edge:
            painter->setPen(edgePen(e.edge, false));
            painter->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.left() + 32 * s, r.center().y()));
            break;
        }
        painter->setFont(m_small);
        painter->setPen(textColor());
        painter->drawText(r.adjusted(m_k.textLeft, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, e.text);
    }
    painter->restore();
}

} // namespace nsviz
