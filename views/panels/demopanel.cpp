#include "demopanel.h"

#include "demoform.h"
#include "enginesection.h"
#include "fieldmessage.h"
#include "terminallauncher.h"
#include "widgets/elidedlabel.h"
#include "widgets/flowlayout.h"

#include "containers/demoservice.h"
#include "itemmodels/displaytext.h"

#include <QApplication>
#include <QCoreApplication>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace nsviz {

namespace {

enum Column { NameColumn, SourceColumn, PidColumn, NamespacesColumn, ColumnCount };
constexpr int KeyRole = Qt::UserRole;
constexpr int FetchTimeoutMs = 3000;
constexpr int ExitOutputLines = 12; // what is shown of an ended container's output: its last lines

// How a built-in container ended and the last lines it wrote, as the panel shows it. Output is the container's to
// choose: its control characters (colours, cursor moves) are shown, not obeyed.
QString exitReport(const DemoContainer &c)
{
    QStringList lines = QString::fromUtf8(c.output).trimmed().split(QLatin1Char('\n'));
    if (lines.size() == 1 && lines.first().isEmpty())
        return QObject::tr("%1 %2. It wrote nothing.").arg(text::oneLine(c.name), c.exitDescription);
    const qsizetype total = lines.size();
    if (total > ExitOutputLines)
        lines = lines.mid(total - ExitOutputLines);
    for (QString &l : lines)
        l = text::oneLine(l);
    const QString head = total > ExitOutputLines ? QObject::tr("%1 %2. The last %3 of the %4 lines it wrote:").arg(text::oneLine(c.name), c.exitDescription).arg(ExitOutputLines).arg(total)
                                                 : QObject::tr("%1 %2. Its output:").arg(text::oneLine(c.name), c.exitDescription);
    return head + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
}

QString entryKey(const DemoPanel::Entry &e)
{
    return (e.source == DemoPanel::Entry::Source::BuiltIn ? QStringLiteral("b:") : QStringLiteral("e:")) + e.id;
}

// One line under each preset's title: the gist, in a few words.
QString presetGist(const DemoPreset &p)
{
    const QHash<QString, QString> gists = { // not static: translated at each call, as the language may change
        {QStringLiteral("web-servers"), QCoreApplication::translate("DemoPanel", "Two web servers on port %1, no conflict").arg(DemoHttpPort)},
        {QStringLiteral("own-filesystem"), QCoreApplication::translate("DemoPanel", "A different /etc in each container")},
        {QStringLiteral("own-pid1"), QCoreApplication::translate("DemoPanel", "PID 1 inside, an ordinary pid outside")},
        {QStringLiteral("own-hostname"), QCoreApplication::translate("DemoPanel", "Another hostname on the same host")},
        {QStringLiteral("root-inside"), QCoreApplication::translate("DemoPanel", "uid 0 inside, an unprivileged user outside")},
        {QStringLiteral("isolated-ipc"), QCoreApplication::translate("DemoPanel", "The same shared memory key twice, no clash")},
        {QStringLiteral("pod"), QCoreApplication::translate("DemoPanel", "Shared net, ipc and uts; separate mnt and pid")},
    };
    if (const auto it = gists.constFind(p.id); it != gists.cend())
        return *it;
    return p.explanation.section(QLatin1String(". "), 0, 0);
}

// Where to look once it runs.
QString presetTry(const QString &id)
{
    const QHash<QString, QString> tries = { // not static: translated at each call
        {QStringLiteral("web-servers"), QCoreApplication::translate("DemoPanel", "Press Fetch page: each server answers on 127.0.0.1:%1 inside its own net "
                                                       "namespace. In the views the two have different net namespaces.")
                                            .arg(DemoHttpPort)},
        {QStringLiteral("own-filesystem"), QCoreApplication::translate("DemoPanel", "Terminal here in each, then: cat /etc/os-release. Two answers, and the "
                                                          "host's file is untouched.")},
        {QStringLiteral("own-pid1"), QCoreApplication::translate("DemoPanel", "Terminal here, then: ps. The shell inside calls itself PID 1; the list "
                                                    "shows the pid the host knows it by.")},
        {QStringLiteral("own-hostname"), QCoreApplication::translate("DemoPanel", "Terminal here, then: hostname. Inside it answers demo-kestrel; the host "
                                                        "keeps its own name.")},
        {QStringLiteral("root-inside"), QCoreApplication::translate("DemoPanel", "Terminal here, then: id. uid 0 inside; the views show the process under "
                                                       "the outside user.")},
        {QStringLiteral("isolated-ipc"), QCoreApplication::translate("DemoPanel", "Terminal here in each, then: ipcs -m. Each sees only its own segment.")},
        {QStringLiteral("pod"), QCoreApplication::translate("DemoPanel", "Both share one net, ipc and uts namespace, and each has its own mnt and pid "
                                               "namespace. Fetch page reaches the web server from the sidecar too; Terminal "
                                               "here in the sidecar, then: hostname (it is pod-web's) and ps (only its own).")},
    };
    return tries.value(id);
}

QString typeList(const QList<NamespaceType> &types)
{
    QStringList keys;
    for (NamespaceType t : types)
        keys.append(QLatin1String(namespaceTypeKey(t)));
    return keys.join(QStringLiteral(", "));
}

QWidget *presetRow(const DemoPreset &p, QWidget *parent, const std::function<void()> &start)
{
    auto *w = new QWidget(parent);
    // Elided, not as wide as their text: the Start button stays in sight however narrow the dock (the title and
    // gist are the row's tooltip and the details under the list, in full).
    auto *title = new ElidedLabel(w);
    title->setObjectName(QStringLiteral("title"));
    title->setFullText(p.title);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *gist = new ElidedLabel(w);
    gist->setObjectName(QStringLiteral("gist"));
    gist->setFullText(presetGist(p));
    gist->setForegroundRole(QPalette::PlaceholderText);
    auto *button = new QPushButton(QObject::tr("Start"), w);
    button->setObjectName(QStringLiteral("start-") + p.id);
    button->setToolTip(QObject::tr("Start \"%1\"").arg(p.title));
    QObject::connect(button, &QPushButton::clicked, w, start);
    auto *text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(title);
    text->addWidget(gist);
    auto *layout = new QHBoxLayout(w);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addLayout(text, 1);
    layout->addWidget(button, 0, Qt::AlignVCenter);
    return w;
}

QScrollArea *scrolled(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

DemoPanel::DemoPanel(QWidget *parent)
    : QWidget(parent)
    , m_service(new DemoService(this))
    , m_privileged(DemoRuntime::isPrivileged())
    , m_presets(demoPresets(m_privileged))
    , m_terminal(std::make_unique<TerminalLauncher>())
    , m_intro(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_presetList(new QListWidget(this))
    , m_presetDetails(new QLabel(this))
    , m_presetError(new FieldMessage(this))
    , m_form(new DemoForm(this))
    , m_engine(new EngineSection(this))
    , m_list(new QTreeWidget(this))
    , m_fetch(new QPushButton(tr("Fetch page"), this))
    , m_terminalButton(new QPushButton(tr("Terminal here"), this))
    , m_show(new QPushButton(tr("Show in views"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_stopAll(new QPushButton(tr("Stop all"), this))
    , m_terminalNote(new QLabel(this))
    , m_message(new FieldMessage(this))
    , m_output(new QPlainTextEdit(this))
{
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setText(m_privileged
                         ? tr("Running as root: containers get exactly the namespaces chosen, and a veth pair is possible. "
                              "Built-in demo containers stop when nsviz quits; engine containers run until stopped.")
                         : tr("Running without root: each container also gets a user namespace that maps you to root inside "
                              "(rootless). Built-in demo containers stop when nsviz quits; engine containers run until stopped."));

    // Unprivileged, everything rests on user namespaces: say first, with the fix, when this host forbids them.
    // (The facts come from the runtime's thread, a moment after start-up.)
    auto *hostProblem = new FieldMessage(this);
    connect(m_service, &DemoService::factsChanged, this, [this, hostProblem] {
        hostProblem->showMessage(m_service->hostFacts().userNamespaceProblem);
        if (isStarting())
            return; // its answer is what the preset and the form show next
        selectPreset(m_presetList->currentRow()); // what keeps the selected preset from starting here, if anything
        m_form->validate();
    });

    // Not in a scroll area of its own: its list is as tall as all its presets, so every Start button is in sight
    // (on a short screen the whole panel scrolls, in the dock).
    m_tabs->addTab(buildPresetsTab(), tr("Presets"));
    m_tabs->addTab(scrolled(m_form, m_tabs), tr("Custom"));
    m_tabs->addTab(scrolled(m_engine, m_tabs), tr("Engine"));
    m_tabs->setTabToolTip(0, tr("The examples of the namespaces chapter, one click each"));
    m_tabs->setTabToolTip(1, tr("Choose the namespaces, hostname, command and root filesystem yourself"));
    m_tabs->setTabToolTip(2, tr("Containers of a Podman or Docker engine on this host"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tabs);
    splitter->addWidget(buildRunningBox());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_intro);
    layout->addWidget(hostProblem);
    layout->addWidget(splitter, 1);

    m_form->setPrivileged(m_privileged);
    m_form->setChecker([service = QPointer<DemoService>(m_service)](const ContainerSpec &spec) {
        return service ? service->check(spec) : QStringList(); // the service goes first when the panel is torn down
    });
    connect(m_form, &DemoForm::startRequested, this, &DemoPanel::startCustom);

    auto changed = [this] {
        rebuildEntries();
        Q_EMIT containersChanged();
    };
    connect(m_service, &DemoService::containersChanged, this, changed);
    // After the list is rebuilt (the service publishes the list first): a container that ended by itself says how,
    // and with what last words.
    connect(m_service, &DemoService::containerExited, this, [this](const QString &id, const QString &how) {
        if (how != QLatin1String("stopped"))
            showExited(id);
    });
    connect(m_service, &DemoService::startFinished, this, &DemoPanel::finishStart);
    connect(m_service, &DemoService::pagesFetched, this, &DemoPanel::showPages);
    connect(m_engine, &EngineSection::containersChanged, this, changed);

    setTerminalLauncher(TerminalLauncher());
    if (!m_presets.isEmpty())
        m_presetList->setCurrentRow(0);
    rebuildEntries();
    m_engine->rescan();
}

DemoPanel::~DemoPanel()
{
    // Quiet teardown: neither the runtime's answers nor a late engine answer may reach a half-destroyed panel. The
    // service stops every container, and waits for them, as it goes.
    disconnect(m_service, nullptr, this, nullptr);
    disconnect(m_engine, nullptr, this, nullptr);
    delete m_service;
}

QWidget *DemoPanel::buildPresetsTab()
{
    auto *tab = new QWidget(this);
    m_presetList->setParent(tab);
    m_presetList->setObjectName(QStringLiteral("presets"));
    m_presetList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_presetList->setAlternatingRowColors(true);
    for (const DemoPreset &p : std::as_const(m_presets)) {
        auto *item = new QListWidgetItem(m_presetList);
        item->setData(Qt::UserRole, p.id);
        item->setData(Qt::AccessibleTextRole, p.title);
        item->setToolTip(p.explanation);
        QWidget *row = presetRow(p, m_presetList, [this, id = p.id] {
            if (isPresetRunning(id))
                stopPreset(id);
            else
                startPreset(id);
        });
        item->setSizeHint(row->sizeHint());
        m_presetList->setItemWidget(item, row);
    }
    int rows = 2 * m_presetList->frameWidth();
    for (int i = 0; i < m_presetList->count(); ++i)
        rows += m_presetList->item(i)->sizeHint().height();
    m_presetList->setMinimumHeight(std::max(rows, 120));
    m_presetList->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_presetList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_presetList, &QListWidget::currentRowChanged, this, &DemoPanel::selectPreset);
    connect(m_presetList, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { startPreset(item->data(Qt::UserRole).toString()); });

    m_presetDetails->setParent(tab);
    m_presetDetails->setWordWrap(true);
    m_presetDetails->setTextFormat(Qt::RichText);
    m_presetDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_presetDetails->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_presetError->setParent(tab);

    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_presetList, 1);
    layout->addWidget(m_presetDetails);
    layout->addWidget(m_presetError);
    return tab;
}

QWidget *DemoPanel::buildRunningBox()
{
    auto *box = new QGroupBox(tr("Running demo containers"), this);
    m_list->setParent(box);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Name"), tr("Runtime"), tr("PID (host)"), tr("Own namespaces")});
    m_list->headerItem()->setToolTip(PidColumn, tr("The pid of the container's first process as the host sees it"));
    m_list->headerItem()->setToolTip(NamespacesColumn, tr("The namespaces the container does not share with the host"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch); // long names elide: no scroll bar
    m_list->header()->setSectionResizeMode(NamespacesColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false); // a stretched last section keeps its default 100 px at least
    m_list->setMinimumHeight(90);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        showExitOutput();
    });
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QTreeWidget::customContextMenuRequested, this, &DemoPanel::showContextMenu);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (const Entry *e = selectedEntry(); e && e->pid > 0)
            Q_EMIT showProcessRequested(e->pid);
    });

