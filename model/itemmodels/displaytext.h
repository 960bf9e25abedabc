#pragma once

// How model values read as text, the same in every view, tooltip and export.

#include "snapshot/snapshot.h"

#include <QString>

namespace nsviz::text {

QString userName(quint32 uid);                       // "alice", or the number where no account has it
QString command(const ProcessInfo &process);         // argv joined, or "[comm]" for kernel threads
QString oneLine(QString text);                       // control characters shown as ␊ ␉ ␀..., see escape::visible()
// A tooltip that shows exactly these lines: Qt reads a tooltip that looks like markup as rich text, and a command
// line or a container name may look like anything ("<img src=...>"). Each line as oneLine().
QString toolTip(const QString &lines);
// Long unbroken runs (a 300-character path in an error message) get a zero-width space every `run` characters,
// where a label may wrap them; ordinary words and commands (shorter than `run`) are left exactly as they are.
QString breakable(const QString &text, int run = 30);
QString container(const ContainerLabel &label);      // "docker web-1" or "podman 0123456789ab"
QString namespaceLink(NamespaceType type, NamespaceId id); // "net:[4026531840]", as readlink shows it
QString count(qsizetype n, const char *one, const char *many); // "1 process", "2,048 processes"

// The process a namespace set is named after: the lowest pid whose parent is outside the set (the one that
// started it), else the lowest pid. pids sorted; null when none of them is in the snapshot.
const ProcessInfo *setLeader(const Snapshot &snapshot, const QList<qint32> &pids);
// The hostname of a process's own UTS namespace, as the scanner read it; empty when it uses the host's, or
// when it could not be read (that takes CAP_SYS_ADMIN over the namespace).
QString ownHostname(const Snapshot &snapshot, const ProcessInfo &process);
// The name people know a container by, the same in every view and export: the engine's name for it, else the
// hostname of its own UTS namespace, else the engine and a short id, else its command.
QString containerName(const Snapshot &snapshot, const ProcessInfo &leader);
// What a namespace is known by where people have a name for it: "host" for the host's own, a uts namespace's
// hostname, the name it is bind-mounted under (`ip netns add NAME`), else the name of the container that made it
// (the leader of its processes); empty when none of these exists (a namespace held only as a parent or owner).
QString namespaceName(const Snapshot &snapshot, const NamespaceInfo &ns);
// The same for a process in a container (an engine's label or a UTS namespace of its own), empty for one that
// is not: what a "Container" column shows.
QString containerOf(const Snapshot &snapshot, const ProcessInfo &process);

} // namespace nsviz::text
