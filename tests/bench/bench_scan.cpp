// bench_scan: what a scan of a big host costs, next to the syscalls any scanner must make and next to lsns.
//
// For each size N it creates N processes in N/10 namespace sets (each set: new net, uts, ipc, mnt and pid
// namespaces; the pid namespace's init and 9 children, all asleep in pause()), then measures, interleaved
// round-robin so that machine noise hits every variant alike:
//   floor          readdir /proc; per pid one stat() of /proc/PID and 8 readlinkat() of /proc/PID/ns/*
//   floor+reads    the floor, plus /proc/PID/status and /proc/PID/cmdline read to the end
//   scan ns        ProcScanner{processDetails, fdHolders, bindMounts, idMaps off}.scan(), a new scanner each run
//   scan ns warm   the same on one scanner kept across runs (namespace relations cached)
//   full           scanProc() with default options
//   full no fds    scanProc() with fdHolders off
//   full+json      scanProc() + writeSnapshotJson()
//   lsns -J        util-linux, output drained from a pipe (fewer runs: it is slow on big hosts)
// and then the steady state of live polling: ProcScanner::poll() once per second, CPU time in % of one core.
//
// Needs root (it creates namespaces). Every created process dies with the benchmark (PR_SET_PDEATHSIG, and
// killing a pid namespace's init kills the namespace); kernel.pid_max is raised only if N would not fit, and
// restored at exit and on SIGINT/SIGTERM/SIGHUP.

#include "benchclock.h"
#include "scan/procscanner.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshotjson.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

extern char **environ;

