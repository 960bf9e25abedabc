#include "graphview.h"

#include "graph/graphscene.h"
#include "graph/nodeitem.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QLabel>
#include <QTimer>
#include <QWheelEvent>

#include <cmath>

namespace nsviz {

GraphView::GraphView(GraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
    , m_busy(new QLabel(this))
    , m_busyDelay(new QTimer(this))
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    // Panning scrolls what is already drawn and paints only the strip that comes into view.
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setFrameShape(QFrame::NoFrame);

    m_busy->setObjectName(QStringLiteral("graphBusy"));
    m_busy->setStyleSheet(QStringLiteral("QLabel { background: palette(window); border: 1px solid palette(mid); border-radius: 6px; padding: 6px 10px; }"));
    m_busy->hide();
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        m_busy->adjustSize();
        m_busy->move(12, 12);
        m_busy->show();
    });
    connect(m_scene, &GraphScene::layoutStarted, this, [this](int nodes) {
        m_busy->setText(tr("Laying out %1 nodes…").arg(QLocale().toString(nodes)));
        if (!m_busy->isVisible())
            m_busyDelay->start();
    });
    connect(m_scene, &GraphScene::layoutFinished, this, [this](const LayoutResult &result) {
        m_busyDelay->stop();
        m_busy->hide();
        if (!result.error.isEmpty()) {
            m_busy->setText(result.error);
            m_busy->adjustSize();
            m_busy->show();
        }
        if (m_autoFit)
            QTimer::singleShot(500, this, [this] { // after the animation, so the fit sees where the nodes end up
                if (m_autoFit)
                    fitAll();
            });
    });
}

GraphView::~GraphView() = default;

bool GraphView::isBusyShown() const
{
    return m_busy->isVisible();
}

void GraphView::fitAll()
{
    m_autoFit = true;
    const QRectF bounds = m_scene->pictureBounds();
    if (bounds.isEmpty())
        return;
    const QRectF target = bounds.adjusted(-16, -16, 16, 16);
    const QRect area = viewport()->rect().adjusted(0, 0, 0, -m_reservedBottom);
    if (area.height() < 50 || area.width() < 50)
        return;
    // Small graphs are not blown up past a comfortable size.
    const double s = std::min({area.width() / target.width(), area.height() / target.height(), 1.25});
    // The scene rect follows the graph (it may just have shrunk), so centring has room to work with.
    m_scene->setSceneRect(bounds.adjusted(-200, -200, 200, 200));
    setTransform(QTransform::fromScale(s, s));
    centerOn(target.center() + QPointF(0, m_reservedBottom / 2.0 / s));
}

void GraphView::zoomBy(double factor)
{
    const double next = zoom() * factor;
    if (next < 0.01 || next > 8)
        return;
    scale(factor, factor);
}

double GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0) {
        m_autoFit = false;
        zoomBy(std::pow(1.2, steps));
    }
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    // A drag on the background pans: from then on the user decides what is in view.
    if (!qgraphicsitem_cast<NodeItem *>(itemAt(event->pos())))
        m_autoFit = false;
    QGraphicsView::mousePressEvent(event);
}

void GraphView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_autoFit = false;
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        m_autoFit = false;
        zoomBy(0.8);
        return;
    case Qt::Key_0:
        m_autoFit = false;
        resetTransform();
        return;
    case Qt::Key_F: fitAll(); return;
    default: QGraphicsView::keyPressEvent(event);
    }
}

void GraphView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, m_scene->nodePainter().background());
}

} // namespace nsviz