    m_list->setObjectName(QStringLiteral("running"));
    m_fetch->setObjectName(QStringLiteral("fetch-page"));
    m_terminalButton->setObjectName(QStringLiteral("terminal-here"));
    m_show->setObjectName(QStringLiteral("show-in-views"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stopAll->setObjectName(QStringLiteral("stop-all"));
    m_fetch->setToolTip(tr("Fetch http://127.0.0.1:%1/ from inside the net namespace of each running web server").arg(DemoHttpPort));
    m_show->setToolTip(tr("Select the container's first process in the graph and the table"));
    m_stop->setToolTip(tr("Stop the selected container (an exited one is taken off the list)"));
    m_stopAll->setToolTip(tr("Stop every built-in container, and remove (killing them) the engine containers started from nsviz"));
    connect(m_fetch, &QPushButton::clicked, this, &DemoPanel::fetchPages);
    connect(m_terminalButton, &QPushButton::clicked, this, &DemoPanel::openTerminal);
    connect(m_show, &QPushButton::clicked, this, [this] {
        if (const Entry *e = selectedEntry(); e && e->pid > 0)
            Q_EMIT showProcessRequested(e->pid);
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (const Entry *e = selectedEntry())
            stop(QString(e->id)); // a copy: stopping rebuilds m_entries under the reference
    });
    connect(m_stopAll, &QPushButton::clicked, this, &DemoPanel::stopAll);

    m_terminalNote->setParent(box);
    m_terminalNote->setWordWrap(true);
    m_terminalNote->setTextFormat(Qt::PlainText);
    m_terminalNote->setForegroundRole(QPalette::PlaceholderText);
    m_message->setParent(box);
    m_output->setParent(box);
    m_output->setReadOnly(true);
    m_output->setMaximumHeight(140);
    m_output->setPlaceholderText(tr("Fetched pages appear here"));
    m_output->setVisible(false);

    // In rows as the dock's width allows: side by side on a wide one, wrapped on a laptop's narrow dock.
    auto *buttons = new FlowLayout;
    for (QPushButton *b : {m_fetch, m_terminalButton, m_show, m_stop, m_stopAll})
        buttons->addWidget(b);

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_terminalNote);
    layout->addWidget(m_message);
    layout->addWidget(m_output);
    return box;
}

void DemoPanel::setSnapshot(const SnapshotPtr &snapshot)
{
    m_snapshot = snapshot;
    // Engine containers take their namespace ids from the snapshot; a web server starts listening a moment after
    // it starts. Either way each refresh updates the rows (the selection is kept).
    for (const Entry &e : std::as_const(m_entries)) {
        if (e.source == Entry::Source::Engine || (e.running && e.webServer)) {
            rebuildEntries();
            break;
        }
    }
}

void DemoPanel::rescanEngines()
{
    m_engine->rescan();
}

void DemoPanel::setTerminalLauncher(const TerminalLauncher &launcher)
{
    m_terminal = std::make_unique<TerminalLauncher>(launcher);
    const QString reason = m_terminal->unavailableReason();
    m_terminalButton->setToolTip(reason.isEmpty() ? tr("Open %1 with a shell in all the namespaces of the selected container "
                                                       "(nsenter -t PID -a)")
                                                        .arg(m_terminal->terminal().section(QLatin1Char('/'), -1))
                                                  : reason);
    // Short under the buttons (the button's tooltip has the whole list of emulators looked for).
    const QString note = m_terminal->terminal().isEmpty()
        ? tr("Terminal here needs a terminal emulator; none is installed (e.g. \"apt install xterm\").")
        : reason;
    m_terminalNote->setText(reason.isEmpty() ? QString()
                                             : note + tr(" Right-click a container to copy its nsenter command instead."));
    m_terminalNote->setToolTip(reason);
    m_terminalNote->setVisible(!reason.isEmpty());
    updateButtons();
}

QHash<QString, QString> DemoPanel::containerNames() const
{
    return m_engine->containerNames();
}

QList<ContainerNames::Demo> DemoPanel::demoContainers() const
{
    QList<ContainerNames::Demo> out;
    for (const DemoService::Container &c : m_service->containers())
        if (c.info.state == DemoContainer::State::Running)
            out.append({c.info.namespaces, c.info.initPid, c.info.name});
    return out;
}

QStringList DemoPanel::presetIds() const
{
    QStringList ids;
    for (const DemoPreset &p : m_presets)
        ids.append(p.id);
    return ids;
}

void DemoPanel::selectPreset(int row)
{
    m_presetError->clearMessage();
    // The row widgets draw their own labels: follow the selection's colours so the selected row stays readable.
    for (int i = 0; i < m_presetList->count(); ++i) {
        QWidget *w = m_presetList->itemWidget(m_presetList->item(i));
        if (!w)
            continue;
        const bool selected = i == row;
        if (auto *title = w->findChild<QLabel *>(QStringLiteral("title")))
            title->setForegroundRole(selected ? QPalette::HighlightedText : QPalette::WindowText);
        if (auto *gist = w->findChild<QLabel *>(QStringLiteral("gist")))
            gist->setForegroundRole(selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
    }
    if (row < 0 || row >= m_presets.size()) {
        m_presetDetails->clear();
        return;
    }
    const DemoPreset &p = m_presets.at(row);
    QString html = QStringLiteral("<p><b>%1</b></p><p>%2</p>").arg(p.title.toHtmlEscaped(), p.explanation.toHtmlEscaped());
    QStringList starts;
    for (const ContainerSpec &c : p.containers) {
        QString what = tr("new %1").arg(typeList(c.newNamespaces));
        if (!c.joinContainer.isEmpty())
            what += tr("; joins the %1 namespace of %2").arg(typeList(c.joinNamespaces), c.joinContainer);
        if (!c.hostname.isEmpty())
            what += tr("; hostname %1").arg(c.hostname);
        starts.append(QStringLiteral("<li><b>%1</b>: %2</li>").arg(c.name.toHtmlEscaped(), what.toHtmlEscaped()));
    }
    html += tr("<p>Starts:</p><ul style=\"margin-top:0\">%1</ul>").arg(starts.join(QString()));
    if (const QString t = presetTry(p.id); !t.isEmpty())
        html += tr("<p><i>Try:</i> %1</p>").arg(t.toHtmlEscaped());
    m_presetDetails->setText(html);

    // Say now what would keep it from starting on this host (busybox missing, user namespaces disabled...).
    QStringList problems;
    for (const ContainerSpec &c : p.containers) {
        if (!c.joinContainer.isEmpty())
            continue; // checked against the container it joins only once that runs
        const QStringList found = m_service->check(c);
        for (const QString &f : found) {
            if (!problems.contains(f))
                problems.append(f);
        }
    }
    if (!problems.isEmpty())
        m_presetError->showMessage(tr("This preset cannot start here: %1").arg(problems.join(QStringLiteral("; "))));
}

bool DemoPanel::startPreset(const QString &id)
{
    qsizetype row = -1;
    for (qsizetype i = 0; i < m_presets.size(); ++i) {
        if (m_presets.at(i).id == id)
            row = i;
    }
    if (row < 0)
        return false;
    if (isPresetRunning(id))
        return true; // a double-click on a running preset: one copy, which its Stop button stops
    if (isStarting())
        return false; // one start at a time: the Start buttons are off meanwhile
    if (m_presetList->currentRow() != row)
        m_presetList->setCurrentRow(int(row));
    m_startingPreset = id;
    m_startRequest = m_service->startPreset(m_presets.at(row));
    m_presetError->showMessage(tr("Starting \"%1\"...").arg(m_presets.at(row).title), FieldMessage::Kind::Info);
    updatePresetButtons();
    m_form->setBusy(true);
    return true;
}

void DemoPanel::finishStart(quint64 request, const QStringList &ids, const QString &error)
{
    if (request != m_startRequest)
        return;
    m_startRequest = 0;
    const QString presetId = std::exchange(m_startingPreset, QString());
    m_form->setBusy(false);
    QString message;
    if (!presetId.isEmpty()) {
        const DemoPreset *preset = nullptr;
        for (const DemoPreset &p : std::as_const(m_presets))
            preset = p.id == presetId ? &p : preset;
        // Said under its own preset, wherever the selection went meanwhile.
        if (preset && m_presetList->currentRow() != int(preset - m_presets.constData()))
            m_presetList->setCurrentRow(int(preset - m_presets.constData()));
        if (ids.isEmpty()) {
            message = tr("Could not start \"%1\": %2").arg(preset ? preset->title : presetId, error);
            m_presetError->showMessage(message);
        } else {
            m_presetContainers.insert(presetId, ids);
            QStringList started;
            for (const QString &cid : ids) {
                if (const auto c = m_service->container(cid))
                    started.append(tr("%1 (pid %2)").arg(text::oneLine(c->info.name)).arg(c->info.initPid));
            }
            message = tr("Started %1.").arg(started.join(QStringLiteral(", ")));
            m_presetError->showMessage(message, FieldMessage::Kind::Info);
        }
    } else if (ids.isEmpty()) {
        message = tr("Could not start: %1").arg(error);
        m_form->showStartError(message);
    } else {
        m_customId = ids.first();
        m_customClock.start();
        const auto c = m_service->container(m_customId);
        message = c ? tr("Started %1 (pid %2 on the host).").arg(text::oneLine(c->info.name)).arg(c->info.initPid) : tr("Started.");
        m_form->showStartInfo(message);
    }
    rebuildEntries();
    Q_EMIT startFinished(!ids.isEmpty(), message);
}

void DemoPanel::stopPreset(const QString &id)
{
    const QStringList ids = m_presetContainers.take(id);
    for (const QString &cid : ids) {
        if (m_service->container(cid))
            m_service->stop(cid); // the list follows when the service has published it
    }
    updatePresetButtons();
}

bool DemoPanel::isPresetRunning(const QString &id) const
{
    const QStringList ids = m_presetContainers.value(id);
    for (const QString &cid : ids) {
        if (const auto c = m_service->container(cid); c && c->info.state == DemoContainer::State::Running)
            return true;
    }
    return false;
}

void DemoPanel::updatePresetButtons()
{
    for (const DemoPreset &p : std::as_const(m_presets)) {
        auto *button = m_presetList->findChild<QPushButton *>(QStringLiteral("start-") + p.id);
        if (!button)
            continue;
        const bool running = isPresetRunning(p.id);
        const bool starting = isStarting() && m_startingPreset == p.id;
        button->setText(starting ? tr("Starting...") : running ? tr("Stop") : tr("Start"));
        button->setEnabled(running || !isStarting());
        button->setToolTip(running ? tr("Stop the containers of \"%1\"").arg(p.title) : tr("Start \"%1\"").arg(p.title));
    }
}

QString DemoPanel::nsenterCommand(qint32 pid)
{
    return QStringLiteral("nsenter -t %1 -a /bin/sh").arg(pid);
}

void DemoPanel::showContextMenu(const QPoint &at)
{
    const Entry *e = selectedEntry();
    if (!e)
        return;
    QMenu menu(this);
    const qint32 pid = e->running ? e->pid : 0;
    const QString id = e->id;
    QAction *show = menu.addAction(tr("Show in views"), this, [this, pid] { Q_EMIT showProcessRequested(pid); });
    show->setEnabled(pid > 0);
    QAction *terminal = menu.addAction(tr("Terminal here"), this, &DemoPanel::openTerminal);
    terminal->setEnabled(pid > 0 && m_terminal->isAvailable());
    QAction *copy = menu.addAction(tr("Copy nsenter command"), this, [pid] { QGuiApplication::clipboard()->setText(nsenterCommand(pid)); });
    copy->setEnabled(pid > 0);
    copy->setToolTip(pid > 0 ? nsenterCommand(pid) : QString());
    if (e->webServer && e->running)
        menu.addAction(tr("Fetch page"), this, &DemoPanel::fetchPages);
    menu.addSeparator();
    menu.addAction(tr("Stop"), this, [this, id] { stop(id); });
    menu.exec(m_list->viewport()->mapToGlobal(at));
}

bool DemoPanel::startCustom()
{
    if (isStarting() || !m_form->validate())
        return false;
    m_startingPreset.clear();
    m_startRequest = m_service->start(m_form->spec());
    m_form->setBusy(true);
    m_form->showStartInfo(tr("Starting..."));
    updatePresetButtons();
    return true;
}

void DemoPanel::stop(const QString &id)
{
    m_message->clearMessage();
    if (m_service->container(id)) {
        m_service->stop(id); // the list follows when the service has published it
    } else {
        m_engine->stopContainer(id, true); // nsviz's own: killed and removed; the list follows when the engine has answered
    }
}

void DemoPanel::stopAll()
{
    m_message->clearMessage();
    m_presetContainers.clear();
    m_service->stopAll();
    m_engine->stopAllDemoContainers(true);
    updatePresetButtons();
}

void DemoPanel::fetchPages()
{
    if (isFetching())
        return; // the answer to the last click is on its way
    m_fetching.clear();
    QStringList ids;
    for (const Entry &e : std::as_const(m_entries)) {
        if (e.source == Entry::Source::BuiltIn && e.running && e.webServer) {
            m_fetching.append(e);
            ids.append(e.id);
        }
    }
    m_output->setVisible(true);
    if (ids.isEmpty()) {
        const QString shown = tr("No web server is running. Start \"Two web servers on one port\" or \"Pod\" first.");
        m_output->setPlainText(shown);
        Q_EMIT pagesFetched(shown);
        return;
    }
    m_fetchRequest = m_service->fetchPages(ids, DemoHttpPort, "/", FetchTimeoutMs);
    m_output->setPlainText(tr("Fetching http://127.0.0.1:%1/ from inside the net namespace of %n web server(s)...", nullptr, int(ids.size()))
                               .arg(DemoHttpPort));
    updateButtons();
}

void DemoPanel::showPages(quint64 request, const QList<DemoService::Page> &pages)
{
    if (request != m_fetchRequest)
        return;
    m_fetchRequest = 0;
    QStringList parts;
    for (const DemoService::Page &page : pages) {
        const auto e = std::find_if(m_fetching.cbegin(), m_fetching.cend(), [&](const Entry &x) { return x.id == page.id; });
        if (e == m_fetching.cend())
            continue;
        NamespaceId net = 0;
        for (const auto &[type, id] : e->namespaces) {
            if (type == NamespaceType::Net)
                net = id;
        }
        QString part = tr("%1 (pid %2, %3): http://127.0.0.1:%4/ inside its net namespace")
                           .arg(text::oneLine(e->name))
                           .arg(e->pid)
                           .arg(text::namespaceLink(NamespaceType::Net, net))
                           .arg(DemoHttpPort);
        if (page.body)
            part += QLatin1Char('\n') + QTextDocumentFragment::fromHtml(QString::fromUtf8(*page.body)).toPlainText().trimmed();
        else
            part += QLatin1Char('\n') + tr("failed after %1 s: %2").arg(QLocale().toString(double(page.elapsedMs) / 1000, 'f', 1), page.error);
        parts.append(part);
    }
    m_fetching.clear();
    const QString shown = parts.join(QStringLiteral("\n\n"));
    m_output->setPlainText(shown);
    m_output->setVisible(true);
    updateButtons();
    Q_EMIT pagesFetched(shown);
}

void DemoPanel::showExitOutput()
{
    // Why a container ended is the first thing to know when a custom command did not do what was meant.
    const Entry *e = selectedEntry();
    if (!e || e->running || e->source != Entry::Source::BuiltIn)
        return;
    const std::optional<DemoService::Container> c = m_service->container(e->id);
    if (!c)
        return;
    m_output->setPlainText(exitReport(c->info));
    m_output->setVisible(true);
}

void DemoPanel::showExited(const QString &id)
{
    const std::optional<DemoService::Container> found = m_service->container(id);
    if (!found)
        return;
    const DemoContainer *c = &found->info;
    // Its row becomes the selected one, and the output box says how it ended, without a click: a command that
    // dies at once must not look as if it had started and silently gone.
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(NameColumn, KeyRole).toString() == QStringLiteral("b:") + id) {
            const QSignalBlocker blocker(m_list);
            m_list->clearSelection();
            item->setSelected(true);
            m_list->scrollToItem(item);
        }
    }
    updateButtons();
    m_output->setPlainText(exitReport(*c));
    m_output->setVisible(true);
    if (id == m_customId) {
        // The form still said "Started": say instead that it ended, and why, where the user is looking.
        const QString last = text::oneLine(QString::fromUtf8(c->output).trimmed().section(QLatin1Char('\n'), -1));
        const qint64 ms = m_customClock.elapsed();
        const QString when = ms < 60000 ? tr("%1 s").arg(QLocale().toString(double(ms) / 1000, 'f', 1)) : tr("%1 min").arg(ms / 60000);
        m_form->showStartError(last.isEmpty() ? tr("%1 %2, %3 after it started; it wrote nothing.").arg(text::oneLine(c->name), c->exitDescription, when)
                                              : tr("%1 %2, %3 after it started. Its last line: %4").arg(text::oneLine(c->name), c->exitDescription, when, last));
        m_customId.clear();
    }
}

