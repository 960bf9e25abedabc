#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;

namespace nsviz {

class HostState;

// The strip of time a host's moments lie on, drawn to scale: how much changed when (a faint histogram of the
// change log), where containers started (green) and stopped (red), and the moment shown. Click or drag to go
// there; Left/Right step a moment, Home/End go to the first and the latest.
class TimelineTrack : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineTrack(HostState *state, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    qsizetype indexAt(int x) const; // the moment nearest to x
    int xOf(qsizetype index) const;

Q_SIGNALS:
    void scrubbed(qsizetype index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect trackRect() const;
    HostState *m_state;
};

// Under the graph: play, step and the timeline, the time shown, speed and loop for a replay, and, while a moment
// past of a live host is shown, a banner that says which ("Viewing 18:39:31, 42 s ago") with the way back to live.
// While recording, how long and how much, with Stop.
class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineBar(HostState *state, QWidget *parent = nullptr);

    TimelineTrack *track() const { return m_track; }
    QString bannerText() const; // what the time label says now (tests)
    bool isShowingPast() const;
    // Kept out of sight whatever it would show (presentation mode); it goes on following the state.
    void setSuppressed(bool suppressed);

Q_SIGNALS:
    void stopRecordingRequested();

private:
    void refresh();
    void updateRecording();

    HostState *m_state;
    TimelineTrack *m_track;
    QToolButton *m_play;
    QToolButton *m_back;
    QToolButton *m_forward;
    QLabel *m_time;
    QComboBox *m_speed;
    QCheckBox *m_loop;
    QPushButton *m_live;
    QLabel *m_recording;
    QToolButton *m_stopRecording;
    QTimer m_scrub;     // coalesces a drag: the latest position is shown once the views are done with the last
    qint64 m_scrubTo = -1; // an absolute moment (HostState::firstMomentKept() + index)
    QTimer m_clock;     // "42 s ago" ages while nothing else changes
    bool m_suppressed = false;
};

} // namespace nsviz
