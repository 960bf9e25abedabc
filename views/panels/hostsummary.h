#pragma once

#include "snapshot/snapshot.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace nsviz {

// An overview of one snapshot: how many namespaces of each type exist, how many are the host's own, and how
// many processes share the largest namespace sets. The live tree, table and graph views replace it as the
// main view; it stays useful as a compact overview.
class HostSummary : public QWidget
{
    Q_OBJECT
public:
    explicit HostSummary(QWidget *parent = nullptr);
    ~HostSummary() override;

    void setSnapshot(const SnapshotPtr &snapshot);

private:
    QLabel *m_heading;
    QTableWidget *m_types;
    QTableWidget *m_sets;
};

} // namespace nsviz
