#pragma once

// Presentation mode (View > Presentation, Ctrl+Shift+P): the window for a class. The graph in the presentation look
// (no text under 20 pt at 1080p, high contrast, thick lines, big cards; light or dark with the desktop), full screen,
// with only what a lesson needs beside it: the Lesson tab, in the same large type. Tool bars, menus, the tree, the
// table, the timeline, the status bar and the other docks go, and come back as they were when it ends. The graph
// shows the host's own processes without kernel threads and the containers (not the host's other sets), nodes fade
// in and out, and a selection is spotlit. Exports keep the look, on a 16:9 page.

#include <QByteArray>
#include <QObject>
#include <QRect>

class QAction;
class QLabel;
class QMainWindow;
class QWidget;

namespace nsviz {

class GraphWidget;
class LessonPanel;

class PresentationMode : public QObject
{
    Q_OBJECT
public:
    // hidden: the window's parts that go while it is on (panes, timeline), besides its tool bars, menu bar, status
    // bar and docks; lessonDock stays.
    PresentationMode(QMainWindow *window, GraphWidget *graph, LessonPanel *lesson, QWidget *lessonDock, QList<QWidget *> hidden);
    ~PresentationMode() override;

    QAction *action() const { return m_action; } // checkable; its shortcut works with the menu bar hidden
    bool isActive() const { return m_active; }
    void setActive(bool on);
    bool fullScreen() const { return m_fullScreen; }
    void setFullScreen(bool fullScreen) { m_fullScreen = fullScreen; } // tests: off, so the screen stays as it is

Q_SIGNALS:
    void activeChanged(bool active);

private:
    void enter();
    void leave();
    void showHint();

    QMainWindow *m_window;
    GraphWidget *m_graph;
    LessonPanel *m_lesson;
    QWidget *m_lessonDock;
    QList<QWidget *> m_hidden;
    QAction *m_action;
    QLabel *m_hint = nullptr;
    bool m_active = false;
    bool m_fullScreen = true;
    // What it was before: restored on leaving.
    QByteArray m_state;
    QList<QWidget *> m_wasVisible;
    Qt::WindowStates m_windowState;
};

} // namespace nsviz
