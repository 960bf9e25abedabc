#pragma once

// One selection for every view of the window: a process or a namespace chosen in the table, the tree, the graph,
// Details, the change log or the demo panel is selected in all of them, and Details shows it (with what is read
// inside a namespace, off the GUI thread, for the live host). A selection is mirrored without echoing back, and a
// selected row that goes by itself (its process exited, a search hides it) is let go rather than followed to
// whatever row the view moved to. Two rows selected in the table ask for a comparison.

#include "snapshot/snapshot.h"

#include <QObject>

class QTableView;
class QTreeView;

namespace nsviz {

class DetailsPanel;
class GraphWidget;
class HostState;
class NamespaceTreeModel;
class ProcessFilterProxy;
class ProcessTableModel;

class SelectionSync : public QObject
{
    Q_OBJECT
public:
    struct Views
    {
        QTableView *table = nullptr;
        ProcessTableModel *tableModel = nullptr;
        ProcessFilterProxy *tableProxy = nullptr;
        QTreeView *tree = nullptr;
        NamespaceTreeModel *treeModel = nullptr;
        ProcessFilterProxy *treeProxy = nullptr;
        DetailsPanel *details = nullptr;
        GraphWidget *graph = nullptr;
    };

    // Before the views take their proxies: its handlers of the proxies' row removals must run before the views'.
    SelectionSync(const Views &views, const HostState *state, QObject *parent = nullptr);
    // Once the table and the tree have their models (and so their selection models).
    void watchViews();

    void setSnapshot(const SnapshotPtr &current) { m_current = current; }
    // The window starts its models over for another data set (the proxies and views stay).
    void setModels(ProcessTableModel *table, NamespaceTreeModel *tree)
    {
        m_views.tableModel = table;
        m_views.treeModel = tree;
    }
    void selectProcess(qint32 pid);
    void selectNamespace(NamespaceId id);
    void clear();
    // The table's current row selected again everywhere: after the tree was rearranged (another grouping).
    void reselect() { tableCurrentChanged(); }

Q_SIGNALS:
    void compareRequested(qint32 a, qint32 b);

private:
    void dropLostSelection();
    void fetchNamespaceDetails(NamespaceId id);
    void treeCurrentChanged();
    void tableCurrentChanged();

    Views m_views;
    const HostState *m_state;
    SnapshotPtr m_current;
    bool m_syncing = false;          // a selection being mirrored into the other views
    bool m_removingRows = false;     // a proxy is removing rows: a current index that moves is not the user's choice
    bool m_lostSelection = false;    // the selected row went (its process exited, or a search hides it)
    quint64 m_detailsGeneration = 0; // a details read that a newer selection superseded is dropped
};

} // namespace nsviz
