#pragma once

// Children of the tests that run as root and create namespaces: each started in a session (and so a process group)
// of its own, killed as a whole group and reaped, so nothing a test started outlives it, whatever assertion failed.
// Call becomeChildSubreaper() first: the forks of unshare(1) whose parent is killed first then come back to the
// test to be reaped instead of lingering as someone else's zombies.

#include <QByteArray>
#include <QByteArrayView>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

#include <functional>
#include <optional>

#include <cerrno>
#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nsviz::testing {

// How long a child may take to start, to set up its namespaces, or to die: only reached when something is broken,
// or on a host with tens of thousands of processes, where one walk over /proc takes seconds.
inline constexpr int SetupTimeoutMs = 20000;
// How long runCommand() lets a command run by default.
inline constexpr int CommandTimeoutMs = 30000;

// Makes the test process a child subreaper (PR_SET_CHILD_SUBREAPER); false with errno set if that failed.
inline bool becomeChildSubreaper()
{
    return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
}

inline QString procPath(qint32 pid, const char *relative = "")
{
    return QString::fromLatin1(QByteArray("/proc/" + QByteArray::number(pid) + relative));
}

// What /proc/PID/stat says about a process that the tests need to find and clean up their children.
struct ProcStat
{
    qint32 pid = 0;
    qint32 ppid = 0;
    qint32 pgrp = 0;
    char state = '?';
    QByteArray comm;
};

inline std::optional<ProcStat> readProcStat(qint32 pid)
{
    QFile f(procPath(pid, "/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = f.readAll();
    // "pid (comm) S ppid pgrp ...": comm may hold anything, the last ')' ends it.
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 >= text.size())
        return std::nullopt;
    const QList<QByteArray> rest = text.sliced(close + 2).split(' ');
    if (rest.size() < 3)
        return std::nullopt;
    ProcStat s;
    s.pid = pid;
    s.comm = text.sliced(open + 1, close - open - 1);
    s.state = rest.at(0).isEmpty() ? '?' : rest.at(0).at(0);
    s.ppid = rest.at(1).toInt();
    s.pgrp = rest.at(2).toInt();
    return s;
}

inline QList<ProcStat> allProcesses()
{
    QList<ProcStat> out;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &e : entries) {
        bool ok = false;
        const qint32 pid = e.toInt(&ok);
        if (!ok)
            continue;
        if (auto s = readProcStat(pid))
            out.append(*s);
    }
    return out;
}

inline bool isDescendantOfUs(qint32 pid)
{
    for (int hops = 0; hops < 64 && pid > 1; ++hops) {
        const auto st = readProcStat(pid);
        if (!st)
            return false;
        if (st->ppid == ::getpid())
            return true;
        pid = st->ppid;
    }
    return false;
}

// The members (zombies included) of these process groups that are our descendants. A group number is reserved
// while one member (even a zombie) has it, and every member of a group we started is our descendant (we are a
// subreaper), so these are ours; a foreign group that reuses the number of one of ours after it emptied is not.
inline QList<ProcStat> ourMembersOfGroups(const QList<qint32> &pgids)
{
    QList<ProcStat> out;
    const QList<ProcStat> all = allProcesses();
    for (const ProcStat &p : all) {
        if (pgids.contains(p.pgrp) && isDescendantOfUs(p.pid))
            out.append(p);
    }
    return out;
}

// Whether any process, a zombie included, still has this process group id: kill(2) with signal 0 tells, without a
// walk over a /proc that may hold tens of thousands of processes. Never asks about group 0 or 1 (kill(0), kill(-1)).
inline bool groupExists(qint32 pgid)
{
    return pgid > 1 && (::kill(-pgid, 0) == 0 || errno == EPERM);
}

