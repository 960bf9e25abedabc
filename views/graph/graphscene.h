#pragma once

#include "graph/graphlayout.h"
#include "graph/graphmodel.h"
#include "graph/nodepainter.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QHash>
#include <QElapsedTimer>
#include <QSet>

#include <memory>
#include <vector>

class QTimer;
class QVariantAnimation;

namespace nsviz {

class EdgeLabels;
class EdgeLayer;
class HostFrame;
class NodeItem;

// The scene mirrors a GraphModel: one NodeItem per node id, all edges in one EdgeLayer. It lays the graph out
// off the GUI thread whenever the model changes, keeps nodes where they were and animates the moves, and
// keeps what is highlighted (hover, selection, comparison).
class GraphScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit GraphScene(GraphModel *model, QObject *parent = nullptr);
    ~GraphScene() override;

    GraphModel *model() const { return m_model; }
    const NodePainter &nodePainter() const { return *m_painter; }
    void setNodePainter(std::unique_ptr<NodePainter> painter);

    NodeItem *item(const QString &id) const { return m_items.value(id); }
    const QHash<QString, NodeItem *> &nodeItems() const { return m_items; }
    QRectF graphBounds() const;   // of every node, without margins
    QRectF pictureBounds() const; // of everything drawn: the nodes and the host's frame around them
    QHash<QString, QPointF> positions() const;

    // The shape the picture is packed to (width / height: the view's, or a page's), or a fixed row width.
    void setTargetAspect(double aspect) { m_aspect = aspect; }
    double targetAspect() const { return m_aspect; }
    double packedAspect() const { return m_packedAspect; } // of the last picture packed afresh (0: none yet)
    void setPackWidth(double width) { m_packWidth = width; }

    // Asynchronous; full=true discards the current positions.
    void relayout(bool full = false);
    // Synchronous, without animation: for headless exports and tests.
    LayoutResult layoutNow(bool full = false);
    bool isLayoutPending() const { return m_layoutQueued || !m_pending.isEmpty() || m_layouter->isBusy(); }
    void setAnimated(bool animated) { m_animated = animated; }
    // Presentation: nodes fade in as they come and out as they go (graphs small enough to animate), and what is
    // not beside the selection is dimmed further (a spotlight).
    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }
    double selectionDimOpacity() const;
    bool isFading() const { return !m_fades.empty(); }

    // Text is drawn at any zoom while set (exports).
    void setDetailForced(bool forced) { m_detailForced = forced; }
    bool isDetailForced() const { return m_detailForced; }
    static constexpr double detailThreshold = NodePainter::detailZoom; // below this zoom, names and type names only

    void setHovered(const QString &id);
    void setHighlight(const QSet<QString> &nodes);
    // While a search runs: the nodes that match it; every other node is dimmed (as under a hover), whatever is
    // selected. Cleared (nothing dimmed for it) with clearSearchMatches().
    void setSearchMatches(const QSet<QString> &nodes);
    void clearSearchMatches();
    bool isSearching() const { return m_searching; }
    bool isSearchMatch(const QString &id) const { return !m_searching || m_searchMatches.contains(id); }
    void clearHighlight() { setHighlight({}); }
    bool isHighlighted(const QString &id) const;
    bool isDimmed(const QString &id) const;
    bool isEdgeHighlighted(const QString &from, const QString &to) const;
    void selectNode(const QString &id); // without emitting nodeActivated

    void emitDoubleClicked(const QString &id) { Q_EMIT nodeDoubleClicked(id); }
    // The user clicked a node: it becomes the one selected node, and nodeActivated says so.
    void activate(const QString &id);
    const QSet<QString> &highlight() const { return m_highlight; }
    bool isAnimating() const { return !m_moves.isEmpty(); }

Q_SIGNALS:
    void layoutStarted(int nodes);
    void layoutFinished(const nsviz::LayoutResult &result);
    void settled(); // the nodes are where the last layout put them (its animation, if any, is over)
    void nodeActivated(const QString &id); // clicked by the user (never emitted for programmatic selection)
    void nodeDoubleClicked(const QString &id);

private:
    void onNodeCreated(const QString &id);
    void createItem(const QString &id);
    void createPending(int budgetMs); // budgetMs < 0: all of them now
    void requestQueuedLayout();
    void onNodeRemoved(const QString &id);
    void deleteDoomed();
    void onNodeUpdated(const QString &id);
    void onModelChanged();
    void itemsChanged();
    LayoutInput layoutInput(bool full) const;
    void applyLayout(const LayoutResult &result, bool animate);
    void finishMoves(); // every moving card where it is going, at once
    void nodesMoved(); // the bounds of every node, worked out again
    void showBounds(const QRectF &bounds);
    void includeInBounds(const NodeItem *item);
    void updateSceneRect();
    void repaintHighlights();
    void startFade(NodeItem *item, bool in);
    void stepFades();

    GraphModel *m_model;
    std::unique_ptr<NodePainter> m_painter;
    GraphLayouter *m_layouter;
    EdgeLayer *m_edges;
    EdgeLabels *m_labels;
    HostFrame *m_frame;
    QHash<QString, NodeItem *> m_items;
    QGraphicsItem::CacheMode m_cacheMode = QGraphicsItem::NoCache; // of every item: a cache above cacheAbove items
    QRectF m_bounds;      // of every node (and of some just gone), as of the last showBounds()
    QRectF m_finalBounds; // of every node once the running animation ends
    bool m_sceneRectSet = false;
    QSet<QString> m_highlight;
    QSet<QString> m_hoverSet;
    QSet<QString> m_searchMatches;
    bool m_searching = false;
    QVariantAnimation *m_animation;
    QHash<QString, std::pair<QPointF, QPointF>> m_moves;
    bool m_layoutQueued = false;
    bool m_layoutTimerRunning = false;
    // Nodes the model made whose items are still to be made (graphs above the animation limit), in order.
    QSet<QString> m_pending;
    QStringList m_pendingOrder;
    qsizetype m_pendingNext = 0;
    bool m_createQueued = false;
    std::vector<NodeItem *> m_doomed; // removed from the graph, hidden, to be deleted (see onNodeRemoved)
    bool m_deleteQueued = false;
    bool m_fullQueued = false;
    bool m_animated = true;
    bool m_presentation = false;
    struct Fade
    {
        NodeItem *item;
        qint64 start;
        bool in; // coming, or going (then deleted at the end)
    };
    std::vector<Fade> m_fades;
    QTimer *m_fadeTimer;
    QElapsedTimer m_fadeClock;
    bool m_detailForced = false;
    double m_aspect = 1.6;
    double m_packWidth = 0;
    double m_packedDensity = 0; // of the last picture packed afresh: refreshes repack below half of it
    double m_packedAspect = 0;
    QString m_hovered;
    quint64 m_modelGeneration = 0;     // counts model changes
    quint64 m_requestedGeneration = 0; // the model change the running layout was asked for
};

} // namespace nsviz
