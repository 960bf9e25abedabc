#include "containerspec.h"

#include <QSet>

#include <arpa/inet.h>

namespace nsviz {

namespace {

constexpr int HostNameMax = 64; // HOST_NAME_MAX: what sethostname(2) accepts
constexpr int LabelMax = 63; // RFC 1035/1123

bool isLabelChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-';
}

bool inSubnet(quint32 a, quint32 net, int prefix)
{
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    return (a & mask) == (net & mask);
}

// 10/8, 172.16/12, 192.168/16: veth addresses never collide with routable ones.
bool isPrivateIpv4(quint32 a)
{
    return inSubnet(a, 0x0a000000, 8) || inSubnet(a, 0xac100000, 12) || inSubnet(a, 0xc0a80000, 16);
}

QString idMapProblem(const char *which, const QList<IdMapRange> &map)
{
    if (map.size() > 340) // the kernel's limit of lines per map
        return QStringLiteral("the %1 has more than 340 ranges, the kernel's limit").arg(QLatin1String(which));
    for (qsizetype i = 0; i < map.size(); ++i) {
        const IdMapRange &r = map.at(i);
        if (r.count == 0)
            return QStringLiteral("range %1 of the %2 maps no ids: its count is 0").arg(i + 1).arg(QLatin1String(which));
        if (quint64(r.inside) + r.count > 0xffffffffULL || quint64(r.outside) + r.count > 0xffffffffULL)
            return QStringLiteral("range %1 of the %2 runs past id 4294967294").arg(i + 1).arg(QLatin1String(which));
        for (qsizetype j = 0; j < i; ++j) {
            const IdMapRange &o = map.at(j);
            const bool insideOverlap = r.inside < o.inside + o.count && o.inside < r.inside + r.count;
            const bool outsideOverlap = r.outside < o.outside + o.count && o.outside < r.outside + r.count;
            if (insideOverlap || outsideOverlap)
                return QStringLiteral("ranges %1 and %2 of the %3 overlap").arg(j + 1).arg(i + 1).arg(QLatin1String(which));
        }
    }
    return {};
}

QString offsetProblem(const char *clock, const std::optional<ContainerSpec::ClockOffset> &o)
{
    if (!o)
        return {};
    if (o->nanoseconds < 0 || o->nanoseconds >= 1000000000)
        return QStringLiteral("the %1 offset's nanoseconds must be 0 to 999999999").arg(QLatin1String(clock));
    // The kernel refuses offsets that would put the clock before 0 or beyond KTIME_MAX / 2; ten years either way
    // keeps well inside what every uptime allows.
    constexpr qint64 tenYears = 10LL * 366 * 24 * 3600;
    if (o->seconds > tenYears || o->seconds < -tenYears)
        return QStringLiteral("the %1 offset is more than ten years; choose a smaller one").arg(QLatin1String(clock));
    return {};
}

} // namespace

std::optional<quint32> parseIpv4(const QString &text)
{
    in_addr a{};
    if (text.isEmpty() || ::inet_pton(AF_INET, text.toLatin1().constData(), &a) != 1)
        return std::nullopt;
    return ntohl(a.s_addr);
}

QString hostnameProblem(const QString &hostname)
{
    if (hostname.isEmpty())
        return QStringLiteral("the hostname is empty");
    if (hostname.size() > HostNameMax)
        return QStringLiteral("hostname \"%1\" is %2 characters long; at most %3 are allowed").arg(hostname).arg(hostname.size()).arg(HostNameMax);
    const QStringList labels = hostname.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty())
            return QStringLiteral("hostname \"%1\" has an empty part between dots (or starts or ends with a dot)").arg(hostname);
        if (label.size() > LabelMax)
            return QStringLiteral("hostname \"%1\": the part \"%2\" is longer than %3 characters").arg(hostname, label).arg(LabelMax);
        for (QChar c : label) {
            if (!isLabelChar(c))
                return QStringLiteral("hostname \"%1\" contains '%2'; only letters a-z, digits, '-' and '.' are allowed")
                    .arg(hostname, c.isPrint() ? QString(c) : QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return QStringLiteral("hostname \"%1\": the part \"%2\" starts or ends with '-'").arg(hostname, label);
    }
    return {};
}

