#include "namespacetreemodel.h"

#include "displaytext.h"

#include <QScopedValueRollback>
#include <QSet>

#include <algorithm>

namespace nsviz {

namespace {

using Key = NamespaceTreeModel::Key;
using Kind = NamespaceTreeModel::Kind;

Key nsKey(NamespaceId id)
{
    return tree::namespaceKey(id);
}
using tree::processKey;

// The types in which a process's namespaces differ from its parent's, as a bitmask by NamespaceType.
int boundary(const ProcessInfo &p, const ProcessInfo *parent)
{
    if (!parent)
        return 0;
    int mask = 0;
    for (NamespaceType t : allNamespaceTypes) {
        if (p.namespaces.set[t] != parent->namespaces.set[t])
            mask |= 1 << int(t);
    }
    return mask;
}

QString typesIn(int mask)
{
    QStringList names;
    for (NamespaceType t : allNamespaceTypes) {
        if (mask & (1 << int(t)))
            names.append(namespaceTypeName(t));
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

struct NamespaceTreeModelTouched
{
    QSet<NamespaceId> namespaces;
    QSet<qint32> pids;
    QSet<quint64> sets; // hashes of namespace sets that gained, lost or changed a process
    QSet<qint32> exited;
    int types = 0; // bit per NamespaceType whose namespaces came or went: the type group's count
    // Every node above a process that came, went or changed: what it holds changed even where its children are not
    // built, and a filter that judged it by them must look again.
    QSet<NamespaceTreeModel::Key> ancestors;
};



NamespaceTreeModel::NamespaceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_grouper(tree::Grouper::make(Grouping::ByType))
{
    m_root.populated = true;
}

NamespaceTreeModel::~NamespaceTreeModel() = default;

void NamespaceTreeModel::setGrouping(Grouping grouping)
{
    if (grouping == m_grouper->grouping())
        return;
    beginResetModel();
    m_grouper = tree::Grouper::make(grouping);
    m_root.children.clear();
    m_grouper->rebuild(m_snapshot);
    populateSilently();
    endResetModel();
}

void NamespaceTreeModel::populateSilently()
{
    for (const Key &k : m_grouper->topLevel()) {
        auto node = std::make_unique<Node>();
        node->key = k;
        node->parent = &m_root;
        node->row = int(m_root.children.size());
        m_root.children.push_back(std::move(node));
    }
}

void NamespaceTreeModel::setSnapshot(SnapshotPtr snapshot)
{
    if (!snapshot)
        return;
    const SnapshotDiff diff = m_snapshot ? SnapshotDiff::compute(m_snapshot.get(), snapshot.get()) : SnapshotDiff();
    setSnapshot(std::move(snapshot), diff);
}

void NamespaceTreeModel::setSnapshot(SnapshotPtr snapshot, const SnapshotDiff &diff)
{
    if (!snapshot)
        return;
    if (!m_snapshot) {
        // The first picture: the top level arrives as inserted rows into the empty model.
        m_snapshot = std::move(snapshot);
        m_grouper->rebuild(m_snapshot);
        if (!m_grouper->topLevel().empty()) {
            const QScopedValueRollback changing(m_changing, true);
            beginInsertRows({}, 0, int(m_grouper->topLevel().size()) - 1);
            populateSilently();
            endInsertRows();
        }
        return;
    }
    const SnapshotPtr previous = std::exchange(m_snapshot, std::move(snapshot));
    if (diff.isEmpty())
        return; // nothing to merge; exited nodes keep drawing from the snapshot they exited from
    m_previous = previous;
    m_grouper->rebuild(m_snapshot);
    NamespaceTreeModelTouched touched;
    for (const auto &list : {diff.namespacesCreated, diff.namespacesDestroyed})
        for (NamespaceId id : list)
            touched.namespaces.insert(id);
    for (const SnapshotDiff::MembershipChange &m : diff.membershipChanged)
        touched.namespaces.insert(m.id);
    for (const auto &list : {diff.processesAdded, diff.processesRemoved})
        for (qint32 pid : list)
            touched.pids.insert(pid);
    for (qint32 pid : diff.processesRemoved)
        touched.exited.insert(pid);
    for (const SnapshotDiff::ProcessChange &c : diff.processesChanged)
        touched.pids.insert(c.pid);
    for (NamespaceId id : diff.namespacesCreated) {
        if (const NamespaceInfo *n = m_snapshot->findNamespace(id))
            touched.types |= 1 << int(n->type);
    }
    for (NamespaceId id : diff.namespacesDestroyed) {
        if (const NamespaceInfo *n = previous->findNamespace(id))
            touched.types |= 1 << int(n->type);
    }
    for (qint32 pid : std::as_const(touched.pids)) {
        for (const Snapshot *s : {previous.get(), m_snapshot.get()}) {
            if (const ProcessInfo *p = s->process(pid)) {
                touched.sets.insert(m_grouper->setKey(p->namespaces.set));
                // A process is listed under a namespace of every type it is in (in the hierarchies too, under the
                // namespaces a user namespace owns), not only on its path: each of them, and what is above each,
                // holds something new.
                for (NamespaceType t : allNamespaceTypes)
                    if (const NamespaceId id = p->namespaces.set[t])
                        for (const Key &k : m_grouper->pathTo(*s, nsKey(id)))
                            touched.ancestors.insert(k);
                std::vector<Key> path = m_grouper->pathTo(*s, processKey(pid));
                if (!path.empty())
                    path.pop_back();
                for (const Key &k : path)
                    touched.ancestors.insert(k);
            }
        }
    }
    // What is above a namespace that came, went or changed members changes too (a search by its inode shows it, or
    // shows it no more, under its owner's chain).
    for (const NamespaceId id : std::as_const(touched.namespaces))
        for (const Snapshot *s : {previous.get(), m_snapshot.get()})
            if (s->findNamespace(id))
                for (const Key &k : m_grouper->pathTo(*s, nsKey(id)))
                    touched.ancestors.insert(k);
    if (m_grouper->grouping() == Grouping::ByType && !touched.pids.isEmpty()) {
        // A process is under one namespace of every type, not only on the path through its pid namespace.
        for (NamespaceType t : allNamespaceTypes)
            touched.ancestors.insert({Kind::TypeGroup, quint64(t)});
    }
    m_changing = true;
    merge(&m_root, {}, touched);
    m_changing = false;
}

// Returns whether rows came or went under the node (or under one of its opened children): it changes then too,
// and the caller says so with a dataChanged on its row after its subtree changed, so that a filter proxy judging a
// node by what it holds (ProcessFilterProxy) judges it again.
bool NamespaceTreeModel::merge(Node *node, const QModelIndex &index, const NamespaceTreeModelTouched &touched)
{
    bool rowsChanged = false;
    QSet<const Node *> subtreeChanged; // children whose own rows changed here
    const std::vector<Key> desired = m_grouper->children(node->key);
    auto &kids = node->children;

    // Removals: children whose key is no longer wanted, in runs from the back so rows stay valid.
    std::vector<bool> keep(kids.size(), false);
    {
        std::size_t j = 0;
        for (std::size_t i = 0; i < kids.size(); ++i) {
            while (j < desired.size() && desired[j] < kids[i]->key)
                ++j;
            Node &kid = *kids[i];
            const bool wanted = j < desired.size() && desired[j] == kid.key;
            // A process that exited this round stays, marked; one marked last round goes now.
            const bool exitsNow = !wanted && !kid.exited && kid.key.kind == Kind::Process && touched.exited.contains(qint32(kid.key.value));
            keep[i] = wanted || exitsNow;
            if (wanted && kid.exited)
                kid.exited = false; // the pid is back: a new process under it
            if (exitsNow)
                kid.exited = true;
        }
    }
    // An exited process's own children (process tree) are re-homed by their own diffs: its rows for them go.
    for (std::size_t i = 0; i < kids.size(); ++i) {
        Node &kid = *kids[i];
        if (kid.exited && !kid.children.empty()) {
            beginRemoveRows(createIndex(kid.row, 0, &kid), 0, int(kid.children.size()) - 1);
            kid.children.clear();
            endRemoveRows();
            subtreeChanged.insert(&kid);
        }
        if (kid.exited)
            kid.populated = true;
    }
    for (int i = int(kids.size()) - 1; i >= 0;) {
        if (keep[std::size_t(i)]) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !keep[std::size_t(first - 1)])
            --first;
        beginRemoveRows(index, first, i);
        rowsChanged = true;
        kids.erase(kids.begin() + first, kids.begin() + i + 1);
        for (std::size_t r = std::size_t(first); r < kids.size(); ++r)
            kids[r]->row = int(r);
        endRemoveRows();
        i = first - 1;
    }

    // Insertions: wanted keys not there yet, in runs that land side by side.
    QSet<const Node *> inserted; // shown as they are now: no repaint below
    std::size_t i = 0;
    for (std::size_t j = 0; j < desired.size();) {
        while (i < kids.size() && kids[i]->key < desired[j])
            ++i;
        if (i < kids.size() && kids[i]->key == desired[j]) {
            ++i;
            ++j;
            continue;
        }
        std::size_t end = j + 1;
        while (end < desired.size() && (i >= kids.size() || desired[end] < kids[i]->key))
            ++end;
        beginInsertRows(index, int(i), int(i + (end - j)) - 1);
        rowsChanged = true;
        std::vector<std::unique_ptr<Node>> run;
        for (std::size_t k = j; k < end; ++k) {
            auto n = std::make_unique<Node>();
            n->key = desired[k];
            n->parent = node;
            inserted.insert(n.get());
            run.push_back(std::move(n));
        }
        kids.insert(kids.begin() + std::ptrdiff_t(i), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
        for (std::size_t r = i; r < kids.size(); ++r)
            kids[r]->row = int(r);
        endInsertRows();
        i += end - j;
        j = end;
    }

    // What stayed: repaint the touched ones, adjacent rows in one dataChanged (a filter proxy with recursive
    // filtering re-evaluates the parent, scanning the subtree built under it, once per signal). Then merge into
    // the ones a view has opened.
    const int lastColumn = int(Column::ColumnCount) - 1;
    const bool parentTouched = node->key.kind == Kind::Process && touched.pids.contains(qint32(node->key.value));
    int first = -1;
    int last = -1;
    QSet<const Node *> repainted;
    auto flush = [&] {
        if (first >= 0)
            Q_EMIT dataChanged(createIndex(first, 0, kids[std::size_t(first)].get()),
                               createIndex(last, lastColumn, kids[std::size_t(last)].get()));
        first = last = -1;
    };
    for (const auto &kid : kids) {
        const Key &k = kid->key;
        bool changed = false;
        switch (k.kind) {
        case Kind::Root: break;
        case Kind::TypeGroup: changed = touched.types & (1 << int(k.value)); break;
        case Kind::Namespace: changed = touched.namespaces.contains(k.value); break;
        case Kind::Set: changed = touched.sets.contains(k.value); break;
        case Kind::Process: changed = parentTouched || touched.pids.contains(qint32(k.value)); break;
        }
        changed = changed || touched.ancestors.contains(k);
        if (!changed || inserted.contains(kid.get()))
            continue;
        repainted.insert(kid.get());
        if (first >= 0 && kid->row != last + 1)
            flush();
        if (first < 0)
            first = kid->row;
        last = kid->row;
    }
    flush();
    for (const auto &kid : kids) {
        const bool below = kid->populated && merge(kid.get(), createIndex(kid->row, 0, kid.get()), touched);
        if ((below || subtreeChanged.contains(kid.get())) && !repainted.contains(kid.get()) && !inserted.contains(kid.get()))
            Q_EMIT dataChanged(createIndex(kid->row, 0, kid.get()), createIndex(kid->row, lastColumn, kid.get()));
        rowsChanged = rowsChanged || below || subtreeChanged.contains(kid.get());
    }
    return rowsChanged;
}

void NamespaceTreeModel::populate(Node *node, const QModelIndex &index)
{
    if (node->populated)
        return;
    const std::vector<Key> keys = m_grouper->children(node->key);
    node->populated = true;
    if (keys.empty())
        return;
    const QScopedValueRollback changing(m_changing, true);
    beginInsertRows(index, 0, int(keys.size()) - 1);
    node->children.reserve(keys.size());
    for (const Key &k : keys) {
        auto n = std::make_unique<Node>();
        n->key = k;
        n->parent = node;
        n->row = int(node->children.size());
        node->children.push_back(std::move(n));
    }
    endInsertRows();
}

NamespaceTreeModel::Node *NamespaceTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : const_cast<Node *>(&m_root);
}

QModelIndex NamespaceTreeModel::indexOf(Node *node, int column) const
{
    return node == &m_root ? QModelIndex() : createIndex(node->row, column, node);
}

QModelIndex NamespaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *p = nodeOf(parent);
    return createIndex(row, column, p->children[std::size_t(row)].get());
}

QModelIndex NamespaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    return indexOf(p);
}

int NamespaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int NamespaceTreeModel::columnCount(const QModelIndex &) const
{
    return int(Column::ColumnCount);
}

bool NamespaceTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *n = nodeOf(parent);
    return n->populated ? !n->children.empty() : m_grouper->hasChildren(n->key);
}

