#include "graphwidget.h"

#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QProgressDialog>
#include <QSettings>
#include <QHelpEvent>
#include <QTimer>
#include <QToolTip>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace nsviz {

// The legend as a strip under the view (an overlay would cover nodes as soon as one zooms), drawn by the same
// code as the one in exports; as many rows as its width needs.
class LegendStrip : public QWidget
{
public:
    // shownAbove: the types whose colour and shape the tool bar's type buttons already show (those it has room for).
    LegendStrip(GraphScene *scene, std::function<GraphModel::TypeMask()> shownAbove, QWidget *parent)
        : QWidget(parent)
        , m_scene(scene)
        , m_shownAbove(std::move(shownAbove))
    {
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    }
    void place()
    {
        // Under a tool bar of coloured type buttons a row of the same colours says nothing new and took a laptop's
        // screen a row of the graph: the legend names only the types the bar had no room for, and the rest.
        m_legend = Legend::of(*m_scene->model());
        m_legend.types &= ~m_shownAbove();
        const QSizeF size = m_scene->nodePainter().legendSize(std::max(200, width() - 8), m_legend);
        const int height = m_legend.isEmpty() ? 0 : int(size.height()) + 8;
        if (this->height() != height)
            setFixedHeight(height);
        update();
    }
    const Legend &legend() const { return m_legend; }

protected:
    void resizeEvent(QResizeEvent *) override
    {
        // After the tool bar, which is laid out for the same width and decides which type buttons it shows.
        QTimer::singleShot(0, this, [this] { place(); });
    }
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(rect(), m_scene->nodePainter().background());
        m_scene->nodePainter().paintLegend(&p, legendRect(), m_legend);
    }
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::ToolTip) {
            // A type's entry explains the type, in the guide's words.
            const auto *help = static_cast<QHelpEvent *>(e);
            const QString tip = m_scene->nodePainter().legendToolTip(legendRect(), m_legend, help->pos());
            if (tip.isEmpty()) {
                QToolTip::hideText();
                e->ignore();
            } else {
                QToolTip::showText(help->globalPos(), tip, this);
            }
            return true;
        }
        return QWidget::event(e);
    }

private:
    QRectF legendRect() const { return QRectF(rect()).adjusted(4, 2, -4, -6); }

    GraphScene *m_scene;
    std::function<GraphModel::TypeMask()> m_shownAbove;
    Legend m_legend;
};

namespace {

QIcon typeIcon(NamespaceType type, const NodePainter &style)
{
    QPixmap pm(28, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(NodePainter::typeColor(type), 1.5));
    p.setBrush(NodePainter::typeColor(type).lighter(150));
    p.drawPath(style.namespaceShape(type, QRectF(1, 1, 26, 14)));
    return QIcon(pm);
}

} // namespace

