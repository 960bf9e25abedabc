#include "demoruntime.h"

#include "scan/namespacedetails.h"

#include "scan/procfile.h"
#include "scan/procparse.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// How a container starts. The runtime forks a shim (outside the container's namespaces, in a session of its own,
// with PR_SET_PDEATHSIG on the runtime's thread). The shim clone()s the container's first process straight into its
// new namespaces, writes its uid/gid maps, reports its pid and then only waits for it: it mirrors its exit status and
// holds PR_SET_PDEATHSIG, so the container dies with the runtime even on SIGKILL. The first process waits for the
// maps, joins namespaces of another container (a pod), sets the hostname, brings up lo, builds its root in a tmpfs of
// its own mount namespace, pivots into it and execs the command. Errors travel back over a close-on-exec pipe; its
// end of file without an error means exec succeeded.
//
// Between fork and exec only system calls run, on data prepared before the fork: the runtime has other threads, whose
// locks (malloc's included) a child may inherit held.

namespace nsviz {

namespace {

constexpr int StartTimeoutMs = 15000;
constexpr int StopTimeoutMs = 5000;
constexpr qsizetype OutputKeep = 16 * 1024;
const char *const BusyboxPath = "/bin/busybox";
// What the container's tmpfs is called in its mountinfo; the host never sees it, the tests check that.
const char *const RootfsSource = "nsviz-demo-rootfs";

// ---- what the children do: system calls only --------------------------------------------------------------------

struct Plan
{
    pid_t runtimePid = 0;
    int reportFd = -1; // write end, close-on-exec
    int goFd = -1; // read end: the runtime's go-ahead after it set up the veth pair
    int outFd = -1; // write end for the command's standard output and error
    int devNullFd = -1;

    bool shimOwnUserns = false; // rootless with a time namespace: the shim enters a user namespace itself
    std::string shimUidMap, shimGidMap;
    int joinUserFd = -1; // rootless pod: the shim joins the other container's user namespace first
    bool timeNs = false;
    std::string timeOffsets;
    long cloneFlags = 0;

    bool writeMaps = false; // the shim writes the first process's maps
    bool denySetgroups = false;
    std::string uidMap, gidMap;
    bool becomeRoot = false; // setresuid/setresgid(0) inside once the maps are there

    std::vector<std::pair<int, int>> joinFds; // (fd, CLONE_NEW*) the first process setns()es into
    std::string hostname;
    bool loopbackUp = false;
    bool veth = false;
    in_addr_t vethAddress = 0; // network byte order
    in_addr_t vethMask = 0;
    int shmKey = 0;
    int shmSize = 0;

    bool privateMounts = false; // has its own mount namespace: make everything private first
    bool busybox = false;
    bool mountProc = false; // a fresh proc for its pid namespace
    std::vector<std::string> dirs; // relative to the new root, parents first
    std::vector<std::pair<std::string, std::string>> symlinks; // (path, target)
    std::vector<std::pair<std::string, std::string>> files; // (path, content)
    std::vector<std::string> devices; // /dev/... bound onto files of the same name in the new root
    std::vector<std::pair<std::string, std::string>> overlays; // host root: (absolute path, content) bound over it

    std::string program;
    std::vector<std::string> argvStore, envStore;
    std::vector<char *> argv, envp;
};

void writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        size -= size_t(n);
    }
}

void writeStr(int fd, const char *s)
{
    writeAll(fd, s, std::strlen(s));
}

// Decimal digits of v into buf (at least 24 bytes); returns buf. No snprintf: not async-signal-safe everywhere.
char *formatInt(long long v, char *buf)
{
    char tmp[24];
    int n = 0;
    const bool negative = v < 0;
    unsigned long long u = negative ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = char('0' + u % 10);
        u /= 10;
    } while (u);
    int i = 0;
    if (negative)
        buf[i++] = '-';
    while (n)
        buf[i++] = tmp[--n];
    buf[i] = 0;
    return buf;
}

// Reports "E<errno> <what>" to the runtime and ends the child.
[[noreturn]] void failChild(int reportFd, const char *what, int err = errno)
{
    char num[24];
    writeStr(reportFd, "E");
    writeStr(reportFd, formatInt(err, num));
    writeStr(reportFd, " ");
    writeStr(reportFd, what);
    writeStr(reportFd, "\n");
    ::_exit(127);
}

bool writeFile(const char *path, const std::string &content)
{
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const ssize_t n = ::write(fd, content.data(), content.size());
    const int err = errno;
    ::close(fd);
    errno = err;
    return n == ssize_t(content.size());
}

bool writeProcFile(pid_t pid, const char *name, const std::string &content)
{
    char path[64] = "/proc/";
    char num[24];
    std::strcat(path, formatInt(pid, num));
    std::strcat(path, "/");
    std::strcat(path, name);
    return writeFile(path, content);
}

bool createFile(const char *path, const char *data, size_t size, mode_t mode)
{
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return false;
    writeAll(fd, data, size);
    ::close(fd);
    return true;
}

// PR_SET_PDEATHSIG is cleared whenever the credentials change: set it again after each change.
void dieWithParent(pid_t expectedParent)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (expectedParent > 0 && ::getppid() != expectedParent)
        ::_exit(127); // the parent died before the line above
}

bool setInterface(int sock, const char *name, in_addr_t address, in_addr_t mask)
{
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof ifr);
    std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (address != 0) {
        sockaddr_in sin;
        std::memset(&sin, 0, sizeof sin);
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = address;
        std::memcpy(&ifr.ifr_addr, &sin, sizeof sin);
        if (::ioctl(sock, SIOCSIFADDR, &ifr) != 0)
            return false;
        sin.sin_addr.s_addr = mask;
        std::memcpy(&ifr.ifr_netmask, &sin, sizeof sin);
        if (::ioctl(sock, SIOCSIFNETMASK, &ifr) != 0)
            return false;
    }
    if (::ioctl(sock, SIOCGIFFLAGS, &ifr) != 0)
        return false;
    ifr.ifr_flags |= IFF_UP;
    return ::ioctl(sock, SIOCSIFFLAGS, &ifr) == 0;
}