namespace {

using namespace nsviz;
using namespace nsviz::bench;

constexpr int ProcessesPerSet = 10;
constexpr int SetCloneFlags = CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID;

// ------------------------------------------------------------------------------------------------ clocks

double timevalMs(const timeval &tv) { return double(tv.tv_sec) * 1e3 + double(tv.tv_usec) / 1e3; }


// ------------------------------------------------------------------------------- state for the signal handler
// Plain arrays and sig_atomic_t: the handler may only make async-signal-safe calls.

constexpr int MaxSets = 20000;
pid_t g_inits[MaxSets];
volatile sig_atomic_t g_initCount = 0;
char g_oldPidMax[32];
volatile sig_atomic_t g_oldPidMaxLength = 0;

void killInits() noexcept
{
    for (int i = 0; i < g_initCount; ++i) {
        if (g_inits[i] > 0)
            ::kill(g_inits[i], SIGKILL); // the init of a pid namespace takes every process in it along
    }
}

void restorePidMax() noexcept
{
    if (g_oldPidMaxLength == 0)
        return;
    const int fd = ::open("/proc/sys/kernel/pid_max", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        [[maybe_unused]] const ssize_t n = ::write(fd, g_oldPidMax, std::size_t(g_oldPidMaxLength));
        ::close(fd);
    }
    g_oldPidMaxLength = 0;
}

extern "C" void onTerminate(int sig)
{
    killInits();
    restorePidMax();
    // Reap them, so that nothing we made is left when the shell prompt returns (an init exits only after
    // every process of its namespace has).
    for (int i = 0; i < g_initCount; ++i) {
        while (g_inits[i] > 0 && ::waitpid(g_inits[i], nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void installSignalHandlers()
{
    struct sigaction sa{};
    sa.sa_handler = onTerminate;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

// ------------------------------------------------------------------------------------------------ /proc helpers

long readLongFile(const char *path)
{
    FILE *f = std::fopen(path, "re");
    if (!f)
        return -1;
    long v = -1;
    if (std::fscanf(f, "%ld", &v) != 1)
        v = -1;
    std::fclose(f);
    return v;
}

long memAvailableMiB()
{
    FILE *f = std::fopen("/proc/meminfo", "re");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "MemAvailable: %ld kB", &kib) == 1)
            break;
    }
    std::fclose(f);
    return kib < 0 ? -1 : kib / 1024;
}

bool isPid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; ++s) {
        if (*s < '0' || *s > '9')
            return false;
    }
    return true;
}

template<typename F>
void forEachPid(F &&f)
{
    DIR *dir = ::opendir("/proc");
    if (!dir)
        return;
    while (const dirent *e = ::readdir(dir)) {
        if (isPid(e->d_name))
            f(::dirfd(dir), e->d_name);
    }
    ::closedir(dir);
}

// The nsfs inode a /proc/.../ns/TYPE link names, 0 if unreadable.
quint64 nsInode(int dirfd, const char *path)
{
    char link[64];
    const ssize_t n = ::readlinkat(dirfd, path, link, sizeof link - 1);
    if (n <= 0)
        return 0;
    link[n] = '\0';
    const char *open = std::strchr(link, '[');
    return open ? std::strtoull(open + 1, nullptr, 10) : 0;
}

int countProcesses()
{
    int n = 0;
    forEachPid([&](int, const char *) { ++n; });
    return n;
}

// ------------------------------------------------------------------------------------------------ pid_max

// Makes room for `needed` more pids (plus what runs already); the old value comes back at exit or on a signal.
bool ensurePidMax(long needed)
{
    const long current = readLongFile("/proc/sys/kernel/pid_max");
    if (current < 0)
        return false;
    // The kernel keeps the first 300 pids for itself after a wrap; leave room for other work on the machine.
    const long wanted = needed + countProcesses() + 300 + 4096;
    if (wanted <= current)
        return true;
    const long raised = std::min<long>(4194304, std::max<long>(65536, wanted * 2));
    if (g_oldPidMaxLength == 0) {
        const int len = std::snprintf(g_oldPidMax, sizeof g_oldPidMax, "%ld\n", current);
        g_oldPidMaxLength = len;
        std::atexit([] { restorePidMax(); });
    }
    FILE *f = std::fopen("/proc/sys/kernel/pid_max", "we");
    if (!f)
        return false;
    std::fprintf(f, "%ld\n", raised);
    const bool ok = std::fclose(f) == 0;
    std::printf("kernel.pid_max raised from %ld to %ld for this run (restored at exit)\n", current, raised);
    return ok;
}

// ------------------------------------------------------------------------------------------------ the host

// Arguments of a set's init; the clone() child has its own copy of the benchmark's memory.
struct SetArgs
{
    int readyWrite = -1; // one byte per process that is up: '+' (or 'F' for a fork that failed)
    int readyRead = -1;
    int devNull = -1;
};
alignas(64) char g_cloneStack[256 * 1024];

[[noreturn]] void idleForever(const SetArgs &a)
{
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
        ::signal(sig, SIG_DFL);
    ::dup2(a.devNull, 0);
    ::dup2(a.devNull, 1);
    ::dup2(a.devNull, 2);
    [[maybe_unused]] const ssize_t n = ::write(a.readyWrite, "+", 1);
    ::close_range(3, ~0U, 0); // like a typical daemon: stdin, stdout and stderr only
    for (;;)
        ::pause();
}

// The first process of a set: init of the new pid namespace, in the new net/uts/ipc/mnt namespaces too.
int setInit(void *arg)
{
    const SetArgs &a = *static_cast<const SetArgs *>(arg);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(a.readyRead);
    ::setsid(); // out of the terminal's process group: Ctrl-C reaches the benchmark, which kills the inits
    for (int i = 1; i < ProcessesPerSet; ++i) {
        const pid_t child = ::fork();
        if (child == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            idleForever(a);
        }
        if (child < 0) {
            [[maybe_unused]] const ssize_t n = ::write(a.readyWrite, "F", 1);
        }
    }
    idleForever(a);
}

class ProcessHost
{
public:
    ProcessHost() = default;
    ProcessHost(const ProcessHost &) = delete;
    ProcessHost &operator=(const ProcessHost &) = delete;
    ~ProcessHost() { teardown(); }

