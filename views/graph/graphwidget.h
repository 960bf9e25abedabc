#pragma once

#include "export/diagramexport.h"
#include "graph/graphmodel.h"
#include "graph/nodepainter.h"

#include <QWidget>

class QComboBox;
class QToolButton;
class QLabel;
class QMenu;
class QTimer;
class QAction;

namespace nsviz {

class GraphScene;
class GraphView;
class LegendStrip;

// The graph pane: the sharing graph (or the namespace hierarchy) with its controls above it — what is drawn,
// which namespace types, fit, lay out again, legend, export — and a context menu on nodes.
class GraphWidget : public QWidget
{
    Q_OBJECT
public:
    explicit GraphWidget(QWidget *parent = nullptr);
    ~GraphWidget() override;

    GraphModel *model() const { return m_model; }
    GraphScene *scene() const { return m_scene; }
    GraphView *view() const { return m_view; }

    void setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff);
    void clear();
    void setHideHost(bool hide);
    // Presentation mode: the presentation look (big text, high contrast, thick lines; light or dark with the
    // desktop), the tool bar hidden, the view never zoomed out past readable, nodes fading in and out, a strong
    // spotlight on the selection. Exports keep the look.
    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }
    // The window's actions at the end of the graph's context menu (presentation mode, which hides the menus).
    void addMenuAction(QAction *action) { m_menuActions << action; }
    // Mirrors a selection made elsewhere: the node lights up with its neighbourhood, and comes into view.
    void showProcess(qint32 pid);
    void showNamespace(NamespaceId id);
    void showComparison(qint32 a, qint32 b);
    void clearSelection();
    // A search: the nodes drawing one of these processes, or one of these namespaces, stay; the rest is dimmed.
    // Kept across refreshes (new nodes are judged as they come) until clearSearchMatches().
    void setSearchMatches(const QSet<qint32> &pids, const QSet<NamespaceId> &namespaces);
    void clearSearchMatches();

    // Asks for a file and writes it; regionOnly exports what the view shows. The page is the one chosen in
    // pageMenu() (remembered between sessions).
    void exportInteractively(ExportFormat format, double scale = 1, bool regionOnly = false);
    // What such an export writes to path: the page chosen, and in presentation mode its look on a 16:9 slide.
    ExportRequest exportRequest(ExportFormat format, const QString &path, double scale = 1, bool regionOnly = false) const;
    // Page size and orientation of exports, as a menu to put into any export menu.
    QMenu *pageMenu() const { return m_pageMenu; }
    PageSize exportPage() const { return m_page; }
    PageOrientation exportOrientation() const { return m_orientation; }
    void setExportPage(PageSize page, PageOrientation orientation); // and remembers it
    QRectF visibleRegion() const;
    // What the strip under the graph explains now: not the types whose buttons the tool bar shows.
    Legend legend() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    void processActivated(qint32 pid);
    void namespaceActivated(nsviz::NamespaceId id);
    void compareRequested(qint32 a, qint32 b);
    void selectionCleared(); // a click on the background (or Escape in the view): nothing is selected

private:
    void nodeActivated(const QString &id);
    void contextMenu(const QPoint &pos);
    void centreOn(const QString &id);
    void updateTypeButtons();
    void applyTheme();
    void applyFocus();
    void applySearch();
    void nodeDoubleClicked(const QString &id);
    void showExportPage(PageSize page, PageOrientation orientation);
    void viewResized();

    GraphModel *m_model;
    GraphScene *m_scene;
    GraphView *m_view;
    LegendStrip *m_legend;
    QComboBox *m_mode;
    QList<QToolButton *> m_typeButtons;
    QWidget *m_toolBar = nullptr;
    bool m_presentation = false;
    double m_packWidth = 0; // the rows the picture is packed into (presentation), 0: to the view's shape
    QList<QAction *> m_menuActions;
    QToolButton *m_legendButton;
    QToolButton *m_foldButton;
    QTimer *m_repack;
    QMenu *m_pageMenu;
    PageSize m_page = PageSize::Fit;
    PageOrientation m_orientation = PageOrientation::Landscape;
    QList<std::pair<PageSize, QAction *>> m_pageActions;
    QAction *m_landscape = nullptr;
    QAction *m_portrait = nullptr;
    qint32 m_lastProcess = 0; // the process selected last, for "compare with"
    struct Focus
    {
        enum Kind { None, Process, Namespace, Compare } kind = None;
        qint32 a = 0, b = 0;
        NamespaceId ns = 0;
    } m_focus; // what the user has chosen, which the highlight follows
    bool m_searching = false;
    QSet<qint32> m_searchPids;
    QSet<NamespaceId> m_searchNamespaces;
};

} // namespace nsviz
