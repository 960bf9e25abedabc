// HostState, the one owner of the host's state, with scripted sources: every consumer gets the same diff once per
// update; names are put on snapshots from any source (the probe stream, a replayed recording); the timeline shows a
// moment past while new ones keep coming in; the change log says what happened and when; and what was recorded
// replays as the same sequence of snapshots, byte for byte.
#include "snapshotsequence.h"
#include "synthetichost.h"

#include "itemmodels/changelogmodel.h"
#include "live/hoststate.h"
#include "live/recording.h"
#include "snapshot/snapshotjson.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;
using nsviz::fixtures::SyntheticHost;

namespace {

// Counts and checks what one consumer is given.
struct Consumer
{
    std::vector<SnapshotPtr> snapshots;
    std::vector<SnapshotDiff> diffs;
    std::vector<bool> firsts;
    void connectTo(HostState &state)
    {
        QObject::connect(&state, &HostState::updated, [this](const SnapshotPtr &s, const SnapshotDiff &d, bool first) {
            snapshots.push_back(s);
            diffs.push_back(d);
            firsts.push_back(first);
        });
    }
};

bool sameDiff(const SnapshotDiff &a, const SnapshotDiff &b)
{
    return a.processesAdded == b.processesAdded && a.processesRemoved == b.processesRemoved
        && a.namespacesCreated == b.namespacesCreated && a.namespacesDestroyed == b.namespacesDestroyed
        && a.processesChanged.size() == b.processesChanged.size() && a.membershipChanged.size() == b.membershipChanged.size();
}

// A probe stand-in: a shell that prints snapshot lines, then waits for its stdin to close (as the probe does).
QStringList printing(const QString &file)
{
    return {QStringLiteral("-c"), QStringLiteral("cat \"$0\"; exec cat >/dev/null"), file};
}

} // namespace

