#include "graphscene.h"

#include "graph/nodeitem.h"

#include <QEasingCurve>
#include <QElapsedTimer>
#include <QTimer>
#include <QVariantAnimation>

namespace nsviz {

namespace {
constexpr int animationMs = 450;
constexpr int animateAtMost = 2500; // moving more items per frame than this stutters: they jump instead
constexpr int cacheAbove = 800;     // nodes drawn from a pixmap cache on graphs larger than this
constexpr int createBatchMs = 40;   // new items made per event-loop turn on graphs larger than animateAtMost
constexpr int fadeMs = 600;         // presentation: a node fading in or out
constexpr int fadeAtMost = 200;     // more nodes than this come and go at once
} // namespace

GraphScene::GraphScene(GraphModel *model, QObject *parent)
    : QGraphicsScene(parent)
    , m_model(model)
    , m_painter(std::make_unique<NodePainter>())
    , m_layouter(new GraphLayouter(this))
    , m_edges(new EdgeLayer(this))
    , m_labels(new EdgeLabels(this, m_edges))
    , m_frame(new HostFrame(this))
    , m_animation(new QVariantAnimation(this))
    , m_fadeTimer(new QTimer(this))
{
    m_fadeTimer->setInterval(16);
    connect(m_fadeTimer, &QTimer::timeout, this, &GraphScene::stepFades);
    m_fadeClock.start();
    // No index: every refresh moves, adds and removes cards, and Qt's BSP index then goes through all its items
    // again (4 ms of each refresh at 2,000 cards); painting and finding the card under the pointer without it
    // cost a pass over the items, a fraction of a millisecond.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    addItem(m_frame);
    addItem(m_edges);
    addItem(m_labels);
    setBackgroundBrush(m_painter->background());

    connect(m_model, &GraphModel::nodeCreated, this, &GraphScene::onNodeCreated);
    connect(m_model, &GraphModel::nodeRemoved, this, &GraphScene::onNodeRemoved);
    connect(m_model, &GraphModel::nodeUpdated, this, &GraphScene::onNodeUpdated);
    connect(m_model, &GraphModel::changed, this, &GraphScene::onModelChanged);
    connect(m_layouter, &GraphLayouter::started, this, &GraphScene::layoutStarted);
    connect(m_layouter, &GraphLayouter::finished, this, [this](const LayoutResult &result) {
        // The model changed after this layout was asked for: a newer one is queued, this one is stale.
        if (m_requestedGeneration == m_modelGeneration)
            applyLayout(result, m_animated);
    });

    m_animation->setDuration(animationMs);
    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        const double t = v.toDouble();
        for (auto it = m_moves.cbegin(); it != m_moves.cend(); ++it)
            if (NodeItem *item = m_items.value(it.key()))
                item->setPos(it->first + (it->second - it->first) * t);
        showBounds(m_bounds);
    });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        m_moves.clear(); // settled: nothing runs until the next layout
        showBounds(m_finalBounds);
        updateSceneRect();
        Q_EMIT settled();
    });

    // Whatever the model already holds.
    for (const QString &id : m_model->sortedNodeIds())
        onNodeCreated(id);
    if (!m_items.isEmpty() || !m_pending.isEmpty())
        onModelChanged();
}

GraphScene::~GraphScene()
{
    m_animation->stop();
    m_fadeTimer->stop();
    m_fades.clear();
    m_moves.clear();
    m_items.clear();
    clear(); // the items go while the scene is still a GraphScene
}

void GraphScene::activate(const QString &id)
{
    selectNode(id);
    Q_EMIT nodeActivated(id);
}

void GraphScene::setNodePainter(std::unique_ptr<NodePainter> painter)
{
    // Cards on their way go there at once: their bounds are worked out again below, from where they are.
    const bool wasAnimating = isAnimating();
    m_animation->stop();
    finishMoves();
    m_painter = std::move(painter);
    setBackgroundBrush(m_painter->background());
    for (NodeItem *item : std::as_const(m_items))
        item->setNode(item->node()); // sizes may differ
    m_edges->invalidateEdges();
    nodesMoved();
    update();
    if (wasAnimating) {
        updateSceneRect();
        Q_EMIT settled(); // as the animation would have at its end
    }
}

