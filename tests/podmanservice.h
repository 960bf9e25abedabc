#pragma once

// A Podman API service that a root test starts itself, on a socket in a temporary directory with all of Podman's
// state there (vfs storage, runc, cgroupfs), and takes down completely again: containers, the service's process
// group, the conmon processes that come back to the test as a child subreaper, mounts, the directory, and the host
// paths Podman creates even so. Also a busybox image's root file system as a tarball, built from the host's static
// busybox. Used by the engine client's and the demo panel's integration tests (which hold a ctest RESOURCE_LOCK, as
// both touch the same host paths).

#include "childgroup.h"

#include "containers/engineclient.h"
#include "scan/procparse.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

#include <csignal>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nsviz::testing {

inline constexpr int ServiceStartMs = 30000;
inline constexpr int ServiceStopMs = 10000;

// The result of a future, waited for while the event loop runs.
template<typename T>
std::optional<T> podmanAwait(QFuture<T> future, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return std::nullopt;
    return future.result();
}
template<typename T>
std::optional<T> podmanAwait(QFuture<T> future)
{
    return podmanAwait(std::move(future), 60000);
}

// Whether an ELF file has no program interpreter: a static busybox runs in a root filesystem without libc.
inline bool isStaticElf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = f.read(64);
    if (header.size() < 64 || !header.startsWith("\x7f" "ELF") || header.at(4) != 2 || header.at(5) != 1)
        return false; // only 64-bit little-endian is checked; anything else counts as not static
    auto number = [](const QByteArray &b, qsizetype at, int size) {
        quint64 v = 0;
        for (int i = size - 1; i >= 0; --i)
            v = (v << 8) | quint8(b.at(at + i));
        return v;
    };
    const quint64 phoff = number(header, 32, 8);
    const quint64 phentsize = number(header, 54, 2);
    const quint64 phnum = number(header, 56, 2);
    if (phentsize < 4 || phnum > 256 || !f.seek(qint64(phoff)))
        return false;
    const QByteArray table = f.read(qint64(phentsize * phnum));
    if (quint64(table.size()) != phentsize * phnum)
        return false;
    for (quint64 i = 0; i < phnum; ++i) {
        if (number(table, qsizetype(i * phentsize), 4) == 3) // PT_INTERP
            return false;
    }
    return true;
}

// What a Podman test needs here besides root, or why it cannot run: podman, runc (podman runs with --runtime
// runc), a static busybox for the image's root and tar to pack it. Empty when all is there.
inline QString podmanTestProblem()
{
    if (QStandardPaths::findExecutable(QStringLiteral("podman")).isEmpty())
        return QStringLiteral("needs podman (Debian package podman): it is not installed");
    const QStringList sbin = {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/bin")};
    if (QStandardPaths::findExecutable(QStringLiteral("runc")).isEmpty() && QStandardPaths::findExecutable(QStringLiteral("runc"), sbin).isEmpty())
        return QStringLiteral("needs runc (Debian package runc): the test runs podman with --runtime runc");
    if (!isStaticElf(QStringLiteral("/bin/busybox")))
        return QStringLiteral("needs a static /bin/busybox (Debian package busybox-static) for the image's root file system");
    if (QStandardPaths::findExecutable(QStringLiteral("tar")).isEmpty())
        return QStringLiteral("needs tar to pack the image's root file system");
    if (QStandardPaths::findExecutable(QStringLiteral("sh")).isEmpty())
        return QStringLiteral("needs sh to start the service");
    return {};
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QByteArray nsLink(qint32 pid, const char *type)
{
    char buf[64];
    const ssize_t n = ::readlink(QByteArray("/proc/" + QByteArray::number(pid) + "/ns/" + type).constData(), buf, sizeof buf);
    return n > 0 ? QByteArray(buf, n) : QByteArray();
}

// Mount points at or under `dir` in this mount namespace, deepest first (octal escapes such as \040 decoded).
inline QStringList mountsUnder(const QString &dir)
{
    QStringList out;
    procparse::forEachLine(readAll(QStringLiteral("/proc/self/mountinfo")), [&](QByteArrayView line) {
        const QList<QByteArray> fields = line.toByteArray().split(' ');
        if (fields.size() < 5)
            return;
        QByteArray point;
        const QByteArray &raw = fields.at(4);
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) == '\\' && i + 3 < raw.size()) {
                point += char(raw.mid(i + 1, 3).toInt(nullptr, 8));
                i += 3;
            } else {
                point += raw.at(i);
            }
        }
        const QString p = QFile::decodeName(point);
        if (p == dir || p.startsWith(dir + QLatin1Char('/')))
            out.append(p);
    });
    std::sort(out.begin(), out.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return out;
}

