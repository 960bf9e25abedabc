#pragma once

#include "snapshot/snapshot.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace nsviz {

// Two processes side by side: which of the eight namespaces they share and which differ. Follows each
// new snapshot while both live.
class ComparePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComparePanel(QWidget *parent = nullptr);
    ~ComparePanel() override;

    void setSnapshot(const SnapshotPtr &snapshot);
    void compare(qint32 a, qint32 b);
    void clear();
    std::pair<qint32, qint32> pair() const { return {m_a, m_b}; }
    int sharedCount() const { return m_shared; } // -1 while nothing is compared
    QString summary() const;
    QTableWidget *table() const { return m_table; }

private:
    void refresh();

    SnapshotPtr m_snapshot;
    qint32 m_a = 0, m_b = 0;
    int m_shared = -1;
    QLabel *m_summary;
    QTableWidget *m_table;
};

} // namespace nsviz
