#pragma once

#include "graph/graphmodel.h"

#include <QGraphicsItem>

namespace nsviz {

class GraphScene;

// One node of the graph model; its position is its centre. Painting is the scene's NodePainter's.
class NodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    NodeItem(GraphScene *scene, const GraphNode &node);
    ~NodeItem() override;

    int type() const override { return Type; }
    const GraphNode &node() const { return m_node; }
    const QString &id() const { return m_node.id; }
    void setNode(const GraphNode &node);
    static constexpr double DimmedOpacity = 0.28;
    void setHighlightState(bool lit, bool dimmed);

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
    GraphNode m_node;
    QRectF m_rect;
    bool m_lit = false;
};

// Every edge of the graph in one item: thousands of edge items would cost more in the scene index than
// their painting; here they are drawn as batched lines per pen, under the nodes.
class EdgeLayer final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    explicit EdgeLayer(GraphScene *scene);
    ~EdgeLayer() override;

    int type() const override { return Type; }
    void invalidateEdges(); // the set of edges changed
    void nodesMoved();      // endpoints moved: the bounds may have changed

    QRectF boundingRect() const override;
    QPainterPath shape() const override { return {}; } // not something to click or hover: the background
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    struct Drawn
    {
        const NodeItem *from;
        const NodeItem *to;
        GraphEdgeKind kind;
        bool toHost;
        QString label;
    };
    void rebuild() const;

    GraphScene *m_scene;
    mutable QList<Drawn> m_drawn;
    mutable bool m_dirty = true;
    QRectF m_bounds;
};

} // namespace nsviz
