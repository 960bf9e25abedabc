// Deltas and recordings: a delta turns one snapshot into the next exactly, reads back from JSON as it was written,
// and refuses what does not fit; a recording replays every moment byte for byte, and a bad one (cut short, wrong
// version, a delta before any snapshot, ids that refer to nothing, not a recording at all, too large) is said in
// words that name the line, with the moments before it kept.
#include "recordings.h"
#include "snapshotsequence.h"
#include "synthetichost.h"

#include "live/recording.h"
#include "live/snapshothistory.h"
#include "snapshot/processpack.h"
#include "snapshot/snapshotdelta.h"
#include "snapshot/snapshotdiff.h"
#include "snapshot/snapshotjson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;
using nsviz::fixtures::SyntheticHost;

namespace {

// Snapshots that change in every way a host does: the fixture's steps (namespaces joined, a container gone, an fd
// holder gone) and a busy made-up host with containers stopping.
std::vector<SnapshotPtr> sequence(int busyTicks)
{
    std::vector<SnapshotPtr> out;
    fixtures::SnapshotSequence fixture;
    out.push_back(fixture.scan());
    for (int i = 0; i < fixtures::SnapshotSequence::stepCount(); ++i)
        out.push_back(fixture.step(i));
    SyntheticHost host(300, 100);
    host.tickMs = 1000;
    for (int i = 0; i < busyTicks; ++i) {
        if (i % 50 == 25)
            host.stopContainer();
        out.push_back(host.tick(i % 5));
    }
    return out;
}

QByteArray header(int version = RecordingSchemaVersion)
{
    return QByteArray(R"({"schema":"nsviz-recording","version":)") + QByteArray::number(version)
        + R"(,"source":"test","started":"2026-12-02T10:00:00.000Z"})";
}

QByteArray momentLine(qint64 seconds, const char *kind, const QByteArray &json)
{
    const QByteArray time = QDateTime::fromSecsSinceEpoch(1700000000 + seconds, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    return "{\"time\":\"" + time + "\",\"" + kind + "\":" + json + '}';
}

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

} // namespace

class TestRecording : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deltaTurnsOneSnapshotIntoTheNext()
    {
        const std::vector<SnapshotPtr> s = sequence(120);
        for (std::size_t i = 1; i < s.size(); ++i) {
            const SnapshotDiff diff = SnapshotDiff::compute(s[i - 1].get(), s[i].get());
            const SnapshotDelta delta = SnapshotDelta::between(*s[i - 1], *s[i], &diff);
            QString error;
            const SnapshotPtr rebuilt = delta.applyTo(*s[i - 1], &error);
            QVERIFY2(rebuilt, qPrintable(error));
            QVERIFY2(*rebuilt == *s[i], qPrintable(QStringLiteral("moment %1 rebuilt differently").arg(i)));
            const SnapshotPtr merged = delta.applyInOrder(*s[i - 1]); // stepping a replay on
            QVERIFY2(merged && *merged == *s[i], qPrintable(QStringLiteral("moment %1 merged differently").arg(i)));
            // And as JSON, in the recording's spelling: the same delta comes back.
            const QJsonDocument doc = QJsonDocument::fromJson(writeDeltaJson(delta));
            QVERIFY(doc.isObject());
            const std::optional<SnapshotDelta> read = readDeltaObject(doc.object(), &error);
            QVERIFY2(read, qPrintable(error));
            QVERIFY(*read == delta);
        }
    }

