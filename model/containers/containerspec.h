#pragma once

// What a demo container should be: which namespaces it gets, what runs in it and on which root filesystem. A plain
// value; validate() checks what can be checked without looking at the host (DemoRuntime::check() adds the host).

#include "snapshot/namespacetype.h"
#include "snapshot/snapshot.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace nsviz {

struct ContainerSpec
{
    enum class RootFs {
        Busybox, // a minimal root built from /bin/busybox in a tmpfs that lives in the container's mount namespace
        Host, // the host's root, with the container's mounts private to its mount namespace
    };
    enum class Network {
        Loopback, // only lo (in its own net namespace if Net is in newNamespaces)
        Veth, // also a veth pair host <-> container (root only, needs Net in newNamespaces)
        Down, // only lo, left down as the kernel makes it (needs Net in newNamespaces): what a bare `unshare --net` gives
    };
    // A clock offset of a time namespace.
    struct ClockOffset
    {
        qint64 seconds = 0;
        qint64 nanoseconds = 0;
        friend bool operator==(const ClockOffset &, const ClockOffset &) = default;
    };

    QString name; // shown to people; need not be unique
    QList<NamespaceType> newNamespaces; // a set: the types the container does not share with the host
    QString hostname; // empty: keep the inherited one; otherwise needs Uts
    QStringList command; // argv; argv[0] a name or path resolved inside the container's root; never a shell line
    RootFs rootFs = RootFs::Busybox;
    // Absolute path -> content, in place before the command starts. In the busybox root any path; on the host's root
    // (needs Mnt) only existing regular files, replaced by a bind mount that only the container's mount namespace sees.
    QMap<QString, QByteArray> files;
    // Only with User. Empty: 0 inside maps to the invoking uid/gid (rootless) or, as root, to root itself.
    QList<IdMapRange> uidMap;
    QList<IdMapRange> gidMap;
    std::optional<ClockOffset> monotonicOffset; // only with Time
    std::optional<ClockOffset> boottimeOffset;
    Network network = Network::Loopback;
    QString hostAddress; // veth: IPv4 of the host end, empty for an automatic one in 10.231.0.0/16
    QString containerAddress; // veth: IPv4 of eth0 in the container
    int prefixLength = 30;
    // Join these namespaces of a running container (its id in DemoRuntime) instead of sharing the host's: a pod. Such a
    // container has no user namespace of its own; unprivileged, it enters the other container's.
    QString joinContainer;
    QList<NamespaceType> joinNamespaces;
    // Created inside the container's ipc namespace before the command starts (0: none): shows IPC isolation.
    qint32 sysvShmKey = 0;
    qint32 sysvShmSize = 4096;

    bool unshares(NamespaceType type) const { return newNamespaces.contains(type); }
    bool joins(NamespaceType type) const { return !joinContainer.isEmpty() && joinNamespaces.contains(type); }

    // Every rule this spec breaks, each as one sentence that says what to change; empty if none.
    QStringList validate() const;

    friend bool operator==(const ContainerSpec &, const ContainerSpec &) = default;
};

// Why `hostname` is not a valid hostname (RFC 1123 labels separated by dots, at most 64 characters), or an empty
// string if it is.
QString hostnameProblem(const QString &hostname);

// A dotted-quad IPv4 address in host byte order, or std::nullopt.
std::optional<quint32> parseIpv4(const QString &text);

} // namespace nsviz
