#include "snapshotdelta.h"

#include "processpack.h"
#include "snapshotdiff.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace nsviz {

namespace {

qint64 stringBytes(const QString &s)
{
    return qint64(sizeof(QString)) + s.capacity() * qint64(sizeof(QChar));
}

template<typename T>
qint64 listBytes(const QList<T> &list)
{
    return qint64(sizeof(QList<T>)) + list.capacity() * qint64(sizeof(T));
}

// a without what is in b; both sorted.
QList<qint32> without(const QList<qint32> &a, const QList<qint32> &b)
{
    QList<qint32> out;
    std::set_difference(a.cbegin(), a.cend(), b.cbegin(), b.cend(), std::back_inserter(out));
    return out;
}

// One namespace's edits, [first, last) of a delta's members (sorted by pid), applied in one merge per list: the
// host's namespaces hold thousands of members, and an insert or erase each moved half of the list (rebuilding a
// moment applies hundreds of deltas).
void applyEdits(NamespaceInfo &n, const SnapshotDelta::MemberEdit *first, const SnapshotDelta::MemberEdit *last)
{
    using E = SnapshotDelta::MemberEdit;
    for (auto [list, added, removed] : {std::tuple{&n.tasks, E::TaskAdded, E::TaskRemoved}, std::tuple{&n.processes, E::ProcessAdded, E::ProcessRemoved}}) {
        // A named copy: clang before 16 cannot capture a structured binding (the fuzz build uses clang).
        const int mask = added | removed;
        const auto touches = [mask](const E &e) { return (e.what & mask) != 0; };
        if (std::none_of(first, last, touches))
            continue;
        QList<qint32> merged;
        merged.reserve(list->size() + (last - first));
        auto old = list->cbegin();
        const auto end = list->cend();
        for (const E *e = first; e != last; ++e) {
            if (!touches(*e))
                continue;
            const auto upTo = std::lower_bound(old, end, e->pid);
            merged.append(old, upTo);
            old = upTo;
            const bool there = old != end && *old == e->pid;
            if (there) {
                if (!(e->what & removed))
                    merged.append(*old);
                ++old;
            } else if (e->what & added) {
                merged.append(e->pid);
            }
        }
        merged.append(old, end);
        *list = std::move(merged);
    }
}

// Calls f(id, first, last) for each namespace's run of edits in a delta's members (sorted by id, then pid).
template<typename F>
void forEachRun(const std::vector<SnapshotDelta::MemberEdit> &members, F f)
{
    for (std::size_t i = 0; i < members.size();) {
        std::size_t j = i;
        while (j < members.size() && members[j].id == members[i].id)
            ++j;
        f(members[i].id, members.data() + i, members.data() + j);
        i = j;
    }
}

bool includes(const QList<qint32> &all, const QList<qint32> &some)
{
    return std::includes(all.cbegin(), all.cend(), some.cbegin(), some.cend());
}

bool sorted(const QList<qint32> &list)
{
    return std::adjacent_find(list.cbegin(), list.cend(), std::greater_equal<>()) == list.cend();
}



} // namespace

qint64 estimateBytes(const ProcessInfo &p)
{
    qint64 b = qint64(sizeof(ProcessInfo)) + stringBytes(p.comm) + stringBytes(p.state) + listBytes(p.cmdline) + listBytes(p.nspid)
        + listBytes(p.threadsInOtherNamespaces);
    for (const QString &a : p.cmdline)
        b += a.capacity() * qint64(sizeof(QChar));
    if (p.container)
        b += stringBytes(p.container->engine) + stringBytes(p.container->id) + stringBytes(p.container->name);
    return b;
}

qint64 estimateBytes(const NamespaceInfo &n)
{
    qint64 b = qint64(sizeof(NamespaceInfo)) + listBytes(n.tasks) + listBytes(n.processes) + listBytes(n.bindMounts)
        + listBytes(n.fdHolders) + listBytes(n.uidMap) + listBytes(n.gidMap);
    for (const BindMount &m : n.bindMounts)
        b += m.path.capacity() * qint64(sizeof(QChar));
    b += n.details.size() * 96; // small JSON values, kept as read
    return b;
}

