#pragma once

// Part of a host as a snapshot of its own: what a lesson's picture and presentation mode show. The processes kept,
// every namespace they are in, and (where asked) namespaces that no kept process is in but something still holds.

#include "snapshot/snapshot.h"

#include <QSet>

#include <functional>

namespace nsviz {

// Processes for which keep() is true; namespaces they are in, and those of `held` that a bind mount or an fd
// still holds. Holders and members that were not kept are left out of each namespace.
SnapshotPtr keepProcesses(const SnapshotPtr &scan, const std::function<bool(const ProcessInfo &)> &keep,
                          const QSet<NamespaceId> &held = {});

// In every namespace of the host's that is known, and not a kernel thread: the host's own processes as a class sees
// them (a link that could not be read says nothing).
bool isHostsOwn(const Snapshot &scan, const ProcessInfo &p);

// What a class looks at: the host's own processes without its kernel threads, and every namespace set that one
// of its processes labels as a container (an engine's or a demo's). Not the host's services that have a
// namespace or two of their own (a unit's private /tmp, a sandboxed daemon): noise beside the lesson. Namespaces
// held with no process in them (a bind mount, an open fd) stay.
SnapshotPtr containersAndHost(const SnapshotPtr &scan);

} // namespace nsviz
