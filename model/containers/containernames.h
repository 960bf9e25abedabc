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
    // The init pid of each demo container -> its name; every process in that pid's namespaces is labelled
    // {engine "nsviz", id = pid, name}.
    void setDemoContainers(const QHash<qint32, QString> &names);

    // Fills in names (and demo labels) on the processes of one scan.
    void apply(std::vector<ProcessInfo> &processes) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_engine;
    QHash<qint32, QString> m_demo;
};

} // namespace nsviz
