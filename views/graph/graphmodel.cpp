#include "graphmodel.h"

#include "itemmodels/displaytext.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QLocale>
#include <QtConcurrent>

#include <algorithm>
#include <array>

namespace nsviz {

struct GraphModel::Built
{
    QSet<QString> reused; // nodes taken over unchanged from the last build (no need to compare them)
    QHash<QString, QString> shapes; // set id -> what makes it alike to others (fold())
    QHash<QString, GraphNode> nodes;
    QHash<QString, GraphEdge> edges;
    QHash<qint32, QString> processNode;
    QHash<NamespaceId, QString> namespaceNode;

    static QString edgeId(GraphEdgeKind kind, const QString &from, const QString &to)
    {
        return graphEdgeKindName(kind) + QLatin1Char(':') + from + QLatin1Char('>') + to;
    }
    // Returns the edge's id (empty if it has an end missing or is a loop).
    QString addEdge(GraphEdgeKind kind, const QString &from, const QString &to, const QString &label = {})
    {
        if (from.isEmpty() || to.isEmpty() || from == to)
            return {};
        const QString id = edgeId(kind, from, to);
        auto it = edges.find(id);
        if (it == edges.end()) {
            edges.insert(id, GraphEdge{id, from, to, kind, label});
        } else if (!label.isEmpty() && it->label != label && it->label.count(QLatin1Char(',')) < 3) {
            // Several fds of one set to one namespace: one edge, the first few named.
            it->label += QStringLiteral(", ") + label;
        }
        return id;
    }
};

// One build of the graph from a copy of everything it depends on, so that it can run on a worker thread while
// the model's own state changes: the members are named as the model's are, and the build is the same code
// either way. It owns the card cache while it runs.
class GraphModel::Builder
{
public:
    SnapshotPtr m_snapshot;
    Mode m_mode = Mode::Sharing;
    TypeMask m_types;
    bool m_hideHost = false;
    bool m_folding = true;
    bool m_foldActive = false;
    QSet<QString> m_expanded;
    QSet<QString> m_namespacesShown;
    QSet<QString> m_openGroups;
    QHash<NamespaceSet, CachedCard> m_cards;
    quint64 m_rebuilds = 0;
    QSet<qint32> m_touchedProcesses;
    QSet<NamespaceId> m_touchedNamespaces;
    bool m_touchedValid = false;