    // Creates `sets` namespace sets of 10 processes and returns once every one of them is up.
    bool spawn(int sets, std::string *error)
    {
        if (sets > MaxSets) {
            *error = "too many sets";
            return false;
        }
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            *error = std::string("pipe: ") + std::strerror(errno);
            return false;
        }
        SetArgs args{fds[1], fds[0], ::open("/dev/null", O_RDWR | O_CLOEXEC)};
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        const int expected = sets * ProcessesPerSet;
        int up = 0;
        bool failed = false;
        auto drain = [&] {
            char buf[4096];
            ssize_t n;
            while ((n = ::read(fds[0], buf, sizeof buf)) > 0) {
                for (ssize_t i = 0; i < n; ++i) {
                    if (buf[i] == '+')
                        ++up;
                    else
                        failed = true;
                }
            }
        };
        const double t0 = wallMs();
        for (int s = 0; s < sets && !failed; ++s) {
            const pid_t pid = ::clone(setInit, g_cloneStack + sizeof g_cloneStack, SetCloneFlags | SIGCHLD, &args);
            if (pid < 0) {
                *error = std::string("clone: ") + std::strerror(errno);
                failed = true;
                break;
            }
            g_inits[g_initCount] = pid;
            g_initCount = g_initCount + 1;
            drain();
            if ((s + 1) % 500 == 0) {
                std::printf("  ... %d sets cloned, %d processes up (%.1f s)\n", s + 1, up, (wallMs() - t0) / 1e3);
                std::fflush(stdout);
            }
        }
        ::close(fds[1]);
        ::close(args.devNull);
        // Wait for the rest; give up after 60 s without progress.
        double lastProgress = wallMs();
        while (!failed && up < expected) {
            pollfd p{fds[0], POLLIN, 0};
            ::poll(&p, 1, 1000);
            const int before = up;
            drain();
            if (up != before)
                lastProgress = wallMs();
            else if (wallMs() - lastProgress > 60e3 || (p.revents & POLLHUP))
                break;
        }
        ::close(fds[0]);
        m_spawnMs = wallMs() - t0;
        if (failed || up < expected) {
            if (error->empty())
                *error = "only " + std::to_string(up) + " of " + std::to_string(expected)
                    + " processes came up (fork failed or timed out)";
            return false;
        }
        m_pidNamespaces.clear();
        char path[64];
        for (int i = 0; i < g_initCount; ++i) {
            std::snprintf(path, sizeof path, "/proc/%d/ns/pid", int(g_inits[i]));
            m_pidNamespaces.insert(nsInode(AT_FDCWD, path));
        }
        return true;
    }

    // Kills every set (their inits), reaps them and waits until /proc lists none of their processes.
    void teardown()
    {
        if (g_initCount == 0)
            return;
        const double t0 = wallMs();
        killInits();
        for (int i = 0; i < g_initCount; ++i) {
            while (::waitpid(g_inits[i], nullptr, 0) < 0 && errno == EINTR) {
            }
        }
        g_initCount = 0;
        int left = 0;
        do {
            left = remaining();
            if (left > 0)
                ::usleep(50 * 1000);
        } while (left > 0 && wallMs() - t0 < 60e3);
        std::printf("teardown: %d sets killed and reaped in %.1f s%s\n", int(m_pidNamespaces.size()),
                    (wallMs() - t0) / 1e3, left ? " -- WARNING: processes left in /proc" : ", /proc is clean");
        m_pidNamespaces.clear();
    }

    double spawnMs() const { return m_spawnMs; }
    const std::set<quint64> &pidNamespaces() const { return m_pidNamespaces; }

private:
    // Processes still in one of our pid namespaces.
    int remaining() const
    {
        int n = 0;
        char path[300];
        forEachPid([&](int procFd, const char *pid) {
            std::snprintf(path, sizeof path, "%s/ns/pid", pid);
            if (m_pidNamespaces.count(nsInode(procFd, path)))
                ++n;
        });
        return n;
    }

    double m_spawnMs = 0;
    std::set<quint64> m_pidNamespaces;
};

