#pragma once

// The demo runtime's insides, shared by its files (not for use elsewhere):
//   demochild.cpp    what the children do between fork and exec: system calls only
//   demohost.cpp     what this host allows: privileges, user namespace sysctls, busybox, ip(8), leftovers
//   demoruntime.cpp  the lifecycle: start, watch, reap, stop
//   demonet.cpp      inside a container's net namespace: the ports it listens on, an HTTP fetch
//   demoexec.cpp     a command run inside all of a container's namespaces, a ping across its veth pair

#include "demoruntime.h"

#include "snapshot/namespacetype.h"

#include <QDeadlineTimer>
#include <QSocketNotifier>
#include <QString>
#include <QStringList>

#include <netinet/in.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nsviz {

namespace demoimpl {

inline constexpr int StartTimeoutMs = 15000;
inline constexpr int StopTimeoutMs = 5000;
inline constexpr qsizetype OutputKeep = 16 * 1024;
inline const char *const BusyboxPath = "/bin/busybox";
// What the container's tmpfs is called in its mountinfo; the host never sees it, the tests check that.
inline const char *const RootfsSource = "nsviz-demo-rootfs";
// Host ends of veth pairs are named VethPrefix<runtime pid>-<n>.
inline const QString VethPrefix = QStringLiteral("nsvz");

// Everything a child needs, prepared before the fork.
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

// demochild.cpp: async-signal-safe, for the children.
void writeAll(int fd, const char *data, size_t size);
void writeStr(int fd, const char *s);
[[noreturn]] void failChild(int reportFd, const char *what, int err = errno);
[[noreturn]] void runShim(const Plan &p);

// demoruntime.cpp
int pidfdOpen(pid_t pid);
bool waitReadable(int fd, int timeoutMs);
enum class ReadResult { Data, End, TimedOut };
// What is there on fd, waiting for it until the deadline: Data (appended to *out), End (of file, or an error).
ReadResult readSome(int fd, const QDeadlineTimer &deadline, QByteArray *out);
QString errnoText(int err);
QString childErrorHint(const QString &step, int err); // the hint that goes with a failed step in a child
// What failChild() wrote: "E<errno> <step>"; std::nullopt for bytes that are not such a report.
struct ChildFailure
{
    QString step;
    int err = 0;
    QString text() const; // "<step> failed: <errno in words>"
};
std::optional<ChildFailure> childFailure(const QByteArray &report);
QString describeStatus(int status);
NamespaceSet readNamespaces(pid_t pid);
std::string mapLines(const QList<IdMapRange> &map);

// demohost.cpp
const QStringList &busyboxApplets();
QString busyboxProblem();
QString resolveProgram(const ContainerSpec &spec, QString *problem); // argv[0] inside the root, or empty
QString runIp(const QStringList &args); // empty on success, else what ip(8) said

} // namespace demoimpl

struct DemoRuntime::Running
{
    DemoContainer info;
    int shimPidfd = -1;
    int outFd = -1;
    std::unique_ptr<QSocketNotifier> exitNotifier;
    std::unique_ptr<QSocketNotifier> outNotifier;
    QStringList heldVeths; // host ends of containers gone before this one, which shared its net namespace

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

} // namespace nsviz
