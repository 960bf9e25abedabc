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
    invalidateFilter();
    return true;
}

void ProcessFilterProxy::setTypeFilter(std::optional<NamespaceType> type)
{
    m_type = type;
    invalidateFilter();
}

void ProcessFilterProxy::setHideHostNoise(bool hide)
{
    m_hideHost = hide;
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
