// `nsviz record` and `nsviz export --from RECORDING --at TIME` as a user runs them: a recording of this host for a
// second or until Ctrl-C, put in place whole; one of its moments exported; bad arguments and unsafe targets refused
// with exit 2 or 1 and nothing left behind.
#include "live/recording.h"
#include "live/snapshothistory.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace nsviz;

class TestRecordCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Run
    {
        int code = -1;
        QString err;
    };
    static Run run(const QStringList &args, int timeoutMs = 60000)
    {
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void recordForASecondThenExportAMoment()
    {
        const QString rec = path(QStringLiteral("host.nsvizrec"));
        const Run r = run({QStringLiteral("record"), QStringLiteral("-o"), rec, QStringLiteral("--for"), QStringLiteral("1.2"),
                           QStringLiteral("--interval"), QStringLiteral("200")});
        // 3: recorded, but some scan was incomplete (a container runtime's process hidden even from root, say).
        QVERIFY2(r.code == 0 || r.code == 3, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("moments in")), qPrintable(r.err));
        const Recording recording = readRecording(rec);
        QVERIFY2(recording.ok(), qPrintable(recording.error));
        QVERIFY(recording.moments->size() >= 3);
        QCOMPARE(recording.source, QStringLiteral("the live host"));

        const QString png = path(QStringLiteral("moment.png"));
        Run e = run({QStringLiteral("export"), QStringLiteral("--from"), rec, QStringLiteral("--at"), QStringLiteral("0.5"), QStringLiteral("-o"), png});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        QFile f(png);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(4) == QByteArray("\x89PNG"));
        e = run({QStringLiteral("export"), QStringLiteral("--from"), rec, QStringLiteral("--at"), QStringLiteral("soon"), QStringLiteral("-o"), path(QStringLiteral("x.png"))});
        QCOMPARE(e.code, 2);
        QVERIFY2(e.err.contains(QLatin1String("neither seconds from the start nor an RFC 3339 time")), qPrintable(e.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("x.png"))));
        e = run({QStringLiteral("export"), QStringLiteral("--at"), QStringLiteral("1"), QStringLiteral("-o"), path(QStringLiteral("y.png"))});
        QCOMPARE(e.code, 2);
    }

    void ctrlCEndsItCleanly()
    {
        const QString rec = path(QStringLiteral("ctrl-c.nsvizrec"));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("record"), QStringLiteral("-o"), rec, QStringLiteral("--interval"), QStringLiteral("200")});
        QVERIFY(p.waitForStarted());
        p.waitForReadyRead(10000); // "recording to ..." once the first scan is in
        QTest::qWait(700);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0 || p.exitCode() == 3, qPrintable(err));
        const Recording recording = readRecording(rec);
        QVERIFY2(recording.ok(), qPrintable(recording.error)); // closed, not cut short
        QVERIFY(recording.moments->size() >= 2);
    }

    void refusals()
    {
        Run r = run({QStringLiteral("record"), QStringLiteral("--for"), QStringLiteral("1")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("-o FILE")), qPrintable(r.err));
        r = run({QStringLiteral("record"), QStringLiteral("-o"), path(QStringLiteral("a.nsvizrec")), QStringLiteral("--interval"), QStringLiteral("5")});
        QCOMPARE(r.code, 2);
        r = run({QStringLiteral("record"), QStringLiteral("-o"), path(QStringLiteral("a.nsvizrec")), QStringLiteral("--for"), QStringLiteral("-3")});
        QCOMPARE(r.code, 2);
        QVERIFY(!QFile::exists(path(QStringLiteral("a.nsvizrec"))));
        // A link as the target: refused, and what it points to is never created.
        const QString link = path(QStringLiteral("link.nsvizrec"));
        QVERIFY(QFile::link(path(QStringLiteral("victim")), link));
        r = run({QStringLiteral("record"), QStringLiteral("-o"), link, QStringLiteral("--for"), QStringLiteral("1")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(link), qPrintable(r.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("victim"))));
        // A folder that is not there.
        r = run({QStringLiteral("record"), QStringLiteral("-o"), path(QStringLiteral("no/such/r.nsvizrec")), QStringLiteral("--for"), QStringLiteral("1")});
        QCOMPARE(r.code, 1);
    }
};

QTEST_GUILESS_MAIN(TestRecordCli)
#include "tst_recordcli.moc"
