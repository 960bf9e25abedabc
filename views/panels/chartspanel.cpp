#include "chartspanel.h"

#include "itemmodels/displaytext.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>

namespace nsviz {

namespace {

QChartView *makeView(QChart *chart, QWidget *parent)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignRight);
    // Eight types must fit beside the lines in a short dock.
    QFont small = chart->legend()->font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.85));
    chart->legend()->setFont(small);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeCircle);
    chart->setTheme(parent->palette().color(QPalette::Window).lightnessF() < 0.5 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 200);
    return view;
}

// A clock along the bottom and a whole-number count up the left, as both time charts have.
std::pair<QDateTimeAxis *, QValueAxis *> addTimeAxes(QChart *chart)
{
    auto *time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("HH:mm:ss"));
    time->setTickCount(4);
    auto *count = new QValueAxis;
    count->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(count, Qt::AlignLeft);
    return {time, count};
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    // Namespaces per type over time.
    auto *perType = new QChart;
    perType->setTitle(tr("Namespaces per type"));
    std::tie(m_timeAxis, m_countAxis) = addTimeAxes(perType);
    for (NamespaceType t : allNamespaceTypes) {
        auto *series = new QLineSeries;
        series->setName(namespaceTypeName(t));
        perType->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_countAxis);
        m_perType[std::size_t(t)] = series;
    }

    // The namespaces with the most members.
    auto *top = new QChart;
    top->setTitle(tr("Largest namespaces (processes)"));
    // Bars across, names down the side: a name gets the whole width of the axis instead of a bar's, which cut
    // them to "uts …".
    auto *bars = new QHorizontalBarSeries;
    m_topSet = new QBarSet(tr("processes"));
    bars->append(m_topSet);
    top->addSeries(bars);
    m_topAxis = new QBarCategoryAxis;
    m_topValues = new QValueAxis;
    m_topValues->setLabelFormat(QStringLiteral("%d"));
    top->addAxis(m_topAxis, Qt::AlignLeft);
    top->addAxis(m_topValues, Qt::AlignBottom);
    bars->attachAxis(m_topAxis);
    bars->attachAxis(m_topValues);
    top->legend()->hide();

    // Changes per refresh.
    auto *changes = new QChart;
    changes->setTitle(tr("Changes per refresh"));
    m_changes = new QLineSeries;
    m_changes->setName(tr("processes and namespaces changed"));
    changes->addSeries(m_changes);
    std::tie(m_changeTimeAxis, m_changeAxis) = addTimeAxes(changes);
    m_changes->attachAxis(m_changeTimeAxis);
    m_changes->attachAxis(m_changeAxis);
    changes->legend()->hide();

    // Viewing the past: where the moment shown is, on both time charts.
    for (auto [chart, marker, timeAxis, valueAxis] : {std::tuple{perType, &m_marker, m_timeAxis, m_countAxis},
                                                      std::tuple{changes, &m_changeMarker, m_changeTimeAxis, m_changeAxis}}) {
        *marker = new QLineSeries;
        (*marker)->setName(tr("shown"));
        QPen pen(QColor(0xc2, 0x6a, 0x00)); // the timeline's amber
        pen.setWidthF(2);
        pen.setStyle(Qt::DashLine);
        (*marker)->setPen(pen);
        chart->addSeries(*marker);
        (*marker)->attachAxis(timeAxis);
        (*marker)->attachAxis(valueAxis);
        (*marker)->setVisible(false);
        if (const QList<QLegendMarker *> legend = chart->legend()->markers(*marker); !legend.isEmpty())
            legend.first()->setVisible(false);
    }

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeView(perType, this), 3);
    layout->addWidget(makeView(top, this), 2);
    layout->addWidget(makeView(changes, this), 2);
}

ChartsPanel::~ChartsPanel() = default;

int ChartsPanel::pointCount() const
{
    return int(m_changes->count());
}

QStringList ChartsPanel::topCategories() const
{
    return m_topAxis->categories();
}

