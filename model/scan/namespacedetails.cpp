#include "namespacedetails.h"

#include "io/posixfile.h"
#include "procparse.h"

#include <QFile>
#include <QHash>
#include <QJsonValue>
#include <QSet>

#include <libmount.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace nsviz {

namespace {

// Upper bounds for what is read into memory: far above anything a real host has, low enough that a hostile or
// broken /proc cannot make the GUI allocate without end.
constexpr qsizetype SmallFileLimit = 64 * 1024;
constexpr qsizetype SocketTableLimit = 32 * 1024 * 1024;  // ~200k sockets in one /proc/net/tcp
constexpr qsizetype MountinfoLimit = 64 * 1024 * 1024;    // ~300k mounts
constexpr qsizetype SysvIpcLimit = 16 * 1024 * 1024;
constexpr int MaxInterfaces = 100000;
constexpr int MaxListening = 10000;

using io::Fd;

struct FileRead
{
    QByteArray data;
    int error = 0;          // errno of the failed open or read; 0 on success
    bool truncated = false; // the file was longer than the limit; data ends at the last complete line
};

// Reads a whole proc file relative to dirfd (or an absolute path with dirfd AT_FDCWD). Reading through the
// /proc/PID directory fd rather than a path means a pid reused meanwhile gives ESRCH, not another process's data.
FileRead readFileAt(int dirfd, const char *name, qsizetype limit)
{
    FileRead result;
    if (!io::readFileAt(dirfd, name, result.data, limit, false, &result.truncated)) {
        result.error = errno;
        result.data.clear();
        return result;
    }
    if (result.truncated)
        result.data.truncate(result.data.lastIndexOf('\n') + 1); // whole lines only
    return result;
}

// Splits on runs of spaces and tabs into at most N fields; returns how many were found.
template<std::size_t N>
std::size_t splitFields(QByteArrayView line, std::array<QByteArrayView, N> &fields)
{
    std::size_t count = 0;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n && count < N) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < n && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            fields[count++] = line.sliced(start, i - start);
    }
    return count;
}

template<typename T>
std::optional<T> toNumber(QByteArrayView s, int base = 10)
{
    T value{};
    if (s.isEmpty())
        return std::nullopt;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return value;
}

