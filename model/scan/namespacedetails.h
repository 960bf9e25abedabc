#pragma once

// The type-specific details of one namespace, read on demand (the details panel asks for them when the user
// selects a namespace). Blocking and possibly slow (a mount table of 100k entries, a netlink dump): call it off
// the GUI thread. Thread-safe; the calling process never changes namespace: where the kernel only answers from
// inside a namespace (interfaces, hostname, SysV IPC), a short-lived thread of its own enters it and exits.

#include "snapshot/snapshot.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace nsviz {

struct DetailsRequest
{
    QString procRoot = QStringLiteral("/proc");
    NamespaceType type = NamespaceType::Net;
    NamespaceId id = 0;
    qint32 pid = 0; // a member process: its /proc/PID/ns/TYPE is the namespace
};

// The "details" object of DESIGN.md's snapshot schema for the request's type, with some extra fields
// (mnt: "mountList", uts: "domainname", user: "setgroups", pid: "pidOfFirstMember", the request's process's pid
// inside the namespace, so pass the first member), optionally a "note" on what could not be read; or
// {"error": "..."} when nothing could be said: the process is gone, permission was denied, or the process left the
// namespace (the inode of /proc/PID/ns/TYPE is checked before and after reading).
// net interfaces, uts and ipc need CAP_SYS_ADMIN over the namespace (they are read from inside it); without it
// net falls back to interface names only, with a "note", and uts and ipc give an error.
QJsonObject readNamespaceDetails(const DetailsRequest &request);

// Parsers behind readNamespaceDetails(), for the tests. Like procparse, they take raw bytes and never trust them.
namespace detailsparse {

// An address as /proc/net/{tcp,udp}{,6} print it: the in-memory words of the address in hex (8 digits for IPv4,
// 32 for IPv6, each 32-bit word in the host's byte order), as text ("127.0.0.1", "::1").
std::optional<QString> decodeHexAddress(QByteArrayView hex);

// The listening (tcp, state 0A) or bound unconnected (udp, state 07) sockets of one /proc/net/{tcp,tcp6,udp,udp6}
// file: [{"proto": proto, "address": str, "port": int}], in file order, duplicates (SO_REUSEPORT) removed.
QJsonArray parseListeningSockets(QByteArrayView text, const QString &proto);

// /proc/PID/timens_offsets: {"monotonicOffset": [s, ns], "boottimeOffset": [s, ns]}, for the clocks it names.
QJsonObject parseTimensOffsets(QByteArrayView text);

// Interface names from /proc/net/dev (two header lines, then "name: counters...").
QStringList parseNetDevNames(QByteArrayView text);

// /proc/PID/cgroup: the path of the "0::" (cgroup v2) line, else that of the first line; empty if none.
QString parseCgroupRoot(QByteArrayView text);

// Entries of a /proc/sysvipc/{shm,sem,msg} file: its non-empty lines after the header.
int countSysvIpcEntries(QByteArrayView text);

// /proc/PID/mountinfo parsed with libmount: {"mounts": int, "mountList": [{"target", "source", "fstype",
// "options"}] (the first maxListed)}. Lines libmount cannot parse are skipped and counted in "unparsedLines".
QJsonObject parseMountinfo(QByteArrayView text, int maxListed = 2000);

} // namespace detailsparse

} // namespace nsviz