void GraphScene::setPresentation(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    if (!on) {
        // Whatever was on its way in is there; whatever was going is gone.
        m_fadeClock.restart();
        for (Fade &f : m_fades)
            f.start = -fadeMs;
        stepFades();
    }
    repaintHighlights();
}

double GraphScene::selectionDimOpacity() const
{
    return m_presentation ? 0.22 : NodeItem::SelectionDimOpacity;
}

void GraphScene::startFade(NodeItem *item, bool in)
{
    item->setAppearance(in ? 0 : item->appearance());
    m_fades.push_back({item, m_fadeClock.elapsed(), in});
    if (!m_fadeTimer->isActive())
        m_fadeTimer->start();
}

void GraphScene::stepFades()
{
    const qint64 now = m_fadeClock.elapsed();
    QEasingCurve ease(QEasingCurve::InOutQuad);
    for (auto it = m_fades.begin(); it != m_fades.end();) {
        const double t = std::clamp(double(now - it->start) / fadeMs, 0.0, 1.0);
        it->item->setAppearance(it->in ? ease.valueForProgress(t) : std::min(it->item->appearance(), 1 - ease.valueForProgress(t)));
        if (t < 1) {
            ++it;
            continue;
        }
        if (!it->in) {
            it->item->hide();
            m_doomed.push_back(it->item);
            if (!m_deleteQueued) {
                m_deleteQueued = true;
                QTimer::singleShot(0, this, [this] { deleteDoomed(); });
            }
        }
        it = m_fades.erase(it);
    }
    if (m_fades.empty())
        m_fadeTimer->stop();
}

QRectF GraphScene::graphBounds() const
{
    // The cards have no transform: their bounds are where they are, moved by their position (mapping each through
    // the scene with sceneBoundingRect() was a millisecond of every refresh at 2,000 cards).
    QRectF r;
    for (const NodeItem *item : m_items)
        r |= item->boundingRect().translated(item->pos());
    return r;
}

// Items came or went: the edges hold item pointers, and past cacheAbove items each card is drawn from a cache.
void GraphScene::itemsChanged()
{
    m_edges->invalidateEdges();
    // The bounds took in every card made or grown since (see includeInBounds); those of cards gone stay until
    // the layout that follows.
    showBounds(m_bounds);
    const QGraphicsItem::CacheMode cache = m_items.size() > cacheAbove ? QGraphicsItem::DeviceCoordinateCache : QGraphicsItem::NoCache;
    if (cache == m_cacheMode)
        return; // the new items were made with it
    m_cacheMode = cache;
    for (NodeItem *item : std::as_const(m_items))
        item->setCacheMode(cache);
}

void GraphScene::includeInBounds(const NodeItem *item)
{
    const QRectF r = item->boundingRect().translated(item->pos());
    m_bounds |= r;
    if (isAnimating())
        m_finalBounds |= r; // made or grown on the way: it stays there until its layout comes
}

QRectF GraphScene::pictureBounds() const
{
    return graphBounds() | m_frame->frameRect();
}

void GraphScene::nodesMoved()
{
    showBounds(graphBounds());
}

void GraphScene::showBounds(const QRectF &bounds)
{
    m_bounds = bounds;
    m_edges->nodesMoved(m_bounds);
    m_labels->nodesMoved(m_bounds);
    m_frame->nodesMoved(m_bounds);
}

QHash<QString, QPointF> GraphScene::positions() const
{
    QHash<QString, QPointF> out;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
        out.insert(it.key(), (*it)->pos());
    return out;
}