QStringList ContainerSpec::validate() const
{
    QStringList problems;
    if (QSet<NamespaceType>(newNamespaces.begin(), newNamespaces.end()).size() != newNamespaces.size())
        problems << QStringLiteral("a namespace type is listed twice");
    // Without a pid namespace of its own, a process of the container that forks and calls setsid() escapes every
    // way of ending it with the container or with nsviz (and keeps its namespaces alive); with one, the kernel ends
    // them all when the first process dies.
    if (!unshares(NamespaceType::Pid))
        problems << QStringLiteral("a demo container needs a pid namespace of its own: it is what ends every process of "
                                   "the container when it stops or nsviz quits; add pid");

    if (!hostname.isEmpty()) {
        if (const QString p = hostnameProblem(hostname); !p.isEmpty())
            problems << p;
        if (!unshares(NamespaceType::Uts))
            problems << QStringLiteral("setting a hostname needs a uts namespace of its own; without one it would rename the host");
    }

    if (command.isEmpty() || command.first().isEmpty()) {
        problems << QStringLiteral("the command is empty; give the program to run and its arguments");
    } else {
        for (qsizetype i = 0; i < command.size(); ++i) {
            if (command.at(i).contains(QChar(0)))
                problems << QStringLiteral("argument %1 of the command contains a NUL character, which no program can receive").arg(i);
        }
        if (command.first().contains(u'/') && !command.first().startsWith(u'/'))
            problems << QStringLiteral("the program \"%1\" is a relative path; give a name looked up in PATH or an absolute path").arg(command.first());
    }

    if (rootFs == RootFs::Busybox && !unshares(NamespaceType::Mnt))
        problems << QStringLiteral("a root filesystem of its own needs a mount namespace; add mnt or choose the host's root");
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString &path = it.key();
        if (rootFs == RootFs::Host && !unshares(NamespaceType::Mnt)) {
            problems << QStringLiteral("replacing files of the host's root needs a mount namespace of its own (%1); add mnt").arg(path);
            break;
        }
        if (!path.startsWith(u'/') || path.endsWith(u'/') || path.contains(QStringLiteral("//")) || path.contains(QChar(0))
            || path.split(u'/').contains(QStringLiteral("..")) || path.split(u'/').contains(QStringLiteral(".")))
            problems << QStringLiteral("the file path \"%1\" must be absolute, without '.', '..' or empty parts").arg(path);
        else if (path == QStringLiteral("/proc") || path.startsWith(QStringLiteral("/proc/")) || path.startsWith(QStringLiteral("/dev/"))
                 || path == QStringLiteral("/bin/busybox"))
            problems << QStringLiteral("the file path \"%1\" is reserved by the runtime").arg(path);
    }

    if (!unshares(NamespaceType::User) && (!uidMap.isEmpty() || !gidMap.isEmpty()))
        problems << QStringLiteral("uid/gid maps need a user namespace of its own; add user");
    if (const QString p = idMapProblem("uid map", uidMap); !p.isEmpty())
        problems << p;
    if (const QString p = idMapProblem("gid map", gidMap); !p.isEmpty())
        problems << p;

    if ((monotonicOffset || boottimeOffset) && !unshares(NamespaceType::Time))
        problems << QStringLiteral("clock offsets need a time namespace of its own; add time");
    if (const QString p = offsetProblem("monotonic", monotonicOffset); !p.isEmpty())
        problems << p;
    if (const QString p = offsetProblem("boottime", boottimeOffset); !p.isEmpty())
        problems << p;

    if (network == Network::Down && !unshares(NamespaceType::Net))
        problems << QStringLiteral("leaving lo down needs a net namespace of its own; add net");
    if (network == Network::Veth) {
        if (!unshares(NamespaceType::Net))
            problems << QStringLiteral("a veth pair needs a net namespace of its own; add net");
        if (prefixLength < 8 || prefixLength > 30)
            problems << QStringLiteral("the veth prefix length must be 8 to 30, not %1").arg(prefixLength);
        if (hostAddress.isEmpty() != containerAddress.isEmpty())
            problems << QStringLiteral("give both veth addresses, or neither for automatic ones");
        for (const QString &a : {hostAddress, containerAddress}) {
            if (a.isEmpty())
                continue;
            const std::optional<quint32> address = parseIpv4(a);
            if (!address)
                problems << QStringLiteral("veth address \"%1\" is not an IPv4 address").arg(a);
            else if (!isPrivateIpv4(*address))
                problems << QStringLiteral("veth address %1 is not in a private range (10/8, 172.16/12, 192.168/16)").arg(a);
        }
        if (!hostAddress.isEmpty() && hostAddress == containerAddress)
            problems << QStringLiteral("the two veth ends need different addresses");
        else if (parseIpv4(hostAddress) && parseIpv4(containerAddress)
                 && !inSubnet(*parseIpv4(hostAddress), *parseIpv4(containerAddress), prefixLength))
            problems << QStringLiteral("veth addresses %1 and %2 are not in one /%3 subnet").arg(hostAddress, containerAddress).arg(prefixLength);
    }

    if (!joinContainer.isEmpty()) {
        if (joinNamespaces.isEmpty())
            problems << QStringLiteral("a container to join is named, but no namespace type to join");
        for (NamespaceType t : joinNamespaces) {
            if (unshares(t))
                problems << QStringLiteral("%1 is both joined and new; choose one").arg(QLatin1String(namespaceTypeKey(t)));
            if (t == NamespaceType::User || t == NamespaceType::Mnt || t == NamespaceType::Pid || t == NamespaceType::Time)
                problems << QStringLiteral("joining another container's %1 namespace is not supported; only cgroup, ipc, net and uts")
                                .arg(QLatin1String(namespaceTypeKey(t)));
        }
        // The joined namespaces belong to the other container's user namespace; entering them from a new one would
        // lack the capabilities, and its maps would have to name ids of the other's user namespace.
        if (unshares(NamespaceType::User))
            problems << QStringLiteral("a container that joins another's namespaces cannot have a user namespace of its own; leave out user");
        if (joins(NamespaceType::Uts) && !hostname.isEmpty())
            problems << QStringLiteral("a joined uts namespace keeps the other container's hostname; leave the hostname empty");
    } else if (!joinNamespaces.isEmpty()) {
        problems << QStringLiteral("namespaces to join are listed, but no container to join");
    }

    if (sysvShmKey != 0 && (sysvShmSize <= 0 || sysvShmSize > (1 << 24)))
        problems << QStringLiteral("the shared memory segment must be 1 byte to 16 MiB");
    if (sysvShmKey != 0 && !unshares(NamespaceType::Ipc))
        problems << QStringLiteral("a shared memory segment without an ipc namespace of its own would be the host's; add ipc");
    return problems;
}

} // namespace nsviz
