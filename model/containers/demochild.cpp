#include "demoruntime_p.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
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

namespace nsviz::demoimpl {

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
[[noreturn]] void failChild(int reportFd, const char *what, int err)
{
    char num[24];
    writeStr(reportFd, "E");
    writeStr(reportFd, formatInt(err, num));
    writeStr(reportFd, " ");
    writeStr(reportFd, what);
    writeStr(reportFd, "\n");
    ::_exit(127);
}

namespace {

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

} // namespace

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

} // namespace nsviz::demoimpl