void GraphScene::onNodeCreated(const QString &id)
{
    if (m_items.contains(id))
        return;
    if (m_model->nodes().size() <= animateAtMost && m_pending.isEmpty()) {
        createItem(id);
        return;
    }
    // Thousands of new nodes (a huge host opened, every group unfolded): measuring each card's text takes about
    // 0.1 ms, so they are made a batch per event-loop turn, and the window answers input and signals meanwhile.
    // The layout waits for the last batch.
    if (!m_pending.contains(id)) {
        m_pending.insert(id);
        m_pendingOrder.append(id);
    }
    if (!m_createQueued) {
        m_createQueued = true;
        QTimer::singleShot(0, this, [this] { createPending(createBatchMs); });
    }
}

void GraphScene::createPending(int budgetMs)
{
    m_createQueued = false;
    QElapsedTimer clock;
    clock.start();
    qsizetype done = 0;
    while (m_pendingNext < m_pendingOrder.size() && (budgetMs < 0 || clock.elapsed() < budgetMs)) {
        const QString id = m_pendingOrder.at(m_pendingNext++);
        if (m_pending.remove(id)) // not removed again meanwhile
            createItem(id);
        ++done;
    }
    if (m_pendingNext < m_pendingOrder.size()) {
        m_createQueued = true;
        QTimer::singleShot(0, this, [this] { createPending(createBatchMs); });
        return;
    }
    m_pending.clear();
    m_pendingOrder.clear();
    m_pendingNext = 0;
    if (done == 0)
        return;
    // As a model change would: the edges hold item pointers, and the layout queued meanwhile can run now.
    itemsChanged();
    if (m_layoutQueued && !m_layoutTimerRunning)
        requestQueuedLayout();
}

void GraphScene::createItem(const QString &id)
{
    const GraphNode *node = m_model->node(id);
    if (!node)
        return;
    auto *item = new NodeItem(this, *node);
    // Until the layout says otherwise, a new node starts next to a neighbour that is already drawn, so it
    // seems to come out of it rather than fly in from the origin.
    for (const QString &n : m_model->neighbours(id))
        if (const NodeItem *neighbour = m_items.value(n)) {
            item->setPos(neighbour->pos());
            break;
        }
    // On a graph too big to animate, a node waits unseen for its place: thousands of new cards piled on their
    // neighbours would all be in view at once, and drawing them in full froze the window for seconds before
    // the layout (off this thread) put them where they belong.
    if (m_model->nodes().size() > animateAtMost)
        item->setVisible(false);
    item->setCacheMode(m_cacheMode);
    m_items.insert(id, item);
    addItem(item);
    includeInBounds(item);
    item->setHighlightState(isHighlighted(id), isDimmed(id), !m_hoverSet.isEmpty() || !isSearchMatch(id));
    if (m_presentation && m_animated && m_model->nodes().size() <= fadeAtMost)
        startFade(item, true);
}

void GraphScene::onNodeRemoved(const QString &id)
{
    m_pending.remove(id);
    m_moves.remove(id);
    m_highlight.remove(id);
    m_hoverSet.remove(id);
    m_searchMatches.remove(id);
    if (id == m_hovered) {
        // No hover-leave comes from a deleted item: the dimming would stay until the pointer met another node.
        m_hovered.clear();
        m_hoverSet.clear();
    }
    NodeItem *item = m_items.take(id);
    if (!item)
        return;
    m_edges->invalidateEdges(); // it holds pointers to the items
    // Deleting an item costs the scene's index (and its cached pixmap) work: thousands going at once (to the
    // hierarchy and back, a host closed) stalled the window for a third of a second. Unseen and unselected, it
    // is deleted a batch per event-loop turn instead.
    item->setSelected(false);
    // Fading in still: it goes from where it got to.
    for (auto it = m_fades.begin(); it != m_fades.end(); ++it)
        if (it->item == item) {
            m_fades.erase(it);
            break;
        }
    if (m_presentation && m_animated && m_model->nodes().size() <= fadeAtMost) {
        // Out of reach of the pointer and of lookups while it fades out where it was.
        item->setEnabled(false);
        item->setAcceptHoverEvents(false);
        item->setAcceptedMouseButtons(Qt::NoButton);
        startFade(item, false);
        return;
    }
    item->hide();
    m_doomed.push_back(item);
    if (!m_deleteQueued) {
        m_deleteQueued = true;
        QTimer::singleShot(0, this, [this] { deleteDoomed(); });
    }
}