bool isUpperOrLowerHex(QByteArrayView s)
{
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

QString errorText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QJsonObject errorObject(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

// What one request reads: the /proc/PID directory it reads through, and names for messages.
struct Context
{
    const DetailsRequest &request;
    int dirfd;
    QByteArray nsLink; // "ns/net"

    QString procPath(const char *name) const
    {
        return request.procRoot + QLatin1Char('/') + QString::number(request.pid) + QLatin1Char('/')
            + QLatin1String(name);
    }
    QString nsText() const
    {
        return QLatin1String(namespaceTypeKey(request.type)) + QStringLiteral(":[") + QString::number(request.id)
            + QLatin1Char(']');
    }
    // For a file that could not be read: the process may simply have exited, which is not an error of ours.
    QJsonObject readError(const char *name, int error) const
    {
        if (error == ESRCH)
            return errorObject(QStringLiteral("process %1 has exited").arg(request.pid));
        if (error == EACCES || error == EPERM)
            return errorObject(QStringLiteral("permission denied reading %1").arg(procPath(name)));
        return errorObject(QStringLiteral("cannot read %1: %2").arg(procPath(name), errorText(error)));
    }
};

// Whether the process is (still) in the requested namespace; an error object if not, or if that cannot be told.
// readlink rather than stat, so that fixture trees, whose ns entries are plain symlinks, answer too.
std::optional<QJsonObject> checkMembership(const Context &ctx)
{
    char link[64];
    const ssize_t n = ::readlinkat(ctx.dirfd, ctx.nsLink.constData(), link, sizeof link);
    if (n < 0) {
        const int error = errno;
        if (error == ENOENT || error == ESRCH) {
            // A zombie has no namespace links left; a kernel without this namespace type has no file at all.
            struct stat st;
            if (::fstatat(ctx.dirfd, "stat", &st, 0) == 0 && error == ENOENT)
                return errorObject(QStringLiteral("process %1 is exiting or this kernel has no %2 namespaces")
                                       .arg(ctx.request.pid)
                                       .arg(QLatin1String(namespaceTypeKey(ctx.request.type))));
            return errorObject(QStringLiteral("process %1 has exited").arg(ctx.request.pid));
        }
        if (error == EACCES || error == EPERM)
            return errorObject(QStringLiteral("permission denied reading %1 (needs ptrace access to the process)")
                                   .arg(ctx.procPath(ctx.nsLink.constData())));
        return errorObject(QStringLiteral("cannot read %1: %2").arg(ctx.procPath(ctx.nsLink.constData()), errorText(error)));
    }
    const auto parsed = procparse::parseNamespaceLink(std::string_view(link, std::size_t(n)));
    if (!parsed || parsed->type != ctx.request.type)
        return errorObject(QStringLiteral("unexpected link in %1").arg(ctx.procPath(ctx.nsLink.constData())));
    if (parsed->id != ctx.request.id)
        return errorObject(QStringLiteral("process %1 is no longer in %2 (now in %3:[%4])")
                               .arg(ctx.request.pid)
                               .arg(ctx.nsText(), QLatin1String(namespaceTypeKey(parsed->type)))
                               .arg(parsed->id));
    return std::nullopt;
}

// Runs work() in a thread of its own that has first entered the namespace behind nsFd. setns() moves only the
// calling thread for net, uts and ipc namespaces, and the thread exits when done, so no other thread of the
// process, above all not the GUI thread, ever runs in a foreign namespace. Returns 0 or the errno of setns.
template<typename F>
int runInNamespace(int nsFd, int cloneFlag, F &&work)
{
    int error = 0;
    try {
        std::thread worker([&] {
            if (::setns(nsFd, cloneFlag) != 0) {
                error = errno;
                return;
            }
            work();
        });
        worker.join();
    } catch (const std::system_error &e) { // no thread could be started
        error = e.code().value() ? e.code().value() : EAGAIN;
    }
    return error;
}

// Opens the nsfs file of the request for setns() and checks it is the namespace asked for: the fd pins the
// namespace, so what the thread then sees belongs to it even if the process moves on meanwhile.
enum class OpenResult { Ok, Unreadable, Changed };
OpenResult openNamespace(const Context &ctx, Fd &out, QJsonObject &error)
{
    // O_NONBLOCK: under a proc root that is not the kernel's the link can lead to a FIFO, whose open would wait
    // for a writer (nsfs files ignore the flag).
    out.reset(::openat(ctx.dirfd, ctx.nsLink.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    struct stat st;
    if (!out.valid() || ::fstat(out.get(), &st) != 0) {
        error = ctx.readError(ctx.nsLink.constData(), errno);
        return OpenResult::Unreadable;
    }
    if (NamespaceId(st.st_ino) != ctx.request.id) {
        error = errorObject(QStringLiteral("process %1 is no longer in %2").arg(ctx.request.pid).arg(ctx.nsText()));
        return OpenResult::Changed;
    }
    return OpenResult::Ok;
}

QString enterError(const Context &ctx, int error)
{
    if (error == EPERM)
        return QStringLiteral("entering %1 needs CAP_SYS_ADMIN over it (run the privileged probe)").arg(ctx.nsText());
    return QStringLiteral("cannot enter %1: %2").arg(ctx.nsText(), errorText(error));
}

// ---- net ----

struct Link
{
    int index = 0;
    QString name;
    unsigned flags = 0;
    QString kind;          // IFLA_INFO_KIND: "veth", "bridge", ...; empty for physical devices
    QStringList addresses;
};

// Lists the links of the calling thread's net namespace with one RTM_GETLINK dump on a NETLINK_ROUTE socket:
// the one cheap way to learn a link's kind, which nothing in /proc says and sysfs shows only for the net
// namespace that mounted it. std::nullopt when the dump fails.
std::optional<std::vector<Link>> dumpLinks()
{
    Fd sock(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!sock.valid())
        return std::nullopt;
    const timeval timeout{2, 0}; // the kernel answers at once; this only guards against never returning
    ::setsockopt(sock.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

    struct
    {
        nlmsghdr header;
        ifinfomsg info;
    } request{};
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(ifinfomsg));
    request.header.nlmsg_type = RTM_GETLINK;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    request.info.ifi_family = AF_UNSPEC;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(sock.get(), &request, request.header.nlmsg_len, 0, reinterpret_cast<sockaddr *>(&kernel), sizeof kernel) < 0)
        return std::nullopt;

    std::vector<Link> links;
    // Netlink messages are 4-byte aligned; a dump part is at most 32 KiB unless the receive buffer says more.
    std::vector<std::uint32_t> buffer(64 * 1024 / sizeof(std::uint32_t));
    for (;;) {
        const ssize_t received = ::recv(sock.get(), buffer.data(), buffer.size() * sizeof(std::uint32_t), 0);
        if (received < 0 && errno == EINTR)
            continue;
        if (received <= 0)
            return std::nullopt;
        int remaining = int(received);
        for (auto *msg = reinterpret_cast<nlmsghdr *>(buffer.data()); NLMSG_OK(msg, remaining);
             msg = NLMSG_NEXT(msg, remaining)) {
            if (msg->nlmsg_seq != 1)
                continue;
            if (msg->nlmsg_type == NLMSG_DONE)
                return links;
            if (msg->nlmsg_type == NLMSG_ERROR)
                return std::nullopt;
            if (msg->nlmsg_type != RTM_NEWLINK || msg->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg)))
                continue;
            const auto *info = static_cast<const ifinfomsg *>(NLMSG_DATA(msg));
            Link link;
            link.index = info->ifi_index;
            link.flags = info->ifi_flags;
            int attrLength = int(IFLA_PAYLOAD(msg));
            for (auto *attr = IFLA_RTA(info); RTA_OK(attr, attrLength); attr = RTA_NEXT(attr, attrLength)) {
                const int type = attr->rta_type & NLA_TYPE_MASK;
                if (type == IFLA_IFNAME) {
                    const auto *s = static_cast<const char *>(RTA_DATA(attr));
                    link.name = QString::fromUtf8(s, qsizetype(::strnlen(s, RTA_PAYLOAD(attr))));
                } else if (type == IFLA_LINKINFO) {
                    int nestedLength = int(RTA_PAYLOAD(attr));
                    for (auto *nested = static_cast<rtattr *>(RTA_DATA(attr)); RTA_OK(nested, nestedLength);
                         nested = RTA_NEXT(nested, nestedLength)) {
                        if ((nested->rta_type & NLA_TYPE_MASK) == IFLA_INFO_KIND) {
                            const auto *s = static_cast<const char *>(RTA_DATA(nested));
                            link.kind = QString::fromUtf8(s, qsizetype(::strnlen(s, RTA_PAYLOAD(nested))));
                        }
                    }
                }
            }
            if (!link.name.isEmpty() && links.size() < std::size_t(MaxInterfaces))
                links.push_back(std::move(link));
        }
    }
}

// The interfaces of the calling thread's net namespace: links from netlink (getifaddrs' AF_PACKET entries if
// that fails), addresses from getifaddrs. std::nullopt when neither works.
std::optional<std::vector<Link>> readInterfaces()
{
    std::optional<std::vector<Link>> links = dumpLinks();
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return links;
    if (!links) {
        links.emplace();
        for (ifaddrs *a = list; a; a = a->ifa_next) {
            if (a->ifa_name && a->ifa_addr && a->ifa_addr->sa_family == AF_PACKET && links->size() < std::size_t(MaxInterfaces)) {
                Link link;
                link.name = QString::fromUtf8(a->ifa_name);
                link.flags = a->ifa_flags;
                links->push_back(std::move(link));
            }
        }
    }
    QHash<QString, std::size_t> indexByName; // a host can have thousands of interfaces
    for (std::size_t i = 0; i < links->size(); ++i)
        indexByName.insert((*links)[i].name, i);
    for (ifaddrs *a = list; a; a = a->ifa_next) {
        if (!a->ifa_name || !a->ifa_addr)
            continue;
        char text[INET6_ADDRSTRLEN] = {};
        const int family = a->ifa_addr->sa_family;
        if (family == AF_INET)
            ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(a->ifa_addr)->sin_addr, text, sizeof text);
        else if (family == AF_INET6)
            ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(a->ifa_addr)->sin6_addr, text, sizeof text);
        else
            continue;
        if (const auto it = indexByName.constFind(QString::fromUtf8(a->ifa_name)); it != indexByName.cend())
            (*links)[*it].addresses.append(QString::fromLatin1(text));
    }
    ::freeifaddrs(list);
    return links;
}

