#include "demoruntime_p.h"

#include "io/posixfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

namespace nsviz {

namespace demoimpl {

namespace {

QString readSysctl(const QString &procRoot, const char *relative)
{
    QByteArray text;
    if (!io::readFileAt(AT_FDCWD, QByteArray(QFile::encodeName(procRoot) + relative).constData(), text, 64))
        return {};
    return QString::fromLatin1(text.trimmed());
}

} // namespace

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

} // namespace demoimpl

using namespace demoimpl;

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

bool DemoRuntime::isPrivileged()
{
    return ::geteuid() == 0;
}

NamespaceSet DemoRuntime::namespacesOf(qint32 pid)
{
    return readNamespaces(pid);
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