qint64 estimateBytes(const Snapshot &s)
{
    qint64 b = qint64(sizeof(Snapshot)) + stringBytes(s.host().hostname) + stringBytes(s.host().kernel) + stringBytes(s.host().scanError)
        + stringBytes(s.inaccessible().reason);
    for (const ProcessInfo &p : s.processes())
        b += estimateBytes(p);
    for (const NamespaceInfo &n : s.namespaces())
        b += estimateBytes(n);
    // The indexes: sets with their pid lists, and the sharing counts.
    b += qint64(s.namespaceSets().size()) * qint64(sizeof(NamespaceSetGroup)) + qint64(s.processes().size()) * qint64(sizeof(qint32))
        + qint64(s.namespaces().size()) * 32;
    return b;
}

qint64 SnapshotDelta::estimateBytes() const
{
    qint64 b = qint64(sizeof(SnapshotDelta)) + stringBytes(host.hostname) + stringBytes(host.kernel) + stringBytes(host.scanError)
        + stringBytes(inaccessible.reason) + listBytes(removedPids) + listBytes(removedNamespaces)
        + qint64(members.capacity() * sizeof(MemberEdit)) + packedProcesses.capacity() + 16;
    for (const ProcessInfo &p : processes)
        b += nsviz::estimateBytes(p);
    for (const NamespaceInfo &n : namespaces)
        b += nsviz::estimateBytes(n);
    return b;
}

void SnapshotDelta::pack()
{
    if (!processes.empty()) {
        packedProcesses = packProcesses(processes);
        processes = {};
    }
    members.shrink_to_fit();
    namespaces.shrink_to_fit();
    removedPids.squeeze();
    removedNamespaces.squeeze();
}

bool operator==(const SnapshotDelta &a, const SnapshotDelta &b)
{
    const bool sameProcesses = a.isPacked() == b.isPacked() ? a.processes == b.processes && a.packedProcesses == b.packedProcesses
                                                           : a.unpackedProcesses() == b.unpackedProcesses();
    return sameProcesses && a.host == b.host && a.inaccessible == b.inaccessible && a.removedPids == b.removedPids
        && a.namespaces == b.namespaces && a.removedNamespaces == b.removedNamespaces && a.members == b.members;
}

std::vector<ProcessInfo> SnapshotDelta::unpackedProcesses() const
{
    std::vector<ProcessInfo> out = processes;
    unpackProcesses(packedProcesses, [&out](ProcessInfo &&p) { out.push_back(std::move(p)); });
    return out;
}

SnapshotDelta SnapshotDelta::between(const Snapshot &before, const Snapshot &after, const SnapshotDiff *given)
{
    // SnapshotDiff compares every field of a process and a namespace: what it does not name is equal.
    SnapshotDiff computed;
    if (!given)
        computed = SnapshotDiff::compute(&before, &after);
    const SnapshotDiff &diff = given ? *given : computed;
    SnapshotDelta d;
    d.host = after.host();
    d.inaccessible = after.inaccessible();
    d.removedPids = diff.processesRemoved;
    d.removedNamespaces = diff.namespacesDestroyed;
    d.processes.reserve(std::size_t(diff.processesAdded.size() + diff.processesChanged.size()));
    for (qint32 pid : diff.processesAdded)
        d.processes.push_back(*after.process(pid));
    for (const SnapshotDiff::ProcessChange &c : diff.processesChanged)
        d.processes.push_back(*after.process(c.pid));
    for (NamespaceId id : diff.namespacesCreated)
        d.namespaces.push_back(*after.findNamespace(id));
    for (const SnapshotDiff::MembershipChange &m : diff.membershipChanged) {
        const NamespaceInfo &was = *before.findNamespace(m.id);
        const NamespaceInfo &now = *after.findNamespace(m.id);
        // Everything but the members compared: the member lists set to one and the same empty list on both sides
        // (an emptied list that kept its buffer against a null one would memcmp a null pointer in Qt 6.4).
        NamespaceInfo wasBare = was, nowBare = now;
        wasBare.tasks = nowBare.tasks = wasBare.processes = nowBare.processes = QList<qint32>();
        if (wasBare != nowBare) {
            d.namespaces.push_back(now);
            continue;
        }
        // Who came and went, pid by pid (tasks and processes merged where they agree).
        std::map<qint32, quint8> edits;
        auto mark = [&](const QList<qint32> &pids, quint8 what) {
            for (qint32 pid : pids)
                edits[pid] |= what;
        };
        mark(without(now.tasks, was.tasks), MemberEdit::TaskAdded);
        mark(without(was.tasks, now.tasks), MemberEdit::TaskRemoved);
        mark(without(now.processes, was.processes), MemberEdit::ProcessAdded);
        mark(without(was.processes, now.processes), MemberEdit::ProcessRemoved);
        for (const auto &[pid, what] : edits)
            d.members.push_back({m.id, pid, what});
    }
    // The diff lists namespaces by (type, id); the edits go by (id, pid).
    std::sort(d.members.begin(), d.members.end(), [](const MemberEdit &a, const MemberEdit &b) { return std::pair(a.id, a.pid) < std::pair(b.id, b.pid); });
    return d;
}

