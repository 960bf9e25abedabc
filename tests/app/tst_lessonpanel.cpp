// The Lesson tab in the window, offscreen, as root with the real runtime: a lesson picked and started runs its first
// step at once, its checks turn to passing as the window's scans show its containers, Next and Back step and undo
// (the containers of an undone step leave the demo list), its view actions select and compare in the window, and
// ending the lesson (or closing the window) stops everything it started. NSVIZ_SHOT_DIR=DIR saves what the tab
// looks like at each step, to look at.
#include "guitestmain.h"

#include "mainwindow.h"
#include "presentationmode.h"

#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/graphwidget.h"
#include "lessons/lesson.h"
#include "lessons/lessonrecording.h"
#include "live/hoststate.h"
#include "live/recording.h"

#include "containers/demoservice.h"
#include "containers/demoruntime.h"
#include "panels/comparepanel.h"
#include "panels/demopanel.h"
#include "panels/lessonpanel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>

using namespace nsviz;

namespace {

void shoot(QWidget &window, const QString &name)
{
    const QByteArray dir = qgetenv("NSVIZ_SHOT_DIR");
    if (!dir.isEmpty())
        window.grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name + QStringLiteral(".png"));
}

int runningDemos(DemoService *service)
{
    int n = 0;
    for (const DemoService::Container &c : service->containers())
        n += c.info.state == DemoContainer::State::Running ? 1 : 0;
    return n;
}

} // namespace

class TestLessonPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!DemoRuntime::isPrivileged())
            QSKIP("drives lessons with the real runtime as root (tst_lessons checks the rootless runs)");
        if (!DemoRuntime::hostFacts().busyboxProblem.isEmpty())
            QSKIP(qPrintable(DemoRuntime::hostFacts().busyboxProblem));
    }

    // A saved snapshot shows none of a lesson's containers: no lesson starts there, and the tab says where they run.
    void notOnASavedSnapshot()
    {
        HostInfo host;
        host.hostname = QStringLiteral("saved");
        MainWindow window(std::make_shared<Snapshot>(host, std::vector<ProcessInfo>{}, std::vector<NamespaceInfo>{}));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LessonPanel *panel = window.lessonPanel();
        QTest::qWait(200); // the demo service's first facts
        QVERIFY(!panel->startButton()->isEnabled());
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("lessonSummary"))->text().contains(QStringLiteral("Back to the live host")));
    }

    void stepThroughALesson()
    {
        QList<qint32> pids;
        {
            MainWindow window;
            window.resize(1600, 1000);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.findChild<QDockWidget *>(QStringLiteral("lessonDock"))->raise();
            LessonPanel *panel = window.lessonPanel();
            DemoService *service = window.demoPanel()->service();
            QVERIFY(!panel->isRunning());
            const int index = panel->lessonBox()->findData(QStringLiteral("web-servers"));
            QVERIFY(index >= 0);
            panel->lessonBox()->setCurrentIndex(index);
            shoot(window, QStringLiteral("lesson-0-picker"));
            QTRY_VERIFY(panel->startButton()->isEnabled());
            QTest::mouseClick(panel->startButton(), Qt::LeftButton);

            // Step 1: two web servers; every check passes once the window's scans show them listening.
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 0 && !service->isBusy(), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(panel->shownChecks() == 5 && panel->passingChecks() == 5, 15000);
            QVERIFY2(panel->checksText().contains(QStringLiteral("web-a and web-b are in different net namespaces")), qPrintable(panel->checksText()));
            QCOMPARE(runningDemos(service), 2);
            // Its compare action: the Compare dock shows web-a and web-b.
            QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QDockWidget *>(QStringLiteral("compareDock"))->isVisible(), 10000);
            for (const LessonWorld::Container &c : service->lessonState().world.containers)
                pids << c.initPid;
            shoot(window, QStringLiteral("lesson-1"));

            // Step 2: the pages, fetched inside each namespace, in the output.
            QVERIFY(panel->nextButton()->isEnabled());
            QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 1 && !service->isBusy(), 15000);
            QVERIFY2(panel->outputText().contains(QStringLiteral("Hello from web-a")), qPrintable(panel->outputText()));
            QVERIFY2(panel->outputText().contains(QStringLiteral("Hello from web-b")), qPrintable(panel->outputText()));
            QTRY_COMPARE(panel->passingChecks(), 2);
            shoot(window, QStringLiteral("lesson-2"));

            // Step 3, then back to step 2: the picture is the same, its checks pass again.
            QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 2 && !service->isBusy(), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(panel->passingChecks() == panel->shownChecks() && panel->shownChecks() == 3, 10000);
            QCOMPARE(panel->nextButton()->text(), QStringLiteral("Done"));
            QVERIFY(!panel->nextButton()->isEnabled());
            shoot(window, QStringLiteral("lesson-3"));
            QTest::mouseClick(panel->backButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 1 && !service->isBusy(), 15000);
            QCOMPARE(runningDemos(service), 2);

            // Back to step 1 and before it: Back is off at the first step; End stops both web servers.
            QTest::mouseClick(panel->backButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 0 && !service->isBusy(), 15000);
            QVERIFY(!panel->backButton()->isEnabled());
            QTest::mouseClick(panel->endButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning() && !service->isBusy(), 15000);
            QTRY_COMPARE(runningDemos(service), 0);
            for (qint32 pid : std::as_const(pids))
                QTRY_VERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));

            // A lesson left running when the window closes is undone by the window's end.
            panel->lessonBox()->setCurrentIndex(panel->lessonBox()->findData(QStringLiteral("own-hostname")));
            QTRY_VERIFY(panel->startButton()->isEnabled());
            QTest::mouseClick(panel->startButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == 0 && !service->isBusy(), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(panel->passingChecks() == 2, 15000);
            pids.clear();
            for (const LessonWorld::Container &c : service->lessonState().world.containers)
                pids << c.initPid;
            QCOMPARE(pids.size(), 1);
        }
        QTRY_VERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pids.first())));
    }

    // A lesson recorded with `nsviz lesson record` plays in a window replaying the file: each step is its moment,
    // the checks pass against it as they did live, and nothing is started.
    void replayedLesson()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("web-servers.nsvizrec"));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("record"), QStringLiteral("web-servers"), QStringLiteral("-o"), path});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const Recording recording = readRecording(path);
        QVERIFY2(recording.ok(), qPrintable(recording.error));
        const std::optional<RecordedLesson> recorded = recordedLesson(recording);
        QVERIFY(recorded && recorded->steps.size() == 3);

        MainWindow window(recording, path);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LessonPanel *panel = window.lessonPanel();
        QTRY_VERIFY(panel->isVisible()); // the tab that plays it, in front
        DemoService *service = window.demoPanel()->service();
        QCOMPARE(panel->lessonBox()->currentData().toString(), QStringLiteral("web-servers"));
        QTRY_VERIFY(panel->startButton()->isEnabled());
        QCOMPARE(panel->startButton()->text(), QStringLiteral("Play the recording"));
        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        QVERIFY(panel->isReplaying());
        const int checks[] = {5, 2, 3};
        for (int step = 0; step < 3; ++step) {
            if (step > 0)
                QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
            QTRY_COMPARE(window.hostState()->shownIndex(), recorded->steps[step].moment);
            QTRY_VERIFY2(panel->shownChecks() == checks[step] && panel->passingChecks() == checks[step], qPrintable(panel->checksText()));
            QCOMPARE(runningDemos(service), 0);
            QTRY_VERIFY(!window.graphWidget()->model()->isBuilding() && !window.graphWidget()->scene()->isLayoutPending());
            shoot(window, QStringLiteral("replayed-%1").arg(step + 1));
        }
        QVERIFY2(panel->outputText().contains(QStringLiteral("lo:")), qPrintable(panel->outputText()));
        QVERIFY(!panel->nextButton()->isEnabled());
        QTest::mouseClick(panel->backButton(), Qt::LeftButton);
        QTRY_COMPARE(window.hostState()->shownIndex(), recorded->steps[1].moment);
        QVERIFY2(panel->outputText().contains(QStringLiteral("Hello from web-b")), qPrintable(panel->outputText()));
        QTest::mouseClick(panel->endButton(), Qt::LeftButton);
        QVERIFY(!panel->isRunning());
        QCOMPARE(runningDemos(service), 0);
    }

    // Every lesson in presentation mode, as a class would see it: each step's containers drawn as cards of their own
    // (the picture leaves out the host's noise, never a lesson's container), each check passing in the window, and
    // the picture saved per step with NSVIZ_SHOT_DIR.
    void everyLessonPresented()
    {
        MainWindow window;
        window.resize(1920, 1080);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.presentationMode()->setFullScreen(false);
        window.presentationMode()->setActive(true);
        LessonPanel *panel = window.lessonPanel();
        DemoService *service = window.demoPanel()->service();
        GraphWidget *graph = window.graphWidget();
        QVERIFY(panel->isVisible() && graph->isPresentation());
        for (const Lesson &lesson : builtInLessons()) {
            panel->lessonBox()->setCurrentIndex(panel->lessonBox()->findData(lesson.id));
            QTRY_VERIFY(panel->startButton()->isEnabled());
            QTest::mouseClick(panel->startButton(), Qt::LeftButton);
            for (int step = 0; step < lesson.steps.size(); ++step) {
                if (step > 0)
                    QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
                QTRY_VERIFY_WITH_TIMEOUT(service->lessonState().step == step && !service->isBusy(), 20000);
                const QString where = QStringLiteral("%1 step %2").arg(lesson.id).arg(step + 1);
                QTRY_VERIFY2_WITH_TIMEOUT(panel->passingChecks() == panel->shownChecks(), qPrintable(where + QLatin1Char('\n') + panel->checksText()), 20000);
                for (const LessonWorld::Container &c : service->lessonState().world.containers) {
                    if (!c.running)
                        continue;
                    QTRY_VERIFY2_WITH_TIMEOUT(!graph->model()->isBuilding() && !graph->model()->nodeForProcess(c.initPid).isEmpty()
                                                  && graph->model()->nodeForProcess(c.initPid) != QLatin1String("host"),
                                              qPrintable(where + QStringLiteral(": ") + c.name + QStringLiteral(" is not drawn")), 10000);
                }
                QTRY_VERIFY(!graph->scene()->isLayoutPending() && !graph->scene()->isAnimating() && !graph->scene()->isFading());
                shoot(window, QStringLiteral("presented-%1-%2").arg(lesson.id).arg(step + 1));
            }
            QTest::mouseClick(panel->endButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning() && !service->isBusy(), 15000);
            QTRY_COMPARE(runningDemos(service), 0);
        }
        window.presentationMode()->setActive(false);
    }
};

int main(int argc, char **argv)
{
    return nsviz::testing::runGuiTest<TestLessonPanel>(argc, argv, "tst_lessonpanel");
}
#include "tst_lessonpanel.moc"
