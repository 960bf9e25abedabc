#pragma once

#include "export/diagramexport.h"
#include "snapshot/snapshot.h"

#include <QMainWindow>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolButton;
class QTreeView;

namespace nsviz {

class ChartsPanel;
class ContainerNames;
class ComparePanel;
class DemoPanel;
class GraphWidget;
class DetailsPanel;
class NamespaceTreeModel;
class Poller;
class ProbeStream;
class ProcessFilterProxy;
class ProcessTableModel;

// The application window: the namespace tree and the process table (the sharing matrix) side by side,
// details of the selection and live charts in docks, refresh controls and search in the toolbar, and the
// state of the scan in the status bar. Live by default; a saved snapshot is shown read-only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // With a snapshot: shows it read-only. Without: polls the live host.
    explicit MainWindow(SnapshotPtr fixed = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and the command line.
    QTreeView *treeView() const { return m_tree; }
    QTableView *tableView() const { return m_table; }
    DetailsPanel *detailsPanel() const { return m_details; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    GraphWidget *graphWidget() const { return m_graph; }
    ComparePanel *comparePanel() const { return m_compare; }
    DemoPanel *demoPanel() const { return m_demo; }
    void compareProcesses(qint32 a, qint32 b);
    QLineEdit *searchField() const { return m_search; }
    QComboBox *groupingBox() const { return m_grouping; }
    bool openSnapshot(const QString &path, QString *error = nullptr);
    bool saveSnapshot(const QString &path, QString *error = nullptr) const;
    // The live history's bound (View > History size, setting history/maxMiB; default 64 MiB).
    static int historyMiB();
    SnapshotPtr currentSnapshot() const { return m_current; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showSnapshot(const SnapshotPtr &snapshot);
    void goLive();
    void startFullView();
    void stopFullView(const QString &why);
    bool isLive() const { return m_poller || m_fullView; }
    void showFixed(const SnapshotPtr &snapshot);
    void resetModels();
    void sizeColumns();
    void updateStatus();
    void applySearch();
    void selectProcess(qint32 pid);
    void selectNamespace(NamespaceId id);
    void fetchNamespaceDetails(NamespaceId id);
    void treeSelectionChanged();
    void tableSelectionChanged();
    void exportMatrix(ExportFormat format);

    SnapshotPtr m_current;
    // Names of engine and demo containers, which /proc does not have; the scanner applies them.
    std::shared_ptr<ContainerNames> m_containerNames;
    Poller *m_poller = nullptr;
    ProbeStream *m_fullView = nullptr; // pkexec nsviz-probe --stream, while the user asked for the full view
    ProcessTableModel *m_tableModel;
    ProcessFilterProxy *m_tableProxy;
    NamespaceTreeModel *m_treeModel;
    ProcessFilterProxy *m_treeProxy;
    QTreeView *m_tree;
    QTableView *m_table;
    DetailsPanel *m_details;
    ChartsPanel *m_charts;
    GraphWidget *m_graph;
    ComparePanel *m_compare;
    DemoPanel *m_demo;
    QComboBox *m_grouping;
    QComboBox *m_typeFilter;
    QLineEdit *m_search;
    QCheckBox *m_regex;
    QCheckBox *m_hideHost;
    QSpinBox *m_interval;
    QAction *m_pause = nullptr;
    QAction *m_refresh = nullptr;
    QLabel *m_statusCounts;
    QLabel *m_statusTime;
    QLabel *m_statusHidden;
    QAction *m_fullViewAction = nullptr;
    QToolButton *m_fullViewButton = nullptr;
    bool m_syncing = false; // a selection being mirrored into the other view
    quint64 m_detailsGeneration = 0; // a details read that a newer selection superseded is dropped
};

} // namespace nsviz
