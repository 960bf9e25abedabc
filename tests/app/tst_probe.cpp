// nsviz-probe's command line on a fixture proc tree: output, streaming, ending, and refusing bad arguments.
#include "fixtures.h"

#include "snapshot/snapshotjson.h"

#include <QProcess>
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