QJsonObject netDetails(const Context &ctx)
{
    QJsonObject out;
    QStringList notes;

    // Listening sockets need no entering: /proc/PID/net shows the net namespace of PID.
    QJsonArray listening;
    for (const char *proto : {"tcp", "tcp6", "udp", "udp6"}) {
        const QByteArray name = QByteArrayLiteral("net/") + proto;
        const FileRead file = readFileAt(ctx.dirfd, name.constData(), SocketTableLimit);
        if (file.error == ENOENT)
            continue; // no IPv6 in this kernel
        if (file.error != 0)
            return ctx.readError(name.constData(), file.error);
        if (file.truncated)
            notes.append(QStringLiteral("%1 has more sockets than were read").arg(ctx.procPath(name.constData())));
        const QJsonArray sockets = detailsparse::parseListeningSockets(file.data, QLatin1String(proto));
        for (const QJsonValue &s : sockets) {
            if (listening.size() >= MaxListening)
                break;
            listening.append(s);
        }
    }

    QJsonArray interfaces;
    Fd nsFd;
    QJsonObject openError;
    const OpenResult opened = openNamespace(ctx, nsFd, openError);
    if (opened == OpenResult::Changed)
        return openError;
    std::optional<std::vector<Link>> links;
    int enterFailed = 0;
    if (opened == OpenResult::Ok)
        enterFailed = runInNamespace(nsFd.get(), CLONE_NEWNET, [&] { links = readInterfaces(); });
    if (links) {
        for (const Link &link : *links) {
            QString kind = link.kind;
            if (kind.isEmpty() && (link.flags & IFF_LOOPBACK))
                kind = QStringLiteral("loopback");
            interfaces.append(QJsonObject{
                {QStringLiteral("name"), link.name},
                {QStringLiteral("kind"), kind},
                {QStringLiteral("state"), (link.flags & IFF_UP) ? QStringLiteral("up") : QStringLiteral("down")},
                {QStringLiteral("addresses"), QJsonArray::fromStringList(link.addresses)},
            });
        }
    } else {
        // Without entering the namespace, /proc/PID/net/dev still names its interfaces.
        const FileRead dev = readFileAt(ctx.dirfd, "net/dev", SmallFileLimit * 16);
        if (dev.error != 0)
            return ctx.readError("net/dev", dev.error);
        const QStringList names = detailsparse::parseNetDevNames(dev.data);
        for (const QString &name : names) {
            interfaces.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QString()},
                                          {QStringLiteral("state"), QString()}, {QStringLiteral("addresses"), QJsonArray()}});
        }
        const QString why = opened != OpenResult::Ok ? openError.value(QStringLiteral("error")).toString()
            : enterFailed            ? enterError(ctx, enterFailed)
                                     : QStringLiteral("the interface list of %1 could not be read").arg(ctx.nsText());
        notes.append(why + QStringLiteral(": interface names only, from /proc/%1/net/dev").arg(ctx.request.pid));
    }

    out.insert(QStringLiteral("interfaces"), interfaces);
    out.insert(QStringLiteral("listening"), listening);
    if (!notes.isEmpty())
        out.insert(QStringLiteral("note"), notes.join(QStringLiteral("; ")));
    return out;
}

