// `nsviz demo` on the command line without starting containers: the preset list and the usage errors.
#include "containers/demopreset.h"

#include <QProcess>
#include <QTest>

#include <unistd.h>

using namespace nsviz;

class TestDemoCommand : public QObject
{
    Q_OBJECT
private:
    struct Result
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    static Result run(const QStringList &args)
    {
        QProcess p;
        p.setStandardInputFile(QProcess::nullDevice());
        // No display: `nsviz demo` must not need one.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(NSVIZ_APP), QStringList{QStringLiteral("demo")} + args);
        Result r;
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void list()
    {
        const Result r = run({QStringLiteral("list")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.isEmpty());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        const QList<DemoPreset> presets = demoPresets(::geteuid() == 0);
        QCOMPARE(lines.size(), presets.size());
        for (qsizetype i = 0; i < presets.size(); ++i) {
            const QByteArray &line = lines.at(i);
            QVERIFY2(line.startsWith(QByteArray(presets.at(i).id.toUtf8() + ' ')), line.constData());
            QVERIFY2(line.contains(presets.at(i).title.toUtf8()), line.constData());
            QVERIFY2(line.contains(presets.at(i).explanation.toUtf8()), line.constData());
        }
        QVERIFY(r.out.contains("web-servers"));
        QVERIFY(r.out.contains("Two web servers on one port"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("nothing") << QStringList{} << QByteArray("say what to do");
        QTest::newRow("unknown verb") << QStringList{QStringLiteral("start")} << QByteArray("unknown demo command \"start\"");
        QTest::newRow("bad preset") << QStringList{QStringLiteral("run"), QStringLiteral("no-such-preset")}
                                    << QByteArray("there is no preset \"no-such-preset\"; `nsviz demo list` shows them");
        QTest::newRow("no preset") << QStringList{QStringLiteral("run")} << QByteArray("run needs a preset");
        QTest::newRow("two presets") << QStringList{QStringLiteral("run"), QStringLiteral("pod"), QStringLiteral("pod")}
                                     << QByteArray("run takes one preset");
        QTest::newRow("bad --for") << QStringList{QStringLiteral("run"), QStringLiteral("pod"), QStringLiteral("--for"), QStringLiteral("soon")}
                                   << QByteArray("--for needs a number of seconds");
        QTest::newRow("--for 0") << QStringList{QStringLiteral("run"), QStringLiteral("pod"), QStringLiteral("--for=0")}
                                 << QByteArray("--for needs a number of seconds");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("run"), QStringLiteral("pod"), QStringLiteral("--fast")}
                                        << QByteArray("unknown option \"--fast\"");
        QTest::newRow("list with argument") << QStringList{QStringLiteral("list"), QStringLiteral("x")} << QByteArray("list takes no arguments");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QByteArray("nsviz demo: " + message)), r.err.constData());
        QVERIFY2(r.err.contains("usage: nsviz demo list"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDemoCommand)

#include "tst_democommand.moc"
