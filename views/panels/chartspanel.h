#pragma once

#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QWidget>

#include <array>
#include <deque>

class QChart;
class QChartView;
class QLineSeries;
class QBarSeries;
class QBarSet;
class QBarCategoryAxis;
class QValueAxis;
class QDateTimeAxis;

namespace nsviz {

// Live charts: namespaces per type over time, the namespaces with the most members now, and how many
// changes each refresh brought. Points are appended and the oldest dropped, so the charts move without
// being rebuilt (no flicker).
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    // A new snapshot and what changed since the previous one.
    void addSnapshot(const SnapshotPtr &snapshot, const SnapshotDiff &diff);
    void setWindow(int points) { m_window = std::max(2, points); }
    int pointCount() const;
    QStringList topCategories() const; // the largest namespaces' labels, biggest last (bottom to top)

private:
    void trim();

    std::array<QLineSeries *, NamespaceTypeCount> m_perType{};
    QLineSeries *m_changes = nullptr;
    QBarSet *m_topSet = nullptr;
    QBarCategoryAxis *m_topAxis = nullptr;
    QValueAxis *m_topValues = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_countAxis = nullptr;
    QDateTimeAxis *m_changeTimeAxis = nullptr;
    QValueAxis *m_changeAxis = nullptr;
    int m_window = 300;
    qreal m_maxCount = 1;
    qreal m_maxChanges = 1;
};

} // namespace nsviz
