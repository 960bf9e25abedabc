#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace nsviz {

// The namespaces of a snapshot as a tree, in one of four groupings:
//  ByType         type -> namespace -> member processes
//  UserHierarchy  user namespace -> child user namespaces and the namespaces it owns -> member processes
//  PidHierarchy   pid namespace -> child pid namespaces and its processes (with their pid inside)
//  ProcessTree    process -> child processes, marked where a child's namespaces differ from its parent's
//  NamespaceSets  "containers": each set of processes that share all eight namespaces -> its processes
// Children are built when a view first asks for them (fetchMore), and every later snapshot is merged into the
// nodes built so far as row inserts/removals and dataChanged: expansion and selection survive each tick. A
// process that exits stays one refresh, marked (ExitedRole), so it is not pulled from under a click.
class NamespaceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Grouping { ByType, UserHierarchy, PidHierarchy, ProcessTree, NamespaceSets };
    enum class Column { Name, Members, Details, ColumnCount };
    enum class Kind { Root, TypeGroup, Namespace, Process, Set };
    enum Role {
        KindRole = Qt::UserRole, // Kind as int
        PidRole,                 // Process nodes
        NamespaceIdRole,         // Namespace nodes (quint64)
        NamespaceTypeRole,       // TypeGroup and Namespace nodes
        SortRole,
        BoundaryRole,            // Process nodes in ProcessTree: bitmask of types that differ from the parent's
        InitialRole,             // Namespace nodes: one of the host's initial namespaces; Set nodes: the host's set
        ExitedRole,              // Process nodes: exited; shown one more refresh, then removed
    };

    explicit NamespaceTreeModel(QObject *parent = nullptr);
    ~NamespaceTreeModel() override;

    void setSnapshot(SnapshotPtr snapshot);
    // The same, with the diff from the snapshot shown so far already computed (by whoever else needs it too).
    void setSnapshot(SnapshotPtr snapshot, const SnapshotDiff &diff);
    const SnapshotPtr &snapshot() const { return m_snapshot; }
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }

    // The first node showing this process / namespace, building the nodes on the way; invalid if none.
    QModelIndex findProcess(qint32 pid);
    QModelIndex findNamespace(NamespaceId id);
    // Every node showing this process (in ByType, one under each of its namespaces), building the nodes on the way.
    QModelIndexList findProcessEverywhere(qint32 pid);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const final;
    QModelIndex parent(const QModelIndex &child) const final;
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    bool hasChildren(const QModelIndex &parent = {}) const final;
    bool canFetchMore(const QModelIndex &parent) const final;
    void fetchMore(const QModelIndex &parent) final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

    struct Key
    {
        Kind kind = Kind::Root;
        quint64 value = 0; // type, namespace id, pid, or the key of a namespace set
        friend bool operator==(const Key &, const Key &) = default;
        friend auto operator<=>(const Key &, const Key &) = default;
        friend size_t qHash(const Key &k, size_t seed = 0) { return qHashMulti(seed, int(k.kind), k.value); }
    };
    // What a filter needs to judge nodes that are not built yet (the tree builds children when they are first
    // shown): the key of a node, the keys its children will have, which set is the host's.
    Key keyOf(const QModelIndex &index) const;
    std::vector<Key> childKeys(const Key &key) const { return childrenOf(key); }
    bool isHostSet(const Key &key) const;

private:
    struct Node
    {
        Key key;
        Node *parent = nullptr;
        int row = 0;
        bool populated = false;
        bool exited = false; // a process that has gone: kept one refresh, marked
        std::vector<std::unique_ptr<Node>> children;
    };

    std::vector<Key> childrenOf(const Key &key) const;
    bool hasChildrenKey(const Key &key) const;
    void rebuildIndexes();
    void populate(Node *node, const QModelIndex &index);
    bool merge(Node *node, const QModelIndex &index, const struct NamespaceTreeModelTouched &touched);
    void populateSilently(); // top level, inside a reset
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column = 0) const;
    QModelIndex findPath(const std::vector<Key> &path);
    std::vector<Key> pathTo(const Key &key) const { return m_snapshot ? pathTo(*m_snapshot, key) : std::vector<Key>(); }
    std::vector<Key> pathTo(const Snapshot &snapshot, const Key &key) const;
    int nspidLevel(NamespaceId pidns) const;
    const NamespaceSetGroup *setGroup(quint64 key) const;
    quint64 setKey(const NamespaceSet &set) const;

    SnapshotPtr m_snapshot;
    SnapshotPtr m_previous; // what exited processes are still shown from
    Grouping m_grouping = Grouping::ByType;
    bool m_changing = false; // inside begin/end of a change: nothing may be fetched meanwhile
    Node m_root;
    // Per snapshot and grouping: children of hierarchy nodes, and where each item hangs.
    QHash<quint64, std::vector<Key>> m_namespaceChildren; // namespace id -> child namespaces (hierarchies)
    std::vector<Key> m_topLevel;
    QHash<qint32, std::vector<Key>> m_processChildren;    // ProcessTree: pid -> child processes
    QHash<quint64, int> m_setIndex;                        // NamespaceSets: set key -> index in namespaceSets()
    QHash<NamespaceSet, quint64> m_setKeys;                // NamespaceSets: the key of each set
};

} // namespace nsviz