// ---- uts, ipc: only answered from inside ----

QJsonObject utsDetails(const Context &ctx)
{
    Fd nsFd;
    QJsonObject openError;
    if (openNamespace(ctx, nsFd, openError) != OpenResult::Ok)
        return openError;
    utsname names{};
    int unameError = 0;
    const int error = runInNamespace(nsFd.get(), CLONE_NEWUTS, [&] {
        if (::uname(&names) != 0)
            unameError = errno;
    });
    if (error != 0)
        return errorObject(enterError(ctx, error));
    if (unameError != 0)
        return errorObject(QStringLiteral("uname: %1").arg(errorText(unameError)));
    // The fields are NUL-terminated arrays; strnlen keeps a broken one from running past its end.
    return QJsonObject{
        {QStringLiteral("hostname"), QString::fromUtf8(names.nodename, qsizetype(::strnlen(names.nodename, sizeof names.nodename)))},
        {QStringLiteral("domainname"), QString::fromUtf8(names.domainname, qsizetype(::strnlen(names.domainname, sizeof names.domainname)))},
    };
}

QJsonObject ipcDetails(const Context &ctx)
{
    Fd nsFd;
    QJsonObject openError;
    if (openNamespace(ctx, nsFd, openError) != OpenResult::Ok)
        return openError;
    // /proc/sysvipc/* list the objects of the ipc namespace of the task that opens them, so the thread that
    // entered the namespace opens them. POSIX message queues are left out: they are only listed by an mqueue
    // filesystem mounted from inside the namespace, and mounting one would mean a mount namespace of our own.
    const QByteArray sysvipc = QFile::encodeName(ctx.request.procRoot) + "/sysvipc/";
    std::array<FileRead, 3> files;
    constexpr std::array<const char *, 3> kinds = {"shm", "sem", "msg"};
    const int error = runInNamespace(nsFd.get(), CLONE_NEWIPC, [&] {
        for (std::size_t i = 0; i < kinds.size(); ++i)
            files[i] = readFileAt(AT_FDCWD, QByteArray(sysvipc + kinds[i]).constData(), SysvIpcLimit);
    });
    if (error != 0)
        return errorObject(enterError(ctx, error));
    QJsonObject out;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (files[i].error != 0)
            return errorObject(QStringLiteral("cannot read %1: %2")
                                   .arg(QString::fromLocal8Bit(QByteArray(sysvipc + kinds[i])), errorText(files[i].error)));
        if (files[i].truncated)
            out.insert(QStringLiteral("note"), QStringLiteral("some counts are cut short"));
        out.insert(QLatin1String(kinds[i]), detailsparse::countSysvIpcEntries(files[i].data));
    }
    return out;
}