bool NamespaceTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    return !m_changing && !n->populated && m_grouper->hasChildren(n->key);
}

void NamespaceTreeModel::fetchMore(const QModelIndex &parent)
{
    if (m_changing)
        return;
    populate(nodeOf(parent), parent);
}

int NamespaceTreeModel::nspidLevel(NamespaceId pidns) const
{
    int level = 0;
    const NamespaceInfo *n = m_snapshot->findNamespace(pidns);
    while (n && n->parent && level < 64) {
        n = m_snapshot->findNamespace(*n->parent);
        level += n ? 1 : 0;
    }
    return level;
}

QVariant NamespaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_snapshot)
        return {};
    const Node *node = nodeOf(index);
    const Key &k = node->key;
    const auto column = Column(index.column());
    const Snapshot &s = *m_snapshot;

    if (role == KindRole)
        return int(k.kind);

    switch (k.kind) {
    case Kind::Root:
        return {};
    case Kind::TypeGroup: {
        const auto type = NamespaceType(k.value);
        if (role == NamespaceTypeRole)
            return int(type);
        if (role == Qt::DisplayRole || role == SortRole) {
            if (column == Column::Name)
                return role == SortRole ? QVariant(int(type)) : QVariant(namespaceTypeName(type));
            if (column == Column::Members)
                return qsizetype(s.namespacesOfType(type).size());
        }
        return {};
    }
    case Kind::Namespace: {
        const NamespaceInfo *n = s.findNamespace(k.value);
        if (!n)
            return {};
        switch (role) {
        case NamespaceIdRole: return QVariant::fromValue<quint64>(n->id);
        case NamespaceTypeRole: return int(n->type);
        case InitialRole: return n->initial;
        case SortRole:
            if (column == Column::Members)
                return qsizetype(n->processes.size());
            return QVariant::fromValue<quint64>(n->id);
        case Qt::DisplayRole:
            switch (column) {
            case Column::Name:
                return QString(text::namespaceLink(n->type, n->id) + (n->initial ? tr("  (host)") : QString()));
            case Column::Members:
                return qsizetype(n->processes.size());
            case Column::Details: {
                QStringList parts;
                if (!n->processes.isEmpty() && !n->initial) {
                    const ProcessInfo *first = s.process(n->processes.constFirst());
                    if (const QString name = first ? text::containerOf(s, *first) : QString(); !name.isEmpty())
                        parts.append(name);
                }
                if (n->type == NamespaceType::User && n->ownerUid)
                    parts.append(tr("created by %1").arg(text::userName(*n->ownerUid)));
                if (n->type == NamespaceType::User && !n->uidMap.isEmpty()) {
                    const IdMapRange &m = n->uidMap.constFirst();
                    parts.append(tr("uid %1 inside = %2 outside").arg(m.inside).arg(m.outside));
                } else if (n->owner && m_grouper->grouping() != Grouping::UserHierarchy) {
                    const NamespaceInfo *owner = s.findNamespace(*n->owner);
                    if (owner && !owner->initial)
                        parts.append(tr("owned by %1").arg(text::namespaceLink(NamespaceType::User, *n->owner)));
                }
                if (n->tasks.isEmpty()) {
                    for (const BindMount &b : n->bindMounts)
                        parts.append(tr("kept alive by bind mount %1").arg(text::oneLine(b.path)));
                    for (const FdHolder &f : n->fdHolders)
                        parts.append(tr("kept alive by fd %1 of process %2").arg(f.fd).arg(f.pid));
                    if (n->bindMounts.isEmpty() && n->fdHolders.isEmpty())
                        parts.append(tr("no process: kept alive as a parent or owner"));
                }
                return parts.join(QStringLiteral(" · "));
            }
            default:
                return {};
            }
        case Qt::ToolTipRole:
            return tr("%1 namespace %2: %3").arg(namespaceTypeName(n->type)).arg(n->id).arg(text::count(n->processes.size(), "process", "processes"));
        default:
            return {};
        }
    }
    case Kind::Set: {
        const NamespaceSetGroup *g = m_grouper->setGroup(k.value);
        if (!g || g->pids.isEmpty())
            return {};
        const NamespaceSet &initial = s.initialNamespaces();
        switch (role) {
        case InitialRole:
            return g->set == initial;
        case SortRole:
            return column == Column::Members ? QVariant(qsizetype(g->pids.size())) : QVariant(g->pids.constFirst());
        case Qt::DisplayRole:
            switch (column) {
            case Column::Name:
                if (g->set == initial)
                    return tr("host");
                // Named as in the graph: after the process that started it.
                if (const ProcessInfo *leader = text::setLeader(s, g->pids))
                    return text::containerName(s, *leader);
                return {};
            case Column::Members:
                return qsizetype(g->pids.size());
            case Column::Details: {
                QStringList own;
                for (NamespaceType t : allNamespaceTypes) {
                    if (g->set[t] != initial[t])
                        own.append(text::namespaceLink(t, g->set[t]));
                }
                return own.isEmpty() ? tr("only the host's namespaces") : tr("own: %1").arg(own.join(QLatin1Char(' ')));
            }
            default:
                return {};
            }
        case Qt::ToolTipRole:
            return tr("Processes that share all eight namespaces: what the kernel knows as a container");
        default:
            return {};
        }
    }
    case Kind::Process: {
        if (role == ExitedRole)
            return node->exited;
        const ProcessInfo *p = node->exited ? nullptr : s.process(qint32(k.value));
        if (!p)
            p = m_previous ? m_previous->process(qint32(k.value)) : nullptr;
        if (!p)
            return {};
        const ProcessInfo *parentProcess = nullptr;
        if (m_grouper->grouping() == Grouping::ProcessTree && node->parent->key.kind == Kind::Process)
            parentProcess = s.process(qint32(node->parent->key.value));
        switch (role) {
        case PidRole: return p->pid;
        case BoundaryRole: return boundary(*p, parentProcess);
        case SortRole:
            if (column == Column::Name)
                return p->pid;
            return {};
        case Qt::DisplayRole:
            switch (column) {
            case Column::Name: {
                QString pid = QString::number(p->pid);
                if (m_grouper->grouping() == Grouping::PidHierarchy && node->parent->key.kind == Kind::Namespace) {
                    const int level = nspidLevel(node->parent->key.value);
                    if (level > 0 && level < p->nspid.size())
                        pid = tr("%1 (host %2)").arg(p->nspid.at(level)).arg(p->pid);
                }
                return QString(pid + QLatin1String("  ") + text::command(*p));
            }
            case Column::Details: {
                QStringList parts;
                if (const int mask = boundary(*p, parentProcess))
                    parts.append(tr("new namespaces: %1").arg(typesIn(mask)));
                if (const QString name = text::containerOf(s, *p); !name.isEmpty())
                    parts.append(name);
                return parts.join(QStringLiteral(" · "));
            }
            default:
                return {};
            }
        case Qt::ToolTipRole:
            return text::toolTip(p->cmdline.isEmpty() ? tr("kernel thread %1").arg(p->comm) : text::command(*p));
        default:
            return {};
        }
    }
    }
    return {};
}