// The direct children of a process: /proc/PID/task/TID/children where the kernel has it (CONFIG_PROC_CHILDREN),
// else the processes whose ppid is PID.
inline QList<qint32> childrenOf(qint32 pid)
{
    static const bool haveChildrenFiles = QFileInfo::exists(procPath(::getpid(), "/task/") + QString::number(::getpid())
                                                            + QStringLiteral("/children"));
    QList<qint32> out;
    if (!haveChildrenFiles) {
        const QList<ProcStat> all = allProcesses();
        for (const ProcStat &p : all) {
            if (p.ppid == pid)
                out.append(p.pid);
        }
        return out;
    }
    const QStringList tids = QDir(procPath(pid, "/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tids) {
        QFile f(procPath(pid, "/task/") + tid + QStringLiteral("/children"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> pids = f.readAll().split(' ');
        for (const QByteArray &child : pids) {
            bool ok = false;
            if (const qint32 c = child.trimmed().toInt(&ok); ok)
                out.append(c);
        }
    }
    return out;
}

// `root` itself or its first descendant (breadth first) that runs `comm` and is not a zombie; 0 if there is none.
inline qint32 findTask(qint32 root, QByteArrayView comm)
{
    QList<qint32> queue{root};
    for (qsizetype i = 0; i < queue.size() && i < 1000; ++i) {
        const qint32 pid = queue.at(i);
        if (const auto st = readProcStat(pid); st && st->comm == comm && st->state != 'Z')
            return pid;
        queue.append(childrenOf(pid));
    }
    return 0;
}

// Polls `condition` in short steps, running the event loop, until it returns a non-zero value or the deadline passes
// (then returns 0).
template<typename F>
auto pollFor(F &&condition, int timeoutMs = SetupTimeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        if (auto v = condition())
            return v;
        if (deadline.hasExpired())
            return decltype(condition()){};
        QTest::qWait(5);
    }
}

// A command started in a session (and so a process group) of its own. stop() and the destructor kill the whole
// group and reap it: the unshare chains fork, and every fork stays in the group.
class ChildGroup
{
public:
    enum class Channels {
        Quiet, // no standard input, output discarded, standard error kept for describe()
        Merged, // no standard input, standard error merged into the output
        Captured, // no standard input, output and standard error read separately
        Piped, // all three are pipes: a stream the test talks to
    };

    ChildGroup(const QString &program, const QStringList &arguments, Channels channels = Channels::Quiet)
    {
        if (channels != Channels::Piped)
            m_process.setStandardInputFile(QProcess::nullDevice());
        if (channels == Channels::Quiet)
            m_process.setStandardOutputFile(QProcess::nullDevice());
        if (channels == Channels::Merged)
            m_process.setProcessChannelMode(QProcess::MergedChannels);
        const pid_t parent = ::getpid();
        m_process.setChildProcessModifier([parent] {
            if (::setsid() < 0)
                ::_exit(127); // in our own group, kill(-pid) could not reach it
            ::prctl(PR_SET_PDEATHSIG, SIGKILL); // should the test itself die, do not leave the group behind
            if (::getppid() != parent) // it died before the line above: PR_SET_PDEATHSIG came too late
                ::_exit(127);
        });
        m_process.start(program, arguments);
        if (m_process.waitForStarted(SetupTimeoutMs))
            m_pgid = qint32(m_process.processId());
    }
    ~ChildGroup() { stop(); }
    ChildGroup(const ChildGroup &) = delete;
    ChildGroup &operator=(const ChildGroup &) = delete;

    bool isStarted() const { return m_pgid > 1; }
    // The pid of the process started, which is also the id of its group.
    qint32 pid() const { return m_pgid; }
    QProcess &process() { return m_process; }
    QByteArray describe()
    {
        return m_process.program().toUtf8() + ": " + m_process.errorString().toUtf8() + ' ' + m_process.readAllStandardError();
    }

    // The process started or its first descendant that runs `comm` and for which `ready` holds, polled for; 0 on
    // time-out, or once the process started has ended (its pid may then be someone else's).
    qint32 waitForTask(QByteArrayView comm, const std::function<bool(qint32)> &ready = {})
    {
        const qint32 found = pollFor([&] {
            if (!isStarted() || m_process.state() == QProcess::NotRunning)
                return qint32(-1); // stops the polling
            const qint32 pid = findTask(m_pgid, comm);
            return pid > 0 && (!ready || ready(pid)) ? pid : 0;
        });
        return found > 0 ? found : 0;
    }

    void stop()
    {
        if (m_pgid <= 1) { // never kill(0) or kill(-1)
            m_pgid = 0;
            return;
        }
        // A group id cannot be reused while a member, even a zombie, still has it: so the group is still ours
        // while QProcess has not reaped the leader, or while one of our descendants is in it.
        auto ours = [this] { return groupExists(m_pgid) && !ourMembersOfGroups({m_pgid}).isEmpty(); };
        if (m_process.state() != QProcess::NotRunning || ours())
            ::kill(-m_pgid, SIGKILL);
        m_process.waitForFinished(SetupTimeoutMs);
        // Members whose parent died first came back to us (the subreaper): reap them too, so none is left a zombie.
        const QDeadlineTimer deadline(SetupTimeoutMs);
        while (ours() && !deadline.hasExpired()) {
            while (::waitpid(-m_pgid, nullptr, WNOHANG) > 0) {
            }
            QTest::qWait(5);
        }
        m_pgid = 0;
    }

private:
    QProcess m_process;
    qint32 m_pgid = 0;
};

// A command run to completion, with what it printed.
struct CommandResult
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;

    // The exit code of a command that finished normally, else -1.
    int normalExitCode() const { return finished && exitStatus == QProcess::NormalExit ? exitCode : -1; }

    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (exitStatus == QProcess::CrashExit ? " (crashed)" : "")
            + (finished ? "" : " (timed out)") + ", stderr: " + err.trimmed();
    }
};

// Runs a command in a group of its own to completion, killing the group once `timeoutMs` have passed.
inline CommandResult runCommand(const QString &program, const QStringList &arguments, int timeoutMs = CommandTimeoutMs)
{
    CommandResult r;
    ChildGroup child(program, arguments, ChildGroup::Channels::Captured);
    QProcess &p = child.process();
    if (!child.isStarted()) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished)
        child.stop();
    r.exitCode = p.exitCode();
    r.exitStatus = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace nsviz::testing