    // What the history keeps: deltas with their processes packed (processpack.h). Every field comes back, a packed
    // delta applies as the unpacked one, and a chain of them rebuilds every moment.
    void packedProcessesComeBackWhole()
    {
        ProcessInfo odd;
        odd.pid = 2147483647;
        odd.ppid = 1;
        odd.tgid = 2147483647;
        odd.comm = QStringLiteral("<b>ünï</b>\x1b[31m");
        odd.cmdline = {QStringLiteral("/bin/sh"), QString(), QStringLiteral("a b\nc"), QString(300, QChar(0x4e2d))};
        odd.uid = 4294967295u;
        odd.state = QStringLiteral("Z");
        odd.startTime = ~quint64(0);
        odd.nspid = {2147483647, 1, -5};
        odd.namespaces.set.ids = {1, 2, 4026531835, ~quint64(0), 0, 6, 7, 8};
        odd.namespaces.pidForChildren = 0; // there, and zero: not the same as absent
        odd.namespaces.timeForChildren = ~quint64(0);
        odd.threadsInOtherNamespaces = {ThreadNamespaces{-3, odd.namespaces}};
        odd.container = ContainerLabel{QStringLiteral("podman"), QString(64, QLatin1Char('f')), QString()};
        ProcessInfo plain;
        plain.pid = 7;
        std::vector<ProcessInfo> all{odd, plain, odd};
        all[2].pid = 8;
        all[2].container.reset();
        all[2].namespaces.pidForChildren.reset();
        const QByteArray packed = packProcesses(all);
        std::vector<ProcessInfo> back;
        QVERIFY(unpackProcesses(packed, [&back](ProcessInfo &&p) { back.push_back(std::move(p)); }));
        QVERIFY(back == all);
        QList<qint32> pids;
        QVERIFY(visitPackedProcesses(packed, [&](qint32 pid, qsizetype offset) {
            pids.append(pid);
            ProcessInfo one;
            QVERIFY(unpackProcessAt(packed, offset, &one));
            QCOMPARE(one.pid, pid);
        }));
        QCOMPARE(pids, (QList<qint32>{2147483647, 7, 8}));
        // Cut short anywhere, or flipped: refused, never read past the end (ASan watches), the good records first.
        for (qsizetype cut = 0; cut < packed.size(); ++cut) {
            int good = 0;
            const QByteArray part = packed.left(cut);
            const bool ok = unpackProcesses(part, [&good](ProcessInfo &&) { ++good; });
            QVERIFY2(!ok || good < 3, qPrintable(QString::number(cut)));
        }
        for (qsizetype i = 0; i < packed.size(); i += 7) {
            QByteArray bad = packed;
            bad[i] = char(bad[i] ^ 0xff);
            unpackProcesses(bad, [](ProcessInfo &&) {});
            visitPackedProcesses(bad, [&bad](qint32, qsizetype offset) {
                ProcessInfo p;
                unpackProcessAt(bad, offset, &p);
            });
        }
        QVERIFY(!unpackProcessAt(packed, packed.size(), nullptr));
    }

    void packedDeltasRebuildEveryMoment()
    {
        const std::vector<SnapshotPtr> s = sequence(120);
        SnapshotBuilder chain(*s.front());
        qint64 packedBytes = 0, unpackedBytes = 0;
        for (std::size_t i = 1; i < s.size(); ++i) {
            SnapshotDelta delta = SnapshotDelta::between(*s[i - 1], *s[i]);
            unpackedBytes += delta.estimateBytes();
            const std::vector<ProcessInfo> processes = delta.processes;
            const SnapshotDelta unpacked = delta;
            delta.pack();
            QVERIFY(delta == unpacked);
            QCOMPARE(writeDeltaJson(delta), writeDeltaJson(unpacked));
            packedBytes += delta.estimateBytes();
            QVERIFY(delta.processes.empty());
            QVERIFY(delta.unpackedProcesses() == processes);
            QString error;
            const SnapshotPtr once = delta.applyTo(*s[i - 1], &error); // checked, as a recording's delta is
            QVERIFY2(once && *once == *s[i], qPrintable(error));
            QVERIFY(*delta.applyInOrder(*s[i - 1]) == *s[i]);
            QVERIFY(chain.apply(delta, &error, true));
            if (i % 10 == 0 || i + 1 == s.size()) {
                const SnapshotPtr rebuilt = chain.build(&error);
                QVERIFY2(rebuilt && *rebuilt == *s[i], qPrintable(QStringLiteral("moment %1: %2").arg(i).arg(error)));
            }
        }
        QVERIFY2(packedBytes * 3 < unpackedBytes * 2, qPrintable(QStringLiteral("%1 packed, %2 not").arg(packedBytes).arg(unpackedBytes)));
    }

