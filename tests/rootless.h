#pragma once

// What a test that runs something as uid 65534 (setpriv --reuid=65534) needs to know first: whether this host lets an
// unprivileged user create user namespaces (rootless mode needs them), and whether nobody can reach the program at
// all (a build directory under a private home cannot be).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace nsviz::testing {

inline bool userNamespacesDisabled(QString *why)
{
    QFile max(QStringLiteral("/proc/sys/user/max_user_namespaces"));
    if (max.open(QIODevice::ReadOnly) && max.readAll().trimmed() == "0") {
        *why = QStringLiteral("user.max_user_namespaces is 0");
        return true;
    }
    QFile clone(QStringLiteral("/proc/sys/kernel/unprivileged_userns_clone"));
    if (clone.open(QIODevice::ReadOnly) && clone.readAll().trimmed() == "0") {
        *why = QStringLiteral("kernel.unprivileged_userns_clone is 0");
        return true;
    }
    QFile apparmor(QStringLiteral("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"));
    if (apparmor.open(QIODevice::ReadOnly) && apparmor.readAll().trimmed() == "1") {
        *why = QStringLiteral("kernel.apparmor_restrict_unprivileged_userns is 1");
        return true;
    }
    return false;
}

// Whether uid 65534 can run this file: it and every directory above it are open to others.
inline bool othersCanRun(const QString &path)
{
    QFileInfo fi(path);
    if (!fi.permissions().testFlag(QFile::ExeOther))
        return false;
    for (QDir dir = fi.absoluteDir(); !dir.isRoot(); dir.cdUp()) {
        if (!QFileInfo(dir.absolutePath()).permissions().testFlag(QFile::ExeOther))
            return false;
    }
    return true;
}

} // namespace nsviz::testing
