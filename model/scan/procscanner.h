#pragma once

#include "io/posixfile.h"
#include "snapshot/snapshot.h"

#include <QHash>
#include <QString>

#include <functional>
#include <utility>
#include <memory>

namespace nsviz {

// What the NS_GET_PARENT / NS_GET_USERNS / NS_GET_OWNER_UID ioctls say about one namespace.
struct NamespaceRelations
{
    std::optional<NamespaceId> parent;
    std::optional<NamespaceId> owner;
    std::optional<quint32> ownerUid;
};

// Answers for namespaces whose nsfs file cannot be opened, e.g. in fixture proc trees where the links are
// plain symlinks. Namespaces it names as parent or owner are added to the snapshot like those the ioctls find.
using RelationLookup = std::function<std::optional<NamespaceRelations>(NamespaceType, NamespaceId)>;

struct ScanOptions
{
    QString procRoot = QStringLiteral("/proc");
    bool processDetails = true; // comm, state, ppid, start time, uid, NSpid, cmdline; off: namespace links only
    bool threads = true;        // per-thread namespaces of multi-threaded processes (needs processDetails)
    bool containers = true;     // engine labels from /proc/PID/cgroup (needs processDetails)
    bool bindMounts = true;     // nsfs bind mounts in every mount namespace's mountinfo
    bool fdHolders = true;      // open file descriptors that refer to a namespace
    bool relations = true;      // parent / owner / owner uid, once per newly seen namespace
    bool idMaps = true;         // uid_map and gid_map of user namespaces
    bool utsHostnames = true;   // the hostname of each UTS namespace (details.hostname), read from inside it
    int sweepTicks = 10;        // poll(): a known process's namespaces are re-read at least every sweepTicks polls
    RelationLookup relationLookup;
};

// Reads a proc tree into a Snapshot. scan() reads everything afresh; poll() is for live refresh: it reads
// new processes fully (a process whose /proc entry was replaced, as on pid reuse, counts as new) and re-checks
// known ones in rotation: each one's stat and namespace links every sweepTicks polls, everything every
// 4 x sweepTicks polls. Not thread-safe: use one scanner from one thread at a time.
class ProcScanner
{
public:
    explicit ProcScanner(ScanOptions options = {});
    ~ProcScanner();
    ProcScanner(const ProcScanner &) = delete;
    ProcScanner &operator=(const ProcScanner &) = delete;

    SnapshotPtr scan();
    SnapshotPtr poll();

    const ScanOptions &options() const { return m_options; }

    struct Stats
    {
        int listed = 0;   // numeric entries in the proc root
        int read = 0;     // processes read from /proc in the last call
        int reused = 0;   // processes taken from the previous call unchanged
        int rechecked = 0; // processes whose stat and namespace links were re-read and found unchanged
        int vanished = 0; // processes that exited while being read
        int denied = 0;   // processes whose namespaces could not be read
        int zombies = 0;  // exited, not yet reaped: they hold no namespaces and are left out
        // Reads that failed for another reason than a process exiting or access denied: out of file descriptors
        // or memory, or a file that is not a regular file (a FIFO in a fixture tree). Each makes the snapshot
        // incomplete, with host.scanError saying why.
        int failed = 0;     // processes left out for it
        int incomplete = 0; // other reads (threads, fds, mounts, maps, container labels) that failed so
        int failedErrno = 0; // the first such errno; io::NotRegularFile for a file that is not a regular one
    };
    const Stats &lastStats() const { return m_stats; }

    // What one read of /proc/PID found; kept between polls.
    struct ProcRecord
    {
        ProcessInfo info;
        quint64 dirIno = 0;   // inode of /proc/PID: a new process under a reused pid gets a new one
        QList<qint32> tids;   // every thread in the leader's namespaces (the leader included)
        struct NsFd
        {
            qint32 fd;
            NamespaceType type;
            NamespaceId id;
        };
        QList<NsFd> nsFds; // open fds that refer to a namespace
        bool containerChecked = false;
        quint64 generation = 0; // the scan that last saw it
    };

private:
    struct CachedNamespace
    {
        NamespaceType type = NamespaceType::Net;
        quint64 dev = 0;
        bool relationsKnown = false;
        NamespaceRelations relations;
        QList<IdMapRange> uidMap;
        QList<IdMapRange> gidMap;
        // A member process (pid, start time) through which this was read. While it lives in the namespace, the
        // namespace lives, so its inode number cannot have been handed to a new one: the cache is still true.
        qint32 witnessPid = 0;
        quint64 witnessStart = 0;
        // UTS namespaces: the hostname, read at tick hostnameTick (0: not yet) through a member (pid, start).
        QString hostname;
        quint64 hostnameTick = 0;
        qint32 hostnamePid = 0;
        quint64 hostnameStart = 0;
    };
    struct MountCache
    {
        struct Entry
        {
            NamespaceType type;
            NamespaceId id;
            QString path;
        };
        QList<Entry> entries;
        qint32 witnessPid = 0; // whose mountinfo it was, see CachedNamespace
        quint64 witnessStart = 0;
    };
    bool stillIn(qint32 pid, quint64 start, NamespaceType type, NamespaceId id) const;
    NamespaceSet initialWithoutPid1() const;

    SnapshotPtr run(bool incremental);        // runGuarded, or on std::bad_alloc an empty snapshot saying so
    SnapshotPtr runGuarded(bool incremental);

    ScanOptions m_options;
    int m_procFd = -1;
    io::Source m_source = io::Source::Untrusted;
    quint64 m_tick = 0;
    Stats m_stats;
    QHash<qint32, ProcRecord> m_processes;
    QHash<NamespaceId, CachedNamespace> m_namespaces;
    QHash<NamespaceId, MountCache> m_mounts; // nsfs mounts per mount namespace
    quint64 m_nsfsDev = 0;
};

// One complete scan of a proc tree.
SnapshotPtr scanProc(const ScanOptions &options = {});

} // namespace nsviz
