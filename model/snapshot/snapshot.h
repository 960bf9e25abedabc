#pragma once

#include "namespacetype.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace nsviz {

// The namespaces of one task: the eight it is in, and the pid/time namespaces its children will get
// (they differ after unshare(CLONE_NEWPID/CLONE_NEWTIME) until the first fork).
struct TaskNamespaces
{
    NamespaceSet set;
    std::optional<NamespaceId> pidForChildren;
    std::optional<NamespaceId> timeForChildren;

    friend bool operator==(const TaskNamespaces &, const TaskNamespaces &) = default;
};

struct ThreadNamespaces
{
    qint32 tid = 0;
    TaskNamespaces namespaces;
    friend bool operator==(const ThreadNamespaces &, const ThreadNamespaces &) = default;
};

// Which container engine a process belongs to, as read from /proc/PID/cgroup.
struct ContainerLabel
{
    QString engine; // "docker", "podman", "containerd", "cri-o", "kubernetes", "systemd-nspawn", "lxc"
    QString id;
    QString name; // empty where it is not cheaply known
    friend bool operator==(const ContainerLabel &, const ContainerLabel &) = default;
};

struct ProcessInfo
{
    qint32 pid = 0;
    qint32 ppid = 0;
    qint32 tgid = 0;
    QString comm;
    QStringList cmdline; // argv; empty for kernel threads
    quint32 uid = 0;
    QString state; // one letter, as in /proc/PID/stat
    quint64 startTime = 0; // clock ticks after boot; (pid, startTime) identifies a process across pid reuse
    QList<qint32> nspid; // pid in each pid namespace, outermost first (NSpid in /proc/PID/status)
    TaskNamespaces namespaces;
    QList<ThreadNamespaces> threadsInOtherNamespaces;
    std::optional<ContainerLabel> container;

    bool isKernelThread() const { return cmdline.isEmpty() && (ppid == 2 || pid == 2); }
    friend bool operator==(const ProcessInfo &, const ProcessInfo &) = default;
};

struct BindMount
{
    QString path;           // mount point, as seen in the mount namespace below
    NamespaceId mntns = 0;  // the mount namespace in which the nsfs file is mounted
    friend bool operator==(const BindMount &, const BindMount &) = default;
};

struct FdHolder
{
    qint32 pid = 0;
    qint32 fd = 0;
    friend bool operator==(const FdHolder &, const FdHolder &) = default;
};

struct IdMapRange
{
    quint32 inside = 0;
    quint32 outside = 0;
    quint32 count = 0;
    friend bool operator==(const IdMapRange &, const IdMapRange &) = default;
};

struct NamespaceInfo
{
    NamespaceId id = 0;
    quint64 dev = 0;
    NamespaceType type = NamespaceType::Net;
    std::optional<NamespaceId> parent;  // pid and user namespaces (NS_GET_PARENT)
    std::optional<NamespaceId> owner;   // owning user namespace (NS_GET_USERNS)
    std::optional<quint32> ownerUid;    // user namespaces (NS_GET_OWNER_UID)
    bool initial = false;
    QList<qint32> tasks;     // every task (thread) in it, sorted
    QList<qint32> processes; // thread-group leaders with at least one task in it, sorted
    QList<BindMount> bindMounts;
    QList<FdHolder> fdHolders;
    QList<IdMapRange> uidMap; // user namespaces
    QList<IdMapRange> gidMap;
    QJsonObject details; // other type-specific details, kept as read (see DESIGN.md)

    bool isHeld() const { return !tasks.isEmpty() || !bindMounts.isEmpty() || !fdHolders.isEmpty(); }
    friend bool operator==(const NamespaceInfo &, const NamespaceInfo &) = default;
};

struct HostInfo
{
    QString hostname;
    QString kernel;
    QDateTime time;
    qint64 scannerUid = -1;
    bool complete = true; // false when some processes could not be inspected
    // Why the scan is incomplete beyond what it was not allowed to see (out of file descriptors or memory, a proc
    // tree holding a FIFO); empty when it is not. Such a snapshot is never complete.
    QString scanError = {};
    friend bool operator==(const HostInfo &, const HostInfo &) = default;
};

struct Inaccessible
{
    int processes = 0;
    QString reason;
    friend bool operator==(const Inaccessible &, const Inaccessible &) = default;
};

// Processes that share all eight namespaces: what the seed text calls a container.
struct NamespaceSetGroup
{
    NamespaceSet set;
    QList<qint32> pids; // sorted
};

// An immutable picture of the host's processes and namespaces at one moment, with indexes.
// Build one with the constructor (which sorts and indexes) and share it as SnapshotPtr.
class Snapshot
{
public:
    Snapshot() = default;
    Snapshot(HostInfo host, std::vector<ProcessInfo> processes, std::vector<NamespaceInfo> namespaces,
             Inaccessible inaccessible = {});

    const HostInfo &host() const { return m_host; }
    const Inaccessible &inaccessible() const { return m_inaccessible; }
    const std::vector<ProcessInfo> &processes() const { return m_processes; } // sorted by pid
    const std::vector<NamespaceInfo> &namespaces() const { return m_namespaces; } // sorted by (type, id)

    const ProcessInfo *process(qint32 pid) const;
    const NamespaceInfo *findNamespace(NamespaceId id) const;
    std::span<const NamespaceInfo> namespacesOfType(NamespaceType type) const;
    // Namespace sets in a stable order (largest first, then by set), each with its member pids.
    const std::vector<NamespaceSetGroup> &namespaceSets() const { return m_sets; }
    // The initial namespace of each type, 0 where unknown.
    const NamespaceSet &initialNamespaces() const { return m_initial; }
    // How many namespace sets include this namespace: 1 means it is private to one set ("container").
    int setsSharing(NamespaceId id) const { return m_setsSharing.value(id); }

    // A copy with other container labels on some processes (pid -> label): a label is in no index, so the copy
    // keeps them, and costs a copy of the lists, not a new scan's sorting and indexing.
    std::shared_ptr<const Snapshot> withContainerLabels(const QHash<qint32, std::optional<ContainerLabel>> &labels) const;

    friend bool operator==(const Snapshot &a, const Snapshot &b)
    {
        return a.m_host == b.m_host && a.m_inaccessible == b.m_inaccessible && a.m_processes == b.m_processes
            && a.m_namespaces == b.m_namespaces;
    }

private:
    HostInfo m_host;
    Inaccessible m_inaccessible;
    std::vector<ProcessInfo> m_processes;
    std::vector<NamespaceInfo> m_namespaces;
    std::array<std::pair<int, int>, NamespaceTypeCount> m_typeRanges{};
    std::vector<NamespaceSetGroup> m_sets;
    NamespaceSet m_initial;
    QHash<NamespaceId, int> m_setsSharing;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace nsviz

Q_DECLARE_METATYPE(nsviz::SnapshotPtr)
