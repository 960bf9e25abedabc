// nsviz as a desktop starts it and as a terminal without a display starts it (issue #14): --help, --version and
// every subcommand's help with no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM; the window refused in words, never a
// core dump, when there is no display or it does not answer; usage errors; the error dialog a launcher's user sees;
// the app icon at every size, on the window.
#include "guitestmain.h"

#include "identity.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

using namespace nsviz;

class TestDesktop : public QObject
{
    Q_OBJECT

    struct Run
    {
        int code = -1; // -1: crashed or hung
        QString out;
        QString err;
    };
    // The program with no display of any kind in its environment, and the variables given.
    static Run run(const QString &program, const QStringList &args, const QStringList &set = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        for (const QString &kv : set)
            env.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(program, args);
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    static QString app() { return QStringLiteral(NSVIZ_APP); }

private Q_SLOTS:
    void helpWithoutDisplay_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("nsviz --help") << app() << QStringList{QStringLiteral("--help")} << QStringLiteral("nsviz export");
        QTest::newRow("nsviz -h") << app() << QStringList{QStringLiteral("-h")} << QStringLiteral("--snapshot");
        QTest::newRow("nsviz --version") << app() << QStringList{QStringLiteral("--version")} << QStringLiteral("nsviz " NSVIZ_VERSION);
        QTest::newRow("export --help") << app() << QStringList{QStringLiteral("export"), QStringLiteral("--help")} << QStringLiteral("--format");
        QTest::newRow("record --help") << app() << QStringList{QStringLiteral("record"), QStringLiteral("--help")} << QStringLiteral("--output");
        QTest::newRow("demo --help") << app() << QStringList{QStringLiteral("demo"), QStringLiteral("--help")} << QStringLiteral("run PRESET");
        QTest::newRow("lesson --help") << app() << QStringList{QStringLiteral("lesson"), QStringLiteral("--help")} << QStringLiteral("--replay");
        QTest::newRow("nsviz-probe --help") << QStringLiteral(NSVIZ_PROBE) << QStringList{QStringLiteral("--help")} << QStringLiteral("--stream");
        QTest::newRow("nsviz-probe --version") << QStringLiteral(NSVIZ_PROBE) << QStringList{QStringLiteral("--version")} << QStringLiteral(NSVIZ_VERSION);
    }
    void helpWithoutDisplay()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const Run r = run(program, args);
        QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.out.contains(says), qPrintable(r.out));
    }

    // Asked for the window with nothing to show it on: an answer in words and 1, not an abort.
    void windowWithoutDisplay()
    {
        const Run r = run(app(), {});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("no display")) && r.err.contains(QLatin1String("nsviz export")), qPrintable(r.err));
    }
    void displayThatDoesNotAnswer()
    {
        // An X display number with no server behind it (no socket in /tmp/.X11-unix).
        int number = 4242;
        while (QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(number)))
            ++number;
        const Run r = run(app(), {}, {QStringLiteral("DISPLAY=:%1").arg(number)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("cannot open a window")) && r.err.contains(QStringLiteral(":%1").arg(number)), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("QT_QPA_PLATFORM=offscreen")), qPrintable(r.err));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << QStringLiteral("bogus");
        QTest::newRow("two files") << QStringList{QStringLiteral("a.json"), QStringLiteral("b.json")} << QStringLiteral("unexpected argument");
        QTest::newRow("file and --snapshot") << QStringList{QStringLiteral("a.json"), QStringLiteral("--snapshot"), QStringLiteral("b.json")} << QStringLiteral("give one");
        QTest::newRow("demo nonsense") << QStringList{QStringLiteral("demo"), QStringLiteral("fly")} << QStringLiteral("nsviz demo --help");
        QTest::newRow("lesson nonsense") << QStringList{QStringLiteral("lesson"), QStringLiteral("fly")} << QStringLiteral("nsviz lesson --help");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const Run r = run(app(), args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
    }

    // Qt's own options (-platform) are QApplication's, not usage errors, though nsviz reads its command line first.
    void qtOptionsPassThrough()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"not a snapshot");
        f.close();
        const Run r = run(app(), {QStringLiteral("-platform"), QStringLiteral("offscreen"), bad},
                          {QStringLiteral("XDG_RUNTIME_DIR=") + qEnvironmentVariable("XDG_RUNTIME_DIR")});
        QCOMPARE(r.code, 1); // the file is bad, said on stderr (stderr is no terminal, but offscreen: no dialog)
        QVERIFY2(r.err.contains(QLatin1String("not a usable snapshot")), qPrintable(r.err));
    }

    // Started from a menu, stderr goes nowhere: the reason is in a dialog too.
    void launcherErrorInADialog()
    {
        QString title, text;
        QTimer::singleShot(0, this, [&] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w); box && box->objectName() == QLatin1String("startupError")) {
                    title = box->text();
                    text = box->informativeText();
                    box->close();
                }
        });
        reportStartupError(QStringLiteral("/tmp/x.json is not a usable snapshot: <b>bold</b> & more"), true);
        QVERIFY2(title.contains(QLatin1String("cannot start")), qPrintable(title));
        // The message as plain text: markup in a file name stays characters.
        QVERIFY2(text.contains(QLatin1String("&lt;b&gt;bold&lt;/b&gt; &amp; more")), qPrintable(text));
    }

    void appIconAtEverySize()
    {
        const QIcon icon = appIcon();
        QVERIFY(!icon.isNull());
        const QList<QSize> sizes = icon.availableSizes();
        for (int s : {16, 22, 24, 32, 48, 64, 128, 256, 512})
            QVERIFY2(sizes.contains(QSize(s, s)), qPrintable(QStringLiteral("no %1 px icon").arg(s)));
        // Not blank: the 32 px one has the plate and the three namespaces.
        const QImage image = icon.pixmap(32).toImage();
        QVERIFY(qAlpha(image.pixel(16, 16)) == 255);
        QVERIFY(qAlpha(image.pixel(0, 0)) < 64); // rounded corner
        setUpIdentity();
        QVERIFY(!QApplication::windowIcon().isNull());
        QCOMPARE(QGuiApplication::desktopFileName(), QStringLiteral("org.nsviz.nsviz"));
        QWidget window;
        QVERIFY(!window.windowIcon().isNull());
    }
};

int main(int argc, char **argv)
{
    return nsviz::testing::runGuiTest<TestDesktop>(argc, argv, "tst_desktop");
}

#include "tst_desktop.moc"