// Checks that the scanner sees what was built: `sets` sets of exactly 10 processes, each with private
// net/uts/ipc/mnt/pid namespaces and the host's cgroup/time/user namespaces.
bool verifyHost(const Snapshot &snap, const ProcessHost &host, int sets, std::string *report)
{
    const NamespaceSet &initial = snap.initialNamespaces();
    int found = 0, wrongSize = 0, wrongShape = 0;
    std::set<NamespaceId> privateIds;
    for (const NamespaceSetGroup &g : snap.namespaceSets()) {
        if (!host.pidNamespaces().count(g.set[NamespaceType::Pid]))
            continue;
        ++found;
        if (g.pids.size() != ProcessesPerSet)
            ++wrongSize;
        bool shapeOk = true;
        for (NamespaceType t : allNamespaceTypes) {
            const bool isPrivate = t == NamespaceType::Net || t == NamespaceType::Uts || t == NamespaceType::Ipc
                || t == NamespaceType::Mnt || t == NamespaceType::Pid;
            if (isPrivate) {
                shapeOk = shapeOk && g.set[t] != initial[t] && privateIds.insert(g.set[t]).second;
            } else {
                shapeOk = shapeOk && g.set[t] == initial[t];
            }
        }
        if (!shapeOk)
            ++wrongShape;
    }
    *report = std::to_string(found) + " of " + std::to_string(sets) + " sets seen, " + std::to_string(wrongSize)
        + " not of 10 processes, " + std::to_string(wrongShape) + " not private in net/uts/ipc/mnt/pid";
    return found == sets && wrongSize == 0 && wrongShape == 0;
}

// ------------------------------------------------------------------------------------------------ measurements

// What one run saw, to check that every variant looked at the same host.
struct Outcome
{
    int processes = -1;
    qint64 bytes = -1;
    double childCpuMs = -1; // for external tools: their CPU time instead of ours
};

