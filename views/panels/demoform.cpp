#include "demoform.h"

#include "snapshot/namespaceguide.h"

#include "fieldmessage.h"
#include "itemmodels/displaytext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace nsviz {

namespace {

QString argvText(const QStringList &argv)
{
    QStringList shown;
    for (const QString &a : argv)
        shown.append(QLatin1Char('[') + a + QLatin1Char(']'));
    return shown.join(QLatin1Char(' '));
}

QLabel *smallLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    l->setFont(f);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

} // namespace

QString DemoForm::explanation(NamespaceType type)
{
    return NamespaceGuide::builtIn().explain(type).own;
}

DemoForm::DemoForm(QWidget *parent)
    : QWidget(parent)
    , m_checker([](const ContainerSpec &spec) { return spec.validate(); })
    , m_name(new QLineEdit(QStringLiteral("custom"), this))
    , m_hostname(new QLineEdit(QStringLiteral("demo"), this))
    , m_command(new QLineEdit(QStringLiteral("sleep 3600"), this))
    , m_argv(smallLabel(QString(), this))
    , m_rootFs(new QComboBox(this))
    , m_network(new QComboBox(this))
    , m_start(new QPushButton(tr("Start"), this))
{
    for (Field f : {Field::Name, Field::Namespaces, Field::Hostname, Field::Command, Field::RootFs, Field::Network, Field::General})
        m_messages.insert(f, new FieldMessage(this));

    m_name->setToolTip(tr("Shown in the list of running containers; need not be unique"));
    m_hostname->setPlaceholderText(tr("empty: keep the inherited hostname"));
    m_hostname->setToolTip(tr("Set inside the container's own uts namespace: letters, digits and '-', parts separated by dots"));
    m_command->setToolTip(tr("The program and its arguments, split like a command line (quotes group words). It is run "
                             "directly as an argument list, never by a shell."));
    m_rootFs->addItem(tr("Busybox: a minimal root of its own"), int(ContainerSpec::RootFs::Busybox));
    m_rootFs->addItem(tr("The host's root, with private mounts"), int(ContainerSpec::RootFs::Host));
    m_rootFs->setToolTip(tr("Busybox builds a tiny root filesystem with its own /etc in a tmpfs (needs mnt and the "
                            "busybox-static package); the host's root shares the host's files"));
    m_network->addItem(tr("Loopback only"), int(ContainerSpec::Network::Loopback));
    m_network->addItem(tr("veth pair to the host"), int(ContainerSpec::Network::Veth));
    m_network->addItem(tr("Loopback, left down"), int(ContainerSpec::Network::Down));
    m_network->setToolTip(tr("With net: only its own lo (up, or down as a new net namespace starts), or also a veth "
                             "cable to the host with private addresses"));
    m_start->setToolTip(tr("Start this container with the built-in runtime"));
    m_start->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);

    auto *types = new QGroupBox(tr("New namespaces"), this);
    auto *grid = new QGridLayout(types);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    for (NamespaceType t : allNamespaceTypes) {
        const int row = int(t);
        auto *box = new QCheckBox(QLatin1String(namespaceTypeKey(t)), types);
        box->setToolTip(NamespaceGuide::builtIn().html(t)); // the whole story; the line beside it is the gist
        m_types[size_t(t)] = box;
        grid->addWidget(box, row, 0);
        grid->addWidget(smallLabel(explanation(t), types), row, 1);
        connect(box, &QCheckBox::toggled, this, &DemoForm::validate);
    }
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_messages.value(Field::Namespaces), NamespaceTypeCount, 0, 1, 2);
    for (NamespaceType t : {NamespaceType::Mnt, NamespaceType::Pid, NamespaceType::Uts})
        m_types[size_t(t)]->setChecked(true);
    // Always on: the pid namespace is what ends every process of the container with it (one that forks and
    // calls setsid() would otherwise outlive the container and nsviz).
    m_types[size_t(NamespaceType::Pid)]->setEnabled(false);
    m_types[size_t(NamespaceType::Pid)]->setToolTip(
        NamespaceGuide::builtIn().html(NamespaceType::Pid)
        + QStringLiteral("<p>%1</p>").arg(tr("Always on for demo containers: when their first process ends, the kernel ends all the others.").toHtmlEscaped()));

    auto field = [this](QWidget *editor, Field f, QWidget *extra = nullptr) {
        auto *w = new QWidget(this);
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        l->addWidget(editor);
        if (extra)
            l->addWidget(extra);
        l->addWidget(m_messages.value(f));
        return w;
    };
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // a narrow dock puts the label above its field
    for (QComboBox *box : {m_rootFs, m_network}) {
        // As wide as the dock lets it be, not as its longest choice.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }
    form->addRow(tr("Name:"), field(m_name, Field::Name));
    form->addRow(tr("Hostname:"), field(m_hostname, Field::Hostname));
    form->addRow(tr("Command:"), field(m_command, Field::Command, m_argv));
    form->addRow(tr("Root filesystem:"), field(m_rootFs, Field::RootFs));
    form->addRow(tr("Network:"), field(m_network, Field::Network));

    auto *startRow = new QHBoxLayout;
    startRow->addStretch(1);
    startRow->addWidget(m_start, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(types);
    layout->addLayout(form);
    layout->addLayout(startRow);
    layout->addWidget(m_messages.value(Field::General));
    layout->addStretch(1);

    for (QLineEdit *e : {m_name, m_hostname, m_command}) {
        connect(e, &QLineEdit::textChanged, this, &DemoForm::validate);
        connect(e, &QLineEdit::returnPressed, m_start, &QPushButton::click); // does nothing while disabled
    }
    connect(m_rootFs, &QComboBox::currentIndexChanged, this, &DemoForm::validate);
    connect(m_network, &QComboBox::currentIndexChanged, this, &DemoForm::validate);
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (validate())
            Q_EMIT startRequested();
    });
    setPrivileged(false);
}