// ---- read from /proc/PID ----

QJsonObject mntDetails(const Context &ctx)
{
    const FileRead file = readFileAt(ctx.dirfd, "mountinfo", MountinfoLimit);
    if (file.error != 0)
        return ctx.readError("mountinfo", file.error);
    QJsonObject out = detailsparse::parseMountinfo(file.data);
    if (file.truncated)
        out.insert(QStringLiteral("note"), QStringLiteral("the mount table is larger than was read"));
    return out;
}

QJsonObject timeDetails(const Context &ctx)
{
    // timens_offsets shows the offsets of the time namespace the process's children get (time_for_children),
    // which is its own one except between unshare(CLONE_NEWTIME) and its first fork.
    char link[64];
    const ssize_t n = ::readlinkat(ctx.dirfd, "ns/time_for_children", link, sizeof link);
    if (n < 0)
        return ctx.readError("ns/time_for_children", errno);
    const auto forChildren = procparse::parseNamespaceLink(std::string_view(link, std::size_t(n)));
    if (!forChildren || forChildren->id != ctx.request.id)
        return errorObject(QStringLiteral("the offsets of %1 cannot be read through process %2: its timens_offsets "
                                          "shows the time namespace its children will get")
                               .arg(ctx.nsText())
                               .arg(ctx.request.pid));
    const FileRead file = readFileAt(ctx.dirfd, "timens_offsets", SmallFileLimit);
    if (file.error != 0)
        return ctx.readError("timens_offsets", file.error);
    return detailsparse::parseTimensOffsets(file.data);
}