// Unmounts everything at or under `dir`, deepest first (lazily where a mount is busy); returns what is left.
inline QStringList unmountUnder(const QString &dir)
{
    for (int round = 0; round < 5; ++round) {
        const QStringList mounts = mountsUnder(dir);
        if (mounts.isEmpty())
            break;
        for (const QString &m : mounts) {
            if (::umount2(QFile::encodeName(m).constData(), 0) != 0)
                ::umount2(QFile::encodeName(m).constData(), MNT_DETACH);
        }
    }
    return mountsUnder(dir);
}

// A run that was killed (SIGKILL, a crash) could not clean up: its service died with it (PR_SET_PDEATHSIG), but
// conmon and the container's init had left for init. Its directory carries its pid; where that process is gone,
// the processes that name the directory in their command line (conmon) or run in the cgroup of a container
// stored there are that run's, and are killed by pid; then its mounts and the directory go.
inline void removeStaleRuns()
{
    static const QRegularExpression ours(QStringLiteral("^nsviz-engine-(\\d+)-"));
    const QStringList entries = QDir(QDir::tempPath()).entryList({QStringLiteral("nsviz-engine-*")}, QDir::Dirs);
    for (const QString &entry : entries) {
        const QRegularExpressionMatch m = ours.match(entry);
        if (!m.hasMatch() || QFileInfo::exists(QStringLiteral("/proc/") + m.captured(1)))
            continue;
        const QString dir = QDir::tempPath() + QLatin1Char('/') + entry;
        qInfo("removing %s left by an earlier run", qPrintable(dir));
        const QStringList ids = QDir(dir + QStringLiteral("/root/vfs-containers")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        const QList<ProcStat> all = allProcesses();
        for (const ProcStat &p : all) {
            const QByteArray cmdline = readAll(procPath(p.pid, "/cmdline"));
            const QByteArray cgroup = readAll(procPath(p.pid, "/cgroup"));
            const bool named = cmdline.contains(QFile::encodeName(dir));
            const bool inContainer = std::any_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                return id.size() == 64 && cgroup.contains(QByteArray("libpod-" + id.toLatin1()));
            });
            if (p.pid > 1 && p.pid != ::getpid() && (named || inContainer))
                ::kill(p.pid, SIGKILL);
        }
        unmountUnder(dir);
        QDir(dir).removeRecursively();
        // Their cgroups, once the killed tasks have left them; libpod_parent and its conmon group only where empty
        // (rmdir fails on a cgroup that still has tasks or children): Podman makes them again when it needs them.
        QStringList cgroups;
        const QStringList controllers = QDir(QStringLiteral("/sys/fs/cgroup")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &c : controllers + QStringList{QString()}) {
            const QString parent = QStringLiteral("/sys/fs/cgroup/") + c + (c.isEmpty() ? QString() : QStringLiteral("/"))
                + QStringLiteral("libpod_parent");
            for (const QString &id : ids)
                cgroups.append(parent + QStringLiteral("/libpod-") + id);
            cgroups.append(parent + QStringLiteral("/conmon"));
            cgroups.append(parent);
        }
        pollFor([&] {
            for (const QString &cg : std::as_const(cgroups))
                ::rmdir(QFile::encodeName(cg).constData());
            return std::none_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                return std::any_of(cgroups.cbegin(), cgroups.cend(),
                                   [&](const QString &cg) { return cg.endsWith(id) && QFileInfo::exists(cg); });
            });
        }, 5000);
    }
}

// Processes below this one (it is a child subreaper, so the conmon processes that left the service's group by
// setsid() come back here): all started by this test.
inline QList<ProcStat> ourDescendants()
{
    QList<ProcStat> out;
    const QList<ProcStat> all = allProcesses();
    for (const ProcStat &p : all) {
        if (p.pid != ::getpid() && isDescendantOfUs(p.pid))
            out.append(p);
    }
    return out;
}

inline QByteArray describe(const QList<ProcStat> &processes)
{
    QByteArray s;
    for (const ProcStat &p : processes)
        s += QByteArray::number(p.pid) + " (" + p.comm + ", " + p.state + ") ";
    return s;
}

