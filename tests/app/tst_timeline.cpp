// The timeline and the change log in the window, offscreen: a click on the timeline shows that moment in every
// view, with the banner and the way back to live; an entry of the change log jumps there and selects what it is
// about; a recording opened from a file plays; a damaged one is kept out unless asked for.
#include "guitestmain.h"
#include "recordings.h"
#include "snapshotsequence.h"

#include "mainwindow.h"
#include "panels/chartspanel.h"

#include "itemmodels/changelogmodel.h"
#include "live/hoststate.h"
#include "live/recording.h"
#include "panels/changelogpanel.h"
#include "panels/detailspanel.h"
#include "panels/timelinebar.h"
#include "snapshot/snapshotdelta.h"
#include "snapshot/snapshotjson.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;

namespace {

// The fixture's steps, from the start each time (a fresh copy of the tree).
std::vector<SnapshotPtr> fixtureMoments()
{
    fixtures::SnapshotSequence sequence;
    std::vector<SnapshotPtr> out{sequence.scan()};
    for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
        out.push_back(sequence.step(i));
    return out;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clickOnTheTimelineShowsThatMoment()
    {
        // A live window, paused after its first scan; then the fixture's moments, as a scripted host.
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        HostState *state = window.hostState();
        QTRY_VERIFY_WITH_TIMEOUT(state->history().size() >= 1, 10000);
        state->setPaused(true);
        // A scan already under way when paused still lands (on a cold machine it takes seconds): wait it out, or it
        // comes between the fixture's moments.
        for (qsizetype before = -1; before != state->history().size();) {
            before = state->history().size();
            QTest::qWait(1500);
        }
        const std::vector<SnapshotPtr> moments = fixtureMoments();
        // Their times after the live moments already kept (the history takes a time before the last one as the
        // same moment, and the track then draws them all at one x), and before now (the banner says "ago").
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 after = state->history().timeAt(state->history().size() - 1);
        const qint64 step = std::max<qint64>(1, (now - after) / qint64(moments.size() + 1));
        for (std::size_t i = 0; i < moments.size(); ++i)
            state->ingest(moments[i], after + qint64(i + 1) * step);
        const qsizetype base = state->history().size() - qsizetype(moments.size());
        QCOMPARE(window.currentSnapshot(), moments.back());

        TimelineBar *bar = window.timeline();
        TimelineTrack *track = bar->track();
        QVERIFY(track->isVisible());
        QVERIFY(!bar->isShowingPast());
        auto *live = bar->findChild<QPushButton *>(QStringLiteral("backToLive"));
        QVERIFY(live && !live->isVisible());
        // Moment 2 of the fixture: the container still runs there (it exits at step 2).
        const qsizetype target = base + 2;
        QTest::mouseClick(track, Qt::LeftButton, {}, QPoint(track->xOf(target), track->height() / 2));
        QTRY_COMPARE(window.currentSnapshot().get(), state->history().at(target).get());
        QVERIFY(*window.currentSnapshot() == *moments[2]);
        QVERIFY(bar->isShowingPast());
        QVERIFY2(bar->bannerText().startsWith(QLatin1String("Viewing ")), qPrintable(bar->bannerText()));
        QVERIFY2(bar->bannerText().contains(QLatin1String("ago")), qPrintable(bar->bannerText()));
        QVERIFY(live->isVisible());
        // Every view shows that moment: the table lists its processes (200, the container's, among them).
        QAbstractItemModel *table = window.tableView()->model();
        bool found200 = false;
        for (int r = 0; r < table->rowCount(); ++r)
            found200 = found200 || table->index(r, 0).data().toString() == QLatin1String("200");
        QVERIFY(found200);
        // The charts read the same history: a point for every moment taken, the one shown marked; live moments
        // still come in (a point more) while the past is viewed.
        ChartsPanel *charts = window.chartsPanel();
        QVERIFY(charts->isMarkerShown());
        const int points = charts->pointCount();
        QCOMPARE(points, int(std::min<qsizetype>(state->history().size(), 300)));
        state->ingest(moments.back(), now);
        QCOMPARE(charts->pointCount(), points + 1);
        QVERIFY(bar->isShowingPast());
        // The keyboard steps; End goes back to the latest, which is live again.
        track->setFocus();
        QTest::keyClick(track, Qt::Key_Right);
        QTRY_COMPARE(state->shownIndex(), target + 1);
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(state->isFollowing());
        QCOMPARE(window.currentSnapshot(), moments.back());
        QVERIFY(!bar->isShowingPast());
        QVERIFY(!live->isVisible());
        QVERIFY(!charts->isMarkerShown());
    }

    void changeLogEntryJumpsAndSelects()
    {
        const std::vector<SnapshotPtr> moments = fixtureMoments();
        MainWindow window(moments.front());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (std::size_t i = 1; i < moments.size(); ++i)
            window.showSnapshot(moments[i]);
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("changesDock"));
        QVERIFY(dock);
        dock->show();
        ChangeLogPanel *log = window.changeLog();
        QTableView *view = log->view();
        QTRY_VERIFY(view->model()->rowCount() > 0);
        // The container's process 200 exited at step 2: its entry shows the moment before, 200 selected in it.
        int row = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->index(r, int(ChangeLogModel::Column::Change)).data().toString().startsWith(QLatin1String("pid 200 exited")))
                row = r;
        QVERIFY(row >= 0);
        const qint64 moment = view->model()->index(row, 0).data(ChangeLogModel::MomentRole).toLongLong();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(row, 1)).center());
        HostState *state = window.hostState();
        QCOMPARE(state->shownIndex(), qsizetype(moment - state->firstMomentKept() - 1));
        QVERIFY(window.currentSnapshot()->process(200));
        QCOMPARE(window.detailsPanel()->shownProcess(), 200);
        // The kind filter: only containers.
        log->kindFilter()->setCurrentIndex(1);
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const auto kind = Change::Kind(view->model()->index(r, 0).data(ChangeLogModel::KindRole).toInt());
            QVERIFY(kind == Change::Kind::ContainerStarted || kind == Change::Kind::ContainerStopped);
        }
        QVERIFY(view->model()->rowCount() >= 1);
    }

    void recordingOpensAndPlays()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lesson.nsvizrec"));
        const std::vector<SnapshotPtr> moments = fixtureMoments();
        QVERIFY(fixtures::writeRecording(path, moments));
        MainWindow window(moments.front());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QString error;
        QVERIFY2(window.openSnapshot(path, &error), qPrintable(error)); // File > Open takes either
        HostState *state = window.hostState();
        QCOMPARE(state->source(), HostState::Source::Recording);
        QCOMPARE(state->history().size(), qsizetype(moments.size()));
        QVERIFY(*window.currentSnapshot() == *moments[0]);
        QVERIFY2(window.timeline()->bannerText().startsWith(QLatin1String("Replay ")), qPrintable(window.timeline()->bannerText()));
        auto *speed = window.timeline()->findChild<QComboBox *>(QStringLiteral("timelineSpeed"));
        speed->setCurrentIndex(speed->count() - 1); // 16x
        QTest::mouseClick(window.timeline()->findChild<QWidget *>(QStringLiteral("timelinePlay")), Qt::LeftButton);
        QVERIFY(state->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!state->isPlaying(), 5000); // to the end, not looping
        QVERIFY(*window.currentSnapshot() == *moments.back());
        QVERIFY(window.windowTitle().contains(QLatin1String("lesson.nsvizrec")));
        QCOMPARE(window.chartsPanel()->pointCount(), int(moments.size())); // every moment of the recording

        // A damaged one: not opened as if whole; with acceptPartial, up to its last good moment.
        const QString cut = dir.filePath(QStringLiteral("cut.nsvizrec"));
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schema":"nsviz-recording","version":1})" "\n");
        f.write("{\"time\":\"2023-11-14T22:13:20.000Z\",\"snapshot\":" + writeSnapshotJson(*moments[0]) + "}\n");
        f.write("{\"time\":\"2023-11-14T22:13:21.000Z\",\"delta\":{\"host\":");
        f.close();
        QVERIFY(!window.openSnapshot(cut, &error));
        QVERIFY2(error.contains(QLatin1String("line 3")), qPrintable(error));
        QCOMPARE(state->history().size(), qsizetype(moments.size())); // the view shown is kept
        QVERIFY(window.openRecording(cut, &error, true));
        QCOMPARE(state->history().size(), qsizetype(1));
    }

    void fileOpenReadsOffTheGuiThread()
    {
        // File > Open: the file is read on a pool thread, and shown once it is.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lesson.nsvizrec"));
        const std::vector<SnapshotPtr> moments = fixtureMoments();
        QVERIFY(fixtures::writeRecording(path, moments));
        MainWindow window(moments.front());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // (A small file may be read before the call returns, so whether it is still being read is not asked.)
        window.openFileInteractively(path);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isOpeningFile(), 10000);
        QCOMPARE(window.hostState()->source(), HostState::Source::Recording);
        QCOMPARE(window.hostState()->history().size(), qsizetype(moments.size()));
        QVERIFY(window.windowTitle().contains(QLatin1String("lesson.nsvizrec")));
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestTimeline>(argc, argv, "tst_timeline");
}

#include "tst_timeline.moc"
