#pragma once

#include "snapshot/snapshot.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace nsviz {

// Names a scan cannot read from /proc, from whoever knows them: engine containers' names (the engine API knows them;
// the cgroup path only has the id) and the demo containers this app started. HostState applies them to every
// snapshot it takes in, whatever its source (a live scan, the full-view probe), so the scanner never sees them.
class ContainerNames
{
public:
    // Engine container id -> name, replacing what was known.
    void setEngineNames(const QHash<QString, QString> &names);
    // This app's running demo containers, by the namespaces read from /proc when they started: every process in
    // exactly those eight namespaces is labelled {engine "nsviz", id = first pid, name}. Keyed by namespaces, not
    // pid, so a pid reused after the container ended cannot lend its name to another process.
    struct Demo
    {
        NamespaceSet namespaces;
        qint32 pid = 0;
        QString name;
    };
    void setDemoContainers(const QList<Demo> &containers);

    // Fills in names (and demo labels) on a snapshot's processes: itself where nothing changes (the common case),
    // else a relabelled copy.
    SnapshotPtr apply(const SnapshotPtr &snapshot) const;
    bool isEmpty() const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_engine;
    QHash<NamespaceSet, ContainerLabel> m_demo;
};

} // namespace nsviz
