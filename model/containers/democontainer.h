#pragma once

// One demo container as DemoRuntime tracks it. The namespaces are read back from /proc/PID/ns of its first process
// once it runs, never taken from the spec.

#include "containerspec.h"

#include "snapshot/namespacetype.h"

#include <QByteArray>
#include <QString>

namespace nsviz {

struct DemoContainer
{
    enum class State { Running, Exited };

    QString id; // unique within one DemoRuntime: "1", "2", ...
    QString name;
    ContainerSpec spec; // as started; for a rootless start with User added
    qint32 initPid = 0; // host pid of the container's first process (PID 1 inside when it has a pid namespace)
    qint32 shimPid = 0; // host pid of the runtime's child that waits for it (outside the container's namespaces)
    NamespaceSet namespaces; // of initPid, read back from /proc after the command started
    QString vethHost; // name of the host end of the veth pair, empty without one
    State state = State::Running;
    QString exitDescription; // "exited with code 1", "killed by signal 9", "stopped"
    QByteArray output; // the last 16 KiB the container wrote to its standard output and error
};

} // namespace nsviz