void DemoPanel::openTerminal()
{
    const Entry *e = selectedEntry();
    if (!e || e->pid <= 0)
        return;
    QString error;
    if (!m_terminal->open(e->pid, tr("%1 — nsviz demo container").arg(e->name), &error))
        m_message->showMessage(tr("Terminal here: %1").arg(error));
}

void DemoPanel::rebuildEntries()
{
    QList<Entry> entries;
    const QList<DemoService::Container> builtIn = m_service->containers();
    QHash<QString, bool> webById;
    for (const DemoService::Container &published : builtIn) {
        const DemoContainer &c = published.info;
        Entry e;
        e.source = Entry::Source::BuiltIn;
        e.id = c.id;
        e.name = c.name;
        e.running = c.state == DemoContainer::State::Running;
        e.pid = e.running ? c.initPid : 0;
        e.state = e.running ? tr("running") : c.exitDescription;
        if (e.running) {
            // What the seed's web-server example is about: each one listening on the same port, side by side.
            QStringList ports;
            for (quint16 port : published.listeningPorts)
                ports << QString::number(port);
            if (!ports.isEmpty())
                e.state = tr("running, listening on port %1").arg(ports.join(QStringLiteral(", ")));
        }
        e.pidInside = e.running && c.spec.unshares(NamespaceType::Pid) ? 1 : 0; // its first process is PID 1 there
        const QString program = c.spec.command.value(0).section(QLatin1Char('/'), -1);
        e.webServer = program == QLatin1String("httpd") || (c.spec.joins(NamespaceType::Net) && webById.value(c.spec.joinContainer));
        webById.insert(c.id, e.webServer);
        for (NamespaceType t : allNamespaceTypes) {
            if (c.spec.unshares(t) || c.spec.joins(t))
                e.namespaces.append({t, c.namespaces[t]});
        }
        entries.append(e);
    }
    const QList<EngineContainer> engine = m_engine->demoContainers();
    for (const EngineContainer &c : engine) {
        Entry e;
        e.source = Entry::Source::Engine;
        e.id = c.id;
        e.name = c.name;
        e.running = c.isRunning();
        e.pid = c.pid;
        e.state = c.status.isEmpty() ? c.state : c.status;
        if (const ProcessInfo *p = m_snapshot && c.pid > 0 ? m_snapshot->process(c.pid) : nullptr) {
            if (p->nspid.size() > 1)
                e.pidInside = p->nspid.last();
            const NamespaceSet &initial = m_snapshot->initialNamespaces();
            for (NamespaceType t : allNamespaceTypes) {
                if (p->namespaces.set[t] != initial[t])
                    e.namespaces.append({t, p->namespaces.set[t]});
            }
        }
        entries.append(e);
    }
    m_entries = entries;
    updateList();
    updatePresetButtons();
}

