#include "snapshot.h"

#include <QHash>

#include <algorithm>

namespace nsviz {

Snapshot::Snapshot(HostInfo host, std::vector<ProcessInfo> processes, std::vector<NamespaceInfo> namespaces,
                   Inaccessible inaccessible)
    : m_host(std::move(host))
    , m_inaccessible(std::move(inaccessible))
    , m_processes(std::move(processes))
    , m_namespaces(std::move(namespaces))
{
    // Already in order where a delta or the history built them: one pass says so.
    const auto byPid = [](const ProcessInfo &a, const ProcessInfo &b) { return a.pid < b.pid; };
    if (!std::is_sorted(m_processes.begin(), m_processes.end(), byPid))
        std::sort(m_processes.begin(), m_processes.end(), byPid);
    const auto byTypeId = [](const NamespaceInfo &a, const NamespaceInfo &b) { return std::tie(a.type, a.id) < std::tie(b.type, b.id); };
    if (!std::is_sorted(m_namespaces.begin(), m_namespaces.end(), byTypeId))
        std::sort(m_namespaces.begin(), m_namespaces.end(), byTypeId);
    // Member lists are sorted and unique by contract: diffs and the tree's merge rely on it, and a snapshot
    // read from a file or another program's stream need not have kept it.
    for (NamespaceInfo &n : m_namespaces) {
        for (QList<qint32> *list : {&n.processes, &n.tasks}) {
            if (!std::is_sorted(list->cbegin(), list->cend()) || std::adjacent_find(list->cbegin(), list->cend()) != list->cend()) {
                std::sort(list->begin(), list->end());
                list->erase(std::unique(list->begin(), list->end()), list->end());
            }
        }
    }

    for (int t = 0; t < NamespaceTypeCount; ++t) {
        const auto type = static_cast<NamespaceType>(t);
        const auto [lo, hi] = std::equal_range(
            m_namespaces.begin(), m_namespaces.end(), type, [](const auto &a, const auto &b) {
                if constexpr (std::is_same_v<std::decay_t<decltype(a)>, NamespaceType>)
                    return a < b.type;
                else
                    return a.type < b;
            });
        m_typeRanges[t] = {int(lo - m_namespaces.begin()), int(hi - m_namespaces.begin())};
        for (auto it = lo; it != hi; ++it) {
            if (it->initial)
                m_initial[type] = it->id;
        }
    }

    QHash<NamespaceSet, int> setIndex;
    setIndex.reserve(qsizetype(m_processes.size() / 4 + 1));
    for (const ProcessInfo &p : m_processes) {
        auto it = setIndex.find(p.namespaces.set);
        if (it == setIndex.end()) {
            it = setIndex.insert(p.namespaces.set, int(m_sets.size()));
            m_sets.push_back({p.namespaces.set, {}});
        }
        m_sets[std::size_t(*it)].pids.append(p.pid);
    }
    m_setsSharing.reserve(qsizetype(m_namespaces.size()));
    for (const NamespaceSetGroup &g : m_sets) {
        for (NamespaceId id : g.set.ids) {
            if (id)
                ++m_setsSharing[id];
        }
    }
    std::sort(m_sets.begin(), m_sets.end(), [](const NamespaceSetGroup &a, const NamespaceSetGroup &b) {
        if (a.pids.size() != b.pids.size())
            return a.pids.size() > b.pids.size();
        return a.set < b.set;
    });
}

const ProcessInfo *Snapshot::process(qint32 pid) const
{
    const auto it = std::lower_bound(m_processes.begin(), m_processes.end(), pid,
                                     [](const ProcessInfo &p, qint32 v) { return p.pid < v; });
    return it != m_processes.end() && it->pid == pid ? &*it : nullptr;
}

const NamespaceInfo *Snapshot::findNamespace(NamespaceId id) const
{
    // Inode numbers are unique across types (one nsfs), so search each type's sorted range.
    for (int t = 0; t < NamespaceTypeCount; ++t) {
        const auto [lo, hi] = m_typeRanges[t];
        const auto first = m_namespaces.begin() + lo;
        const auto last = m_namespaces.begin() + hi;
        const auto it = std::lower_bound(first, last, id, [](const NamespaceInfo &n, NamespaceId v) { return n.id < v; });
        if (it != last && it->id == id)
            return &*it;
    }
    return nullptr;
}

std::span<const NamespaceInfo> Snapshot::namespacesOfType(NamespaceType type) const
{
    const auto [lo, hi] = m_typeRanges[static_cast<int>(type)];
    return {m_namespaces.data() + lo, std::size_t(hi - lo)};
}

std::shared_ptr<const Snapshot> Snapshot::withContainerLabels(const QHash<qint32, std::optional<ContainerLabel>> &labels) const
{
    auto copy = std::make_shared<Snapshot>(*this);
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        const auto p = std::lower_bound(copy->m_processes.begin(), copy->m_processes.end(), it.key(),
                                        [](const ProcessInfo &a, qint32 pid) { return a.pid < pid; });
        if (p != copy->m_processes.end() && p->pid == it.key())
            p->container = it.value();
    }
    return copy;
}

} // namespace nsviz