class TestHostState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyConsumerGetsTheSameDiffOncePerUpdate()
    {
        HostState state;
        Consumer a, b;
        a.connectTo(state);
        b.connectTo(state);
        fixtures::SnapshotSequence sequence;
        std::vector<SnapshotPtr> fed{sequence.scan()};
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
            fed.push_back(sequence.step(i));
        for (std::size_t i = 0; i < fed.size(); ++i)
            state.ingest(fed[i], 1700000000000 + qint64(i) * 1000);
        QCOMPARE(a.snapshots.size(), fed.size());
        QCOMPARE(b.snapshots.size(), fed.size());
        QVERIFY(a.firsts[0] && !a.firsts[1]);
        for (std::size_t i = 0; i < fed.size(); ++i) {
            QCOMPARE(a.snapshots[i], fed[i]); // nothing to name: the very snapshot, not a copy
            QCOMPARE(b.snapshots[i], fed[i]);
            const SnapshotDiff expected = SnapshotDiff::compute(i ? fed[i - 1].get() : nullptr, fed[i].get());
            QVERIFY(sameDiff(a.diffs[i], expected));
            QVERIFY(sameDiff(b.diffs[i], expected));
        }
        QCOMPARE(state.history().size(), qsizetype(fed.size()));
        QCOMPARE(state.momentsTaken(), qint64(fed.size()));
        QVERIFY(state.isFollowing());
    }

    void namesOnProbeStreamSnapshots()
    {
        // The full view's snapshots come from another process: the demo names known here are put on them.
        fixtures::SnapshotSequence sequence;
        const SnapshotPtr s = sequence.scan();
        QTemporaryDir dir;
        const QString lines = dir.filePath(QStringLiteral("stream.jsonl"));
        QFile f(lines);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(writeSnapshotJson(*s) + '\n' + writeSnapshotJson(*s) + '\n');
        f.close();

        HostState state;
        state.setPaused(true); // the live scan of this machine stays out of it
        state.setDemoContainers({{s->process(900)->namespaces.set, 900, QStringLiteral("rootless demo")}});
        state.setEngineNames({{QStringLiteral("0123456789abcdef").repeated(4), QStringLiteral("web-1")}});
        Consumer c;
        c.connectTo(state);
        state.startFullView(QStringLiteral("/bin/sh"), printing(lines));
        QCOMPARE(state.source(), HostState::Source::FullView);
        QTRY_VERIFY_WITH_TIMEOUT(!c.snapshots.empty() && c.snapshots.back()->process(900), 10000);
        const SnapshotPtr shown = c.snapshots.back();
        QVERIFY(shown->process(900)->container);
        QCOMPARE(shown->process(900)->container->name, QStringLiteral("rootless demo"));
        QCOMPARE(shown->process(200)->container->name, QStringLiteral("web-1"));
        QCOMPARE(state.history().latest()->process(900)->container->name, QStringLiteral("rootless demo"));
        state.stopFullView();
        QCOMPARE(state.source(), HostState::Source::Live);
    }

    void timelineShowsThePastWhileTheHostGoesOn()
    {
        HostState state;
        Consumer c;
        c.connectTo(state);
        SyntheticHost host(200, 50);
        host.tickMs = 1000;
        std::vector<SnapshotPtr> fed;
        for (int i = 0; i < 20; ++i) {
            fed.push_back(host.tick(3));
            state.ingest(fed.back());
        }
        state.showMoment(5);
        QVERIFY(!state.isFollowing());
        QCOMPARE(state.shownIndex(), qsizetype(5));
        QVERIFY(*c.snapshots.back() == *fed[5]);
        QVERIFY(sameDiff(c.diffs.back(), SnapshotDiff::compute(fed[19].get(), fed[5].get()))); // from what was shown
        QCOMPARE(state.shownTime(), fed[5]->host().time.toMSecsSinceEpoch());
        // New moments are taken in, but the view stays where the user is.
        const std::size_t updates = c.snapshots.size();
        for (int i = 0; i < 5; ++i) {
            fed.push_back(host.tick(3));
            state.ingest(fed.back());
        }
        QCOMPARE(c.snapshots.size(), updates);
        QCOMPARE(state.history().size(), qsizetype(25));
        QCOMPARE(state.shownIndex(), qsizetype(5));
        state.showTime(fed[12]->host().time.toMSecsSinceEpoch() + 400);
        QCOMPARE(state.shownIndex(), qsizetype(12));
        state.step(-2);
        QCOMPARE(state.shownIndex(), qsizetype(10));
        QVERIFY(*c.snapshots.back() == *fed[10]);
        state.follow();
        QVERIFY(state.isFollowing());
        QCOMPARE(c.snapshots.back(), fed.back());
        QVERIFY(sameDiff(c.diffs.back(), SnapshotDiff::compute(fed[10].get(), fed.back().get())));
    }

    void momentsNoLongerShownAreFreed()
    {
        // Stepping through the past rebuilds moments; the ones left behind are freed (off the GUI thread), not kept.
        HostState state;
        SyntheticHost host(300, 60);
        host.tickMs = 1000;
        for (int i = 0; i < 30; ++i)
            state.ingest(host.tick(4));
        std::vector<std::weak_ptr<const Snapshot>> left;
        for (int i = 2; i < 20; ++i) {
            state.showMoment(i);
            QVERIFY(state.shown());
            QCOMPARE(state.shown()->processes().size(), state.history().at(i)->processes().size());
            left.emplace_back(state.shown());
        }
        left.pop_back(); // the one shown
        QTRY_VERIFY(std::all_of(left.cbegin(), left.cend(), [](const auto &w) { return w.expired(); }));
        QCOMPARE(state.shownIndex(), qsizetype(19));
    }

    void playingTheHistoryCatchesUpWithLive()
    {
        HostState state;
        SyntheticHost host(100, 20);
        host.tickMs = 100;
        for (int i = 0; i < 12; ++i)
            state.ingest(host.tick(2));
        state.showMoment(2);
        state.setSpeed(16);
        state.play();
        QVERIFY(state.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(state.isFollowing(), 5000);
        QVERIFY(!state.isPlaying());
    }

    void changeLogSaysWhatHappened()
    {
        HostState state;
        SyntheticHost host(60, 20);
        host.tickMs = 1000;
        state.ingest(host.snapshot());
        QCOMPARE(state.changes().size(), qsizetype(0)); // the first moment is not a change
        host.stopContainer();
        const SnapshotPtr after = host.snapshot();
        QSignalSpy added(&state, &HostState::changesAdded);
        state.ingest(after, 1700000005000);
        QCOMPARE(added.count(), 1);
        int stopped = 0, exited = 0, destroyed = 0;
        for (qsizetype i = 0; i < state.changes().size(); ++i) {
            const Change &ch = state.changes().at(i);
            QCOMPARE(ch.moment, qint64(1));
            QCOMPARE(ch.time, qint64(1700000005000));
            stopped += ch.kind == Change::Kind::ContainerStopped;
            exited += ch.kind == Change::Kind::ProcessExited;
            destroyed += ch.kind == Change::Kind::NamespaceDestroyed;
            if (ch.kind == Change::Kind::ProcessExited)
                QVERIFY2(!ch.container.isEmpty(), qPrintable(ch.text));
        }
        QCOMPARE(stopped, 1);
        QCOMPARE(exited, 4);
        QCOMPARE(destroyed, 8);
    }

    void recordedSessionReplaysTheSameMoments()
    {
        QTemporaryDir dir;
        fixtures::SnapshotSequence sequence;
        std::vector<SnapshotPtr> fed{sequence.scan()};
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
            fed.push_back(sequence.step(i));
        const QString lines = dir.filePath(QStringLiteral("stream.jsonl"));
        QFile f(lines);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (const SnapshotPtr &s : fed)
            f.write(writeSnapshotJson(*s) + '\n');
        f.close();

        const QString path = dir.filePath(QStringLiteral("class.nsvizrec"));
        std::vector<QByteArray> shownLive;
        {
            HostState state;
            state.setPaused(true);
            state.setDemoContainers({{fed[0]->process(900)->namespaces.set, 900, QStringLiteral("demo")}});
            QString error;
            connect(&state, &HostState::updated, this, [&](const SnapshotPtr &s) { shownLive.push_back(writeSnapshotJson(*s)); });
            state.startFullView(QStringLiteral("/bin/sh"), printing(lines));
            QTRY_COMPARE_WITH_TIMEOUT(shownLive.size(), fed.size(), 10000);
            // A folder that is not there: said at once, and nothing is recording.
            const QString nowhere = dir.filePath(QStringLiteral("no/such/folder/x.nsvizrec"));
            QVERIFY(!state.startRecording(nowhere, &error));
            QVERIFY2(error.contains(nowhere), qPrintable(error));
            QVERIFY(!state.isRecording());
            QVERIFY2(state.startRecording(path, &error), qPrintable(error));
            QVERIFY(state.isRecording());
            // The recording starts with the host as it is, then takes each moment: three more, scripted.
            for (int i = 0; i < 3; ++i)
                state.ingest(fed[std::size_t(i)], 1700000100000 + i * 1000);
            QVERIFY(state.waitForRecording());
            state.stopRecording();
            QVERIFY(!state.isRecording());
            QVERIFY2(state.recordingError().isEmpty(), qPrintable(state.recordingError()));
            QCOMPARE(state.recordedMoments(), qint64(4));
        }
        const std::vector<QByteArray> recorded(shownLive.end() - 4, shownLive.end());

        const Recording r = readRecording(path);
        QVERIFY2(r.ok(), qPrintable(r.error));
        HostState replay;
        Consumer c;
        c.connectTo(replay);
        QSignalSpy reset(&replay, &HostState::reset);
        replay.showRecording(r);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(replay.source(), HostState::Source::Recording);
        QCOMPARE(replay.history().size(), qsizetype(4));
        QVERIFY(!replay.isFollowing());
        QCOMPARE(replay.shownIndex(), qsizetype(0));
        QVERIFY(c.firsts.at(0));
        for (int i = 1; i < 4; ++i)
            replay.step(1);
        QCOMPARE(c.snapshots.size(), std::size_t(4));
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY2(writeSnapshotJson(*c.snapshots[i]) == recorded[i], qPrintable(QStringLiteral("moment %1").arg(i)));
        // Its change log is there as live: the container's net namespace that went, among others.
        QVERIFY(replay.changes().size() > 0);
        // Played through at 16x, and looped.
        replay.setLoop(true);
        replay.setSpeed(16);
        replay.play();
        QTRY_VERIFY_WITH_TIMEOUT(c.snapshots.size() >= 10, 10000);
        QVERIFY(replay.isPlaying());
        replay.pause();
        // A recording is held whole; the next source is bounded again, by what was asked for meanwhile too.
        QCOMPARE(replay.history().maxBytes(), std::numeric_limits<qint64>::max());
        replay.setHistoryBytes(qint64(8) << 20);
        replay.showSnapshot(fed[0]);
        QCOMPARE(replay.history().maxBytes(), qint64(8) << 20);
    }

    void changeLogModelFollowsTheLog()
    {
        // Rows appended as moments come, dropped from the top as the history lets old moments go, reset with a
        // new source: checked by the tester at every step.
        HostState state;
        ChangeLogModel model(&state);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SyntheticHost host(400, 100);
        host.tickMs = 1000;
        state.ingest(host.snapshot());
        state.setHistoryBytes(3 * estimateBytes(*host.snapshot()));
        // Until the bound lets old moments go (deltas are small: that takes a few hundred), and a while after.
        int after = 0;
        for (int i = 0; i < 3000 && after < 50; ++i) {
            if (i % 20 == 10)
                host.stopContainer();
            state.ingest(host.tick(6));
            QCOMPARE(model.rowCount(), int(state.changes().size()));
            after += state.firstMomentKept() > 0;
        }
        QVERIFY2(state.firstMomentKept() > 0, "the bound let old moments go");
        QVERIFY(state.changes().dropped() > 0);
        const QModelIndex first = model.index(0, 0);
        QVERIFY(first.data(ChangeLogModel::MomentRole).toLongLong() >= state.firstMomentKept());
        state.showMoment(3);
        const qint64 shown = state.firstMomentKept() + 3;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex i = model.index(r, 0);
            QCOMPARE(i.data(ChangeLogModel::ShownRole).toBool(), i.data(ChangeLogModel::MomentRole).toLongLong() == shown);
        }
        // Stepping the moment shown announces the rows of the moment left and of the one now shown, no others:
        // a replay steps many times a second over a long log.
        const auto shownRows = [&] {
            QList<bool> rows;
            for (int r = 0; r < model.rowCount(); ++r)
                rows.append(model.index(r, 0).data(ChangeLogModel::ShownRole).toBool());
            return rows;
        };
        int stepsWithRows = 0;
        for (int step = 4; step < 40; ++step) {
            const QList<bool> before = shownRows();
            QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
            state.showMoment(step);
            const QList<bool> now = shownRows();
            QList<bool> announced(model.rowCount(), false);
            for (const QList<QVariant> &args : changed) {
                const QModelIndex from = args.at(0).toModelIndex(), to = args.at(1).toModelIndex();
                QCOMPARE(args.at(2).value<QList<int>>(), QList<int>{ChangeLogModel::ShownRole});
                for (int r = from.row(); r <= to.row(); ++r)
                    announced[r] = true;
            }
            for (int r = 0; r < model.rowCount(); ++r)
                QCOMPARE(announced[r], before[r] || now[r]);
            stepsWithRows += now.contains(true);
        }
        QVERIFY2(stepsWithRows > 10, "most moments stepped through have entries of their own");
        state.showSnapshot(host.snapshot());
        QCOMPARE(model.rowCount(), 0);
    }

    void recordingOnlyWhatIsLive()
    {
        HostState state;
        fixtures::SnapshotSequence sequence;
        state.showSnapshot(sequence.scan());
        QCOMPARE(state.source(), HostState::Source::File);
        QTemporaryDir dir;
        QString error;
        QVERIFY(!state.startRecording(dir.filePath(QStringLiteral("x.nsvizrec")), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHostState)
#include "tst_hoststate.moc"