void DemoPanel::updateList()
{
    const QList<QTreeWidgetItem *> was = m_list->selectedItems();
    const QString selected = was.isEmpty() ? QString() : was.first()->data(NameColumn, KeyRole).toString();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const Entry &e : std::as_const(m_entries)) {
        auto *item = new QTreeWidgetItem(m_list);
        const bool builtIn = e.source == Entry::Source::BuiltIn;
        item->setData(NameColumn, KeyRole, entryKey(e));
        // Names and states can be an engine's answer: one line, control characters visible.
        item->setText(NameColumn, text::oneLine(e.running ? e.name : tr("%1 (%2)").arg(e.name, e.state)));
        item->setText(SourceColumn, builtIn ? tr("built-in") : m_engine->engineInfo().name.section(QLatin1Char(' '), 0, 0));
        item->setText(PidColumn, e.pid <= 0 ? QStringLiteral("—")
                                 : e.pidInside > 0 ? tr("%1 (%2 inside)").arg(e.pid).arg(e.pidInside)
                                                   : QString::number(e.pid));
        if (e.pidInside > 0)
            item->setToolTip(PidColumn, tr("pid %1 on the host is pid %2 in the container's own pid namespace").arg(e.pid).arg(e.pidInside));
        item->setTextAlignment(PidColumn, Qt::AlignRight | Qt::AlignVCenter);
        QStringList links, lines;
        for (const auto &[type, id] : e.namespaces) {
            links.append(id ? text::namespaceLink(type, id) : QLatin1String(namespaceTypeKey(type)));
            lines.append(id ? text::namespaceLink(type, id) : tr("%1 (not known yet)").arg(QLatin1String(namespaceTypeKey(type))));
        }
        if (!builtIn && e.namespaces.isEmpty())
            links.append(tr("(after the next refresh)"));
        // Two per line: the ids stay whole and comparable without a wide dock.
        QStringList pairs;
        for (qsizetype i = 0; i < links.size(); i += 2)
            pairs.append(links.mid(i, 2).join(QLatin1Char(' ')));
        item->setText(NamespacesColumn, pairs.join(QLatin1Char('\n')));
        item->setToolTip(NamespacesColumn, lines.join(QLatin1Char('\n')));
        item->setToolTip(NameColumn, text::toolTip(tr("%1\n%2\n%3").arg(e.name, builtIn ? tr("built-in runtime, id %1").arg(e.id)
                                                                                           : tr("engine container %1").arg(e.id.left(12)),
                                                                        e.state)));
        if (!e.running) {
            for (int c = 0; c < ColumnCount; ++c)
                item->setForeground(c, palette().brush(QPalette::Disabled, QPalette::Text));
        }
        if (entryKey(e) == selected)
            item->setSelected(true);
    }
    if (m_list->selectedItems().isEmpty() && m_list->topLevelItemCount() > 0)
        m_list->topLevelItem(m_list->topLevelItemCount() - 1)->setSelected(true);
    updateButtons();
}

