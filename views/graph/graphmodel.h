#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <bitset>

namespace nsviz {

enum class GraphNodeKind : quint8 {
    Set,       // processes sharing the same namespaces of the drawn types: what the seed calls a container
    Namespace, // a namespace shared by two or more sets, or held by no process at all
    Process,   // one process, shown because its set or namespace node was expanded
    Host,      // with "hide host noise": every process that uses only initial namespaces
    More,      // "N more processes" where an expansion is cut short
};

enum class GraphEdgeKind : quint8 {
    Member,    // set -> a shared namespace it is in
    Parent,    // user/pid namespace -> its parent
    Owner,     // namespace -> the user namespace owning it (drawn only when that is not the initial one)
    BindMount, // namespace -> the mount namespace in which its nsfs file is bind-mounted (label: path)
    FdHolder,  // set holding an fd to the namespace -> namespace (label: pid/fd)
    Contains,  // an expanded process -> its set or namespace node
};

// A namespace drawn on a set node because no other set is in it (or, with hide host noise, an initial one).
struct GraphBadge
{
    NamespaceType type = NamespaceType::Net;
    NamespaceId id = 0;
    bool initial = false;
    friend bool operator==(const GraphBadge &, const GraphBadge &) = default;
};

struct GraphNode
{
    QString id;
    GraphNodeKind kind = GraphNodeKind::Set;
    QString title;
    QString subtitle;
    NamespaceType type = NamespaceType::Net; // Namespace nodes
    NamespaceId ns = 0;                      // Namespace nodes
    bool initial = false;                    // a Namespace node of an initial namespace, or the host set
    QList<GraphBadge> badges;                // Set and Host nodes, in type order
    QList<qint32> pids;                      // the processes it stands for, sorted (one for a Process node)
    qint32 pid = 0;                          // Process nodes
    bool expanded = false;        // its processes are drawn as nodes
    bool namespacesShown = false; // a Set whose private namespaces are drawn as nodes instead of badges
    friend bool operator==(const GraphNode &, const GraphNode &) = default;
};

struct GraphEdge
{
    QString id;
    QString from;
    QString to;
    GraphEdgeKind kind = GraphEdgeKind::Member;
    QString label;
    friend bool operator==(const GraphEdge &, const GraphEdge &) = default;
};

// The sharing graph (or the namespace hierarchy) of one snapshot, with ids that stay the same across
// snapshots for as long as what they stand for lives: "set:<namespaces>", "ns:<inode>", "proc:<pid>:<start>".
// Each setSnapshot() emits exactly the nodes and edges created, removed and updated, then changed().
class GraphModel : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Sharing, Hierarchy };
    using TypeMask = std::bitset<NamespaceTypeCount>;
    static constexpr int maxExpandedProcesses = 200;

    explicit GraphModel(QObject *parent = nullptr);
    ~GraphModel() override;

    // diff may be null; with an empty diff and unchanged options nothing is recomputed.
    void setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff = nullptr);
    SnapshotPtr snapshot() const { return m_snapshot; }

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setVisibleTypes(TypeMask types);
    TypeMask visibleTypes() const { return m_types; }
    static TypeMask allTypes() { return TypeMask().set(); }
    static TypeMask defaultTypes(Mode mode);
    void setHideHost(bool hide);
    bool hideHost() const { return m_hideHost; }
    void setExpanded(const QString &id, bool expanded);
    void setNamespacesShown(const QString &setId, bool shown);
    bool isExpandable(const QString &id) const;

    const QHash<QString, GraphNode> &nodes() const { return m_nodes; }
    const QHash<QString, GraphEdge> &edges() const { return m_edges; }
    const GraphNode *node(const QString &id) const;
    QStringList sortedNodeIds() const; // a stable order, for layouts and exports that must not vary
    QStringList edgesOf(const QString &nodeId) const;
    QStringList neighbours(const QString &nodeId) const;

    // Where a process or namespace is drawn: its own node, or the set node it is a badge of; empty if hidden.
    QString nodeForProcess(qint32 pid) const;
    QString nodeForNamespace(NamespaceId id) const;
    // What lights up when a process is selected: its node, the nodes of every namespace it is in, and the
    // nodes of every process sharing any of them.
    QSet<QString> processNeighbourhood(qint32 pid) const;

Q_SIGNALS:
    void nodeCreated(const QString &id);
    void nodeRemoved(const QString &id);
    void nodeUpdated(const QString &id);
    void edgeCreated(const QString &id);
    void edgeRemoved(const QString &id);
    void changed(); // after each batch of the signals above

private:
    struct Built;
    void rebuild();
    void buildSharing(Built &out) const;
    void buildHierarchy(Built &out) const;
    GraphNode namespaceNode(const NamespaceInfo &n) const;
    void addProcesses(Built &out, const QString &ownerId, const QList<qint32> &pids) const;
    bool isHostOnly(const NamespaceSet &set) const;

    SnapshotPtr m_snapshot;
    Mode m_mode = Mode::Sharing;
    TypeMask m_types = TypeMask().set();
    bool m_hideHost = false;
    QSet<QString> m_expanded;
    QSet<QString> m_namespacesShown;
    QHash<QString, GraphNode> m_nodes;
    QHash<QString, GraphEdge> m_edges;
    QHash<QString, QStringList> m_edgesOf;
    QHash<qint32, QString> m_processNode;
    QHash<NamespaceId, QString> m_namespaceNode;
};

QString graphNodeKindName(GraphNodeKind kind);
QString graphEdgeKindName(GraphEdgeKind kind);

} // namespace nsviz