    // The new graph, and what differs from the one shown (was).
    Result run(const QHash<QString, GraphNode> &wasNodes, const QHash<QString, GraphEdge> &wasEdges);

private:
    void buildSharing(Built &out);
    void buildHierarchy(Built &out) const;
    void fold(Built &out) const;
    GraphNode namespaceNode(const NamespaceInfo &n) const;
    void addProcesses(Built &out, const QString &ownerId, const QList<qint32> &pids) const;
    bool isHostOnly(const NamespaceSet &set) const;
};

struct GraphModel::Result
{
    Built built;
    QSet<QString> openGroups; // the open groups that still have members drawn
    QStringList edgesRemoved, nodesRemoved, nodesCreated, nodesUpdated, edgesCreated;
    QHash<NamespaceSet, CachedCard> cards; // the card cache, handed back
    bool foldActive = false;
    Mode mode = Mode::Sharing; // of the graph built
};

namespace {

const QString hostId = QStringLiteral("host");

QString setNodeId(const NamespaceSet &key, GraphModel::TypeMask types)
{
    QString id = QStringLiteral("set:");
    for (NamespaceType t : allNamespaceTypes) {
        if (!types.test(int(t)))
            continue;
        if (id.size() > 4)
            id += QLatin1Char('.');
        id += QString::number(key[t]);
    }
    return id;
}

QString namespaceNodeId(NamespaceId id)
{
    return QStringLiteral("ns:") + QString::number(id);
}

QString namespaceTitle(NamespaceType type, NamespaceId id)
{
    return QString::fromLatin1(namespaceTypeKey(type)) + QLatin1Char(' ') + QString::number(id);
}

// A command without the numbers that tell instances apart ("worker12" and "worker3" are one kind).
QString commandKind(const QString &comm)
{
    static const QString trailing = QStringLiteral("0123456789:/._-");
    qsizetype end = comm.size();
    while (end > 1 && trailing.contains(comm.at(end - 1)))
        --end;
    return text::oneLine(comm.left(end));
}

QString typeList(const QList<NamespaceType> &types)
{
    QStringList names;
    for (NamespaceType t : types)
        names << QString::fromLatin1(namespaceTypeKey(t));
    if (names.size() <= 1)
        return names.join(QString());
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

// Why a namespace is there when no set has it of its own: what the user asks first about such a node.
QString holdersText(const Snapshot &s, const NamespaceInfo &n)
{
    QStringList why;
    for (const BindMount &bm : n.bindMounts)
        why << QStringLiteral("mounted at ") + text::oneLine(bm.path);
    for (const FdHolder &fh : n.fdHolders) {
        if (why.size() >= 4) {
            why << QStringLiteral("…");
            break;
        }
        const ProcessInfo *p = s.process(fh.pid);
        why << QStringLiteral("held open by fd %1 of pid %2%3")
                   .arg(fh.fd)
                   .arg(fh.pid)
                   .arg(p ? QStringLiteral(" (") + text::oneLine(p->comm) + QLatin1Char(')') : QString());
    }
    if (why.isEmpty() && n.processes.isEmpty())
        why << QStringLiteral("kept alive by the namespaces below it");
    if (n.type == NamespaceType::User && !n.uidMap.isEmpty()) {
        const IdMapRange &m = n.uidMap.first();
        why << QStringLiteral("uid %1 inside is %2 outside").arg(m.inside).arg(m.outside);
    }
    return why.join(QStringLiteral(" · "));
}

QString processCount(qsizetype n)
{
    return text::count(n, "process", "processes");
}

QString shortHash(const QString &s)
{
    return QString::fromLatin1(QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

} // namespace

GraphModel::GraphModel(QObject *parent)
    : QObject(parent)
{
}

GraphModel::~GraphModel() = default;

GraphModel::TypeMask GraphModel::defaultTypes(Mode mode)
{
    if (mode == Mode::Hierarchy)
        return TypeMask().set(int(NamespaceType::User)).set(int(NamespaceType::Pid));
    return allTypes();
}

void GraphModel::setSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff *diff)
{
    const bool same = m_snapshot && snapshot && diff && diff->isEmpty();
    if (diff && m_snapshot && snapshot) {
        // What changed since the last build started: this diff, and those of the snapshots before it not yet built.
        if (!m_stale) {
            m_touchedProcesses.clear();
            m_touchedNamespaces.clear();
            m_touchedValid = true;
        }
        if (m_touchedValid) {
            for (const QList<qint32> *pids : {&diff->processesAdded, &diff->processesRemoved})
                for (qint32 pid : *pids)
                    m_touchedProcesses.insert(pid);
            for (const SnapshotDiff::ProcessChange &c : diff->processesChanged)
                m_touchedProcesses.insert(c.pid);
            for (const QList<NamespaceId> *ids : {&diff->namespacesCreated, &diff->namespacesDestroyed})
                for (NamespaceId id : *ids)
                    m_touchedNamespaces.insert(id);
            for (const SnapshotDiff::MembershipChange &c : diff->membershipChanged)
                m_touchedNamespaces.insert(c.id);
        }
    } else {
        m_touchedValid = false;
    }
    m_snapshot = snapshot;
    if (!same)
        rebuild();
}

void GraphModel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_types = defaultTypes(mode);
    forgetCards();
    m_expanded.clear();
    optionsChanged();
}

void GraphModel::setVisibleTypes(TypeMask types)
{
    if (types == m_types)
        return;
    m_types = types;
    forgetCards(); // set ids name the drawn types
    optionsChanged();
}

void GraphModel::setHideHost(bool hide)
{
    if (hide == m_hideHost)
        return;
    m_hideHost = hide;
    optionsChanged();
}

void GraphModel::setFolding(bool fold)
{
    if (fold == m_folding)
        return;
    m_folding = fold;
    optionsChanged();
}

void GraphModel::setNamespacesShown(const QString &setId, bool shown)
{
    const GraphNode *n = node(setId);
    if (shown == m_namespacesShown.contains(setId) || (shown && (!n || n->kind != GraphNodeKind::Set)))
        return;
    if (shown)
        m_namespacesShown.insert(setId);
    else
        m_namespacesShown.remove(setId);
    optionsChanged();
}

void GraphModel::setExpanded(const QString &id, bool expanded)
{
    if (expanded == m_expanded.contains(id) || (expanded && !isExpandable(id)))
        return;
    if (expanded)
        m_expanded.insert(id);
    else
        m_expanded.remove(id);
    optionsChanged();
}

void GraphModel::setGroupOpen(const QString &groupId, bool open)
{
    if (open == m_openGroups.contains(groupId))
        return;
    if (open) {
        const GraphNode *n = node(groupId);
        if (!n || n->kind != GraphNodeKind::Group)
            return;
        m_openGroups.insert(groupId);
    } else {
        m_openGroups.remove(groupId);
    }
    optionsChanged();
}

void GraphModel::copyOf(const GraphModel &other)
{
    m_mode = other.m_mode;
    m_types = other.m_types;
    forgetCards();
    m_hideHost = other.m_hideHost;
    m_folding = other.m_folding;
    m_foldActive = other.m_foldActive;
    m_expanded = other.m_expanded;
    m_namespacesShown = other.m_namespacesShown;
    m_openGroups = other.m_openGroups;
    // With the snapshot at once: a rebuild without it would forget every expansion and open group.
    m_snapshot = other.m_snapshot;
    optionsChanged();
}

bool GraphModel::isExpandable(const QString &id) const
{
    const GraphNode *n = node(id);
    return n && n->kind != GraphNodeKind::Process && n->kind != GraphNodeKind::More && n->kind != GraphNodeKind::Group
        && !n->pids.isEmpty();
}

const GraphNode *GraphModel::node(const QString &id) const
{
    auto it = m_nodes.constFind(id);
    return it == m_nodes.cend() ? nullptr : &*it;
}

QStringList GraphModel::sortedNodeIds() const
{
    QStringList ids = m_nodes.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QStringList GraphModel::edgesOf(const QString &nodeId) const
{
    return m_edgesOf.value(nodeId);
}

QStringList GraphModel::neighbours(const QString &nodeId) const
{
    QStringList out;
    for (const QString &e : m_edgesOf.value(nodeId)) {
        const GraphEdge &edge = m_edges[e];
        out << (edge.from == nodeId ? edge.to : edge.from);
    }
    return out;
}

QString GraphModel::nodeForProcess(qint32 pid) const
{
    return m_processNode.value(pid);
}

QString GraphModel::nodeForNamespace(NamespaceId id) const
{
    return m_namespaceNode.value(id);
}

QSet<QString> GraphModel::processNeighbourhood(qint32 pid) const
{
    QSet<QString> out;
    const ProcessInfo *p = m_snapshot ? m_snapshot->process(pid) : nullptr;
    if (!p)
        return out;
    if (const QString self = nodeForProcess(pid); !self.isEmpty()) {
        out.insert(self);
        // An expanded process stands inside its set: light that up too.
        for (const QString &n : neighbours(self))
            if (const GraphNode *gn = node(n); gn && gn->kind == GraphNodeKind::Set && self.startsWith(QLatin1String("proc:")))
                out.insert(n);
    }
    const NamespaceSet &initial = m_snapshot->initialNamespaces();
    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceId id = p->namespaces.set[t];
        // The host's namespaces are shared by nearly everything: lighting them would light the whole picture.
        if (!m_types.test(int(t)) || !id || id == initial[t])
            continue;
        const QString ns = nodeForNamespace(id);
        if (ns.isEmpty() || ns == hostId)
            continue;
        out.insert(ns);
        if (const GraphNode *gn = node(ns); gn && gn->kind == GraphNodeKind::Namespace)
            for (const QString &e : m_edgesOf.value(ns))
                if (const GraphEdge &edge = m_edges[e]; edge.kind == GraphEdgeKind::Member || edge.kind == GraphEdgeKind::Contains)
                    out.insert(edge.from == ns ? edge.to : edge.from);
    }
    return out;
}

bool GraphModel::Builder::isHostOnly(const NamespaceSet &set) const
{
    const NamespaceSet &initial = m_snapshot->initialNamespaces();
    for (NamespaceType t : allNamespaceTypes)
        if (m_types.test(int(t)) && set[t] != 0 && set[t] != initial[t])
            return false;
    return true;
}

void GraphModel::Builder::addProcesses(Built &out, const QString &ownerId, const QList<qint32> &pids) const
{
    const qsizetype shown = std::min<qsizetype>(pids.size(), maxExpandedProcesses);
    for (qsizetype i = 0; i < shown; ++i) {
        const ProcessInfo *p = m_snapshot->process(pids[i]);
        if (!p)
            continue;
        const QString id = QStringLiteral("proc:%1:%2").arg(p->pid).arg(p->startTime);
        if (!out.nodes.contains(id)) {
            GraphNode n;
            n.id = id;
            n.kind = GraphNodeKind::Process;
            n.title = text::oneLine(p->comm);
            n.subtitle = QStringLiteral("pid ") + QString::number(p->pid);
            if (p->nspid.size() > 1)
                n.subtitle += QStringLiteral(" · %1 inside").arg(p->nspid.last());
            n.pids = {p->pid};
            n.pid = p->pid;
            out.nodes.insert(id, n);
        }
        out.processNode.insert(p->pid, id);
        out.addEdge(GraphEdgeKind::Contains, id, ownerId);
    }
    if (pids.size() > shown) {
        GraphNode more;
        more.id = QStringLiteral("more:") + ownerId;
        more.kind = GraphNodeKind::More;
        more.title = QStringLiteral("%1 more").arg(QLocale().toString(pids.size() - shown));
        more.subtitle = QStringLiteral("see the process table");
        out.nodes.insert(more.id, more);
        out.addEdge(GraphEdgeKind::Contains, more.id, ownerId);
    }
}

GraphNode GraphModel::Builder::namespaceNode(const NamespaceInfo &n) const
{
    GraphNode node;
    node.id = namespaceNodeId(n.id);
    node.kind = GraphNodeKind::Namespace;
    node.type = n.type;
    node.ns = n.id;
    node.initial = n.initial;
    node.title = namespaceTitle(n.type, n.id);
    if (!n.processes.isEmpty())
        node.subtitle = processCount(n.processes.size());
    node.detail = holdersText(*m_snapshot, n);
    node.pids = n.processes;
    node.expanded = m_expanded.contains(node.id);
    return node;
}

void GraphModel::Builder::buildSharing(Built &out)
{
    const Snapshot &s = *m_snapshot;
    const NamespaceSet &initial = s.initialNamespaces();
    auto drawn = [this](NamespaceType t) { return m_types.test(int(t)); };

    // Processes grouped by the namespaces of the drawn types: two processes differing only in a type that is
    // not drawn are one node. Those in the host's namespaces only are the host.
    QHash<NamespaceSet, QList<qint32>> groups;
    QList<qint32> hostPids;
    for (const ProcessInfo &p : s.processes()) {
        NamespaceSet key;
        for (NamespaceType t : allNamespaceTypes)
            if (drawn(t))
                key[t] = p.namespaces.set[t];
        if (isHostOnly(key))
            hostPids << p.pid;
        else
            groups[key] << p.pid; // processes are sorted by pid, so each list is too
    }
    QList<NamespaceSet> keys = groups.keys();
    std::sort(keys.begin(), keys.end());
    // Sized once: growing them step by step on a host of thousands of sets was a good part of a refresh.
    out.processNode.reserve(qsizetype(s.processes().size()));
    out.namespaceNode.reserve(qsizetype(s.namespaces().size()));
    out.nodes.reserve(keys.size() + 1);
    out.shapes.reserve(keys.size());
    out.reused.reserve(keys.size());

    // How many sets each namespace beyond the host's is in, and which, for those in two or more (most are in
    // one: a list for each of thousands of private namespaces was a good part of a refresh).
    QHash<NamespaceId, int> setCount;
    for (const NamespaceSet &key : std::as_const(keys))
        for (NamespaceType t : allNamespaceTypes)
            if (const NamespaceId id = key[t]; drawn(t) && id && id != initial[t])
                ++setCount[id];
    QHash<NamespaceId, QList<int>> sharedSets;
    for (int i = 0; i < keys.size(); ++i)
        for (NamespaceType t : allNamespaceTypes)
            if (const NamespaceId id = keys[i][t]; drawn(t) && id && id != initial[t] && setCount.value(id) > 1)
                sharedSets[id] << i;
    // Sets the user opened into their namespaces: their private namespaces are nodes, not badges.
    QSet<NamespaceId> opened;
    for (const NamespaceSet &key : std::as_const(keys))
        if (!m_namespacesShown.isEmpty() && m_namespacesShown.contains(setNodeId(key, m_types)))
            for (NamespaceType t : allNamespaceTypes)
                if (const NamespaceId id = key[t]; drawn(t) && id && id != initial[t] && setCount.value(id) == 1)
                    opened.insert(id);

    // The host: drawn once, heading the picture, with its own namespaces as badges.
    {
        GraphNode host;
        host.id = hostId;
        host.kind = GraphNodeKind::Host;
        host.initial = true;
        host.title = s.host().hostname.isEmpty() ? QStringLiteral("host") : text::oneLine(s.host().hostname);
        int kernelThreads = 0;
        for (qint32 pid : std::as_const(hostPids))
            kernelThreads += s.process(pid)->isKernelThread();
        host.subtitle = QStringLiteral("the host · ") + processCount(hostPids.size());
        if (kernelThreads)
            host.subtitle += QStringLiteral(" (%1 kernel threads)").arg(QLocale().toString(kernelThreads));
        host.pids = hostPids;
        host.expanded = m_expanded.contains(host.id);
        for (NamespaceType t : allNamespaceTypes)
            if (drawn(t) && initial[t]) {
                host.badges << GraphBadge{t, initial[t], true};
                out.namespaceNode.insert(initial[t], host.id);
            }
        for (qint32 pid : std::as_const(hostPids))
            out.processNode.insert(pid, host.id);
        if (!host.badges.isEmpty() || !hostPids.isEmpty()) {
            out.nodes.insert(host.id, host);
            if (host.expanded)
                addProcesses(out, host.id, hostPids);
        }
    }

    // Namespaces beyond the host's that are not a badge of one set: shared by several sets (those shared by
    // exactly the same sets are one node: a pod's net, ipc and uts), held without processes, or opened.
    QHash<QList<int>, QString> sharedBy;
    QHash<QString, QList<NamespaceType>> sharedTypes;
    QSet<QString> namedByHostname; // shared nodes titled by the hostname of the uts namespace among them
    for (const NamespaceInfo &n : s.namespaces()) {
        if (!drawn(n.type) || n.initial)
            continue;
        const int count = setCount.value(n.id);
        if (count == 1 && !opened.contains(n.id))
            continue;
        const QList<int> in = sharedSets.value(n.id);
        if (in.size() > 1) {
            if (const auto it = sharedBy.constFind(in); it != sharedBy.cend()) {
                GraphNode &node = out.nodes[*it];
                node.badges << GraphBadge{n.type, n.id, false};
                sharedTypes[*it] << n.type;
                if (n.type == NamespaceType::Uts)
                    if (const QString h = text::oneLine(n.details.value(QLatin1String("hostname")).toString()); !h.isEmpty()) {
                        node.title = h;
                        namedByHostname.insert(*it);
                    }
                out.namespaceNode.insert(n.id, *it);
                continue;
            }
        }
        GraphNode node = namespaceNode(n);
        if (in.size() > 1) {
            node.badges << GraphBadge{n.type, n.id, false};
            node.detail.clear(); // the sets in it say what holds it
            sharedBy.insert(in, node.id);
            sharedTypes[node.id] << n.type;
            if (n.type == NamespaceType::Uts)
                if (const QString h = text::oneLine(n.details.value(QLatin1String("hostname")).toString()); !h.isEmpty()) {
                    node.title = h;
                    namedByHostname.insert(node.id);
                }
        }
        out.namespaceNode.insert(n.id, node.id);
        out.nodes.insert(node.id, node);
    }
    for (auto it = sharedBy.cbegin(); it != sharedBy.cend(); ++it) {
        GraphNode &node = out.nodes[*it];
        const QList<NamespaceType> &types = sharedTypes[*it];
        const bool named = namedByHostname.contains(*it);
        const QString sets = QStringLiteral("shared by %1 sets").arg(it.key().size());
        if (types.size() == 1 && !named) {
            node.subtitle = sets; // the title says which namespace: "net 4026532180"
            node.badges.clear();
        } else {
            if (!named)
                node.title = typeList(types);
            node.subtitle = (named ? typeList(types) + QLatin1Char(' ') : QString()) + sets;
        }
    }

    for (const NamespaceSet &key : std::as_const(keys)) {
        const QList<qint32> &pids = groups[key];
        CachedCard &cached = m_cards[key];
        // Its badges, its own namespaces first, on the stack: most cards have the same as last time, and a list
        // for each was a good part of a refresh.
        std::array<GraphBadge, NamespaceTypeCount> own, host;
        int owns = 0, hosts = 0;
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceId id = key[t];
            if (!drawn(t) || !id)
                continue;
            if (id == initial[t]) {
                if (!m_hideHost)
                    host[hosts++] = GraphBadge{t, id, true};
            } else if (setCount.value(id) == 1 && !opened.contains(id)) {
                own[owns++] = GraphBadge{t, id, false};
            }
        }
        const bool sameBadges = cached.badges.size() == owns + hosts && std::equal(own.begin(), own.begin() + owns, cached.badges.cbegin())
            && std::equal(host.begin(), host.begin() + hosts, cached.badges.cbegin() + owns);
        const QString id = cached.used ? cached.node.id : setNodeId(key, m_types);
        const bool expanded = !m_expanded.isEmpty() && m_expanded.contains(id);
        const bool namespacesShown = !m_namespacesShown.isEmpty() && m_namespacesShown.contains(id);
        // What the card shows besides its leader: the same as last time?
        const bool sameShape = cached.used && sameBadges && cached.pids == pids && cached.expanded == expanded
            && cached.namespacesShown == namespacesShown;
        // Nothing the diff names is in this set, nor the uts namespace its name may come from (drawn or not), and it
        // was built last time: it is as it was.
        bool untouched = sameShape && m_touchedValid && cached.used == m_rebuilds - 1 && !m_touchedNamespaces.contains(cached.uts);
        for (qsizetype i = 0; untouched && i < pids.size(); ++i)
            untouched = !m_touchedProcesses.contains(pids[i]);
        for (NamespaceType t : allNamespaceTypes)
            untouched = untouched && (!key[t] || key[t] == initial[t] || !m_touchedNamespaces.contains(key[t]));
        const ProcessInfo *leader = untouched ? nullptr : text::setLeader(s, pids);
        const QString hostname = untouched ? cached.hostname : text::ownHostname(s, *leader);
        if (untouched
            || (sameShape && cached.leaderPid == leader->pid && cached.leaderComm == leader->comm && cached.label == leader->container
                && cached.hostname == hostname && cached.uts == leader->namespaces.set[NamespaceType::Uts])) {
            out.reused.insert(id);
        } else {
            QList<GraphBadge> badges;
            badges.reserve(owns + hosts);
            for (int i = 0; i < owns; ++i)
                badges << own[i];
            for (int i = 0; i < hosts; ++i)
                badges << host[i];
            GraphNode node;
            node.id = id;
            node.kind = GraphNodeKind::Set;
            node.pids = pids;
            node.expanded = expanded;
            node.namespacesShown = namespacesShown;
            node.badges = badges;
            node.title = text::containerName(s, *leader);
            node.subtitle = processCount(pids.size()) + QStringLiteral(" · pid ") + QString::number(leader->pid);
            if (leader->container)
                node.subtitle = text::oneLine(leader->container->engine) + QStringLiteral(" · ") + node.subtitle;
            if (node.title != text::oneLine(leader->comm))
                node.subtitle += QStringLiteral(" · ") + text::oneLine(leader->comm);
            // What makes two cards alike when they fold: the kind of command, and which namespaces are their own
            // and which the host's.
            QString shape = commandKind(leader->comm) + QLatin1Char('|');
            for (const GraphBadge &b : badges)
                shape += QString::fromLatin1(namespaceTypeKey(b.type)) + (b.initial ? QLatin1Char('h') : QLatin1Char('o'));
            cached = CachedCard{pids, leader->pid, leader->comm, leader->container, hostname, leader->namespaces.set[NamespaceType::Uts],
                                badges, expanded, namespacesShown, node, shape, 0};
        }
        cached.used = m_rebuilds;
        const GraphNode &node = cached.node;
        out.shapes.insert(node.id, cached.shape);
        for (const GraphBadge &b : node.badges)
            if (!b.initial)
                out.namespaceNode.insert(b.id, node.id);
        for (qint32 pid : pids)
            out.processNode.insert(pid, node.id);
        out.nodes.insert(node.id, node);
        for (NamespaceType t : allNamespaceTypes)
            if (const NamespaceId ns = key[t]; drawn(t) && ns && ns != initial[t] && (setCount.value(ns) > 1 || opened.contains(ns)))
                out.addEdge(GraphEdgeKind::Member, out.namespaceNode.value(ns), node.id);
        if (node.expanded)
            addProcesses(out, node.id, pids);
    }