constexpr std::array<const char *, 8> nsNames = {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"};

qint64 readToEnd(int dirfd, const char *path, char *buf, std::size_t size)
{
    const int fd = ::openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    qint64 total = 0;
    ssize_t n;
    while ((n = ::read(fd, buf, size)) > 0)
        total += n;
    ::close(fd);
    return total;
}

// The syscalls any scanner has to make, and nothing else.
Outcome floorScan(bool reads)
{
    Outcome out{0, 0, -1};
    char path[64];
    char link[64];
    static char buf[1 << 16];
    forEachPid([&](int procFd, const char *pid) {
        const std::size_t len = std::strlen(pid);
        struct stat st;
        if (::fstatat(procFd, pid, &st, 0) != 0)
            return;
        std::memcpy(path, pid, len);
        std::memcpy(path + len, "/ns/", 4);
        int readable = 0;
        for (const char *ns : nsNames) {
            std::strcpy(path + len + 4, ns);
            if (::readlinkat(procFd, path, link, sizeof link) > 0)
                ++readable;
        }
        if (readable == 0)
            return;
        ++out.processes;
        if (reads) {
            for (const char *file : {"/status", "/cmdline"}) {
                std::strcpy(path + len, file);
                const qint64 n = readToEnd(procFd, path, buf, sizeof buf);
                if (n > 0)
                    out.bytes += n;
            }
        }
    });
    return out;
}

ScanOptions namespacesOnly()
{
    ScanOptions o;
    o.processDetails = false;
    o.fdHolders = false;
    o.bindMounts = false;
    o.idMaps = false;
    return o;
}

Outcome fromSnapshot(const SnapshotPtr &s) { return {s ? int(s->processes().size()) : -1, -1, -1}; }

Outcome runLsns()
{
    Outcome out;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return out;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char arg0[] = "lsns", arg1[] = "-J";
    char *argv[] = {arg0, arg1, nullptr};
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, "lsns", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        return out;
    }
    static char buf[1 << 16];
    qint64 total = 0;
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        total += std::max<ssize_t>(n, 0);
    ::close(fds[0]);
    int status = 0;
    rusage ru{};
    while (::wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return out;
    out.bytes = total;
    out.childCpuMs = timevalMs(ru.ru_utime) + timevalMs(ru.ru_stime);
    return out;
}

struct Measurement
{
    Measurement(std::string k, std::string l, std::function<Outcome()> f)
        : key(std::move(k)), label(std::move(l)), run(std::move(f))
    {
    }

    std::string key;
    std::string label;
    std::function<Outcome()> run;
    std::vector<double> wall;
    std::vector<double> cpu;
    Outcome last;

    void once()
    {
        const double c0 = threadCpuMs();
        const double w0 = wallMs();
        last = run();
        const double w1 = wallMs();
        const double c1 = threadCpuMs();
        wall.push_back(w1 - w0);
        cpu.push_back(last.childCpuMs >= 0 ? last.childCpuMs : c1 - c0);
    }
    double medianWall() const { return median(wall); }
    double medianCpu() const { return median(cpu); }
};

struct PollResult
{
    double firstScanMs = 0;
    double cpuPercent = 0;
    double medianPollMs = 0;
    double maxPollMs = 0;
    double meanRead = 0;
    double meanReused = 0;
    double meanRechecked = 0;
    double meanListed = 0;
    double meanLost = 0; // vanished + denied + zombies
    int polls = 0;
};

// The live view's steady state: one scan, then poll() once a second, as the Poller does with default options.
PollResult measurePolling(int seconds)
{
    PollResult r;
    ProcScanner scanner;
    double t = wallMs();
    SnapshotPtr latest = scanner.scan();
    r.firstScanMs = wallMs() - t;
    std::vector<double> wall;
    double cpuTotal = 0;
    timespec next{};
    ::clock_gettime(CLOCK_MONOTONIC, &next);
    for (int i = 0; i < seconds; ++i) {
        next.tv_sec += 1;
        while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr) == EINTR) {
        }
        const double c0 = threadCpuMs();
        const double w0 = wallMs();
        SnapshotPtr s = scanner.poll();
        const double w1 = wallMs();
        const double c1 = threadCpuMs();
        latest = std::move(s); // the previous snapshot is released outside the measured region, as the GUI would
        cpuTotal += c1 - c0;
        wall.push_back(w1 - w0);
        r.meanRead += scanner.lastStats().read;
        r.meanReused += scanner.lastStats().reused;
        r.meanRechecked += scanner.lastStats().rechecked;
        r.meanListed += scanner.lastStats().listed;
        r.meanLost += scanner.lastStats().vanished + scanner.lastStats().denied + scanner.lastStats().zombies;
    }
    r.polls = seconds;
    if (seconds > 0) {
        r.cpuPercent = cpuTotal / (seconds * 1000.0) * 100.0;
        r.medianPollMs = median(wall);
        r.maxPollMs = *std::max_element(wall.begin(), wall.end());
        r.meanRead /= seconds;
        r.meanReused /= seconds;
        r.meanRechecked /= seconds;
        r.meanListed /= seconds;
        r.meanLost /= seconds;
    }
    return r;
}

// ------------------------------------------------------------------------------------------------ report

struct SizeResult
{
    int n = 0;
    std::map<std::string, double> wall; // median wall ms by key
    std::map<std::string, double> cpu;  // median cpu ms by key
    PollResult poll;
    bool polled = false;
};

struct Verdict
{
    std::string what;
    double value;
    std::string target;
    bool pass;
};
std::vector<Verdict> g_verdicts;
std::string g_verdictPrefix; // "N=5000: " while a size is being reported

void verdict(const std::string &what, double value, const char *op, double limit, const char *unit = "x")
{
    const bool atMost = std::string_view(op) == "<=";
    const bool pass = std::isfinite(value) && (atMost ? value <= limit : value >= limit);
    char target[64];
    std::snprintf(target, sizeof target, "%s %g%s", op, limit, unit);
    std::printf("  %-44s %9.2f%-2s target %-10s %s\n", what.c_str(), value, unit, target, pass ? "PASS" : "MISS");
    g_verdicts.push_back({g_verdictPrefix + what, value, target, pass});
}

void info(const std::string &what, double wallRatio, double cpuRatio)
{
    std::printf("  %-44s %9.2fx (cpu %.2fx)\n", what.c_str(), wallRatio, cpuRatio);
}