GraphWidget::GraphWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new GraphModel(this))
    , m_scene(new GraphScene(m_model, this))
    , m_view(new GraphView(m_scene, this))
    , m_legend(new LegendStrip(
          m_scene,
          [this] {
              GraphModel::TypeMask shown;
              for (int i = 0; i < m_typeButtons.size(); ++i)
                  shown.set(i, m_typeButtons[i]->isVisible());
              return shown;
          },
          this))
    , m_mode(new QComboBox(this))
    , m_legendButton(new QToolButton(this))
    , m_foldButton(new QToolButton(this))
    , m_repack(new QTimer(this))
    , m_pageMenu(new QMenu(tr("Page"), this))
{
    setObjectName(QStringLiteral("graphWidget"));
    // Built off this thread: a refresh of thousands of cards, or the switch to the hierarchy and back, costs the
    // window only what changed.
    m_model->setAsynchronous(true);
    applyTheme();
    // A tool bar rather than a row of widgets: what does not fit a narrow pane goes behind its » button instead of
    // widening the pane (and with it the window) past the screen.
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("graphToolBar"));
    m_toolBar = bar;
    bar->setIconSize(QSize(28, 16));
    bar->setContentsMargins(2, 0, 2, 0);
    m_mode->addItem(tr("Sharing graph"), int(GraphModel::Mode::Sharing));
    m_mode->addItem(tr("Namespace hierarchy"), int(GraphModel::Mode::Hierarchy));
    m_mode->setToolTip(tr("Sharing graph: one node per set of processes sharing their namespaces (a container),\n"
                          "namespaces private to it drawn on it, shared ones as nodes of their own.\n"
                          "Namespace hierarchy: the user and pid namespace trees."));
    bar->addWidget(m_mode);
    auto addButton = [&](const QString &text, const QString &tip, auto slot) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        connect(b, &QToolButton::clicked, this, slot);
        bar->addWidget(b);
        return b;
    };
    m_foldButton->setText(tr("Group alike"));
    m_foldButton->setCheckable(true);
    m_foldButton->setChecked(true);
    m_foldButton->setAutoRaise(true);
    m_foldButton->setToolTip(tr("On a busy host, fold containers of the same shape (same command, same kinds of\n"
                                "namespaces, shared the same way) into one stacked card; double-click it to see each one"));
    connect(m_foldButton, &QToolButton::toggled, this, [this](bool on) { m_model->setFolding(on); });
    bar->addWidget(m_foldButton);
    addButton(tr("Fit"), tr("Show the whole graph (F)"), [this] { m_view->fitAll(); });
    addButton(tr("Re-layout"), tr("Lay the graph out afresh instead of keeping the nodes where they are"), [this] { m_scene->relayout(true); });
    m_legendButton->setText(tr("Legend"));
    m_legendButton->setCheckable(true);
    m_legendButton->setChecked(true);
    m_legendButton->setAutoRaise(true);
    connect(m_legendButton, &QToolButton::toggled, m_legend, [this](bool on) {
        m_legend->setVisible(on);
        m_legend->place();
    });
    bar->addWidget(m_legendButton);
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setAutoRaise(true);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("PNG image…"), this, [this] { exportInteractively(ExportFormat::Png, 1); });
    exportMenu->addAction(tr("PNG image at 2x…"), this, [this] { exportInteractively(ExportFormat::Png, 2); });
    exportMenu->addAction(tr("PNG image at 4x…"), this, [this] { exportInteractively(ExportFormat::Png, 4); });
    exportMenu->addAction(tr("SVG drawing…"), this, [this] { exportInteractively(ExportFormat::Svg); });
    exportMenu->addAction(tr("PDF document…"), this, [this] { exportInteractively(ExportFormat::Pdf); });
    exportMenu->addAction(tr("Graphviz DOT…"), this, [this] { exportInteractively(ExportFormat::Dot); });
    exportMenu->addAction(tr("Snapshot JSON…"), this, [this] { exportInteractively(ExportFormat::Json); });
    exportMenu->addSeparator();
    exportMenu->addMenu(m_pageMenu);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Visible region as PNG…"), this, [this] { exportInteractively(ExportFormat::Png, 2, true); });
    exportMenu->addAction(tr("Visible region as SVG…"), this, [this] { exportInteractively(ExportFormat::Svg, 1, true); });
    exportButton->setMenu(exportMenu);
    // The page exports are laid out for: paper or a slide, or as big as the picture.
    m_pageMenu->setObjectName(QStringLiteral("exportPageMenu"));
    m_pageMenu->setToolTipsVisible(true);
    auto *sizes = new QActionGroup(m_pageMenu);
    for (const auto &[size, text, tip] : {std::tuple{PageSize::Fit, tr("Fit the picture"), tr("One page as big as the picture (kept between 1:2 and 2:1)")},
                                          std::tuple{PageSize::A4, tr("A4"), tr("A4 pages: a PDF that is too big to read on one gets more pages")},
                                          std::tuple{PageSize::Letter, tr("US Letter"), tr("Letter pages: a PDF that is too big to read on one gets more pages")},
                                          std::tuple{PageSize::Slide, tr("Slide (16:9)"), tr("The shape of a presentation slide")}}) {
        QAction *a = m_pageMenu->addAction(text);
        a->setCheckable(true);
        a->setToolTip(tip);
        sizes->addAction(a);
        connect(a, &QAction::triggered, this, [this, size = size] { setExportPage(size, m_orientation); });
        m_pageActions.append({size, a});
    }
    m_pageMenu->addSeparator();
    auto *turns = new QActionGroup(m_pageMenu);
    m_landscape = m_pageMenu->addAction(tr("Landscape"));
    m_portrait = m_pageMenu->addAction(tr("Portrait"));
    for (QAction *a : {m_landscape, m_portrait}) {
        a->setCheckable(true);
        turns->addAction(a);
    }
    connect(m_landscape, &QAction::triggered, this, [this] { setExportPage(m_page, PageOrientation::Landscape); });
    connect(m_portrait, &QAction::triggered, this, [this] { setExportPage(m_page, PageOrientation::Portrait); });
    {
        const QSettings settings;
        showExportPage(pageSizeFromName(settings.value(QStringLiteral("export/page")).toString()).value_or(PageSize::Fit),
                       settings.value(QStringLiteral("export/portrait")).toBool() ? PageOrientation::Portrait : PageOrientation::Landscape);
    }
    bar->addWidget(exportButton);
    // The type buttons last: what a narrow bar hides behind its » are the types (the legend strip under the graph
    // then names them), never Fit or Export.
    bar->addSeparator();
    for (NamespaceType t : allNamespaceTypes) {
        auto *b = new QToolButton(this);
        b->setCheckable(true);
        b->setChecked(true);
        b->setAutoRaise(true);
        b->setIcon(typeIcon(t, m_scene->nodePainter()));
        b->setIconSize(QSize(28, 16));
        b->setText(namespaceTypeName(t));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setToolTip(tr("Draw %1 namespaces: %2").arg(namespaceTypeName(t), NodePainter::typeExplanation(t)));
        connect(b, &QToolButton::toggled, this, [this] {
            GraphModel::TypeMask mask;
            for (int i = 0; i < m_typeButtons.size(); ++i)
                mask.set(i, m_typeButtons[i]->isChecked());
            m_model->setVisibleTypes(mask);
            m_legend->place();
        });
        m_typeButtons << b;
        bar->addWidget(b);
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_legend);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setMode(GraphModel::Mode(m_mode->currentData().toInt()));
        updateTypeButtons();
        m_legend->place();
        QTimer::singleShot(600, m_view, &GraphView::fitAll);
    });
    connect(m_scene, &GraphScene::nodeActivated, this, &GraphWidget::nodeActivated);
    connect(m_model, &GraphModel::changed, this, &GraphWidget::applyFocus);
    connect(m_model, &GraphModel::changed, this, &GraphWidget::applySearch);
    connect(m_view, &GraphView::backgroundClicked, this, [this] {
        clearSelection();
        Q_EMIT selectionCleared();
    });
    connect(m_model, &GraphModel::changed, m_legend, [this] { m_legend->place(); });
    connect(m_scene, &GraphScene::nodeDoubleClicked, this, &GraphWidget::nodeDoubleClicked);
    // The picture is packed to the shape of the view: when that changes a lot, it is packed again.
    m_repack->setSingleShot(true);
    m_repack->setInterval(400);
    connect(m_repack, &QTimer::timeout, this, [this] {
        if (m_view->isAutoFit() && !m_model->nodes().isEmpty())
            m_scene->relayout(true);
    });
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &GraphWidget::contextMenu);
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this); // it changes alone too, when a scroll bar comes or goes
    m_legend->place();
}

