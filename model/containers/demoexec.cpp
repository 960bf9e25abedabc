#include "demoruntime_p.h"

#include "io/posixfile.h"

#include <QDeadlineTimer>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nsviz {

using namespace demoimpl;

namespace {

// The order a process enters another's namespaces: the user namespace first (it grants the capabilities the others
// ask for), the mount namespace last (after it, /proc/PID/ns of the host may no longer be reachable: the fds are
// opened before).
constexpr std::array<std::pair<NamespaceType, int>, 8> enterOrder{{
    {NamespaceType::User, CLONE_NEWUSER},
    {NamespaceType::Cgroup, CLONE_NEWCGROUP},
    {NamespaceType::Ipc, CLONE_NEWIPC},
    {NamespaceType::Uts, CLONE_NEWUTS},
    {NamespaceType::Net, CLONE_NEWNET},
    {NamespaceType::Pid, CLONE_NEWPID},
    {NamespaceType::Time, CLONE_NEWTIME},
    {NamespaceType::Mnt, CLONE_NEWNS},
}};

} // namespace

DemoRuntime::ExecResult DemoRuntime::exec(const QString &id, const QStringList &argv, int timeoutMs) const
{
    ExecResult result;
    auto failed = [&result](const QString &message) {
        result.error = message;
        return result;
    };
    const std::shared_ptr<Running> r = runningContainer(id);
    if (!r)
        return failed(QStringLiteral("there is no running demo container \"%1\"").arg(id));
    if (argv.isEmpty() || argv.first().isEmpty())
        return failed(QStringLiteral("say which program to run"));
    for (const QString &a : argv) {
        if (a.contains(QChar(0)))
            return failed(QStringLiteral("an argument holds a NUL character"));
    }

    // Everything the child needs is opened and copied here: between fork and exec it may only make system calls.
    const NamespaceSet ours = readNamespaces(::getpid());
    const QByteArray dir = "/proc/" + QByteArray::number(r->info.initPid) + '/';
    std::vector<std::pair<io::Fd, int>> enter;
    for (const auto &[type, flag] : enterOrder) {
        const NamespaceId theirs = r->info.namespaces[type];
        if (theirs == 0 || theirs == ours[type])
            continue;
        io::Fd fd(::open(QByteArray(dir + "ns/" + namespaceTypeKey(type)).constData(), O_RDONLY | O_CLOEXEC));
        if (!fd.valid())
            return failed(QStringLiteral("cannot open the %1 namespace of \"%2\": %3")
                              .arg(QLatin1String(namespaceTypeKey(type)), r->info.name, errnoText(errno)));
        enter.emplace_back(std::move(fd), flag);
    }
    // Its root as its first process sees it (a busybox root after pivot_root, or the host's with private mounts).
    io::Fd rootFd(::open(QByteArray(dir + "root").constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd.valid())
        return failed(QStringLiteral("cannot open the root of \"%1\": %2").arg(r->info.name, errnoText(errno)));
    if (r->shimPidfd >= 0 && waitReadable(r->shimPidfd, 0))
        return failed(QStringLiteral("container \"%1\" has just ended").arg(r->info.name));

    std::vector<std::string> argStore, envStore{"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "LC_ALL=C"};
    for (const QString &a : argv)
        argStore.push_back(a.toStdString());
    std::vector<char *> args, env;
    for (std::string &s : argStore)
        args.push_back(s.data());
    args.push_back(nullptr);
    for (std::string &s : envStore)
        env.push_back(s.data());
    env.push_back(nullptr);
    std::vector<std::pair<int, int>> enterRaw;
    for (const auto &[fd, flag] : enter)
        enterRaw.emplace_back(fd.get(), flag);

    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return failed(QStringLiteral("pipe: ") + errnoText(errno));
    io::Fd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);
    const io::Fd devNullFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    const int devNull = devNullFd.get();
    const int out = writeEnd.get(), root = rootFd.get();
    const pid_t self = ::getpid();

    // A child enters the namespaces (setns() into a user namespace needs a single-threaded process) and forks the
    // command, which is the one that lands in the container's pid and time namespaces. Both die with the runtime.
    const pid_t child = ::fork();
    if (child < 0)
        return failed(QStringLiteral("fork: ") + errnoText(errno));
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != self)
            ::_exit(127);
        for (const auto &[fd, flag] : enterRaw) {
            if (::setns(fd, flag) != 0)
                failChild(out, "entering a namespace of the container");
            if (flag == CLONE_NEWUSER) {
                // Be its root (uid 0 inside), as the container's own processes are; a changed uid clears the
                // death signal, so set it again.
                if (::setresgid(0, 0, 0) != 0 || ::setresuid(0, 0, 0) != 0)
                    failChild(out, "becoming root in its user namespace");
                ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            }
        }
        if (::fchdir(root) != 0 || ::chroot(".") != 0 || ::chdir("/") != 0)
            failChild(out, "changing into the container's root");
        const pid_t cmd = ::fork();
        if (cmd < 0)
            failChild(out, "fork inside the container");
        if (cmd == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::dup2(devNull, STDIN_FILENO);
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
            writeStr(out, "O");
            ::execvpe(args[0], args.data(), env.data());
            // After "O" nothing parses a report: say it as the command would.
            writeStr(STDERR_FILENO, "nsviz: cannot run the program: ");
            writeStr(STDERR_FILENO, std::strerror(errno));
            writeStr(STDERR_FILENO, "\n");
            ::_exit(127);
        }
        ::close(out);
        int status = 0;
        while (::waitpid(cmd, &status, 0) < 0) {
            if (errno != EINTR)
                ::_exit(126);
        }
        ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    writeEnd.reset();
    QByteArray got;
    const QDeadlineTimer deadline(timeoutMs);
    bool timedOut = false;
    for (;;) {
        const ReadResult read = readSome(readEnd.get(), deadline, &got);
        timedOut = read == ReadResult::TimedOut;
        if (read != ReadResult::Data)
            break;
        if (got.size() > OutputKeep * 4) {
            got.truncate(OutputKeep * 4);
            result.truncated = true;
            break;
        }
    }
    if (timedOut || result.truncated)
        ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (const std::optional<ChildFailure> f = childFailure(got))
        return failed(f->text());
    if (!got.startsWith('O'))
        return failed(QStringLiteral("the command in \"%1\" could not be started").arg(r->info.name));
    result.started = true;
    result.output = got.mid(1);
    if (timedOut) {
        result.error = QStringLiteral("still running after %1 ms: stopped").arg(timeoutMs);
        result.exitCode = -1;
    } else if (WIFEXITED(status)) {
        result.exitCode = WEXITSTATUS(status);
    } else {
        result.exitCode = -1;
    }
    return result;
}

