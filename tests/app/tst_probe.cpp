// nsviz-probe's command line on a fixture proc tree: output, streaming, ending, and refusing bad arguments.
#include "fixtures.h"

#include "live/probestream.h"
#include "snapshot/snapshotjson.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace nsviz;

class TestProbe : public QObject
{
    Q_OBJECT
private:
    static QString probe() { return QStringLiteral(NSVIZ_PROBE); }

    // Runs the probe to its end; returns (exit code, stdout, stderr).
    static std::tuple<int, QByteArray, QByteArray> run(const QStringList &args)
    {
        QProcess p;
        p.start(probe(), args);
        p.closeWriteChannel();
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            return {-1, {}, {}};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void onceMatchesTheScanner()
    {
        const auto [rc, out, err] = run({QStringLiteral("--once"), QStringLiteral("--proc-root"), fixtures::procBasic()});
        QCOMPARE(rc, 0);
        QVERIFY(out.endsWith('\n'));
        QCOMPARE(out.count('\n'), 1);
        QString error;
        const SnapshotPtr s = readSnapshotJson(out, &error);
        QVERIFY2(s, qPrintable(error));
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        const SnapshotPtr direct = scanProc(options);
        QCOMPARE(s->processes(), direct->processes());
        QCOMPARE(s->namespaces().size(), direct->namespaces().size());
        QCOMPARE(s->host().hostname, QStringLiteral("fixture-host"));
    }

    void streamUntilStdinCloses()
    {
        QProcess p;
        p.start(probe(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50"),
                          QStringLiteral("--proc-root"), fixtures::procBasic()});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') >= 3, 10000);
        for (const QByteArray &line : out.split('\n')) {
            if (line.isEmpty())
                continue;
            QString error;
            QVERIFY2(readSnapshotJson(line, &error), qPrintable(error));
        }
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }

    void streamEndsOnSigterm()
    {
        QProcess p;
        p.start(probe(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50"),
                          QStringLiteral("--proc-root"), fixtures::procBasic()});
        QVERIFY(p.waitForStarted());
        QVERIFY(p.waitForReadyRead(10000));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("interval too short") << QStringList{QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("10")}
                                            << QStringLiteral("--interval wants milliseconds");
        QTest::newRow("interval not a number") << QStringList{QStringLiteral("--interval"), QStringLiteral("soon")} << QStringLiteral("--interval wants");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--no-such-option")} << QStringLiteral("Unknown option 'no-such-option'");
        QTest::newRow("both modes") << QStringList{QStringLiteral("--once"), QStringLiteral("--stream")} << QStringLiteral("exclude each other");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << QStringLiteral("unexpected argument 'extra'");
        QTest::newRow("missing proc root") << QStringList{QStringLiteral("--proc-root"), QStringLiteral("/nonexistent")}
                                           << QStringLiteral("cannot read the proc tree '/nonexistent'");
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto [rc, out, err] = run(args);
        QCOMPARE(rc, 2);
        QVERIFY(out.isEmpty());
        QVERIFY2(QString::fromLocal8Bit(err).contains(message), err.constData());
    }

    // What the GUI's full view and remote view use: snapshots arrive as the probe prints them.
    void probeStreamDeliversSnapshots()
    {
        ProbeStream stream;
        QSignalSpy snapshots(&stream, &ProbeStream::snapshotReady);
        QSignalSpy finished(&stream, &ProbeStream::finished);
        stream.start(probe(), {QStringLiteral("--stream"), QStringLiteral("--interval"), QStringLiteral("50"),
                               QStringLiteral("--proc-root"), fixtures::procBasic()});
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 2, 10000);
        QCOMPARE(stream.latest()->host().hostname, QStringLiteral("fixture-host"));
        QVERIFY(stream.isRunning());
        stream.stop();
        QVERIFY(!stream.isRunning());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
    }

    void probeStreamSkipsBadLines()
    {
        ProbeStream stream;
        QSignalSpy snapshots(&stream, &ProbeStream::snapshotReady);
        QSignalSpy problems(&stream, &ProbeStream::problem);
        QSignalSpy finished(&stream, &ProbeStream::finished);
        // A stand-in for a probe: one good line between two bad ones, then it exits with 3.
        stream.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                            QStringLiteral("echo 'not json'; '%1' --once --proc-root '%2'; echo '{\"schema\":\"x\"}'; echo oops >&2; exit 3")
                                                .arg(probe(), fixtures::procBasic())});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(snapshots.count(), 1);
        QCOMPARE(problems.count(), 2);
        QVERIFY(problems.at(0).at(0).toString().contains(QStringLiteral("not valid JSON")));
        QVERIFY(problems.at(1).at(0).toString().contains(QStringLiteral("schema")));
        QCOMPARE(finished.at(0).at(0).toInt(), 3);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("oops"));
    }

    void probeStreamCannotStart()
    {
        ProbeStream stream;
        QSignalSpy finished(&stream, &ProbeStream::finished);
        stream.start(QStringLiteral("/nonexistent/nsviz-probe"), {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("could not start")));
    }

    void help()
    {
        const auto [hrc, hout, herr] = run({QStringLiteral("--help")});
        QCOMPARE(hrc, 0);
        QVERIFY(hout.contains("--stream"));
        QVERIFY(hout.contains("--proc-root"));
    }
};

QTEST_GUILESS_MAIN(TestProbe)
#include "tst_probe.moc"