void GraphScene::deleteDoomed()
{
    m_deleteQueued = false;
    QElapsedTimer clock;
    clock.start();
    while (!m_doomed.empty() && clock.elapsed() < createBatchMs) {
        delete m_doomed.back();
        m_doomed.pop_back();
    }
    if (!m_doomed.empty()) {
        m_deleteQueued = true;
        QTimer::singleShot(0, this, [this] { deleteDoomed(); });
    }
}

void GraphScene::onNodeUpdated(const QString &id)
{
    NodeItem *item = m_items.value(id);
    const GraphNode *node = m_model->node(id);
    if (!item || !node)
        return;
    const QSizeF before = item->size();
    item->setNode(*node);
    includeInBounds(item);
    // A longer name, more badges: where it is, it may now cover its neighbours. It is placed again; not the host,
    // which heads the picture with nothing above it (placed again, it would move up).
    if (const QSizeF after = item->size();
        node->kind != GraphNodeKind::Host && (after.width() > before.width() + 0.5 || after.height() > before.height() + 0.5)) {
        if (item->isPlaced()) {
            item->setPlaced(false);
            item->setGrown(true);
        }
    }
}

void GraphScene::onModelChanged()
{
    ++m_modelGeneration;
    if (!m_hovered.isEmpty()) {
        // The hovered node's neighbours may have changed.
        const QString hovered = std::exchange(m_hovered, QString());
        m_hoverSet.clear();
        setHovered(hovered);
    }
    itemsChanged();
    // Presentation: a small picture packed afresh each time, into the rows the view has room for (the same graph
    // packs the same, so a refresh that changed a count moves nothing); new cards are not put wherever they fit.
    relayout(m_presentation && m_model->nodes().size() <= fadeAtMost);
}

void GraphScene::relayout(bool full)
{
    m_fullQueued = m_fullQueued || full;
    if (m_layoutQueued)
        return;
    m_layoutQueued = true;
    // Coalesce a burst of model changes (a snapshot, then an expansion) into one layout.
    m_layoutTimerRunning = true;
    QTimer::singleShot(0, this, [this] {
        m_layoutTimerRunning = false;
        if (!m_layoutQueued || !m_pending.isEmpty())
            return; // the last batch of new items asks for it
        requestQueuedLayout();
    });
}

void GraphScene::requestQueuedLayout()
{
    m_layoutQueued = false;
    m_requestedGeneration = m_modelGeneration;
    m_layouter->request(layoutInput(std::exchange(m_fullQueued, false)));
}

LayoutResult GraphScene::layoutNow(bool full)
{
    if (!m_pending.isEmpty())
        createPending(-1);
    m_layoutQueued = false;
    full = full || std::exchange(m_fullQueued, false);
    const LayoutResult result = computeLayout(layoutInput(full));
    applyLayout(result, false);
    return result;
}

