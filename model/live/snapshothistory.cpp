#include "snapshothistory.h"

#include "snapshot/snapshotdiff.h"

#include <algorithm>
#include <map>

namespace nsviz {

namespace {

// A keyframe at least this often, so that rebuilding an old snapshot applies a bounded number of deltas...
constexpr qsizetype MaxDeltasPerKeyframe = 64;
// ...and once the deltas since the last one weigh as much as half a keyframe, a keyframe is the cheaper way on.
constexpr qint64 KeyframeShare = 2;

qint64 stringBytes(const QString &s)
{
    return qint64(sizeof(QString)) + s.capacity() * qint64(sizeof(QChar));
}

template<typename T>
qint64 listBytes(const QList<T> &list)
{
    return qint64(sizeof(QList<T>)) + list.capacity() * qint64(sizeof(T));
}

qint64 processBytes(const ProcessInfo &p)
{
    qint64 b = qint64(sizeof(ProcessInfo)) + stringBytes(p.comm) + stringBytes(p.state) + listBytes(p.cmdline) + listBytes(p.nspid)
        + listBytes(p.threadsInOtherNamespaces);
    for (const QString &a : p.cmdline)
        b += a.capacity() * qint64(sizeof(QChar));
    if (p.container)
        b += stringBytes(p.container->engine) + stringBytes(p.container->id) + stringBytes(p.container->name);
    return b;
}

qint64 namespaceBytes(const NamespaceInfo &n)
{
    qint64 b = qint64(sizeof(NamespaceInfo)) + listBytes(n.tasks) + listBytes(n.processes) + listBytes(n.bindMounts)
        + listBytes(n.fdHolders) + listBytes(n.uidMap) + listBytes(n.gidMap);
    for (const BindMount &m : n.bindMounts)
        b += m.path.capacity() * qint64(sizeof(QChar));
    b += n.details.size() * 96; // small JSON values, kept as read
    return b;
}

} // namespace

SnapshotHistory::SnapshotHistory(qint64 maxBytes)
    : m_maxBytes(std::max<qint64>(0, maxBytes))
{
}

qint64 SnapshotHistory::estimateBytes(const Snapshot &s)
{
    qint64 b = qint64(sizeof(Snapshot)) + stringBytes(s.host().hostname) + stringBytes(s.host().kernel) + stringBytes(s.host().scanError)
        + stringBytes(s.inaccessible().reason);
    for (const ProcessInfo &p : s.processes())
        b += processBytes(p);
    for (const NamespaceInfo &n : s.namespaces())
        b += namespaceBytes(n);
    // The indexes: sets with their pid lists, and the sharing counts.
    b += qint64(s.namespaceSets().size()) * qint64(sizeof(NamespaceSetGroup)) + qint64(s.processes().size()) * qint64(sizeof(qint32))
        + qint64(s.namespaces().size()) * 32;
    return b;
}

qint64 SnapshotHistory::estimateBytes(const Delta &d)
{
    qint64 b = qint64(sizeof(Delta)) + stringBytes(d.host.hostname) + stringBytes(d.host.kernel) + stringBytes(d.host.scanError)
        + stringBytes(d.inaccessible.reason) + listBytes(d.removedPids) + listBytes(d.removedNamespaces);
    for (const ProcessInfo &p : d.processes)
        b += processBytes(p);
    for (const NamespaceInfo &n : d.namespaces)
        b += namespaceBytes(n);
    return b;
}

SnapshotHistory::Delta SnapshotHistory::deltaBetween(const Snapshot &before, const Snapshot &after)
{
    // SnapshotDiff compares every field of a process and a namespace: what it does not name is equal.
    const SnapshotDiff diff = SnapshotDiff::compute(&before, &after);
    Delta d;
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
    for (const SnapshotDiff::MembershipChange &m : diff.membershipChanged)
        d.namespaces.push_back(*after.findNamespace(m.id));
    return d;
}

void SnapshotHistory::append(SnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    Entry e;
    const bool keyframeDue = !m_latest || m_sinceKeyframe >= MaxDeltasPerKeyframe;
    if (!keyframeDue) {
        e.delta = deltaBetween(*m_latest, *snapshot);
        e.bytes = estimateBytes(e.delta);
    }
    const qint64 whole = estimateBytes(*snapshot);
    if (keyframeDue || (m_bytesSinceKeyframe + e.bytes) * KeyframeShare > whole) {
        e = Entry{snapshot, {}, whole};
        m_sinceKeyframe = 0;
        m_bytesSinceKeyframe = 0;
    } else {
        ++m_sinceKeyframe;
        m_bytesSinceKeyframe += e.bytes;
    }
    m_bytes += e.bytes;
    m_entries.push_back(std::move(e));
    m_latest = std::move(snapshot);
    evict();
}

void SnapshotHistory::setMaxBytes(qint64 bytes)
{
    m_maxBytes = std::max<qint64>(0, bytes);
    evict();
}

void SnapshotHistory::clear()
{
    m_entries.clear();
    m_latest.reset();
    m_bytes = 0;
    m_bytesSinceKeyframe = 0;
    m_sinceKeyframe = 0;
}

void SnapshotHistory::evict()
{
    // The oldest keyframe goes with its deltas, which stand on nothing without it. Rebuilding the next one as a
    // keyframe instead would cost a whole snapshot's work on every tick once the bound is reached.
    auto segmentEnd = [this] {
        std::size_t end = 1;
        while (end < m_entries.size() && !m_entries[end].keyframe)
            ++end;
        return end;
    };
    while (m_bytes > m_maxBytes && segmentEnd() < m_entries.size()) {
        for (std::size_t i = 0, end = segmentEnd(); i < end; ++i) {
            m_bytes -= m_entries.front().bytes;
            m_entries.pop_front();
        }
    }
    if (m_bytes > m_maxBytes && m_entries.size() > 1) {
        // One segment left, and too large: the latest alone, as a keyframe.
        const SnapshotPtr latest = m_latest;
        clear();
        m_latest = latest;
        m_entries.push_back(Entry{latest, {}, estimateBytes(*latest)});
        m_bytes = m_entries.back().bytes;
    }
}

qsizetype SnapshotHistory::keyframes() const
{
    return qsizetype(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) { return bool(e.keyframe); }));
}