GraphWidget::~GraphWidget()
{
    // View and scene go before the model they mirror; the view's viewport goes as a plain QWidget once the view
    // is half gone, and must not be watched then (eventFilter would ask a dying view for it).
    m_view->viewport()->removeEventFilter(this);
    m_view->removeEventFilter(this);
    delete m_view;
    delete m_scene;
}

void GraphWidget::applyTheme()
{
    // The graph follows the desktop's light or dark palette, now and when it changes.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    if (dark != m_scene->nodePainter().isDark() || m_presentation != m_scene->nodePainter().isPresentation())
        m_scene->setNodePainter(std::make_unique<NodePainter>(dark, m_presentation));
}

void GraphWidget::setPresentation(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    m_toolBar->setVisible(!on);
    m_packWidth = -1; // worked out again for the look below
    viewResized();
    m_scene->setPresentation(on);
    m_view->setPresentation(on);
    applyTheme();
    m_legend->place();
    // Laid out again for cards of another size, then fitted.
    m_scene->relayout(true);
    m_view->fitAll();
}

void GraphWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        m_legend->update();
    }
    QWidget::changeEvent(event);
}

bool GraphWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && (watched == m_view || watched == m_view->viewport()))
        viewResized();
    return QWidget::eventFilter(watched, event);
}

