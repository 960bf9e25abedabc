#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QAbstractTableModel>

#include <vector>

namespace nsviz {

// One row per process: pid, user, command, container and one column per namespace type (the sharing matrix).
// A namespace cell reads as the name the namespace is known by (text::namespaceName: "host", a hostname, a
// container's name), its inode where it has none; the inode is in its tooltip and in NamespaceIdRole.
// setSnapshot() applies the diff to the previous snapshot as row inserts, removals and ranged dataChanged, so
// selection, sorting and scrolling survive. A process that exits stays one more snapshot, marked (ExitedRole),
// before its row goes.
class ProcessTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Pid, User, Command, Container, FirstNamespace, ColumnCount = FirstNamespace + NamespaceTypeCount };
    enum Role {
        PidRole = Qt::UserRole, // qint32
        NamespaceIdRole,        // namespace columns: NamespaceId (quint64)
        SharingRole,            // namespace columns: Sharing as int
        ExitedRole,             // bool
        SortRole,               // numbers as numbers
        NamespaceTypeRole,      // namespace columns: NamespaceType as int
    };
    enum class Sharing { Initial, Shared, Private, Unknown };
    // Initial: the host's; Shared: in two or more namespace sets; Private: only this process's set; Unknown: the
    // link could not be read (id 0, shown as "?").
    static Sharing sharingOf(const Snapshot &snapshot, NamespaceId id, NamespaceType type);

    explicit ProcessTableModel(QObject *parent = nullptr);
    ~ProcessTableModel() override;

    void setSnapshot(SnapshotPtr snapshot);
    // The same, with the diff from the snapshot shown so far already computed (by whoever else needs it too).
    void setSnapshot(SnapshotPtr snapshot, const SnapshotDiff &diff);
    const SnapshotPtr &snapshot() const { return m_snapshot; }
    const SnapshotDiff &lastDiff() const { return m_lastDiff; }

    static int namespaceColumn(NamespaceType type) { return int(Column::FirstNamespace) + int(type); }
    static std::optional<NamespaceType> columnType(int column);
    int rowOfPid(qint32 pid) const; // the live row of pid, or -1

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    struct Row
    {
        qint32 pid = 0;
        const ProcessInfo *info = nullptr; // into m_snapshot, or into ghost
        std::shared_ptr<const ProcessInfo> ghost; // an exited process, shown one more time
    };
    Sharing sharing(NamespaceId id, NamespaceType type) const;
    void emitRowsChanged(std::vector<int> rows, int firstColumn, int lastColumn);

    SnapshotPtr m_snapshot;
    SnapshotDiff m_lastDiff;
    std::vector<Row> m_rows; // sorted by pid; an exited row sorts before a new process with its pid
};

} // namespace nsviz