QJsonObject cgroupDetails(const Context &ctx)
{
    // An approximation: a cgroup namespace's root is the cgroup its creator was in when it called
    // unshare(CLONE_NEWCGROUP) or clone(); nothing in /proc tells it afterwards. The member's current cgroup, as
    // this process's cgroup namespace shows it, is that root unless the member was moved to a child (or
    // elsewhere) since. The path is relative to the root of the reader's own cgroup namespace.
    const FileRead file = readFileAt(ctx.dirfd, "cgroup", SmallFileLimit);
    if (file.error != 0)
        return ctx.readError("cgroup", file.error);
    return QJsonObject{{QStringLiteral("root"), detailsparse::parseCgroupRoot(file.data)}};
}

QJsonArray idMapJson(const QList<IdMapRange> &ranges)
{
    QJsonArray out;
    for (const IdMapRange &r : ranges)
        out.append(QJsonArray{qint64(r.inside), qint64(r.outside), qint64(r.count)});
    return out;
}

QJsonObject userDetails(const Context &ctx)
{
    // The maps are shown as seen from the reader's user namespace, which for the host view is the initial one.
    const FileRead uidMap = readFileAt(ctx.dirfd, "uid_map", SmallFileLimit);
    if (uidMap.error != 0)
        return ctx.readError("uid_map", uidMap.error);
    const FileRead gidMap = readFileAt(ctx.dirfd, "gid_map", SmallFileLimit);
    if (gidMap.error != 0)
        return ctx.readError("gid_map", gidMap.error);
    QJsonObject out{
        {QStringLiteral("uidMap"), idMapJson(procparse::parseIdMap(uidMap.data))},
        {QStringLiteral("gidMap"), idMapJson(procparse::parseIdMap(gidMap.data))},
    };
    const FileRead setgroups = readFileAt(ctx.dirfd, "setgroups", SmallFileLimit);
    if (setgroups.error == 0)
        out.insert(QStringLiteral("setgroups"), procparse::decodeProcText(QByteArrayView(setgroups.data).trimmed()));
    return out;
}

QJsonObject pidDetails(const Context &ctx)
{
    const FileRead file = readFileAt(ctx.dirfd, "status", SmallFileLimit);
    if (file.error != 0)
        return ctx.readError("status", file.error);
    const auto status = procparse::parseStatus(file.data);
    if (!status || status->nspid.isEmpty())
        return errorObject(QStringLiteral("%1 has no NSpid line (a kernel before 4.1?)").arg(ctx.procPath("status")));
    // NSpid lists the pid in each pid namespace from the outermost in; the process is a member of the last one.
    return QJsonObject{{QStringLiteral("pidOfFirstMember"), status->nspid.last()}};
}

int skipMountinfoLine(libmnt_table *table, const char *, int)
{
    ++*static_cast<int *>(mnt_table_get_userdata(table));
    return 1; // recoverable: skip the line, go on parsing
}

} // namespace

// ---- parsers ----