    // Relations and holders, between whatever nodes stand for the namespaces at each end; the host is the
    // frame, so what only leads to it (a child of the host's pid namespace, a mount in the host's mount
    // namespace, an fd held by a host process) is said on the node, not drawn.
    const NamespaceId initialUser = initial[NamespaceType::User];
    auto end = [&](const QString &id) { return id == hostId ? QString() : id; };
    for (const NamespaceInfo &n : s.namespaces()) {
        if (!drawn(n.type) || n.initial)
            continue;
        const QString self = out.namespaceNode.value(n.id);
        if (self.isEmpty())
            continue;
        if (n.parent && *n.parent != initial[n.type])
            out.addEdge(GraphEdgeKind::Parent, self, end(out.namespaceNode.value(*n.parent)));
        if (n.owner && n.type != NamespaceType::User && *n.owner != initialUser && drawn(NamespaceType::User)) {
            // Processes in the user namespace that owns their other namespaces (a rootless container) say so by
            // being in it: an owner edge beside their member edge would say it twice. It is news where the
            // namespace's processes are in another user namespace, or it has none.
            const ProcessInfo *member = n.processes.isEmpty() ? nullptr : s.process(n.processes.constFirst());
            if (!member || member->namespaces.set[NamespaceType::User] != *n.owner)
                out.addEdge(GraphEdgeKind::Owner, self, end(out.namespaceNode.value(*n.owner)));
        }
        for (const BindMount &bm : n.bindMounts)
            out.addEdge(GraphEdgeKind::BindMount, self, end(out.namespaceNode.value(bm.mntns)), text::oneLine(bm.path));
        for (const FdHolder &fh : n.fdHolders)
            out.addEdge(GraphEdgeKind::FdHolder, end(out.processNode.value(fh.pid)), self,
                        QStringLiteral("pid %1 fd %2").arg(fh.pid).arg(fh.fd));
        // Processes in it only through one of their threads.
        if (!setCount.contains(n.id) && out.nodes.contains(self))
            for (qint32 pid : n.processes)
                out.addEdge(GraphEdgeKind::Member, self, end(out.processNode.value(pid)), QStringLiteral("thread"));
    }
    for (const QString &id : m_expanded)
        if (id.startsWith(QLatin1String("ns:")) && out.nodes.contains(id))
            if (const NamespaceInfo *n = s.findNamespace(id.mid(3).toULongLong()))
                addProcesses(out, id, n->processes);

