#include "displaytext.h"

#include "io/escape.h"

#include <QHash>
#include <QLocale>
#include <QMutex>

#include <algorithm>

#include <pwd.h>
#include <unistd.h>

namespace nsviz::text {

QString userName(quint32 uid)
{
    // getpwuid_r can touch NSS (files, LDAP...): ask once per uid.
    static QMutex mutex;
    static QHash<quint32, QString> cache;
    const QMutexLocker lock(&mutex);
    if (const auto it = cache.constFind(uid); it != cache.constEnd())
        return *it;
    QString name = QString::number(uid);
    struct passwd pw;
    struct passwd *result = nullptr;
    char buf[4096];
    if (::getpwuid_r(uid_t(uid), &pw, buf, sizeof buf, &result) == 0 && result)
        name = QString::fromLocal8Bit(result->pw_name);
    cache.insert(uid, name);
    return name;
}

QString command(const ProcessInfo &process)
{
    if (process.cmdline.isEmpty())
        return QLatin1Char('[') + oneLine(process.comm) + QLatin1Char(']');
    return oneLine(process.cmdline.join(QLatin1Char(' ')));
}

QString oneLine(QString text)
{
    // One line in a cell or a title, shown as it is: comm, argv and hostnames may hold newlines and other control
    // characters, line separators, invisible format characters (a right-to-left override turns the rest of a
    // title around) and code points no text may hold (U+FFFE, a lone surrogate). escape::visible() is the one
    // layer that cleans them, for the GUI and every export alike.
    return escape::visible(text);
}

QString toolTip(const QString &lines)
{
    QStringList out = lines.split(QLatin1Char('\n'));
    for (QString &line : out)
        line = oneLine(line).toHtmlEscaped();
    return QStringLiteral("<p style='white-space:pre'>") + out.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
}

QString breakable(const QString &text, int run)
{
    QString out;
    out.reserve(text.size() + text.size() / run);
    int since = 0; // characters since the last place a line could break
    for (QChar c : text) {
        if (c.isSpace())
            since = 0;
        else if (++since > run) {
            out.append(QChar(0x200B));
            since = 1;
        }
        out.append(c);
    }
    return out;
}

QString container(const ContainerLabel &label)
{
    // From a cgroup path (or an engine's answer): as free to hold any character as a process name.
    return oneLine(label.engine + QLatin1Char(' ') + (label.name.isEmpty() ? label.id.left(12) : label.name));
}

QString namespaceLink(NamespaceType type, NamespaceId id)
{
    return namespaceTypeName(type) + QStringLiteral(":[") + QString::number(id) + QLatin1Char(']');
}

QString count(qsizetype n, const char *one, const char *many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

const ProcessInfo *setLeader(const Snapshot &snapshot, const QList<qint32> &pids)
{
    const ProcessInfo *first = nullptr;
    for (qint32 pid : pids) {
        const ProcessInfo *p = snapshot.process(pid);
        if (!p)
            continue;
        if (!first)
            first = p;
        // pids are sorted: a binary search finds the parent among them.
        if (!std::binary_search(pids.cbegin(), pids.cend(), p->ppid))
            return p;
    }
    return first;
}

QString ownHostname(const Snapshot &snapshot, const ProcessInfo &process)
{
    const NamespaceId uts = process.namespaces.set[NamespaceType::Uts];
    if (!uts || uts == snapshot.initialNamespaces()[NamespaceType::Uts])
        return {};
    const NamespaceInfo *n = snapshot.findNamespace(uts);
    return n ? oneLine(n->details.value(QLatin1String("hostname")).toString()) : QString();
}

QString containerOf(const Snapshot &snapshot, const ProcessInfo &process)
{
    if (process.container && !process.container->name.isEmpty())
        return oneLine(process.container->name);
    if (const QString host = ownHostname(snapshot, process); !host.isEmpty())
        return host;
    if (process.container)
        return oneLine(container(*process.container));
    return {};
}

QString namespaceName(const Snapshot &snapshot, const NamespaceInfo &ns)
{
    if (ns.initial)
        return QStringLiteral("host");
    if (ns.type == NamespaceType::Uts) {
        if (const QString host = oneLine(ns.details.value(QLatin1String("hostname")).toString()); !host.isEmpty())
            return host;
    }
    for (const BindMount &b : ns.bindMounts) {
        if (const QString name = oneLine(b.path.section(QLatin1Char('/'), -1)); !name.isEmpty())
            return name;
    }
    if (const ProcessInfo *leader = setLeader(snapshot, ns.processes))
        return containerName(snapshot, *leader);
    return {};
}

QString containerName(const Snapshot &snapshot, const ProcessInfo &leader)
{
    const QString name = containerOf(snapshot, leader);
    return name.isEmpty() ? oneLine(leader.comm) : name;
}

} // namespace nsviz::text