// ---------------------------------------------------------------- SnapshotBuilder

// The edits of one namespace, as the four lists they stand for.
struct SnapshotBuilder::Group
{
    NamespaceId id = 0;
    QList<qint32> tasksAdded, tasksRemoved, processesAdded, processesRemoved;
    bool sorted = true;
};

static std::vector<SnapshotBuilder::Group> groupMembers(const std::vector<SnapshotDelta::MemberEdit> &edits)
{
    using E = SnapshotDelta::MemberEdit;
    std::vector<SnapshotBuilder::Group> groups;
    for (std::size_t i = 0; i < edits.size(); ++i) {
        const E &e = edits[i];
        if (groups.empty() || groups.back().id != e.id) {
            const bool inOrder = groups.empty() || groups.back().id < e.id;
            groups.push_back({});
            groups.back().id = e.id;
            groups.back().sorted = inOrder;
        } else if (edits[i - 1].pid >= e.pid) {
            groups.back().sorted = false;
        }
        SnapshotBuilder::Group &g = groups.back();
        if (e.what & E::TaskAdded)
            g.tasksAdded.append(e.pid);
        if (e.what & E::TaskRemoved)
            g.tasksRemoved.append(e.pid);
        if (e.what & E::ProcessAdded)
            g.processesAdded.append(e.pid);
        if (e.what & E::ProcessRemoved)
            g.processesRemoved.append(e.pid);
    }
    return groups;
}


SnapshotBuilder::SnapshotBuilder(const Snapshot &base)
    : m_host(base.host())
    , m_inaccessible(base.inaccessible())
{
    for (const ProcessInfo &p : base.processes())
        m_processes.emplace_hint(m_processes.end(), p.pid, Process{p, {}, -1});
    for (const NamespaceInfo &n : base.namespaces())
        m_namespaces.emplace(n.id, n);
}