LayoutInput GraphScene::layoutInput(bool full) const
{
    LayoutInput in;
    in.hierarchy = m_model->shownMode() == GraphModel::Mode::Hierarchy;
    in.forceFull = full;
    in.aspect = m_aspect;
    in.width = m_packWidth;
    in.repackBelow = m_packedDensity / 2;
    // What only this thread knows: each card's size, place and state. Their order and the edges are worked out
    // by prepare() on the worker.
    in.nodes.reserve(m_items.size());
    QString head;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        const NodeItem *item = *it;
        const bool placed = !full && item->isPlaced();
        // A node still moving is laid out from where it is going.
        const auto move = m_moves.constFind(it.key());
        const QPointF pos = move != m_moves.cend() ? move->second : item->pos();
        if (item->node().kind == GraphNodeKind::Host && !in.hierarchy)
            head = it.key();
        // The members of an opened group are packed together, where the group was in the order (its sort key).
        in.nodes.append({it.key(), item->size(), placed, pos, item->sortKey(), !full && item->hasGrown()});
    }
    in.prepare = [edges = m_model->edges(), head](LayoutInput &input) {
        // The same graph always gives the layout the same input: the nodes by id.
        std::sort(input.nodes.begin(), input.nodes.end(), [](const LayoutInput::Node &a, const LayoutInput::Node &b) { return a.id < b.id; });
        QHash<QString, int> index;
        index.reserve(input.nodes.size());
        for (int i = 0; i < int(input.nodes.size()); ++i)
            index.insert(input.nodes[i].id, i);
        input.head = head.isEmpty() ? -1 : index.value(head, -1);
        // The edges in the order of their ends (and kinds), which the sorted ids make the same for the same graph.
        struct Edge
        {
            std::pair<int, int> ends;
            GraphEdgeKind kind;
            bool loose;
            bool operator<(const Edge &o) const { return std::tie(ends, kind) < std::tie(o.ends, o.kind); }
        };
        std::vector<Edge> sorted;
        sorted.reserve(std::size_t(edges.size()));
        for (const GraphEdge &e : edges) {
            const int from = index.value(e.from, -1), to = index.value(e.to, -1);
            if (from < 0 || to < 0)
                continue;
            // Parents, owners and holders rank above what they hold; shared namespaces above the sets in them.
            const bool upward = e.kind == GraphEdgeKind::Parent || e.kind == GraphEdgeKind::Owner || e.kind == GraphEdgeKind::Contains
                || e.kind == GraphEdgeKind::BindMount;
            // In the hierarchy the trees are made of parents (and expanded processes); owners cross between them.
            const bool loose = input.hierarchy && e.kind != GraphEdgeKind::Parent && e.kind != GraphEdgeKind::Contains;
            sorted.push_back({upward ? std::pair{to, from} : std::pair{from, to}, e.kind, loose});
        }
        std::sort(sorted.begin(), sorted.end());
        for (const Edge &e : sorted)
            (e.loose ? input.looseEdges : input.edges).append(e.ends);
    };
    return in;
}

void GraphScene::applyLayout(const LayoutResult &result, bool animate)
{
    m_animation->stop();
    // The nodes to touch: those the layout moved or placed, and those stopped on their way by this one. Laid out
    // afresh, the picture closes a gap under the host's card below, so every node may move.
    const bool packed = result.engine == QLatin1String("packed");
    QStringList touched = result.changed;
    for (auto it = m_moves.cbegin(); it != m_moves.cend(); ++it)
        if (result.positions.contains(it.key()))
            touched.append(it.key());
    m_moves.clear();
    if (packed) {
        m_packedDensity = result.density;
        m_packedAspect = result.aspect;
        touched = result.positions.keys();
    }
    QHash<QString, QPointF> positions = result.positions;
    // Where the cards will be, from the layout: going through thousands of them for it was a part of each refresh.
    QRectF bounds = result.restBounds;
    // The host's card heads the picture: as wide as everything under it, from its left edge, which the layout
    // puts on theirs.
    if (NodeItem *head = m_items.value(QStringLiteral("host")); head && positions.contains(head->id())) {
        const QPointF at = positions[head->id()];
        const double left = at.x() - head->size().width() / 2;
        const bool sharing = m_model->shownMode() == GraphModel::Mode::Sharing;
        head->setStretchWidth(sharing && !bounds.isNull() ? std::max(left, bounds.right()) - left : 0);
        // Laid out afresh, the rest was put under the card at its own width: close the gap it leaves when wide.
        if (sharing && packed)
            if (const double gap = head->size().height() - head->drawnSize().height(); gap > 0) {
                for (auto it = positions.begin(); it != positions.end(); ++it)
                    if (it.key() != head->id())
                        it->ry() -= gap;
                bounds.translate(0, -gap);
            }
        bounds |= head->rect().translated(at);
    }
    if (!bounds.isNull())
        bounds.adjust(-NodeItem::selectionMargin, -NodeItem::selectionMargin, NodeItem::selectionMargin, NodeItem::selectionMargin);
    for (const QString &id : std::as_const(touched)) {
        NodeItem *item = m_items.value(id);
        if (!item)
            continue; // removed while the layout ran
        item->setPlaced(true);
        item->setGrown(false);
        if (!item->isVisible())
            item->setVisible(true);
        if (const QPointF to = positions.value(id); item->pos() != to)
            m_moves.insert(id, {item->pos(), to});
    }
    if (animate && !m_moves.isEmpty() && m_moves.size() <= animateAtMost) {
        // On their way each card is between where it was and where it goes.
        m_finalBounds = bounds;
        showBounds(m_bounds | bounds);
        m_animation->start();
    } else {
        finishMoves();
        showBounds(bounds);
    }
    updateSceneRect();
    Q_EMIT layoutFinished(result);
    if (m_animation->state() != QAbstractAnimation::Running)
        Q_EMIT settled();
}

