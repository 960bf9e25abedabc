#pragma once

#include "graph/graphmodel.h"
#include "graph/nodepainter.h"

#include <QGraphicsItem>

namespace nsviz {

class GraphScene;
class LitBorder;

// One node of the graph model; its position is its centre. Painting is the scene's NodePainter's.
class NodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1, LitBorderType = UserType + 5 }; // LitBorderType: the child that draws it lit

    NodeItem(GraphScene *scene, const GraphNode &node);
    ~NodeItem() override;

    int type() const override { return Type; }
    const GraphNode &node() const { return m_node; }
    const QString &id() const { return m_node.id; }
    void setNode(const GraphNode &node);
    QSizeF size() const { return m_natural; } // as its text asks: what the layout works with
    // Where the layout puts it among its peers: by title, naturally ("lab-2" before "lab-10"), the members of an
    // opened group together. Kept, not worked out for each layout of thousands of cards.
    const QString &sortKey() const { return m_sortKey; }
    // Its position came from a layout (not from where it was made); it grew since, and is to be placed again,
    // where it was if there is room.
    bool isPlaced() const { return m_placed; }
    void setPlaced(bool placed) { m_placed = placed; }
    bool hasGrown() const { return m_grown; }
    void setGrown(bool grown) { m_grown = grown; }
    // Drawn this wide (at least its own size), from its natural left edge: the host's card spans the picture.
    void setStretchWidth(double width);
    double stretchWidth() const { return m_stretch; }
    QSizeF drawnSize() const { return m_rect.size(); }
    const NodeGeometry &geometry() const { return m_geometry; }
    QRectF rect() const { return m_rect; } // in item coordinates
    QRectF sceneRect() const { return m_rect.translated(pos()); } // the node itself, without the selection border
    static constexpr double DimmedOpacity = 0.28;      // under a hover: what is not its neighbour fades
    static constexpr double SelectionDimOpacity = 0.5; // beside a selection: still readable
    void setHighlightState(bool lit, bool dimmed, bool hovering = false);
    // How far it has faded in (0 unseen, 1 there): times the opacity its dimming gives it.
    void setAppearance(double appearance);
    double appearance() const { return m_appearance; }

    static constexpr double selectionMargin = 2; // around the node: room for the selection border
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void updateGeometry();
    void updateToolTip();

    GraphScene *m_scene;
    LitBorder *m_litBorder = nullptr; // made the first time it is lit
    GraphNode m_node;
    NodeGeometry m_geometry;
    QSizeF m_natural;
    QString m_sortKey;
    double m_stretch = 0;
    QRectF m_rect;
    bool m_lit = false;
    double m_dimOpacity = 1;
    double m_appearance = 1;
    bool m_placed = false;
    bool m_grown = false;
};

// Every edge of the graph in one item: thousands of edge items would cost more in the scene index than
// their painting; here they are drawn as batched lines per pen, under the nodes. Their labels are drawn by
// an EdgeLabels item above the nodes, so no card hides one.
class EdgeLayer final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    explicit EdgeLayer(GraphScene *scene);
    ~EdgeLayer() override;

    int type() const override { return Type; }
    void invalidateEdges(); // the set of edges changed
    void nodesMoved(const QRectF &graphBounds); // endpoints moved: the bounds may have changed

    QRectF boundingRect() const override;
    QPainterPath shape() const override { return {}; } // not something to click or hover: the background
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    struct Drawn
    {
        const NodeItem *from;
        const NodeItem *to;
        GraphEdgeKind kind;
        QString label;
    };
    const QList<Drawn> &drawn() const; // the edges whose two ends are drawn, grouped by kind

private:
    void rebuild() const;

    GraphScene *m_scene;
    mutable QList<Drawn> m_drawn;
    mutable bool m_dirty = true;
    QRectF m_bounds;
};

// The labels of the edges (bind mount paths, pid/fd of holders), above the nodes, each on a pill of the
// background colour at the middle of the part of its edge that runs between the two nodes.
class EdgeLabels final : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    EdgeLabels(GraphScene *scene, const EdgeLayer *edges);
    ~EdgeLabels() override;

    int type() const override { return Type; }
    void nodesMoved(const QRectF &graphBounds);
    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    GraphScene *m_scene;
    const EdgeLayer *m_edges;
    QRectF m_bounds;
};

// The host as the frame of the picture: a rounded area behind everything the host holds, its top left
// taken by the host's own card.
class HostFrame final : public QGraphicsItem
{
public:
    enum { Type = UserType + 4 };
    static constexpr double margin = 22;

    explicit HostFrame(GraphScene *scene);
    ~HostFrame() override;

    int type() const override { return Type; }
    void nodesMoved(const QRectF &graphBounds);
    QRectF frameRect() const { return m_frame; }
    QRectF boundingRect() const override { return m_frame.adjusted(-2, -2, 2, 2); }
    QPainterPath shape() const override { return {}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    GraphScene *m_scene;
    QRectF m_frame;
};

} // namespace nsviz