void ChartsPanel::addMoment(const SnapshotPtr &snapshot, const SnapshotDiff &diff, qint64 timeMs)
{
    if (!snapshot)
        return;
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(timeMs > 0 ? timeMs : QDateTime::currentMSecsSinceEpoch());
    const qreal x = qreal(when.toMSecsSinceEpoch());
    for (NamespaceType t : allNamespaceTypes) {
        const auto count = qreal(snapshot->namespacesOfType(t).size());
        m_perType[std::size_t(t)]->append(x, count);
        m_maxCount = std::max(m_maxCount, count);
    }
    const qreal changes = qreal(diff.processesAdded.size() + diff.processesRemoved.size() + diff.processesChanged.size()
                                + diff.namespacesCreated.size() + diff.namespacesDestroyed.size());
    m_changes->append(x, changes);
    trim();

    const QDateTime first = QDateTime::fromMSecsSinceEpoch(qint64(m_changes->at(0).x()));
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(qint64(x)).addSecs(first.msecsTo(when) < 1000 ? 1 : 0);
    m_timeAxis->setRange(first, last);
    m_changeTimeAxis->setRange(first, last);
    m_countAxis->setRange(0, m_maxCount * 1.1 + 1);
    m_countAxis->applyNiceNumbers(); // whole-number ticks: counts have no fractions
    m_maxChanges = 1;
    for (const QPointF &p : m_changes->points())
        m_maxChanges = std::max(m_maxChanges, p.y());
    m_changeAxis->setRange(0, m_maxChanges * 1.1 + 1);
    m_changeAxis->applyNiceNumbers();
    updateMarker();
}

void ChartsPanel::clear()
{
    for (QLineSeries *s : m_perType)
        s->clear();
    m_changes->clear();
    m_maxCount = m_maxChanges = 1;
    m_following = true;
    updateMarker();
}

bool ChartsPanel::isMarkerShown() const
{
    return m_marker->isVisible();
}

void ChartsPanel::updateMarker()
{
    const bool show = !m_following && m_changes->count() > 0;
    m_marker->setVisible(show);
    m_changeMarker->setVisible(show);
    if (!show)
        return;
    const auto x = qreal(m_shownTime);
    m_marker->replace(QList<QPointF>{{x, 0}, {x, m_countAxis->max()}});
    m_changeMarker->replace(QList<QPointF>{{x, 0}, {x, m_changeAxis->max()}});
}

void ChartsPanel::setShown(const SnapshotPtr &snapshot, qint64 timeMs, bool following)
{
    m_shownTime = timeMs;
    m_following = following;
    updateMarker();
    if (!snapshot)
        return;

    // Top namespaces by member count (not the host's own: they are always the largest).
    std::vector<const NamespaceInfo *> ranked;
    for (const NamespaceInfo &n : snapshot->namespaces()) {
        if (!n.initial && !n.processes.isEmpty())
            ranked.push_back(&n);
    }
    const std::size_t shown = std::min<std::size_t>(ranked.size(), 6);
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(shown), ranked.end(),
                      [](const NamespaceInfo *a, const NamespaceInfo *b) { return a->processes.size() > b->processes.size(); });
    QStringList categories;
    QList<qreal> values;
    // The biggest at the top (a horizontal bar series draws its first category at the bottom).
    for (std::size_t i = shown; i-- > 0;) {
        // Named as everywhere ("web-1 net"); where two have the same name, the inode tells them apart.
        const NamespaceInfo &n = *ranked[i];
        QString name = text::namespaceName(*snapshot, n);
        QString label = name.isEmpty() ? text::namespaceLink(n.type, n.id) : QStringLiteral("%1 %2").arg(name.left(24), namespaceTypeName(n.type));
        if (categories.contains(label))
            label = text::namespaceLink(n.type, n.id);
        categories.append(label);
        values.append(qreal(n.processes.size()));
    }
    if (categories != m_topAxis->categories()) {
        m_topAxis->clear();
        m_topAxis->append(categories);
    }
    if (m_topSet->count() != values.size()) {
        m_topSet->remove(0, m_topSet->count());
        m_topSet->append(values);
    } else {
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (m_topSet->at(i) != values[i])
                m_topSet->replace(i, values[i]);
        }
    }
    // A new range re-lays the whole chart out: only when the largest bar changed (replaying, every moment calls).
    const qreal top = values.isEmpty() ? 1 : values.constLast();
    if (top != m_topMax) {
        m_topMax = top;
        m_topValues->setRange(0, top * 1.1 + 1);
        m_topValues->applyNiceNumbers();
    }
}

void ChartsPanel::trim()
{
    const int excess = int(m_changes->count()) - m_window;
    if (excess <= 0)
        return;
    m_changes->removePoints(0, excess);
    for (QLineSeries *s : m_perType)
        s->removePoints(0, excess);
}

} // namespace nsviz
