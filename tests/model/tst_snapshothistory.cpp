// The live history: bounded by bytes whatever the host's size, cheap on a quiet host (keyframes and deltas), and
// every snapshot it keeps given back exactly as it came, also after the oldest were dropped.
#include "snapshotsequence.h"
#include "synthetichost.h"

#include "live/snapshothistory.h"

#include <QRandomGenerator>

#include <limits>
#include <QTest>

using namespace nsviz;
using nsviz::fixtures::SyntheticHost;


class TestSnapshotHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void givesBackWhatCame()
    {
        fixtures::SnapshotSequence sequence;
        QVERIFY(sequence.isValid());
        std::vector<SnapshotPtr> originals{sequence.scan()};
        for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
            originals.push_back(sequence.step(i));
        SyntheticHost host(400);
        for (int i = 0; i < 300; ++i)
            originals.push_back(host.tick(i % 7));
        SnapshotHistory history(qint64(1) << 40);
        for (const SnapshotPtr &s : originals)
            history.append(s, s->host().time.toMSecsSinceEpoch());
        QCOMPARE(history.size(), qsizetype(originals.size()));
        QVERIFY2(history.keyframes() < history.size() / 10, "mostly deltas");
        for (qsizetype i = 0; i < history.size(); ++i)
            QVERIFY2(*history.at(i) == *originals[std::size_t(i)], qPrintable(QStringLiteral("snapshot %1 came back different").arg(i)));
        QCOMPARE(history.latest(), originals.back());
        // In any order: a rebuild from the keyframe, from the moment rebuilt last, or one step on from it.
        QRandomGenerator rng(11);
        for (int n = 0; n < 200; ++n) {
            const qsizetype i = qsizetype(rng.bounded(int(history.size())));
            QVERIFY2(*history.at(i) == *originals[std::size_t(i)], qPrintable(QStringLiteral("snapshot %1 came back different after a jump").arg(i)));
            if (i + 1 < history.size())
                QVERIFY2(*history.at(i + 1) == *originals[std::size_t(i + 1)], qPrintable(QStringLiteral("snapshot %1 came back different after a step").arg(i + 1)));
        }
    }

    // A recording read in with keyframes further apart than the history allows: moments are made keyframes on
    // the way in, so that scrubbing its replay applies as few deltas as scrubbing live, and all come back as they were.
    void recordedStretchesAreCutShort()
    {
        SyntheticHost host(200);
        std::vector<SnapshotPtr> originals{host.snapshot()};
        SnapshotHistory history(std::numeric_limits<qint64>::max());
        history.appendKeyframe(originals.back(), 0);
        for (int i = 1; i < 700; ++i) {
            originals.push_back(host.tick(i % 5));
            history.appendDelta(SnapshotDelta::between(*originals[std::size_t(i - 1)], *originals.back()), i * 1000);
        }
        QCOMPARE(history.size(), qsizetype(700));
        QVERIFY2(history.keyframes() >= 3 && history.keyframes() <= 4, qPrintable(QStringLiteral("%1 keyframes in 700 moments").arg(history.keyframes())));
        qsizetype run = 0, longest = 0;
        for (qsizetype i = 0; i < history.size(); ++i) {
            run = history.isKeyframe(i) ? 0 : run + 1;
            longest = std::max(longest, run);
            QVERIFY2(*history.at(i) == *originals[std::size_t(i)], qPrintable(QStringLiteral("moment %1 came back different").arg(i)));
            QCOMPARE(history.timeAt(i), qint64(i) * 1000);
        }
        QVERIFY2(longest <= 200, qPrintable(QStringLiteral("%1 deltas in a row").arg(longest)));
    }

    // Bounded by bytes on a large, busy host; the oldest kept is still given back exactly.
    void boundedByBytes()
    {
        SyntheticHost host(2000);
        const qint64 keyframe = estimateBytes(*host.snapshot());
        const qint64 bound = 4 * keyframe;
        SnapshotHistory history(bound);
        std::deque<SnapshotPtr> recent;
        for (int i = 0; i < 300; ++i) {
            const SnapshotPtr s = host.tick(4); // 0.2% of the host starts, 0.2% exits, 0.2% changes, per tick
            history.append(s, s->host().time.toMSecsSinceEpoch());
            recent.push_back(s);
            if (recent.size() > 600)
                recent.pop_front();
            QVERIFY2(history.bytes() <= bound, qPrintable(QStringLiteral("%1 bytes kept, bound %2").arg(history.bytes()).arg(bound)));
        }
        QVERIFY2(history.size() > 60, qPrintable(QStringLiteral("only %1 snapshots in four keyframes' worth").arg(history.size())));
        QVERIFY(*history.at(0) == *recent[recent.size() - std::size_t(history.size())]);
        qInfo("2,000 processes, 0.2%% churn a tick: one snapshot ~%lld KiB; %lld snapshots kept in %lld KiB (bound %lld KiB), %lld of them keyframes; "
              "600 whole snapshots, as before, would take %lld KiB",
              keyframe >> 10, qint64(history.size()), history.bytes() >> 10, bound >> 10, qint64(history.keyframes()), (600 * keyframe) >> 10);

        history.setMaxBytes(0);
        QCOMPARE(history.size(), qsizetype(1));
        QCOMPARE(history.latest(), recent.back());
        QVERIFY(*history.at(0) == *recent.back());
    }

    // What a quiet desktop costs: the issue measured 600 x 35 KB on an 80-process host.
    void quietHostIsCheap()
    {
        SyntheticHost host(80);
        SnapshotHistory history;
        for (int i = 0; i < 600; ++i)
            history.append(host.tick(i % 20 == 0 ? 1 : 0), i * 1000);
        const qint64 whole = estimateBytes(*history.latest());
        qInfo("80 processes: one snapshot ~%lld KiB, 600 of them kept in %lld KiB (%lld keyframes); 600 whole: %lld KiB",
              whole >> 10, history.bytes() >> 10, qint64(history.keyframes()), (600 * whole) >> 10);
        QCOMPARE(history.size(), qsizetype(600));
        QVERIFY(history.bytes() * 5 < 600 * whole);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotHistory)
#include "tst_snapshothistory.moc"