struct Options
{
    std::vector<int> sizes = {1000, 5000, 20000};
    int repeat = 5;
    int pollSeconds = 10;
    double lsnsBudgetS = 120; // per size: no further lsns run once this much was spent (at least one run)
    bool lsns = true;
    std::set<std::string> only; // measurement keys to run (for profiling one variant); empty: all
};

[[noreturn]] void usage(int code)
{
    std::fprintf(code ? stderr : stdout,
                 "usage: bench_scan [--sizes 1000,5000,20000] [--repeat R] [--poll-seconds S]\n"
                 "                  [--lsns-budget SECONDS] [--no-lsns] [--only KEY,...]\n"
                 "Creates N processes in N/10 namespace sets (needs root) and times scans of them.\n"
                 "--only runs just some measurements, e.g. under perf (keys: floor reads ns nswarm full nofd\n"
                 "json lsns); the ratios that need the others then print as nan.\n");
    std::exit(code);
}

Options parseArgs(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc)
                usage(2);
            return argv[++i];
        };
        auto number = [&](std::string_view s) {
            int v = 0;
            const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc() || ptr != s.data() + s.size() || v < 0)
                usage(2);
            return v;
        };
        if (a == "--sizes") {
            o.sizes.clear();
            std::string_view s = value();
            while (!s.empty()) {
                const std::size_t comma = s.find(',');
                const int n = number(s.substr(0, comma));
                if (n < ProcessesPerSet || n % ProcessesPerSet)
                    usage(2);
                o.sizes.push_back(n);
                s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
            }
        } else if (a == "--repeat") {
            o.repeat = std::max(1, number(value()));
        } else if (a == "--poll-seconds") {
            o.pollSeconds = number(value());
        } else if (a == "--lsns-budget") {
            o.lsnsBudgetS = number(value());
        } else if (a == "--only") {
            std::string_view s = value();
            while (!s.empty()) {
                const std::size_t comma = s.find(',');
                o.only.insert(std::string(s.substr(0, comma)));
                s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
            }
        } else if (a == "--no-lsns") {
            o.lsns = false;
        } else if (a == "-h" || a == "--help") {
            usage(0);
        } else {
            usage(2);
        }
    }
    return o;
}