namespace detailsparse {

std::optional<QString> decodeHexAddress(QByteArrayView hex)
{
    if ((hex.size() != 8 && hex.size() != 32) || !isUpperOrLowerHex(hex))
        return std::nullopt;
    // The kernel prints each 32-bit word of the address as a number, so each word read back as a number and
    // stored natively gives the address bytes in network order again, whatever the host's endianness.
    std::array<std::uint32_t, 4> words{};
    const qsizetype count = hex.size() / 8;
    for (qsizetype i = 0; i < count; ++i) {
        const auto word = toNumber<std::uint32_t>(hex.sliced(i * 8, 8), 16);
        if (!word)
            return std::nullopt;
        words[std::size_t(i)] = *word;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (!::inet_ntop(count == 1 ? AF_INET : AF_INET6, words.data(), text, sizeof text))
        return std::nullopt;
    return QString::fromLatin1(text);
}

QJsonArray parseListeningSockets(QByteArrayView text, const QString &proto)
{
    const bool udp = proto.startsWith(QLatin1String("udp"));
    // TCP_LISTEN, or for udp TCP_CLOSE: a bound socket with no peer (connected ones show 01, "established").
    const QByteArrayView wanted = udp ? QByteArrayView("07") : QByteArrayView("0A");
    QJsonArray out;
    QSet<QString> seen;
    procparse::forEachLine(text, [&](QByteArrayView line) {
        // "  sl  local_address rem_address   st ...": "0: 0100007F:1F90 00000000:0000 0A ..."
        std::array<QByteArrayView, 4> fields;
        if (splitFields(line, fields) < 4 || !fields[0].endsWith(':') || fields[3].compare(wanted, Qt::CaseInsensitive) != 0)
            return;
        const QByteArrayView local = fields[1];
        const qsizetype colon = local.indexOf(':');
        if (colon < 0)
            return;
        const auto address = decodeHexAddress(local.first(colon));
        const QByteArrayView portHex = local.sliced(colon + 1);
        const auto port = portHex.size() == 4 ? toNumber<quint16>(portHex, 16) : std::nullopt;
        if (!address || !port)
            return;
        const QString key = *address + QLatin1Char(' ') + QString::number(*port);
        if (seen.contains(key))
            return;
        seen.insert(key);
        out.append(QJsonObject{{QStringLiteral("proto"), proto}, {QStringLiteral("address"), *address},
                               {QStringLiteral("port"), int(*port)}});
    });
    return out;
}

QJsonObject parseTimensOffsets(QByteArrayView text)
{
    QJsonObject out;
    procparse::forEachLine(text, [&](QByteArrayView line) {
        // "monotonic           0         0": the clock by name (older kernels printed its clockid), s, ns.
        std::array<QByteArrayView, 4> fields;
        if (splitFields(line, fields) != 3)
            return;
        const auto seconds = toNumber<qint64>(fields[1]);
        const auto nanoseconds = toNumber<qint64>(fields[2]);
        if (!seconds || !nanoseconds || *nanoseconds < 0 || *nanoseconds >= 1000000000)
            return;
        QString key;
        if (fields[0] == "monotonic" || fields[0] == "1") // CLOCK_MONOTONIC
            key = QStringLiteral("monotonicOffset");
        else if (fields[0] == "boottime" || fields[0] == "7") // CLOCK_BOOTTIME
            key = QStringLiteral("boottimeOffset");
        else
            return;
        // JSON numbers are doubles: offsets beyond 2^53 s are not meaningful anyway (the kernel limits them to
        // about 146 years), but say so rather than round silently.
        if (*seconds > (qint64(1) << 53) || *seconds < -(qint64(1) << 53))
            return;
        out.insert(key, QJsonArray{*seconds, *nanoseconds});
    });
    return out;
}

QStringList parseNetDevNames(QByteArrayView text)
{
    QStringList names;
    int lineNumber = 0;
    procparse::forEachLine(text, [&](QByteArrayView line) {
        if (++lineNumber <= 2 || names.size() >= MaxInterfaces) // "Inter-|   Receive ..." and " face |bytes ..."
            return;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return;
        const QByteArrayView name = line.first(colon).trimmed();
        // Interface names are at most IFNAMSIZ - 1 bytes and never contain '/', ':' or white space.
        if (name.isEmpty() || name.size() >= IFNAMSIZ || name.contains('/'))
            return;
        names.append(procparse::decodeProcText(name));
    });
    return names;
}

QString parseCgroupRoot(QByteArrayView text)
{
    std::optional<QByteArrayView> first;
    std::optional<QByteArrayView> unified;
    procparse::forEachLine(text, [&](QByteArrayView line) {
        // "hierarchy-id:controllers:path"; the path may itself contain ':'.
        const qsizetype a = line.indexOf(':');
        const qsizetype b = a < 0 ? -1 : line.indexOf(':', a + 1);
        if (b < 0)
            return;
        const QByteArrayView path = line.sliced(b + 1);
        if (!path.startsWith('/'))
            return;
        if (!first)
            first = path;
        if (!unified && line.startsWith("0::"))
            unified = path;
    });
    if (unified)
        return procparse::decodeProcText(*unified);
    return first ? procparse::decodeProcText(*first) : QString();
}

int countSysvIpcEntries(QByteArrayView text)
{
    int count = 0;
    bool header = true;
    procparse::forEachLine(text, [&](QByteArrayView line) {
        if (header) { // "       key      shmid perms ..."
            header = false;
            return;
        }
        if (!line.trimmed().isEmpty())
            ++count;
    });
    return count;
}

QJsonObject parseMountinfo(QByteArrayView text, int maxListed)
{
    QJsonObject out;
    QJsonArray list;
    int mounts = 0;
    int unparsed = 0;
    // libmount parses a FILE; fmemopen gives it one over a copy of the text, without a temporary file and
    // without letting libmount re-read /proc (what is parsed is what was checked before and after). The copy
    // also guarantees the NUL-free, writable buffer fmemopen wants: a NUL would end libmount's line early.
    QByteArray copy = text.toByteArray();
    copy.replace('\0', ' ');
    if (!copy.isEmpty()) {
        FILE *stream = ::fmemopen(copy.data(), std::size_t(copy.size()), "r");
        libmnt_table *table = stream ? mnt_new_table() : nullptr;
        if (table) {
            mnt_table_set_userdata(table, &unparsed);
            mnt_table_set_parser_errcb(table, &skipMountinfoLine);
            if (mnt_table_parse_stream(table, stream, "mountinfo") == 0) {
                mounts = mnt_table_get_nents(table);
                libmnt_iter *iter = mnt_new_iter(MNT_ITER_FORWARD);
                libmnt_fs *fs = nullptr;
                auto str = [](const char *s) { return s ? QString::fromUtf8(s) : QString(); };
                while (iter && list.size() < maxListed && mnt_table_next_fs(table, iter, &fs) == 0) {
                    list.append(QJsonObject{
                        {QStringLiteral("target"), str(mnt_fs_get_target(fs))},
                        {QStringLiteral("source"), str(mnt_fs_get_source(fs))},
                        {QStringLiteral("fstype"), str(mnt_fs_get_fstype(fs))},
                        {QStringLiteral("options"), str(mnt_fs_get_options(fs))},
                    });
                }
                mnt_free_iter(iter);
            } else {
                out.insert(QStringLiteral("error"), QStringLiteral("libmount could not parse the mount table"));
            }
            mnt_unref_table(table);
        }
        if (stream)
            std::fclose(stream);
        if (!table && !out.contains(QStringLiteral("error")))
            out.insert(QStringLiteral("error"), QStringLiteral("out of memory parsing the mount table"));
    }
    if (out.contains(QStringLiteral("error")))
        return out;
    out.insert(QStringLiteral("mounts"), mounts);
    out.insert(QStringLiteral("mountList"), list);
    if (unparsed > 0)
        out.insert(QStringLiteral("unparsedLines"), unparsed);
    return out;
}

} // namespace detailsparse

QJsonObject readNamespaceDetails(const DetailsRequest &request)
{
    if (request.pid <= 0)
        return errorObject(QStringLiteral("no member process to read the namespace through"));
    const QByteArray dirPath = QFile::encodeName(request.procRoot) + '/' + QByteArray::number(request.pid);
    Fd dir(::open(dirPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid()) {
        const int error = errno;
        if (error == ENOENT || error == ESRCH)
            return errorObject(QStringLiteral("process %1 has exited").arg(request.pid));
        return errorObject(QStringLiteral("cannot open %1: %2").arg(QFile::decodeName(dirPath), errorText(error)));
    }
    const Context ctx{request, dir.get(), QByteArrayLiteral("ns/") + namespaceTypeKey(request.type)};
    if (auto notMember = checkMembership(ctx))
        return *notMember;

    QJsonObject details;
    switch (request.type) {
    case NamespaceType::Net:
        details = netDetails(ctx);
        break;
    case NamespaceType::Uts:
        details = utsDetails(ctx);
        break;
    case NamespaceType::Ipc:
        details = ipcDetails(ctx);
        break;
    case NamespaceType::Mnt:
        details = mntDetails(ctx);
        break;
    case NamespaceType::Time:
        details = timeDetails(ctx);
        break;
    case NamespaceType::Cgroup:
        details = cgroupDetails(ctx);
        break;
    case NamespaceType::User:
        details = userDetails(ctx);
        break;
    case NamespaceType::Pid:
        details = pidDetails(ctx);
        break;
    }
    if (details.contains(QStringLiteral("error")))
        return details;
    // What was read through /proc/PID is only the namespace's if the process was still in it afterwards.
    if (auto notMember = checkMembership(ctx))
        return *notMember;
    return details;
}

} // namespace nsviz