bool SnapshotBuilder::fits(const SnapshotDelta &d, const std::vector<Group> &groups, QString *error) const
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    // Checked before anything changes, so a delta that does not fit leaves the builder as it was.
    if (!sorted(d.removedPids))
        return fail(QStringLiteral("removedPids: not sorted"));
    for (qint32 pid : d.removedPids)
        if (!m_processes.contains(pid))
            return fail(QStringLiteral("removedPids: process %1 is not in the snapshot before").arg(pid));
    QSet<NamespaceId> removedNs;
    for (NamespaceId id : d.removedNamespaces) {
        if (!m_namespaces.contains(id))
            return fail(QStringLiteral("removedNamespaces: namespace %1 is not in the snapshot before").arg(id));
        removedNs.insert(id);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const Group &m = groups[g];
        const auto it = m_namespaces.find(m.id);
        if (it == m_namespaces.end() || removedNs.contains(m.id))
            return fail(QStringLiteral("members: namespace %1 is not in the snapshot before").arg(m.id));
        if (!m.sorted)
            return fail(QStringLiteral("members: the edits of namespace %1 are not in order").arg(m.id));
        if (!includes(it->second.tasks, m.tasksRemoved) || !includes(it->second.processes, m.processesRemoved))
            return fail(QStringLiteral("members: removes a member namespace %1 does not have").arg(m.id));
    }
    // Every process after it in namespaces that are there after it.
    QSet<NamespaceId> added;
    for (const NamespaceInfo &n : d.namespaces)
        added.insert(n.id);
    auto exists = [&](NamespaceId id) { return added.contains(id) || (m_namespaces.contains(id) && !removedNs.contains(id)); };
    QSet<qint32> replaced;
    const std::vector<ProcessInfo> processes = d.unpackedProcesses();
    for (std::size_t i = 0; i < processes.size(); ++i) {
        const ProcessInfo &p = processes[i];
        replaced.insert(p.pid);
        for (NamespaceType t : allNamespaceTypes)
            if (const NamespaceId id = p.namespaces.set[t]; id && !exists(id))
                return fail(QStringLiteral("processes[%1].namespaces.%2: namespace %3 is in neither snapshot").arg(i).arg(QLatin1String(namespaceTypeKey(t))).arg(id));
    }
    if (!removedNs.isEmpty()) {
        for (auto &[pid, entry] : m_processes) {
            const ProcessInfo &p = whole(entry);
            if (replaced.contains(pid) || std::binary_search(d.removedPids.cbegin(), d.removedPids.cend(), pid))
                continue;
            for (NamespaceType t : allNamespaceTypes)
                if (const NamespaceId id = p.namespaces.set[t]; id && removedNs.contains(id) && !added.contains(id))
                    return fail(QStringLiteral("removedNamespaces: namespace %1 still holds process %2").arg(id).arg(pid));
        }
    }

    return true;
}

bool SnapshotBuilder::apply(const SnapshotDelta &d, QString *error, bool trusted)
{
    if (!trusted && !fits(d, groupMembers(d.members), error))
        return false;
    for (qint32 pid : d.removedPids)
        m_processes.erase(pid);
    for (const ProcessInfo &p : d.processes)
        m_processes.insert_or_assign(p.pid, Process{p, {}, -1});
    visitPackedProcesses(d.packedProcesses, [this, &d](qint32 pid, qsizetype offset) {
        m_processes.insert_or_assign(pid, Process{{}, d.packedProcesses, offset});
    });
    for (NamespaceId id : d.removedNamespaces)
        m_namespaces.erase(id);
    for (const NamespaceInfo &n : d.namespaces)
        m_namespaces.insert_or_assign(n.id, n);
    // A namespace's run of edits at a time (sorted by id, then pid), merged into its lists.
    forEachRun(d.members, [this](NamespaceId id, const SnapshotDelta::MemberEdit *first, const SnapshotDelta::MemberEdit *last) {
        applyEdits(m_namespaces.at(id), first, last);
    });
    m_host = d.host;
    m_inaccessible = d.inaccessible;
    return true;
}

const ProcessInfo &SnapshotBuilder::whole(Process &p)
{
    if (p.offset >= 0) {
        // Packed by this program from a ProcessInfo: it unpacks, unless memory itself went bad.
        const bool ok = unpackProcessAt(p.packed, p.offset, &p.info);
        Q_ASSERT(ok);
        Q_UNUSED(ok);
        p.packed = QByteArray();
        p.offset = -1;
    }
    return p.info;
}

SnapshotPtr SnapshotBuilder::build(QString *error) const
{
    std::vector<ProcessInfo> ps;
    ps.reserve(m_processes.size());
    for (auto &[pid, entry] : m_processes) {
        const ProcessInfo &p = whole(entry);
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceId id = p.namespaces.set[t];
            if (id && !m_namespaces.contains(id)) {
                if (error)
                    *error = QStringLiteral("process %1 is in %2 namespace %3, which is in no snapshot").arg(pid).arg(namespaceTypeName(t)).arg(id);
                return nullptr;
            }
        }
        ps.push_back(p);
    }
    std::vector<NamespaceInfo> ns;
    ns.reserve(m_namespaces.size());
    for (const auto &[id, n] : m_namespaces)
        ns.push_back(n);
    return std::make_shared<const Snapshot>(m_host, std::move(ps), std::move(ns), m_inaccessible);
}

