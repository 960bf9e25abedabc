#pragma once

#include <QGraphicsView>

class QLabel;
class QTimer;

namespace nsviz {

class GraphScene;

// Zoom (wheel, keys), pan (drag), fit, and a quiet progress note while a layout runs for more than a moment.
class GraphView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphView(GraphScene *scene, QWidget *parent = nullptr);
    ~GraphView() override;

    GraphScene *graphScene() const { return m_scene; }
    void fitAll(); // and keep fitting after each layout until the user zooms or pans
    bool isAutoFit() const { return m_autoFit; }
    void zoomBy(double factor);
    double zoom() const;
    bool isBusyShown() const;
    // Pixels at the bottom of the viewport that an overlay (the legend) covers: fitting keeps clear of them.
    void setReservedBottom(int pixels) { m_reservedBottom = pixels; }

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    GraphScene *m_scene;
    QLabel *m_busy;
    QTimer *m_busyDelay;
    int m_reservedBottom = 0;
    bool m_autoFit = true; // layouts are fitted into view until the user zooms or pans himself
};

} // namespace nsviz
