#pragma once

#include <QHash>
#include <QMetaType>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QSizeF>
#include <QString>

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
    };
    QList<Node> nodes;
    QList<std::pair<int, int>> edges; // tail, head: indexes into nodes; the tail ranks above in a hierarchy
    bool hierarchy = false;           // a tree (user/pid namespaces): layered, top-down
    bool forceFull = false;           // lay everything out afresh, even where nodes are placed
};

struct LayoutResult
{
    QHash<QString, QPointF> positions; // centres
    QString engine;                    // "dot", "sfdp", "neato (pinned)", "incremental"
    QString error;
    qint64 milliseconds = 0;
};

// Lays the graph out with Graphviz, choosing the engine by size and shape: dot for hierarchies and small
// graphs, sfdp with overlap removal for large ones. Where most nodes are already placed they stay where they
// are and only the new ones are placed (neato with the old ones pinned, or next to their neighbours on large
// graphs), so a live graph does not jump; a full layout is turned and moved to match the old picture.
// Thread-safe (Graphviz is not: calls are serialised).
LayoutResult computeLayout(const LayoutInput &input);

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
