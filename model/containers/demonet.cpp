#include "demoruntime_p.h"

#include "io/posixfile.h"
#include "scan/namespacedetails.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nsviz {

using namespace demoimpl;

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
    const std::shared_ptr<Running> r = runningContainer(id);
    if (!r)
        return failed(QStringLiteral("there is no running demo container \"%1\"").arg(id));
    if (!path.startsWith('/') || path.contains('\r') || path.contains('\n') || path.contains(' '))
        return failed(QStringLiteral("the path must start with '/' and hold no spaces or line breaks"));

    const QByteArray dir = "/proc/" + QByteArray::number(r->info.initPid) + "/ns/";
    io::Fd netFd(::open(QByteArray(dir + "net").constData(), O_RDONLY | O_CLOEXEC));
    io::Fd userFd;
    // Unprivileged, the runtime may only enter the net namespace from inside the user namespace that owns it.
    const bool enterUserns = !isPrivileged() && r->info.namespaces[NamespaceType::User] != readNamespaces(::getpid())[NamespaceType::User];
    if (enterUserns)
        userFd = io::Fd(::open(QByteArray(dir + "user").constData(), O_RDONLY | O_CLOEXEC));
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
    io::Fd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);
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
        const ReadResult got = readSome(readEnd.get(), deadline, &response);
        timedOut = got == ReadResult::TimedOut;
        if (got != ReadResult::Data || response.size() > 4 * 1024 * 1024)
            break;
    }
    ::kill(child, SIGKILL);
    while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
    }
    if (timedOut)
        return failed(QStringLiteral("no answer from 127.0.0.1:%1 inside \"%2\" within %3 ms").arg(port).arg(r->info.name).arg(timeoutMs));
    if (const std::optional<ChildFailure> f = childFailure(response))
        return failed(f->text());
    if (!response.startsWith('O'))
        return failed(QStringLiteral("the fetch from inside \"%1\" ended without an answer").arg(r->info.name));
    response.remove(0, 1);
    const qsizetype headerEnd = response.indexOf("\r\n\r\n");
    const QByteArray statusLine = response.left(response.indexOf("\r\n"));
    if (headerEnd < 0 || !statusLine.startsWith("HTTP/1.") || statusLine.mid(9, 3) != "200")
        return failed(QStringLiteral("127.0.0.1:%1 inside \"%2\" answered \"%3\"").arg(port).arg(r->info.name, QString::fromUtf8(statusLine.left(200))));
    return response.mid(headerEnd + 4);
}

} // namespace nsviz
