#include "procscanner.h"

#include "io/errnotext.h"

#include "io/posixfile.h"
#include "procparse.h"

#include <QDateTime>
#include <QFile>
#include <QSet>

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>
#include <thread>

#include <sched.h>
#include <sys/utsname.h>

namespace nsviz {

namespace {

using io::Fd;

// A number as a NUL-terminated name for the *at() calls: "/proc/<pid>", "task/<tid>", "fd/<n>".
struct Name
{
    explicit Name(qint32 n) { *std::to_chars(text, text + sizeof text - 1, n).ptr = '\0'; }
    char text[16];
};

// /proc/<pid> or task/<tid> as a directory fd: reads through it fail with ESRCH once that task is gone, even if
// its number is reused meanwhile.
Fd openTaskDir(int dirfd, qint32 id)
{
    return Fd(::openat(dirfd, Name(id).text, O_PATH | O_DIRECTORY | O_CLOEXEC));
}

using io::Source;

// A small proc file, read whole (up to 1 MiB unless told otherwise).
bool readFileAt(int dirfd, const char *name, QByteArray &out, Source source, qsizetype limit = 1 << 20)
{
    return io::readFileAt(dirfd, name, out, limit, false, nullptr, source);
}

// stat, status, cmdline and cgroup are generated in one piece: a short read is the whole file.
bool readOneShot(int dirfd, const char *name, QByteArray &out, Source source, qsizetype limit = 128 * 1024,
                 bool *truncated = nullptr)
{
    return io::readFileAt(dirfd, name, out, limit, true, truncated, source);
}

// A status file is read in one piece of 128 KiB; one of a user in thousands of groups (the Groups line alone can
// take 700 KB) is longer, and the fields after Groups (NSpid, Threads) would be cut off.
constexpr qsizetype LongStatusLimit = 16 << 20;

// Links of /proc/PID/ns that are read for every task, in NamespaceSet order, then the two *_for_children.
constexpr std::array<const char *, 10> nsLinkNames = {
    "ns/cgroup", "ns/ipc", "ns/mnt", "ns/net", "ns/pid", "ns/time", "ns/user", "ns/uts",
    "ns/pid_for_children", "ns/time_for_children",
};

// Failed: neither gone nor denied — out of file descriptors or memory, or a file that is not a regular file (a FIFO
// in a fixture tree); errno says which. Such a snapshot is incomplete and says why.
enum class ReadResult { Ok, Gone, Denied, Zombie, Failed };

// What a failed open or read means for the process read.
ReadResult classify(int err)
{
    switch (err) {
    case ENOENT:
    case ESRCH:
    case EINVAL: // procfs: the mountinfo of a task on its way out, whose namespaces are already gone
        return ReadResult::Gone;
    case EACCES:
    case EPERM:
        return ReadResult::Denied;
    default:
        return ReadResult::Failed;
    }
}

// Whether a failed read of a file that should be there makes the picture incomplete (rather than the process
// having gone or the file being none of our business).
bool isScanFailure(int err)
{
    return classify(err) == ReadResult::Failed;
}

// Reads the namespace links of a task directory (/proc/PID or /proc/PID/task/TID).
// forChildren: also pid_for_children and time_for_children. They differ from pid and time only between an
// unshare() and the first fork, so light re-reads and namespace-only scans leave them out.
ReadResult readTaskNamespaces(int taskfd, TaskNamespaces &out, bool forChildren = true)
{
    char link[64];
    int readable = 0;
    const std::size_t count = forChildren ? nsLinkNames.size() : std::size_t(NamespaceTypeCount);
    for (std::size_t i = 0; i < count; ++i) {
        const ssize_t n = ::readlinkat(taskfd, nsLinkNames[i], link, sizeof link);
        if (n < 0) {
            if (errno == EACCES || errno == EPERM)
                return ReadResult::Denied;
            if (errno == ESRCH)
                return ReadResult::Gone;
            if (errno == ENOMEM || errno == EMFILE || errno == ENFILE || errno == EIO)
                return ReadResult::Failed;
            continue; // ENOENT: a type this kernel lacks, or a task on its way out (decided below); EINVAL: not a link
        }
        const auto parsed = procparse::parseNamespaceLink(std::string_view(link, std::size_t(n)));
        if (!parsed)
            continue;
        ++readable;
        if (i < NamespaceTypeCount) {
            if (parsed->type == static_cast<NamespaceType>(i))
                out.set.ids[i] = parsed->id;
        } else if (i == 8 && parsed->type == NamespaceType::Pid) {
            out.pidForChildren = parsed->id;
        } else if (i == 9 && parsed->type == NamespaceType::Time) {
            out.timeForChildren = parsed->id;
        }
    }
    // A zombie or a task that exited between open and read has no namespaces left to link to.
    return readable == 0 ? ReadResult::Gone : ReadResult::Ok;
}


bool isNumeric(const char *s, qint32 &value)
{
    const std::size_t len = std::strlen(s);
    if (len == 0 || len > 10)
        return false;
    const auto [ptr, ec] = std::from_chars(s, s + len, value);
    return ec == std::errc() && ptr == s + len && value >= 0;
}

// Lists a directory through its fd with getdents64 (rewound first): no dup, fstat, fcntl or DIR allocation.
template<typename F>
void forEachNumericEntry(int dirfd, F &&f)
{
    if (::lseek(dirfd, 0, SEEK_SET) != 0)
        return;
    alignas(8) char buf[16384];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, dirfd, buf, sizeof buf);
        if (n <= 0)
            return;
        for (long off = 0; off < n;) {
            const auto *e = reinterpret_cast<const struct dirent64 *>(buf + off);
            qint32 v = 0;
            if (isNumeric(e->d_name, v))
                f(v, quint64(e->d_ino));
            off += e->d_reclen;
        }
    }
}

