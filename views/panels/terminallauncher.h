#pragma once

// "Terminal here": which terminal emulator is installed, and the argv that opens it running
// `nsenter -t PID -a /bin/sh` inside a container's namespaces. Everything is an argument list; nothing is ever
// joined into a shell line, so no text a user typed can become a command.

#include <QString>
#include <QStringList>

#include <optional>

namespace nsviz {

class TerminalLauncher
{
public:
    struct Command
    {
        QString program;
        QStringList arguments;
    };

    // Looks for the emulators on `searchPaths` (empty: the PATH environment variable).
    explicit TerminalLauncher(const QStringList &searchPaths = {});

    // The emulators looked for, in order of preference (Debian's x-terminal-emulator alternative first).
    static QStringList knownTerminals();

    bool isAvailable() const { return !m_terminal.isEmpty() && !m_nsenter.isEmpty(); }
    QString terminal() const { return m_terminal; } // full path, empty when none is installed
    QString nsenter() const { return m_nsenter; }
    // Why there is no "Terminal here", with what to install; empty when it is available.
    QString unavailableReason() const;

    // The command that opens a terminal titled `title` with a shell in all namespaces of `pid`; std::nullopt when
    // nothing is available or pid is not a pid.
    std::optional<Command> commandFor(qint32 pid, const QString &title) const;
    // Starts it detached; false with *error set when it could not be started.
    bool open(qint32 pid, const QString &title, QString *error = nullptr) const;

private:
    QString m_terminal;
    QString m_nsenter;
};

} // namespace nsviz
