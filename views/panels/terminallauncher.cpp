#include "terminallauncher.h"

#include <QProcess>
#include <QStandardPaths>

#include <array>

namespace nsviz {

namespace {

// How each emulator is told a title and "run this argv" (not a command string: those that only take one, such as
// lxterminal or tilix, are left out on purpose).
struct Emulator
{
    const char *name;
    QStringList (*arguments)(const QString &title, const QStringList &argv);
};

const std::array<Emulator, 11> &emulators()
{
    static const std::array<Emulator, 11> list = {{
        // Debian's alternative: policy requires `-T title` and `-e command args...`.
        {"x-terminal-emulator", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("-T"), t, QStringLiteral("-e")} + a; }},
        {"xterm", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("-T"), t, QStringLiteral("-e")} + a; }},
        {"konsole", [](const QString &, const QStringList &a) { return QStringList{QStringLiteral("--separate"), QStringLiteral("-e")} + a; }},
        {"gnome-terminal", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title=") + t, QStringLiteral("--")} + a; }},
        {"xfce4-terminal", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title=") + t, QStringLiteral("-x")} + a; }},
        {"mate-terminal", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title=") + t, QStringLiteral("-x")} + a; }},
        {"terminator", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("-T"), t, QStringLiteral("-x")} + a; }},
        {"alacritty", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title"), t, QStringLiteral("-e")} + a; }},
        {"kitty", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title"), t} + a; }},
        {"foot", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("--title=") + t} + a; }},
        {"urxvt", [](const QString &t, const QStringList &a) { return QStringList{QStringLiteral("-title"), t, QStringLiteral("-e")} + a; }},
    }};
    return list;
}

const Emulator *emulatorFor(const QString &path)
{
    const QString name = path.section(QLatin1Char('/'), -1);
    for (const Emulator &e : emulators()) {
        if (name == QLatin1String(e.name))
            return &e;
    }
    return nullptr;
}

} // namespace

TerminalLauncher::TerminalLauncher(const QStringList &searchPaths)
{
    for (const Emulator &e : emulators()) {
        m_terminal = QStandardPaths::findExecutable(QLatin1String(e.name), searchPaths);
        if (!m_terminal.isEmpty())
            break;
    }
    m_nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"), searchPaths);
    // nsenter lives in /usr/bin, but a desktop PATH without sbin should still find it where util-linux puts it.
    if (m_nsenter.isEmpty() && searchPaths.isEmpty())
        m_nsenter = QStandardPaths::findExecutable(QStringLiteral("nsenter"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
}

QStringList TerminalLauncher::knownTerminals()
{
    QStringList names;
    for (const Emulator &e : emulators())
        names.append(QLatin1String(e.name));
    return names;
}

QString TerminalLauncher::unavailableReason() const
{
    if (m_terminal.isEmpty())
        return QStringLiteral("No terminal emulator is installed (looked for %1 on PATH). Install one, for example "
                              "\"apt install xterm\", and restart nsviz.")
            .arg(knownTerminals().join(QStringLiteral(", ")));
    if (m_nsenter.isEmpty())
        return QStringLiteral("nsenter is not installed. Install util-linux (\"apt install util-linux\") and restart nsviz.");
    return {};
}

std::optional<TerminalLauncher::Command> TerminalLauncher::commandFor(qint32 pid, const QString &title) const
{
    const Emulator *e = emulatorFor(m_terminal);
    if (!isAvailable() || !e || pid <= 0)
        return std::nullopt;
    // /bin/sh rather than nsenter's default $SHELL: a busybox root has sh but rarely the user's shell.
    const QStringList argv{m_nsenter, QStringLiteral("-t"), QString::number(pid), QStringLiteral("-a"), QStringLiteral("/bin/sh")};
    return Command{m_terminal, e->arguments(title, argv)};
}

bool TerminalLauncher::open(qint32 pid, const QString &title, QString *error) const
{
    const std::optional<Command> c = commandFor(pid, title);
    if (!c) {
        if (error)
            *error = isAvailable() ? QStringLiteral("there is no process %1 to enter").arg(pid) : unavailableReason();
        return false;
    }
    if (!QProcess::startDetached(c->program, c->arguments)) {
        if (error)
            *error = QStringLiteral("could not start %1").arg(c->program);
        return false;
    }
    return true;
}

} // namespace nsviz
