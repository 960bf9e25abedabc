#pragma once

// The namespace of one type a live process is in, read from its /proc/PID/ns link as lsns reads it: 0 where the
// process is gone or the link cannot be read. For tests that check what a runtime or the scanner made.
#include "scan/procparse.h"
#include "snapshot/namespacetype.h"

#include <QByteArray>

#include <unistd.h>

namespace nsviz::testing {

inline NamespaceId namespaceOf(qint32 pid, NamespaceType type)
{
    const QByteArray path = "/proc/" + QByteArray::number(pid) + "/ns/" + namespaceTypeKey(type);
    char buf[64];
    const ssize_t n = ::readlink(path.constData(), buf, sizeof buf);
    if (n <= 0)
        return 0;
    const auto link = procparse::parseNamespaceLink(std::string_view(buf, std::size_t(n)));
    return link && link->type == type ? link->id : 0;
}

} // namespace nsviz::testing
