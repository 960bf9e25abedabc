#pragma once

#include "snapshot/namespacetype.h"

#include <QHash>
#include <QPointer>
#include <QSortFilterProxyModel>

#include <optional>

namespace nsviz {

class NamespaceTreeModel;
class ProcessFilter;

// Shows what a ProcessFilter lets through: the process table's rows, or the namespace tree's nodes, where a
// process is shown when the filter accepts it and every other node when it is one of their ancestors (or, without
// a search, by itself). Every node is judged by what it holds in the snapshot (keys, not the rows built so far:
// the tree builds its children only when they are first shown), so every match of a search has its ancestors
// shown in every grouping, without walking built subtrees as Qt's recursive filtering does. The tree can also be limited to one namespace type. Sorts by each model's SortRole.
class ProcessFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ProcessFilterProxy(QObject *parent = nullptr);
    ~ProcessFilterProxy() override;

    // Not owned; it may be shared by several proxies (and the graph). Null: everything is shown.
    void setFilter(const ProcessFilter *filter);
    void setTypeFilter(std::optional<NamespaceType> type); // namespace tree: only this type's namespaces

    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const final;

private:
    struct TreeKey;
    bool acceptsKey(const TreeKey &key, const TreeKey &parent) const;
    bool subtreeAccepted(const TreeKey &key, int depth) const;
    void forget(const QModelIndex &parent, int first, int last);
    void refilter();

    QPointer<const ProcessFilter> m_filter;
    const NamespaceTreeModel *m_tree = nullptr;
    // Namespace tree: whether what a node holds has something shown, by node, until the node's data changes (the
    // model says so for every ancestor of a process that changed and every node whose rows came or went) or it goes.
    mutable QHash<quintptr, bool> m_subtreeVerdicts;
    QList<QMetaObject::Connection> m_sourceConnections;
    QMetaObject::Connection m_filterConnection;
    std::optional<NamespaceType> m_type;
};

} // namespace nsviz
