#pragma once

#include "snapshot/namespacetype.h"

#include <QHash>
#include <QRegularExpression>
#include <QSortFilterProxyModel>

#include <optional>

namespace nsviz {

// Filters the process table (and, recursively, the namespace tree) by text or regular expression over
// command, pid, container and namespace ids, by namespace type, and can hide "host noise": processes that
// use only initial namespaces. Sorts by each model's SortRole.
class ProcessFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ProcessFilterProxy(QObject *parent = nullptr);
    ~ProcessFilterProxy() override;

    // Plain text matches case-insensitively anywhere; with regex, the pattern is a QRegularExpression.
    // Returns false (and keeps the old filter) for an invalid pattern, with the reason in *error.
    bool setSearch(const QString &text, bool regex, QString *error = nullptr);
    void setTypeFilter(std::optional<NamespaceType> type); // namespace tree: only this type's namespaces
    void setHideHostNoise(bool hide);
    bool hidesHostNoise() const { return m_hideHost; }

    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const final;

private:
    bool matchesText(const QModelIndex &sourceIndex) const;
    bool acceptsTreeNode(const QModelIndex &index) const;
    void forget(const QModelIndex &parent, int first, int last);

    // Namespace tree: each node's own verdict (not its subtree's), by node, until its data changes or it goes.
    // Recursive filtering asks again for every node under a parent whenever one child changes, and the texts
    // behind a verdict are what costs.
    mutable QHash<quintptr, bool> m_verdicts;
    QList<QMetaObject::Connection> m_sourceConnections;

    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
    std::optional<NamespaceType> m_type;
    bool m_hideHost = false;
};

} // namespace nsviz
