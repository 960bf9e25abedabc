#include "demoruntime_p.h"

#include "io/posixfile.h"
#include "scan/procparse.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSocketNotifier>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The lifecycle of a demo container: the plan made from its spec, the shim forked (demochild.cpp says what the
// children do), its report read, then watched until it ends or is stopped, and reaped.

namespace nsviz {

namespace demoimpl {

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

ReadResult readSome(int fd, const QDeadlineTimer &deadline, QByteArray *out)
{
    for (;;) {
        if (!waitReadable(fd, int(deadline.remainingTime())))
            return ReadResult::TimedOut;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ReadResult::End;
        out->append(buf, n);
        return ReadResult::Data;
    }
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// The hint that goes with a failed step in a child.
std::optional<ChildFailure> childFailure(const QByteArray &report)
{
    if (!report.startsWith('E'))
        return std::nullopt;
    const qsizetype space = report.indexOf(' ');
    return ChildFailure{QString::fromUtf8(report.mid(space + 1).trimmed()), report.mid(1, space - 1).toInt()};
}

QString ChildFailure::text() const
{
    return QStringLiteral("%1 failed: %2").arg(step, errnoText(err));
}

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

std::string mapLines(const QList<IdMapRange> &map)
{
    std::string s;
    for (const IdMapRange &r : map)
        s += std::to_string(r.inside) + ' ' + std::to_string(r.outside) + ' ' + std::to_string(r.count) + '\n';
    return s;
}

} // namespace demoimpl

using namespace demoimpl;

// ---- DemoRuntime --------------------------------------------------------------------------------------------------

DemoRuntime::DemoRuntime(QObject *parent) : QObject(parent)
{
    if (isPrivileged())
        removeStaleLeftovers();
}

DemoRuntime::~DemoRuntime()
{
    stopAll();
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
    std::vector<io::Fd> openFds;
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
    plan.loopbackUp = spec.unshares(NamespaceType::Net) && spec.network != ContainerSpec::Network::Down;
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
    io::Fd reportRead(reportPipe[0]), reportWrite(reportPipe[1]);
    if (::pipe2(goPipe, O_CLOEXEC) != 0) {
        fail(error, QStringLiteral("cannot start %1: pipe: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    io::Fd goRead(goPipe[0]), goWrite(goPipe[1]);
    if (::pipe2(outPipe, O_CLOEXEC) != 0) {
        fail(error, QStringLiteral("cannot start %1: pipe: %2").arg(label, errnoText(errno)));
        return std::nullopt;
    }
    io::Fd outRead(outPipe[0]), outWrite(outPipe[1]);
    io::Fd devNull(::open("/dev/null", O_RDWR | O_CLOEXEC));
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
        const ReadResult got = readSome(reportRead.get(), deadline, &report);
        if (got == ReadResult::TimedOut) {
            problem = QStringLiteral("it did not start within %1 s").arg(StartTimeoutMs / 1000);
            break;
        }
        ended = got == ReadResult::End;
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
            } else if (const std::optional<ChildFailure> f = childFailure(line); f && problem.isEmpty()) {
                const QString hint = childErrorHint(f->step, f->err);
                problem = f->text() + (hint.isEmpty() ? QString() : QStringLiteral(" (") + hint + u')');
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
    releaseVeths(r);
}

// The kernel removes a veth pair with its net namespace, but later, from a work queue: someone listing links right
// after a stop would still see the host end. Deleting it now makes the stop complete when it returns. Not while
// another of our containers still runs in that net namespace (a pod's sidecar): that one takes the pair over.
void DemoRuntime::releaseVeths(Running &r)
{
    QStringList veths = std::exchange(r.heldVeths, {});
    if (!r.info.vethHost.isEmpty())
        veths.append(std::exchange(r.info.vethHost, QString()));
    if (veths.isEmpty())
        return;
    const NamespaceId net = r.info.namespaces[NamespaceType::Net];
    for (const std::shared_ptr<Running> &other : std::as_const(m_containers)) {
        if (other.get() != &r && net && other->info.state == DemoContainer::State::Running
            && other->info.namespaces[NamespaceType::Net] == net) {
            other->heldVeths.append(veths);
            return;
        }
    }
    for (const QString &host : std::as_const(veths)) {
        const QString path = QStringLiteral("/sys/class/net/") + host;
        if (!QFileInfo::exists(path))
            continue;
        const QString problem = runIp({QStringLiteral("link"), QStringLiteral("delete"), host});
        if (!problem.isEmpty() && QFileInfo::exists(path))
            qWarning("nsviz demo: could not remove the veth %s: %s", qPrintable(host), qPrintable(problem));
    }
}

std::shared_ptr<DemoRuntime::Running> DemoRuntime::runningContainer(const QString &id) const
{
    std::shared_ptr<Running> r = m_containers.value(id);
    return r && r->info.state == DemoContainer::State::Running ? r : nullptr;
}

void DemoRuntime::onShimExited(const QString &id)
{
    const std::shared_ptr<Running> r = runningContainer(id);
    if (!r)
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

} // namespace nsviz
