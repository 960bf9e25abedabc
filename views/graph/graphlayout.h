#pragma once

#include <QHash>
#include <QMetaType>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <functional>

namespace nsviz {

// What a layout needs to know, copied out of the scene so it can run on a worker thread.
struct LayoutInput
{
    struct Node
    {
        QString id;
        QSizeF size;          // scene units (points)
        bool placed = false;  // pos is where the node is drawn now: keep it there if possible
        QPointF pos;          // centre
        QString sortKey;      // what it is called: clusters of one node are packed in this order
        bool hint = false;    // not placed (it grew), but pos is where it was: it stays there if that is free
    };
    QList<Node> nodes;
    QList<std::pair<int, int>> edges;      // tail, head: indexes into nodes; the tail ranks above
    QList<std::pair<int, int>> looseEdges; // drawn, but no part of the structure (owners across the trees)
    bool hierarchy = false;                // trees (user/pid namespaces): every cluster is laid out as one
    bool forceFull = false;                // lay everything out afresh, even where nodes are placed
    double aspect = 1.6;                   // width / height of the area the picture should fill
    double width = 0;                      // > 0: pack into rows this wide (a page), whatever the aspect
    int head = -1;                         // the node heading the picture (the host): top left, above the rest
    // Keeping placed nodes where they are leaves holes when many go: below this density (the nodes' share of
    // the picture's area) everything is packed afresh instead. 0: never.
    double repackBelow = 0;
    // Set by the scene, run first on the worker: puts the nodes in their order and fills edges, looseEdges and
    // head from the graph it holds (a shared copy). Sorting thousands of ids and mapping every edge's ends was
    // most of what a refresh cost the GUI thread.
    std::function<void(LayoutInput &)> prepare;
};

struct LayoutResult
{
    QHash<QString, QPointF> positions; // centres
    QString engine;                    // "packed", "incremental", "unchanged", "none"
    double density = 0;                // the nodes' share of the picture's area
    double aspect = 0;                 // the aspect it was packed to (input.aspect)
    QString error;
    qint64 milliseconds = 0;
    // What a scene has to touch: the nodes whose position differs from the input's or that were not placed.
    QStringList changed;
    QRectF restBounds; // of every node but the head, at its size: its card spans the picture to their right edge
};

// Lays the graph out as clusters packed to a page. The graph falls into connected clusters (the host's
// namespaces are not part of it); each is laid out on its own: one node as it is, a tree (a pod: its
// shared namespaces above its sets; a namespace hierarchy) top-down with wide rows of children wrapped,
// anything else with Graphviz (dot when small, neato, sfdp with overlap removal when large). The clusters
// are then packed bottom-left into rows as wide as the aspect asks, the head node above them all: bigger
// clusters first, single nodes by name. Where most nodes are already placed they stay exactly where they
// are: a new node joins its neighbours, a new cluster takes the first free place in reading order, so a
// live graph does not jump. Thread-safe (Graphviz is not: its calls are serialised).
LayoutResult computeLayout(const LayoutInput &input);

// A name to sort by as people read: case-blind, numbers by value ("dev-47" before "dev-438", however long).
QString naturalSortKey(const QString &title);

// Runs computeLayout off the GUI thread, one at a time; a result that a newer request superseded is dropped.
class GraphLayouter : public QObject
{
    Q_OBJECT
public:
    explicit GraphLayouter(QObject *parent = nullptr);
    ~GraphLayouter() override;

    void request(LayoutInput input);
    bool isBusy() const { return m_running; }

Q_SIGNALS:
    void started(int nodes);
    void finished(const nsviz::LayoutResult &result);

private:
    void startNext();

    bool m_running = false;
    bool m_hasPending = false;
    LayoutInput m_pending;
    quint64 m_generation = 0;
};

} // namespace nsviz

Q_DECLARE_METATYPE(nsviz::LayoutResult)
