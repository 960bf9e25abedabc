#include "changelogmodel.h"

#include "itemmodels/displaytext.h"
#include "live/hoststate.h"

#include <QDateTime>
#include <QLocale>

namespace nsviz {

ChangeLogModel::ChangeLogModel(HostState *state, QObject *parent)
    : QAbstractTableModel(parent)
    , m_state(state)
    , m_rows(state->changes().size())
    , m_dropped(state->changes().dropped())
{
    connect(state, &HostState::changesAdded, this, &ChangeLogModel::added);
    connect(state, &HostState::changesReset, this, &ChangeLogModel::resetAll);
    connect(state, &HostState::shownChanged, this, &ChangeLogModel::shownChanged);
}

int ChangeLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int ChangeLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ChangeLogModel::syncDropped()
{
    // Entries the log let go of since the last look: they were the top rows.
    const qint64 gone = m_state->changes().dropped() - m_dropped;
    if (gone <= 0)
        return;
    // Until endRemoveRows() the rows are the old ones (data() maps a row through m_dropped), as views and proxies
    // expect of a removal in progress.
    const int rows = int(std::min<qint64>(gone, m_rows));
    if (rows > 0) {
        beginRemoveRows({}, 0, rows - 1);
        m_rows -= rows;
        m_dropped += rows;
        endRemoveRows();
    }
    m_dropped = m_state->changes().dropped();
}

void ChangeLogModel::added(qsizetype)
{
    syncDropped();
    const qsizetype now = m_state->changes().size();
    if (now > m_rows) {
        beginInsertRows({}, int(m_rows), int(now - 1));
        m_rows = now;
        endInsertRows();
    }
}

void ChangeLogModel::resetAll()
{
    beginResetModel();
    m_rows = m_state->changes().size();
    m_dropped = m_state->changes().dropped();
    endResetModel();
}

void ChangeLogModel::shownChanged()
{
    const qint64 moment = m_state->isFollowing() ? -1 : m_state->firstMomentKept() + m_state->shownIndex();
    if (moment == m_shownMoment)
        return;
    const qint64 before = m_shownMoment;
    m_shownMoment = moment;
    // Only the rows of the moment left and of the moment now shown change: announcing every row would make the
    // dock's filter proxy test the whole log on each step of a replay.
    markMoment(before);
    markMoment(moment);
}

void ChangeLogModel::markMoment(qint64 moment)
{
    if (moment < 0 || m_rows == 0)
        return;
    // The log is in the order moments came in, so a moment's entries are one run of rows.
    const ChangeLog &log = m_state->changes();
    const qint64 skew = m_dropped - log.dropped(); // entry index of row 0
    const auto firstAtLeast = [&](qint64 m) {
        qsizetype lo = 0, hi = log.size();
        while (lo < hi) {
            const qsizetype mid = lo + (hi - lo) / 2;
            if (log.at(mid).moment < m)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    const qint64 first = std::max<qint64>(firstAtLeast(moment) - skew, 0);
    const qint64 last = std::min<qint64>(firstAtLeast(moment + 1) - skew, m_rows) - 1;
    if (first <= last)
        Q_EMIT dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1), {ShownRole});
}

QVariant ChangeLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    // Row r is the entry numbered m_dropped + r since the log began; the log may have let go of it already.
    const qint64 at = m_dropped + index.row() - m_state->changes().dropped();
    if (at < 0 || at >= m_state->changes().size())
        return {};
    const Change &c = m_state->changes().at(qsizetype(at));
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Column::Time: return QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.time), QStringLiteral("HH:mm:ss"));
        case Column::Kind: return changeKindName(c.kind);
        case Column::Container: return c.container.isEmpty() ? tr("host") : c.container;
        case Column::Change: return c.text;
        }
        break;
    case Qt::ToolTipRole:
        return text::toolTip(QStringLiteral("%1\n%2").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.time), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")), c.text));
    case ShownRole: return c.moment == m_shownMoment;
    case KindRole: return int(c.kind);
    case PidRole: return c.pid;
    case NamespaceIdRole: return QVariant::fromValue<qulonglong>(c.ns);
    case MomentRole: return c.moment;
    case ContainerRole: return c.container;
    case TimeRole: return c.time;
    }
    return {};
}

QVariant ChangeLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Time: return tr("Time");
    case Column::Kind: return tr("What");
    case Column::Container: return tr("Container");
    case Column::Change: return tr("Change");
    }
    return {};
}

} // namespace nsviz