bool benchSize(int n, const Options &opt, SizeResult &result)
{
    result.n = n;
    const int sets = n / ProcessesPerSet;
    std::printf("\n==================== N = %d (%d sets x %d processes) ====================\n", n, sets,
                ProcessesPerSet);
    if (!ensurePidMax(n)) {
        std::printf("cannot make room for %d pids in kernel.pid_max\n", n);
        return false;
    }
    ::malloc_trim(0); // every clone copies our page tables: keep them small
    const long memBefore = memAvailableMiB();
    ProcessHost host;
    std::string error;
    if (!host.spawn(sets, &error)) {
        std::printf("spawning failed: %s\n", error.c_str());
        return false;
    }
    const long memAfter = memAvailableMiB();
    std::printf("spawned %d processes in %d sets in %.1f s (memory: %ld MiB, %.0f KiB per process)\n", n, sets,
                host.spawnMs() / 1e3, memBefore - memAfter, double(memBefore - memAfter) * 1024 / n);

    {
        std::string report;
        const SnapshotPtr snap = scanProc();
        const bool ok = verifyHost(*snap, host, sets, &report);
        std::printf("verified by a full scan: %s%s\n", report.c_str(), ok ? "" : "  -- HOST IS NOT AS INTENDED");
        if (!ok)
            return false;
    }

    ProcScanner warmScanner(namespacesOnly());
    double lsnsSpent = 0;
    std::vector<Measurement> ms;
    ms.emplace_back("floor", "1  floor: stat + 8 readlinkat", [] { return floorScan(false); });
    ms.emplace_back("reads", "2  floor + status + cmdline", [] { return floorScan(true); });
    ms.emplace_back("ns", "3  scan, namespaces only (new scanner)",
                    [] { return fromSnapshot(ProcScanner(namespacesOnly()).scan()); });
    ms.emplace_back("nswarm", "3b scan, namespaces only (kept scanner)",
                    [&] { return fromSnapshot(warmScanner.scan()); });
    ms.emplace_back("full", "4  full scan: scanProc()", [] { return fromSnapshot(scanProc()); });
    ms.emplace_back("nofd", "5  full scan, fdHolders off", [] {
                      ScanOptions o;
                      o.fdHolders = false;
                      return fromSnapshot(scanProc(o));
                  });
    ms.emplace_back("json", "6  scanProc() + writeSnapshotJson()", [] {
                      const SnapshotPtr s = scanProc();
                      const QByteArray json = writeSnapshotJson(*s);
                      return Outcome{int(s->processes().size()), json.size(), -1};
                  });
    if (opt.lsns) {
        ms.emplace_back("lsns", "7  lsns -J", [&] {
                          const double t = wallMs();
                          const Outcome o = runLsns();
                          lsnsSpent += wallMs() - t;
                          return o;
                      });
    }

    if (!opt.only.empty())
        std::erase_if(ms, [&](const Measurement &m) { return !opt.only.count(m.key); });

    // Warm-up: dentries and inodes of every /proc/PID come into the caches, for all variants alike.
    for (Measurement &m : ms) {
        if (m.key != "lsns")
            m.run();
    }

    const double t0 = wallMs();
    for (int r = 0; r < opt.repeat; ++r) {
        for (std::size_t i = 0; i < ms.size(); ++i) {
            Measurement &m = ms[(i + std::size_t(r)) % ms.size()]; // rotate the order: no variant always runs first
            if (m.key == "lsns" && !m.wall.empty() && lsnsSpent > opt.lsnsBudgetS * 1e3)
                continue;
            m.once();
        }
        std::printf("  repeat %d/%d done (%.1f s)\n", r + 1, opt.repeat, (wallMs() - t0) / 1e3);
        std::fflush(stdout);
    }

    std::printf("\n  %-42s %5s %10s %10s %10s %8s %12s\n", "measurement (median of runs)", "runs", "wall ms",
                "min ms", "cpu ms", "procs", "output B");
    for (const Measurement &m : ms) {
        result.wall[m.key] = m.medianWall();
        result.cpu[m.key] = m.medianCpu();
        std::printf("  %-42s %5zu %10.2f %10.2f %10.2f %8d %12lld\n", m.label.c_str(), m.wall.size(), m.medianWall(),
                    *std::min_element(m.wall.begin(), m.wall.end()), m.medianCpu(), m.last.processes,
                    static_cast<long long>(m.last.bytes));
    }
    std::printf("  (cpu: this thread's CPU time; for lsns the child's user+sys time)\n");

    if (opt.pollSeconds > 0) {
        result.poll = measurePolling(opt.pollSeconds);
        result.polled = true;
        const PollResult &p = result.poll;
        std::printf("  8  live poll(), 1/s for %d s after a first scan (%.1f ms): %.2f%% of one core, "
                    "poll median %.2f ms, max %.2f ms;\n"
                    "     per poll: %.0f listed, %.0f read, %.0f rechecked, %.0f reused, %.0f gone/denied/zombie\n",
                    p.polls, p.firstScanMs, p.cpuPercent, p.medianPollMs, p.maxPollMs, p.meanListed, p.meanRead,
                    p.meanRechecked, p.meanReused, p.meanLost);
    }

    g_verdictPrefix = "N=" + std::to_string(n) + ": ";
    auto w = [&](const char *k) { return result.wall.count(k) ? result.wall[k] : NAN; };
    auto c = [&](const char *k) { return result.cpu.count(k) ? result.cpu[k] : NAN; };
    std::printf("\n  ratios (median wall; cpu in brackets where informative)\n");
    verdict("scan (ns only) / floor", w("ns") / w("floor"), "<=", 1.3);
    info("  same, by cpu time", c("ns") / c("floor"), c("ns") / c("floor"));
    info("scan (ns only, kept scanner) / floor", w("nswarm") / w("floor"), c("nswarm") / c("floor"));
    info("full / (floor + reads)", w("full") / w("reads"), c("full") / c("reads"));
    info("full without fd holders / (floor + reads)", w("nofd") / w("reads"), c("nofd") / c("reads"));
    verdict("snapshot + JSON / (floor + reads)", w("json") / w("reads"), "<=", 1.5);
    info("  same, by cpu time", c("json") / c("reads"), c("json") / c("reads"));
    if (opt.lsns) {
        const double lsnsFull = w("lsns") / w("full");
        const double lsnsJson = w("lsns") / w("json");
        if (n == 5000 || n == 20000) {
            const double limit = n == 5000 ? 10 : 100;
            verdict("lsns -J / full scan", lsnsFull, ">=", limit);
            verdict("lsns -J / (full scan + JSON)", lsnsJson, ">=", limit);
        } else {
            info("lsns -J / full scan", lsnsFull, c("lsns") / c("full"));
            info("lsns -J / (full scan + JSON)", lsnsJson, c("lsns") / c("json"));
        }
    }
    if (result.polled) {
        if (n == 5000)
            verdict("live polling at 1 s, % of one core", result.poll.cpuPercent, "<=", 5, "%");
        else
            std::printf("  %-44s %9.2f%%   (the 5%% target is for N=5000)\n", "live polling at 1 s, % of one core",
                        result.poll.cpuPercent);
    }
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    const Options opt = parseArgs(argc, argv);
    if (::geteuid() != 0) {
        std::fprintf(stderr, "bench_scan needs root: it creates network, mount, ipc, uts and pid namespaces\n");
        return 1;
    }
    installSignalHandlers();
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    struct rlimit nproc{};
    ::getrlimit(RLIMIT_NPROC, &nproc);
    std::printf("bench_scan: sizes");
    for (int n : opt.sizes)
        std::printf(" %d", n);
    std::printf(", %d repeats, polling %d s; pid_max %ld, threads-max %ld, RLIMIT_NPROC %lld, %ld MiB available, "
                "%ld CPUs; %d processes before\n",
                opt.repeat, opt.pollSeconds, readLongFile("/proc/sys/kernel/pid_max"),
                readLongFile("/proc/sys/kernel/threads-max"), static_cast<long long>(nproc.rlim_cur),
                memAvailableMiB(), ::sysconf(_SC_NPROCESSORS_ONLN), countProcesses());

    std::vector<SizeResult> results;
    bool allOk = true;
    for (int n : opt.sizes) {
        SizeResult r;
        if (benchSize(n, opt, r))
            results.push_back(std::move(r));
        else
            allOk = false;
    }

    auto find = [&](int n) -> const SizeResult * {
        for (const SizeResult &r : results) {
            if (r.n == n)
                return &r;
        }
        return nullptr;
    };
    auto at = [](const std::map<std::string, double> &m, const char *key) {
        const auto it = m.find(key);
        return it == m.end() ? NAN : it->second;
    };
    g_verdictPrefix.clear();
    std::printf("\n==================== summary ====================\n");
    if (const SizeResult *a = find(5000), *b = find(20000); a && b) {
        verdict("full scan time(20k) / time(5k)", at(b->wall, "full") / at(a->wall, "full"), "<=", 4.5);
        info("  floor time(20k) / time(5k), for reference", at(b->wall, "floor") / at(a->wall, "floor"),
             at(b->cpu, "floor") / at(a->cpu, "floor"));
        info("  floor+reads time(20k) / time(5k)", at(b->wall, "reads") / at(a->wall, "reads"),
             at(b->cpu, "reads") / at(a->cpu, "reads"));
        info("  scan ns only time(20k) / time(5k)", at(b->wall, "ns") / at(a->wall, "ns"),
             at(b->cpu, "ns") / at(a->cpu, "ns"));
        info("  full scan, by cpu time", at(b->cpu, "full") / at(a->cpu, "full"), at(b->cpu, "full") / at(a->cpu, "full"));
    } else {
        std::printf("  (scaling 20k/5k needs both sizes)\n");
    }
    for (const Verdict &v : g_verdicts)
        std::printf("  %-4s %-50s %9.2f  (target %s)\n", v.pass ? "PASS" : "MISS", v.what.c_str(), v.value,
                    v.target.c_str());
    restorePidMax();
    return allOk ? 0 : 1;
}
