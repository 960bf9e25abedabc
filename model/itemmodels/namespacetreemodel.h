#pragma once

#include "treegrouping.h"

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace nsviz {

// The namespaces of a snapshot as a tree, in one of five groupings (treegrouping.h: each one's shape); in
// ProcessTree a child is marked where its namespaces differ from its parent's. Children are built when a view first asks for them (fetchMore), and every later snapshot is merged into the
// nodes built so far as row inserts/removals and dataChanged: expansion and selection survive each tick. A
// process that exits stays one refresh, marked (ExitedRole), so it is not pulled from under a click.
class NamespaceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    using Grouping = tree::Grouping;
    using Kind = tree::Kind;
    using Key = tree::Key;
    enum class Column { Name, Members, Details, ColumnCount };
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
    Grouping grouping() const { return m_grouper->grouping(); }

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

    // What a filter needs to judge nodes that are not built yet (the tree builds children when they are first
    // shown): the key of a node, the keys its children will have, which set is the host's.
    Key keyOf(const QModelIndex &index) const;
    std::vector<Key> childKeys(const Key &key) const { return m_grouper->children(key); }
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

    void populate(Node *node, const QModelIndex &index);
    bool merge(Node *node, const QModelIndex &index, const struct NamespaceTreeModelTouched &touched);
    void populateSilently(); // top level, inside a reset
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column = 0) const;
    QModelIndex findPath(const std::vector<Key> &path);
    std::vector<Key> pathTo(const Key &key) const { return m_snapshot ? m_grouper->pathTo(*m_snapshot, key) : std::vector<Key>(); }
    int nspidLevel(NamespaceId pidns) const;

    SnapshotPtr m_snapshot;
    SnapshotPtr m_previous; // what exited processes are still shown from
    std::unique_ptr<tree::Grouper> m_grouper;
    bool m_changing = false; // inside begin/end of a change: nothing may be fetched meanwhile
    Node m_root;
};

} // namespace nsviz
