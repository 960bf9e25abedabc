#pragma once

#include "snapshot/snapshot.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace nsviz {

// Names the scanner cannot read from /proc, given to it by whoever knows them: engine containers' names (the
// engine API knows them; the cgroup path only has the id) and the demo containers this app started. Shared
// between the GUI thread, which updates it, and the scanner's worker thread, which applies it to each scan.
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

    // Fills in names (and demo labels) on the processes of one scan.
    void apply(std::vector<ProcessInfo> &processes) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_engine;
    QHash<NamespaceSet, ContainerLabel> m_demo;
};

} // namespace nsviz
