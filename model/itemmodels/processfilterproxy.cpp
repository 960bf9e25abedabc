#include "processfilterproxy.h"

#include "namespacetreemodel.h"
#include "processfilter.h"
#include "processtablemodel.h"

namespace nsviz {

struct ProcessFilterProxy::TreeKey
{
    NamespaceTreeModel::Key key;
};

ProcessFilterProxy::ProcessFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Not Qt's recursive filtering: on every change under a node it walks the subtree built below each ancestor,
    // row by row, to learn whether something there is shown; with a search typed on a host of 5,000 processes a
    // refresh spent most of its time so. Each node is judged here by what it holds instead (keys, see
    // subtreeAccepted), the verdict kept until the model says the node changed (it does for every ancestor of a
    // process that changed, and for every node whose rows came or went) or it goes.
    setRecursiveFilteringEnabled(false);
    setSortRole(ProcessTableModel::SortRole);
    setDynamicSortFilter(true);
}

ProcessFilterProxy::~ProcessFilterProxy() = default;

void ProcessFilterProxy::setFilter(const ProcessFilter *filter)
{
    disconnect(m_filterConnection);
    m_filter = filter;
    if (filter)
        m_filterConnection = connect(filter, &ProcessFilter::criteriaChanged, this, &ProcessFilterProxy::refilter);
    refilter();
}

void ProcessFilterProxy::refilter()
{
    m_subtreeVerdicts.clear();
    invalidateFilter();
}

void ProcessFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    // Connected before QSortFilterProxyModel::setSourceModel connects its own handlers, so a node's verdict is
    // gone before the proxy asks about it again (changed, built), or before its address can name another node
    // (removed).
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    m_subtreeVerdicts.clear();
    m_tree = qobject_cast<const NamespaceTreeModel *>(model);
    if (model) {
        m_sourceConnections = {
            connect(model, &QAbstractItemModel::dataChanged, this,
                    [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                        for (int r = topLeft.row(); r <= bottomRight.row() && !m_subtreeVerdicts.isEmpty(); ++r)
                            m_subtreeVerdicts.remove(topLeft.siblingAtRow(r).internalId());
                    }),
            connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
                    [this](const QModelIndex &parent) { m_subtreeVerdicts.remove(parent.internalId()); }),
            connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &ProcessFilterProxy::forget),
            connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_subtreeVerdicts.clear(); }),
            connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { m_subtreeVerdicts.clear(); }),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void ProcessFilterProxy::forget(const QModelIndex &parent, int first, int last)
{
    if (m_subtreeVerdicts.isEmpty())
        return;
    const QAbstractItemModel *m = sourceModel();
    for (int r = first; r <= last; ++r) {
        const QModelIndex index = m->index(r, 0, parent);
        m_subtreeVerdicts.remove(index.internalId());
        if (const int rows = m->rowCount(index)) // what is built below it goes too
            forget(index, 0, rows - 1);
    }
}

void ProcessFilterProxy::setTypeFilter(std::optional<NamespaceType> type)
{
    m_type = type;
    refilter();
}

bool ProcessFilterProxy::acceptsKey(const TreeKey &node, const TreeKey &parent) const
{
    // A node by itself, not by what it holds (recursive filtering and subtreeAccepted() add the ancestors).
    using Kind = NamespaceTreeModel::Kind;
    const NamespaceTreeModel::Key &k = node.key;
    const ProcessFilter *f = m_filter.data();
    const bool searching = f && f->isSearching();
    const Snapshot *s = m_tree->snapshot().get();
    switch (k.kind) {
    case Kind::Root:
        return false;
    case Kind::TypeGroup:
        return !searching && (!m_type || NamespaceType(k.value) == *m_type);
    case Kind::Namespace: {
        const NamespaceInfo *n = s ? s->findNamespace(k.value) : nullptr;
        if (!n || (m_type && n->type != *m_type))
            return false;
        if (f && f->hidesHostNoise() && n->initial)
            return false;
        return searching ? f->matchesNamespace(n->type, n->id) : true;
    }
    case Kind::Set:
        return !searching && !(f && f->hidesHostNoise() && m_tree->isHostSet(k));
    case Kind::Process: {
        // Limited to one type, a process is shown under that type's namespaces only.
        if (m_type && parent.key.kind == Kind::Namespace) {
            const NamespaceInfo *n = s ? s->findNamespace(parent.key.value) : nullptr;
            if (!n || n->type != *m_type)
                return false;
        }
        return !f || f->accepts(qint32(k.value));
    }
    }
    return false;
}

bool ProcessFilterProxy::subtreeAccepted(const TreeKey &node, int depth) const
{
    if (depth > 64)
        return false;
    for (const NamespaceTreeModel::Key &child : m_tree->childKeys(node.key)) {
        const TreeKey c{child};
        if (acceptsKey(c, node) || subtreeAccepted(c, depth + 1))
            return true;
    }
    return false;
}

bool ProcessFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_tree) {
        // The process table: the filter has judged every process once per snapshot; this is a lookup.
        const ProcessFilter *f = m_filter.data();
        return !f || !f->isRestricting() || f->accepts(index.data(ProcessTableModel::PidRole).toInt());
    }
    const TreeKey key{m_tree->keyOf(index)};
    const TreeKey parent{sourceParent.isValid() ? m_tree->keyOf(sourceParent) : NamespaceTreeModel::Key()};
    if (acceptsKey(key, parent))
        return true;
    if (const auto it = m_subtreeVerdicts.constFind(index.internalId()); it != m_subtreeVerdicts.constEnd())
        return *it;
    const bool accepted = subtreeAccepted(key, 0);
    m_subtreeVerdicts.insert(index.internalId(), accepted);
    return accepted;
}

} // namespace nsviz
