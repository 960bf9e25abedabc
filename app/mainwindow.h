#pragma once

#include "export/diagramexport.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QMainWindow>
#include <QPersistentModelIndex>

#include <memory>

class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QScreen;
class QSpinBox;
class QTableView;
class QToolButton;
class QTreeView;

namespace nsviz {

class ChangeLogPanel;
class LessonPanel;
class PresentationMode;
class ChartsPanel;
class TimelineBar;
struct HostFile;
struct Recording;
class ComparePanel;
class DemoPanel;
class GraphWidget;
class DetailsPanel;
class ElidedLabel;
class NamespaceTreeModel;
class HostState;
class ProcessFilter;
class ProcessFilterProxy;
class ProcessTableModel;
class SelectionSync;

// The application window: the namespace tree beside the sharing graph and the process table (the sharing
// matrix), details of the selection, comparison, demo containers and live charts in docks, refresh controls and
// search in the toolbar, and the state of the scan in the status bar. Live by default; a saved snapshot is shown
// read-only. One selection and one search (a ProcessFilter) hold for every view; the window is sized for the
// screen it is on, and nothing in it asks for more room than that screen has.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // With a snapshot: shows it read-only. Without: polls the live host.
    explicit MainWindow(SnapshotPtr fixed = nullptr, QWidget *parent = nullptr);
    // Replaying a recording from the start (nsviz --replay FILE): the live host is not scanned at all.
    MainWindow(const Recording &replay, const QString &path, QWidget *parent = nullptr);
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
    QCheckBox *kernelThreadsBox() const { return m_kernelThreads; }
    QCheckBox *regexBox() const { return m_regex; }
    ProcessFilter *processFilter() const { return m_filter; }
    // A new picture of the host shown (live sources call it; tests feed sequences of snapshots through it).
    void showSnapshot(const SnapshotPtr &snapshot);
    // Nothing selected in any view (Escape, or a click on empty space).
    void clearSelection();
    // Sizes the window, its docks and panes for a screen (the one it is on by default), never larger than what
    // that screen has: done at construction, before a saved layout (if any) replaces it.
    void fitToScreen(const QScreen *screen = nullptr);
    bool openSnapshot(const QString &path, QString *error = nullptr);
    // A recording, replayed; with acceptPartial, a damaged one up to its last good moment (*error says what is
    // wrong with the rest). File > Open asks the user instead (openFileInteractively).
    bool openRecording(const QString &path, QString *error = nullptr, bool acceptPartial = false);
    // Reads the file off the GUI thread, then shows it (or says what is wrong with it).
    void openFileInteractively(const QString &path);
    bool isOpeningFile() const { return m_opening; }
    bool startRecording(const QString &path, QString *error = nullptr);
    void stopRecording();
    TimelineBar *timeline() const { return m_timeline; }
    ChangeLogPanel *changeLog() const { return m_changeLog; }
    LessonPanel *lessonPanel() const { return m_lesson; }
    PresentationMode *presentationMode() const { return m_presentation; }
    bool saveSnapshot(const QString &path, QString *error = nullptr) const;
    // The live history's bound (View > History size, setting history/maxMiB; default 64 MiB).
    static int historyMiB();
    SnapshotPtr currentSnapshot() const { return m_current; }
    HostState *hostState() const { return m_state; }

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildActions();
    QWidget *buildTablePane();
    void sizeTreeColumns();
    void sizeTreeColumnsNow();
    int treeNameFloor() const; // a namespace's name and a little indentation
    void expandSearchMatches();
    void updateSearchMatches();
    void updateShownCount();
    void goLive();
    void startFullView();
    void stopFullView(const QString &why);
    void applyUpdate(const SnapshotPtr &snapshot, const SnapshotDiff &diff, bool first);
    void showRecording(const Recording &recording, const QString &path);
    void saveSnapshotInteractively();
    void showOpenedFile(const QString &path, const HostFile &file);
    MainWindow(SnapshotPtr fixed, const Recording *replay, const QString &path, QWidget *parent);
    void showFixed(const SnapshotPtr &snapshot);
    SnapshotPtr graphPicture(const SnapshotPtr &snapshot) const; // what the graph draws of it
    void resetModels();
    void sizeColumns();
    void updateStatus();
    void applySearch();
    void selectProcess(qint32 pid);
    void selectNamespace(NamespaceId id);
    void exportMatrix(ExportFormat format);

    // The row under the pointer (else the selected one) and where it is on screen, so a refresh that inserts,
    // removes or re-sorts rows leaves it where the user is looking.
    struct RowAnchor
    {
        QPersistentModelIndex index;
        int top = 0;
    };
    RowAnchor tableAnchor() const;
    void restoreAnchor(const RowAnchor &anchor);

    SnapshotPtr m_current;
    HostState *m_state; // the source, names, history, change log and recording: the one owner of the data
    SelectionSync *m_selection = nullptr; // one selection for every view
    SnapshotDiff m_lastDiff; // of the update shown
    TimelineBar *m_timeline = nullptr;
    ChangeLogPanel *m_changeLog = nullptr;
    LessonPanel *m_lesson = nullptr;
    PresentationMode *m_presentation = nullptr;
    QAction *m_recordAction = nullptr;
    ProcessTableModel *m_tableModel;
    ProcessFilterProxy *m_tableProxy;
    NamespaceTreeModel *m_treeModel;
    ProcessFilterProxy *m_treeProxy;
    ProcessFilter *m_filter;
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
    QCheckBox *m_kernelThreads;
    QLabel *m_shownCount;
    QDockWidget *m_detailsDock = nullptr;
    QDockWidget *m_compareDock = nullptr;
    QSpinBox *m_interval;
    QAction *m_pause = nullptr;
    QAction *m_refresh = nullptr;
    ElidedLabel *m_statusCounts;
    ElidedLabel *m_statusTime;
    ElidedLabel *m_statusHidden;
    QAction *m_fullViewAction = nullptr;
    QToolButton *m_fullViewButton = nullptr;
    bool m_opening = false;       // a file is being read for File > Open
    bool m_treeSizing = false;    // the tree's columns are sized once the view has laid out what it shows
};

} // namespace nsviz
