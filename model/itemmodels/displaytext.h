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
QString container(const ContainerLabel &label);      // "docker web-1" or "podman 0123456789ab"
QString namespaceLink(NamespaceType type, NamespaceId id); // "net:[4026531840]", as readlink shows it
QString count(qsizetype n, const char *one, const char *many); // "1 process", "2,048 processes"

} // namespace nsviz::text