SnapshotPtr SnapshotHistory::at(qsizetype index) const
{
    if (index < 0 || index >= size())
        return nullptr;
    if (index == size() - 1)
        return m_latest;
    if (m_entries[std::size_t(index)].keyframe)
        return m_entries[std::size_t(index)].keyframe;
    qsizetype k = index;
    while (!m_entries[std::size_t(k)].keyframe)
        --k; // the oldest entry is always a keyframe
    const Snapshot &base = *m_entries[std::size_t(k)].keyframe;
    std::map<qint32, ProcessInfo> processes;
    for (const ProcessInfo &p : base.processes())
        processes.emplace(p.pid, p);
    std::map<NamespaceId, NamespaceInfo> namespaces;
    for (const NamespaceInfo &n : base.namespaces())
        namespaces.emplace(n.id, n);
    HostInfo host = base.host();
    Inaccessible inaccessible = base.inaccessible();
    for (qsizetype i = k + 1; i <= index; ++i) {
        const Delta &d = m_entries[std::size_t(i)].delta;
        for (qint32 pid : d.removedPids)
            processes.erase(pid);
        for (const ProcessInfo &p : d.processes)
            processes.insert_or_assign(p.pid, p);
        for (NamespaceId id : d.removedNamespaces)
            namespaces.erase(id);
        for (const NamespaceInfo &n : d.namespaces)
            namespaces.insert_or_assign(n.id, n);
        host = d.host;
        inaccessible = d.inaccessible;
    }
    std::vector<ProcessInfo> ps;
    ps.reserve(processes.size());
    for (auto &[pid, p] : processes)
        ps.push_back(std::move(p));
    std::vector<NamespaceInfo> ns;
    ns.reserve(namespaces.size());
    for (auto &[id, n] : namespaces)
        ns.push_back(std::move(n));
    return std::make_shared<const Snapshot>(std::move(host), std::move(ps), std::move(ns), std::move(inaccessible));
}

} // namespace nsviz
