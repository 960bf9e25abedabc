#include "presentationmode.h"

#include "graph/graphview.h"
#include "graph/graphwidget.h"
#include "panels/lessonpanel.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace nsviz {

PresentationMode::PresentationMode(QMainWindow *window, GraphWidget *graph, LessonPanel *lesson, QWidget *lessonDock,
                                   QList<QWidget *> hidden)
    : QObject(window)
    , m_window(window)
    , m_graph(graph)
    , m_lesson(lesson)
    , m_lessonDock(lessonDock)
    , m_hidden(std::move(hidden))
    , m_action(new QAction(tr("&Presentation"), this))
{
    m_action->setObjectName(QStringLiteral("presentation"));
    m_action->setCheckable(true);
    // Not F5 (refresh) nor F11 (the desktop's full screen): a chord no other action of the window has.
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_action->setShortcutContext(Qt::WindowShortcut);
    m_action->setToolTip(tr("A picture for a class: large type, high contrast, the containers and the lesson only"));
    connect(m_action, &QAction::toggled, this, &PresentationMode::setActive);
    // On the window itself: the menu bar, where the View menu holds it too, is hidden while it is on.
    window->addAction(m_action);
}

PresentationMode::~PresentationMode() = default;

void PresentationMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    m_action->setChecked(on);
    if (on)
        enter();
    else
        leave();
    Q_EMIT activeChanged(on);
}

void PresentationMode::enter()
{
    m_state = m_window->saveState();
    m_windowState = m_window->windowState();
    m_wasVisible.clear();
    QList<QWidget *> chrome = m_hidden;
    chrome << m_window->menuBar() << m_window->statusBar();
    for (QToolBar *bar : m_window->findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
        chrome << bar;
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly))
        if (dock != m_lessonDock)
            chrome << dock;
    for (QWidget *w : std::as_const(chrome))
        if (w && w->isVisible()) {
            m_wasVisible << w;
            w->hide();
        }
    m_graph->setPresentation(true);
    m_lesson->setPresentation(true);
    if (auto *dock = qobject_cast<QDockWidget *>(m_lessonDock)) {
        dock->show();
        dock->raise();
    }
    if (m_fullScreen)
        m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
    // The lesson beside the picture: a third of the screen, the picture the rest.
    QTimer::singleShot(0, this, [this] {
        if (auto *dock = qobject_cast<QDockWidget *>(m_lessonDock); dock && m_active)
            m_window->resizeDocks({dock}, {std::max(360, m_window->width() * 3 / 10)}, Qt::Horizontal);
        m_graph->view()->fitAll();
    });
    showHint();
}

void PresentationMode::leave()
{
    if (m_hint)
        m_hint->hide();
    m_graph->setPresentation(false);
    m_lesson->setPresentation(false);
    for (QWidget *w : std::as_const(m_wasVisible))
        if (w)
            w->show();
    m_wasVisible.clear();
    if (m_fullScreen)
        m_window->setWindowState(m_windowState);
    m_window->restoreState(m_state);
    QTimer::singleShot(0, m_graph->view(), &GraphView::fitAll);
}

void PresentationMode::showHint()
{
    // How to get out again, for a few seconds: the menu that would say so is hidden.
    if (!m_hint) {
        m_hint = new QLabel(m_graph->view());
        m_hint->setObjectName(QStringLiteral("presentationHint"));
        m_hint->setStyleSheet(QStringLiteral("QLabel { background: palette(window); color: palette(window-text); "
                                             "border: 2px solid palette(mid); border-radius: 8px; padding: 10px 16px; }"));
        QFont f = m_hint->font();
        f.setPointSizeF(std::max(20.0, f.pointSizeF()));
        m_hint->setFont(f);
    }
    m_hint->setText(tr("Presentation: %1 or the graph's menu to leave").arg(m_action->shortcut().toString(QKeySequence::NativeText)));
    m_hint->adjustSize();
    m_hint->move(16, 16);
    m_hint->show();
    m_hint->raise();
    QTimer::singleShot(4000, m_hint, [this] {
        if (m_hint)
            m_hint->hide();
    });
}

} // namespace nsviz
