#include "graphview.h"

#include "graph/graphscene.h"
#include "graph/nodeitem.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QLabel>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>
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
    });
    // Once the nodes are where they end up (after the animation): a fit during it saw them on the way.
    connect(m_scene, &GraphScene::settled, this, [this] {
        if (m_autoFit)
            fitAll();
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
    // The scene rect is wider than the picture (room to centre), so the scroll bars show once it is fitted: the
    // fit leaves them their room now, or they would cut its edge off.
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int right = verticalScrollBarPolicy() == Qt::ScrollBarAsNeeded && !verticalScrollBar()->isVisible() ? bar : 0;
    const int below = horizontalScrollBarPolicy() == Qt::ScrollBarAsNeeded && !horizontalScrollBar()->isVisible() ? bar : 0;
    const QRect area = viewport()->rect().adjusted(0, 0, -right, -m_reservedBottom - below);
    if (area.height() < 50 || area.width() < 50)
        return;
    // Small graphs are not blown up past a comfortable size.
    const double fit = std::min({area.width() / target.width(), area.height() / target.height(), 1.25});
    const double s = m_presentation ? std::max(fit, presentationFloor()) : fit;
    // The scene rect follows the graph (it may just have shrunk), so centring has room to work with.
    m_scene->setSceneRect(bounds.adjusted(-200, -200, 200, 200));
    setTransform(QTransform::fromScale(s, s));
    if (s <= fit + 1e-9) {
        centerOn(target.center() + QPointF(0, m_reservedBottom / 2.0 / s));
        return;
    }
    // Too big to fit at a readable size: the spotlit nodes in the middle, else the top of the picture.
    QRectF lit;
    for (const QString &id : m_scene->highlight())
        if (const NodeItem *item = m_scene->item(id))
            lit |= item->sceneRect();
    const QSizeF seen(area.width() / s, area.height() / s);
    const QRectF focus = lit.isNull() ? target : lit.adjusted(-16, -16, 16, 16);
    // Wider or taller than the view: its left or top edge in sight (a name starts there), else its middle.
    QPointF centre = focus.center();
    if (focus.width() > seen.width())
        centre.setX(focus.left() + seen.width() / 2);
    if (focus.height() > seen.height())
        centre.setY(focus.top() + seen.height() / 2);
    centerOn(centre + QPointF(0, m_reservedBottom / 2.0 / s));
}

void GraphView::setPresentation(bool on)
{
    m_presentation = on;
}

double GraphView::presentationFloor() const
{
    const QScreen *screen = this->screen();
    const double height = screen ? screen->geometry().height() : 1080;
    return std::max(NodePainter::detailZoom, std::min(1.0, height / 1080.0));
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
    const bool background = !qgraphicsitem_cast<NodeItem *>(itemAt(event->pos()));
    if (background)
        m_autoFit = false;
    m_backgroundPress = background && event->button() == Qt::LeftButton ? event->pos() : QPoint(-1, -1);
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    // A drag pans; only a click that stayed where it was lets go of the selection.
    const bool click = m_backgroundPress.x() >= 0 && event->button() == Qt::LeftButton
        && (event->pos() - m_backgroundPress).manhattanLength() < QApplication::startDragDistance();
    m_backgroundPress = QPoint(-1, -1);
    QGraphicsView::mouseReleaseEvent(event);
    if (click)
        Q_EMIT backgroundClicked();
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
