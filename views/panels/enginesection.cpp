#include "enginesection.h"

#include <unistd.h>

#include "fieldmessage.h"

#include "containers/containerspec.h"
#include "itemmodels/displaytext.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace nsviz {

namespace {

enum Column { NameColumn, ImageColumn, StateColumn, PidColumn, ColumnCount };
constexpr int IdRole = Qt::UserRole;

QString imageTitle(const EngineImage &image)
{
    // Every string here is the engine's answer: one line, control characters visible.
    return text::oneLine(image.tags.isEmpty() ? image.id.left(19) : image.tags.join(QStringLiteral(", ")));
}

// The reference the run form passes to the engine: the first tag, or the id of an untagged image.
QString imageReference(const EngineImage &image)
{
    return image.tags.isEmpty() ? image.id : image.tags.first();
}

QString engineLine(const EngineInfo &info)
{
    QString line = info.name.isEmpty() ? QStringLiteral("Container engine") : info.name;
    if (!info.version.isEmpty())
        line += QLatin1Char(' ') + info.version;
    if (!info.apiVersion.isEmpty())
        line += QStringLiteral(" (API %1)").arg(info.apiVersion);
    return text::oneLine(line);
}

} // namespace

EngineSection::EngineSection(QWidget *parent)
    : QWidget(parent)
    , m_session(new EngineSession(this))
    , m_socketBox(new QComboBox(this))
    , m_rescan(new QPushButton(tr("Look again"), this))
    , m_status(new QLabel(this))
    , m_imagesLabel(new QLabel(this))
    , m_imageList(new QListWidget(this))
    , m_image(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_nameError(new FieldMessage(this))
    , m_hostname(new QLineEdit(this))
    , m_hostnameError(new FieldMessage(this))
    , m_command(new QLineEdit(this))
    , m_commandError(new FieldMessage(this))
    , m_start(new QPushButton(tr("Start container"), this))
    , m_error(new FieldMessage(this))
    , m_list(new QTreeWidget(this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_socketBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_socketBox->setMinimumContentsLength(24);
    m_socketBox->setToolTip(tr("The engine API sockets found on this host; nsviz talks HTTP to the engine on it"));
    m_rescan->setToolTip(tr("Look for Podman and Docker sockets again"));
    // Plain text: these labels show what the engine answered, which may look like markup.
    m_status->setTextFormat(Qt::PlainText);
    m_imagesLabel->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_imagesLabel->setWordWrap(true);
    m_imagesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_imageList->setToolTip(tr("Images in the engine's local storage; nsviz never pulls one from a registry"));

    m_socketBox->setObjectName(QStringLiteral("engine-socket"));
    m_image->setObjectName(QStringLiteral("engine-image"));
    m_name->setObjectName(QStringLiteral("engine-name"));
    m_hostname->setObjectName(QStringLiteral("engine-hostname"));
    m_command->setObjectName(QStringLiteral("engine-command"));
    m_start->setObjectName(QStringLiteral("engine-start"));
    m_list->setObjectName(QStringLiteral("engine-containers"));
    m_image->setToolTip(tr("A local image to start the container from"));
    m_name->setPlaceholderText(tr("e.g. nsviz-demo (empty: the engine picks one)"));
    m_hostname->setPlaceholderText(tr("e.g. demo (empty: the container's short id)"));
    m_command->setPlaceholderText(tr("e.g. sleep 3600 (empty: the image's default)"));
    m_command->setToolTip(tr("Split into arguments like a command line (quotes group words); never run through a shell"));
    m_start->setToolTip(tr("Create and start the container through the engine's API"));

    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Name"), tr("Image"), tr("State"), tr("PID")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // A long name or image elides, no scroll bar. Not the last section stretched: QHeaderView never makes it
    // narrower than its default size, which put the list's columns past a narrow dock.
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(ImageColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->setMinimumHeight(80);
    m_stop->setToolTip(tr("Stop the selected container (SIGTERM, then SIGKILL after 10 s)"));
    m_remove->setToolTip(tr("Remove the selected container (a running one is killed first)"));

    for (QComboBox *box : {m_socketBox, m_image}) {
        // A socket path or an image name can be long: the box is as wide as the dock lets it be, not as them.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }
    // Label, box and button in a row did not fit a laptop's dock: the label goes above them.
    auto *socketRow = new QHBoxLayout;
    socketRow->addWidget(m_socketBox, 1);
    socketRow->addWidget(m_rescan);

    auto *imagesBox = new QGroupBox(tr("Local images"), this);
    m_engineBoxes.append(imagesBox);
    auto *imagesLayout = new QVBoxLayout(imagesBox);
    imagesLayout->addWidget(m_imagesLabel);
    imagesLayout->addWidget(m_imageList);

    auto *runBox = new QGroupBox(tr("Start a container"), this);
    m_engineBoxes.append(runBox);
    auto *form = new QFormLayout(runBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto field = [this](QWidget *editor, FieldMessage *message) {
        auto *w = new QWidget(this);
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        l->addWidget(editor);
        l->addWidget(message);
        return w;
    };
    form->addRow(tr("Image:"), m_image);
    form->addRow(tr("Name:"), field(m_name, m_nameError));
    form->addRow(tr("Hostname:"), field(m_hostname, m_hostnameError));
    form->addRow(tr("Command:"), field(m_command, m_commandError));
    auto *startRow = new QHBoxLayout;
    startRow->addStretch(1);
    startRow->addWidget(m_start);
    form->addRow(startRow);
    form->addRow(m_error);

    auto *containersBox = new QGroupBox(tr("Engine containers"), this);
    m_engineBoxes.append(containersBox);
    auto *containersLayout = new QVBoxLayout(containersBox);
    containersLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_remove);
    containersLayout->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Engine socket:"), this));
    layout->addLayout(socketRow);
    layout->addWidget(m_status);
    layout->addWidget(imagesBox);
    layout->addWidget(runBox);
    layout->addWidget(containersBox, 1);
    layout->addStretch(0); // takes the room while the boxes above are hidden

    connect(m_socketBox, &QComboBox::activated, this, &EngineSection::connectTo);
    connect(m_rescan, &QPushButton::clicked, m_session, &EngineSession::rescan);
    connect(m_start, &QPushButton::clicked, this, &EngineSection::startFromForm);
    connect(m_stop, &QPushButton::clicked, this, [this] { stopContainer(selectedContainer()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeContainer(selectedContainer()); });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &EngineSection::updateButtons);
    for (QLineEdit *e : {m_name, m_hostname, m_command})
        connect(e, &QLineEdit::textEdited, this, &EngineSection::validateForm);

    connect(m_session, &EngineSession::socketsChanged, this, [this] {
        m_error->clearMessage(); // about the engine before
        updateSocketsBox();
    });
    connect(m_session, &EngineSession::stateChanged, this, [this] {
        updateStatus();
        updateImages();
        updateButtons();
    });
    connect(m_session, &EngineSession::imagesChanged, this, [this] {
        updateImages();
        updateButtons();
    });
    connect(m_session, &EngineSession::containersListed, this, [this] {
        updateContainers();
        updateButtons();
    });
    connect(m_session, &EngineSession::failed, this, &EngineSection::showError);
    connect(m_session, &EngineSession::runFinished, this, &EngineSection::showRunResult);
    connect(m_session, &EngineSession::containersChanged, this, &EngineSection::containersChanged);
    connect(m_session, &EngineSession::containerStarted, this, &EngineSection::containerStarted);
    connect(m_session, &EngineSession::busyChanged, this, &EngineSection::busyChanged);

    updateSocketsBox();
    updateStatus();
    updateImages();
    updateButtons();
}

EngineSection::~EngineSection()
{
    // The session goes with this widget: none of its answers may reach a half-destroyed section.
    disconnect(m_session, nullptr, this, nullptr);
}

void EngineSection::connectTo(int index)
{
    m_error->clearMessage();
    m_session->connectTo(index);
}

void EngineSection::updateStatus()
{
    const int index = m_session->currentIndex();
    const QList<EngineSocket> sockets = m_session->sockets();
    if (index >= 0)
        m_socketBox->setCurrentIndex(index);
    switch (m_session->state()) {
    case EngineSession::State::NoSocket: {
        QStringList looked;
        for (const EngineSocket &s : engineSocketCandidates())
            looked.append(s.path);
        m_status->setText(tr("No Podman or Docker engine socket was found (looked at %1). Start one, e.g. "
                             "\"systemctl start podman.socket\" as root or \"systemctl --user start podman.socket\", "
                             "then press Look again. The built-in runtime needs no engine.")
                              .arg(looked.join(QStringLiteral(", "))));
        break;
    }
    case EngineSession::State::Asking:
        m_status->setText(tr("Asking the engine at %1 who it is…").arg(m_session->currentSocket()));
        break;
    case EngineSession::State::Failed:
        m_status->setText(m_session->error());
        break;
    case EngineSession::State::Connected: {
        const EngineSocket *socket = index >= 0 && index < sockets.size() ? &sockets.at(index) : nullptr;
        m_status->setText(tr("%1 at %2%3")
                              .arg(engineLine(m_session->engineInfo()), m_session->currentSocket(),
                                   socket && !socket->origin.isEmpty() ? QStringLiteral(" (%1)").arg(socket->origin) : QString()));
        break;
    }
    }
}

bool EngineSection::validateForm()
{
    bool ok = true;
    m_nameError->clearMessage();
    m_hostnameError->clearMessage();
    // The same rule as the built-in runtime's, said before the engine is asked (the client checks it again).
    if (const QString hostname = m_hostname->text().trimmed(); !hostname.isEmpty()) {
        if (QString problem = hostnameProblem(hostname); !problem.isEmpty()) {
            problem[0] = problem.at(0).toUpper();
            m_hostnameError->showMessage(problem + QLatin1Char('.'));
            ok = false;
        }
    }
    const QString command = m_command->text().trimmed();
    if (!command.isEmpty() && QProcess::splitCommand(command).isEmpty()) {
        m_commandError->showMessage(tr("This splits into no arguments; give a program and its arguments, or leave it empty "
                                       "for the image's default command."));
        ok = false;
    } else if (!command.isEmpty()) {
        const QStringList argv = QProcess::splitCommand(command);
        QStringList shown;
        for (const QString &a : argv)
            shown.append(QLatin1Char('[') + a + QLatin1Char(']'));
        m_commandError->showMessage(tr("Runs as %1 arguments: %2").arg(argv.size()).arg(shown.join(QLatin1Char(' '))),
                                    FieldMessage::Kind::Info);
    } else {
        m_commandError->clearMessage();
    }
    if (m_image->currentIndex() < 0) {
        showError(m_session->images().isEmpty() ? tr("There is no local image to start. ") + EngineClient::missingImageHint(QStringLiteral("busybox"))
                                     : tr("Choose an image."));
        ok = false;
    }
    return ok;
}

void EngineSection::startFromForm()
{
    m_error->clearMessage();
    if (!m_session->isConnected()) {
        showError(tr("No engine is connected; choose a socket above or press Look again."));
        return;
    }
    if (!validateForm())
        return;
    EngineContainerSpec spec;
    spec.image = m_image->currentData().toString();
    spec.name = m_name->text().trimmed();
    spec.hostname = m_hostname->text().trimmed();
    spec.command = QProcess::splitCommand(m_command->text().trimmed());
    // A net namespace of its own with only loopback: needs no bridge, CNI or netavark set up on the host.
    spec.networkMode = QStringLiteral("none");
    m_start->setEnabled(false);
    m_session->run(spec); // labelled as this nsviz's there
}

void EngineSection::showRunResult(const EngineResult<EngineContainer> &r)
{
    updateButtons();
    if (!r.ok()) {
        // The client checks name and hostname itself; put its words next to the field they are about.
        const QString &message = r.error.message;
        if (message.contains(QLatin1String("valid container name")))
            m_nameError->showMessage(message);
        else if (message.contains(QLatin1String("valid hostname")))
            m_hostnameError->showMessage(message);
        else
            showError(message);
        return;
    }
    m_error->showMessage(tr("Started %1 (pid %2 on the host).").arg(text::oneLine(r.value.name)).arg(r.value.pid), FieldMessage::Kind::Info);
}

QString EngineSection::statusText() const
{
    return m_status->text();
}

QString EngineSection::imagesText() const
{
    return m_imagesLabel->text();
}

QString EngineSection::errorText() const
{
    QStringList all;
    for (const FieldMessage *m : {m_nameError, m_hostnameError, m_commandError, m_error}) {
        if (m->isError())
            all.append(m->text());
    }
    return all.join(QLatin1Char('\n'));
}

void EngineSection::showError(const QString &text)
{
    m_error->showMessage(text);
}

void EngineSection::updateSocketsBox()
{
    m_socketBox->clear();
    const QList<EngineSocket> sockets = m_session->sockets();
    for (const EngineSocket &s : sockets)
        m_socketBox->addItem(s.origin.isEmpty() ? s.path : QStringLiteral("%1 — %2").arg(s.origin, s.path), s.path);
    m_socketBox->setEnabled(!sockets.isEmpty());
}

void EngineSection::updateImages()
{
    const QString previous = m_image->currentData().toString();
    m_imageList->clear();
    m_image->clear();
    const QLocale locale;
    const QList<EngineImage> images = m_session->images();
    for (const EngineImage &image : images) {
        const QString title = imageTitle(image);
        auto *item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(title, locale.formattedDataSize(image.size)), m_imageList);
        item->setToolTip(text::toolTip(image.id));
        m_image->addItem(title, imageReference(image));
    }
    const int keep = m_image->findData(previous);
    if (keep >= 0)
        m_image->setCurrentIndex(keep);
    m_imageList->setVisible(!images.isEmpty());
    // As tall as its rows (up to four), so one image does not take the room of ten.
    const int rows = int(std::min<qsizetype>(std::max<qsizetype>(images.size(), 1), 4));
    m_imageList->setFixedHeight(rows * m_imageList->fontMetrics().height() * 3 / 2 + 2 * m_imageList->frameWidth() + 4);
    if (!m_session->isConnected())
        m_imagesLabel->setText(m_session->state() != EngineSession::State::NoSocket ? tr("Waiting for the engine…") : tr("No engine."));
    else if (!m_session->imagesError().isEmpty())
        m_imagesLabel->setText(tr("Could not list the images: %1").arg(m_session->imagesError()));
    else if (images.isEmpty())
        m_imagesLabel->setText(tr("This engine has no local images, so there is nothing to start yet. ")
                               + EngineClient::missingImageHint(QStringLiteral("busybox")));
    else
        m_imagesLabel->setText((images.size() == 1 ? tr("1 local image") : tr("%1 local images").arg(images.size()))
                               + tr("; nothing is ever pulled from a registry."));
}

void EngineSection::updateContainers()
{
    const QString selected = selectedContainer();
    m_list->clear();
    const QList<EngineContainer> containers = m_session->containers();
    for (const EngineContainer &c : containers) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, text::oneLine(c.name));
        item->setText(ImageColumn, text::oneLine(c.image));
        item->setText(StateColumn, text::oneLine(c.status.isEmpty() ? c.state : c.status));
        item->setText(PidColumn, c.pid > 0 ? QString::number(c.pid) : QStringLiteral("—"));
        item->setTextAlignment(PidColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(NameColumn, IdRole, c.id);
        item->setToolTip(NameColumn, text::toolTip(tr("%1\nid %2%3").arg(c.name, c.id,
                                                          c.labels.value(demoLabel()) == instanceTag() ? tr("\nstarted from this nsviz")
                                                          : c.labels.contains(demoLabel()) ? tr("\nstarted from another nsviz") : QString())));
        if (c.id == selected)
            item->setSelected(true);
    }
}

void EngineSection::updateButtons()
{
    const bool engine = m_session->isConnected();
    // Without an engine there is nothing to show below the status line, which says why and what to do.
    for (QWidget *box : std::as_const(m_engineBoxes))
        box->setVisible(engine);
    const bool noImages = m_session->images().isEmpty();
    m_start->setEnabled(engine && !noImages);
    m_start->setToolTip(engine && noImages ? tr("There is no local image to start a container from")
                                                     : tr("Create and start the container through the engine's API"));
    const QString id = selectedContainer();
    bool running = false;
    const QList<EngineContainer> containers = m_session->containers();
    for (const EngineContainer &c : containers) {
        if (c.id == id)
            running = c.isRunning();
    }
    m_stop->setEnabled(engine && running);
    m_remove->setEnabled(engine && !id.isEmpty());
}

QString EngineSection::selectedContainer() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(NameColumn, IdRole).toString();
}

} // namespace nsviz
