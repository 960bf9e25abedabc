#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <bitset>
#include <memory>
#include <optional>

template <typename T>
class QFutureWatcher;

namespace nsviz {

enum class GraphNodeKind : quint8 {
    Set,       // processes sharing the same namespaces of the drawn types: what the seed calls a container
    Namespace, // namespaces shared by two or more sets (the same sets: one node), or held by no process at all
    Process,   // one process, shown because its set or namespace node was expanded
    Host,      // the host: every process in the initial namespaces only, and the frame of the picture
    More,      // "N more processes" where an expansion is cut short
    Group,     // sets (or whole clusters of sets) of the same shape, folded into one stacked card
};

enum class GraphEdgeKind : quint8 {
    Member,    // a shared namespace -> a set in it
    Parent,    // user/pid namespace -> its parent
    Owner,     // namespace -> the user namespace owning it (drawn only when that is not the initial one)
    BindMount, // namespace -> the mount namespace in which its nsfs file is bind-mounted (label: path)
    FdHolder,  // set holding an fd to the namespace -> namespace (label: pid/fd)
    Contains,  // an expanded process -> its set or namespace node
};

// A namespace drawn on a node: one private to a set, one of the host's that a set shares (initial), or in a
// group the type alone (id 0: each member has its own).
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
    QString title;    // the name people know it by (see text::containerName)
    QString subtitle; // what it is: engine, process count, leader pid; a namespace's inode
    QString detail;   // optional third line: what holds a namespace without processes, what a group folds
    NamespaceType type = NamespaceType::Net; // Namespace nodes: the first of their namespaces
    NamespaceId ns = 0;                      // Namespace nodes
    bool initial = false;                    // the host
    QList<GraphBadge> badges;                // in type order: own namespaces, then the host's it shares
    QList<qint32> pids;                      // the processes it stands for, sorted (one for a Process node)
    qint32 pid = 0;                          // Process nodes
    bool expanded = false;        // its processes are drawn as nodes
    bool namespacesShown = false; // a Set whose private namespaces are drawn as nodes instead of badges
    int count = 0;                // Group: how many sets (or clusters of sets) it folds
    QStringList members;          // Group: the ids of the set nodes it folds
    QString group;                // a Set shown because its group was opened: that group's id
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
// snapshots for as long as what they stand for lives: "set:<namespaces>", "ns:<inode>", "proc:<pid>:<start>",
// "group:<shape>", "host".
//
// The sharing graph draws the host once, as the Host node that heads the picture; its namespaces are never
// nodes and have no edges: a set shows that it shares one by a host badge (none with hideHost). What is left
// are the namespaces some sets share, hierarchy and holders, so the graph falls into small clusters. On a
// busy host (more than foldAbove sets) sets of the same shape (command, own and host namespace types, the
// same shared namespaces) fold into one Group node, and so do clusters of the same shape; a group opens on
// demand. Each setSnapshot() emits exactly the nodes and edges created, removed and updated, then changed().
class GraphModel : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Sharing, Hierarchy };
    using TypeMask = std::bitset<NamespaceTypeCount>;
    static constexpr int maxExpandedProcesses = 200;
    static constexpr int foldAbove = 16;   // sets drawn one by one at most before alike ones fold
    static constexpr int unfoldBelow = 12; // once folded, they unfold when fewer sets than this are left
    static constexpr int foldAtLeast = 3; // fewer alike than this are never folded
    static constexpr int ownerEdgesAtMost = 8; // hierarchy: a user namespace owning more is named on them instead

    explicit GraphModel(QObject *parent = nullptr);
    ~GraphModel() override;

    // diff may be null; with an empty diff and unchanged options nothing is recomputed.
    //
    // Synchronous by default: each change below is built before the call returns. Asynchronous (the window's
    // graph): it is built on a worker thread, and the model goes on showing the last build until the new one is
    // applied, with the signals below; changes meanwhile are built together next. Either way, nodes(), edges()
    // and the lookups always describe one finished build.
    void setAsynchronous(bool async);
    bool isAsynchronous() const { return m_async; }
    bool isBuilding() const { return m_building || (m_async && m_stale); } // a build is running or due
    void setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff = nullptr);
    SnapshotPtr snapshot() const { return m_snapshot; }

    void setMode(Mode mode);
    Mode mode() const { return m_mode; } // as set; the nodes shown are of shownMode() until a build is applied
    Mode shownMode() const { return m_shownMode; }
    void setVisibleTypes(TypeMask types);
    TypeMask visibleTypes() const { return m_types; }
    static TypeMask allTypes() { return TypeMask().set(); }
    static TypeMask defaultTypes(Mode mode);
    void setHideHost(bool hide);
    bool hideHost() const { return m_hideHost; }
    void setFolding(bool fold); // alike sets folded into groups on a busy host (the default)
    bool folding() const { return m_folding; }
    void setExpanded(const QString &id, bool expanded);
    void setNamespacesShown(const QString &setId, bool shown);
    bool isExpandable(const QString &id) const;
    // A group's members are drawn one by one (open), or folded again (closed); id is the group's.
    void setGroupOpen(const QString &groupId, bool open);
    // The same snapshot, options, expansions and open groups as another model (an export lays out a copy).
    void copyOf(const GraphModel &other);

    const QHash<QString, GraphNode> &nodes() const { return m_nodes; }
    const QHash<QString, GraphEdge> &edges() const { return m_edges; }
    const GraphNode *node(const QString &id) const;
    QStringList sortedNodeIds() const; // a stable order, for layouts and exports that must not vary
    QStringList edgesOf(const QString &nodeId) const;
    QStringList neighbours(const QString &nodeId) const;

    // Where a process or namespace is drawn: its own node, the node it is a badge of, the group it is folded
    // into, or the host; empty if hidden.
    QString nodeForProcess(qint32 pid) const;
    QString nodeForNamespace(NamespaceId id) const;
    // What lights up when a process is selected: its node, the nodes of the namespaces it is in beyond the
    // host's, and the nodes of every set sharing one of those. A host process lights the host alone.
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
    class Builder;
    struct Result;
    void rebuild();
    void optionsChanged();
    void forgetCards();
    std::shared_ptr<Builder> takeBuilder();
    void startBuild();
    void apply(Result &result);

    // Cards as built by the last rebuild, by namespace set: most sets of a live host do not change between two
    // refreshes, and building a card's texts was most of what a refresh cost. A card is taken over when what
    // it shows is the same (its processes, its leader's name and label, its hostname, its badges).
    struct CachedCard
    {
        QList<qint32> pids;
        qint32 leaderPid = 0;
        QString leaderComm;
        std::optional<ContainerLabel> label;
        QString hostname;
        NamespaceId uts = 0; // the leader's uts namespace, which names it (drawn or not)
        QList<GraphBadge> badges;
        bool expanded = false;
        bool namespacesShown = false;
        GraphNode node;
        QString shape;    // what makes two cards alike (see fold())
        quint64 used = 0; // the rebuild that last took it
    };
    QHash<NamespaceSet, CachedCard> m_cards; // with the build running, if any
    quint64 m_rebuilds = 0;
    // What the diffs of the snapshots since the last build started say changed: a card none of whose processes
    // and none of whose namespaces beyond the host's is in here is taken over without looking at it again. Valid
    // only while m_touchedValid: a snapshot without a diff, or a change of options, has every card looked at.
    QSet<qint32> m_touchedProcesses;
    QSet<NamespaceId> m_touchedNamespaces;
    bool m_touchedValid = false;
    bool m_async = false;
    bool m_building = false; // a build runs on the worker thread
    bool m_stale = false;    // something changed since the last build started
    bool m_startQueued = false;
    bool m_dropCards = false; // the options changed while a build ran: the cards it hands back are not for them
    QFutureWatcher<std::shared_ptr<Result>> *m_watcher = nullptr;

    SnapshotPtr m_snapshot;
    Mode m_mode = Mode::Sharing;
    Mode m_shownMode = Mode::Sharing;
    TypeMask m_types = TypeMask().set();
    bool m_hideHost = false;
    bool m_folding = true;
    bool m_foldActive = false; // the last build folded (see unfoldBelow)
    QSet<QString> m_expanded;
    QSet<QString> m_namespacesShown;
    QSet<QString> m_openGroups;
    QHash<QString, GraphNode> m_nodes;
    QHash<QString, GraphEdge> m_edges;
    QHash<QString, QStringList> m_edgesOf;
    QHash<qint32, QString> m_processNode;
    QHash<NamespaceId, QString> m_namespaceNode;
};

QString graphNodeKindName(GraphNodeKind kind);
QString graphEdgeKindName(GraphEdgeKind kind);

} // namespace nsviz