[[noreturn]] void runFirstProcess(const Plan &p, int shimAlive)
{
    const int report = p.reportFd;
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // The runtime may block signals it handles itself (the command line blocks none, but a caller might): the
    // command starts with none blocked. Handlers are reset by exec anyway.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    char c = 0;
    // The shim's 'm' says the maps are written; end of file says the shim died.
    if (::read(shimAlive, &c, 1) != 1)
        ::_exit(127);
    if (p.becomeRoot) {
        if (::setresgid(0, 0, 0) != 0)
            failChild(report, "setresgid(0) inside the user namespace");
        if (!p.denySetgroups && ::setgroups(0, nullptr) != 0)
            failChild(report, "setgroups inside the user namespace");
        if (::setresuid(0, 0, 0) != 0)
            failChild(report, "setresuid(0) inside the user namespace");
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Its parent, the shim, is outside its pid namespace (getppid() is 0): the shim's end of the pipe tells instead.
    struct pollfd alive = {shimAlive, POLLIN, 0};
    if (::poll(&alive, 1, 0) > 0 && (alive.revents & (POLLHUP | POLLERR)))
        ::_exit(127);

    for (const auto &[fd, type] : p.joinFds) {
        if (::setns(fd, type) != 0)
            failChild(report, "setns into the other container's namespace");
    }
    if (!p.hostname.empty() && ::sethostname(p.hostname.data(), p.hostname.size()) != 0)
        failChild(report, "sethostname");
    if (p.loopbackUp || p.veth) {
        const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (sock < 0)
            failChild(report, "socket for interface setup");
        if (p.loopbackUp && !setInterface(sock, "lo", 0, 0))
            failChild(report, "bringing up lo");
        if (p.veth) {
            if (::read(p.goFd, &c, 1) != 1)
                ::_exit(127); // the runtime could not set up the veth pair and has reported why
            if (!setInterface(sock, "eth0", p.vethAddress, p.vethMask))
                failChild(report, "configuring eth0");
        }
        ::close(sock);
    }
    if (p.shmKey != 0 && ::shmget(key_t(p.shmKey), size_t(p.shmSize), IPC_CREAT | IPC_EXCL | 0600) < 0)
        failChild(report, "shmget");

    if (p.privateMounts && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        failChild(report, "making the mounts private");
    if (p.busybox) {
        // The root is a tmpfs in the container's own mount namespace: it vanishes with the namespace, whatever
        // happens to the runtime. /tmp is only where it is built; pivot_root() detaches the rest.
        if (::mount(RootfsSource, "/tmp", "tmpfs", MS_NOSUID, "mode=0755,size=16m") != 0)
            failChild(report, "mounting a tmpfs for the root filesystem");
        if (::chdir("/tmp") != 0)
            failChild(report, "chdir into the new root");
        for (const std::string &d : p.dirs) {
            if (::mkdir(d.c_str(), 0755) != 0 && errno != EEXIST)
                failChild(report, "mkdir in the new root");
        }
        for (const auto &[path, content] : p.files) {
            if (!createFile(path.c_str(), content.data(), content.size(), 0644))
                failChild(report, "writing a file of the new root");
        }
        if (!createFile("bin/busybox", "", 0, 0755))
            failChild(report, "creating bin/busybox");
        if (::mount(BusyboxPath, "bin/busybox", nullptr, MS_BIND, nullptr) != 0)
            failChild(report, "bind-mounting /bin/busybox");
        for (const auto &[path, target] : p.symlinks) {
            if (::symlink(target.c_str(), path.c_str()) != 0 && errno != EEXIST)
                failChild(report, "symlink in the new root");
        }
        for (const std::string &dev : p.devices) {
            // Best effort: a missing device only makes the container a little less complete.
            const std::string target = dev.substr(1);
            if (createFile(target.c_str(), "", 0, 0666))
                ::mount(dev.c_str(), target.c_str(), nullptr, MS_BIND, nullptr);
        }
        if (p.mountProc) {
            if (::mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
                failChild(report, "mounting /proc for the new pid namespace");
        } else if (::mount("/proc", "proc", nullptr, MS_BIND | MS_REC, nullptr) != 0) {
            failChild(report, "bind-mounting the host's /proc");
        }
        // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new root.
        if (::syscall(SYS_pivot_root, ".", ".") != 0)
            failChild(report, "pivot_root");
        if (::umount2(".", MNT_DETACH) != 0)
            failChild(report, "detaching the old root");
    } else {
        if (!p.overlays.empty()) {
            // Each file is written to a tmpfs and bound over the host's file; the tmpfs is detached again at once
            // (the bind mounts keep it), so the container still sees the host's /tmp. Only its mount namespace has any of it.
            if (::mount(RootfsSource, "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m") != 0)
                failChild(report, "mounting a tmpfs for the replaced files");
            char staged[32] = "/tmp/f";
            for (size_t i = 0; i < p.overlays.size(); ++i) {
                char num[24];
                staged[6] = 0;
                std::strcat(staged, formatInt((long long)i, num));
                const auto &[path, content] = p.overlays[i];
                if (!createFile(staged, content.data(), content.size(), 0644))
                    failChild(report, "writing a replaced file");
                if (::mount(staged, path.c_str(), nullptr, MS_BIND, nullptr) != 0)
                    failChild(report, "bind-mounting a replaced file over the host's");
            }
            if (::umount2("/tmp", MNT_DETACH) != 0)
                failChild(report, "detaching the tmpfs of the replaced files");
        }
        if (p.mountProc && ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
            failChild(report, "mounting /proc for the new pid namespace");
    }
    if (::chdir("/") != 0)
        failChild(report, "chdir /");

    if (::dup2(p.devNullFd, STDIN_FILENO) < 0 || ::dup2(p.outFd, STDOUT_FILENO) < 0 || ::dup2(p.outFd, STDERR_FILENO) < 0)
        failChild(report, "redirecting standard input and output");
    // Nothing else of the runtime's is inherited by the command: not its sockets, not its files.
    ::syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
    ::execve(p.program.c_str(), p.argv.data(), p.envp.data());
    failChild(report, "exec");
}

[[noreturn]] void runShim(const Plan &p)
{
    const int report = p.reportFd;
    dieWithParent(p.runtimePid);
    // A session of its own: the terminal's Ctrl-C goes to the runtime, which tears down in order, and the group
    // holds every process of a container without a pid namespace.
    ::setsid();
    // The runtime's signal handlers (the command line's SIGINT one writes to a socket) mean nothing here.
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig != SIGKILL && sig != SIGSTOP)
            ::signal(sig, SIG_DFL);
    }
    // The shim never execs, so it would hold every fd the runtime had open (its terminal, a parent's pipes...):
    // keep only what the container needs.
    {
        int keep[5 + NamespaceTypeCount] = {p.reportFd, p.goFd, p.outFd, p.devNullFd, p.joinUserFd};
        int n = 5;
        for (const auto &[fd, type] : p.joinFds) {
            (void)type;
            if (n < int(std::size(keep)))
                keep[n++] = fd;
        }
        for (int i = 1; i < n; ++i) { // insertion sort: a handful of fds
            for (int j = i; j > 0 && keep[j - 1] > keep[j]; --j)
                std::swap(keep[j - 1], keep[j]);
        }
        unsigned int from = 3;
        for (int i = 0; i < n; ++i) {
            if (keep[i] < int(from))
                continue;
            if (unsigned(keep[i]) > from)
                ::syscall(SYS_close_range, from, unsigned(keep[i]) - 1, 0U);
            from = unsigned(keep[i]) + 1;
        }
        ::syscall(SYS_close_range, from, ~0U, 0U);
        ::dup2(p.devNullFd, STDIN_FILENO);
        ::dup2(p.devNullFd, STDOUT_FILENO);
        ::dup2(p.devNullFd, STDERR_FILENO);
    }

    if (p.shimOwnUserns) {
        if (::unshare(CLONE_NEWUSER) != 0)
            failChild(report, "unshare(CLONE_NEWUSER)");
        if (!writeFile("/proc/self/setgroups", "deny") || !writeFile("/proc/self/uid_map", p.shimUidMap)
            || !writeFile("/proc/self/gid_map", p.shimGidMap))
            failChild(report, "writing the uid/gid map");
        dieWithParent(p.runtimePid);
    }
    if (p.joinUserFd >= 0) {
        if (::setns(p.joinUserFd, CLONE_NEWUSER) != 0)
            failChild(report, "setns into the other container's user namespace");
        dieWithParent(p.runtimePid);
    }
    if (p.timeNs) {
        if (::unshare(CLONE_NEWTIME) != 0)
            failChild(report, "unshare(CLONE_NEWTIME)");
        if (!p.timeOffsets.empty() && !writeFile("/proc/self/timens_offsets", p.timeOffsets))
            failChild(report, "writing the clock offsets");
    }

    int sync[2];
    if (::pipe2(sync, O_CLOEXEC) != 0)
        failChild(report, "pipe");
    // A raw clone() without a new stack works like fork(); the time namespace comes from the unshare above.
    const long child = ::syscall(SYS_clone, p.cloneFlags | SIGCHLD, nullptr, nullptr, nullptr, 0L);
    if (child < 0)
        failChild(report, "clone");
    if (child == 0) {
        ::close(sync[1]);
        runFirstProcess(p, sync[0]);
    }
    ::close(sync[0]);
    // What only the first process needs: the runtime sees end of file on the output once the container is gone.
    ::close(p.outFd);
    ::close(p.goFd);
    const pid_t first = pid_t(child);
    if (p.writeMaps) {
        const bool ok = (!p.denySetgroups || writeProcFile(first, "setgroups", "deny")) && writeProcFile(first, "uid_map", p.uidMap)
            && writeProcFile(first, "gid_map", p.gidMap);
        if (!ok) {
            const int err = errno;
            ::kill(first, SIGKILL);
            failChild(report, "writing the uid/gid map", err);
        }
    }
    char num[24];
    writeStr(report, "P");
    writeStr(report, formatInt(first, num));
    writeStr(report, "\n");
    ::close(report);
    writeAll(sync[1], "m", 1); // sync[1] stays open while the shim lives: the first process watches it
    int status = 0;
    while (::waitpid(first, &status, __WALL) < 0) {
        if (errno != EINTR)
            ::_exit(127);
    }
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

// ---- the runtime's side -------------------------------------------------------------------------------------------

int pidfdOpen(pid_t pid)
{
    return int(::syscall(SYS_pidfd_open, pid, 0));
}

bool waitReadable(int fd, int timeoutMs)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    int n;
    do {
        n = ::poll(&pfd, 1, timeoutMs);
    } while (n < 0 && errno == EINTR);
    return n > 0;
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString readSysctl(const QString &procRoot, const char *relative)
{
    QByteArray text;
    if (!procfile::readFileAt(AT_FDCWD, QByteArray(QFile::encodeName(procRoot) + relative).constData(), text, 64))
        return {};
    return QString::fromLatin1(text.trimmed());
}

} // namespace

QString DemoRuntime::userNamespaceProblem(const QString &procRoot)
{
    if (readSysctl(procRoot, "/sys/user/max_user_namespaces") == QStringLiteral("0"))
        return QStringLiteral("user namespaces are disabled (user.max_user_namespaces is 0); enable them with "
                              "`sysctl -w user.max_user_namespaces=15000`, or run nsviz as root");
    if (readSysctl(procRoot, "/sys/kernel/unprivileged_userns_clone") == QStringLiteral("0"))
        return QStringLiteral("unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone is 0); enable them "
                              "with `sysctl -w kernel.unprivileged_userns_clone=1`, or run nsviz as root");
    if (readSysctl(procRoot, "/sys/kernel/apparmor_restrict_unprivileged_userns") == QStringLiteral("1"))
        return QStringLiteral("AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns "
                              "is 1); allow them with `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` or an "
                              "AppArmor profile for nsviz, or run nsviz as root");
    return {};
}

namespace {

// The hint that goes with a failed step in a child.
QString childErrorHint(const QString &step, int err)
{
    const bool privileged = DemoRuntime::isPrivileged();
    if (step == QStringLiteral("exec") && err == ENOENT)
        return QStringLiteral("the program does not exist in the container's root filesystem");
    if (err == ENOSPC && (step.contains(QStringLiteral("clone")) || step.contains(QStringLiteral("unshare"))))
        return QStringLiteral("a namespace limit is reached (see the sysctls under /proc/sys/user/, e.g. user.max_user_namespaces)");
    if (err == EINVAL && step.contains(QStringLiteral("TIME")))
        return QStringLiteral("this kernel has no time namespaces (they need Linux 5.6 with CONFIG_TIME_NS)");
    if (err == EPERM || err == EACCES) {
        if (!privileged) {
            const QString why = DemoRuntime::userNamespaceProblem();
            return !why.isEmpty() ? why
                                  : QStringLiteral("unprivileged, this needs a user namespace the host allows; run nsviz as root "
                                                   "if the host restricts them (a seccomp filter or a security module)");
        }
        return QStringLiteral("even root may not do this here: a seccomp filter or security module (as inside another "
                              "container) forbids it");
    }
    return {};
}

QString describeStatus(int status)
{
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        // The shim exits with 128 + signal when the command was killed.
        if (code > 128 && code < 128 + 65)
            return QStringLiteral("killed by signal %1 (%2)").arg(code - 128).arg(QString::fromLatin1(::sigabbrev_np(code - 128)));
        return QStringLiteral("exited with code %1").arg(code);
    }
    if (WIFSIGNALED(status))
        return QStringLiteral("its shim was killed by signal %1").arg(WTERMSIG(status));
    return QStringLiteral("ended");
}

NamespaceSet readNamespaces(pid_t pid)
{
    NamespaceSet set;
    for (NamespaceType t : allNamespaceTypes) {
        const QByteArray path = "/proc/" + QByteArray::number(pid) + "/ns/" + namespaceTypeKey(t);
        char buf[64];
        const ssize_t n = ::readlink(path.constData(), buf, sizeof buf);
        if (n <= 0)
            continue;
        if (const auto link = procparse::parseNamespaceLink(std::string_view(buf, size_t(n))); link && link->type == t)
            set[t] = link->id;
    }
    return set;
}

// Whether /bin/busybox needs no shared libraries: the minimal root has none.
bool isStaticElf(const char *path)
{
    QFile f(QString::fromLocal8Bit(path));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(64 * 1024);
    if (head.size() < qsizetype(sizeof(Elf64_Ehdr)) || !head.startsWith("\x7f" "ELF") || head.at(EI_CLASS) != ELFCLASS64)
        return true; // not something we can read: let exec decide
    Elf64_Ehdr eh;
    std::memcpy(&eh, head.constData(), sizeof eh);
    for (int i = 0; i < eh.e_phnum; ++i) {
        const quint64 off = eh.e_phoff + quint64(i) * eh.e_phentsize;
        if (off + sizeof(Elf64_Phdr) > quint64(head.size()))
            break;
        Elf64_Phdr ph;
        std::memcpy(&ph, head.constData() + off, sizeof ph);
        if (ph.p_type == PT_INTERP)
            return false;
    }
    return true;
}

const QStringList &busyboxApplets()
{
    static const QStringList applets = [] {
        QStringList list;
        QProcess p;
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(QString::fromLatin1(BusyboxPath), {QStringLiteral("--list")});
        if (p.waitForFinished(5000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
            const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
            for (const QByteArray &l : lines) {
                const QByteArray name = l.trimmed();
                if (!name.isEmpty() && !name.contains('/') && name != "busybox")
                    list.append(QString::fromLatin1(name));
            }
        }
        return list;
    }();
    return applets;
}

QString busyboxProblemUncached()
{
    if (!QFileInfo::exists(QString::fromLatin1(BusyboxPath)))
        return QStringLiteral("busybox is not installed (%1 is missing); install it with `apt install busybox-static`, or "
                              "choose the host's root filesystem")
            .arg(QString::fromLatin1(BusyboxPath));
    if (!isStaticElf(BusyboxPath))
        return QStringLiteral("%1 is linked dynamically, and the minimal root has no libraries; install "
                              "`busybox-static` instead of `busybox`, or choose the host's root filesystem")
            .arg(QString::fromLatin1(BusyboxPath));
    if (busyboxApplets().isEmpty())
        return QStringLiteral("%1 --list printed no applets; reinstall busybox-static").arg(QString::fromLatin1(BusyboxPath));
    return {};
}

// The form checks a spec on every keystroke, and this read 64 KiB of the binary twice each time: the answer is
// kept for as long as the file is the same one.
QString busyboxProblem()
{
    static QMutex mutex;
    static QString key, problem;
    const QFileInfo info(QString::fromLatin1(BusyboxPath));
    const QString now = info.exists() ? QStringLiteral("%1 %2").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch())
                                      : QStringLiteral("missing");
    QMutexLocker lock(&mutex);
    if (now != key) {
        problem = busyboxProblemUncached();
        key = now;
    }
    return problem;
}

// argv[0] as a path inside the container's root, or empty with *problem set.
QString resolveProgram(const ContainerSpec &spec, QString *problem)
{
    const QString program = spec.command.value(0);
    if (spec.rootFs == ContainerSpec::RootFs::Busybox) {
        QString name = program;
        static const QRegularExpression binDir(QStringLiteral("^/(usr/)?s?bin/([^/]+)$"));
        if (program.startsWith(u'/')) {
            const QRegularExpressionMatch m = binDir.match(program);
            name = m.hasMatch() ? m.captured(2) : QString();
        }
        if (name.isEmpty() || (!busyboxApplets().contains(name) && name != QStringLiteral("busybox"))) {
            *problem = QStringLiteral("\"%1\" is not a busybox applet; the busybox root filesystem has only those (see "
                                      "`busybox --list`), or choose the host's root filesystem")
                           .arg(program);
            return {};
        }
        return QStringLiteral("/bin/") + name;
    }
    const QString path = program.startsWith(u'/') ? program : QStandardPaths::findExecutable(program);
    const QFileInfo fi(path);
    if (path.isEmpty() || !fi.isFile() || !fi.isExecutable()) {
        *problem = QStringLiteral("the program \"%1\" was not found on this host (looked in PATH: %2)")
                       .arg(program, QString::fromLocal8Bit(qgetenv("PATH")));
        return {};
    }
    return path;
}

std::string mapLines(const QList<IdMapRange> &map)
{
    std::string s;
    for (const IdMapRange &r : map)
        s += std::to_string(r.inside) + ' ' + std::to_string(r.outside) + ' ' + std::to_string(r.count) + '\n';
    return s;
}

QString ipTool()
{
    QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (ip.isEmpty())
        ip = QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return ip;
}

// Runs ip(8) with these arguments (an argv, never a shell); empty on success, else what it said.
QString runIp(const QStringList &args)
{
    const QString ip = ipTool();
    if (ip.isEmpty())
        return QStringLiteral("ip(8) is not installed; install iproute2");
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(ip, args);
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished();
        return QStringLiteral("ip %1 did not finish").arg(args.join(u' '));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("ip %1: %2").arg(args.join(u' '), QString::fromLocal8Bit(p.readAll().trimmed()));
    return {};
}

const QString VethPrefix = QStringLiteral("nsvz");

} // namespace

// ---- DemoRuntime --------------------------------------------------------------------------------------------------

struct DemoRuntime::Running
{
    DemoContainer info;
    int shimPidfd = -1;
    int outFd = -1;
    std::unique_ptr<QSocketNotifier> exitNotifier;
    std::unique_ptr<QSocketNotifier> outNotifier;

    ~Running()
    {
        exitNotifier.reset();
        outNotifier.reset();
        if (shimPidfd >= 0)
            ::close(shimPidfd);
        if (outFd >= 0)
            ::close(outFd);
    }
};

DemoRuntime::DemoRuntime(QObject *parent) : QObject(parent)
{
    if (isPrivileged())
        removeStaleLeftovers();
}

DemoRuntime::~DemoRuntime()
{
    stopAll();
}

bool DemoRuntime::isPrivileged()
{
    return ::geteuid() == 0;
}

DemoRuntime::HostFacts DemoRuntime::hostFacts()
{
    HostFacts facts;
    facts.privileged = isPrivileged();
    facts.uid = quint32(::getuid());
    facts.gid = quint32(::getgid());
    if (!facts.privileged)
        facts.userNamespaceProblem = userNamespaceProblem();
    facts.busyboxProblem = busyboxProblem(); // runs `busybox --list` once, and keeps the answer
    for (NamespaceType t : allNamespaceTypes) {
        if (!QFileInfo::exists(QStringLiteral("/proc/self/ns/") + QLatin1String(namespaceTypeKey(t))))
            facts.missingTypes.append(t);
    }
    return facts;
}

QStringList DemoRuntime::check(const ContainerSpec &spec) const
{
    QStringList running;
    for (const QString &id : m_order) {
        if (m_containers.value(id)->info.state == DemoContainer::State::Running)
            running.append(id);
    }
    return check(spec, hostFacts(), running);
}

QStringList DemoRuntime::check(const ContainerSpec &spec, const HostFacts &facts, const QStringList &runningIds)
{
    QStringList problems = spec.validate();
    for (NamespaceType t : spec.newNamespaces) {
        if (facts.missingTypes.contains(t)) {
            problems << (t == NamespaceType::Time ? QStringLiteral("this kernel has no time namespaces (they need Linux 5.6 with CONFIG_TIME_NS); "
                                                                   "leave out time")
                                                  : QStringLiteral("this kernel has no %1 namespaces; leave out %1").arg(QLatin1String(namespaceTypeKey(t))));
        }
    }
    if (!facts.privileged) {
        if (!facts.userNamespaceProblem.isEmpty())
            problems << facts.userNamespaceProblem;
        if (spec.network == ContainerSpec::Network::Veth)
            problems << QStringLiteral("a veth pair needs root; choose loopback only when running unprivileged");
        for (const auto &[map, own, which] : {std::tuple(&spec.uidMap, facts.uid, "uid"), std::tuple(&spec.gidMap, facts.gid, "gid")}) {
            if (map->isEmpty())
                continue;
            if (map->size() != 1 || map->first().count != 1 || map->first().outside != own)
                problems << QStringLiteral("unprivileged, a user namespace can map only your own %1 (%2), one id; run as root "
                                           "for other maps")
                                .arg(QLatin1String(which))
                                .arg(own);
        }
    }
    if (spec.rootFs == ContainerSpec::RootFs::Busybox && !facts.busyboxProblem.isEmpty())
        problems << facts.busyboxProblem;
    if (!spec.command.isEmpty() && !spec.command.first().isEmpty() && (spec.rootFs == ContainerSpec::RootFs::Host || facts.busyboxProblem.isEmpty())) {
        QString p;
        if (resolveProgram(spec, &p).isEmpty())
            problems << p;
    }
    if (spec.rootFs == ContainerSpec::RootFs::Host) {
        for (auto it = spec.files.cbegin(); it != spec.files.cend(); ++it) {
            const QFileInfo fi(it.key());
            if (!fi.isFile()) // a symlink to a file is fine: the mount covers its target
                problems << QStringLiteral("on the host's root a file can only replace an existing regular file, and %1 is none (or does not exist); "
                                           "use the busybox root filesystem")
                                .arg(it.key());
        }
    }
    if (!spec.joinContainer.isEmpty() && !runningIds.contains(spec.joinContainer))
        problems << QStringLiteral("there is no running demo container \"%1\" to join").arg(spec.joinContainer);
    problems.removeDuplicates();
    return problems;
}

QString DemoRuntime::fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    Q_EMIT this->error(message);
    return message;
}

