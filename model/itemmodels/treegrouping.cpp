#include "treegrouping.h"

#include <algorithm>
#include <optional>

namespace nsviz::tree {

namespace {

quint64 hashOfSet(const NamespaceSet &set)
{
    return quint64(qHash(set, 0x6e73766979)) | 1;
}

// Up from a namespace while what `up` names is in the snapshot, then reversed: the chain from the top down to it.
template <typename Up> std::vector<Key> namespaceChain(const Snapshot &s, NamespaceId id, Up up)
{
    std::vector<Key> chain{namespaceKey(id)};
    const NamespaceInfo *n = s.findNamespace(id);
    while (n && chain.size() < 64) {
        const std::optional<NamespaceId> next = up(*n);
        const NamespaceInfo *above = next ? s.findNamespace(*next) : nullptr;
        if (!above)
            break;
        chain.push_back(namespaceKey(above->id));
        n = above;
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

class ByType final : public Grouper
{
public:
    Grouping grouping() const override { return Grouping::ByType; }
    std::vector<Key> pathTo(const Snapshot &s, const Key &target) const override
    {
        if (target.kind == Kind::Namespace) {
            if (const NamespaceInfo *n = s.findNamespace(target.value))
                return {typeKey(n->type), target};
        } else if (target.kind == Kind::Process) {
            // The first of its places: under its pid namespace (it is under one namespace of every type).
            if (const ProcessInfo *p = s.process(qint32(target.value)))
                return {typeKey(NamespaceType::Pid), namespaceKey(p->namespaces.set[NamespaceType::Pid]), target};
        }
        return {};
    }

protected:
    void index(const Snapshot &) override
    {
        for (NamespaceType t : allNamespaceTypes)
            m_topLevel.push_back(typeKey(t));
    }
};

// A user namespace holds its child user namespaces and every namespace it owns.
class UserHierarchy final : public Grouper
{
public:
    Grouping grouping() const override { return Grouping::UserHierarchy; }
    std::vector<Key> pathTo(const Snapshot &s, const Key &target) const override
    {
        std::vector<Key> path;
        if (target.kind == Kind::Namespace && s.findNamespace(target.value))
            return namespaceChain(s, target.value, up);
        if (const ProcessInfo *p = target.kind == Kind::Process ? s.process(qint32(target.value)) : nullptr) {
            path = namespaceChain(s, p->namespaces.set[NamespaceType::User], up);
            path.push_back(target);
        }
        return path;
    }

protected:
    static std::optional<NamespaceId> up(const NamespaceInfo &n) { return n.type == NamespaceType::User ? n.parent : n.owner; }
    void index(const Snapshot &s) override
    {
        for (const NamespaceInfo &n : s.namespaces()) {
            if (const std::optional<NamespaceId> above = up(n); above && s.findNamespace(*above))
                m_namespaceChildren[*above].push_back(namespaceKey(n.id));
            else
                m_topLevel.push_back(namespaceKey(n.id)); // the initial user namespace, and anything whose owner is unknown
        }
    }
};

class PidHierarchy final : public Grouper
{
public:
    Grouping grouping() const override { return Grouping::PidHierarchy; }
    std::vector<Key> pathTo(const Snapshot &s, const Key &target) const override
    {
        std::vector<Key> path;
        if (target.kind == Kind::Namespace) {
            const NamespaceInfo *n = s.findNamespace(target.value);
            return n && n->type == NamespaceType::Pid ? namespaceChain(s, n->id, up) : path;
        }
        if (const ProcessInfo *p = target.kind == Kind::Process ? s.process(qint32(target.value)) : nullptr) {
            path = namespaceChain(s, p->namespaces.set[NamespaceType::Pid], up);
            path.push_back(target);
        }
        return path;
    }

protected:
    static std::optional<NamespaceId> up(const NamespaceInfo &n) { return n.parent; }
    void index(const Snapshot &s) override
    {
        for (const NamespaceInfo &n : s.namespacesOfType(NamespaceType::Pid)) {
            if (n.parent && s.findNamespace(*n.parent))
                m_namespaceChildren[*n.parent].push_back(namespaceKey(n.id));
            else
                m_topLevel.push_back(namespaceKey(n.id));
        }
    }
};

class ProcessTree final : public Grouper
{
public:
    Grouping grouping() const override { return Grouping::ProcessTree; }
    std::vector<Key> pathTo(const Snapshot &s, const Key &target) const override
    {
        std::vector<Key> path;
        if (target.kind != Kind::Process)
            return path;
        for (const ProcessInfo *q = s.process(qint32(target.value)); q && path.size() < 4096;) {
            path.push_back(processKey(q->pid));
            q = q->ppid > 0 && q->ppid != q->pid ? s.process(q->ppid) : nullptr;
        }
        std::reverse(path.begin(), path.end());
        return path;
    }

protected:
    void index(const Snapshot &s) override
    {
        for (const ProcessInfo &p : s.processes()) {
            if (p.ppid > 0 && p.ppid != p.pid && s.process(p.ppid))
                m_processChildren[p.ppid].push_back(processKey(p.pid));
            else
                m_topLevel.push_back(processKey(p.pid));
        }
    }
};

class NamespaceSets final : public Grouper
{
public:
    Grouping grouping() const override { return Grouping::NamespaceSets; }
    std::vector<Key> pathTo(const Snapshot &s, const Key &target) const override
    {
        if (const ProcessInfo *p = target.kind == Kind::Process ? s.process(qint32(target.value)) : nullptr)
            return {{Kind::Set, setKey(p->namespaces.set)}, target};
        return {};
    }

protected:
    void index(const Snapshot &s) override
    {
        // Two sets with one hash (only a crafted snapshot gets there) are told apart by probing: keys stay unique.
        const auto &sets = s.namespaceSets();
        m_setKeys.reserve(qsizetype(sets.size()));
        for (std::size_t i = 0; i < sets.size(); ++i) {
            quint64 key = hashOfSet(sets[i].set);
            while (m_setIndex.contains(key))
                key += 2;
            m_setKeys.insert(sets[i].set, key);
            m_setIndex.insert(key, int(i));
            m_topLevel.push_back({Kind::Set, key});
        }
    }
};

} // namespace

std::unique_ptr<Grouper> Grouper::make(Grouping grouping)
{
    switch (grouping) {
    case Grouping::ByType: return std::make_unique<ByType>();
    case Grouping::UserHierarchy: return std::make_unique<UserHierarchy>();
    case Grouping::PidHierarchy: return std::make_unique<PidHierarchy>();
    case Grouping::ProcessTree: return std::make_unique<ProcessTree>();
    case Grouping::NamespaceSets: return std::make_unique<NamespaceSets>();
    }
    return std::make_unique<ByType>();
}

void Grouper::rebuild(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    m_topLevel.clear();
    m_namespaceChildren.clear();
    m_processChildren.clear();
    m_setIndex.clear();
    m_setKeys.clear();
    if (!m_snapshot)
        return;
    index(*m_snapshot);
    std::sort(m_topLevel.begin(), m_topLevel.end());
    for (auto &v : m_namespaceChildren)
        std::sort(v.begin(), v.end());
}

std::vector<Key> Grouper::children(const Key &key) const
{
    std::vector<Key> out;
    if (!m_snapshot)
        return out;
    auto appendProcesses = [&out](const QList<qint32> &pids) {
        for (qint32 pid : pids)
            out.push_back(processKey(pid));
    };
    switch (key.kind) {
    case Kind::Root:
        return m_topLevel;
    case Kind::TypeGroup:
        for (const NamespaceInfo &n : m_snapshot->namespacesOfType(NamespaceType(key.value)))
            out.push_back(namespaceKey(n.id));
        return out;
    case Kind::Namespace:
        if (const auto it = m_namespaceChildren.constFind(key.value); it != m_namespaceChildren.constEnd())
            out = *it;
        if (const NamespaceInfo *n = m_snapshot->findNamespace(key.value))
            appendProcesses(n->processes);
        return out;
    case Kind::Process:
        if (const auto it = m_processChildren.constFind(qint32(key.value)); it != m_processChildren.constEnd())
            out = *it;
        return out;
    case Kind::Set:
        if (const NamespaceSetGroup *g = setGroup(key.value))
            appendProcesses(g->pids);
        return out;
    }
    return out;
}

bool Grouper::hasChildren(const Key &key) const
{
    if (!m_snapshot)
        return false;
    switch (key.kind) {
    case Kind::Root: return !m_topLevel.empty();
    case Kind::TypeGroup: return !m_snapshot->namespacesOfType(NamespaceType(key.value)).empty();
    case Kind::Namespace: {
        if (m_namespaceChildren.contains(key.value))
            return true;
        const NamespaceInfo *n = m_snapshot->findNamespace(key.value);
        return n && !n->processes.isEmpty();
    }
    case Kind::Process: return m_processChildren.contains(qint32(key.value));
    case Kind::Set: return m_setIndex.contains(key.value);
    }
    return false;
}

const NamespaceSetGroup *Grouper::setGroup(quint64 key) const
{
    const auto it = m_setIndex.constFind(key);
    return it == m_setIndex.constEnd() ? nullptr : &m_snapshot->namespaceSets()[std::size_t(*it)];
}

quint64 Grouper::setKey(const NamespaceSet &set) const
{
    return m_setKeys.value(set, hashOfSet(set));
}

} // namespace nsviz::tree