void DemoPanel::updateButtons()
{
    const Entry *e = selectedEntry();
    bool anyWeb = false;
    for (const Entry &x : std::as_const(m_entries))
        anyWeb = anyWeb || (x.running && x.webServer && x.source == Entry::Source::BuiltIn);
    m_fetch->setEnabled(anyWeb && !isFetching());
    const bool running = e && e->running && e->pid > 0;
    m_terminalButton->setEnabled(running && m_terminal && m_terminal->isAvailable());
    m_show->setEnabled(running);
    m_stop->setEnabled(e != nullptr);
    m_stopAll->setEnabled(!m_entries.isEmpty());
}

const DemoPanel::Entry *DemoPanel::selectedEntry() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    if (items.isEmpty())
        return nullptr;
    const QString key = items.first()->data(NameColumn, KeyRole).toString();
    for (const Entry &e : m_entries) {
        if (entryKey(e) == key)
            return &e;
    }
    return nullptr;
}

QString DemoPanel::presetDetails() const
{
    return QTextDocumentFragment::fromHtml(m_presetDetails->text()).toPlainText();
}

QString DemoPanel::presetError() const
{
    return m_presetError->isError() ? m_presetError->message() : QString();
}

QString DemoPanel::panelMessage() const
{
    return m_message->message();
}

QString DemoPanel::fetchedText() const
{
    return m_output->toPlainText();
}

bool DemoPanel::canOpenTerminal() const
{
    return m_terminalButton->isEnabled();
}

QString DemoPanel::terminalNote() const
{
    return m_terminalNote->isVisibleTo(this) ? m_terminalNote->text() : QString();
}

} // namespace nsviz