void GraphWidget::viewResized()
{
    const QSize size = m_view->viewport()->size();
    if (size.width() < 50 || size.height() < 50)
        return;
    const double aspect = double(size.width()) / size.height();
    m_scene->setTargetAspect(aspect);
    // Presentation: the view does not zoom out past readable, so the picture is packed into rows as wide as the
    // view shows at that zoom, and what does not fit goes below (scrolling up and down, never sideways).
    const double packWidth = m_presentation ? std::max(200.0, size.width() / m_view->presentationFloor() - 48) : 0;
    if (packWidth != m_packWidth) {
        m_packWidth = packWidth;
        m_scene->setPackWidth(packWidth);
        m_repack->start();
    }
    // Against the shape the picture was packed for, not the last resize event: a slow drag is many small steps.
    if (const double packed = m_scene->packedAspect(); packed > 0 && std::abs(std::log(aspect / packed)) > 0.35)
        m_repack->start();
}

void GraphWidget::nodeDoubleClicked(const QString &id)
{
    const GraphNode *n = m_model->node(id);
    if (!n)
        return;
    if (n->kind == GraphNodeKind::Group)
        m_model->setGroupOpen(id, true);
    else
        m_model->setExpanded(id, !n->expanded);
}

void GraphWidget::updateTypeButtons()
{
    const GraphModel::TypeMask mask = m_model->visibleTypes();
    for (int i = 0; i < m_typeButtons.size(); ++i) {
        const QSignalBlocker block(m_typeButtons[i]);
        m_typeButtons[i]->setChecked(mask.test(i));
    }
}

Legend GraphWidget::legend() const
{
    return m_legend->legend();
}

void GraphWidget::setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff)
{
    if (!diff)
        m_view->fitAll(); // a new picture altogether (another file, another source): shown whole once laid out
    m_model->setSnapshot(snapshot, diff);
    m_legend->place();
}

void GraphWidget::clear()
{
    m_model->setSnapshot(nullptr);
    m_lastProcess = 0;
}

void GraphWidget::setHideHost(bool hide)
{
    m_model->setHideHost(hide);
}

void GraphWidget::showProcess(qint32 pid)
{
    m_lastProcess = pid;
    m_focus = {Focus::Process, pid, 0, 0};
    applyFocus();
    centreOn(m_model->nodeForProcess(pid));
}

void GraphWidget::showNamespace(NamespaceId ns)
{
    m_focus = {Focus::Namespace, 0, 0, ns};
    applyFocus();
    centreOn(m_model->nodeForNamespace(ns));
}

void GraphWidget::showComparison(qint32 a, qint32 b)
{
    m_focus = {Focus::Compare, a, b, 0};
    applyFocus();
}

void GraphWidget::clearSelection()
{
    m_focus = {};
    applyFocus();
}

void GraphWidget::setSearchMatches(const QSet<qint32> &pids, const QSet<NamespaceId> &namespaces)
{
    m_searching = true;
    m_searchPids = pids;
    m_searchNamespaces = namespaces;
    applySearch();
}

void GraphWidget::clearSearchMatches()
{
    m_searching = false;
    m_searchPids.clear();
    m_searchNamespaces.clear();
    m_scene->clearSearchMatches();
}

void GraphWidget::applySearch()
{
    // Judged again after every model change: nodes come, go and fold, the processes searched for stay.
    if (!m_searching)
        return;
    QSet<QString> matches;
    for (auto it = m_model->nodes().cbegin(); it != m_model->nodes().cend(); ++it) {
        const GraphNode &n = *it;
        bool match = n.ns && m_searchNamespaces.contains(n.ns);
        for (qsizetype i = 0; !match && i < n.pids.size(); ++i)
            match = m_searchPids.contains(n.pids[i]);
        for (qsizetype i = 0; !match && i < n.badges.size(); ++i)
            match = n.badges[i].id && m_searchNamespaces.contains(n.badges[i].id);
        if (match)
            matches.insert(it.key());
    }
    m_scene->setSearchMatches(matches);
}

