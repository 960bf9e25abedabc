#include "processfilterproxy.h"

#include "namespacetreemodel.h"
#include "processtablemodel.h"

namespace nsviz {

ProcessFilterProxy::ProcessFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortRole(ProcessTableModel::SortRole);
    setDynamicSortFilter(true);
}

ProcessFilterProxy::~ProcessFilterProxy() = default;

void ProcessFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    // Connected before QSortFilterProxyModel::setSourceModel connects its own handlers, so a node's verdict is
    // gone before the proxy asks about it again (changed), or before its address can name another node (removed).
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    m_verdicts.clear();
    if (model) {
        m_sourceConnections = {
            connect(model, &QAbstractItemModel::dataChanged, this,
                    [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                        for (int r = topLeft.row(); r <= bottomRight.row() && !m_verdicts.isEmpty(); ++r)
                            m_verdicts.remove(topLeft.siblingAtRow(r).internalId());
                    }),
            connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &ProcessFilterProxy::forget),
            connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_verdicts.clear(); }),
            connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { m_verdicts.clear(); }),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void ProcessFilterProxy::forget(const QModelIndex &parent, int first, int last)
{
    if (m_verdicts.isEmpty())
        return;
    const QAbstractItemModel *m = sourceModel();
    for (int r = first; r <= last; ++r) {
        const QModelIndex index = m->index(r, 0, parent);
        m_verdicts.remove(index.internalId());
        if (const int rows = m->rowCount(index)) // what is built below it goes too
            forget(index, 0, rows - 1);
    }
}

bool ProcessFilterProxy::setSearch(const QString &text, bool regex, QString *error)
{
    if (regex) {
        QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            if (error)
                *error = re.errorString();
            return false;
        }
        m_regex = re;
    }
    m_text = text;
    m_useRegex = regex;
    m_verdicts.clear();
    invalidateFilter();
    return true;
}

void ProcessFilterProxy::setTypeFilter(std::optional<NamespaceType> type)
{
    m_type = type;
    m_verdicts.clear();
    invalidateFilter();
}

void ProcessFilterProxy::setHideHostNoise(bool hide)
{
    m_hideHost = hide;
    m_verdicts.clear();
    invalidateFilter();
}

bool ProcessFilterProxy::matchesText(const QModelIndex &sourceIndex) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *m = sourceModel();
    for (int c = 0; c < m->columnCount(sourceIndex.parent()); ++c) {
        const QString value = m->index(sourceIndex.row(), c, sourceIndex.parent()).data().toString();
        if (m_useRegex ? m_regex.match(value).hasMatch() : value.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool ProcessFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (qobject_cast<const ProcessTableModel *>(sourceModel())) {
        if (m_hideHost) {
            bool own = false;
            for (NamespaceType t : allNamespaceTypes) {
                const QModelIndex cell = index.siblingAtColumn(ProcessTableModel::namespaceColumn(t));
                own = own || cell.data(ProcessTableModel::SharingRole).toInt() != int(ProcessTableModel::Sharing::Initial);
            }
            if (!own)
                return false;
        }
        return matchesText(index);
    }
    if (index.internalId() == 0) // a source model without node pointers: nothing to remember it by
        return acceptsTreeNode(index);
    if (const auto it = m_verdicts.constFind(index.internalId()); it != m_verdicts.constEnd())
        return *it;
    const bool accepted = acceptsTreeNode(index);
    m_verdicts.insert(index.internalId(), accepted);
    return accepted;
}

bool ProcessFilterProxy::acceptsTreeNode(const QModelIndex &index) const
{
    // The namespace tree: type filter on type groups and namespaces, text on every node (recursive filtering
    // keeps the ancestors of a match).
    const auto kind = NamespaceTreeModel::Kind(index.data(NamespaceTreeModel::KindRole).toInt());
    if (m_type && (kind == NamespaceTreeModel::Kind::TypeGroup || kind == NamespaceTreeModel::Kind::Namespace)
        && index.data(NamespaceTreeModel::NamespaceTypeRole).toInt() != int(*m_type))
        return false;
    if (m_hideHost && kind == NamespaceTreeModel::Kind::Namespace && index.data(NamespaceTreeModel::InitialRole).toBool())
        return false;
    return matchesText(index);
}

} // namespace nsviz
