#include "mainwindow.h"
#include "selectionsync.h"

#include "delegates/exiteddelegate.h"
#include "delegates/sharingdelegate.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processfilterproxy.h"
#include "itemmodels/processtablemodel.h"
#include "live/hoststate.h"
#include "live/hostfile.h"
#include "live/recording.h"
#include "export/diagramexport.h"
#include "export/matrixcontent.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "io/readfile.h"
#include "io/safefile.h"
#include "panels/changelogpanel.h"
#include "panels/chartspanel.h"
#include "panels/comparepanel.h"
#include "panels/demopanel.h"
#include "panels/detailspanel.h"
#include "panels/lessonpanel.h"
#include "presentationmode.h"
#include "lessons/lessonrecording.h"
#include "snapshot/snapshotfilter.h"
#include "panels/timelinebar.h"
#include "itemmodels/processfilter.h"
#include "widgets/elidedlabel.h"
#include "widgets/sharinglegend.h"
#include "snapshot/snapshotjson.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QCursor>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMouseEvent>
#include <QScreen>
#include <QScrollBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QTableView>
#include <QTextDocument>
#include <QToolButton>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <unistd.h>

namespace nsviz {

MainWindow::MainWindow(SnapshotPtr fixed, QWidget *parent)
    : MainWindow(std::move(fixed), nullptr, {}, parent)
{
}

MainWindow::MainWindow(const Recording &replay, const QString &path, QWidget *parent)
    : MainWindow(nullptr, &replay, path, parent)
{
}

MainWindow::MainWindow(SnapshotPtr fixed, const Recording *replay, const QString &path, QWidget *parent)
    : QMainWindow(parent)
    , m_state(new HostState(this))
    , m_tableModel(new ProcessTableModel(this))
    , m_tableProxy(new ProcessFilterProxy(this))
    , m_treeModel(new NamespaceTreeModel(this))
    , m_treeProxy(new ProcessFilterProxy(this))
    , m_filter(new ProcessFilter(this))
    , m_tree(new QTreeView(this))
    , m_table(new QTableView(this))
    , m_details(new DetailsPanel(this))
    , m_charts(new ChartsPanel(this))
    , m_graph(new GraphWidget(this))
    , m_compare(new ComparePanel(this))
    , m_demo(new DemoPanel(this))
    , m_grouping(new QComboBox(this))
    , m_typeFilter(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
    , m_hideHost(new QCheckBox(tr("Hide host noise"), this))
    , m_kernelThreads(new QCheckBox(tr("Kernel threads"), this))
    , m_shownCount(new QLabel(this))
    , m_interval(new QSpinBox(this))
    , m_statusCounts(new ElidedLabel(this))
    , m_statusTime(new ElidedLabel(this))
    , m_statusHidden(new ElidedLabel(this))
{
    setWindowTitle(tr("nsviz"));
    setObjectName(QStringLiteral("MainWindow"));

    // One filter for every view: the same search finds the same processes in the table, the tree and the graph.
    m_kernelThreads->setToolTip(tr("Show the kernel's own threads (kthreadd and its children): they hold only the host's namespaces"));
    m_filter->setHideKernelThreads(true);
    m_tableProxy->setFilter(m_filter);
    m_treeProxy->setFilter(m_filter);
    // Before the views take the proxies (SelectionSync says why).
    m_selection = new SelectionSync({m_table, m_tableModel, m_tableProxy, m_tree, m_treeModel, m_treeProxy, m_details, m_graph}, m_state, this);

    // The namespace tree, with its grouping above it.
    m_grouping->addItem(tr("By type"), int(NamespaceTreeModel::Grouping::ByType));
    m_grouping->addItem(tr("User namespace hierarchy"), int(NamespaceTreeModel::Grouping::UserHierarchy));
    m_grouping->addItem(tr("PID namespace hierarchy"), int(NamespaceTreeModel::Grouping::PidHierarchy));
    m_grouping->addItem(tr("Process tree"), int(NamespaceTreeModel::Grouping::ProcessTree));
    m_grouping->addItem(tr("Containers (namespace sets)"), int(NamespaceTreeModel::Grouping::NamespaceSets));
    m_grouping->setToolTip(tr("How the namespace tree is arranged"));
    m_grouping->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_grouping->setMinimumContentsLength(12);
    m_treeProxy->setSourceModel(m_treeModel);
    m_treeProxy->setSortRole(NamespaceTreeModel::SortRole);
    m_tree->setModel(m_treeProxy);
    m_tree->setItemDelegate(new ExitedDelegate(NamespaceTreeModel::ExitedRole, m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSortingEnabled(false);
    m_tree->setTextElideMode(Qt::ElideRight);
    // The details column takes what name and count leave (sizeTreeColumnsNow), however little: a stretched last
    // section is never narrower than its default 100 px, which gave a laptop's tree a scroll bar sideways.
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setMinimumSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("xx")));
    // Sized to what is in view and a screenful either side, not to up to 1,000 rows each time a node opens (a
    // selection elsewhere opens the path to it): that was a quarter of what a selection cost at 2,000 sets.
    m_tree->header()->setResizeContentsPrecision(100);
    m_tree->viewport()->installEventFilter(this);
    connect(m_tree, &QTreeView::expanded, this, &MainWindow::sizeTreeColumns);
    auto *treePane = new QWidget(this);
    auto *treeLayout = new QVBoxLayout(treePane);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->addWidget(m_grouping);
    treeLayout->addWidget(m_tree, 1);

    // The process table: one column per namespace type, coloured by sharing.
    m_tableProxy->setSourceModel(m_tableModel);
    m_table->setModel(m_tableProxy);
    m_table->setItemDelegate(new SharingDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Two rows selected (Ctrl+click) can be compared.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // By pixel: a refresh that moves rows is made up for exactly (restoreAnchor).
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setWordWrap(false);
    m_table->viewport()->installEventFilter(this);
    sizeColumns();

    // The graph above the table, the tree beside both: the picture, the matrix and the hierarchy at once.
    auto *right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("graphSplitter"));
    // The timeline under the graph: the picture is what it shows the moment of.
    auto *graphPane = new QWidget(this);
    auto *graphLayout = new QVBoxLayout(graphPane);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(0);
    graphLayout->addWidget(m_graph, 1);
    m_timeline = new TimelineBar(m_state, graphPane);
    graphLayout->addWidget(m_timeline);
    right->addWidget(graphPane);
    QWidget *tablePane = buildTablePane();
    right->addWidget(tablePane);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(treePane);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0); // a wider window widens the picture, not the tree
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    m_detailsDock = new QDockWidget(tr("Details"), this);
    m_detailsDock->setObjectName(QStringLiteral("detailsDock"));
    m_detailsDock->setWidget(m_details);
    addDockWidget(Qt::RightDockWidgetArea, m_detailsDock);
    auto *chartsDock = new QDockWidget(tr("Charts"), this);
    chartsDock->setObjectName(QStringLiteral("chartsDock"));
    chartsDock->setWidget(m_charts);
    addDockWidget(Qt::BottomDockWidgetArea, chartsDock);
    // Under the graph and the table, not under the docks on the right too: Details keeps the full height, and
    // the charts' height comes out of the picture's, which has room to give on a laptop's screen.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    chartsDock->hide(); // View > Charts: the graph needs the room more on a first start
    // What happened when: under the picture, as the charts, and hidden at first (the timeline's "Changes" opens it).
    m_changeLog = new ChangeLogPanel(m_state, this);
    auto *changesDock = new QDockWidget(tr("Changes"), this);
    changesDock->setObjectName(QStringLiteral("changesDock"));
    changesDock->setWidget(m_changeLog);
    addDockWidget(Qt::BottomDockWidgetArea, changesDock);
    tabifyDockWidget(chartsDock, changesDock);
    changesDock->hide();
    connect(changesDock, &QDockWidget::visibilityChanged, this, [this, changesDock](bool visible) {
        // A log, not the picture: a quarter of the window's height when it opens, the rest stays the graph's.
        if (visible && !changesDock->isFloating() && changesDock->height() > height() / 3)
            resizeDocks({changesDock}, {std::max(120, height() / 4)}, Qt::Vertical);
    });
    QAction *showChanges = changesDock->toggleViewAction();
    showChanges->setText(tr("Changes"));
    showChanges->setToolTip(tr("The change log: containers, namespaces and processes that came and went, with their times"));
    showChanges->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    auto *changesButton = new QToolButton(m_timeline);
    changesButton->setObjectName(QStringLiteral("changesButton"));
    changesButton->setDefaultAction(showChanges);
    changesButton->setAutoRaise(true);
    m_timeline->layout()->addWidget(changesButton);
    m_compareDock = new QDockWidget(tr("Compare"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    m_compareDock->setWidget(m_compare);
    addDockWidget(Qt::RightDockWidgetArea, m_compareDock);
    m_compareDock->hide(); // until two processes are compared
    // Demo containers and the Lesson share the right side with Details: a teacher flips between starting one and
    // reading it.
    auto *demoDock = new QDockWidget(tr("Demo containers"), this);
    demoDock->setObjectName(QStringLiteral("demoDock"));
    // In a scroll area, for height only: a short screen scrolls the panel up and down; its width follows the dock
    // (everything in it wraps or elides), so its Start buttons are never off to the right.
    auto *demoScroll = new QScrollArea(demoDock);
    demoScroll->setObjectName(QStringLiteral("demoScroll"));
    demoScroll->setWidget(m_demo);
    demoScroll->setWidgetResizable(true);
    demoScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    demoScroll->setFrameShape(QFrame::NoFrame);
    demoDock->setWidget(demoScroll);
    addDockWidget(Qt::RightDockWidgetArea, demoDock);
    tabifyDockWidget(m_detailsDock, demoDock);
    // Lessons start their containers on the same runtime, so they are named and listed as the panel's own.
    m_lesson = new LessonPanel(m_demo->service(), this);
    auto *lessonDock = new QDockWidget(tr("Lesson"), this); // the panel scrolls its texts itself, its buttons stay
    lessonDock->setObjectName(QStringLiteral("lessonDock"));
    lessonDock->setWidget(m_lesson);
    addDockWidget(Qt::RightDockWidgetArea, lessonDock);
    tabifyDockWidget(demoDock, lessonDock);
    m_detailsDock->raise();
    m_presentation = new PresentationMode(this, m_graph, m_lesson, lessonDock, {treePane, tablePane});
    m_graph->addMenuAction(m_presentation->action());
    connect(m_presentation, &PresentationMode::activeChanged, this, [this](bool on) {
        m_timeline->setSuppressed(on);
        if (on && !m_lesson->isRunning())
            clearSelection(); // the class starts from the whole picture; a lesson's selection stays
        // The same moment, drawn for the class (or again in full).
        if (m_current)
            m_graph->setSnapshot(graphPicture(m_current), nullptr);
    });

    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    // ElidedLabel is plain text: a hostname or a probe's message that looks like markup is not read as such.
    statusBar()->addWidget(m_statusCounts, 1);
    statusBar()->addWidget(m_statusHidden, 1);
    m_fullViewAction = new QAction(tr("Full view…"), this);
    m_fullViewAction->setToolTip(tr("See every process: runs the read-only nsviz-probe as root (asks for authentication)"));
    connect(m_fullViewAction, &QAction::triggered, this, &MainWindow::startFullView);
    m_fullViewButton = new QToolButton(this);
    m_fullViewButton->setDefaultAction(m_fullViewAction);
    m_fullViewButton->setAutoRaise(true);
    m_fullViewButton->hide();
    statusBar()->addWidget(m_fullViewButton);
    statusBar()->addPermanentWidget(m_statusTime);

    buildActions();

    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] {
        m_treeModel->setGrouping(NamespaceTreeModel::Grouping(m_grouping->currentData().toInt()));
        m_tree->expandToDepth(0);
        expandSearchMatches();
        sizeTreeColumns();
        m_selection->reselect(); // keep showing the selected process in the new arrangement
    });
    m_selection->watchViews();
    connect(m_selection, &SelectionSync::compareRequested, this, &MainWindow::compareProcesses);
    connect(m_details, &DetailsPanel::processActivated, this, &MainWindow::selectProcess);
    connect(m_details, &DetailsPanel::namespaceActivated, this, &MainWindow::selectNamespace);
    connect(m_graph, &GraphWidget::processActivated, this, &MainWindow::selectProcess);
    connect(m_graph, &GraphWidget::namespaceActivated, this, &MainWindow::selectNamespace);
    connect(m_graph, &GraphWidget::compareRequested, this, &MainWindow::compareProcesses);
    connect(m_graph, &GraphWidget::selectionCleared, this, &MainWindow::clearSelection);
    connect(m_demo, &DemoPanel::containersChanged, this, [this] {
        // Names /proc does not have; the next scan carries them, and it comes now rather than in a second.
        m_state->setEngineNames(m_demo->containerNames());
        m_state->setDemoContainers(m_demo->demoContainers());
    });
    connect(m_demo, &DemoPanel::showProcessRequested, this, &MainWindow::selectProcess);
    // A lesson step's view actions (the tab asks once the window's scans show the step's containers).
    connect(m_lesson, &LessonPanel::selectProcessRequested, this, &MainWindow::selectProcess);
    connect(m_lesson, &LessonPanel::compareRequested, this, &MainWindow::compareProcesses);
    connect(m_lesson, &LessonPanel::groupingRequested, this, [this](const QString &grouping) {
        using G = NamespaceTreeModel::Grouping;
        const QHash<QString, G> byName = {{QStringLiteral("type"), G::ByType}, {QStringLiteral("user"), G::UserHierarchy},
                                          {QStringLiteral("pid"), G::PidHierarchy}, {QStringLiteral("processes"), G::ProcessTree},
                                          {QStringLiteral("containers"), G::NamespaceSets}};
        if (const int i = m_grouping->findData(int(byName.value(grouping, G::ByType))); i >= 0)
            m_grouping->setCurrentIndex(i);
    });
    connect(m_state, &HostState::reset, this, &MainWindow::resetModels);
    connect(m_state, &HostState::sourceChanged, this, [this] {
        m_lesson->setLiveHost(m_state->isLive());
        if (m_state->source() != HostState::Source::Recording)
            m_lesson->setRecordedLesson(std::nullopt);
    });
    // A recorded lesson's steps are moments of the recording.
    connect(m_lesson, &LessonPanel::momentRequested, m_state, &HostState::showMoment);
    m_lesson->setLiveHost(m_state->isLive());
    connect(m_state, &HostState::historyChanged, this, [this] {
        // The demo panel is about what runs now, whatever moment the views show.
        if (m_state->isLive()) {
            m_demo->setSnapshot(m_state->latest());
            m_lesson->setSnapshot(m_state->latest());
        }
    });
    connect(m_timeline, &TimelineBar::stopRecordingRequested, this, &MainWindow::stopRecording);
    connect(m_state, &HostState::recordingChanged, this, [this] {
        m_recordAction->setChecked(m_state->isRecording());
        if (!m_state->recordingError().isEmpty() && !m_state->isRecording())
            QMessageBox::warning(this, tr("Recording stopped"),
                                 Qt::convertFromPlainText(tr("The recording could not go on: %1\nNothing was saved.").arg(m_state->recordingError())));
    });
    connect(m_changeLog, &ChangeLogPanel::processActivated, this, &MainWindow::selectProcess);
    connect(m_changeLog, &ChangeLogPanel::namespaceActivated, this, &MainWindow::selectNamespace);
    connect(m_state, &HostState::updated, this, &MainWindow::applyUpdate);
    connect(m_state, &HostState::momentTaken, m_charts, &ChartsPanel::addMoment);
    connect(m_state, &HostState::shownChanged, this, &MainWindow::updateStatus);
    connect(m_state, &HostState::problem, this, [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_state, &HostState::fullViewEnded, this, &MainWindow::stopFullView);

    QSettings settings;
    fitToScreen(); // the first start's layout, for this screen; a saved one replaces it
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    right->restoreState(settings.value(QStringLiteral("window/graphSplitter")).toByteArray());
    if (const QScreen *s = screen()) {
        // Saved on a bigger screen than this one: brought back within it.
        const QRect available = s->availableGeometry();
        if (width() > available.width() || height() > available.height())
            resize(size().boundedTo(available.size()));
    }
    m_interval->setValue(settings.value(QStringLiteral("refresh/intervalMs"), 1000).toInt());
    m_grouping->setCurrentIndex(std::clamp(settings.value(QStringLiteral("view/grouping"), 0).toInt(), 0, m_grouping->count() - 1));
    m_hideHost->setChecked(settings.value(QStringLiteral("view/hideHostNoise"), false).toBool());
    m_kernelThreads->setChecked(settings.value(QStringLiteral("view/kernelThreads"), false).toBool());

    if (replay)
        showRecording(*replay, path);
    else if (fixed)
        showFixed(fixed);
    else
        goLive();
}

MainWindow::~MainWindow()
{
    // The probe and the poller report while they wind down (a scan in flight, the probe's last lines):
    // nothing of that may reach this half-destroyed window.
    m_state->disconnect(this);
    delete m_state;
    // The models go before the views as children are deleted, and a view's selection moves as its model goes: the
    // selection must not follow it into a deleted model.
    delete std::exchange(m_selection, nullptr);
}

void MainWindow::buildActions()
{
    QToolBar *bar = addToolBar(tr("Refresh"));
    bar->setObjectName(QStringLiteral("refreshToolBar"));
    bar->setMovable(false);

    m_pause = new QAction(tr("&Pause"), this);
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pause->setToolTip(tr("Stop refreshing; the views keep the last picture"));
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        if (m_state->source() == HostState::Source::FullView && paused)
            stopFullView({});
        if (!m_state->isLive())
            return;
        m_state->setPaused(paused);
        m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
        updateStatus();
    });
    m_refresh = new QAction(tr("&Refresh now"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QAction::triggered, this, [this] {
        m_state->refreshNow();
    });
    bar->addAction(m_pause);
    bar->addAction(m_refresh);

    m_interval->setRange(200, 60000);
    m_interval->setSingleStep(250);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setToolTip(tr("Time between refreshes"));
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int ms) {
        m_state->setInterval(ms);
    });
    bar->addWidget(new QLabel(tr(" Every "), this));
    bar->addWidget(m_interval);
    bar->addSeparator();

    m_search->setPlaceholderText(tr("Search command, pid, container, namespace id…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applySearch);
    connect(m_regex, &QCheckBox::toggled, this, &MainWindow::applySearch);
    bar->addWidget(m_search);
    bar->addWidget(m_regex);
    m_typeFilter->addItem(tr("All types"), -1);
    for (NamespaceType t : allNamespaceTypes)
        m_typeFilter->addItem(namespaceTypeName(t), int(t));
    m_typeFilter->setToolTip(tr("Show only namespaces of one type in the tree"));
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int t = m_typeFilter->currentData().toInt();
        m_treeProxy->setTypeFilter(t < 0 ? std::nullopt : std::optional<NamespaceType>(NamespaceType(t)));
    });
    bar->addWidget(m_typeFilter);
    m_hideHost->setToolTip(tr("Hide processes that use only the host's own namespaces"));
    connect(m_hideHost, &QCheckBox::toggled, this, [this](bool hide) {
        m_filter->setHideHostNoise(hide);
        m_graph->setHideHost(hide);
        updateSearchMatches();
        updateShownCount();
        updateStatus();
    });
    connect(m_kernelThreads, &QCheckBox::toggled, this, [this](bool shown) {
        m_filter->setHideKernelThreads(!shown);
        updateSearchMatches();
        updateShownCount();
    });
    bar->addWidget(m_hideHost);
    bar->addSeparator();
    QAction *demo = bar->addAction(tr("Demo containers"), this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("demoDock"))) {
            dock->show();
            dock->raise();
        }
    });
    demo->setToolTip(tr("Start the seed chapter's examples as containers and watch them appear"));

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open snapshot or recording…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a snapshot or a recording"), {},
                                                          tr("nsviz snapshots and recordings (*.json *.nsvizrec);;All files (*)"));
        if (!path.isEmpty())
            openFileInteractively(path);
    });
    file->addAction(tr("&Save snapshot…"), QKeySequence::Save, this, &MainWindow::saveSnapshotInteractively);
    m_recordAction = file->addAction(tr("&Record…"), this, [this](bool on) {
        if (!on) {
            stopRecording();
            return;
        }
        m_recordAction->setChecked(false); // checked once it records
        const QString path = QFileDialog::getSaveFileName(this, tr("Record the host to a file"),
                                                          QStringLiteral("nsviz-%1.nsvizrec").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))),
                                                          tr("nsviz recordings (*.nsvizrec)"));
        QString error;
        if (!path.isEmpty() && !startRecording(path, &error))
            QMessageBox::warning(this, tr("Cannot record"), Qt::convertFromPlainText(error));
    });
    m_recordAction->setObjectName(QStringLiteral("record"));
    m_recordAction->setCheckable(true);
    m_recordAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_recordAction->setToolTip(tr("Write what the host does from now on to a file that replays anywhere (File > Open)"));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    exportMenu->addAction(tr("Graph as &PNG…"), this, [this] { m_graph->exportInteractively(ExportFormat::Png, 1); });
    exportMenu->addAction(tr("Graph as PNG at &2x…"), this, [this] { m_graph->exportInteractively(ExportFormat::Png, 2); });
    exportMenu->addAction(tr("Graph as PNG at &4x…"), this, [this] { m_graph->exportInteractively(ExportFormat::Png, 4); });
    exportMenu->addAction(tr("Graph as &SVG…"), this, [this] { m_graph->exportInteractively(ExportFormat::Svg); });
    exportMenu->addAction(tr("Graph as P&DF…"), this, [this] { m_graph->exportInteractively(ExportFormat::Pdf); });
    exportMenu->addAction(tr("Graph as Graphviz D&OT…"), this, [this] { m_graph->exportInteractively(ExportFormat::Dot); });
    exportMenu->addAction(tr("Visible part of the graph as PNG…"), this, [this] { m_graph->exportInteractively(ExportFormat::Png, 2, true); });
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Sharing &matrix as PDF…"), this, [this] { exportMatrix(ExportFormat::Pdf); });
    exportMenu->addAction(tr("Sharing matrix as PNG…"), this, [this] { exportMatrix(ExportFormat::Png); });
    // The same file as File > Save snapshot: the moment shown, as snapshot JSON (one path for both).
    exportMenu->addAction(tr("Snapshot as &JSON…"), this, &MainWindow::saveSnapshotInteractively);
    exportMenu->addSeparator();
    exportMenu->addMenu(m_graph->pageMenu()); // the same page for every export
    QAction *live = file->addAction(tr("Back to the &live host"), this, &MainWindow::goLive);
    live->setObjectName(QStringLiteral("goLive"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    connect(file, &QMenu::aboutToShow, this, [this] { m_recordAction->setEnabled(m_state->isLive()); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refresh);
    view->addAction(m_pause);
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_presentation->action());
    QAction *history = view->addAction(tr("&History size…"), this, [this] {
        // How much of the past the live view keeps (for the charts and for looking back), in memory, not in
        // snapshots: a snapshot of a large host is megabytes, of a quiet one a few kilobytes once it is a delta.
        bool ok = false;
        const int mib = QInputDialog::getInt(this, tr("History size"), tr("Keep up to this many MiB of past snapshots:"),
                                             historyMiB(), 0, 65536, 16, &ok);
        if (!ok)
            return;
        QSettings().setValue(QStringLiteral("history/maxMiB"), mib);
        m_state->setHistoryBytes(qint64(mib) << 20);
    });
    history->setObjectName(QStringLiteral("historySize"));
    view->addSeparator();
    view->addAction(tr("&Find"), QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    // Escape lets go of the selection everywhere; in the search field it first empties the search.
    QAction *unselect = view->addAction(tr("&Clear selection"), QKeySequence(Qt::Key_Escape), this, [this] {
        if (m_search->hasFocus() && !m_search->text().isEmpty())
            m_search->clear();
        else
            clearSelection();
    });
    unselect->setObjectName(QStringLiteral("clearSelection"));
    unselect->setShortcutContext(Qt::WindowShortcut);
    // On the window as well: their shortcuts keep working while presentation mode hides the menu bar.
    addActions({m_refresh, m_pause, unselect});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About nsviz"), this, [this] {
        QMessageBox::about(this, tr("About nsviz"),
                           tr("<p><b>nsviz %1</b></p><p>Shows which processes share which kernel namespaces: "
                              "cgroup, ipc, mnt, net, pid, time, user and uts. A container is, to the kernel, "
                              "a set of these namespaces that some processes share.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::goLive()
{
    if (m_state->isLive())
        return;
    m_state->setInterval(m_interval->value());
    m_state->setHistoryBytes(qint64(historyMiB()) << 20);
    m_state->setPaused(m_pause->isChecked());
    m_state->showLive();
    m_pause->setEnabled(true);
    m_refresh->setEnabled(true);
    m_interval->setEnabled(true);
    setWindowTitle(tr("nsviz — live"));
    m_statusTime->setFullText(tr("Scanning…"));
}

void MainWindow::startFullView()
{
    if (m_state->source() == HostState::Source::FullView)
        return;
    const QString probe = QApplication::applicationDirPath() + QStringLiteral("/nsviz-probe");
    m_state->startFullView(QStringLiteral("pkexec"), {probe, QStringLiteral("--stream"), QStringLiteral("--interval"), QString::number(m_interval->value())});
    m_fullViewAction->setEnabled(false);
    m_statusTime->setFullText(tr("Waiting for authentication…"));
}

void MainWindow::stopFullView(const QString &why)
{
    m_state->stopFullView();
    m_fullViewAction->setEnabled(true);
    if (!why.isEmpty())
        QMessageBox::information(this, tr("Full view ended"),
                                 Qt::convertFromPlainText(tr("The full view of the host has ended: %1.\nBack to the processes this user can see.").arg(why)));
    updateStatus();
}

void MainWindow::showFixed(const SnapshotPtr &snapshot)
{
    m_fullViewAction->setEnabled(true);
    m_pause->setEnabled(false);
    m_refresh->setEnabled(false);
    m_interval->setEnabled(false);
    m_state->showSnapshot(snapshot);
    setWindowTitle(tr("nsviz — snapshot of %1").arg(text::oneLine(snapshot->host().hostname)));
}

QWidget *MainWindow::buildTablePane()
{
    // The table with what its colours mean under it, and the one switch that matters for a first look at it.
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_table, 1);
    auto *legend = new SharingLegend(pane);
    legend->addWidget(m_kernelThreads);
    m_shownCount->setObjectName(QStringLiteral("shownCount"));
    m_shownCount->setForegroundRole(QPalette::PlaceholderText);
    legend->addWidget(m_shownCount);
    layout->addWidget(legend);
    return pane;
}

void MainWindow::fitToScreen(const QScreen *on)
{
    // Sized for the screen it opens on: a laptop's 1366x768 gets all of it, a bigger screen a comfortable part.
    const QScreen *s = on ? on : screen();
    const QRect available = s ? s->availableGeometry() : QRect(0, 0, 1366, 768);
    // The window manager's title bar and borders come on top of the window's size (and are not known before it
    // is shown): room is left for them.
    const QSize frame(2 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth) + 8, style()->pixelMetric(QStyle::PM_TitleBarHeight) + 16);
    const QSize size = QSize(1560, 960).boundedTo(available.size() - frame);
    resize(size);
    move(available.topLeft() + QPoint((available.width() - size.width()) / 2, (available.height() - size.height()) / 2));
    // Details wide enough for the compact `ls -al` lines and a sentence; the tree for a namespace and its count.
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int details = std::clamp(size.width() / 4, m_details->compactWidth(), std::max(m_details->compactWidth(), em * 64));
    resizeDocks({m_detailsDock}, {details}, Qt::Horizontal);
    if (auto *splitter = qobject_cast<QSplitter *>(centralWidget())) {
        // At least a namespace's name and the count beside it, with the scroll bar: a laptop's fifth was not.
        const int needs = treeNameFloor() + m_tree->header()->sectionSizeHint(int(NamespaceTreeModel::Column::Members))
            + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * m_tree->frameWidth() + 4;
        const int tree = std::clamp(size.width() / 5, std::max(em * 30, needs), std::max(em * 48, needs));
        splitter->setSizes({tree, std::max(1, size.width() - details - tree)});
    }
    if (auto *right = findChild<QSplitter *>(QStringLiteral("graphSplitter")))
        right->setSizes({size.height() * 3 / 5, size.height() * 2 / 5});
}

void MainWindow::sizeColumns()
{
    // Wide enough for a namespace's name or inode, so nothing is cut off at first.
    const QFontMetrics fm = fontMetrics();
    m_table->setColumnWidth(int(ProcessTableModel::Column::Pid), fm.horizontalAdvance(QStringLiteral("4194304")) + 28);
    m_table->setColumnWidth(int(ProcessTableModel::Column::User), fm.horizontalAdvance(QStringLiteral("systemd-net")) + 16);
    m_table->setColumnWidth(int(ProcessTableModel::Column::Command), fm.horizontalAdvance(QLatin1Char('x')) * 28);
    m_table->setColumnWidth(int(ProcessTableModel::Column::Container), fm.horizontalAdvance(QStringLiteral("docker 0123456789ab")) + 12);
    for (NamespaceType t : allNamespaceTypes)
        m_table->setColumnWidth(ProcessTableModel::namespaceColumn(t), fm.horizontalAdvance(QStringLiteral("4026531835")) + 16);
    sizeTreeColumns();
}

void MainWindow::sizeTreeColumns()
{
    // After the view has laid out what it shows now (a just expanded node, a new grouping), and once for a burst.
    if (m_treeSizing)
        return;
    m_treeSizing = true;
    QTimer::singleShot(0, this, [this] {
        m_treeSizing = false;
        sizeTreeColumnsNow();
    });
}

int MainWindow::treeNameFloor() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("net:[4026531840]  (host)")) + 40;
}

void MainWindow::sizeTreeColumnsNow()
{
    // The name as wide as what is shown needs (up to most of the pane: a long command elides, its tooltip has it
    // all), the count as wide as its numbers; the details take the rest.
    const int pane = m_tree->viewport()->width();
    const int count = int(NamespaceTreeModel::Column::Members);
    QHeaderView *header = m_tree->header();
    header->setSectionResizeMode(int(NamespaceTreeModel::Column::Details), QHeaderView::Stretch); // again after a reset
    m_tree->resizeColumnToContents(count);
    m_tree->setColumnWidth(count, std::max(m_tree->columnWidth(count), fontMetrics().horizontalAdvance(QStringLiteral("99999")) + 12));
    m_tree->resizeColumnToContents(0);
    // At least a namespace's name, unless the pane was made narrower than that and the count: then the count
    // keeps its place and the name elides.
    const int room = pane - m_tree->columnWidth(count);
    const int most = std::min(std::max(pane * 3 / 4 - m_tree->columnWidth(count), std::min(treeNameFloor(), room)),
                              room - header->minimumSectionSize());
    if (m_tree->columnWidth(0) > most)
        m_tree->setColumnWidth(0, most);
    // Details in a sliver ("D", "pod…") say nothing: where fewer than a dozen letters fit, the column goes and
    // the name takes its room (Details and the tooltip say it all); it comes back when the pane is wider.
    const int details = int(NamespaceTreeModel::Column::Details);
    const bool narrow = room - m_tree->columnWidth(0) < fontMetrics().horizontalAdvance(QLatin1Char('x')) * 12;
    if (narrow != m_tree->isColumnHidden(details))
        m_tree->setColumnHidden(details, narrow);
    if (narrow)
        m_tree->setColumnWidth(0, std::max(m_tree->columnWidth(0), room));
}

void MainWindow::resetModels()
{
    // A different data set (live host <-> saved snapshot): the models start over.
    m_tableProxy->setSourceModel(nullptr);
    m_treeProxy->setSourceModel(nullptr);
    delete m_tableModel;
    delete m_treeModel;
    m_tableModel = new ProcessTableModel(this);
    m_treeModel = new NamespaceTreeModel(this);
    m_treeModel->setGrouping(NamespaceTreeModel::Grouping(m_grouping->currentData().toInt()));
    m_selection->setModels(m_tableModel, m_treeModel); // before the views can move a selection into them
    m_tableProxy->setSourceModel(m_tableModel);
    m_treeProxy->setSourceModel(m_treeModel);
    m_selection->setSnapshot(nullptr);
    m_current.reset();
    m_details->clear();
    m_graph->clear();
    m_compare->clear();
    m_charts->clear();
    sizeColumns(); // a new source model resets the headers
}

void MainWindow::showSnapshot(const SnapshotPtr &snapshot)
{
    m_state->ingest(snapshot);
}

void MainWindow::applyUpdate(const SnapshotPtr &snapshot, const SnapshotDiff &diff, bool first)
{
    if (!snapshot)
        return;
    first = first || !m_current;
    const RowAnchor anchor = tableAnchor();
    // Worked out once, by HostState, for every view: the models, the filter and the graph all apply the same change.
    m_current = snapshot;
    m_lastDiff = diff;
    m_selection->setSnapshot(snapshot);
    m_filter->setSnapshot(snapshot, first ? nullptr : &diff);
    m_tableModel->setSnapshot(snapshot, diff);
    m_treeModel->setSnapshot(snapshot, diff);
    m_details->setSnapshot(snapshot);
    m_compare->setSnapshot(snapshot);
    if (!m_state->isLive())
        m_lesson->setSnapshot(snapshot); // a recorded lesson's checks: against the moment shown
    if (!m_state->isLive())
        m_demo->setSnapshot(snapshot);
    if (m_filter->isSearching())
        m_graph->setSearchMatches(m_filter->shownProcesses(), m_filter->matchedNamespaces());
    // In presentation mode a part of the host: the diff is of the whole, so the graph looks at every card again.
    m_graph->setSnapshot(graphPicture(snapshot), first || m_presentation->isActive() ? nullptr : &diff);
    m_charts->setShown(snapshot, m_state->shownTime(), m_state->isFollowing());
    if (first) {
        m_tree->expandToDepth(0);
        expandSearchMatches();
        sizeTreeColumns();
    }
    restoreAnchor(anchor);
    updateShownCount();
    updateStatus();
}

SnapshotPtr MainWindow::graphPicture(const SnapshotPtr &snapshot) const
{
    return m_presentation && m_presentation->isActive() ? containersAndHost(snapshot) : snapshot;
}

MainWindow::RowAnchor MainWindow::tableAnchor() const
{
    QWidget *viewport = m_table->viewport();
    QModelIndex at;
    if (viewport->underMouse())
        at = m_table->indexAt(viewport->mapFromGlobal(QCursor::pos()));
    const QModelIndex current = m_table->currentIndex();
    if (!at.isValid() && current.isValid() && viewport->rect().intersects(m_table->visualRect(current)))
        at = current;
    if (!at.isValid())
        return {};
    return {QPersistentModelIndex(at.siblingAtColumn(0)), m_table->visualRect(at).top()};
}

void MainWindow::restoreAnchor(const RowAnchor &anchor)
{
    // New rows above it, rows gone, a re-sort: the table scrolls by as much as the row moved, so on screen it
    // stays where it was and the rest moves around it.
    if (!anchor.index.isValid())
        return;
    m_table->doItemsLayout(); // the scroll range must already count the new rows
    const int moved = m_table->visualRect(anchor.index).top() - anchor.top;
    if (moved != 0)
        m_table->verticalScrollBar()->setValue(m_table->verticalScrollBar()->value() + moved);
}

void MainWindow::updateShownCount()
{
    if (!m_current)
        return;
    const int live = int(m_current->processes().size());
    // Rows are the live processes shown and, for one refresh, the ones that exited (still shown, marked).
    int shown = m_tableProxy->rowCount();
    for (qint32 pid : m_lastDiff.processesRemoved)
        shown -= !m_filter->isRestricting() || m_filter->accepts(pid);
    m_shownCount->setText(shown == live ? tr("all %1").arg(text::count(live, "process", "processes"))
                                        : tr("%1 of %2 shown").arg(QLocale().toString(shown), text::count(live, "process", "processes")));
}

void MainWindow::updateStatus()
{
    if (!m_current)
        return;
    const Snapshot &s = *m_current;
    QStringList perType;
    for (NamespaceType t : allNamespaceTypes)
        perType.append(QStringLiteral("%1 %2").arg(namespaceTypeName(t)).arg(s.namespacesOfType(t).size()));
    // The counts per type in the tooltip: in the line they made the status bar wider than a laptop's screen.
    m_statusCounts->setFullText(tr("%1 processes · %2 namespaces · %3 namespace sets")
                                    .arg(QLocale().toString(qsizetype(s.processes().size())),
                                         QLocale().toString(qsizetype(s.namespaces().size())),
                                         QLocale().toString(qsizetype(s.namespaceSets().size()))));
    m_statusCounts->setStatusTip(QString());
    m_statusCounts->setToolTip(perType.join(QStringLiteral(", ")));
    const bool hidden = s.inaccessible().processes > 0;
    if (!s.host().scanError.isEmpty()) {
        // Not a matter of rights (out of file descriptors or memory): the full view would not help.
        m_statusHidden->setFullText(tr("Incomplete picture: %1").arg(text::oneLine(s.host().scanError)));
        m_statusHidden->setToolTip(text::toolTip(s.inaccessible().reason));
    } else if (hidden) {
        m_statusHidden->setFullText(tr("%1 not visible").arg(text::count(s.inaccessible().processes, "process", "processes"))
                                + (s.host().scannerUid != 0 ? tr(" — the full view shows them") : QString()));
        m_statusHidden->setToolTip(text::toolTip(s.inaccessible().reason));
    } else {
        m_statusHidden->setFullText({});
    }
    // The full view needs another user's rights: offer it to a non-root user watching the live host.
    const bool fullView = m_state->source() == HostState::Source::FullView;
    m_fullViewButton->setVisible(hidden && m_state->source() == HostState::Source::Live && ::geteuid() != 0);
    const QString when = QLocale().toString(s.host().time.toLocalTime(), QStringLiteral("HH:mm:ss"));
    if (!m_state->isFollowing())
        m_statusTime->setFullText(tr("Viewing %1").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_state->shownTime()), QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    else if (fullView)
        m_statusTime->setFullText(tr("Live, full view — last scan %1").arg(when));
    else if (m_state->source() == HostState::Source::Recording)
        m_statusTime->setFullText(tr("Replay of %1, moment %2 of %3").arg(text::oneLine(s.host().hostname)).arg(m_state->shownIndex() + 1).arg(m_state->history().size()));
    else if (!m_state->isLive())
        m_statusTime->setFullText(tr("Saved snapshot of %1, taken %2").arg(text::oneLine(s.host().hostname), QLocale().toString(s.host().time.toLocalTime(), QLocale::ShortFormat)));
    else if (m_state->isPaused())
        m_statusTime->setFullText(tr("Paused — last scan %1").arg(when));
    else
        m_statusTime->setFullText(tr("Live — last scan %1").arg(when));
}

void MainWindow::applySearch()
{
    QString error;
    const bool ok = m_filter->setSearch(m_search->text(), m_regex->isChecked(), &error);
    m_search->setToolTip(ok ? QString() : tr("Invalid regular expression: %1").arg(error));
    QPalette p = m_search->palette();
    p.setColor(QPalette::Text, ok ? palette().color(QPalette::Text) : QColor(Qt::red));
    m_search->setPalette(p);
    // What is selected and now hidden by the search stays nowhere: not in Details, not lit in the graph (the
    // table and the tree have dropped their rows already). Cleared, the search shows it again, unselected. A
    // namespace stays while the tree shows it (it matches, or holds a match, or is above one).
    if (const qint32 pid = m_details->shownProcess(); pid > 0 && m_filter->isSearching() && !m_filter->accepts(pid))
        clearSelection();
    else if (const NamespaceId ns = m_details->shownNamespace();
             ns && m_filter->isSearching() && !m_treeProxy->mapFromSource(m_treeModel->findNamespace(ns)).isValid())
        clearSelection(); // the tree shows it no more: it matches nothing and holds no match, in this grouping
    updateSearchMatches();
    expandSearchMatches();
    updateShownCount();
}

void MainWindow::updateSearchMatches()
{
    if (m_filter->isSearching())
        m_graph->setSearchMatches(m_filter->shownProcesses(), m_filter->matchedNamespaces());
    else
        m_graph->clearSearchMatches();
}

void MainWindow::expandSearchMatches()
{
    // Every match shown with its ancestors: the filtered tree is opened down to the matches, breadth first, while
    // that stays a size one can read; further down a node opens on a click, already filtered.
    if (!m_filter->isSearching())
        return;
    constexpr int budget = 400; // rows shown by opening nodes
    int opened = 0;
    QList<QModelIndex> level;
    for (int r = 0; r < m_treeProxy->rowCount(); ++r)
        level.append(m_treeProxy->index(r, 0));
    while (!level.isEmpty() && opened < budget) {
        QList<QModelIndex> next;
        for (const QModelIndex &index : std::as_const(level)) {
            if (m_treeProxy->canFetchMore(index))
                m_treeProxy->fetchMore(index);
            const int rows = m_treeProxy->rowCount(index);
            if (rows == 0 || opened + rows > budget)
                continue;
            m_tree->expand(index);
            opened += rows;
            for (int r = 0; r < rows; ++r)
                next.append(m_treeProxy->index(r, 0, index));
        }
        level = next;
    }
    sizeTreeColumns();
}

void MainWindow::selectProcess(qint32 pid)
{
    if (m_selection)
        m_selection->selectProcess(pid);
}

void MainWindow::selectNamespace(NamespaceId id)
{
    if (m_selection)
        m_selection->selectNamespace(id);
}

void MainWindow::clearSelection()
{
    if (m_selection)
        m_selection->clear();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The tree's pane dragged wider or narrower: its columns follow.
    if (event->type() == QEvent::Resize && watched == m_tree->viewport())
        sizeTreeColumns();
    // A click on the empty part of the table or the tree lets go of the selection, as in the graph.
    if (event->type() == QEvent::MouseButtonPress && (watched == m_table->viewport() || watched == m_tree->viewport())) {
        const auto *press = static_cast<QMouseEvent *>(event);
        const QAbstractItemView *view = watched == m_table->viewport() ? static_cast<QAbstractItemView *>(m_table) : m_tree;
        if (press->button() == Qt::LeftButton && !view->indexAt(press->position().toPoint()).isValid())
            clearSelection();
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::compareProcesses(qint32 a, qint32 b)
{
    if (a == b)
        return;
    m_compare->compare(a, b);
    m_graph->showComparison(a, b);
    if (m_presentation->isActive())
        return; // the two spotlit in the picture; the table of the dock is too small for a class
    const bool opening = !m_compareDock->isVisible();
    m_compareDock->show();
    m_compareDock->raise();
    if (opening) // as tall as the comparison, the rest of the side for Details
        resizeDocks({m_compareDock}, {m_compare->sizeHint().height()}, Qt::Vertical);
}

void MainWindow::exportMatrix(ExportFormat format)
{
    if (!m_current)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the sharing matrix"),
                                                      QStringLiteral("namespaces-matrix.%1").arg(exportFormatName(format)));
    if (path.isEmpty())
        return;
    MatrixContent content(m_current, m_graph->scene()->nodePainter(), GraphModel::allTypes(), m_hideHost->isChecked());
    ExportRequest request;
    request.format = format;
    request.path = path;
    request.scale = 2;
    request.page = m_graph->exportPage();
    request.orientation = m_graph->exportOrientation();
    request.title = tr("Namespace sharing of %1").arg(m_current->host().hostname);
    QString error;
    if (!exportDiagram(content, m_graph->scene()->nodePainter(), m_current.get(), request, &error))
        QMessageBox::warning(this, tr("Export failed"), Qt::convertFromPlainText(tr("The export did not work: %1").arg(error)));
}

void MainWindow::openFileInteractively(const QString &path)
{
    // Read off the GUI thread: a recording of an hour is tens of megabytes of compressed JSON, seconds to read.
    // The window stays as it is (and live) meanwhile; a second Open while one is read waits for its turn.
    if (m_opening) {
        statusBar()->showMessage(tr("Still opening the last file; try again in a moment"), 5000);
        return;
    }
    m_opening = true;
    statusBar()->showMessage(tr("Opening %1...").arg(text::oneLine(path)));
    QtConcurrent::run([path] { return loadHostFile(path); }).then(this, [this, path](const HostFile &file) {
        m_opening = false;
        statusBar()->clearMessage();
        showOpenedFile(path, file);
    });
}

void MainWindow::showOpenedFile(const QString &path, const HostFile &file)
{
    if (!file.ok()) {
        QMessageBox::warning(this, file.recording ? tr("Cannot open recording") : tr("Cannot open snapshot"), Qt::convertFromPlainText(file.error));
        return;
    }
    if (file.snapshot) {
        showFixed(file.snapshot);
        return;
    }
    const Recording &recording = *file.recording;
    if (!recording.error.isEmpty()) {
        // Some of it is good: the user decides whether that is worth seeing; the view shown now stays otherwise.
        const auto answer = QMessageBox::question(this, tr("Recording damaged"),
                                                  Qt::convertFromPlainText(tr("%1 is not whole:\n%2\n\nPlay the %3 before it?")
                                                                               .arg(path, recording.error, text::count(recording.moments->size(), "moment", "moments"))),
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer != QMessageBox::Yes)
            return;
    }
    showRecording(recording, path);
}

bool MainWindow::openRecording(const QString &path, QString *error, bool acceptPartial)
{
    const Recording recording = readRecording(path);
    if (!recording.moments || recording.moments->isEmpty()) {
        if (error)
            *error = tr("%1 cannot be replayed: %2").arg(path, recording.error);
        return false;
    }
    if (!recording.error.isEmpty() && !acceptPartial) {
        if (error)
            *error = tr("%1 is not whole: %2").arg(path, recording.error);
        return false;
    }
    if (error)
        *error = recording.error;
    showRecording(recording, path);
    return true;
}

void MainWindow::showRecording(const Recording &recording, const QString &path)
{
    m_pause->setEnabled(false);
    m_refresh->setEnabled(false);
    m_interval->setEnabled(false);
    m_state->showRecording(recording);
    QString lessonError;
    const std::optional<RecordedLesson> lesson = recordedLesson(recording, &lessonError);
    m_lesson->setRecordedLesson(lesson);
    if (lesson) // what the file is for: the tab that plays it in front
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("lessonDock"))) {
            dock->show();
            dock->raise();
        }
    if (!lessonError.isEmpty())
        statusBar()->showMessage(tr("The recording's lesson cannot be played: %1").arg(lessonError), 15000);
    const SnapshotPtr first = m_state->shown();
    setWindowTitle(tr("nsviz — recording of %1 (%2)").arg(first ? text::oneLine(first->host().hostname) : QString(), text::oneLine(QFileInfo(path).fileName())));
}

