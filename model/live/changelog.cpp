#include "changelog.h"

#include "itemmodels/displaytext.h"
#include "snapshot/snapshotdiff.h"

#include <QSet>

namespace nsviz {

QString changeKindName(Change::Kind kind)
{
    switch (kind) {
    case Change::Kind::ContainerStarted: return QStringLiteral("container started");
    case Change::Kind::ContainerStopped: return QStringLiteral("container stopped");
    case Change::Kind::NamespaceCreated: return QStringLiteral("namespace created");
    case Change::Kind::NamespaceDestroyed: return QStringLiteral("namespace destroyed");
    case Change::Kind::ProcessStarted: return QStringLiteral("process started");
    case Change::Kind::ProcessExited: return QStringLiteral("process exited");
    case Change::Kind::ProcessExec: return QStringLiteral("process exec'd");
    case Change::Kind::ProcessJoined: return QStringLiteral("joined namespaces");
    }
    return {};
}

namespace {

// The container a process is in, by its set: empty for the host's own set.
QString containerOfSet(const Snapshot &s, const ProcessInfo &p)
{
    if (p.namespaces.set == s.initialNamespaces())
        return {};
    for (const NamespaceSetGroup &g : s.namespaceSets()) {
        if (g.set == p.namespaces.set) {
            if (const ProcessInfo *leader = text::setLeader(s, g.pids))
                return text::containerName(s, *leader);
            break;
        }
    }
    return text::containerName(s, p);
}

QString shortCommand(const ProcessInfo &p)
{
    QString c = text::oneLine(text::command(p));
    if (c.size() > 120)
        c = c.left(119) + QChar(0x2026);
    return c;
}

} // namespace

qsizetype ChangeLog::add(const Snapshot *before, const Snapshot &after, const SnapshotDiff &diff, qint64 time, qint64 moment)
{
    if (!before)
        return 0;
    const std::size_t sizeBefore = m_entries.size();
    auto push = [&](Change c) {
        c.time = time;
        c.moment = moment;
        m_entries.push_back(std::move(c));
    };

    // Containers: sets other than the host's that appeared or went. Named once per set, not per process.
    QHash<NamespaceSet, const NamespaceSetGroup *> setsBefore, setsAfter;
    for (const NamespaceSetGroup &g : before->namespaceSets())
        setsBefore.insert(g.set, &g);
    for (const NamespaceSetGroup &g : after.namespaceSets())
        setsAfter.insert(g.set, &g);
    QHash<NamespaceSet, QString> names; // the container name of each set that changed, for the processes in it
    for (const NamespaceSetGroup &g : after.namespaceSets()) {
        if (g.set == after.initialNamespaces() || setsBefore.contains(g.set))
            continue;
        const ProcessInfo *leader = text::setLeader(after, g.pids);
        if (!leader)
            continue;
        Change c;
        c.kind = Change::Kind::ContainerStarted;
        c.pid = leader->pid;
        c.container = text::containerName(after, *leader);
        names.insert(g.set, c.container);
        c.text = QStringLiteral("%1 started (%2)").arg(c.container, text::count(g.pids.size(), "process", "processes"));
        push(std::move(c));
    }
    for (const NamespaceSetGroup &g : before->namespaceSets()) {
        if (g.set == before->initialNamespaces() || setsAfter.contains(g.set))
            continue;
        const ProcessInfo *leader = text::setLeader(*before, g.pids);
        if (!leader)
            continue;
        Change c;
        c.kind = Change::Kind::ContainerStopped;
        c.pid = leader->pid;
        c.container = text::containerName(*before, *leader);
        names.insert(g.set, c.container);
        c.text = QStringLiteral("%1 stopped").arg(c.container);
        push(std::move(c));
    }

    for (NamespaceId id : diff.namespacesCreated) {
        const NamespaceInfo *n = after.findNamespace(id);
        Change c;
        c.kind = Change::Kind::NamespaceCreated;
        c.ns = id;
        c.type = n->type;
        if (!n->processes.isEmpty())
            if (const ProcessInfo *p = after.process(n->processes.constFirst())) {
                c.pid = p->pid;
                c.container = containerOfSet(after, *p);
            }
        const QString name = text::namespaceName(after, *n);
        c.text = QStringLiteral("%1 created%2").arg(text::namespaceLink(n->type, id), name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name));
        push(std::move(c));
    }
    for (NamespaceId id : diff.namespacesDestroyed) {
        const NamespaceInfo *n = before->findNamespace(id);
        Change c;
        c.kind = Change::Kind::NamespaceDestroyed;
        c.ns = id;
        c.type = n->type;
        if (!n->processes.isEmpty())
            if (const ProcessInfo *p = before->process(n->processes.constFirst())) {
                c.pid = p->pid;
                c.container = containerOfSet(*before, *p);
            }
        const QString name = text::namespaceName(*before, *n);
        c.text = QStringLiteral("%1 destroyed%2").arg(text::namespaceLink(n->type, id), name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name));
        push(std::move(c));
    }

    auto containerFor = [&](const Snapshot &s, const ProcessInfo &p) {
        if (p.namespaces.set == s.initialNamespaces())
            return QString();
        if (const auto it = names.constFind(p.namespaces.set); it != names.cend())
            return *it;
        const QString n = containerOfSet(s, p);
        names.insert(p.namespaces.set, n);
        return n;
    };
    for (qint32 pid : diff.processesAdded) {
        const ProcessInfo &p = *after.process(pid);
        Change c;
        c.kind = Change::Kind::ProcessStarted;
        c.pid = pid;
        c.container = containerFor(after, p);
        c.text = QStringLiteral("pid %1 started: %2").arg(pid).arg(shortCommand(p));
        push(std::move(c));
    }
    for (qint32 pid : diff.processesRemoved) {
        const ProcessInfo &p = *before->process(pid);
        Change c;
        c.kind = Change::Kind::ProcessExited;
        c.pid = pid;
        c.container = containerFor(*before, p);
        c.text = QStringLiteral("pid %1 exited: %2").arg(pid).arg(shortCommand(p));
        push(std::move(c));
    }
    for (const SnapshotDiff::ProcessChange &pc : diff.processesChanged) {
        const ProcessInfo &was = *before->process(pc.pid);
        const ProcessInfo &now = *after.process(pc.pid);
        // A kernel worker renames itself as it takes on work: not a program being run.
        if ((was.cmdline != now.cmdline || was.comm != now.comm) && !now.isKernelThread()) {
            Change c;
            c.kind = Change::Kind::ProcessExec;
            c.pid = pc.pid;
            c.container = containerFor(after, now);
            c.text = QStringLiteral("pid %1 now runs %2").arg(pc.pid).arg(shortCommand(now));
            push(std::move(c));
        }
        if (was.namespaces.set != now.namespaces.set) {
            QStringList moved;
            for (NamespaceType t : allNamespaceTypes)
                if (was.namespaces.set[t] != now.namespaces.set[t])
                    moved.append(text::namespaceLink(t, now.namespaces.set[t]));
            Change c;
            c.kind = Change::Kind::ProcessJoined;
            c.pid = pc.pid;
            c.ns = [&] {
                for (NamespaceType t : allNamespaceTypes)
                    if (was.namespaces.set[t] != now.namespaces.set[t])
                        return now.namespaces.set[t];
                return NamespaceId(0);
            }();
            c.container = containerFor(after, now);
            c.text = QStringLiteral("pid %1 (%2) joined %3").arg(pc.pid).arg(text::oneLine(now.comm), moved.join(QStringLiteral(", ")));
            push(std::move(c));
        }
    }
    const qsizetype added = qsizetype(m_entries.size() - sizeBefore);
    while (qsizetype(m_entries.size()) > MaxEntries) {
        m_entries.pop_front();
        ++m_dropped;
    }
    return added;
}

void ChangeLog::clear()
{
    m_entries.clear();
    m_dropped = 0;
}

void ChangeLog::dropBefore(qint64 moment)
{
    while (!m_entries.empty() && m_entries.front().moment < moment) {
        m_entries.pop_front();
        ++m_dropped;
    }
}

} // namespace nsviz