// Host paths that Podman creates even when its storage is elsewhere; each one that did not exist before is removed
// again. Only what Podman is known to put there is deleted (the blob info cache file); a directory goes only once it
// is empty, so nothing that someone else put there meanwhile is lost: it is reported as left instead.
class HostPathsGuard
{
public:
    HostPathsGuard()
    {
        // Deepest first: that is the order of removal.
        remember(QStringLiteral("/var/lib/containers/cache/blob-info-cache-v1.boltdb"), Kind::File);
        remember(QStringLiteral("/var/lib/containers/cache"), Kind::Dir);
        remember(QStringLiteral("/var/lib/containers"), Kind::Dir);
        remember(QStringLiteral("/run/containers"), Kind::Dir);
        remember(QStringLiteral("/run/libpod"), Kind::Dir);
        remember(QStringLiteral("/sys/fs/cgroup/libpod_parent"), Kind::Cgroup); // cgroup v2
        const QStringList controllers = QDir(QStringLiteral("/sys/fs/cgroup")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &c : controllers) // cgroup v1
            remember(QStringLiteral("/sys/fs/cgroup/") + c + QStringLiteral("/libpod_parent"), Kind::Cgroup);
    }
    ~HostPathsGuard() { restore(); }
    HostPathsGuard(const HostPathsGuard &) = delete;
    HostPathsGuard &operator=(const HostPathsGuard &) = delete;

    // Removes what was created; returns the paths that could not be removed.
    QStringList restore()
    {
        QStringList left;
        for (const Path &p : std::as_const(m_paths)) {
            const QByteArray path = QFile::encodeName(p.path);
            struct stat st;
            if (p.existed || ::lstat(path.constData(), &st) != 0)
                continue;
            if (p.kind == Kind::File)
                ::unlink(path.constData());
            else if (p.kind == Kind::Dir)
                ::rmdir(path.constData());
            else
                removeCgroup(p.path);
            if (::lstat(path.constData(), &st) == 0)
                left.append(p.path);
        }
        return left;
    }

private:
    enum class Kind { File, Dir, Cgroup };
    struct Path
    {
        QString path;
        bool existed;
        Kind kind;
    };

    void remember(const QString &path, Kind kind)
    {
        struct stat st;
        m_paths.append(Path{path, ::lstat(QFile::encodeName(path).constData(), &st) == 0, kind});
    }

    // A cgroup directory is removed with rmdir once it has no child cgroups (and no tasks); its files go with it.
    static void removeCgroup(const QString &path)
    {
        const QStringList children = QDir(path).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &c : children)
            removeCgroup(path + QLatin1Char('/') + c);
        ::rmdir(QFile::encodeName(path).constData());
    }

    QList<Path> m_paths;
};

// A Podman API service on a socket in a temporary directory, with its own storage there.
class PodmanService
{
public:
    PodmanService(const QString &podman, const QString &shell)
    {
        if (!m_dir.isValid())
            return;
        const QString d = m_dir.path();
        m_socket = d + QStringLiteral("/podman.sock");
        // The flags this machine needs: runc (the default crun is not installed), cgroupfs (no systemd to ask for
        // scopes), and everything Podman writes kept under the temporary directory. vfs storage copies layers
        // instead of mounting overlays, so a container's root file system is no mount to leave behind.
        m_arguments = {QStringLiteral("--root"), d + QStringLiteral("/root"),
                       QStringLiteral("--runroot"), d + QStringLiteral("/runroot"),
                       QStringLiteral("--tmpdir"), d + QStringLiteral("/tmp"),
                       QStringLiteral("--storage-driver"), QStringLiteral("vfs"),
                       QStringLiteral("--runtime"), QStringLiteral("runc"),
                       QStringLiteral("--cgroup-manager"), QStringLiteral("cgroupfs"),
                       QStringLiteral("--events-backend"), QStringLiteral("file"),
                       QStringLiteral("system"), QStringLiteral("service"), QStringLiteral("--time=0"),
                       QStringLiteral("unix://") + m_socket};
        // Through a shell that sends its output to a file: a pipe nobody reads could fill up and stop the service.
        m_log = d + QStringLiteral("/service.log");
        m_service = std::make_unique<ChildGroup>(shell, QStringList{QStringLiteral("-c"),
                                                                    QStringLiteral("exec \"$0\" \"$@\" >>'%1' 2>&1").arg(m_log),
                                                                    podman} + m_arguments);
    }
    ~PodmanService() { shutdown(); }
    PodmanService(const PodmanService &) = delete;
    PodmanService &operator=(const PodmanService &) = delete;

    QString directory() const { return m_dir.path(); }
    QString socketPath() const { return m_socket; }
    QStringList arguments() const { return m_arguments; }
    bool isRunning() { return m_service && m_service->isStarted() && m_service->process().state() == QProcess::Running; }
    qint32 pgid() const { return m_service ? m_service->pid() : 0; }
    QByteArray log() const { return readAll(m_log).right(4000); }

    // Waits until the service answers its ping; an error message if it does not.
    QString waitUntilReady(EngineClient &client)
    {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory: ") + m_dir.errorString();
        if (!m_service || !m_service->isStarted())
            return QStringLiteral("podman did not start: ") + QString::fromLocal8Bit(m_service ? m_service->describe() : QByteArray());
        const bool ready = pollFor([&] { return !isRunning() || QFileInfo::exists(m_socket); }, ServiceStartMs);
        if (!ready || !isRunning())
            return QStringLiteral("the podman service did not come up: ") + QString::fromLocal8Bit(log());
        const auto ping = podmanAwait(client.version());
        if (!ping)
            return QStringLiteral("no answer to the first ping");
        return ping->ok() ? QString() : ping->error.message;
    }