// *err: 0, or the errno of a failed read.
QString readTrimmed(int dirfd, const char *name, Source source, int *err)
{
    QByteArray text;
    *err = 0;
    if (!readFileAt(dirfd, name, text, source, 4096)) {
        *err = errno;
        return {};
    }
    return procparse::decodeProcText(text.trimmed());
}

} // namespace

ProcScanner::ProcScanner(ScanOptions options)
    : m_options(std::move(options))
{
    if (!m_options.processDetails) {
        m_options.threads = false;
        m_options.containers = false;
    }
    m_options.sweepTicks = std::max(1, m_options.sweepTicks);
}

ProcScanner::~ProcScanner()
{
    if (m_procFd >= 0)
        ::close(m_procFd);
}

SnapshotPtr ProcScanner::scan()
{
    return run(false);
}

SnapshotPtr ProcScanner::poll()
{
    return run(true);
}

namespace {

// A mount table is read up to this size; one that is larger makes the snapshot incomplete (MountTableTooLarge).
constexpr qsizetype mountTableLimit = 16 << 20;
constexpr int MountTableTooLarge = EOVERFLOW;

struct Reader
{
    const ScanOptions &options;
    int procFd;
    Source source;
    ProcScanner::Stats &stats;
    QByteArray buf;

    // A read of something that should be there failed for want of fds or memory, or met a FIFO: the picture is
    // incomplete. The first errno is kept for the message.
    void noteFailure(int err)
    {
        ++stats.incomplete;
        if (!stats.failedErrno)
            stats.failedErrno = err;
    }
    ReadResult failure(int err)
    {
        const ReadResult r = classify(err);
        if (r == ReadResult::Failed && !stats.failedErrno)
            stats.failedErrno = err;
        return r;
    }

    // Reads one process completely. The /proc/PID directory fd pins the process: if it exits and its pid is
    // reused while we read, every read through the fd fails with ESRCH instead of mixing two processes.
    ReadResult read(qint32 pid, quint64 dirIno, ProcScanner::ProcRecord &rec)
    {
        const Fd dfd = openTaskDir(procFd, pid);
        if (!dfd.valid())
            return failure(errno);

        rec = {};
        rec.dirIno = dirIno;
        ProcessInfo &p = rec.info;
        p.pid = p.tgid = pid;

        int numThreads = 1;
        if (options.processDetails) {
            if (!readOneShot(dfd.get(), "stat", buf, source))
                return failure(errno);
            const auto stat = procparse::parseStat(buf);
            if (!stat || stat->pid != pid)
                return ReadResult::Gone; // cut short: the process went away mid-read
            if (stat->state == 'Z')
                return ReadResult::Zombie;
            p.comm = procparse::decodeProcText(stat->comm);
            p.state = QString(QLatin1Char(stat->state));
            p.ppid = stat->ppid;
            p.startTime = stat->startTime;
            numThreads = stat->numThreads;
        }

        const ReadResult ns = readTaskNamespaces(dfd.get(), p.namespaces, options.processDetails);
        if (ns == ReadResult::Failed)
            return failure(errno);
        if (ns != ReadResult::Ok)
            return ns == ReadResult::Gone && options.processDetails ? zombieOrGone(dfd.get()) : ns;

        rec.tids = {pid};
        if (!options.processDetails)
            return ReadResult::Ok;

        bool truncated = false;
        if (!readOneShot(dfd.get(), "status", buf, source, 128 * 1024, &truncated)
            || (truncated && !io::readFileAt(dfd.get(), "status", buf, LongStatusLimit, false, &truncated, source)))
            return failure(errno);
        if (truncated)
            return failure(EFBIG); // no kernel writes that much: not a status to trust
        const auto status = procparse::parseStatus(buf);
        if (!status)
            return ReadResult::Gone; // no Tgid: cut short, the process went away mid-read
        if (!status->uid) {
            // The whole file, and no Uid line: not what a kernel writes. Calling the process root would be a lie,
            // dropping it silently another: it counts as a failed read, and the snapshot says so.
            return failure(EBADMSG);
        }
        p.tgid = status->tgid;
        p.uid = *status->uid;
        p.nspid = status->nspid;
        numThreads = std::max(numThreads, status->threads);
        if (!readOneShot(dfd.get(), "cmdline", buf, source))
            return failure(errno);
        p.cmdline = procparse::parseCmdline(buf);

        if (options.threads && numThreads > 1)
            readThreads(dfd.get(), rec);
        if (options.fdHolders)
            readFds(dfd.get(), rec);
        return ReadResult::Ok;
    }

    // A light re-read of a known process for the live sweep: its stat and namespace links only. Sets `same`
    // when everything such a read can see is as before; the caller then keeps the record (with the new state
    // letter) instead of reading status, cmdline, threads and fds again.
    ReadResult recheck(qint32 pid, const ProcScanner::ProcRecord &old, bool &same, char &state)
    {
        same = false;
        const Fd dfd = openTaskDir(procFd, pid);
        if (!dfd.valid())
            return failure(errno);
        if (!readOneShot(dfd.get(), "stat", buf, source))
            return failure(errno);
        const auto stat = procparse::parseStat(buf);
        if (!stat || stat->pid != pid)
            return ReadResult::Gone;
        if (stat->state == 'Z')
            return ReadResult::Zombie;
        const ProcessInfo &p = old.info;
        const qsizetype knownThreads = options.threads ? old.tids.size() + p.threadsInOtherNamespaces.size() : 1;
        if (stat->startTime != p.startTime || stat->ppid != p.ppid || procparse::decodeProcText(stat->comm) != p.comm
            || (options.threads && qsizetype(stat->numThreads) != knownThreads && (stat->numThreads > 1 || knownThreads > 1)))
            return ReadResult::Ok;
        TaskNamespaces ns;
        const ReadResult r = readTaskNamespaces(dfd.get(), ns, false);
        if (r == ReadResult::Failed)
            return failure(errno);
        if (r != ReadResult::Ok)
            return r;
        same = ns.set == p.namespaces.set;
        state = stat->state;
        return ReadResult::Ok;
    }