std::optional<double> DemoRuntime::ping(const QString &id, QString *error, int timeoutMs) const
{
    auto failed = [error](const QString &message) -> std::optional<double> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const std::shared_ptr<Running> r = runningContainer(id);
    if (!r)
        return failed(QStringLiteral("there is no running demo container \"%1\"").arg(id));
    const std::optional<quint32> address = parseIpv4(r->info.spec.containerAddress);
    if (r->info.vethHost.isEmpty() || !address)
        return failed(QStringLiteral("\"%1\" has no veth pair to the host").arg(r->info.name));
    // Only ever the address of the container's own end: a network namespace this runtime made.
    const io::Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
    if (!s.valid())
        return failed(QStringLiteral("an ICMP socket needs root: %1").arg(errnoText(errno)));
    sockaddr_in to;
    std::memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(*address);
    icmphdr echo;
    std::memset(&echo, 0, sizeof echo);
    echo.type = ICMP_ECHO;
    echo.un.echo.id = htons(quint16(::getpid()));
    echo.un.echo.sequence = htons(1);
    const auto *words = reinterpret_cast<const quint16 *>(&echo);
    quint32 sum = 0;
    for (size_t i = 0; i < sizeof echo / 2; ++i)
        sum += words[i];
    sum = (sum >> 16) + (sum & 0xffff);
    sum += sum >> 16;
    echo.checksum = quint16(~sum);
    const QDeadlineTimer deadline(timeoutMs);
    if (::sendto(s.get(), &echo, sizeof echo, 0, reinterpret_cast<const sockaddr *>(&to), sizeof to) < 0)
        return failed(QStringLiteral("sending to %1: %2").arg(r->info.spec.containerAddress, errnoText(errno)));
    const qint64 start = QDeadlineTimer::current().deadlineNSecs();
    for (;;) {
        pollfd p{s.get(), POLLIN, 0};
        const int left = int(std::max<qint64>(0, deadline.remainingTime()));
        const int n = ::poll(&p, 1, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return failed(QStringLiteral("no answer from %1 within %2 ms").arg(r->info.spec.containerAddress).arg(timeoutMs));
        unsigned char buf[1500];
        sockaddr_in from;
        socklen_t fromLen = sizeof from;
        const ssize_t got = ::recvfrom(s.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &fromLen);
        if (got < 0)
            continue;
        const size_t ihl = size_t(buf[0] & 0x0f) * 4;
        if (from.sin_addr.s_addr != to.sin_addr.s_addr || size_t(got) < ihl + sizeof(icmphdr))
            continue;
        icmphdr reply;
        std::memcpy(&reply, buf + ihl, sizeof reply);
        if (reply.type == ICMP_ECHOREPLY && reply.un.echo.id == echo.un.echo.id)
            return double(QDeadlineTimer::current().deadlineNSecs() - start) / 1e6;
    }
}

} // namespace nsviz