std::optional<QString> DemoRuntime::start(const ContainerSpec &requested, QString *error)
{
    ContainerSpec spec = requested;
    const bool privileged = isPrivileged();
    const QString label = spec.name.isEmpty() ? QStringLiteral("the container") : QStringLiteral("container \"%1\"").arg(spec.name);

    std::shared_ptr<Running> joined;
    if (!spec.joinContainer.isEmpty())
        joined = m_containers.value(spec.joinContainer);
    const NamespaceId ownUserns = readNamespaces(::getpid())[NamespaceType::User];
    const bool joinsForeignUserns = !privileged && joined && joined->info.namespaces[NamespaceType::User] != ownUserns;
    // Unprivileged, every other namespace needs a user namespace that owns it: a new one, or the joined container's.
    if (!privileged && !joinsForeignUserns && !spec.unshares(NamespaceType::User))
        spec.newNamespaces.append(NamespaceType::User);

    if (const QStringList problems = check(spec); !problems.isEmpty()) {
        fail(error, QStringLiteral("cannot start %1: %2").arg(label, problems.join(QStringLiteral("; "))));
        return std::nullopt;
    }
    QString programProblem;
    const QString program = resolveProgram(spec, &programProblem);

    Plan plan;
    plan.runtimePid = ::getpid();
    plan.timeNs = spec.unshares(NamespaceType::Time);
    if (plan.timeNs) {
        std::string offsets;
        if (spec.monotonicOffset)
            offsets += "monotonic " + std::to_string(spec.monotonicOffset->seconds) + ' ' + std::to_string(spec.monotonicOffset->nanoseconds) + '\n';
        if (spec.boottimeOffset)
            offsets += "boottime " + std::to_string(spec.boottimeOffset->seconds) + ' ' + std::to_string(spec.boottimeOffset->nanoseconds) + '\n';
        plan.timeOffsets = offsets;
    }
    const bool newUser = spec.unshares(NamespaceType::User);
    QList<IdMapRange> uidMap = spec.uidMap;
    QList<IdMapRange> gidMap = spec.gidMap;
    if (newUser && uidMap.isEmpty())
        uidMap = {privileged ? IdMapRange{0, 0, 65536} : IdMapRange{0, quint32(::getuid()), 1}};
    if (newUser && gidMap.isEmpty())
        gidMap = {privileged ? IdMapRange{0, 0, 65536} : IdMapRange{0, quint32(::getgid()), 1}};
    spec.uidMap = uidMap;
    spec.gidMap = gidMap;
    // Unprivileged, creating a time namespace already needs the user namespace: the shim enters it and maps itself
    // (a process may map its own uid), and the container inherits both.
    plan.shimOwnUserns = newUser && !privileged && plan.timeNs;
    if (plan.shimOwnUserns) {
        plan.shimUidMap = mapLines(uidMap);
        plan.shimGidMap = mapLines(gidMap);
    } else if (newUser) {
        plan.writeMaps = true;
        plan.denySetgroups = !privileged;
        plan.uidMap = mapLines(uidMap);
        plan.gidMap = mapLines(gidMap);
        plan.becomeRoot = true;
    }
    for (NamespaceType t : spec.newNamespaces) {
        if (t == NamespaceType::Time || (t == NamespaceType::User && plan.shimOwnUserns))
            continue;
        plan.cloneFlags |= namespaceCloneFlag(t);
    }

    // Namespaces to join, opened now: the fds are inherited by the children.
    std::vector<procfile::Fd> openFds;
    auto openNs = [&](NamespaceType t) {
        const QByteArray path = "/proc/" + QByteArray::number(joined->info.initPid) + "/ns/" + namespaceTypeKey(t);
        openFds.emplace_back(::open(path.constData(), O_RDONLY | O_CLOEXEC));
        return openFds.back().get();
    };
    if (joined) {
        if (joinsForeignUserns) {
            plan.joinUserFd = openNs(NamespaceType::User);
            if (plan.joinUserFd < 0) {
                fail(error, QStringLiteral("cannot start %1: opening the user namespace of \"%2\": %3").arg(label, joined->info.name, errnoText(errno)));
                return std::nullopt;
            }
        }
        for (NamespaceType t : spec.joinNamespaces) {
            const int fd = openNs(t);
            if (fd < 0) {
                fail(error, QStringLiteral("cannot start %1: opening the %2 namespace of \"%3\": %4")
                                .arg(label, QLatin1String(namespaceTypeKey(t)), joined->info.name, errnoText(errno)));
                return std::nullopt;
            }
            plan.joinFds.emplace_back(fd, namespaceCloneFlag(t));
        }
    }

    plan.hostname = spec.hostname.toStdString();
    plan.loopbackUp = spec.unshares(NamespaceType::Net);
    plan.veth = spec.network == ContainerSpec::Network::Veth;
    // Used up even if the start fails: a failed start's veth goes with its net namespace, which the kernel
    // cleans up a moment later, and the next start must not trip over its name.
    const int serial = m_nextId++;
    QString hostAddress = spec.hostAddress;
    QString containerAddress = spec.containerAddress;
    if (plan.veth && hostAddress.isEmpty()) {
        // 10.231.X.Y/30 per container: the runtime's pid and a counter keep two runtimes apart in most cases.
        const quint32 block = (quint32(::getpid()) * 64 + quint32(serial)) % 16384;
        hostAddress = QStringLiteral("10.231.%1.%2").arg(block / 64).arg((block % 64) * 4 + 1);
        containerAddress = QStringLiteral("10.231.%1.%2").arg(block / 64).arg((block % 64) * 4 + 2);
        spec.hostAddress = hostAddress;
        spec.containerAddress = containerAddress;
        spec.prefixLength = 30;
    }
    if (plan.veth) {
        plan.vethAddress = htonl(*parseIpv4(containerAddress));
        plan.vethMask = htonl(~quint32(0) << (32 - spec.prefixLength));
    }
    plan.shmKey = spec.sysvShmKey;
    plan.shmSize = spec.sysvShmSize;

    const bool newMnt = spec.unshares(NamespaceType::Mnt);
    const bool newPid = spec.unshares(NamespaceType::Pid);
    plan.privateMounts = newMnt;
    plan.busybox = spec.rootFs == ContainerSpec::RootFs::Busybox;
    plan.mountProc = newMnt && newPid;
    if (plan.busybox) {
        plan.dirs = {"bin", "etc", "proc", "dev", "tmp", "root", "home", "var", "usr", "www"};
        plan.symlinks = {{"sbin", "bin"}, {"usr/bin", "../bin"}, {"usr/sbin", "../bin"}};
        for (const QString &applet : busyboxApplets())
            plan.symlinks.emplace_back("bin/" + applet.toStdString(), "busybox");
        const QString hostname = spec.hostname.isEmpty() ? spec.name : spec.hostname;
        QMap<QString, QByteArray> files;
        files.insert(QStringLiteral("/etc/hostname"), hostname.toUtf8() + '\n');
        files.insert(QStringLiteral("/etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\t" + hostname.toUtf8() + '\n');
        files.insert(QStringLiteral("/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        files.insert(QStringLiteral("/etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        files.insert(QStringLiteral("/etc/os-release"), "NAME=\"nsviz demo\"\nPRETTY_NAME=\"nsviz demo container (busybox)\"\nID=nsviz-demo\n");
        for (auto it = spec.files.cbegin(); it != spec.files.cend(); ++it)
            files.insert(it.key(), it.value());
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            const QString relative = it.key().mid(1);
            // Parent directories first; mkdir ignores those that exist.
            const QStringList parts = relative.split(u'/');
            QString dir;
            for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
                dir += (dir.isEmpty() ? QString() : QStringLiteral("/")) + parts.at(i);
                if (std::find(plan.dirs.begin(), plan.dirs.end(), dir.toStdString()) == plan.dirs.end())
                    plan.dirs.push_back(dir.toStdString());
            }
            plan.files.emplace_back(relative.toStdString(), it.value().toStdString());
        }
        plan.devices = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"};
    }
    if (!plan.busybox) {
        for (auto it = spec.files.cbegin(); it != spec.files.cend(); ++it)
            plan.overlays.emplace_back(it.key().toStdString(), it.value().toStdString());
    }
    plan.program = program.toStdString();
    for (const QString &a : std::as_const(spec.command))
        plan.argvStore.push_back(a.toStdString());
    const QString hostnameForEnv = spec.hostname.isEmpty() ? spec.name : spec.hostname;
    plan.envStore = {"PATH=/bin:/usr/bin:/sbin:/usr/sbin:/usr/local/bin", "HOME=/root", "TERM=dumb",
                     "HOSTNAME=" + hostnameForEnv.toStdString(), "NSVIZ_DEMO=" + spec.name.toStdString()};
    for (std::string &s : plan.argvStore)
        plan.argv.push_back(s.data());
    plan.argv.push_back(nullptr);
    for (std::string &s : plan.envStore)
        plan.envp.push_back(s.data());
    plan.envp.push_back(nullptr);

    int reportPipe[2], goPipe[2], outPipe[2];
    if (::pipe2(reportPipe, O_CLOEXEC) != 0) {
        fail(error, QStringLiteral("cannot start %1: pipe: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    procfile::Fd reportRead(reportPipe[0]), reportWrite(reportPipe[1]);
    if (::pipe2(goPipe, O_CLOEXEC) != 0) {
        fail(error, QStringLiteral("cannot start %1: pipe: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    procfile::Fd goRead(goPipe[0]), goWrite(goPipe[1]);
    if (::pipe2(outPipe, O_CLOEXEC) != 0) {
        fail(error, QStringLiteral("cannot start %1: pipe: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    procfile::Fd outRead(outPipe[0]), outWrite(outPipe[1]);
    procfile::Fd devNull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    plan.reportFd = reportWrite.get();
    plan.goFd = goRead.get();
    plan.outFd = outWrite.get();
    plan.devNullFd = devNull.get();

    const pid_t shim = ::fork();
    if (shim < 0) {
        fail(error, QStringLiteral("cannot start %1: fork: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    if (shim == 0) {
        ::close(reportRead.get());
        ::close(goWrite.get());
        ::close(outRead.get());
        runShim(plan);
    }
    reportWrite.reset();
    goRead.reset();
    outWrite.reset();
    devNull.reset();
    openFds.clear();

    auto running = std::make_shared<Running>();
    running->info.id = QString::number(serial);
    running->info.name = spec.name;
    running->info.spec = spec;
    running->info.shimPid = shim;
    running->shimPidfd = pidfdOpen(shim);

    // Read the report until end of file: "P<pid>" once the first process exists, "E<errno> <step>" on failure.
    QByteArray report;
    QString problem;
    bool ended = false;
    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!ended) {
        if (!waitReadable(reportRead.get(), int(deadline.remainingTime()))) {
            problem = QStringLiteral("it did not start within %1 s").arg(StartTimeoutMs / 1000);
            break;
        }
        char buf[512];
        const ssize_t n = ::read(reportRead.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            ended = true;
        else
            report.append(buf, n);
        qsizetype nl;
        while ((nl = report.indexOf('\n')) >= 0) {
            const QByteArray line = report.left(nl);
            report.remove(0, nl + 1);
            if (line.startsWith('P')) {
                running->info.initPid = line.mid(1).toInt();
                if (plan.veth && problem.isEmpty()) {
                    const QString host = VethPrefix + QString::number(::getpid()) + u'-' + QString::number(serial % 1000);
                    running->info.vethHost = host;
                    // The container end is created straight in its net namespace; both ends go with that namespace.
                    QString p = runIp({QStringLiteral("link"), QStringLiteral("add"), host, QStringLiteral("type"), QStringLiteral("veth"),
                                       QStringLiteral("peer"), QStringLiteral("name"), QStringLiteral("eth0"), QStringLiteral("netns"),
                                       QString::number(running->info.initPid)});
                    if (p.isEmpty())
                        p = runIp({QStringLiteral("addr"), QStringLiteral("add"), hostAddress + u'/' + QString::number(spec.prefixLength),
                                   QStringLiteral("dev"), host});
                    if (p.isEmpty())
                        p = runIp({QStringLiteral("link"), QStringLiteral("set"), host, QStringLiteral("up")});
                    if (p.isEmpty() && ::write(goWrite.get(), "g", 1) != 1)
                        p = QStringLiteral("the container's first process is gone");
                    if (!p.isEmpty())
                        problem = QStringLiteral("setting up the veth pair failed: ") + p;
                    goWrite.reset(); // without a 'g', end of file stops the first process
                }
            } else if (line.startsWith('E') && problem.isEmpty()) {
                const qsizetype space = line.indexOf(' ');
                const int err = line.mid(1, space - 1).toInt();
                const QString step = QString::fromUtf8(line.mid(space + 1));
                const QString hint = childErrorHint(step, err);
                problem = QStringLiteral("%1 failed: %2").arg(step, errnoText(err)) + (hint.isEmpty() ? QString() : QStringLiteral(" (") + hint + u')');
            }
        }
    }
    goWrite.reset();
    if (problem.isEmpty() && running->info.initPid <= 0)
        problem = QStringLiteral("the runtime's child ended before it started the container");
    if (!problem.isEmpty()) {
        reap(*running, true);
        fail(error, QStringLiteral("cannot start %1: %2").arg(label, problem));
        return std::nullopt;
    }

    running->info.namespaces = readNamespaces(running->info.initPid);
    running->outFd = ::fcntl(outRead.get(), F_DUPFD_CLOEXEC, 0); // Running owns the copy; outRead closes its own
    const QString id = running->info.id;
    if (running->shimPidfd >= 0) {
        running->exitNotifier = std::make_unique<QSocketNotifier>(running->shimPidfd, QSocketNotifier::Read);
        QSocketNotifier *notifier = running->exitNotifier.get();
        // Handled from the event loop, not inside the notifier's own signal: reaping deletes the notifier, and so may
        // whatever a slot of containerExited does.
        connect(notifier, &QSocketNotifier::activated, this, [this, id, notifier] {
            notifier->setEnabled(false);
            QMetaObject::invokeMethod(this, [this, id] { onShimExited(id); }, Qt::QueuedConnection);
        });
    }
    ::fcntl(running->outFd, F_SETFL, O_NONBLOCK);
    running->outNotifier = std::make_unique<QSocketNotifier>(running->outFd, QSocketNotifier::Read);
    connect(running->outNotifier.get(), &QSocketNotifier::activated, this, [this, id] { onOutput(id); });
    m_containers.insert(id, running);
    m_order.append(id);
    Q_EMIT containerStarted(id);
    return id;
}

QStringList DemoRuntime::startPreset(const DemoPreset &preset, QString *error)
{
    QStringList ids;
    QHash<QString, QString> idByName;
    const QString noBusybox = busyboxProblem();
    for (ContainerSpec spec : preset.containers) {
        if (spec.rootFs == ContainerSpec::RootFs::Busybox && !noBusybox.isEmpty()) {
            QString whyNot;
            if (const std::optional<ContainerSpec> onHost = onHostRoot(spec, &whyNot)) {
                spec = *onHost;
            } else {
                for (const QString &started : std::as_const(ids))
                    stop(started);
                fail(error, QStringLiteral("cannot start \"%1\": %2, and %3").arg(spec.name, noBusybox, whyNot));
                return {};
            }
        }
        if (!spec.joinContainer.isEmpty() && idByName.contains(spec.joinContainer))
            spec.joinContainer = idByName.value(spec.joinContainer);
        const std::optional<QString> id = start(spec, error);
        if (!id) {
            for (const QString &started : std::as_const(ids))
                stop(started);
            return {};
        }
        idByName.insert(spec.name, *id);
        ids.append(*id);
    }
    return ids;
}

std::optional<ContainerSpec> DemoRuntime::onHostRoot(const ContainerSpec &spec, QString *whyNot)
{
    ContainerSpec s = spec;
    s.rootFs = ContainerSpec::RootFs::Host;
    QString problem;
    if (!s.command.isEmpty() && resolveProgram(s, &problem).isEmpty()) {
        if (whyNot)
            *whyNot = QStringLiteral("\"%1\" is not a program of this host").arg(s.command.first());
        return std::nullopt;
    }
    for (auto it = s.files.cbegin(); it != s.files.cend(); ++it) {
        const QFileInfo fi(it.key());
        if (!fi.isFile()) { // a symlink to a file is fine: the mount covers its target
            if (whyNot)
                *whyNot = QStringLiteral("the host has no file %1 to replace").arg(it.key());
            return std::nullopt;
        }
    }
    if (!s.files.isEmpty() && !s.unshares(NamespaceType::Mnt))
        s.newNamespaces.append(NamespaceType::Mnt);
    return s;
}

// Ends a container for good: its first process (and with it the pid namespace), then the shim's whole process group,
// then reaps the shim. Killing the first process before the shim lets the shim reap it, so no zombie is left to
// whoever would inherit it.
void DemoRuntime::reap(Running &r, bool killFirst)
{
    const pid_t shim = r.info.shimPid;
    if (shim <= 1)
        return;
    if (killFirst) {
        // The shim is our unreaped child, so its pid is still ours; the first process is its child, not yet reaped
        // while the shim has not exited.
        const bool shimAlive = r.shimPidfd < 0 || !waitReadable(r.shimPidfd, 0);
        if (shimAlive && r.info.initPid > 1)
            ::kill(r.info.initPid, SIGKILL);
        if (r.shimPidfd >= 0 && !waitReadable(r.shimPidfd, StopTimeoutMs))
            qWarning("nsviz demo: the shim %d did not end within %d ms; killing it", int(shim), StopTimeoutMs);
    }
    // The unreaped shim keeps its group id reserved: whatever is left in the group is the container's.
    ::kill(-shim, SIGKILL);
    int status = 0;
    while (::waitpid(shim, &status, 0) < 0 && errno == EINTR) {
    }
    r.info.shimPid = 0; // reaped: the pid is no longer ours
    r.info.state = DemoContainer::State::Exited;
    r.info.exitDescription = describeStatus(status);
    r.exitNotifier.reset();
}

void DemoRuntime::onShimExited(const QString &id)
{
    const std::shared_ptr<Running> r = m_containers.value(id);
    if (!r || r->info.state != DemoContainer::State::Running)
        return;
    onOutput(id); // what it printed last
    reap(*r, false);
    Q_EMIT containerExited(id, r->info.exitDescription);
}

void DemoRuntime::onOutput(const QString &id)
{
    const std::shared_ptr<Running> r = m_containers.value(id);
    if (!r || r->outFd < 0 || (r->outNotifier && !r->outNotifier->isEnabled()))
        return;
    char buf[4096];
    // At most 64 KiB per wake-up, trimmed as it comes: a container printing without pause (yes, cat /dev/urandom)
    // must neither hold the GUI thread in this loop nor grow the buffer.
    for (int rounds = 0; rounds < 16; ++rounds) {
        const ssize_t n = ::read(r->outFd, buf, sizeof buf);
        if (n > 0) {
            r->info.output.append(buf, n);
            if (r->info.output.size() > 2 * OutputKeep)
                r->info.output.remove(0, r->info.output.size() - OutputKeep);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 && r->outNotifier) // every writer is gone; the fd is closed with the Running
            r->outNotifier->setEnabled(false);
        break;
    }
    if (r->info.output.size() > OutputKeep)
        r->info.output.remove(0, r->info.output.size() - OutputKeep);
}

bool DemoRuntime::stop(const QString &id)
{
    const std::shared_ptr<Running> r = m_containers.value(id);
    if (!r)
        return false;
    const bool wasRunning = r->info.state == DemoContainer::State::Running;
    if (wasRunning)
        reap(*r, true);
    m_containers.remove(id);
    m_order.removeAll(id);
    if (wasRunning)
        Q_EMIT containerExited(id, QStringLiteral("stopped"));
    return true;
}

void DemoRuntime::stopAll()
{
    // Newest first: a pod's sidecar goes before the container whose namespaces it joined.
    const QList<QString> ids = m_order;
    for (auto it = ids.crbegin(); it != ids.crend(); ++it)
        stop(*it);
}

QList<DemoContainer> DemoRuntime::containers() const
{
    QList<DemoContainer> out;
    for (const QString &id : m_order)
        out.append(m_containers.value(id)->info);
    return out;
}

std::optional<DemoContainer> DemoRuntime::container(const QString &id) const
{
    const std::shared_ptr<Running> r = m_containers.value(id);
    if (!r)
        return std::nullopt;
    return r->info;
}

QList<quint16> DemoRuntime::listeningPorts(const QString &id) const
{
    const std::optional<DemoContainer> c = container(id);
    if (!c || c->state != DemoContainer::State::Running || c->initPid <= 0)
        return {};
    QList<quint16> ports;
    for (const char *proto : {"tcp", "tcp6"}) {
        QFile f(QStringLiteral("/proc/%1/net/%2").arg(c->initPid).arg(QLatin1String(proto)));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QJsonValue &s : detailsparse::parseListeningSockets(f.read(4 * 1024 * 1024), QLatin1String(proto)))
            if (const auto port = quint16(s.toObject().value(QStringLiteral("port")).toInt()); !ports.contains(port))
                ports.append(port);
    }
    std::sort(ports.begin(), ports.end());
    return ports;
}

std::optional<QByteArray> DemoRuntime::fetchPage(const QString &id, quint16 port, const QByteArray &path, QString *error,
                                                 int timeoutMs) const
{
    auto failed = [error](const QString &message) -> std::optional<QByteArray> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const std::shared_ptr<Running> r = m_containers.value(id);
    if (!r || r->info.state != DemoContainer::State::Running)
        return failed(QStringLiteral("there is no running demo container \"%1\"").arg(id));
    if (!path.startsWith('/') || path.contains('\r') || path.contains('\n') || path.contains(' '))
        return failed(QStringLiteral("the path must start with '/' and hold no spaces or line breaks"));

    const QByteArray dir = "/proc/" + QByteArray::number(r->info.initPid) + "/ns/";
    procfile::Fd netFd(::open(QByteArray(dir + "net").constData(), O_RDONLY | O_CLOEXEC));
    procfile::Fd userFd;
    // Unprivileged, the runtime may only enter the net namespace from inside the user namespace that owns it.
    const bool enterUserns = !isPrivileged() && r->info.namespaces[NamespaceType::User] != readNamespaces(::getpid())[NamespaceType::User];
    if (enterUserns)
        userFd = procfile::Fd(::open(QByteArray(dir + "user").constData(), O_RDONLY | O_CLOEXEC));
    if (!netFd.valid() || (enterUserns && !userFd.valid()))
        return failed(QStringLiteral("cannot open the namespaces of \"%1\": %2").arg(r->info.name, errnoText(errno)));
    // The fds are the container's only while it runs: its first process is not reaped before the shim has ended.
    if (r->shimPidfd >= 0 && waitReadable(r->shimPidfd, 0))
        return failed(QStringLiteral("container \"%1\" has just ended").arg(r->info.name));

    const QByteArray request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUser-Agent: nsviz-demo\r\nConnection: close\r\n\r\n";
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return failed(QStringLiteral("pipe: ") + errnoText(errno));
    procfile::Fd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);
    const int netRaw = netFd.get(), userRaw = userFd.get(), out = writeEnd.get();
    const int childTimeoutSec = std::max(1, timeoutMs / 1000);

    // A child, not a thread: setns() into a user namespace needs a single-threaded process, and the runtime's own
    // threads stay in the host's namespaces.
    const pid_t child = ::fork();
    if (child < 0)
        return failed(QStringLiteral("fork: ") + errnoText(errno));
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (userRaw >= 0 && ::setns(userRaw, CLONE_NEWUSER) != 0)
            failChild(out, "entering its user namespace");
        if (::setns(netRaw, CLONE_NEWNET) != 0)
            failChild(out, "entering its net namespace");
        const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0)
            failChild(out, "socket");
        struct timeval tv = {childTimeoutSec, 0};
        ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr;
        std::memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(s, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
            failChild(out, "connecting to 127.0.0.1 inside the container");
        writeAll(s, request.constData(), size_t(request.size()));
        writeStr(out, "O");
        char buf[4096];
        ssize_t n;
        while ((n = ::read(s, buf, sizeof buf)) > 0)
            writeAll(out, buf, size_t(n));
        ::_exit(n < 0 ? 1 : 0);
    }
    writeEnd.reset();
    QByteArray response;
    const QDeadlineTimer deadline(timeoutMs);
    bool timedOut = false;
    for (;;) {
        if (!waitReadable(readEnd.get(), int(deadline.remainingTime()))) {
            timedOut = true;
            break;
        }
        char buf[4096];
        const ssize_t n = ::read(readEnd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        response.append(buf, n);
        if (response.size() > 4 * 1024 * 1024)
            break;
    }
    ::kill(child, SIGKILL);
    while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
    }
    if (timedOut)
        return failed(QStringLiteral("no answer from 127.0.0.1:%1 inside \"%2\" within %3 ms").arg(port).arg(r->info.name).arg(timeoutMs));
    if (response.startsWith('E')) {
        const qsizetype space = response.indexOf(' ');
        const int err = response.mid(1, space - 1).toInt();
        return failed(QStringLiteral("%1 failed: %2").arg(QString::fromUtf8(response.mid(space + 1).trimmed()), errnoText(err)));
    }
    if (!response.startsWith('O'))
        return failed(QStringLiteral("the fetch from inside \"%1\" ended without an answer").arg(r->info.name));
    response.remove(0, 1);
    const qsizetype headerEnd = response.indexOf("\r\n\r\n");
    const QByteArray statusLine = response.left(response.indexOf("\r\n"));
    if (headerEnd < 0 || !statusLine.startsWith("HTTP/1.") || statusLine.mid(9, 3) != "200")
        return failed(QStringLiteral("127.0.0.1:%1 inside \"%2\" answered \"%3\"").arg(port).arg(r->info.name, QString::fromUtf8(statusLine.left(200))));
    return response.mid(headerEnd + 4);
}

int DemoRuntime::removeStaleLeftovers()
{
    // Host ends of veth pairs are named nsvz<runtime pid>-<n>. Normally they vanish with the container's net
    // namespace; one survives only while something else still holds that namespace (say, a shell that entered it).
    static const QRegularExpression ours(QStringLiteral("^nsvz(\\d+)-\\d+$"));
    int removed = 0;
    const QStringList links = QDir(QStringLiteral("/sys/class/net")).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System);
    for (const QString &link : links) {
        const QRegularExpressionMatch m = ours.match(link);
        if (!m.hasMatch() || QFileInfo::exists(QStringLiteral("/proc/") + m.captured(1)))
            continue;
        if (runIp({QStringLiteral("link"), QStringLiteral("delete"), link}).isEmpty())
            ++removed;
    }
    return removed;
}

} // namespace nsviz