    // A pid the kernel gave out again, and a namespace gone while another of the same inode number came (nsfs
    // reuses them): the checked rebuild and the ordered merge agree, and both give the moment after.
    void reusedPidsAndInodesMergeAsTheyRebuild()
    {
        fixtures::SnapshotSequence fixture;
        const SnapshotPtr before = fixture.scan();
        std::vector<ProcessInfo> ps = before->processes();
        std::vector<NamespaceInfo> ns = before->namespaces();
        QVERIFY(ps.size() > 3);
        ProcessInfo &reused = ps[ps.size() / 2];
        reused.startTime += 1000; // another process with the same pid
        reused.comm = QStringLiteral("again");
        ProcessInfo born = ps.back();
        born.pid += 1000; // after every pid there
        born.comm = QStringLiteral("last");
        ps.push_back(born);
        ProcessInfo first = ps.front();
        first.pid = 0; // before every pid there (0 is not a real one, but it sorts first)
        ps.insert(ps.begin(), first);
        ps.erase(ps.begin() + 2); // one gone
        const SnapshotPtr after = std::make_shared<const Snapshot>(before->host(), ps, ns);
        const SnapshotDelta delta = SnapshotDelta::between(*before, *after);
        QString error;
        const SnapshotPtr rebuilt = delta.applyTo(*before, &error);
        QVERIFY2(rebuilt && *rebuilt == *after, qPrintable(error));
        QVERIFY(*delta.applyInOrder(*before) == *after);

        // By hand: the namespace of the first type removed, and one with its number (new details) in the same delta.
        SnapshotDelta swap;
        swap.host = before->host();
        NamespaceInfo again = before->namespaces().back();
        again.details.insert(QStringLiteral("note"), QStringLiteral("a new one"));
        swap.removedNamespaces = {again.id};
        swap.namespaces = {again};
        const SnapshotPtr viaBuilder = swap.applyTo(*before, &error);
        QVERIFY2(viaBuilder, qPrintable(error));
        QVERIFY(viaBuilder->findNamespace(again.id) && viaBuilder->findNamespace(again.id)->details == again.details);
        QVERIFY(*swap.applyInOrder(*before) == *viaBuilder);

        // An inode reused by a namespace of another type (the old one gone, its number free again), and edits on
        // a namespace given whole: both ways of applying agree.
        const NamespaceInfo &old = before->namespaces().front();
        SnapshotDelta reuse;
        reuse.host = before->host();
        NamespaceInfo other = old;
        other.type = old.type == NamespaceType::Uts ? NamespaceType::Ipc : NamespaceType::Uts;
        other.initial = false;
        other.processes.clear();
        other.tasks.clear();
        reuse.namespaces = {other};
        SnapshotDelta::MemberEdit edit;
        edit.id = other.id;
        edit.pid = before->processes().front().pid;
        edit.what = SnapshotDelta::MemberEdit::ProcessAdded | SnapshotDelta::MemberEdit::TaskAdded;
        reuse.members = {edit};
        SnapshotBuilder builder(*before);
        QVERIFY(builder.apply(reuse, &error, true));
        const SnapshotPtr built = builder.build(&error);
        QVERIFY2(built, qPrintable(error));
        const SnapshotPtr merged = reuse.applyInOrder(*before);
        QCOMPARE(merged->namespaces().size(), before->namespaces().size());
        QVERIFY(merged->findNamespace(other.id) && merged->findNamespace(other.id)->type == other.type);
        QCOMPARE(merged->findNamespace(other.id)->processes, QList<qint32>{edit.pid});
        QVERIFY(*merged == *built);
    }

