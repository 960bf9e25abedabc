#pragma once

#include <QAbstractTableModel>

namespace nsviz {

class HostState;

// HostState's change log as a table, oldest first: rows are appended as moments come in and dropped from the top
// as the log's bound or the history's drops them, never reset on a tick. ShownRole marks the rows of the moment shown.
class ChangeLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Time, Kind, Container, Change };
    static constexpr int ColumnCount = 4;
    enum Role {
        KindRole = Qt::UserRole + 1, // Change::Kind, as int
        PidRole,
        NamespaceIdRole,
        MomentRole,
        ContainerRole,
        TimeRole,
        ShownRole, // bool: it happened in the moment shown (the view makes such rows stand out)
    };

    explicit ChangeLogModel(HostState *state, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void added(qsizetype count);
    void resetAll();
    void shownChanged();
    void markMoment(qint64 moment);
    void syncDropped();

    HostState *m_state;
    qsizetype m_rows = 0;
    qint64 m_dropped = 0;
    qint64 m_shownMoment = -1;
};

} // namespace nsviz
