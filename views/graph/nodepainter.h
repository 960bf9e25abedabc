#pragma once

#include "graph/graphmodel.h"

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPen>
#include <QRectF>
#include <QSizeF>
#include <QStringList>

class QPainter;

namespace nsviz {

// Where the text and badges of one node go, measured once per node (NodeItem keeps it) rather than per paint.
struct NodeGeometry
{
    QSizeF size;
    QStringList title, subtitle, detail; // wrapped lines (elided at the line limit unless the text is in full)
    QList<QRectF> badges;                // one per GraphBadge, relative to the node's top left
    QList<QString> badgeText;
    double titleTop = 0, subtitleTop = 0, detailTop = 0;
    bool stacked = false; // a group: cards drawn behind it
};

// What a legend explains: the namespace types drawn, how cards show their namespaces, the edges drawn.
struct Legend
{
    GraphModel::TypeMask types;
    bool ownBadges = false;  // a card's own namespaces
    bool hostBadges = false; // the host's namespaces a card shares
    bool groups = false;     // many alike folded into one card
    QList<GraphEdgeKind> edges;
    static Legend of(const GraphModel &model); // what this graph draws now
    bool isEmpty() const { return types.none() && !ownBadges && !hostBadges && !groups && edges.isEmpty(); }
    friend bool operator==(const Legend &, const Legend &) = default;
};

// How nodes, badges, edges and the legend look: one object, so the live view, presentation mode and exports
// can restyle the graph without touching the items or the model.
class NodePainter
{
public:
    struct State
    {
        bool selected = false;
        bool highlighted = false; // a neighbour of what is hovered or selected
        bool dimmed = false;      // something else is highlighted
        bool detailed = true;     // draw all text; false when zoomed out far enough that it would not be readable
        bool exporting = false;   // a document: no interaction hints (the +/- of cards)
        double zoom = 1;          // device pixels per unit: below detail, names and type names are drawn larger
    };
    static constexpr double detailZoom = 0.75;   // from this zoom on, every text is drawn at its size
    static constexpr double compactZoom = 0.3;   // below detail: names in the header, type names on badges
    static constexpr double titleOnlyZoom = 0.08; // below this not even names are drawn
    static constexpr double overviewPixels = 10; // device pixels of a name below detail
    // Presentation: every text at least 20 pt on a 1080p screen at zoom 1 (96 dpi: 20 * 96 / 72 pixels), colours
    // of high contrast, thick lines, big cards; for a class at the back of a room and for slides.
    static constexpr double presentationTextPixels = 20.0 * 96 / 72;

    explicit NodePainter(bool dark = false, bool presentation = false);
    virtual ~NodePainter();

    bool isDark() const { return m_dark; }
    bool isPresentation() const { return m_presentation; }
    double scale() const { return m_k.scale; } // of lengths and text against the normal look
    double titlePixels() const { return m_title.pixelSize(); } // the title font at zoom 1
    // Every font the painter draws text with (titles, names, details, badges, chips, legend, edge labels).
    QList<QFont> fonts() const { return {m_title, m_small, m_detail, m_mono, m_chip, labelFont()}; }
    // Exports draw every text in full; the live view caps long texts at a few lines (the tooltip has them whole).
    void setFullText(bool full) { m_fullText = full; }
    bool fullText() const { return m_fullText; }

    // Lines of text wrapped to a width (at word boundaries, or anywhere in a word too long for a line); at most
    // maxLines, the last one elided when there is more.
    static QStringList wrapText(const QFont &font, const QString &text, double width, int maxLines = 100000);
    static QColor typeColor(NamespaceType type);
    static QString typeExplanation(NamespaceType type); // one line, for legends and tooltips

