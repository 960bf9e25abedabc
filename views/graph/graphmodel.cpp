#include "graphmodel.h"

#include "itemmodels/displaytext.h"

#include <QLocale>

#include <algorithm>

namespace nsviz {

struct GraphModel::Built
{
    QHash<QString, GraphNode> nodes;
    QHash<QString, GraphEdge> edges;
    QHash<qint32, QString> processNode;
    QHash<NamespaceId, QString> namespaceNode;

    void addEdge(GraphEdgeKind kind, const QString &from, const QString &to, const QString &label = {})
    {
        if (from.isEmpty() || to.isEmpty() || from == to)
            return;
        const QString id = graphEdgeKindName(kind) + QLatin1Char(':') + from + QLatin1Char('>') + to;
        auto it = edges.find(id);
        if (it == edges.end()) {
            edges.insert(id, GraphEdge{id, from, to, kind, label});
        } else if (!label.isEmpty() && it->label.count(QLatin1Char(',')) < 3) {
            // Several fds of one set to one namespace: one edge, the first few named.
            it->label += QStringLiteral(", ") + label;
        }
    }
};

namespace {

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

QString namespaceTitle(const NamespaceInfo &n)
{
    return QString::fromLatin1(namespaceTypeKey(n.type)) + QLatin1Char(' ') + QString::number(n.id);
}

// Why a namespace with no member process is still there: what the user asks first about such a node.
QString holdersText(const NamespaceInfo &n)
{
    QStringList why;
    if (n.initial)
        why << QStringLiteral("host");
    if (!n.processes.isEmpty())
        why << text::count(n.processes.size(), "process", "processes");
    for (const BindMount &bm : n.bindMounts)
        why << QStringLiteral("mounted at ") + text::oneLine(bm.path);
    if (!n.fdHolders.isEmpty())
        why << QStringLiteral("held by fd of pid ") + QString::number(n.fdHolders.first().pid);
    if (why.isEmpty())
        why << QStringLiteral("kept alive by the namespaces below it");
    if (n.type == NamespaceType::User && !n.uidMap.isEmpty()) {
        const IdMapRange &m = n.uidMap.first();
        why << QStringLiteral("uid %1→%2").arg(m.inside).arg(m.outside);
    }
    return why.join(QStringLiteral(" · "));
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
    m_expanded.clear();
    rebuild();
}

void GraphModel::setVisibleTypes(TypeMask types)
{
    if (types == m_types)
        return;
    m_types = types;
    rebuild();
}

void GraphModel::setHideHost(bool hide)
{
    if (hide == m_hideHost)
        return;
    m_hideHost = hide;
    rebuild();
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
    rebuild();
}

void GraphModel::setExpanded(const QString &id, bool expanded)
{
    if (expanded == m_expanded.contains(id) || (expanded && !isExpandable(id)))
        return;
    if (expanded)
        m_expanded.insert(id);
    else
        m_expanded.remove(id);
    rebuild();
}

bool GraphModel::isExpandable(const QString &id) const
{
    const GraphNode *n = node(id);
    return n && n->kind != GraphNodeKind::Process && n->kind != GraphNodeKind::More && !n->pids.isEmpty();
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
            if (const GraphNode *gn = node(n); gn && gn->kind == GraphNodeKind::Set)
                out.insert(n);
    }
    for (NamespaceType t : allNamespaceTypes) {
        if (!m_types.test(int(t)))
            continue;
        const QString ns = nodeForNamespace(p->namespaces.set[t]);
        if (ns.isEmpty())
            continue;
        out.insert(ns);
        if (const GraphNode *gn = node(ns); gn && gn->kind == GraphNodeKind::Namespace)
            for (const QString &e : m_edgesOf.value(ns))
                if (const GraphEdge &edge = m_edges[e]; edge.kind == GraphEdgeKind::Member || edge.kind == GraphEdgeKind::Contains)
                    out.insert(edge.from == ns ? edge.to : edge.from);
    }
    return out;
}

bool GraphModel::isHostOnly(const NamespaceSet &set) const
{
    const NamespaceSet &initial = m_snapshot->initialNamespaces();
    for (NamespaceType t : allNamespaceTypes)
        if (m_types.test(int(t)) && set[t] != 0 && set[t] != initial[t])
            return false;
    return true;
}

void GraphModel::addProcesses(Built &out, const QString &ownerId, const QList<qint32> &pids) const
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

GraphNode GraphModel::namespaceNode(const NamespaceInfo &n) const
{
    GraphNode node;
    node.id = namespaceNodeId(n.id);
    node.kind = GraphNodeKind::Namespace;
    node.type = n.type;
    node.ns = n.id;
    node.initial = n.initial;
    node.title = namespaceTitle(n);
    node.subtitle = holdersText(n);
    node.pids = n.processes;
    node.expanded = m_expanded.contains(node.id);
    return node;
}

void GraphModel::buildSharing(Built &out) const
{
    const Snapshot &s = *m_snapshot;
    const NamespaceSet &initial = s.initialNamespaces();

    // Processes grouped by the namespaces of the drawn types: two processes differing only in a type that is
    // not drawn are one node.
    QHash<NamespaceSet, QList<qint32>> groups;
    QList<qint32> hostPids;
    for (const ProcessInfo &p : s.processes()) {
        if (m_hideHost && isHostOnly(p.namespaces.set)) {
            hostPids << p.pid;
            continue;
        }
        NamespaceSet key;
        for (NamespaceType t : allNamespaceTypes)
            if (m_types.test(int(t)))
                key[t] = p.namespaces.set[t];
        groups[key] << p.pid; // processes are sorted by pid, so each list is too
    }
    QList<NamespaceSet> keys = groups.keys();
    std::sort(keys.begin(), keys.end());
    const bool hostNode = m_hideHost && !hostPids.isEmpty(); // where the host's namespaces are drawn, if anywhere

    QHash<NamespaceId, int> groupsIn;
    for (const NamespaceSet &key : keys)
        for (NamespaceType t : allNamespaceTypes)
            if (m_types.test(int(t)) && key[t])
                ++groupsIn[key[t]];
    // Sets the user opened into their namespaces: their private namespaces are nodes, not badges.
    QSet<NamespaceId> opened;
    for (const NamespaceSet &key : keys)
        if (m_namespacesShown.contains(setNodeId(key, m_types)))
            for (NamespaceType t : allNamespaceTypes)
                if (m_types.test(int(t)) && key[t] && groupsIn.value(key[t]) == 1 && !(m_hideHost && key[t] == initial[t]))
                    opened.insert(key[t]);
    auto drawnAsNode = [&](const NamespaceInfo &n) {
        if (!m_types.test(int(n.type)) || (m_hideHost && n.initial))
            return false;
        return groupsIn.value(n.id) != 1 || opened.contains(n.id);
    };

    for (const NamespaceInfo &n : s.namespaces()) {
        if (!drawnAsNode(n))
            continue;
        GraphNode node = namespaceNode(n);
        if (const int sets = groupsIn.value(n.id); sets > 1)
            node.subtitle += QStringLiteral(" in %1 sets").arg(sets);
        out.namespaceNode.insert(n.id, node.id);
        out.nodes.insert(node.id, node);
    }

    for (const NamespaceSet &key : keys) {
        const QList<qint32> &pids = groups[key];
        GraphNode node;
        node.id = setNodeId(key, m_types);
        node.kind = GraphNodeKind::Set;
        node.pids = pids;
        node.expanded = m_expanded.contains(node.id);
        node.namespacesShown = m_namespacesShown.contains(node.id);
        bool allInitial = true;
        for (NamespaceType t : allNamespaceTypes) {
            const NamespaceId id = key[t];
            if (!m_types.test(int(t)) || !id)
                continue;
            allInitial = allInitial && id == initial[t];
            const bool isInitial = id == initial[t];
            if ((m_hideHost && isInitial) || (groupsIn.value(id) == 1 && !opened.contains(id))) {
                node.badges << GraphBadge{t, id, isInitial};
                if (!(m_hideHost && isInitial))
                    out.namespaceNode.insert(id, node.id);
                else if (hostNode)
                    out.namespaceNode.insert(id, QStringLiteral("host"));
            }
        }
        node.initial = allInitial;
        // The set is named after the process that started it: the lowest pid whose parent is outside.
        const QSet<qint32> inSet(pids.cbegin(), pids.cend());
        const ProcessInfo *leader = nullptr;
        QString container;
        for (qint32 pid : pids) {
            const ProcessInfo *p = s.process(pid);
            if (!leader && !inSet.contains(p->ppid))
                leader = p;
            if (container.isEmpty() && p->container)
                container = text::container(*p->container);
        }
        if (!leader)
            leader = s.process(pids.first());
        node.title = allInitial ? QStringLiteral("host") : !container.isEmpty() ? container : text::oneLine(leader->comm);
        node.subtitle = text::count(pids.size(), "process", "processes") + QStringLiteral(" · pid ")
            + QString::number(leader->pid);
        for (qint32 pid : pids)
            out.processNode.insert(pid, node.id);
        out.nodes.insert(node.id, node);
        for (NamespaceType t : allNamespaceTypes)
            if (m_types.test(int(t)) && key[t] && (groupsIn.value(key[t]) > 1 || opened.contains(key[t])) && !(m_hideHost && key[t] == initial[t]))
                out.addEdge(GraphEdgeKind::Member, node.id, out.namespaceNode.value(key[t]));
        if (node.expanded)
            addProcesses(out, node.id, pids);
    }

    if (m_hideHost && !hostPids.isEmpty()) {
        GraphNode host;
        host.id = QStringLiteral("host");
        host.kind = GraphNodeKind::Host;
        host.initial = true;
        host.title = QStringLiteral("host");
        host.subtitle = text::count(hostPids.size(), "process", "processes") + QStringLiteral(" in the initial namespaces only");
        host.pids = hostPids;
        host.expanded = m_expanded.contains(host.id);
        for (NamespaceType t : allNamespaceTypes)
            if (m_types.test(int(t)) && initial[t]) {
                host.badges << GraphBadge{t, initial[t], true};
                out.namespaceNode.insert(initial[t], host.id);
            }
        for (qint32 pid : hostPids)
            out.processNode.insert(pid, host.id);
        out.nodes.insert(host.id, host);
        if (host.expanded)
            addProcesses(out, host.id, hostPids);
    }

    // Relations and holders, between whatever nodes stand for the namespaces at each end.
    const NamespaceId initialUser = initial[NamespaceType::User];
    for (const NamespaceInfo &n : s.namespaces()) {
        if (!m_types.test(int(n.type)) || (m_hideHost && n.initial))
            continue;
        const QString self = out.namespaceNode.value(n.id);
        if (self.isEmpty())
            continue;
        if (n.parent) {
            const NamespaceInfo *parent = s.findNamespace(*n.parent);
            if (parent && !(m_hideHost && parent->initial))
                out.addEdge(GraphEdgeKind::Parent, self, out.namespaceNode.value(*n.parent));
        }
        if (n.owner && n.type != NamespaceType::User && *n.owner != initialUser && m_types.test(int(NamespaceType::User)))
            out.addEdge(GraphEdgeKind::Owner, self, out.namespaceNode.value(*n.owner));
        for (const BindMount &bm : n.bindMounts)
            out.addEdge(GraphEdgeKind::BindMount, self, out.namespaceNode.value(bm.mntns), text::oneLine(bm.path));
        for (const FdHolder &fh : n.fdHolders)
            out.addEdge(GraphEdgeKind::FdHolder, out.processNode.value(fh.pid), self,
                        QStringLiteral("pid %1 fd %2").arg(fh.pid).arg(fh.fd));
        // Processes in it only through one of their threads.
        if (groupsIn.value(n.id) == 0 && out.nodes.contains(self))
            for (qint32 pid : n.processes)
                out.addEdge(GraphEdgeKind::Member, out.processNode.value(pid), self, QStringLiteral("thread"));
    }
    for (const NamespaceInfo &n : s.namespaces())
        if (const QString id = namespaceNodeId(n.id); m_expanded.contains(id) && out.nodes.contains(id))
            addProcesses(out, id, n.processes);
}

void GraphModel::buildHierarchy(Built &out) const
{
    const Snapshot &s = *m_snapshot;
    for (const NamespaceInfo &n : s.namespaces()) {
        const bool tree = n.type == NamespaceType::User || n.type == NamespaceType::Pid;
        if (!m_types.test(int(n.type)) || (m_hideHost && n.initial && !tree))
            continue;
        const GraphNode node = namespaceNode(n);
        out.namespaceNode.insert(n.id, node.id);
        out.nodes.insert(node.id, node);
    }
    for (const NamespaceInfo &n : s.namespaces()) {
        const QString self = out.namespaceNode.value(n.id);
        if (self.isEmpty())
            continue;
        if (n.parent)
            out.addEdge(GraphEdgeKind::Parent, self, out.namespaceNode.value(*n.parent));
        if (n.owner && n.type != NamespaceType::User)
            out.addEdge(GraphEdgeKind::Owner, self, out.namespaceNode.value(*n.owner));
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

void GraphModel::rebuild()
{
    Built built;
    if (m_snapshot) {
        if (m_mode == Mode::Sharing)
            buildSharing(built);
        else
            buildHierarchy(built);
    }
    // Expansions of nodes that are gone are forgotten, so a set that comes back is collapsed again.
    for (QSet<QString> *opened : {&m_expanded, &m_namespacesShown})
        for (auto it = opened->begin(); it != opened->end();)
            it = built.nodes.contains(*it) ? std::next(it) : opened->erase(it);

    QStringList edgesRemoved, nodesRemoved, nodesCreated, nodesUpdated, edgesCreated;
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it) {
        auto now = built.edges.constFind(it.key());
        if (now == built.edges.cend() || !(*now == *it))
            edgesRemoved << it.key(); // an edge whose label changed is replaced
    }
    for (auto it = built.edges.cbegin(); it != built.edges.cend(); ++it) {
        auto was = m_edges.constFind(it.key());
        if (was == m_edges.cend() || !(*was == *it))
            edgesCreated << it.key();
    }
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        if (!built.nodes.contains(it.key()))
            nodesRemoved << it.key();
    for (auto it = built.nodes.cbegin(); it != built.nodes.cend(); ++it) {
        auto was = m_nodes.constFind(it.key());
        if (was == m_nodes.cend())
            nodesCreated << it.key();
        else if (!(*was == *it))
            nodesUpdated << it.key();
    }
    std::sort(nodesCreated.begin(), nodesCreated.end());
    std::sort(edgesCreated.begin(), edgesCreated.end());

    // Removals are announced while the old data is still there; creations once the new data is in.
    for (const QString &id : std::as_const(edgesRemoved))
        Q_EMIT edgeRemoved(id);
    for (const QString &id : std::as_const(nodesRemoved))
        Q_EMIT nodeRemoved(id);
    m_nodes = std::move(built.nodes);
    m_edges = std::move(built.edges);
    m_processNode = std::move(built.processNode);
    m_namespaceNode = std::move(built.namespaceNode);
    m_edgesOf.clear();
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it) {
        m_edgesOf[it->from] << it.key();
        m_edgesOf[it->to] << it.key();
    }
    for (const QString &id : std::as_const(nodesCreated))
        Q_EMIT nodeCreated(id);
    for (const QString &id : std::as_const(nodesUpdated))
        Q_EMIT nodeUpdated(id);
    for (const QString &id : std::as_const(edgesCreated))
        Q_EMIT edgeCreated(id);
    if (!edgesRemoved.isEmpty() || !nodesRemoved.isEmpty() || !nodesCreated.isEmpty() || !nodesUpdated.isEmpty()
        || !edgesCreated.isEmpty())
        Q_EMIT changed();
}

QString graphNodeKindName(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::Set: return QStringLiteral("set");
    case GraphNodeKind::Namespace: return QStringLiteral("namespace");
    case GraphNodeKind::Process: return QStringLiteral("process");
    case GraphNodeKind::Host: return QStringLiteral("host");
    case GraphNodeKind::More: return QStringLiteral("more");
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
