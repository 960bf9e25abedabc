#pragma once

// The Lesson tab: pick a guided lesson, then step through it in front of the class. Each step shows its caption and
// narration, what its actions did (a command's output, a page, the `ls -al /proc/PID/ns` lines, as plain text: the
// containers choose what they print), the checks of what the class should now see, decided again on every refresh
// against the snapshot the window shows (so a check turns green when the picture shows it), and the commands to try
// by hand. Back undoes the step; End lesson, choosing another or closing the window undoes them all. The lesson is
// performed on the demo thread (DemoService); the view actions of a step (select, compare, group) are asked of the
// window through the signals below.

#include "containers/demoservice.h"
#include "lessons/lessonrecording.h"
#include "snapshot/snapshot.h"

#include <optional>

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace nsviz {

class DemoService;
struct Lesson;

class LessonPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LessonPanel(DemoService *service, QWidget *parent = nullptr);
    ~LessonPanel() override;

    void setSnapshot(const SnapshotPtr &snapshot); // re-decides the checks
    // Whether the window shows the live host: a lesson's containers and checks live there, so a lesson is only
    // started, and stepped, while it does (a saved snapshot or a recording shows none of them).
    void setLiveHost(bool live);
    bool isRunning() const; // a lesson is on (not the picker), live or replayed
    // The lesson a replayed recording holds (nullopt: none). While the window shows the file the tab plays it: each
    // step is a moment of the recording, asked for with momentRequested(), its checks decided against it.
    void setRecordedLesson(const std::optional<RecordedLesson> &recorded);
    bool isReplaying() const { return m_replaying; }
    // Presentation mode: every text at least 20 pt.
    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }

    // For tests and the window's menu.
    QComboBox *lessonBox() const { return m_picker; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *nextButton() const { return m_next; }
    QPushButton *backButton() const { return m_back; }
    QPushButton *endButton() const { return m_end; }
    QString outputText() const;
    QString checksText() const; // the checks as shown, one per line: "✓ web-a is running (1 process...)"
    int passingChecks() const { return m_passing; }
    int shownChecks() const { return m_shown; }

Q_SIGNALS:
    void selectProcessRequested(qint32 pid);
    void compareRequested(qint32 a, qint32 b);
    void groupingRequested(const QString &grouping); // "type", "user", "pid", "containers", "processes"
    void lessonActive(bool active);
    void momentRequested(qsizetype moment); // of the recording the window replays

private:
    void startChosen();
    void showState();
    void showPage(int index); // 0 the picker, 1 a lesson
    void showPicked();
    void applyFonts();
    DemoService::LessonState shownState() const; // the service's lesson, or the recorded step shown
    void showRecordedStep(int index);
    void decideChecks();
    void applyViewActions();
    bool busy() const;

    DemoService *m_service;
    QList<Lesson> m_lessons;
    SnapshotPtr m_snapshot;
    int m_appliedStep = -2; // the step whose view actions were last asked for
    int m_passing = 0, m_shown = 0;
    bool m_live = true;
    bool m_presentation = false;
    std::optional<RecordedLesson> m_recorded;
    bool m_replaying = false;
    int m_replayIndex = 0;

    QWidget *m_pages; // in the scroll area: the picker or the lesson
    QWidget *m_pick = nullptr;
    QWidget *m_on = nullptr;
    QComboBox *m_picker;
    QLabel *m_pickedSummary;
    QPushButton *m_start;
    QLabel *m_title;
    QLabel *m_progress;
    QLabel *m_caption;
    QLabel *m_narration;
    QPlainTextEdit *m_output;
    QLabel *m_checks;
    QLabel *m_try;
    QLabel *m_problem;
    QWidget *m_buttons = nullptr; // Back, Next, End: below the scrolled texts
    QPushButton *m_back;
    QPushButton *m_next;
    QPushButton *m_end;
};

} // namespace nsviz
