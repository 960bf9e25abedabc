#include "processtablemodel.h"

#include "displaytext.h"

#include <QSet>

#include <algorithm>
#include <array>

namespace nsviz {

namespace {

// Sorted row indexes as contiguous [first, last] ranges.
template<typename F>
void forEachRange(std::vector<int> &rows, F &&f)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        f(rows[i], rows[j]);
        i = j + 1;
    }
}

} // namespace

ProcessTableModel::Sharing ProcessTableModel::sharingOf(const Snapshot &s, NamespaceId id, NamespaceType type)
{
    if (id == 0)
        return Sharing::Unknown;
    if (s.initialNamespaces()[type] == id)
        return Sharing::Initial;
    return s.setsSharing(id) > 1 ? Sharing::Shared : Sharing::Private;
}

ProcessTableModel::ProcessTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

ProcessTableModel::~ProcessTableModel() = default;

std::optional<NamespaceType> ProcessTableModel::columnType(int column)
{
    const int t = column - int(Column::FirstNamespace);
    if (t < 0 || t >= NamespaceTypeCount)
        return std::nullopt;
    return static_cast<NamespaceType>(t);
}

int ProcessTableModel::rowOfPid(qint32 pid) const
{
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), pid, [](const Row &r, qint32 p) { return r.pid < p; });
    for (; it != m_rows.end() && it->pid == pid; ++it) {
        if (!it->ghost)
            return int(it - m_rows.begin());
    }
    return -1;
}

void ProcessTableModel::setSnapshot(SnapshotPtr next)
{
    if (!next)
        return;
    const SnapshotDiff diff = SnapshotDiff::compute(m_snapshot.get(), next.get());
    setSnapshot(std::move(next), diff);
}