DemoForm::~DemoForm() = default;

void DemoForm::setChecker(Checker checker)
{
    m_checker = std::move(checker);
    validate();
}

void DemoForm::setPrivileged(bool privileged)
{
    m_privileged = privileged;
    auto *model = qobject_cast<QStandardItemModel *>(m_network->model());
    if (QStandardItem *veth = model ? model->item(1) : nullptr) {
        veth->setEnabled(privileged);
        veth->setToolTip(privileged ? tr("A veth pair between the host and the container's net namespace")
                                    : tr("Only root can add a veth pair; run nsviz as root to use it"));
    }
    if (!privileged && m_network->currentIndex() == 1)
        m_network->setCurrentIndex(0);
    // Unprivileged, the runtime always adds a user namespace (rootless): the box says so rather than pretend.
    QCheckBox *user = m_types[size_t(NamespaceType::User)];
    const QString about = NamespaceGuide::builtIn().html(NamespaceType::User);
    user->setToolTip(privileged ? about
                                : about + QStringLiteral("<p>%1</p>").arg(tr("Without root it is always added, mapping you to root inside.").toHtmlEscaped()));
    validate();
}

ContainerSpec DemoForm::spec() const
{
    ContainerSpec s;
    s.name = m_name->text().trimmed();
    for (NamespaceType t : allNamespaceTypes) {
        if (m_types[size_t(t)]->isChecked())
            s.newNamespaces.append(t);
    }
    s.hostname = m_hostname->text().trimmed();
    s.command = QProcess::splitCommand(m_command->text());
    s.rootFs = ContainerSpec::RootFs(m_rootFs->currentData().toInt());
    s.network = ContainerSpec::Network(m_network->currentData().toInt());
    return s;
}

bool DemoForm::validate()
{
    const ContainerSpec s = spec();
    m_argv->setText(s.command.isEmpty() ? QString() : text::breakable(tr("Runs as the argument list %1 (no shell)").arg(argvText(s.command))));
    m_argv->setVisible(!s.command.isEmpty());

    QStringList remaining = m_checker ? m_checker(s) : s.validate();
    // Which field a problem is about: the problems that go away when only that field is set to something harmless.
    auto attribute = [&](const ContainerSpec &neutral) {
        const QStringList without = m_checker ? m_checker(neutral) : neutral.validate();
        QStringList mine;
        for (const QString &p : std::as_const(remaining)) {
            if (!without.contains(p))
                mine.append(p);
        }
        for (const QString &p : std::as_const(mine))
            remaining.removeAll(p);
        return mine;
    };
    auto neutral = s;
    neutral.hostname.clear();
    const QStringList hostname = attribute(neutral);
    neutral = s;
    neutral.command = {QStringLiteral("true")};
    const QStringList command = attribute(neutral);
    neutral = s;
    neutral.rootFs = ContainerSpec::RootFs::Host;
    const QStringList rootFs = attribute(neutral);
    neutral = s;
    neutral.network = ContainerSpec::Network::Loopback;
    const QStringList network = attribute(neutral);

    QStringList name;
    if (s.name.isEmpty())
        name.append(tr("Give the container a name, e.g. custom; the list of running containers shows it."));

    auto sentence = [](QStringList problems) {
        for (QString &p : problems) {
            if (!p.isEmpty())
                p[0] = p.at(0).toUpper();
            if (!p.endsWith(QLatin1Char('.')))
                p += QLatin1Char('.');
        }
        return problems.join(QLatin1Char('\n'));
    };
    message(Field::Name)->showMessage(sentence(name));
    message(Field::Hostname)->showMessage(sentence(hostname));
    message(Field::Command)->showMessage(sentence(command));
    message(Field::RootFs)->showMessage(sentence(rootFs));
    message(Field::Network)->showMessage(sentence(network));
    message(Field::Namespaces)->clearMessage();
    message(Field::General)->showMessage(sentence(remaining));
    const bool ok = name.isEmpty() && hostname.isEmpty() && command.isEmpty() && rootFs.isEmpty() && network.isEmpty() && remaining.isEmpty();
    m_valid = ok;
    m_start->setEnabled(ok && !m_busy);
    return ok;
}

void DemoForm::setBusy(bool busy)
{
    // Not validated again: that would rewrite the message under the button (how the last container ended).
    m_busy = busy;
    m_start->setText(busy ? tr("Starting...") : tr("Start"));
    m_start->setEnabled(m_valid && !busy);
}

void DemoForm::showStartError(const QString &message)
{
    this->message(Field::General)->showMessage(message);
}

void DemoForm::showStartInfo(const QString &message)
{
    this->message(Field::General)->showMessage(message, FieldMessage::Kind::Info);
}

QString DemoForm::problem(Field field) const
{
    const FieldMessage *m = message(field);
    return m && m->isError() ? m->message() : QString();
}

void DemoForm::setNamespaceChecked(NamespaceType type, bool checked)
{
    m_types[size_t(type)]->setChecked(checked);
}

void DemoForm::setHostname(const QString &hostname)
{
    m_hostname->setText(hostname);
}

void DemoForm::setCommandLine(const QString &commandLine)
{
    m_command->setText(commandLine);
}

void DemoForm::setName(const QString &name)
{
    m_name->setText(name);
}

void DemoForm::setRootFs(ContainerSpec::RootFs rootFs)
{
    m_rootFs->setCurrentIndex(m_rootFs->findData(int(rootFs)));
}

FieldMessage *DemoForm::message(Field field) const
{
    return m_messages.value(field);
}

} // namespace nsviz