void GraphScene::finishMoves()
{
    for (auto it = m_moves.cbegin(); it != m_moves.cend(); ++it)
        if (NodeItem *item = m_items.value(it.key()))
            item->setPos(it->second);
    m_moves.clear();
}

void GraphScene::updateSceneRect()
{
    // Room around the graph, so it can be panned a little past its edges. The nodes' bounds are those of the last
    // layout (see showBounds()). The rect is kept while it holds the picture with 150 to 300 units to spare, and
    // set with 250 when it must change: the scroll bars do not twitch with each refresh of a live host.
    const QRectF bounds = m_bounds | m_frame->frameRect();
    const QRectF now = sceneRect();
    if (m_sceneRectSet && now.contains(bounds.adjusted(-150, -150, 150, 150)) && now.width() <= bounds.width() + 600
        && now.height() <= bounds.height() + 600)
        return;
    m_sceneRectSet = true;
    setSceneRect(bounds.adjusted(-250, -250, 250, 250));
}

void GraphScene::setHovered(const QString &id)
{
    m_hovered = id;
    QSet<QString> set;
    if (!id.isEmpty()) {
        set.insert(id);
        for (const QString &n : m_model->neighbours(id))
            set.insert(n);
    }
    if (set == m_hoverSet)
        return;
    m_hoverSet = set;
    repaintHighlights();
}

void GraphScene::setHighlight(const QSet<QString> &nodes)
{
    if (nodes == m_highlight)
        return;
    m_highlight = nodes;
    repaintHighlights();
}

void GraphScene::setSearchMatches(const QSet<QString> &nodes)
{
    if (m_searching && nodes == m_searchMatches)
        return;
    m_searching = true;
    m_searchMatches = nodes;
    repaintHighlights();
}

void GraphScene::clearSearchMatches()
{
    if (!m_searching)
        return;
    m_searching = false;
    m_searchMatches.clear();
    repaintHighlights();
}

bool GraphScene::isHighlighted(const QString &id) const
{
    return m_hoverSet.isEmpty() ? m_highlight.contains(id) : m_hoverSet.contains(id);
}

bool GraphScene::isDimmed(const QString &id) const
{
    if (!isSearchMatch(id))
        return true;
    const QSet<QString> &active = m_hoverSet.isEmpty() ? m_highlight : m_hoverSet;
    return !active.isEmpty() && !active.contains(id);
}

bool GraphScene::isEdgeHighlighted(const QString &from, const QString &to) const
{
    const QSet<QString> &active = m_hoverSet.isEmpty() ? m_highlight : m_hoverSet;
    return active.contains(from) && active.contains(to);
}

void GraphScene::selectNode(const QString &id)
{
    clearSelection();
    if (NodeItem *item = m_items.value(id))
        item->setSelected(true);
}

void GraphScene::repaintHighlights()
{
    for (NodeItem *item : std::as_const(m_items))
        item->setHighlightState(isHighlighted(item->id()), isDimmed(item->id()), !m_hoverSet.isEmpty() || !isSearchMatch(item->id()));
    m_edges->update();
}

} // namespace nsviz
