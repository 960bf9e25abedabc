#pragma once

#include "graph/graphmodel.h"

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QRectF>
#include <QSizeF>

class QPainter;

namespace nsviz {

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
        double zoom = 1;          // device pixels per unit: below detail, titles alone are drawn large enough to read
    };
    static constexpr double titleOnlyZoom = 0.12; // below this not even titles are drawn

    explicit NodePainter(bool dark = false);
    virtual ~NodePainter();

    bool isDark() const { return m_dark; }
    static QColor typeColor(NamespaceType type);
    static QString typeExplanation(NamespaceType type); // one line, for legends and tooltips

    virtual QSizeF size(const GraphNode &node) const;
    virtual void paint(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const;
    QPainterPath namespaceShape(NamespaceType type, const QRectF &rect) const;
    // Edges to the host's own namespaces are drawn faint: every process has them, they are context, not news.
    QPen edgePen(GraphEdgeKind kind, bool highlighted, bool toHost = false) const;
    QColor background() const;
    QColor textColor() const;
    QColor highlightColor() const;

    // The legend: a swatch and name per drawn namespace type, then the edge kinds. Its size for a width.
    QSizeF legendSize(double width, int types) const;
    void paintLegend(QPainter *painter, const QRectF &rect, GraphModel::TypeMask types) const;

protected:
    void paintCard(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const;
    void paintNamespace(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const;
    void paintSmall(QPainter *painter, const GraphNode &node, const QRectF &rect, const State &state) const;
    QRectF badgeRect(const QRectF &card, int index) const;
    void paintOverviewTitle(QPainter *painter, const QString &title, const QRectF &rect, const State &state) const;
    QColor fill(QColor base, double strength) const;

    bool m_dark;
    QFont m_title;
    QFont m_small;
    QFont m_mono;
};

} // namespace nsviz
