// `nsviz export` as a user runs it: from a saved snapshot to each format and view, and the errors for bad
// arguments and bad snapshots (non-zero exit, a message saying what is wrong, no file left behind).
#include "fixtures.h"
#include "sanitizers.h"

#include "io/safefile.h"
#include "snapshot/snapshotjson.h"

#include <QFile>
#include <QImage>
#include <QProcess>

#include <cmath>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace nsviz;

class TestExportCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_snapshot;

    struct Run
    {
        int code = -1;
        QString err;
    };
    Run run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), QStringList{QStringLiteral("export")} + args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ScanOptions options;
        options.procRoot = fixtures::procBasic();
        options.relationLookup = fixtures::basicRelations();
        const SnapshotPtr s = scanProc(options);
        m_snapshot = path(QStringLiteral("fixture.json"));
        QFile f(m_snapshot);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(writeSnapshotJson(*s));
    }

    void formats_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("starts");
        QTest::newRow("svg") << QStringList{} << QStringLiteral("g.svg") << QByteArray("<?xml");
        QTest::newRow("png 2x") << QStringList{QStringLiteral("--scale"), QStringLiteral("2")} << QStringLiteral("g.png") << QByteArray("\x89PNG");
        QTest::newRow("pdf") << QStringList{} << QStringLiteral("g.pdf") << QByteArray("%PDF-");
        QTest::newRow("dot") << QStringList{} << QStringLiteral("g.dot") << QByteArray("// Drawn by nsviz");
        QTest::newRow("json") << QStringList{} << QStringLiteral("s.json") << QByteArray("{");
        QTest::newRow("tree") << QStringList{QStringLiteral("--view"), QStringLiteral("tree")} << QStringLiteral("tree.svg") << QByteArray("<?xml");
        QTest::newRow("matrix") << QStringList{QStringLiteral("--view"), QStringLiteral("matrix"), QStringLiteral("--hide-host")} << QStringLiteral("m.png") << QByteArray("\x89PNG");
        QTest::newRow("types") << QStringList{QStringLiteral("--types"), QStringLiteral("net,pid"), QStringLiteral("--format"), QStringLiteral("svg")} << QStringLiteral("typed.out") << QByteArray("<?xml");
    }
    void formats()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, file);
        QFETCH(QByteArray, starts);
        const Run r = run(QStringList{QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), path(file)} + args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(path(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY(data.startsWith(starts));
        if (file == QLatin1String("g.svg"))
            QVERIFY(data.contains(QByteArray::number(fixtures::basic::dockerNet)));
        if (file == QLatin1String("typed.out")) {
            QVERIFY(data.contains(QByteArray::number(fixtures::basic::dockerNet)));
            QVERIFY(!data.contains(QByteArray::number(fixtures::basic::dockerMnt))); // mnt was not asked for
        }
        if (file == QLatin1String("s.json")) {
            QString error;
            QVERIFY2(readSnapshotJson(data, &error), qPrintable(error));
        }
    }

    // --presentation: presentation mode's look on a 16:9 slide, the dark ground with --dark; --page still decides.
    void presentationLook()
    {
        const QString light = path(QStringLiteral("slide.png")), dark = path(QStringLiteral("slide-dark.png")),
                      a4 = path(QStringLiteral("slide-a4.png"));
        Run r = run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), light, QStringLiteral("--presentation")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), dark, QStringLiteral("--presentation"), QStringLiteral("--dark")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), a4, QStringLiteral("--presentation"), QStringLiteral("--page"), QStringLiteral("a4")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage l(light), d(dark), p(a4);
        QVERIFY(!l.isNull() && !d.isNull() && !p.isNull());
        QVERIFY2(std::abs(double(l.width()) / l.height() - 16.0 / 9.0) < 0.02, qPrintable(QStringLiteral("%1x%2").arg(l.width()).arg(l.height())));
        QCOMPARE(l.pixelColor(2, 2), QColor(Qt::white));
        QCOMPARE(d.pixelColor(2, 2), QColor(Qt::black));
        QVERIFY(std::abs(double(p.width()) / p.height() - std::sqrt(2.0)) < 0.02); // A4 landscape
    }

    void scaleIsHonoured()
    {
        QVERIFY(run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), path(QStringLiteral("one.png"))}).code == 0);
        QVERIFY(run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), path(QStringLiteral("four.png")), QStringLiteral("--scale"), QStringLiteral("4")}).code == 0);
        const QImage one(path(QStringLiteral("one.png"))), four(path(QStringLiteral("four.png")));
        QVERIFY(qAbs(four.width() - 4 * one.width()) <= 4);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString out = QStringLiteral("bad.svg");
        QTest::newRow("no output") << QStringList{} << 2 << QStringLiteral("-o FILE");
        QTest::newRow("format") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--format"), QStringLiteral("gif")} << 2 << QStringLiteral("unknown format \"gif\"");
        QTest::newRow("suffix") << QStringList{QStringLiteral("-o"), QStringLiteral("x.bmp")} << 2 << QStringLiteral("cannot tell the format");
        QTest::newRow("scale") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--scale"), QStringLiteral("-3")} << 2 << QStringLiteral("--scale");
        QTest::newRow("view") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--view"), QStringLiteral("pie")} << 2 << QStringLiteral("unknown view");
        QTest::newRow("types") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--types"), QStringLiteral("net,nett")} << 2 << QStringLiteral("unknown namespace type \"nett\"");
        QTest::newRow("matrix dot") << QStringList{QStringLiteral("-o"), QStringLiteral("m.dot"), QStringLiteral("--view"), QStringLiteral("matrix")} << 2 << QStringLiteral("not a graph");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--colour")} << 2 << QStringLiteral("colour");
        QTest::newRow("missing snapshot") << QStringList{QStringLiteral("-o"), out, QStringLiteral("--from"), QStringLiteral("/nonexistent.json")} << 1 << QStringLiteral("cannot read /nonexistent.json: no such file or folder (ENOENT)");
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        for (QString &a : args)
            if (a.endsWith(QLatin1String(".svg")) || a.endsWith(QLatin1String(".bmp")) || a.endsWith(QLatin1String(".dot")))
                a = path(a);
        const Run r = run(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.err.startsWith(QLatin1String("nsviz export: ")));
        QVERIFY(!QFile::exists(path(QStringLiteral("bad.svg"))));
    }

    void badSnapshot()
    {
        const QString bad = path(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray json = QFile(m_snapshot).open(QIODevice::ReadOnly) ? QByteArray() : QByteArray();
        QFile good(m_snapshot);
        QVERIFY(good.open(QIODevice::ReadOnly));
        json = good.readAll();
        json.replace("\"type\":\"net\"", "\"type\":\"nett\"");
        f.write(json);
        f.close();
        const Run r = run({QStringLiteral("--from"), bad, QStringLiteral("-o"), path(QStringLiteral("out.svg"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is not a usable snapshot")) && r.err.contains(QStringLiteral("nett")), qPrintable(r.err));
        QVERIFY(!QFile::exists(path(QStringLiteral("out.svg"))));
    }

    // -o - writes to standard output (the explicit way into a pipe), --from - reads standard input.
    void standardStreams()
    {
        QFile good(m_snapshot);
        QVERIFY(good.open(QIODevice::ReadOnly));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("export"), QStringLiteral("--from"), QStringLiteral("-"), QStringLiteral("-o"), QStringLiteral("-"),
                                             QStringLiteral("--format"), QStringLiteral("svg")});
        QVERIFY(p.waitForStarted());
        p.write(good.readAll());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QByteArray svg = p.readAllStandardOutput();
        QVERIFY(svg.startsWith("<?xml"));
        QVERIFY(svg.contains(QByteArray::number(fixtures::basic::dockerNet)));
        const Run r = run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), QStringLiteral("-")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("add --format")), qPrintable(r.err));
    }

    // The window and the exporter mean the same by their exit status: 2 for a usage error, 1 for an unusable snapshot.
    void exitStatusesAgree()
    {
        const QString bad = path(QStringLiteral("broken.json"));
        QVERIFY(io::SafeFile::writeFile(bad, "{\"schema\":\"nsviz-snapshot\",\"version\":1,\"host\":{}}", nullptr));
        auto status = [](const QStringList &args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")); // the window's half, without a display
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(NSVIZ_APP), args);
            p.closeWriteChannel();
            if (!p.waitForFinished(60000)) {
                p.kill();
                p.waitForFinished();
            }
            return std::pair{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
        };
        const auto [guiBad, guiBadErr] = status({QStringLiteral("--snapshot"), bad});
        const auto [exportBad, exportBadErr] = status({QStringLiteral("export"), QStringLiteral("--from"), bad, QStringLiteral("-o"), path(QStringLiteral("x.svg"))});
        QCOMPARE(guiBad, 1);
        QCOMPARE(exportBad, 1);
        QVERIFY2(guiBadErr.contains(QLatin1String("is not a usable snapshot: namespaces")), qPrintable(guiBadErr));
        QVERIFY2(exportBadErr.contains(QLatin1String("is not a usable snapshot: namespaces")), qPrintable(exportBadErr));
        const auto [guiMissing, guiMissingErr] = status({QStringLiteral("--snapshot"), path(QStringLiteral("nothing.json"))});
        QCOMPARE(guiMissing, 1);
        QVERIFY2(guiMissingErr.contains(QLatin1String("no such file or folder (ENOENT)")), qPrintable(guiMissingErr));
        QCOMPARE(status({QStringLiteral("--colour")}).first, 2);
        QCOMPARE(status({QStringLiteral("export"), QStringLiteral("--colour")}).first, 2);
        // One argument is a file to open (what a file manager passes); a second is a usage error.
        QCOMPARE(status({path(QStringLiteral("stray"))}).first, 1);
        QCOMPARE(status({QStringLiteral("stray"), QStringLiteral("strays")}).first, 2);
    }

    // Whatever a path or a snapshot holds, a message on the terminal carries no control character but its newline.
    void messagesAreTerminalSafe()
    {
        const QString evilDir = path(QStringLiteral("no\x1b]0;owned\x07\x1b[2J"));
        const Run missing = run({QStringLiteral("--from"), m_snapshot, QStringLiteral("-o"), evilDir + QStringLiteral("/x.svg")});
        const QString bad = path(QStringLiteral("evil.json"));
        QVERIFY(io::SafeFile::writeFile(bad, "{\"schema\":\"\u001b[31mnsviz\u202e\"}", nullptr));
        const Run unusable = run({QStringLiteral("--from"), bad, QStringLiteral("-o"), path(QStringLiteral("x.svg"))});
        for (const Run &r : {missing, unusable}) {
            QCOMPARE(r.code, 1);
            const QByteArray err = r.err.toUtf8();
            QVERIFY(err.endsWith('\n'));
            for (const char c : err.chopped(1))
                QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, err.constData());
            QVERIFY2(!r.err.contains(QChar(0x202E)), qPrintable(r.err));
        }
        QVERIFY2(missing.err.contains(QStringLiteral("no␛]0;owned␇␛[2J/x.svg")), qPrintable(missing.err)); // a path: as the views show it
        QVERIFY2(unusable.err.contains(QLatin1String("\\x1b[31mnsviz\\u202e")), qPrintable(unusable.err));
    }

    void liveHost()
    {
        // The default source is this machine, now; it must at least draw this test's own process.
        const Run r = run({QStringLiteral("-o"), path(QStringLiteral("live.json"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(path(QStringLiteral("live.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const SnapshotPtr s = readSnapshotJson(f.readAll());
        QVERIFY(s && s->process(qint32(QCoreApplication::applicationPid())));
    }

    // Short of file descriptors, the scan of this machine fails in part or whole: a picture of nothing is refused
    // (status 1, no file), a partial one is written and said to be one (status 3); never status 0 for either.
    void liveHostOutOfFds()
    {
        if (testing::underAddressSanitizer())
            QSKIP("the sanitizers' runtime needs file descriptors of its own (the default build runs this test)");
        int refused = 0, partial = 0;
        for (rlim_t fds = 5; fds <= 10; ++fds) {
            const QString out = path(QStringLiteral("fds-%1.json").arg(fds));
            QProcess p;
            p.setChildProcessModifier([fds] {
                const rlimit lim{fds, fds};
                ::setrlimit(RLIMIT_NOFILE, &lim);
            });
            p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("export"), QStringLiteral("-o"), out});
            QVERIFY(p.waitForFinished(60000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            if (p.exitStatus() != QProcess::NormalExit && err.contains(QLatin1String("Too many open files")))
                continue; // too few for Qt to load its platform plugin: before any of ours runs
            QVERIFY2(p.exitStatus() == QProcess::NormalExit, qPrintable(err));
            const QString what = QStringLiteral("%1 fds: status %2, %3").arg(fds).arg(p.exitCode()).arg(err);
            switch (p.exitCode()) {
            case 0:
                QVERIFY2(!err.contains(QLatin1String("incomplete")) && !err.contains(QLatin1String("cannot scan")), qPrintable(what));
                break;
            case 1:
                QVERIFY2(err.contains(QLatin1String("cannot scan this host")) && err.contains(QLatin1String("EMFILE")), qPrintable(what));
                QVERIFY2(!QFile::exists(out), qPrintable(what));
                ++refused;
                break;
            case 3: {
                QVERIFY2(err.contains(QLatin1String("the picture is incomplete")) && err.contains(QLatin1String("EMFILE")), qPrintable(what));
                QFile f(out);
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(what));
                const SnapshotPtr s = readSnapshotJson(f.readAll());
                QVERIFY2(s && !s->host().complete && !s->host().scanError.isEmpty() && !s->processes().empty(), qPrintable(what));
                ++partial;
                break;
            }
            default: QFAIL(qPrintable(what));
            }
        }
        QVERIFY2(refused + partial > 0, "no limit made the scan fail: the check above never ran");
    }
};

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_exportcli.moc"
