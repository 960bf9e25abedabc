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
    void fitAll();
    void zoomBy(double factor);
    double zoom() const;
    bool isBusyShown() const;

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    GraphScene *m_scene;
    QLabel *m_busy;
    QTimer *m_busyDelay;
    bool m_fitPending = true; // the first layout is fitted into view; later ones keep the user's zoom
};

} // namespace nsviz