    int sets = 0;
    for (const GraphNode &n : std::as_const(out.nodes))
        sets += n.kind == GraphNodeKind::Set;
    // Folding starts above foldAbove sets and ends below unfoldBelow, so one container coming and going at the
    // threshold does not re-form the whole picture each time.
    m_foldActive = m_folding && (sets > foldAbove || (m_foldActive && sets >= unfoldBelow));
    if (m_foldActive)
        fold(out);
}

// Folds sets of the same shape into Group nodes: first sets that look alike and hang off the same shared
// namespaces (or off nothing: containers on their own), then whole clusters that look alike (pods).
void GraphModel::Builder::fold(Built &out) const
{
    const Snapshot &s = *m_snapshot;
    QHash<QString, QStringList> edgesAt;
    for (auto it = out.edges.cbegin(); it != out.edges.cend(); ++it) {
        edgesAt[it->from] << it.key();
        edgesAt[it->to] << it.key();
    }
    auto ownShape = [&](const GraphNode &n) { return out.shapes.value(n.id); };
    auto foldable = [&](const GraphNode &n) {
        return n.kind == GraphNodeKind::Set && !n.expanded && !n.namespacesShown && !n.pids.isEmpty();
    };
    // Replaces members by one group node; their edges end at the group.
    auto makeGroup = [&](const QString &groupId, const QStringList &members, GraphNode group) {
        group.id = groupId;
        group.kind = GraphNodeKind::Group;
        group.members = members;
        std::sort(group.members.begin(), group.members.end());
        QSet<QString> memberSet(members.cbegin(), members.cend());
        for (const QString &m : members)
            if (const GraphNode &n = out.nodes[m]; n.kind == GraphNodeKind::Set)
                group.pids += n.pids;
        std::sort(group.pids.begin(), group.pids.end());
        for (qint32 pid : std::as_const(group.pids))
            out.processNode.insert(pid, groupId);
        // The namespaces drawn on or as the members: their own badges, and the namespace nodes folded with them.
        for (const QString &m : members) {
            const GraphNode &n = out.nodes[m];
            if (n.kind == GraphNodeKind::Namespace)
                out.namespaceNode.insert(n.ns, groupId);
            for (const GraphBadge &b : n.badges)
                if (!b.initial && out.namespaceNode.value(b.id) == m)
                    out.namespaceNode.insert(b.id, groupId);
        }
        QList<GraphEdge> outside;
        for (const QString &m : members)
            for (const QString &e : edgesAt.value(m))
                if (const auto it = out.edges.constFind(e); it != out.edges.cend()) {
                    if (!memberSet.contains(it->from) || !memberSet.contains(it->to))
                        outside << *it;
                    out.edges.erase(it);
                }
        for (const QString &m : members)
            out.nodes.remove(m);
        out.nodes.insert(groupId, group);
        for (const GraphEdge &e : std::as_const(outside)) {
            const QString from = memberSet.contains(e.from) ? groupId : e.from;
            const QString to = memberSet.contains(e.to) ? groupId : e.to;
            // One edge for all of them: per-member labels would not say which.
            if (const QString id = out.addEdge(e.kind, from, to); !id.isEmpty()) {
                edgesAt[from] << id;
                edgesAt[to] << id;
            }
        }
    };
    auto eachText = [](const QList<qint32> &counts) {
        const auto [lo, hi] = std::minmax_element(counts.cbegin(), counts.cend());
        return *lo == *hi ? text::count(*lo, "process", "processes") + QStringLiteral(" each")
                          : QStringLiteral("%1–%2 processes each").arg(*lo).arg(*hi);
    };

    // 1. Alike sets with the same neighbours.
    QMap<QString, QStringList> alike; // shape -> set ids; a QMap, so groups are made in a stable order
    for (const GraphNode &n : std::as_const(out.nodes)) {
        if (!foldable(n))
            continue;
        QStringList around;
        bool leaf = true;
        for (const QString &e : edgesAt.value(n.id)) {
            const auto edge = out.edges.constFind(e);
            if (edge == out.edges.cend())
                continue;
            const QString other = edge->from == n.id ? edge->to : edge->from;
            const auto o = out.nodes.constFind(other);
            leaf = leaf && o != out.nodes.cend() && o->kind == GraphNodeKind::Namespace;
            around << graphEdgeKindName(edge->kind) + (edge->from == n.id ? QLatin1Char('>') : QLatin1Char('<')) + other;
        }
        if (!leaf)
            continue;
        around.sort();
        alike[ownShape(n) + QLatin1Char('|') + around.join(QLatin1Char(','))] << n.id;
    }
    for (auto it = alike.cbegin(); it != alike.cend(); ++it) {
        if (it->size() < foldAtLeast)
            continue;
        const QString groupId = QStringLiteral("group:") + shortHash(it.key());
        if (m_openGroups.contains(groupId)) {
            for (const QString &m : *it)
                out.nodes[m].group = groupId;
            continue;
        }
        const GraphNode &first = out.nodes[it->first()];
        GraphNode group;
        group.count = int(it->size());
        // Named as its members are, where they are alike by name ("lab-1" ... "lab-50": lab), else by command.
        QString kind = commandKind(first.title);
        for (const QString &m : *it)
            if (commandKind(out.nodes[m].title) != kind)
                kind.clear();
        if (kind.isEmpty() || kind == first.title)
            kind = commandKind(text::setLeader(s, first.pids)->comm);
        group.title = kind + QStringLiteral(" × ") + QLocale().toString(group.count);
        QList<qint32> counts;
        QStringList engines;
        for (const QString &m : *it) {
            const GraphNode &n = out.nodes[m];
            counts << qint32(n.pids.size());
            if (const ProcessInfo *leader = text::setLeader(s, n.pids); leader && leader->container && !engines.contains(leader->container->engine))
                engines << text::oneLine(leader->container->engine);
        }
        group.subtitle = QStringLiteral("%1 alike · %2").arg(group.count).arg(eachText(counts));
        if (const QString command = commandKind(text::setLeader(s, first.pids)->comm); command != kind)
            group.subtitle += QStringLiteral(" · ") + command;
        if (!engines.isEmpty())
            group.subtitle = engines.join(QStringLiteral(", ")) + QStringLiteral(" · ") + group.subtitle;
        for (const GraphBadge &b : first.badges)
            group.badges << GraphBadge{b.type, 0, b.initial};
        makeGroup(groupId, *it, group);
    }

    // 2. Alike clusters: the same shapes joined the same way, such as pods of a pause container and its apps.
    QHash<QString, int> component;
    QList<QStringList> components;
    for (auto it = out.nodes.cbegin(); it != out.nodes.cend(); ++it) {
        if (it.key() == hostId || component.contains(it.key()))
            continue;
        QStringList members{it.key()};
        component.insert(it.key(), int(components.size()));
        for (qsizetype i = 0; i < members.size(); ++i)
            for (const QString &e : edgesAt.value(members[i])) {
                const auto edge = out.edges.constFind(e);
                if (edge == out.edges.cend())
                    continue;
                const QString other = edge->from == members[i] ? edge->to : edge->from;
                if (other != hostId && !component.contains(other)) {
                    component.insert(other, int(components.size()));
                    members << other;
                }
            }
        components << members;
    }
    QMap<QString, QList<int>> alikeClusters;
    QHash<int, QString> clusterTitle;
    for (int c = 0; c < components.size(); ++c) {
        const QStringList &members = components[c];
        if (members.size() < 2)
            continue;
        QHash<QString, QString> shapeOf;
        QList<std::pair<qint32, QString>> kinds; // leader pid, command kind: the title, in start order
        bool ok = true;
        for (const QString &m : members) {
            const GraphNode &n = out.nodes[m];
            if (n.kind == GraphNodeKind::Set && foldable(n) && n.group.isEmpty()) {
                shapeOf.insert(m, QStringLiteral("s:") + ownShape(n));
                const ProcessInfo *leader = text::setLeader(s, n.pids);
                kinds.append({leader->pid, commandKind(leader->comm)});
            } else if (n.kind == GraphNodeKind::Namespace && !n.expanded) {
                QString shape = QStringLiteral("n:") + QString::fromLatin1(namespaceTypeKey(n.type));
                for (const GraphBadge &b : n.badges)
                    shape += QString::fromLatin1(namespaceTypeKey(b.type));
                shapeOf.insert(m, shape);
            } else {
                ok = false;
                break;
            }
        }
        if (!ok || kinds.isEmpty())
            continue;
        QStringList nodeShapes = shapeOf.values(), edgeShapes;
        for (const QString &m : members)
            for (const QString &e : edgesAt.value(m))
                if (const auto edge = out.edges.constFind(e); edge != out.edges.cend() && edge->from == m)
                    edgeShapes << shapeOf.value(edge->from) + QLatin1Char('>') + graphEdgeKindName(edge->kind) + QLatin1Char('>') + shapeOf.value(edge->to);
        nodeShapes.sort();
        edgeShapes.sort();
        std::sort(kinds.begin(), kinds.end());
        QStringList names;
        for (const auto &k : std::as_const(kinds))
            names << k.second;
        clusterTitle.insert(c, names.join(QStringLiteral(" + ")));
        alikeClusters[nodeShapes.join(QLatin1Char(',')) + QLatin1Char('|') + edgeShapes.join(QLatin1Char(','))] << c;
    }
    for (auto it = alikeClusters.cbegin(); it != alikeClusters.cend(); ++it) {
        if (it->size() < foldAtLeast)
            continue;
        const QString groupId = QStringLiteral("group:") + shortHash(it.key());
        QStringList sets, all;
        for (int c : *it)
            for (const QString &m : components[c]) {
                all << m;
                if (out.nodes[m].kind == GraphNodeKind::Set)
                    sets << m;
            }
        if (m_openGroups.contains(groupId)) {
            for (const QString &m : std::as_const(sets))
                out.nodes[m].group = groupId;
            continue;
        }
        GraphNode group;
        group.count = int(it->size());
        group.title = clusterTitle.value(it->first()) + QStringLiteral(" × ") + QLocale().toString(group.count);
        // What joins each cluster: the types its shared namespaces are of.
        QList<NamespaceType> shared;
        int setsEach = 0;
        for (const QString &m : components[it->first()]) {
            const GraphNode &n = out.nodes[m];
            setsEach += n.kind == GraphNodeKind::Set;
            if (n.kind == GraphNodeKind::Namespace) {
                if (!shared.contains(n.type))
                    shared << n.type;
                for (const GraphBadge &b : n.badges)
                    if (!shared.contains(b.type))
                        shared << b.type;
            }
        }
        std::sort(shared.begin(), shared.end());
        group.subtitle = QStringLiteral("%1 alike · %2 sets each").arg(group.count).arg(setsEach);
        if (!shared.isEmpty())
            group.detail = QStringLiteral("each: %1 sets sharing %2").arg(setsEach).arg(typeList(shared));
        for (NamespaceType t : std::as_const(shared))
            group.badges << GraphBadge{t, 0, false};
        makeGroup(groupId, all, group);
        // The group stands for the sets only: the shared namespaces folded with them point at it too.
        out.nodes[groupId].members = sets;
        std::sort(out.nodes[groupId].members.begin(), out.nodes[groupId].members.end());
    }
}

void GraphModel::Builder::buildHierarchy(Built &out) const
{
    const Snapshot &s = *m_snapshot;
    // A namespace of the tree is named after the containers living in it.
    auto nameOf = [&](const NamespaceInfo &n) -> QString {
        if (n.initial)
            return s.host().hostname.isEmpty() ? QStringLiteral("host") : QStringLiteral("host ") + text::oneLine(s.host().hostname);
        QMap<NamespaceSet, QList<qint32>> sets;
        for (qint32 pid : n.processes)
            if (const ProcessInfo *p = s.process(pid))
                sets[p->namespaces.set] << pid;
        if (sets.isEmpty())
            return {};
        QStringList names;
        for (const QList<qint32> &pids : std::as_const(sets))
            if (const ProcessInfo *leader = text::setLeader(s, pids))
                names << text::containerName(s, *leader);
        names.removeDuplicates();
        std::sort(names.begin(), names.end());
        return names.size() == 1 ? names.first() : QStringLiteral("%1 and %2 more").arg(names.first()).arg(names.size() - 1);
    };
    for (const NamespaceInfo &n : s.namespaces()) {
        const bool tree = n.type == NamespaceType::User || n.type == NamespaceType::Pid;
        if (!m_types.test(int(n.type)) || (m_hideHost && n.initial && !tree))
            continue;
        GraphNode node = namespaceNode(n);
        if (const QString name = nameOf(n); !name.isEmpty()) {
            node.subtitle = node.title + (node.subtitle.isEmpty() ? QString() : QStringLiteral(" · ") + node.subtitle);
            node.title = name;
        }
        if (n.initial)
            node.detail.clear();
        out.namespaceNode.insert(n.id, node.id);
        out.nodes.insert(node.id, node);
    }
    // Owned by the host's user namespace is what everything is by default: only other owners are news. A user
    // namespace owning many (rootless Podman's) is named on each of them instead of a fan of edges.
    QHash<NamespaceId, int> owns;
    for (const NamespaceInfo &n : s.namespaces())
        if (n.owner && n.type != NamespaceType::User && out.namespaceNode.contains(n.id))
            ++owns[*n.owner];
    for (const NamespaceInfo &n : s.namespaces()) {
        const QString self = out.namespaceNode.value(n.id);
        if (self.isEmpty())
            continue;
        if (n.parent)
            out.addEdge(GraphEdgeKind::Parent, self, out.namespaceNode.value(*n.parent));
        if (n.owner && n.type != NamespaceType::User && *n.owner != s.initialNamespaces()[NamespaceType::User]) {
            const QString owner = out.namespaceNode.value(*n.owner);
            if (owns.value(*n.owner) <= ownerEdgesAtMost || owner.isEmpty()) {
                out.addEdge(GraphEdgeKind::Owner, self, owner);
            } else {
                GraphNode &node = out.nodes[self];
                const QString by = QStringLiteral("owned by ") + out.nodes[owner].title;
                node.detail = node.detail.isEmpty() ? by : node.detail + QStringLiteral(" · ") + by;
            }
        }
        for (const BindMount &bm : n.bindMounts)
            out.addEdge(GraphEdgeKind::BindMount, self, out.namespaceNode.value(bm.mntns), text::oneLine(bm.path));
        if (out.nodes[self].expanded)
            addProcesses(out, self, n.processes);
    }
    for (const ProcessInfo &p : s.processes())
        if (!out.processNode.contains(p.pid))
            if (const QString pidNode = out.namespaceNode.value(p.namespaces.set[NamespaceType::Pid]); !pidNode.isEmpty())
                out.processNode.insert(p.pid, pidNode);
}

void GraphModel::optionsChanged()
{
    m_touchedValid = false; // the cards are looked at again, whatever the snapshots said
    rebuild();
}

void GraphModel::forgetCards()
{
    m_cards.clear();
    m_dropCards = m_building; // those the running build hands back are of other options
}

void GraphModel::rebuild()
{
    m_stale = true;
    if (!m_async) {
        Result result = takeBuilder()->run(m_nodes, m_edges);
        apply(result);
        return;
    }
    // A burst of changes (a snapshot, then an expansion) is one build, started once the event loop has them all.
    if (!m_building && !m_startQueued) {
        m_startQueued = true;
        QMetaObject::invokeMethod(this, &GraphModel::startBuild, Qt::QueuedConnection);
    }
}

std::shared_ptr<GraphModel::Builder> GraphModel::takeBuilder()
{
    auto b = std::make_shared<Builder>();
    b->m_snapshot = m_snapshot;
    b->m_mode = m_mode;
    b->m_types = m_types;
    b->m_hideHost = m_hideHost;
    b->m_folding = m_folding;
    b->m_foldActive = m_foldActive;
    b->m_expanded = m_expanded;
    b->m_namespacesShown = m_namespacesShown;
    b->m_openGroups = m_openGroups;
    b->m_cards = std::exchange(m_cards, {});
    b->m_rebuilds = ++m_rebuilds;
    b->m_touchedProcesses = std::exchange(m_touchedProcesses, {});
    b->m_touchedNamespaces = std::exchange(m_touchedNamespaces, {});
    b->m_touchedValid = std::exchange(m_touchedValid, false);
    m_stale = false;
    return b;
}

void GraphModel::startBuild()
{
    m_startQueued = false;
    if (m_building || !m_stale)
        return;
    m_building = true;
    auto *watcher = new QFutureWatcher<std::shared_ptr<Result>>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_watcher = nullptr;
        m_building = false;
        apply(*watcher->result());
        if (m_stale)
            startBuild();
    });
    // The shown graph goes with it (shared, not copied) for the diff: only apply() changes it, after the build.
    watcher->setFuture(QtConcurrent::run([builder = takeBuilder(), nodes = m_nodes, edges = m_edges] {
        return std::make_shared<Result>(builder->run(nodes, edges));
    }));
}