void ProcessTableModel::setSnapshot(SnapshotPtr next, const SnapshotDiff &diff)
{
    if (!next)
        return;
    if (!m_snapshot) {
        beginResetModel();
        m_snapshot = std::move(next);
        m_lastDiff = diff;
        m_rows.clear();
        m_rows.reserve(m_snapshot->processes().size());
        for (const ProcessInfo &p : m_snapshot->processes())
            m_rows.push_back({p.pid, &p, nullptr});
        endResetModel();
        return;
    }

    m_lastDiff = diff;
    const SnapshotPtr previous = std::exchange(m_snapshot, std::move(next)); // rows point into it until step 3/4

    // 1. Processes that exited last time and were shown marked since: their rows go now.
    for (int i = int(m_rows.size()) - 1; i >= 0;) {
        if (!m_rows[std::size_t(i)].ghost) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && m_rows[std::size_t(first - 1)].ghost)
            --first;
        beginRemoveRows({}, first, i);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + i + 1);
        endRemoveRows();
        i = first - 1;
    }

    // 2. Processes that exited now stay one round, marked, holding their last picture.
    std::vector<int> changedRows;
    for (qint32 pid : m_lastDiff.processesRemoved) {
        const int row = rowOfPid(pid);
        if (row < 0)
            continue;
        Row &r = m_rows[std::size_t(row)];
        r.ghost = std::make_shared<const ProcessInfo>(*r.info);
        r.info = r.ghost.get();
        changedRows.push_back(row);
    }

    // 3. Unchanged live rows now point into the new snapshot (both sorted by pid: one merge walk). Changed ones
    //    still show their previous picture until step 4 announces them.
    const auto &procs = m_snapshot->processes();
    const QList<SnapshotDiff::ProcessChange> &changes = m_lastDiff.processesChanged; // sorted by pid
    auto p = procs.begin();
    auto c = changes.begin();
    for (Row &r : m_rows) {
        if (r.ghost)
            continue;
        while (c != changes.end() && c->pid < r.pid)
            ++c;
        if (c != changes.end() && c->pid == r.pid)
            continue;
        while (p != procs.end() && p->pid < r.pid)
            ++p;
        Q_ASSERT(p != procs.end() && p->pid == r.pid);
        r.info = &*p;
    }

    // 4. Changed processes, one at a time: the row takes its new picture, then says so. A sorting proxy moves an
    //    announced row by binary search over the rows it already placed, so whenever it looks (at a dataChanged
    //    or at an insert) every other row must still show what it last heard: rows whose sort key changed
    //    silently would make it misplace the announced or inserted ones.
    for (const SnapshotDiff::ProcessChange &change : changes) {
        const int row = rowOfPid(change.pid);
        if (row < 0)
            continue;
        m_rows[std::size_t(row)].info = m_snapshot->process(change.pid);
        Q_EMIT dataChanged(index(row, 0), index(row, int(Column::ColumnCount) - 1));
    }

    // 5. New processes, inserted in runs where they land next to each other.
    const QList<qint32> &added = m_lastDiff.processesAdded;
    for (qsizetype i = 0; i < added.size();) {
        auto pos = std::upper_bound(m_rows.begin(), m_rows.end(), added[i], [](qint32 v, const Row &r) { return v < r.pid; });
        qsizetype j = i + 1;
        while (j < added.size() && (pos == m_rows.end() || added[j] < pos->pid))
            ++j;
        const int first = int(pos - m_rows.begin());
        beginInsertRows({}, first, first + int(j - i) - 1);
        std::vector<Row> run;
        run.reserve(std::size_t(j - i));
        for (qsizetype k = i; k < j; ++k)
            run.push_back({added[k], m_snapshot->process(added[k]), nullptr});
        m_rows.insert(m_rows.begin() + first, run.begin(), run.end());
        endInsertRows();
        i = j;
    }

    // 6. Exited rows, marked now, in every column (their sort keys did not change).
    changedRows.clear(); // rows moved with the inserts: find the marked ones again
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].ghost)
            changedRows.push_back(int(i));
    }
    emitRowsChanged(std::move(changedRows), 0, int(Column::ColumnCount) - 1);

    // 7. Sharing colours and names. A namespace's colour changes only when it becomes or stops being the initial one, or
    //    when the number of namespace sets that include it crosses 1; then its members are repainted in its
    //    column. Checked for namespaces whose membership changed and every namespace a changed process was or is
    //    in (setns() changes the sets of a namespace whose member list stays the same). Repainting every member
    //    of every changed namespace would repaint the whole table each tick: the host's cgroup, time and user
    //    namespaces gain and lose members whenever any process starts or exits.
    QSet<NamespaceId> candidates;
    for (const SnapshotDiff::MembershipChange &m : m_lastDiff.membershipChanged)
        candidates.insert(m.id);
    for (const SnapshotDiff::ProcessChange &change : changes) {
        if (!change.namespacesChanged)
            continue;
        for (const ProcessInfo *info : {previous->process(change.pid), m_snapshot->process(change.pid)}) {
            if (info) {
                for (NamespaceId id : info->namespaces.set.ids)
                    candidates.insert(id);
            }
        }
    }
    //    The same namespaces are the ones whose name can change: a namespace named after the container that made
    //    it is renamed when that process goes or another comes first, and one named by a bind mount when the
    //    mount goes; the host's are always "host".
    std::array<std::vector<int>, NamespaceTypeCount> sharingRows;
    for (NamespaceId id : std::as_const(candidates)) {
        const NamespaceInfo *n = m_snapshot->findNamespace(id);
        if (!n)
            continue;
        const NamespaceInfo *before = n->initial ? nullptr : previous->findNamespace(id);
        const bool renamed = before && text::namespaceName(*previous, *before) != text::namespaceName(*m_snapshot, *n);
        if (!renamed && sharingOf(*previous, id, n->type) == sharingOf(*m_snapshot, id, n->type))
            continue;
        auto &rows = sharingRows[std::size_t(n->type)];
        for (qint32 pid : n->processes) {
            if (const int row = rowOfPid(pid); row >= 0)
                rows.push_back(row);
        }
    }
    for (NamespaceType t : allNamespaceTypes)
        emitRowsChanged(std::move(sharingRows[std::size_t(t)]), namespaceColumn(t), namespaceColumn(t));

    // 8. A uts namespace whose hostname changed renames the container of its processes (the Container column and
    //    the names in their cells, which come from it).
    std::vector<int> renamed;
    for (const SnapshotDiff::MembershipChange &m : m_lastDiff.membershipChanged) {
        const NamespaceInfo *n = m.holdersChanged ? m_snapshot->findNamespace(m.id) : nullptr;
        const NamespaceInfo *before = n && n->type == NamespaceType::Uts ? previous->findNamespace(m.id) : nullptr;
        if (!before || before->details == n->details)
            continue;
        for (qint32 pid : n->processes) {
            if (const int row = rowOfPid(pid); row >= 0)
                renamed.push_back(row);
        }
    }
    emitRowsChanged(std::move(renamed), int(Column::Container), int(Column::ColumnCount) - 1);
}