void GraphWidget::applyFocus()
{
    // Recomputed after every model change too: ids change when types are toggled, neighbours when processes
    // come and go, and the highlight must follow what the user chose, not the nodes it happened to be.
    QSet<QString> lit;
    QString selected;
    switch (m_focus.kind) {
    case Focus::None: break;
    case Focus::Process:
        lit = m_model->processNeighbourhood(m_focus.a);
        selected = m_model->nodeForProcess(m_focus.a);
        break;
    case Focus::Namespace:
        selected = m_model->nodeForNamespace(m_focus.ns);
        if (!selected.isEmpty()) {
            lit.insert(selected);
            for (const QString &n : m_model->neighbours(selected))
                lit.insert(n);
        }
        break;
    case Focus::Compare: {
        // Both processes, and the namespaces they have in common: what lights up is what they share.
        const SnapshotPtr s = m_model->snapshot();
        const ProcessInfo *a = s ? s->process(m_focus.a) : nullptr;
        const ProcessInfo *b = s ? s->process(m_focus.b) : nullptr;
        if (!a || !b)
            break;
        lit << m_model->nodeForProcess(a->pid) << m_model->nodeForProcess(b->pid);
        for (NamespaceType t : allNamespaceTypes)
            if (a->namespaces.set[t] && a->namespaces.set[t] == b->namespaces.set[t] && m_model->visibleTypes().test(int(t)))
                lit << m_model->nodeForNamespace(a->namespaces.set[t]);
        lit.remove(QString());
        break;
    }
    }
    m_scene->setHighlight(lit);
    m_scene->selectNode(selected);
}

void GraphWidget::centreOn(const QString &id)
{
    const NodeItem *item = m_scene->item(id);
    if (!item)
        return;
    // Only when it is out of sight: a view that moves under the user's pointer on every click is tiring.
    const QRectF visible = visibleRegion();
    if (!visible.contains(item->sceneBoundingRect()))
        m_view->centerOn(item);
}

QRectF GraphWidget::visibleRegion() const
{
    return m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
}

void GraphWidget::nodeActivated(const QString &id)
{
    const GraphNode *n = m_model->node(id);
    if (!n)
        return;
    switch (n->kind) {
    case GraphNodeKind::Namespace:
        m_focus = {Focus::Namespace, 0, 0, n->ns};
        applyFocus();
        Q_EMIT namespaceActivated(n->ns);
        break;
    case GraphNodeKind::Process:
    case GraphNodeKind::Set:
    case GraphNodeKind::Group:
    case GraphNodeKind::Host:
        if (!n->pids.isEmpty()) {
            const qint32 pid = n->kind == GraphNodeKind::Process ? n->pid : n->pids.first();
            m_lastProcess = pid;
            m_focus = {Focus::Process, pid, 0, 0};
            applyFocus();
            Q_EMIT processActivated(pid);
        }
        break;
    case GraphNodeKind::More: break;
    }
}

