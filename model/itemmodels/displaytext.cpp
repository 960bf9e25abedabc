#include "displaytext.h"

#include "io/escape.h"

#include <QHash>
#include <QLocale>
#include <QMutex>

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
    // One line in a cell or a title: comm and argv may hold newlines and other control characters.
    return escape::visible(text);
}

QString toolTip(const QString &lines)
{
    QStringList out = lines.split(QLatin1Char('\n'));
    for (QString &line : out)
        line = oneLine(line).toHtmlEscaped();
    return QStringLiteral("<p style='white-space:pre'>") + out.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
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

} // namespace nsviz::text