void ProcessTableModel::emitRowsChanged(std::vector<int> rows, int firstColumn, int lastColumn)
{
    forEachRange(rows, [&](int first, int last) { Q_EMIT dataChanged(index(first, firstColumn), index(last, lastColumn)); });
}

int ProcessTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProcessTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::ColumnCount);
}

ProcessTableModel::Sharing ProcessTableModel::sharing(NamespaceId id, NamespaceType type) const
{
    return sharingOf(*m_snapshot, id, type);
}

QVariant ProcessTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const ProcessInfo &p = *row.info;
    const auto column = Column(index.column());

    if (role == PidRole)
        return p.pid;
    if (role == ExitedRole)
        return row.ghost != nullptr;

    if (const auto type = columnType(index.column())) {
        const NamespaceId id = p.namespaces.set[*type];
        switch (role) {
        case Qt::DisplayRole: {
            if (!id)
                return QStringLiteral("?");
            const NamespaceInfo *n = m_snapshot->findNamespace(id);
            const QString name = n ? text::namespaceName(*m_snapshot, *n) : QString();
            return name.isEmpty() ? QString::number(id) : name;
        }
        case SortRole:
        case NamespaceIdRole: return QVariant::fromValue<quint64>(id);
        case NamespaceTypeRole: return int(*type);
        case SharingRole: return int(sharing(id, *type));
        case Qt::ToolTipRole: {
            const QString link = text::namespaceLink(*type, id);
            switch (sharing(id, *type)) {
            case Sharing::Unknown: return tr("The %1 namespace could not be read").arg(namespaceTypeName(*type));
            case Sharing::Initial: return tr("%1: the host's own (initial) namespace").arg(link);
            case Sharing::Shared: return tr("%1: shared by %2").arg(link, text::count(m_snapshot->setsSharing(id), "namespace set", "namespace sets"));
            case Sharing::Private: return tr("%1: private to this process's namespace set").arg(link);
            }
            return link;
        }
        default: return {};
        }
    }

    switch (role) {
    case Qt::DisplayRole:
    case SortRole: // the pid sorts as a number, the rest as their text
        switch (column) {
        case Column::Pid: return p.pid;
        case Column::User: return text::userName(p.uid);
        case Column::Command: return text::command(p);
        case Column::Container: return text::containerOf(*m_snapshot, p);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (row.ghost)
            return tr("Process %1 has exited").arg(p.pid);
        if (column == Column::Command) // one argument a line
            return text::toolTip(p.cmdline.isEmpty() ? tr("kernel thread %1").arg(p.comm) : p.cmdline.join(QLatin1Char('\n')));
        if (column == Column::Container && p.container)
            return text::toolTip(tr("%1 container %2").arg(text::oneLine(p.container->engine), text::oneLine(p.container->id)));
        if (column == Column::Container && !text::ownHostname(*m_snapshot, p).isEmpty())
            return text::toolTip(tr("named by the hostname of its own UTS namespace"));
        return {};
    case Qt::TextAlignmentRole:
        return column == Column::Pid ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant ProcessTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(Column::ColumnCount))
        return {};
    if (role == Qt::DisplayRole) {
        if (const auto type = columnType(section))
            return namespaceTypeName(*type);
        switch (Column(section)) {
        case Column::Pid: return tr("PID");
        case Column::User: return tr("User");
        case Column::Command: return tr("Command");
        case Column::Container: return tr("Container");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (const auto type = columnType(section))
            return tr("The %1 namespace of each process").arg(namespaceTypeName(*type));
    }
    return {};
}

} // namespace nsviz