    // width > 0: as wide as that (the host's card spans the picture), else as wide as its text asks.
    virtual NodeGeometry measure(const GraphNode &node, double width = 0) const;
    QSizeF size(const GraphNode &node) const { return measure(node).size; }
    virtual void paint(QPainter *painter, const GraphNode &node, const NodeGeometry &geometry, const QRectF &rect,
                       const State &state) const;
    void paint(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const
    {
        paint(painter, node, measure(node), rect, state);
    }
    // How big a node's name is on screen at a zoom (device pixels), and whether it shows in full: what a
    // reader of the overview gets. The painting below draws it so.
    struct TitleOnScreen
    {
        double pixels = 0;
        bool full = true;
    };
    TitleOnScreen titleOnScreen(const GraphNode &node, const NodeGeometry &geometry, const QRectF &rect, double zoom) const;
    QPainterPath namespaceShape(NamespaceType type, const QRectF &rect) const;
    QPen edgePen(GraphEdgeKind kind, bool highlighted) const;
    QColor background() const;
    QColor textColor() const;
    QColor mutedTextColor() const;
    QColor highlightColor() const;
    // The border of a node lit by a hover or a selection (drawn over its own, see NodeItem), in item coordinates.
    QPainterPath litOutline(const GraphNode &node, const NodeGeometry &g, const QRectF &rect) const;
    QPen litPen() const;
    QColor hostFill() const;         // the host band, and the frame of the picture
    QColor cardFill() const;         // a container's card
    QColor badgeFill(NamespaceType type, bool hosts) const; // a badge of its own namespace, or a chip of the host's
    QColor frameBorder() const;
    QFont labelFont() const;         // edge labels

    // The legend: a swatch and name per drawn namespace type, how a card shows its own and the host's
    // namespaces, then the kinds of edge drawn, flowing in rows. Its size for a width.
    QSizeF legendSize(double width, const Legend &legend) const;
    void paintLegend(QPainter *painter, const QRectF &rect, const Legend &legend) const;
    // The tooltip of the legend entry at `pos` as paintLegend() lays it out in `rect`: a type's explanation (the
    // namespace guide), empty elsewhere.
    QString legendToolTip(const QRectF &rect, const Legend &legend, QPointF pos) const;

protected:
    void paintCard(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const;
    void paintNamespace(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const;
    void paintSmall(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const;
    void paintBadges(QPainter *painter, const GraphNode &node, const NodeGeometry &g, const QRectF &rect, const State &state) const;
    void paintLines(QPainter *painter, const QStringList &lines, const QFont &font, const QColor &colour, QPointF at,
                    double width, double lineHeight) const;
    void paintOverviewTitle(QPainter *painter, const QString &title, const QRectF &rect, const State &state, bool header) const;
    // Below detail: where the name goes (the header, or across the node when the header has no room: halo).
    QRectF overviewTitleArea(const GraphNode &node, const NodeGeometry &g, const QRectF &rect, double zoom, bool *halo) const;
    struct OverviewFont
    {
        QFont font;
        QString shown;
    };
    OverviewFont overviewFont(const QString &title, const QRectF &inner, double zoom) const;
    struct LegendEntry;
    QList<LegendEntry> legendEntries(const Legend &legend) const;
    QList<QRectF> legendCells(const QList<LegendEntry> &entries, const QRectF &rect) const;
    QColor fill(QColor base, double strength) const;
    QPen border(const State &state, const QColor &normal, double width) const;

    // Lengths of the layout of a card, a badge and the legend, in units at zoom 1.
    struct Metrics
    {
        double scale = 1;
        double pad = 10;
        double titleLine = 19, subtitleLine = 15, detailLine = 14;
        double badgeHeight = 20, chipHeight = 16, badgeGap = 5;
        double minCard = 230, maxCard = 380, maxHost = 560, minNamespace = 220, maxNamespace = 360;
        double smallWidth = 160, smallHeight = 40;
        int hostBadgesPerRow = 4; // the host's card, as wide as it asks for
        double glyphRoom = 20;  // the +/- at the top right of a card that opens
        double iconRoom = 30;   // the type icon left of a namespace node's title
        double stackOffset = 6; // the cards drawn behind a group
        double legendRow = 22;
        double textLeft = 38;   // a legend entry's text starts this far from its swatch's left edge
        double line = 1;        // border and edge widths are this many times the normal ones
        static Metrics presentation();
    };

    bool m_dark;
    bool m_presentation;
    Metrics m_k;
    bool m_fullText = false;
    QFont m_title;
    QFont m_small;
    QFont m_detail;
    QFont m_mono;
    QFont m_chip;
};

} // namespace nsviz
