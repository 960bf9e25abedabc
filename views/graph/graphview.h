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
    // Presentation: fitting never zooms out past the size the presentation look is made for (a 1080p screen at
    // zoom 1, scaled to this screen's height, and never below where every text is drawn): what does not fit then
    // is scrolled to, the lit nodes (the spotlit container) in the middle, else the top of the picture.
    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }
    double presentationFloor() const;

Q_SIGNALS:
    // A click (press and release without dragging) on no node: the user let go of the selection.
    void backgroundClicked();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    GraphScene *m_scene;
    QLabel *m_busy;
    QTimer *m_busyDelay;
    int m_reservedBottom = 0;
    QPoint m_backgroundPress{-1, -1}; // where a press on no node was, until its release
    bool m_presentation = false;
    bool m_autoFit = true; // layouts are fitted into view until the user zooms or pans himself
};

} // namespace nsviz