SnapshotPtr SnapshotDelta::applyInOrder(const Snapshot &before) const
{
    // Processes: the old list, sorted by pid, merged with the removed pids (sorted) and the new or changed ones.
    std::vector<ProcessInfo> changed = unpackedProcesses();
    const auto byPid = [](const ProcessInfo &a, const ProcessInfo &b) { return a.pid < b.pid; };
    if (!std::is_sorted(changed.begin(), changed.end(), byPid))
        std::sort(changed.begin(), changed.end(), byPid);
    std::vector<ProcessInfo> ps;
    ps.reserve(before.processes().size() + changed.size());
    auto next = changed.begin();
    auto removed = removedPids.cbegin();
    for (const ProcessInfo &p : before.processes()) {
        for (; next != changed.end() && next->pid < p.pid; ++next)
            ps.push_back(std::move(*next));
        while (removed != removedPids.cend() && *removed < p.pid)
            ++removed;
        if (next != changed.end() && next->pid == p.pid)
            ps.push_back(std::move(*next++)); // changed, or a reused pid: removed and here again
        else if (removed == removedPids.cend() || *removed != p.pid)
            ps.push_back(p);
    }
    for (; next != changed.end(); ++next)
        ps.push_back(std::move(*next));

    // Namespaces: the old list, sorted by (type, id), merged with those new or whole, without those gone, and with
    // the member edits (sorted by id, then pid) of the rest applied as they are copied.
    const auto byTypeId = [](const NamespaceInfo *a, const NamespaceInfo *b) { return std::tie(a->type, a->id) < std::tie(b->type, b->id); };
    std::vector<const NamespaceInfo *> whole;
    whole.reserve(namespaces.size());
    for (const NamespaceInfo &n : namespaces)
        whole.push_back(&n);
    std::sort(whole.begin(), whole.end(), byTypeId);
    QSet<NamespaceId> gone(removedNamespaces.cbegin(), removedNamespaces.cend());
    QHash<NamespaceId, std::pair<const MemberEdit *, const MemberEdit *>> editsOf; // id -> its run in `members`
    forEachRun(members, [&editsOf](NamespaceId id, const MemberEdit *first, const MemberEdit *last) { editsOf.insert(id, {first, last}); });
    // As SnapshotBuilder::apply has it: a whole one replaces any old one with its number (of another type too: an
    // inode reused), and edits apply to whatever namespace has the number, whole ones included.
    QSet<NamespaceId> replaced;
    for (const NamespaceInfo &n : namespaces)
        replaced.insert(n.id);
    std::vector<NamespaceInfo> ns;
    ns.reserve(before.namespaces().size() + whole.size());
    const auto keep = [&](const NamespaceInfo &n) {
        ns.push_back(n);
        if (const auto edits = editsOf.constFind(n.id); edits != editsOf.cend())
            applyEdits(ns.back(), edits->first, edits->second);
    };
    auto nextNs = whole.begin();
    for (const NamespaceInfo &n : before.namespaces()) {
        for (; nextNs != whole.end() && byTypeId(*nextNs, &n); ++nextNs)
            keep(**nextNs);
        if (nextNs != whole.end() && (*nextNs)->type == n.type && (*nextNs)->id == n.id) {
            keep(**nextNs++);
            continue;
        }
        if (!gone.contains(n.id) && !replaced.contains(n.id))
            keep(n);
    }
    for (; nextNs != whole.end(); ++nextNs)
        keep(**nextNs);
    return std::make_shared<const Snapshot>(host, std::move(ps), std::move(ns), inaccessible);
}

SnapshotPtr SnapshotDelta::applyTo(const Snapshot &before, QString *error) const
{
    SnapshotBuilder b(before);
    if (!b.apply(*this, error))
        return nullptr;
    return b.build(error);
}

} // namespace nsviz
