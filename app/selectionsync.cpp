#include "selectionsync.h"

#include "graph/graphwidget.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processfilterproxy.h"
#include "itemmodels/processtablemodel.h"
#include "live/hoststate.h"
#include "panels/detailspanel.h"
#include "scan/namespacedetails.h"

#include <QItemSelectionModel>
#include <QScopedValueRollback>
#include <QTableView>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

namespace nsviz {

SelectionSync::SelectionSync(const Views &views, const HostState *state, QObject *parent)
    : QObject(parent)
    , m_views(views)
    , m_state(state)
{
    // Connected before the views take the proxies, so these run before the views' own handlers: a current row that
    // moves because rows go (an exited process, a search that hides it) is then known not to be the user's choice.
    for (ProcessFilterProxy *proxy : {m_views.tableProxy, m_views.treeProxy}) {
        connect(proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { m_removingRows = true; });
        connect(proxy, &QAbstractItemModel::rowsRemoved, this, [this] {
            m_removingRows = false;
            if (m_lostSelection)
                QMetaObject::invokeMethod(this, &SelectionSync::dropLostSelection, Qt::QueuedConnection);
        });
    }
}

void SelectionSync::watchViews()
{
    connect(m_views.tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &SelectionSync::treeCurrentChanged);
    connect(m_views.table->selectionModel(), &QItemSelectionModel::currentChanged, this, &SelectionSync::tableCurrentChanged);
    connect(m_views.table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        // Two processes selected in the table: compare them.
        const QModelIndexList rows = m_views.table->selectionModel()->selectedRows();
        if (rows.size() == 2 && !m_syncing)
            Q_EMIT compareRequested(rows[0].data(ProcessTableModel::PidRole).toInt(), rows[1].data(ProcessTableModel::PidRole).toInt());
    });
}

void SelectionSync::selectProcess(qint32 pid)
{
    if (m_syncing)
        return;
    const QScopedValueRollback guard(m_syncing, true);
    ++m_detailsGeneration; // a namespace read in flight is for what was selected before
    m_views.details->showProcess(pid);
    m_views.graph->showProcess(pid);
    const int row = m_views.tableModel->rowOfPid(pid);
    const QModelIndex proxy = row >= 0 ? m_views.tableProxy->mapFromSource(m_views.tableModel->index(row, 0)) : QModelIndex();
    if (proxy.isValid()) {
        // Not when the table itself chose it: re-selecting would undo a Ctrl+click that selects a second row.
        if (m_views.table->currentIndex().data(ProcessTableModel::PidRole).toInt() != pid) {
            m_views.table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_views.table->scrollTo(proxy);
        }
    } else {
        m_views.table->selectionModel()->clear(); // hidden here (a search, kernel threads): nothing else is selected
    }
    const QModelIndex node = m_views.treeProxy->mapFromSource(m_views.treeModel->findProcess(pid));
    if (node.isValid()) {
        m_views.tree->selectionModel()->setCurrentIndex(node, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_views.tree->scrollTo(node);
    } else {
        m_views.tree->selectionModel()->clear();
    }
}

void SelectionSync::clear()
{
    const QScopedValueRollback guard(m_syncing, true);
    ++m_detailsGeneration;
    m_lostSelection = false;
    m_views.table->selectionModel()->clear();
    m_views.tree->selectionModel()->clear();
    m_views.details->clear();
    m_views.graph->clearSelection();
}

void SelectionSync::dropLostSelection()
{
    // The selected row went without the user choosing another: the view moved its current row to a neighbour
    // (an unrelated process), which is not followed. Nothing stays selected; Details keeps saying what happened.
    if (!m_lostSelection)
        return;
    m_lostSelection = false;
    const QScopedValueRollback guard(m_syncing, true);
    m_views.table->selectionModel()->clear();
    m_views.tree->selectionModel()->clear();
}

void SelectionSync::selectNamespace(NamespaceId id)
{
    if (m_syncing)
        return;
    const QScopedValueRollback guard(m_syncing, true);
    m_views.details->showNamespace(id);
    m_views.graph->showNamespace(id);
    fetchNamespaceDetails(id);
    m_views.table->selectionModel()->clear(); // a namespace is selected now, not a process
    const QModelIndex node = m_views.treeProxy->mapFromSource(m_views.treeModel->findNamespace(id));
    if (node.isValid()) {
        m_views.tree->selectionModel()->setCurrentIndex(node, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_views.tree->scrollTo(node);
    }
}

void SelectionSync::fetchNamespaceDetails(NamespaceId id)
{
    const quint64 generation = ++m_detailsGeneration;
    const NamespaceInfo *n = m_current ? m_current->findNamespace(id) : nullptr;
    if (!n)
        return;
    if (m_state->source() != HostState::Source::Live || !m_state->isFollowing()) {
        // A saved snapshot, a moment past, or another user's view of the host: only what the snapshot carries.
        QJsonObject details = n->details;
        const bool fullView = m_state->source() == HostState::Source::FullView && m_state->isFollowing();
        if (details.isEmpty())
            details.insert(QStringLiteral("error"), fullView ? tr("reading inside namespaces needs this program to run as root")
                                                    : m_state->isLive() ? tr("a moment past holds only what was read at the time")
                                                                        : tr("a saved snapshot holds only what was read when it was taken"));
        m_views.details->setLiveDetails(id, details);
        return;
    }
    if (n->processes.isEmpty())
        return;
    DetailsRequest request;
    request.type = n->type;
    request.id = n->id;
    request.pid = n->processes.constFirst();
    if (n->type == NamespaceType::Time) {
        // Clock offsets can be read only through a process whose children will get this namespace.
        for (qint32 pid : n->processes) {
            if (const ProcessInfo *p = m_current->process(pid); p && p->namespaces.timeForChildren == n->id) {
                request.pid = pid;
                break;
            }
        }
    }
    m_views.details->setLiveDetails(id, {});
    QtConcurrent::run([request] { return readNamespaceDetails(request); }).then(this, [this, generation, id](const QJsonObject &details) {
        if (generation == m_detailsGeneration)
            m_views.details->setLiveDetails(id, details);
    });
}

void SelectionSync::treeCurrentChanged()
{
    const QModelIndex current = m_views.tree->currentIndex();
    if (m_removingRows) {
        m_lostSelection = true;
        return;
    }
    if (!current.isValid() || m_syncing)
        return;
    const auto kind = NamespaceTreeModel::Kind(current.data(NamespaceTreeModel::KindRole).toInt());
    if (kind == NamespaceTreeModel::Kind::Process)
        selectProcess(current.data(NamespaceTreeModel::PidRole).toInt());
    else if (kind == NamespaceTreeModel::Kind::Namespace)
        selectNamespace(current.data(NamespaceTreeModel::NamespaceIdRole).toULongLong());
}

void SelectionSync::tableCurrentChanged()
{
    const QModelIndex current = m_views.table->currentIndex();
    if (m_removingRows) {
        m_lostSelection = true;
        return;
    }
    if (!current.isValid() || m_syncing)
        return;
    selectProcess(current.data(ProcessTableModel::PidRole).toInt());
    if (ProcessTableModel::columnType(current.column())) {
        // A namespace cell: the row's process is selected everywhere, and Details shows that namespace of it.
        const NamespaceId id = current.data(ProcessTableModel::NamespaceIdRole).toULongLong();
        if (id) {
            m_views.details->showNamespace(id);
            fetchNamespaceDetails(id);
        }
    }
}

} // namespace nsviz