QVariant NamespaceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name: return tr("Namespace / process");
    case Column::Members: return tr("Processes");
    case Column::Details: return tr("Details");
    default: return {};
    }
}

QModelIndex NamespaceTreeModel::findPath(const std::vector<Key> &path)
{
    Node *node = &m_root;
    QModelIndex index;
    for (const Key &k : path) {
        populate(node, index);
        const auto it = std::lower_bound(node->children.begin(), node->children.end(), k,
                                         [](const std::unique_ptr<Node> &n, const Key &key) { return n->key < key; });
        if (it == node->children.end() || (*it)->key != k)
            return {};
        node = it->get();
        index = createIndex(node->row, 0, node);
    }
    return index;
}

QModelIndex NamespaceTreeModel::findProcess(qint32 pid)
{
    return findPath(pathTo(processKey(pid)));
}

QModelIndex NamespaceTreeModel::findNamespace(NamespaceId id)
{
    return findPath(pathTo(nsKey(id)));
}

QModelIndexList NamespaceTreeModel::findProcessEverywhere(qint32 pid)
{
    QModelIndexList out;
    const ProcessInfo *p = m_snapshot ? m_snapshot->process(pid) : nullptr;
    if (!p)
        return out;
    if (m_grouper->grouping() != Grouping::ByType) {
        if (const QModelIndex i = findProcess(pid); i.isValid())
            out.append(i);
        return out;
    }
    for (NamespaceType t : allNamespaceTypes) {
        if (const NamespaceId id = p->namespaces.set[t]) {
            if (const QModelIndex i = findPath({{Kind::TypeGroup, quint64(t)}, nsKey(id), processKey(pid)}); i.isValid())
                out.append(i);
        }
    }
    return out;
}

NamespaceTreeModel::Key NamespaceTreeModel::keyOf(const QModelIndex &index) const
{
    return nodeOf(index)->key;
}

bool NamespaceTreeModel::isHostSet(const Key &key) const
{
    const NamespaceSetGroup *g = key.kind == Kind::Set && m_snapshot ? m_grouper->setGroup(key.value) : nullptr;
    return g && g->set == m_snapshot->initialNamespaces();
}

} // namespace nsviz