void GraphModel::setAsynchronous(bool async)
{
    if (async == m_async)
        return;
    m_async = async;
    if (async)
        return;
    // Synchronous from now on: the build running is waited for, and what is due is built at once.
    if (QFutureWatcher<std::shared_ptr<Result>> *watcher = std::exchange(m_watcher, nullptr)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
        m_building = false;
        apply(*watcher->result());
        delete watcher;
    }
    if (m_stale)
        rebuild();
}

GraphModel::Result GraphModel::Builder::run(const QHash<QString, GraphNode> &wasNodes, const QHash<QString, GraphEdge> &wasEdges)
{
    Result r;
    Built &built = r.built;
    if (m_snapshot) {
        if (m_mode == Mode::Sharing)
            buildSharing(built);
        else
            buildHierarchy(built);
    }
    for (auto it = m_cards.begin(); it != m_cards.end();)
        it = it->used == m_rebuilds ? std::next(it) : m_cards.erase(it);
    if (!m_openGroups.isEmpty())
        for (const GraphNode &n : std::as_const(built.nodes))
            if (!n.group.isEmpty())
                r.openGroups.insert(n.group);

    for (auto it = wasEdges.cbegin(); it != wasEdges.cend(); ++it) {
        auto now = built.edges.constFind(it.key());
        if (now == built.edges.cend() || !(*now == *it))
            r.edgesRemoved << it.key(); // an edge whose label changed is replaced
    }
    for (auto it = built.edges.cbegin(); it != built.edges.cend(); ++it) {
        auto was = wasEdges.constFind(it.key());
        if (was == wasEdges.cend() || !(*was == *it))
            r.edgesCreated << it.key();
    }
    for (auto it = wasNodes.cbegin(); it != wasNodes.cend(); ++it)
        if (!built.nodes.contains(it.key()))
            r.nodesRemoved << it.key();
    for (auto it = built.nodes.cbegin(); it != built.nodes.cend(); ++it) {
        auto was = wasNodes.constFind(it.key());
        if (was == wasNodes.cend())
            r.nodesCreated << it.key();
        else if ((!built.reused.contains(it.key()) || was->group != it->group) && !(*was == *it))
            r.nodesUpdated << it.key(); // a reused card is as built, but its group is set anew each time
    }
    std::sort(r.nodesCreated.begin(), r.nodesCreated.end());
    std::sort(r.edgesCreated.begin(), r.edgesCreated.end());
    r.cards = std::move(m_cards);
    r.foldActive = m_foldActive;
    r.mode = m_mode;
    return r;
}