    ReadResult zombieOrGone(int dfd) const
    {
        QByteArray b;
        if (readOneShot(dfd, "stat", b, source)) {
            if (const auto stat = procparse::parseStat(b); stat && stat->state == 'Z')
                return ReadResult::Zombie;
        }
        return ReadResult::Gone;
    }

    void readThreads(int dfd, ProcScanner::ProcRecord &rec)
    {
        const Fd taskfd(::openat(dfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!taskfd.valid()) {
            if (isScanFailure(errno))
                noteFailure(errno);
            return;
        }
        forEachNumericEntry(taskfd.get(), [&](qint32 tid, quint64) {
            if (tid == rec.info.pid)
                return;
            const Fd tfd = openTaskDir(taskfd.get(), tid);
            if (!tfd.valid()) {
                if (isScanFailure(errno))
                    noteFailure(errno);
                return;
            }
            TaskNamespaces tns;
            if (const ReadResult r = readTaskNamespaces(tfd.get(), tns); r != ReadResult::Ok) {
                if (r == ReadResult::Failed)
                    noteFailure(errno);
                return; // the thread ended meanwhile
            }
            if (tns.set == rec.info.namespaces.set)
                rec.tids.append(tid);
            else
                rec.info.threadsInOtherNamespaces.append({tid, tns});
        });
        std::sort(rec.tids.begin(), rec.tids.end());
        std::sort(rec.info.threadsInOtherNamespaces.begin(), rec.info.threadsInOtherNamespaces.end(),
                  [](const ThreadNamespaces &a, const ThreadNamespaces &b) { return a.tid < b.tid; });
    }

    void readFds(int dfd, ProcScanner::ProcRecord &rec)
    {
        const Fd fdDir(::openat(dfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fdDir.valid()) {
            if (isScanFailure(errno))
                noteFailure(errno);
            return; // not ours to look at, or gone
        }
        char link[64];
        forEachNumericEntry(fdDir.get(), [&](qint32 fd, quint64) {
            const Name name(fd);
            const ssize_t n = ::readlinkat(fdDir.get(), name.text, link, sizeof link);
            if (n <= 0 || n >= 40 || link[0] == '/')
                return; // a path, a socket, a pipe...: not a namespace
            if (const auto ns = procparse::parseNamespaceLink(std::string_view(link, std::size_t(n))))
                rec.nsFds.append({fd, ns->type, ns->id});
        });
    }
};

} // namespace

SnapshotPtr ProcScanner::run(bool incremental)
{
    try {
        return runGuarded(incremental);
    } catch (const std::bad_alloc &) {
        // Out of memory midway (a huge host under a small ulimit -v): the records may be half updated, and they
        // are what filled the memory. Forget them; the next scan starts afresh. This one says what happened.
        m_processes = {};
        m_namespaces = {};
        m_mounts = {};
        HostInfo host;
        host.time = QDateTime::currentDateTimeUtc();
        host.scannerUid = qint64(::geteuid());
        host.complete = false;
        host.scanError = QStringLiteral("the scan ran out of memory (ENOMEM) and shows nothing; allow the process more memory");
        return std::make_shared<const Snapshot>(std::move(host), std::vector<ProcessInfo>{}, std::vector<NamespaceInfo>{},
                                                Inaccessible{0, host.scanError});
    }
}

namespace {

// Why a scan is incomplete beyond what it was not allowed to see, as the snapshot says it.
QString scanErrorText(const ProcScanner::Stats &stats)
{
    auto count = [](int n, const char *one, const char *many) -> QString { return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many); };
    QStringList what;
    if (stats.failed)
        what << count(stats.failed, "process", "processes");
    if (stats.incomplete)
        what << count(stats.incomplete, "other read", "other reads");
    QString why;
    switch (stats.failedErrno) {
    case io::NotRegularFile: why = QStringLiteral("a file in the proc tree is not a regular file (a FIFO or a device?)"); break;
    case EBADMSG: why = QStringLiteral("a status file has no Uid line"); break;
    case EFBIG: why = QStringLiteral("a status file is larger than 16 MiB"); break;
    case MountTableTooLarge: why = QStringLiteral("a mount table is larger than 16 MiB (the mounts past that are not shown)"); break;
    default: why = io::errnoText(stats.failedErrno);
    }
    return QStringLiteral("incomplete: %1 failed: %2").arg(what.join(QStringLiteral(" and ")), why);
}

} // namespace

SnapshotPtr ProcScanner::runGuarded(bool incremental)
{
    m_stats = {};
    ++m_tick;
    if (m_procFd < 0) {
        const QByteArray root = QFile::encodeName(m_options.procRoot);
        m_procFd = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        // The kernel's procfs is trusted to hold regular files only; any other tree is checked file by file.
        struct statfs sfs;
        m_source = m_procFd >= 0 && ::fstatfs(m_procFd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC ? Source::ProcFs : Source::Untrusted;
    }

    HostInfo host;
    host.time = QDateTime::currentDateTimeUtc();
    host.scannerUid = qint64(::geteuid());
    if (m_procFd < 0) {
        const int err = errno;
        host.complete = false;
        host.scanError = QStringLiteral("cannot open %1: %2").arg(m_options.procRoot, io::errnoText(err));
        return std::make_shared<const Snapshot>(host, std::vector<ProcessInfo>{}, std::vector<NamespaceInfo>{},
                                                Inaccessible{0, host.scanError});
    }
    // 1. Processes: new ones are read, known ones are taken over until their turn in the sweep comes.
    Reader reader{m_options, m_procFd, m_source, m_stats, {}};
    // The host's names first: one that cannot be read (a FIFO in a fixture tree) leaves it unnamed, and says so.
    for (const auto &[field, name] : {std::pair{&host.hostname, "sys/kernel/hostname"}, std::pair{&host.kernel, "sys/kernel/osrelease"}}) {
        int err = 0;
        *field = readTrimmed(m_procFd, name, m_source, &err);
        if (err && isScanFailure(err))
            reader.noteFailure(err);
    }
    auto countFailure = [this](ReadResult r) {
        switch (r) {
        case ReadResult::Ok: break;
        case ReadResult::Gone: ++m_stats.vanished; break;
        case ReadResult::Denied: ++m_stats.denied; break;
        case ReadResult::Zombie: ++m_stats.zombies; break;
        case ReadResult::Failed: ++m_stats.failed; break;
        }
    };
    // Files read after step 1 go through the process's directory fd, after checking it is still the process
    // that was read (its start time): a pid reused meanwhile must not lend us another process's files.
    auto openVerified = [this, &reader](qint32 pid) -> Fd {
        Fd dfd = openTaskDir(m_procFd, pid);
        const auto it = m_processes.constFind(pid);
        if (!dfd.valid() && isScanFailure(errno))
            reader.noteFailure(errno);
        if (!dfd.valid() || it == m_processes.constEnd() || !m_options.processDetails)
            return dfd;
        QByteArray statText;
        const bool read = readOneShot(dfd.get(), "stat", statText, m_source);
        if (!read && isScanFailure(errno))
            reader.noteFailure(errno);
        const auto stat = read ? procparse::parseStat(statText) : std::nullopt;
        if (!stat || stat->startTime != it->info.startTime)
            return Fd();
        return dfd;
    };
    // A file of a process that is still there could not be read: out of fds, say, or a FIFO in a fixture tree.
    auto readOrNote = [&](const Fd &dfd, const char *name, QByteArray &out, qsizetype limit, bool oneShot, bool *truncated = nullptr) {
        if (io::readFileAt(dfd.get(), name, out, limit, oneShot, truncated, m_source))
            return true;
        if (isScanFailure(errno))
            reader.noteFailure(errno);
        return false;
    };

    // Records are updated in place and marked with this call's generation; unmarked ones have exited.
    const quint64 generation = m_tick;
    int unchecked = 0; // processes whose container label is still to be read
    forEachNumericEntry(m_procFd, [&](qint32 pid, quint64 ino) {
        ++m_stats.listed;
        const auto it = m_processes.find(pid);
        const bool known = it != m_processes.end() && it->dirIno == ino;
        if (incremental && known) {
            // Each known process comes due once every sweepTicks polls; a due one gets a light re-read, and
            // every fourth time it comes due a full one (cmdline after exec, new fds).
            const quint64 turn = quint64(pid) + m_tick;
            const auto sweep = quint64(m_options.sweepTicks);
            const bool due = turn % sweep == 0;
            const bool fullDue = due && (turn / sweep) % 4 == 0;
            if (!due) {
                it->generation = generation;
                ++m_stats.reused;
                return;
            }
            if (!fullDue && m_options.processDetails) {
                bool same = false;
                char state = '?';
                const ReadResult r = reader.recheck(pid, *it, same, state);
                if (r != ReadResult::Ok) {
                    countFailure(r);
                    return;
                }
                if (same) {
                    if (it->info.state.size() != 1 || it->info.state.at(0) != QLatin1Char(state))
                        it->info.state = QString(QLatin1Char(state));
                    it->generation = generation;
                    ++m_stats.rechecked;
                    return;
                }
            }
        }
        ProcRecord rec;
        const ReadResult r = reader.read(pid, ino, rec);
        if (r != ReadResult::Ok) {
            countFailure(r);
            return;
        }
        ++m_stats.read;
        rec.generation = generation;
        if (it == m_processes.end()) {
            m_processes.insert(pid, std::move(rec));
            ++unchecked;
            return;
        }
        if (it->info.startTime == rec.info.startTime && it->info.namespaces.set == rec.info.namespaces.set) {
            rec.info.container = it->info.container;
            rec.containerChecked = it->containerChecked;
        }
        unchecked += rec.containerChecked ? 0 : 1;
        *it = std::move(rec);
    });
    for (auto it = m_processes.begin(); it != m_processes.end();) {
        if (it->generation == generation)
            ++it;
        else
            it = m_processes.erase(it);
    }

    // 2. The initial namespaces: PID 1's, or where those are hidden even from root, kthreadd's (PID 2), which
    //    never leaves them.
    NamespaceSet initial;
    for (qint32 pid : {1, 2}) {
        const auto it = m_processes.constFind(pid);
        if (it != m_processes.constEnd()) {
            initial = it->info.namespaces.set;
            break;
        }
    }
    if (initial == NamespaceSet{})
        initial = initialWithoutPid1();

    // 3. Container labels, only for processes outside the initial namespaces (a container always has some),
    //    and once per namespace set: the processes of a set are one container.
    if (m_options.containers && unchecked > 0) {
        QHash<NamespaceSet, std::optional<ContainerLabel>> bySet;
        for (const ProcRecord &rec : std::as_const(m_processes)) {
            if (rec.containerChecked && !bySet.contains(rec.info.namespaces.set))
                bySet.insert(rec.info.namespaces.set, rec.info.container);
        }
        QByteArray buf;
        for (auto it = m_processes.begin(); it != m_processes.end(); ++it) {
            if (it->containerChecked)
                continue;
            if (it->info.namespaces.set == initial) {
                it->containerChecked = true;
                continue;
            }
            if (const auto known = bySet.constFind(it->info.namespaces.set); known != bySet.constEnd()) {
                it->info.container = *known;
                it->containerChecked = true;
                continue;
            }
            const Fd dfd = openVerified(it.key());
            if (!dfd.valid() || !readOrNote(dfd, "cgroup", buf, 64 * 1024, true))
                continue; // gone, or not the process we read: try again next time
            it->info.container = procparse::parseContainerFromCgroup(buf);
            it->containerChecked = true;
            bySet.insert(it->info.namespaces.set, it->info.container);
        }
    }

    // 4. Namespaces held by tasks. Each entry remembers one way to open its nsfs file for the ioctls below.
    struct Opener
    {
        enum Kind : quint8 { None, Task, PidForChildren, TimeForChildren, Mount, Fd } kind = None;
        qint32 pid = 0;
        qint32 tidOrFd = 0;
        QString mountPoint; // Mount: below /proc/PID/root
    };
    struct Building
    {
        NamespaceInfo info;
        Opener opener;
    };
    QHash<NamespaceId, Building> table;
    table.reserve(qsizetype(m_processes.size()) / 4 + 64);
    QSet<NamespaceId> conflicted; // ids that two records give different types (see 4b)
    auto entry = [&](NamespaceType type, NamespaceId id) -> Building & {
        auto it = table.find(id);
        if (it == table.end()) {
            it = table.insert(id, Building{});
            it->info.id = id;
            it->info.type = type;
        } else if (it->info.type != type) {
            conflicted.insert(id);
        }
        return *it;
    };
    // A holder found through a cache or an older record: only where the id still has its type.
    auto holderEntry = [&](NamespaceType type, NamespaceId id) -> Building * {
        const auto it = table.constFind(id);
        return it != table.constEnd() && it->info.type != type ? nullptr : &entry(type, id);
    };
    auto addTasks = [&](qint32 pid, qint32 tid, const TaskNamespaces &ns, const QList<qint32> &tids) {
        for (int t = 0; t < NamespaceTypeCount; ++t) {
            const NamespaceId id = ns.set.ids[t];
            if (id == 0)
                continue;
            Building &b = entry(static_cast<NamespaceType>(t), id);
            b.info.tasks.append(tids);
            if (b.info.processes.isEmpty() || b.info.processes.constLast() != pid)
                b.info.processes.append(pid);
            if (b.opener.kind == Opener::None)
                b.opener = {Opener::Task, pid, tid, {}};
        }
        // A pid/time namespace can be entered by children only (after unshare, before the first fork).
        for (const auto &[id, type, kind] : {std::tuple{ns.pidForChildren, NamespaceType::Pid, Opener::PidForChildren},
                                             std::tuple{ns.timeForChildren, NamespaceType::Time, Opener::TimeForChildren}}) {
            if (!id || *id == 0)
                continue;
            Building &b = entry(type, *id);
            if (b.opener.kind == Opener::None && tid == pid)
                b.opener = {kind, pid, tid, {}};
        }
    };
    std::vector<qint32> pids;
    auto buildTable = [&] {
        table.clear();
        conflicted.clear();
        pids.clear();
        pids.reserve(std::size_t(m_processes.size()));
        for (auto it = m_processes.cbegin(); it != m_processes.cend(); ++it)
            pids.push_back(it.key());
        std::sort(pids.begin(), pids.end());
        for (qint32 pid : pids) {
            const ProcRecord &rec = m_processes[pid];
            addTasks(pid, pid, rec.info.namespaces, rec.tids);
            for (const ThreadNamespaces &t : rec.info.threadsInOtherNamespaces)
                addTasks(pid, t.tid, t.namespaces, {t.tid});
        }
    };
    buildTable();

    // 4b. The kernel hands a namespace's inode number to the next new namespace as soon as it dies, whatever its type.
    //     A record read a while ago (taken over from an earlier poll, or read early in this one) can name a namespace
    //     that has died since, under a number that a namespace of another type now has: two records then disagree on
    //     what the id is. Read the processes involved again; one that still disagrees is changing under us and sits
    //     this snapshot out (counted as vanished), so that the snapshot never mixes two namespaces under one id.
    for (int attempt = 0; attempt < 2 && !conflicted.isEmpty(); ++attempt) {
        auto names = [&](const TaskNamespaces &ns) {
            for (NamespaceId id : ns.set.ids)
                if (id && conflicted.contains(id))
                    return true;
            return (ns.pidForChildren && conflicted.contains(*ns.pidForChildren))
                || (ns.timeForChildren && conflicted.contains(*ns.timeForChildren));
        };
        for (auto it = m_processes.begin(); it != m_processes.end();) {
            bool involved = names(it->info.namespaces);
            for (const ThreadNamespaces &t : it->info.threadsInOtherNamespaces)
                involved = involved || names(t.namespaces);
            if (!involved) {
                ++it;
                continue;
            }
            ProcRecord fresh;
            const ReadResult r = attempt == 0 ? reader.read(it.key(), it->dirIno, fresh) : ReadResult::Gone;
            if (r != ReadResult::Ok) {
                countFailure(r);
                it = m_processes.erase(it);
                continue;
            }
            fresh.generation = generation;
            if (fresh.info.startTime == it->info.startTime && fresh.info.namespaces.set == it->info.namespaces.set) {
                fresh.info.container = it->info.container;
                fresh.containerChecked = it->containerChecked;
            } else {
                fresh.containerChecked = true; // its label is read again on the next poll that needs one
            }
            *it = std::move(fresh);
            ++it;
        }
        buildTable();
    }

    // 5. Holders other than tasks: nsfs bind mounts in each mount namespace, and open file descriptors.
    if (m_options.bindMounts) {
        QHash<NamespaceId, MountCache> mounts;
        QByteArray buf;
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            if (it->info.type != NamespaceType::Mnt || it->info.processes.isEmpty())
                continue;
            const NamespaceId mntns = it.key();
            const qint32 pid = it->info.processes.constFirst();
            const auto cached = m_mounts.constFind(mntns);
            // The initial mount namespace is read every time: `ip netns add` mounts there.
            const bool due = (mntns + m_tick) % quint64(m_options.sweepTicks) == 0 || mntns == initial[NamespaceType::Mnt];
            if (incremental && cached != m_mounts.constEnd() && !due
                && stillIn(cached->witnessPid, cached->witnessStart, NamespaceType::Mnt, mntns)) {
                mounts.insert(mntns, *cached);
                continue;
            }
            MountCache mc;
            mc.witnessPid = pid;
            mc.witnessStart = m_processes.value(pid).info.startTime;
            bool truncated = false;
            if (const Fd dfd = openVerified(pid); dfd.valid() && readOrNote(dfd, "mountinfo", buf, mountTableLimit, false, &truncated)) {
                if (truncated) {
                    // Cut off: what is past the limit is missing (the snapshot says so), and the last line read
                    // is a piece of one.
                    reader.noteFailure(MountTableTooLarge);
                    buf.truncate(buf.lastIndexOf('\n') + 1);
                }
                procparse::forEachLine(buf, [&](QByteArrayView line) {
                    if (const auto m = procparse::parseNsfsMountinfoLine(line))
                        mc.entries.append({m->ns.type, m->ns.id, m->mountPoint});
                });
            }
            mounts.insert(mntns, std::move(mc));
        }
        m_mounts = std::move(mounts);
        for (auto it = m_mounts.cbegin(); it != m_mounts.cend(); ++it) {
            const NamespaceId mntns = it.key();
            const auto holder = table.constFind(mntns);
            const qint32 holderPid = holder != table.constEnd() && !holder->info.processes.isEmpty() ? holder->info.processes.constFirst() : 0;
            for (const auto &e : it->entries) {
                Building *b = holderEntry(e.type, e.id);
                if (!b)
                    continue; // a mount table read earlier, naming a namespace that has died since
                b->info.bindMounts.append({e.path, mntns});
                if (b->opener.kind == Opener::None && holderPid)
                    b->opener = {Opener::Mount, holderPid, 0, e.path};
            }
        }
    }
    if (m_options.fdHolders) {
        for (qint32 pid : pids) {
            for (const auto &f : m_processes[pid].nsFds) {
                Building *b = holderEntry(f.type, f.id);
                if (!b)
                    continue; // an fd list read earlier, naming a namespace that has died since
                b->info.fdHolders.append({pid, f.fd});
                if (b->opener.kind == Opener::None)
                    b->opener = {Opener::Fd, pid, f.fd, {}};
            }
        }
    }

    // 6. Relations, once per namespace id: the ioctls on its nsfs file, or the lookup for fixture trees.
    //    Parents and owners found this way join the table even when nothing else holds them.
    QList<NamespaceId> pending;
    pending.reserve(table.size());
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        pending.append(it.key());
    auto openNamespace = [&](const Building &b) -> Fd {
        const Opener &o = b.opener;
        QByteArray path = QByteArray::number(o.pid);
        switch (o.kind) {
        case Opener::None:
            return Fd();
        case Opener::Task:
            if (o.tidOrFd != o.pid)
                path += "/task/" + QByteArray::number(o.tidOrFd);
            path += QByteArray("/ns/") + namespaceTypeKey(b.info.type);
            break;
        case Opener::PidForChildren: path += "/ns/pid_for_children"; break;
        case Opener::TimeForChildren: path += "/ns/time_for_children"; break;
        case Opener::Mount: path += "/root" + QFile::encodeName(o.mountPoint); break;
        case Opener::Fd: path += "/fd/" + QByteArray::number(o.tidOrFd); break;
        }
        Fd fd(::openat(m_procFd, path.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
        if (!fd.valid())
            return fd;
        // Only trust what is really the namespace we mean: a fixture symlink, a replaced mount or a reused
        // fd number must not lend us another namespace's relations.
        // nsfs has one st_dev: once it is known, fstat alone answers both questions.
        struct stat st;
        if (::fstat(fd.get(), &st) != 0 || NamespaceId(st.st_ino) != b.info.id)
            return Fd();
        if (m_nsfsDev == 0) {
            struct statfs sfs;
            if (::fstatfs(fd.get(), &sfs) != 0 || sfs.f_type != NSFS_MAGIC)
                return Fd();
        } else if (quint64(st.st_dev) != m_nsfsDev) {
            return Fd();
        }
        m_nsfsDev = quint64(st.st_dev);
        return fd;
    };
    auto resolveFd = [&](auto &self, int fd, NamespaceType type, NamespaceId id, int depth) -> void {
        CachedNamespace &c = m_namespaces[id];
        c.type = type;
        c.dev = m_nsfsDev;
        if (c.relationsKnown || depth > 40)
            return;
        c.relationsKnown = true;
        NamespaceRelations rel;
        auto hop = [&](unsigned long request, NamespaceType otherType) -> std::optional<NamespaceId> {
            Fd other(::ioctl(fd, request));
            struct stat st;
            if (!other.valid() || ::fstat(other.get(), &st) != 0)
                return std::nullopt;
            const NamespaceId otherId = NamespaceId(st.st_ino);
            self(self, other.get(), otherType, otherId, depth + 1);
            return otherId;
        };
        if (type == NamespaceType::Pid || type == NamespaceType::User)
            rel.parent = hop(NS_GET_PARENT, type);
        if (type != NamespaceType::User) {
            rel.owner = hop(NS_GET_USERNS, NamespaceType::User);
        } else {
            rel.owner = rel.parent; // a user namespace is owned by its parent
            uid_t uid = 0;
            if (::ioctl(fd, NS_GET_OWNER_UID, &uid) == 0)
                rel.ownerUid = quint32(uid);
        }
        m_namespaces[id].relations = rel;
    };
    if (m_options.relations) {
        for (NamespaceId id : pending) {
            const Building &b = table[id];
            const NamespaceType type = b.info.type;
            auto cached = m_namespaces.find(id);
            if (cached != m_namespaces.end() && cached->relationsKnown && cached->type == type
                && stillIn(cached->witnessPid, cached->witnessStart, type, id))
                continue;
            if (cached != m_namespaces.end()) {
                // No live witness: the inode may belong to a new namespace now. Read it again.
                cached->relationsKnown = false;
                cached->uidMap.clear();
                cached->gidMap.clear();
                cached->hostnameTick = 0;
                cached->hostname.clear();
            }
            if (const Fd fd = openNamespace(b); fd.valid()) {
                resolveFd(resolveFd, fd.get(), type, id, 0);
                if (b.opener.kind == Opener::Task) {
                    CachedNamespace &c = m_namespaces[id];
                    c.witnessPid = b.opener.pid;
                    c.witnessStart = m_processes.value(b.opener.pid).info.startTime;
                }
            } else if (m_options.relationLookup) {
                // Fixture trees: ask the lookup, and follow the chain it describes.
                QList<std::pair<NamespaceId, NamespaceType>> chain{{id, type}};
                while (!chain.isEmpty()) {
                    const auto [cid, ctype] = chain.takeLast();
                    CachedNamespace &c = m_namespaces[cid];
                    if (c.relationsKnown)
                        continue;
                    c.type = ctype;
                    c.relationsKnown = true;
                    if (const auto rel = m_options.relationLookup(ctype, cid)) {
                        c.relations = *rel;
                        if (rel->parent)
                            chain.append({*rel->parent, ctype});
                        if (rel->owner)
                            chain.append({*rel->owner, NamespaceType::User});
                    }
                }
            }
        }
        // Parents and owners that nothing else holds: add them, and their ancestors.
        QList<NamespaceId> walk = pending;
        while (!walk.isEmpty()) {
            const NamespaceId id = walk.takeLast();
            const auto c = m_namespaces.constFind(id);
            if (c == m_namespaces.constEnd())
                continue;
            for (const auto &[rid, rtype] : {std::pair{c->relations.parent, c->type},
                                             std::pair{c->relations.owner, NamespaceType::User}}) {
                if (rid && !table.contains(*rid)) {
                    entry(rtype, *rid);
                    walk.append(*rid);
                }
            }
        }
    }

    // 7. uid/gid maps of user namespaces, read through a member (a map is written once, so cache it).
    if (m_options.idMaps) {
        QByteArray buf;
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            if (it->info.type != NamespaceType::User || it->info.processes.isEmpty())
                continue;
            CachedNamespace &c = m_namespaces[it.key()];
            c.type = NamespaceType::User;
            if (!c.uidMap.isEmpty() && !c.gidMap.isEmpty())
                continue;
            const Fd dfd = openVerified(it->info.processes.constFirst());
            if (dfd.valid() && readOrNote(dfd, "uid_map", buf, 1 << 20, false))
                c.uidMap = procparse::parseIdMap(buf);
            if (dfd.valid() && readOrNote(dfd, "gid_map", buf, 1 << 20, false))
                c.gidMap = procparse::parseIdMap(buf);
        }
    }

    // 7b. The hostname of each UTS namespace: what a container made with unshare or by a tool without an engine
    //     is known by. Only uname() from inside the namespace tells it, so one short-lived thread of ours enters
    //     each namespace that needs reading in turn (setns moves only that thread; it exits after). Cached while
    //     the member it was read through lives, and read again every sweepTicks polls: a container may rename
    //     itself. Entering takes CAP_SYS_ADMIN over the namespace: unprivileged, only the host's is known.
    if (m_options.utsHostnames) {
        struct Pending
        {
            NamespaceId id;
            Fd fd;
            qint32 pid;
            QString hostname;
            bool ok = false;
        };
        std::vector<Pending> toRead;
        const quint64 sweep = quint64(std::max(1, m_options.sweepTicks));
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            if (it->info.type != NamespaceType::Uts || it->info.processes.isEmpty() || it.key() == initial[NamespaceType::Uts])
                continue;
            CachedNamespace &c = m_namespaces[it.key()];
            c.type = NamespaceType::Uts;
            // Read once, then again on its own poll of each sweep (spread by id, so that hundreds of containers
            // are not all read on one poll), or when the member it was read through is gone.
            const bool due = !c.hostnameTick || (it.key() + m_tick) % sweep == 0;
            if (!due && stillIn(c.hostnamePid, c.hostnameStart, NamespaceType::Uts, it.key()))
                continue;
            // Through the task that put it in the table (a process may be in it by one thread only).
            const qint32 pid = it->opener.pid;
            const auto member = m_processes.constFind(pid);
            c.hostnameTick = m_tick; // tried: a namespace not ours to enter is not tried again before its poll
            c.hostnamePid = pid;
            c.hostnameStart = member == m_processes.constEnd() ? 0 : member->info.startTime;
            Fd fd = openNamespace(*it);
            if (!fd.valid())
                continue;
            toRead.push_back({it.key(), std::move(fd), pid, {}});
        }
        if (!toRead.empty()) {
            // Out of memory or threads (a small ulimit -v, RLIMIT_NPROC), the names stay unknown, as they are
            // unprivileged: the snapshot is complete without them, and an exception must not leave the thread.
            auto readInside = [&toRead]() noexcept {
                try {
                    for (Pending &p : toRead) {
                        utsname names{};
                        if (::setns(p.fd.get(), CLONE_NEWUTS) != 0 || ::uname(&names) != 0)
                            continue;
                        p.hostname = QString::fromUtf8(names.nodename, qsizetype(::strnlen(names.nodename, sizeof names.nodename)));
                        p.ok = true;
                    }
                } catch (const std::bad_alloc &) {
                }
            };
            try {
                std::thread(readInside).join();
                // Entered but not read (no right to, no memory): no name rather than one that may be stale.
                for (const Pending &p : toRead)
                    m_namespaces[p.id].hostname = p.ok ? p.hostname : QString();
            } catch (const std::system_error &) {
                // No thread to spare (a task limit): the snapshot is complete without the names; they stay as
                // last read and are tried again next poll.
                for (const Pending &p : toRead)
                    m_namespaces[p.id].hostnameTick = 0;
            }
        }
    }

    // 8. Assemble, and forget cached namespaces that are gone (inode numbers are reused).
    std::vector<NamespaceInfo> namespaces;
    namespaces.reserve(std::size_t(table.size()));
    for (auto it = table.begin(); it != table.end(); ++it) {
        NamespaceInfo &n = it->info;
        if (const auto c = m_namespaces.constFind(n.id); c != m_namespaces.constEnd()) {
            n.dev = c->dev;
            n.parent = c->relations.parent;
            n.owner = c->relations.owner;
            n.ownerUid = c->relations.ownerUid;
            n.uidMap = c->uidMap;
            n.gidMap = c->gidMap;
            if (n.type == NamespaceType::Uts && !c->hostname.isEmpty())
                n.details.insert(QStringLiteral("hostname"), c->hostname);
        }
        if (n.type == NamespaceType::Uts && n.id == initial[NamespaceType::Uts] && !host.hostname.isEmpty())
            n.details.insert(QStringLiteral("hostname"), host.hostname);
        if (n.dev == 0)
            n.dev = m_nsfsDev;
        n.initial = initial[n.type] == n.id;
        std::sort(n.tasks.begin(), n.tasks.end());
        n.tasks.erase(std::unique(n.tasks.begin(), n.tasks.end()), n.tasks.end());
        std::sort(n.processes.begin(), n.processes.end());
        n.processes.erase(std::unique(n.processes.begin(), n.processes.end()), n.processes.end());
        std::sort(n.bindMounts.begin(), n.bindMounts.end(), [](const BindMount &a, const BindMount &b) {
            return std::tie(a.mntns, a.path) < std::tie(b.mntns, b.path);
        });
        std::sort(n.fdHolders.begin(), n.fdHolders.end(),
                  [](const FdHolder &a, const FdHolder &b) { return std::tie(a.pid, a.fd) < std::tie(b.pid, b.fd); });
        namespaces.push_back(std::move(n));
    }
    for (auto it = m_namespaces.begin(); it != m_namespaces.end();) {
        if (table.contains(it.key()))
            ++it;
        else
            it = m_namespaces.erase(it);
    }

    std::vector<ProcessInfo> processes;
    processes.reserve(pids.size());
    for (qint32 pid : pids)
        processes.push_back(m_processes[pid].info);

    Inaccessible inaccessible;
    if (m_stats.denied > 0) {
        inaccessible.processes = m_stats.denied;
        inaccessible.reason = ::geteuid() == 0
            ? QStringLiteral("the kernel refused access to their namespace links even for root "
                             "(processes that are not dumpable, or belong to an enclosing container)")
            : QStringLiteral("namespace links of other users' processes can only be read with root "
                             "privileges (CAP_SYS_PTRACE); start the full view to see them");
    }
    if (m_stats.failed > 0 || m_stats.incomplete > 0) {
        // Not a matter of rights: say so, so that nobody takes this picture for the whole host.
        host.scanError = scanErrorText(m_stats);
        inaccessible.processes += m_stats.failed;
        inaccessible.reason = inaccessible.reason.isEmpty() ? host.scanError : inaccessible.reason + QStringLiteral("; ") + host.scanError;
    }
    host.complete = m_stats.denied == 0 && host.scanError.isEmpty();
    return std::make_shared<const Snapshot>(std::move(host), std::move(processes), std::move(namespaces),
                                            std::move(inaccessible));
}

NamespaceSet ProcScanner::initialWithoutPid1() const
{
    // Neither PID 1 nor PID 2 could be read: an unprivileged scan. Six initial namespaces have inode numbers
    // fixed by the kernel (PROC_*_INIT_INO in include/linux/proc_ns.h, unchanged since Linux 3.8 and 5.6 for
    // time). The initial net and mnt namespaces are numbered at boot like any other; for those the best
    // evidence left is the scanner's own, when it runs in the initial user and pid namespaces (a desktop
    // session rather than a container).
    NamespaceSet initial;
    initial[NamespaceType::Cgroup] = 0xEFFFFFFBu;
    initial[NamespaceType::Time] = 0xEFFFFFFAu;
    initial[NamespaceType::Pid] = 0xEFFFFFFCu;
    initial[NamespaceType::User] = 0xEFFFFFFDu;
    initial[NamespaceType::Uts] = 0xEFFFFFFEu;
    initial[NamespaceType::Ipc] = 0xEFFFFFFFu;
    TaskNamespaces self;
    const Fd selfFd(::openat(m_procFd, "self", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (selfFd.valid() && readTaskNamespaces(selfFd.get(), self, false) == ReadResult::Ok
        && self.set[NamespaceType::User] == initial[NamespaceType::User]
        && self.set[NamespaceType::Pid] == initial[NamespaceType::Pid]) {
        initial[NamespaceType::Net] = self.set[NamespaceType::Net];
        initial[NamespaceType::Mnt] = self.set[NamespaceType::Mnt];
    }
    return initial;
}

bool ProcScanner::stillIn(qint32 pid, quint64 start, NamespaceType type, NamespaceId id) const
{
    const auto it = m_processes.constFind(pid);
    if (pid <= 0 || it == m_processes.constEnd() || it->info.startTime != start)
        return false;
    const TaskNamespaces &ns = it->info.namespaces;
    if (ns.set[type] == id || ns.pidForChildren == id || ns.timeForChildren == id)
        return true;
    for (const ThreadNamespaces &t : it->info.threadsInOtherNamespaces) {
        if (t.namespaces.set[type] == id)
            return true;
    }
    return false;
}

SnapshotPtr scanProc(const ScanOptions &options)
{
    ProcScanner scanner(options);
    return scanner.scan();
}

} // namespace nsviz