bool MainWindow::startRecording(const QString &path, QString *error)
{
    return m_state->startRecording(path, error);
}

void MainWindow::stopRecording()
{
    const QString path = m_state->recordingPath();
    const bool was = m_state->isRecording();
    m_state->stopRecording();
    if (was && m_state->recordingError().isEmpty())
        statusBar()->showMessage(tr("Recording saved: %1 (%2)").arg(path, text::count(m_state->recordedMoments(), "moment", "moments")), 10000);
}

void MainWindow::saveSnapshotInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save snapshot"), QStringLiteral("nsviz-snapshot.json"), tr("nsviz snapshots (*.json)"));
    QString error;
    if (!path.isEmpty() && !saveSnapshot(path, &error))
        QMessageBox::warning(this, tr("Cannot save snapshot"), Qt::convertFromPlainText(error));
}

bool MainWindow::openSnapshot(const QString &path, QString *error)
{
    // A snapshot, or a recording whole (a damaged one needs openRecording's acceptPartial, or the user's yes).
    const HostFile file = loadHostFile(path);
    if (file.recording)
        return openRecording(path, error);
    if (!file.ok()) {
        if (error)
            *error = file.error;
        return false;
    }
    showFixed(file.snapshot);
    return true;
}

bool MainWindow::saveSnapshot(const QString &path, QString *error) const
{
    if (!m_current) {
        if (error)
            *error = tr("There is no snapshot yet.");
        return false;
    }
    return io::SafeFile::writeFile(path, QByteArray(writeSnapshotJson(*m_current) + '\n'), error);
}

int MainWindow::historyMiB()
{
    return std::clamp(QSettings().value(QStringLiteral("history/maxMiB"), int(SnapshotHistory::DefaultMaxBytes >> 20)).toInt(), 0, 65536);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_presentation->setActive(false); // the window is remembered as it is outside it
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (auto *splitter = qobject_cast<QSplitter *>(centralWidget()))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    if (auto *right = findChild<QSplitter *>(QStringLiteral("graphSplitter")))
        settings.setValue(QStringLiteral("window/graphSplitter"), right->saveState());
    settings.setValue(QStringLiteral("refresh/intervalMs"), m_interval->value());
    settings.setValue(QStringLiteral("view/grouping"), m_grouping->currentIndex());
    settings.setValue(QStringLiteral("view/hideHostNoise"), m_hideHost->isChecked());
    settings.setValue(QStringLiteral("view/kernelThreads"), m_kernelThreads->isChecked());
    event->accept();
}

} // namespace nsviz