void GraphWidget::contextMenu(const QPoint &pos)
{
    QMenu menu(this);
    NodeItem *item = nullptr;
    for (QGraphicsItem *i : m_view->items(pos))
        if ((item = qgraphicsitem_cast<NodeItem *>(i)))
            break;
    if (item) {
        const GraphNode node = item->node();
        if (node.kind == GraphNodeKind::Group)
            menu.addAction(tr("Show each of the %1").arg(node.count), this, [this, id = node.id] { m_model->setGroupOpen(id, true); });
        if (!node.group.isEmpty())
            menu.addAction(tr("Fold the alike ones into one card again"), this, [this, id = node.group] { m_model->setGroupOpen(id, false); });
        if (m_model->isExpandable(node.id) || node.expanded)
            menu.addAction(node.expanded ? tr("Fold processes away") : tr("Show its processes"), this,
                           [this, id = node.id, e = node.expanded] { m_model->setExpanded(id, !e); });
        if (node.kind == GraphNodeKind::Set)
            menu.addAction(node.namespacesShown ? tr("Draw its own namespaces as badges") : tr("Draw its own namespaces as nodes"), this,
                           [this, id = node.id, shown = node.namespacesShown] { m_model->setNamespacesShown(id, !shown); });
        const qint32 pid = node.kind == GraphNodeKind::Process ? node.pid : node.pids.value(0);
        if (pid && m_lastProcess && pid != m_lastProcess && node.kind != GraphNodeKind::Namespace)
            menu.addAction(tr("Compare with process %1").arg(m_lastProcess), this, [this, pid, other = m_lastProcess] {
                showComparison(other, pid);
                Q_EMIT compareRequested(other, pid);
            });
        menu.addSeparator();
    }
    menu.addAction(tr("Fit the graph into view"), m_view, &GraphView::fitAll);
    menu.addAction(tr("Export the graph as SVG…"), this, [this] { exportInteractively(ExportFormat::Svg); });
    menu.addAction(tr("Export the graph as PNG (2x)…"), this, [this] { exportInteractively(ExportFormat::Png, 2); });
    menu.addAction(tr("Export what is visible as PNG…"), this, [this] { exportInteractively(ExportFormat::Png, 2, true); });
    if (!m_menuActions.isEmpty()) {
        menu.addSeparator();
        menu.addActions(m_menuActions);
    }
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void GraphWidget::setExportPage(PageSize page, PageOrientation orientation)
{
    showExportPage(page, orientation);
    QSettings settings;
    settings.setValue(QStringLiteral("export/page"), pageSizeName(page));
    settings.setValue(QStringLiteral("export/portrait"), orientation == PageOrientation::Portrait);
}

void GraphWidget::showExportPage(PageSize page, PageOrientation orientation)
{
    m_page = page;
    m_orientation = orientation;
    for (const auto &[size, action] : std::as_const(m_pageActions))
        action->setChecked(size == page);
    m_landscape->setChecked(orientation == PageOrientation::Landscape);
    m_portrait->setChecked(orientation == PageOrientation::Portrait);
    m_landscape->setEnabled(page != PageSize::Fit); // a page as big as the picture has no orientation
    m_portrait->setEnabled(page != PageSize::Fit);
}

ExportRequest GraphWidget::exportRequest(ExportFormat format, const QString &path, double scale, bool regionOnly) const
{
    ExportRequest request;
    request.format = format;
    request.path = path;
    request.scale = scale;
    request.page = m_page;
    request.orientation = m_orientation;
    if (m_presentation) {
        // Slide-ready: the look on screen, a 16:9 page unless another page was chosen.
        request.presentation = true;
        request.dark = m_scene->nodePainter().isDark();
        if (m_page == PageSize::Fit) {
            request.page = PageSize::Slide;
            request.orientation = PageOrientation::Landscape;
        }
    }
    if (regionOnly)
        request.region = visibleRegion();
    return request;
}

void GraphWidget::exportInteractively(ExportFormat format, double scale, bool regionOnly)
{
    const QString suffix = exportFormatName(format);
    const QString filters[] = {tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("PDF document (*.pdf)"),
                               tr("Graphviz DOT (*.dot *.gv)"), tr("Snapshot JSON (*.json)")};
    QString host = m_model->snapshot() ? m_model->snapshot()->host().hostname : QString();
    QString path = QFileDialog::getSaveFileName(this, tr("Export"), QStringLiteral("namespaces-%1.%2").arg(host.isEmpty() ? QStringLiteral("host") : host, suffix),
                                                filters[int(format)]);
    if (path.isEmpty())
        return;
    const ExportRequest request = exportRequest(format, path, scale, regionOnly);
    // Drawing a large graph into a 4x image takes a while: say so at once instead of freezing silently.
    QProgressDialog progress(tr("Exporting %1…").arg(QFileInfo(path).fileName()), QString(), 0, 0, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setValue(0);
    progress.show();
    QApplication::processEvents();
    // New nodes still sit on their neighbours until the running layout lands: lay out now so none overlap.
    if (m_scene->isLayoutPending() || m_scene->isAnimating()) {
        progress.setLabelText(tr("Laying out the graph before exporting %1…").arg(QFileInfo(path).fileName()));
        QApplication::processEvents();
        m_scene->layoutNow();
    }
    QString error, note;
    if (!exportGraph(*m_scene, request, &error, &note))
        QMessageBox::warning(this, tr("Export failed"), tr("The export did not work: %1").arg(error));
    else if (!note.isEmpty())
        QMessageBox::information(this, tr("Exported"), tr("%1: %2").arg(QFileInfo(path).fileName(), note));
}

} // namespace nsviz