    // Removes the containers this test made (through the API while the service runs), stops the service, kills and
    // reaps every process left below the test, unmounts and removes the temporary directory, and removes the host
    // paths Podman created. Returns what could not be cleaned up.
    QStringList shutdown(EngineClient *client = nullptr, const QString &label = {})
    {
        QStringList problems;
        if (m_done)
            return problems;
        m_done = true;
        if (client && isRunning()) {
            if (const auto list = podmanAwait(client->listContainers(), 30000); list && list->ok()) {
                for (const EngineContainer &c : list->value) {
                    if (!label.isEmpty() && c.labels.contains(label))
                        podmanAwait(client->removeContainer(c.id, true), 30000);
                }
            }
        }
        if (m_service) {
            const qint32 pid = m_service->pid();
            // SIGTERM first: Podman then shuts its libpod runtime down in order. SIGKILL to the group after that.
            if (isRunning() && pid > 1) {
                ::kill(pid, SIGTERM);
                m_service->process().waitForFinished(ServiceStopMs);
            }
            m_service->stop();
            if (groupExists(pid))
                problems.append(QStringLiteral("the service's process group %1 is still there").arg(pid));
            m_service.reset();
        }
        // conmon daemonizes out of the group; as a subreaper this test got it (and any container process) back.
        const QDeadlineTimer deadline(SetupTimeoutMs);
        QList<ProcStat> left = ourDescendants();
        while (!left.isEmpty() && !deadline.hasExpired()) {
            for (const ProcStat &p : std::as_const(left)) {
                if (p.state != 'Z')
                    ::kill(p.pid, SIGKILL);
                if (p.ppid == ::getpid())
                    ::waitpid(p.pid, nullptr, WNOHANG);
            }
            QTest::qWait(10);
            left = ourDescendants();
        }
        if (!left.isEmpty())
            problems.append(QStringLiteral("processes left: ") + QString::fromLocal8Bit(describe(left)));

        if (m_dir.isValid()) {
            const QStringList mounts = unmountUnder(m_dir.path());
            if (!mounts.isEmpty())
                problems.append(QStringLiteral("mounts left: ") + mounts.join(QLatin1Char(' ')));
            else if (!m_dir.remove())
                problems.append(QStringLiteral("could not remove ") + m_dir.path());
        }
        const QStringList hostLeft = m_host.restore();
        if (!hostLeft.isEmpty())
            problems.append(QStringLiteral("host paths left: ") + hostLeft.join(QLatin1Char(' ')));
        return problems;
    }

private:
    HostPathsGuard m_host; // first: it remembers what existed before the service ran
    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/nsviz-engine-%1-XXXXXX").arg(::getpid())};
    QString m_socket;
    QString m_log;
    QStringList m_arguments;
    std::unique_ptr<ChildGroup> m_service;
    bool m_done = false;
};


// A root file system with a static busybox and a few applet links in `dir`/rootfs, packed as `dir`/rootfs.tar: what
// `podman import` takes. Returns the tarball's path, or an empty string with *error set.
inline QString makeBusyboxTarball(const QString &dir, QString *error)
{
    const QString root = dir + QStringLiteral("/rootfs");
    bool ok = QDir().mkpath(root + QStringLiteral("/bin"));
    for (const char *d : {"etc", "proc", "sys", "dev", "tmp"})
        ok = ok && QDir().mkpath(root + QLatin1Char('/') + QLatin1String(d));
    ok = ok && QFile::copy(QStringLiteral("/bin/busybox"), root + QStringLiteral("/bin/busybox"));
    for (const char *applet : {"sh", "sleep", "hostname", "cat", "ls", "ps", "echo", "true"})
        ok = ok && QFile::link(QStringLiteral("busybox"), root + QStringLiteral("/bin/") + QLatin1String(applet));
    if (!ok) {
        *error = QStringLiteral("could not build the root file system in ") + root;
        return {};
    }
    const QString tarball = dir + QStringLiteral("/rootfs.tar");
    const CommandResult tar = runCommand(QStringLiteral("tar"), {QStringLiteral("--numeric-owner"), QStringLiteral("-C"), root,
                                                                 QStringLiteral("-cf"), tarball, QStringLiteral(".")});
    if (tar.normalExitCode() != 0) {
        *error = QString::fromLocal8Bit(tar.describe());
        return {};
    }
    return tarball;
}

} // namespace nsviz::testing