    void membersChangeAsEditsNotWholeLists()
    {
        // The host's own namespaces hold 2,000 processes and change on every tick; a delta says who came and went.
        SyntheticHost host(2500, 2000);
        const SnapshotPtr a = host.snapshot();
        const SnapshotPtr b = host.tick(5);
        const SnapshotDelta delta = SnapshotDelta::between(*a, *b);
        for (const NamespaceInfo &n : delta.namespaces)
            QVERIFY2(n.processes.size() < 100, qPrintable(QStringLiteral("namespace %1 written whole, %2 members").arg(n.id).arg(n.processes.size())));
        QVERIFY(!delta.members.empty());
        QVERIFY2(delta.members.size() < 200, qPrintable(QString::number(delta.members.size())));
        // A single-threaded process is one edit, its task and its process at once.
        for (const SnapshotDelta::MemberEdit &e : delta.members)
            QVERIFY(e.what == (SnapshotDelta::MemberEdit::TaskAdded | SnapshotDelta::MemberEdit::ProcessAdded)
                    || e.what == (SnapshotDelta::MemberEdit::TaskRemoved | SnapshotDelta::MemberEdit::ProcessRemoved));
        QVERIFY(writeDeltaJson(delta).size() < 20'000);
        QVERIFY(*delta.applyTo(*a) == *b);
    }

    void deltaThatDoesNotFitIsRefused()
    {
        fixtures::SnapshotSequence fixture;
        const SnapshotPtr s = fixture.scan();
        auto refused = [&](const SnapshotDelta &d, const char *expected) {
            QString error;
            if (d.applyTo(*s, &error))
                return QStringLiteral("applied");
            return error.contains(QLatin1String(expected)) ? QString() : error;
        };
        SnapshotDelta d;
        d.host = s->host();
        d.removedPids = {99999};
        QCOMPARE(refused(d, "process 99999 is not in the snapshot before"), QString());

        d = {};
        d.members.push_back({12345, 7, SnapshotDelta::MemberEdit::TaskAdded});
        QCOMPARE(refused(d, "namespace 12345 is not in the snapshot before"), QString());

        d = {};
        d.members.push_back({fixtures::basic::hostNet, 424242, SnapshotDelta::MemberEdit::TaskRemoved});
        QCOMPARE(refused(d, "removes a member"), QString());

        d = {};
        d.members.push_back({fixtures::basic::hostNet, 9, SnapshotDelta::MemberEdit::TaskAdded});
        d.members.push_back({fixtures::basic::hostNet, 3, SnapshotDelta::MemberEdit::TaskAdded});
        QCOMPARE(refused(d, "not in order"), QString());

        d = {};
        ProcessInfo stray = *s->process(100);
        stray.pid = 4242;
        stray.namespaces.set[NamespaceType::Net] = 777;
        d.processes.push_back(stray);
        QCOMPARE(refused(d, "namespace 777 is in neither snapshot"), QString());

        d = {};
        d.removedNamespaces = {fixtures::basic::hostNet};
        QCOMPARE(refused(d, "still holds process"), QString());
    }

    void recordThenReplayGivesBackEveryMomentByteForByte()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.nsvizrec"));
        // 700 moments: past the 600 deltas after which the writer puts in another keyframe.
        const std::vector<SnapshotPtr> s = sequence(700);
        RecordingWriter writer(path);
        QVERIFY2(writer.open(QStringLiteral("test host")), qPrintable(writer.errorString()));
        QVERIFY(!QFile::exists(path)); // put in place only when finished
        for (std::size_t i = 0; i < s.size(); ++i) {
            const qint64 t = 1700000000000 + qint64(i) * 1000;
            if (i == 0) {
                QVERIFY(writer.write(*s[i], nullptr, t));
            } else {
                const SnapshotDelta d = SnapshotDelta::between(*s[i - 1], *s[i]);
                QVERIFY(writer.write(*s[i], &d, t));
            }
        }
        QVERIFY2(writer.finish(), qPrintable(writer.errorString()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.peek(2), QByteArray("\x1f\x8b", 2)); // gzip: zcat shows its lines

        const Recording r = readRecording(path);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.source, QStringLiteral("test host"));
        QCOMPARE(r.moments->size(), qsizetype(s.size()));
        QVERIFY(r.moments->keyframes() >= 2);
        for (qsizetype i = 0; i < r.moments->size(); ++i) {
            QCOMPARE(r.moments->timeAt(i), 1700000000000 + qint64(i) * 1000);
            QVERIFY2(writeSnapshotJson(*r.moments->at(i)) == writeSnapshotJson(*s[std::size_t(i)]),
                     qPrintable(QStringLiteral("moment %1 replays differently").arg(i)));
        }
        // Out of order too (a timeline scrubbed back and forth).
        for (qsizetype i : {qsizetype(650), qsizetype(3), qsizetype(400), qsizetype(401), qsizetype(0), qsizetype(704)})
            QVERIFY(*r.moments->at(i) == *s[std::size_t(i)]);
        QCOMPARE(r.moments->indexAt(1700000000000 + 42'500), qsizetype(42));
        QVERIFY2(writer.bytesWritten() * 5 < writer.bytesUncompressed(), "compressed");
        QVERIFY(looksLikeRecording(path));
    }

    void badRecordingsAreSaidByLine_data()
    {
        fixtures::SnapshotSequence fixture;
        const SnapshotPtr a = fixture.scan();
        const SnapshotPtr b = fixture.step(0);
        const SnapshotPtr c = fixture.step(2);
        const QByteArray keyframe = momentLine(0, "snapshot", writeSnapshotJson(*a));
        const QByteArray delta1 = momentLine(1, "delta", writeDeltaJson(SnapshotDelta::between(*a, *b)));
        const QByteArray delta2 = momentLine(2, "delta", writeDeltaJson(SnapshotDelta::between(*b, *c)));
        SnapshotDelta stray;
        stray.host = b->host();
        stray.removedPids = {99999};
        const QByteArray strayLine = momentLine(2, "delta", writeDeltaJson(stray));
        const QByteArray end = R"({"end":"2023-11-14T22:13:22.000Z","moments":3})";

        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("goodMoments");
        QTest::newRow("whole, uncompressed") << (header() + '\n' + keyframe + '\n' + delta1 + '\n' + delta2 + '\n' + end + '\n') << QString() << 3;
        QTest::newRow("no closing line") << (header() + '\n' + keyframe + '\n' + delta1 + '\n') << QString() << 2;
        QTest::newRow("last line cut short") << (header() + '\n' + keyframe + '\n' + delta1 + '\n' + delta2.left(delta2.size() / 2))
                                             << QStringLiteral("line 4: cut short") << 2;
        QTest::newRow("wrong version") << (header(7) + '\n' + keyframe + '\n') << QStringLiteral("line 1: unsupported version 7") << 0;
        QTest::newRow("delta before a snapshot") << (header() + '\n' + delta1 + '\n') << QStringLiteral("line 2: a delta before any snapshot") << 0;
        QTest::newRow("ids that refer to nothing") << (header() + '\n' + keyframe + '\n' + delta1 + '\n' + strayLine + '\n')
                                                   << QStringLiteral("line 4: delta.removedPids: process 99999 is not in the snapshot before") << 2;
        QTest::newRow("a snapshot, not a recording") << (writeSnapshotJson(*a) + '\n') << QStringLiteral("line 1: this is a snapshot, not a recording") << 0;
        QTest::newRow("not JSON") << (header() + '\n' + keyframe + "\n{nope\n" + delta1 + '\n') << QStringLiteral("line 3: not valid JSON") << 1;
        QTest::newRow("time goes back") << (header() + '\n' + momentLine(5, "snapshot", writeSnapshotJson(*a)) + '\n' + delta1 + '\n')
                                        << QStringLiteral("line 3: time:") << 1;
        QTest::newRow("bad value in a delta") << (header() + '\n' + keyframe + '\n' + momentLine(1, "delta", R"({"host":{"hostname":"h"},"removedPids":["x"]})") + '\n')
                                              << QStringLiteral("line 3: delta.removedPids[0]: \"x\" is not a valid integer") << 1;
        QTest::newRow("empty") << QByteArray() << QStringLiteral("is empty") << 0;
        QTest::newRow("after the end") << (header() + '\n' + keyframe + '\n' + end + '\n' + delta1 + '\n') << QStringLiteral("line 4: more after the closing line") << 1;
    }

    void badRecordingsAreSaidByLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        QFETCH(int, goodMoments);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.nsvizrec"));
        QVERIFY(writeText(path, text));
        const Recording r = readRecording(path);
        QVERIFY(r.moments);
        QCOMPARE(int(r.moments->size()), goodMoments);
        if (error.isEmpty()) {
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        } else {
            QVERIFY2(r.error.contains(error), qPrintable(r.error));
            if (goodMoments > 0)
                QVERIFY2(r.error.contains(QLatin1String("the recording is good up to")), qPrintable(r.error));
        }
        QCOMPARE(r.closed, text.contains("\"end\""));
        // Every moment kept is whole.
        for (qsizetype i = 0; i < r.moments->size(); ++i)
            QVERIFY(r.moments->at(i));
    }

    void compressedFileCutShort()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cut.nsvizrec"));
        const std::vector<SnapshotPtr> s = sequence(300);
        QVERIFY(fixtures::writeRecording(path, s));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() * 2 / 3));
        f.close();
        const Recording r = readRecording(path);
        QVERIFY2(r.error.contains(QLatin1String("cut short")), qPrintable(r.error));
        QVERIFY(!r.closed);
        QVERIFY(r.moments->size() > 10);
        QVERIFY(r.moments->size() < qsizetype(s.size()));
        for (qsizetype i = 0; i < r.moments->size(); i += 37)
            QVERIFY(*r.moments->at(i) == *s[std::size_t(i)]);
    }

    void notARecordingAtAll()
    {
        QTemporaryDir dir;
        Recording r = readRecording(dir.path());
        QVERIFY2(r.error.contains(QLatin1String("is not a file")), qPrintable(r.error));
        r = readRecording(dir.filePath(QStringLiteral("missing")));
        QVERIFY2(r.error.contains(QLatin1String("cannot open")), qPrintable(r.error));
        const QString junk = dir.filePath(QStringLiteral("junk.gz"));
        QVERIFY(writeText(junk, QByteArray::fromHex("1f8b0800") + "garbage that is not deflate at all"));
        r = readRecording(junk);
        QVERIFY2(r.error.contains(QLatin1String("damaged")) || r.error.contains(QLatin1String("cut short")), qPrintable(r.error));
        QCOMPARE(r.moments->size(), qsizetype(0));
        QVERIFY(!looksLikeRecording(junk));
    }

    void tooLargeForMemoryStopsWithTheMomentsSoFar()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.nsvizrec"));
        const std::vector<SnapshotPtr> s = sequence(200);
        QVERIFY(fixtures::writeRecording(path, s));
        const Recording r = readRecording(path, 2 * estimateBytes(*s.back()));
        QVERIFY2(r.error.contains(QLatin1String("needs more than")), qPrintable(r.error));
        QVERIFY(r.moments->size() > 1);
        QVERIFY(r.moments->size() < qsizetype(s.size()));
    }

    void writerRefusesATargetThatIsNotAFile()
    {
        QTemporaryDir dir;
        const QString link = dir.filePath(QStringLiteral("link.nsvizrec"));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("elsewhere")), link));
        RecordingWriter writer(link);
        QVERIFY(!writer.open(QStringLiteral("test")));
        QVERIFY2(writer.errorString().contains(link), qPrintable(writer.errorString()));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("elsewhere"))));
    }
};

QTEST_GUILESS_MAIN(TestRecording)
#include "tst_recording.moc"
