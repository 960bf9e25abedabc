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

// Charts of the host's history: namespaces per type over time and how many changes each moment brought, one point
// for every moment HostState takes into its history (live ones too while the past is viewed; every moment of a
// recording), and the namespaces with the most members in the moment shown. Viewing the past, a line marks the
// moment shown on the time charts. Points are appended and the oldest dropped, so the charts move without being
// rebuilt (no flicker).
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    // A moment taken into the history (HostState::momentTaken): `diff` from the one before, `timeMs` its time.
    void addMoment(const SnapshotPtr &snapshot, const SnapshotDiff &diff, qint64 timeMs);
    // The moment the views show: its largest namespaces; and, unless following, where it is on the time charts.
    void setShown(const SnapshotPtr &snapshot, qint64 timeMs, bool following);
    void clear(); // another data set
    bool isMarkerShown() const;
    void setWindow(int points) { m_window = std::max(2, points); }
    int pointCount() const;
    QStringList topCategories() const; // the largest namespaces' labels, biggest last (bottom to top)

private:
    void trim();
    void updateMarker();

    std::array<QLineSeries *, NamespaceTypeCount> m_perType{};
    QLineSeries *m_changes = nullptr;
    QLineSeries *m_marker = nullptr;       // the moment shown, on the per-type chart
    QLineSeries *m_changeMarker = nullptr; // and on the changes chart
    qint64 m_shownTime = 0;
    bool m_following = true;
    QBarSet *m_topSet = nullptr;
    QBarCategoryAxis *m_topAxis = nullptr;
    QValueAxis *m_topValues = nullptr;
    qreal m_topMax = -1; // the largest bar the value axis was last fitted to
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_countAxis = nullptr;
    QDateTimeAxis *m_changeTimeAxis = nullptr;
    QValueAxis *m_changeAxis = nullptr;
    int m_window = 300;
    qreal m_maxCount = 1;
    qreal m_maxChanges = 1;
};

} // namespace nsviz