void GraphModel::apply(Result &r)
{
    if (std::exchange(m_dropCards, false))
        r.cards.clear();
    m_cards = std::move(r.cards);
    m_foldActive = r.foldActive;
    m_shownMode = r.mode;
    Built &built = r.built;
    // Expansions of nodes that are gone are forgotten, so a set that comes back is collapsed again; an open
    // group is forgotten once none of its members is left. Not while a newer build is due: what the user opened
    // since this one started is not in it yet.
    if (!m_stale) {
        for (QSet<QString> *opened : {&m_expanded, &m_namespacesShown})
            for (auto it = opened->begin(); it != opened->end();)
                it = built.nodes.contains(*it) ? std::next(it) : opened->erase(it);
        if (!m_openGroups.isEmpty())
            m_openGroups.intersect(r.openGroups);
    }
    // Removals are announced while the old data is still there; creations once the new data is in.
    for (const QString &id : std::as_const(r.edgesRemoved))
        Q_EMIT edgeRemoved(id);
    for (const QString &id : std::as_const(r.nodesRemoved))
        Q_EMIT nodeRemoved(id);
    // The edges at each node follow what changed: rebuilt whole, they were a good part of a refresh. Each node
    // losing edges is gone through once: one removeAll() per edge was quadratic at a hub (the initial pid
    // namespace has an edge from each of thousands of children; leaving the hierarchy took seconds).
    if (!r.edgesRemoved.isEmpty()) {
        const QSet<QString> removed(r.edgesRemoved.cbegin(), r.edgesRemoved.cend());
        QSet<QString> ends;
        for (const QString &id : std::as_const(r.edgesRemoved))
            if (const auto e = m_edges.constFind(id); e != m_edges.cend()) {
                ends.insert(e->from);
                ends.insert(e->to);
            }
        for (const QString &end : std::as_const(ends))
            if (auto it = m_edgesOf.find(end); it != m_edgesOf.end()
                && (it->removeIf([&](const QString &id) { return removed.contains(id); }), it->isEmpty()))
                m_edgesOf.erase(it);
    }
    // The graph replaced goes away on a worker when building there: freeing thousands of nodes was a part of each
    // refresh on this thread.
    struct Retired
    {
        QHash<QString, GraphNode> nodes;
        QHash<QString, GraphEdge> edges;
        QHash<qint32, QString> processNode;
        QHash<NamespaceId, QString> namespaceNode;
        QSet<QString> reused;
        QHash<QString, QString> shapes;
    };
    auto retired = std::make_shared<Retired>(Retired{std::exchange(m_nodes, std::move(built.nodes)), std::exchange(m_edges, std::move(built.edges)),
                                                     std::exchange(m_processNode, std::move(built.processNode)),
                                                     std::exchange(m_namespaceNode, std::move(built.namespaceNode)), std::move(built.reused),
                                                     std::move(built.shapes)});
    if (m_async)
        QThreadPool::globalInstance()->start([retired = std::move(retired)]() mutable { retired.reset(); });
    for (const QString &id : std::as_const(r.edgesCreated)) {
        const GraphEdge &e = std::as_const(m_edges)[id]; // never a detach: a layout may hold a copy
        m_edgesOf[e.from] << id;
        if (e.to != e.from)
            m_edgesOf[e.to] << id;
    }
    for (const QString &id : std::as_const(r.nodesCreated))
        Q_EMIT nodeCreated(id);
    for (const QString &id : std::as_const(r.nodesUpdated))
        Q_EMIT nodeUpdated(id);
    for (const QString &id : std::as_const(r.edgesCreated))
        Q_EMIT edgeCreated(id);
    if (!r.edgesRemoved.isEmpty() || !r.nodesRemoved.isEmpty() || !r.nodesCreated.isEmpty() || !r.nodesUpdated.isEmpty()
        || !r.edgesCreated.isEmpty()) {
            Q_EMIT changed();
    }
}

QString graphNodeKindName(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::Set: return QStringLiteral("set");
    case GraphNodeKind::Namespace: return QStringLiteral("namespace");
    case GraphNodeKind::Process: return QStringLiteral("process");
    case GraphNodeKind::Host: return QStringLiteral("host");
    case GraphNodeKind::More: return QStringLiteral("more");
    case GraphNodeKind::Group: return QStringLiteral("group");
    }
    return {};
}

QString graphEdgeKindName(GraphEdgeKind kind)
{
    switch (kind) {
    case GraphEdgeKind::Member: return QStringLiteral("member");
    case GraphEdgeKind::Parent: return QStringLiteral("parent");
    case GraphEdgeKind::Owner: return QStringLiteral("owner");
    case GraphEdgeKind::BindMount: return QStringLiteral("bind");
    case GraphEdgeKind::FdHolder: return QStringLiteral("fd");
    case GraphEdgeKind::Contains: return QStringLiteral("contains");
    }
    return {};
}

} // namespace nsviz
