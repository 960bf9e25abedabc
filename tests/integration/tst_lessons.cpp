// Every built-in lesson driven step by step on the live kernel, as root, with the real runtime: each step's actions
// done, each check passing against a fresh scan; going back undoes a step (its containers stop, those it stopped
// start again, its bind mounts go) and going forward again passes again; at the end, and after cleanup, nothing the
// lesson started is left (no process, namespace, mount or veth). `nsviz lesson run` does the same from the command
// line, as root and, through setpriv(1), as uid 65534, where a lesson that needs root says which step and why.
// Network traffic only goes to 127.0.0.1 inside the lessons' own net namespaces and to the container end of the
// lesson's own veth pair.
#include "namespaceof.h"
#include "rootless.h"

#include "containers/demoruntime.h"
#include "lessons/lesson.h"
#include "lessons/lessonrunner.h"
#include "scan/procscanner.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/wait.h>
#include <unistd.h>

using namespace nsviz;
using namespace nsviz::testing;

namespace {

constexpr int CheckTimeoutMs = 8000;

void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The checks of the runner's current step against scans, until all pass or the time is up; what failed, or empty.
QString failingChecks(const LessonRunner &runner, ProcScanner &scanner)
{
    const LessonStep &step = runner.lesson().steps[runner.step()];
    QStringList failing;
    const QDeadlineTimer deadline(CheckTimeoutMs);
    do {
        failing.clear();
        const LessonWorld world = runner.world(scanner.scan());
        for (const LessonCheck &c : step.checks) {
            const CheckResult r = evaluate(c, world);
            if (!r.passed)
                failing << c.describe() + QStringLiteral(" (") + r.seen + u')';
        }
        if (failing.isEmpty())
            return {};
        pause(100);
    } while (!deadline.hasExpired());
    return QStringLiteral("step %1 \"%2\": ").arg(runner.step() + 1).arg(step.caption) + failing.join(QStringLiteral("; "));
}

QString outcomes(const LessonRunner &runner)
{
    QStringList out;
    for (const LessonOutcome &o : runner.outcomes())
        out << o.title + QStringLiteral(": ") + (o.ok ? QStringLiteral("ok") : o.error);
    return out.join(u'\n');
}

bool gone(qint32 pid)
{
    ::waitpid(pid, nullptr, WNOHANG | __WALL);
    return pid <= 1 || !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

QStringList demoVeths()
{
    return QDir(QStringLiteral("/sys/class/net")).entryList({QStringLiteral("nsvz*")}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::System);
}

QByteArray ownMountinfo()
{
    QFile f(QStringLiteral("/proc/self/mountinfo"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList lessonIds()
{
    QStringList ids;
    for (const Lesson &l : builtInLessons())
        ids << l.id;
    return ids;
}

} // namespace

class TestLessons : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!DemoRuntime::isPrivileged())
            QSKIP("the lessons are checked as root here (the rootless run below needs root to switch to uid 65534)");
        if (!DemoRuntime::hostFacts().busyboxProblem.isEmpty())
            QSKIP(qPrintable(DemoRuntime::hostFacts().busyboxProblem));
        m_ownVeths = demoVeths();
    }

    void everyLessonPasses_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString &id : lessonIds())
            QTest::newRow(qPrintable(id)) << id;
    }
    void everyLessonPasses()
    {
        QFETCH(QString, id);
        const std::optional<Lesson> lesson = findLesson(id);
        QVERIFY(lesson);
        ProcScanner scanner;
        QList<qint32> pids;
        NamespaceSet seen;
        QList<NamespaceId> namespaces;
        {
            DemoRuntime runtime;
            LessonRunner runner(runtime, *lesson);
            auto remember = [&] {
                for (const LessonWorld::Container &c : runner.world(nullptr).containers) {
                    if (!pids.contains(c.initPid))
                        pids << c.initPid;
                    for (NamespaceType t : allNamespaceTypes) {
                        if (c.namespaces[t] != DemoRuntime::namespacesOf(::getpid())[t] && !namespaces.contains(c.namespaces[t]))
                            namespaces << c.namespaces[t];
                    }
                }
            };
            for (int i = 0; i < lesson->steps.size(); ++i) {
                QVERIFY2(runner.forward(), qPrintable(outcomes(runner)));
                QCOMPARE(runner.step(), i);
                remember();
                const QString failing = failingChecks(runner, scanner);
                QVERIFY2(failing.isEmpty(), qPrintable(failing));
                // Back over this step and forward again: the step undone, then done again, passes again.
                if (i > 0) {
                    runner.back();
                    QCOMPARE(runner.step(), i - 1);
                    QVERIFY2(runner.forward(), qPrintable(outcomes(runner)));
                    remember();
                    const QString again = failingChecks(runner, scanner);
                    QVERIFY2(again.isEmpty(), qPrintable(QStringLiteral("after back and forward: ") + again));
                }
            }
            QVERIFY(runner.atEnd());
            QVERIFY(!runner.forward());
            // Back to before the first step: nothing of the lesson runs any more.
            while (runner.step() >= 0)
                runner.back();
            QVERIFY(runner.world(nullptr).containers.isEmpty());
        }
        for (qint32 pid : std::as_const(pids))
            QTRY_VERIFY2(gone(pid), qPrintable(QStringLiteral("pid %1 still runs").arg(pid)));
        // No namespace a lesson made is held by anything any more.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            const SnapshotPtr s = scanner.scan();
            return std::none_of(namespaces.cbegin(), namespaces.cend(), [&](NamespaceId n) { return s->findNamespace(n); });
        }()), 5000);
        QCOMPARE(demoVeths(), m_ownVeths);
        QVERIFY(!ownMountinfo().contains("nsviz-lesson"));
        QVERIFY(QDir::temp().entryList({QStringLiteral("nsviz-lesson-*")}, QDir::Dirs).isEmpty());
    }

    // Cleanup in the middle of a lesson (the window closed, the teacher chose another lesson).
    void cleanupMidway()
    {
        const std::optional<Lesson> lesson = findLesson(QStringLiteral("pinned-netns"));
        QVERIFY(lesson);
        QList<qint32> pids;
        NamespaceId net = 0;
        {
            DemoRuntime runtime;
            LessonRunner runner(runtime, *lesson);
            QVERIFY(runner.forward());
            QVERIFY(runner.forward()); // pinned
            const LessonWorld::Container c = runner.world(nullptr).containers.value(QStringLiteral("keeper"));
            pids << c.initPid;
            net = c.namespaces[NamespaceType::Net];
            QVERIFY(ownMountinfo().contains("nsviz-lesson"));
        } // the runner, then the runtime, go
        QTRY_VERIFY(gone(pids.first()));
        QVERIFY(!ownMountinfo().contains("nsviz-lesson"));
        ProcScanner scanner;
        QTRY_VERIFY(!scanner.scan()->findNamespace(net));
    }

    void commandLine_data()
    {
        everyLessonPasses_data();
    }
    void commandLine()
    {
        QFETCH(QString, id);
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("run"), id});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(!out.contains(QStringLiteral("FAIL")), qPrintable(out));
        const std::optional<Lesson> lesson = findLesson(id);
        int checks = 0;
        for (const LessonStep &s : lesson->steps)
            checks += int(s.checks.size());
        QCOMPARE(out.count(QStringLiteral("  PASS ")), checks);
        QVERIFY2(out.contains(QStringLiteral("%1 of %1 checks passed").arg(checks)), qPrintable(out));
        QCOMPARE(demoVeths(), m_ownVeths);
    }

    void commandLineRootless_data()
    {
        everyLessonPasses_data();
    }
    void commandLineRootless()
    {
        QFETCH(QString, id);
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("needs setpriv(1) from util-linux to run as an unprivileged user");
        QString why;
        if (userNamespacesDisabled(&why))
            QSKIP(qPrintable(QStringLiteral("unprivileged user namespaces are disabled here (%1)").arg(why)));
        if (!othersCanRun(QStringLiteral(NSVIZ_APP)))
            QSKIP("uid 65534 cannot reach nsviz in this build directory (a directory above it is not open to others)");
        const std::optional<Lesson> lesson = findLesson(id);
        QProcess p;
        p.setWorkingDirectory(QDir::rootPath());
        p.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                          QStringLiteral(NSVIZ_APP), QStringLiteral("lesson"), QStringLiteral("run"), id});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(!out.contains(QStringLiteral("FAIL")), qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        if (lesson->needsRoot()) {
            // Says which step needs root and why, after passing every check before it.
            QVERIFY2(p.exitCode() == 3, qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral("this step needs root, because")), qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral("run as root for the rest")), qPrintable(out));
        } else {
            QVERIFY2(p.exitCode() == 0, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        }
    }

    // Recorded as root, replayed as nobody with nothing started: the same checks, each passing, against the moments.
    void recordedReplaysAnywhere_data()
    {
        everyLessonPasses_data();
    }
    void recordedReplaysAnywhere()
    {
        QFETCH(QString, id);
        const std::optional<Lesson> lesson = findLesson(id);
        int checks = 0;
        for (const LessonStep &st : lesson->steps)
            checks += int(st.checks.size());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(id + QStringLiteral(".nsvizrec"));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("record"), id, QStringLiteral("-o"), path});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())));
        QCOMPARE(demoVeths(), m_ownVeths);
        QVERIFY(QFile::exists(path));
        // As nobody where it can reach the file and nsviz; else as root, which replays the same way.
        QStringList command{QStringLiteral(NSVIZ_APP), QStringLiteral("lesson"), QStringLiteral("run"), QStringLiteral("--replay"), path};
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        const bool asNobody = !setpriv.isEmpty() && othersCanRun(QStringLiteral(NSVIZ_APP)) && othersCanRun(dir.path()); // the folder: open to others
        if (asNobody)
            command = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups")} + command;
        QProcess r;
        r.setWorkingDirectory(QDir::rootPath());
        r.start(asNobody ? setpriv : command.takeFirst(), command);
        QVERIFY(r.waitForFinished(60000));
        const QString out = QString::fromUtf8(r.readAllStandardOutput());
        QVERIFY2(r.exitCode() == 0, qPrintable(out + QString::fromUtf8(r.readAllStandardError())));
        QVERIFY2(out.contains(QStringLiteral("replayed from")), qPrintable(out));
        QCOMPARE(out.count(QStringLiteral("  PASS ")), checks);
        QVERIFY2(out.contains(QStringLiteral("%1 of %1 checks passed").arg(checks)), qPrintable(out));
        // Another lesson's name is refused, saying which lesson the file holds.
        QProcess wrong;
        wrong.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("run"), id == QLatin1String("pod") ? QStringLiteral("veth") : QStringLiteral("pod"),
                                                 QStringLiteral("--replay"), path});
        QVERIFY(wrong.waitForFinished(60000));
        QCOMPARE(wrong.exitCode(), 1);
        QVERIFY(QString::fromUtf8(wrong.readAllStandardError()).contains(QStringLiteral("holds the lesson \"%1\"").arg(id)));
    }

    // A handout: one page per step, each with its caption and the commands to try, drawn from the lesson as it ran.
    void handout_data()
    {
        everyLessonPasses_data();
    }
    void handout()
    {
        QFETCH(QString, id);
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("needs pdfinfo and pdftotext (poppler-utils) to read the handout back");
        const std::optional<Lesson> lesson = findLesson(id);
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("handout.pdf"));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("export"), id, QStringLiteral("-o"), pdf});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const auto tool = [](const QString &program, const QStringList &args) {
            QProcess t;
            t.start(program, args);
            t.waitForFinished(30000);
            return QString::fromUtf8(t.readAllStandardOutput());
        };
        const QString info = tool(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\n").arg(lesson->steps.size()))), qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("A4")), qPrintable(info));
        for (int i = 0; i < lesson->steps.size(); ++i) {
            // Page by page: its step's caption, its first command to try, every check marked as passed.
            const QString page = tool(QStringLiteral("pdftotext"), {QStringLiteral("-f"), QString::number(i + 1), QStringLiteral("-l"),
                                                                    QString::number(i + 1), QStringLiteral("-layout"), pdf, QStringLiteral("-")})
                                     .normalized(QString::NormalizationForm_KC) // the fonts' ligatures (ﬁ, ﬀ) as letters
                                     .simplified();
            const LessonStep &step = lesson->steps[i];
            QVERIFY2(page.contains(step.caption.simplified()), qPrintable(page));
            QVERIFY2(page.contains(QStringLiteral("step %1 of %2").arg(i + 1).arg(lesson->steps.size())), qPrintable(page));
            QVERIFY2(page.contains(step.tryCommands.first().simplified()), qPrintable(page));
            QCOMPARE(page.count(QStringLiteral("✓ ")), step.checks.size());
            QVERIFY2(!page.contains(QStringLiteral("✗")), qPrintable(page));
        }
        QCOMPARE(demoVeths(), m_ownVeths);
    }

    // Without root, a handout still has a page for every step; those it could not do say why.
    void handoutRootless()
    {
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("needs setpriv(1) and pdftotext (poppler-utils)");
        if (!othersCanRun(QStringLiteral(NSVIZ_APP)))
            QSKIP("uid 65534 cannot reach nsviz in this build directory (a directory above it is not open to others)");
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFile::Permissions(0x7777))); // nobody writes the handout here
        const QString pdf = dir.filePath(QStringLiteral("veth.pdf"));
        QProcess p;
        p.setWorkingDirectory(QDir::rootPath());
        p.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                          QStringLiteral(NSVIZ_APP), QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("veth"), QStringLiteral("-o"), pdf});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 3, err.constData());
        QVERIFY2(err.contains("without the steps that need root"), err.constData());
        QProcess text;
        text.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(30000));
        const QString all = QString::fromUtf8(text.readAllStandardOutput()).normalized(QString::NormalizationForm_KC).simplified();
        QVERIFY2(all.contains(QStringLiteral("Not shown here: this step needs root")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("an earlier step could not be done here")), qPrintable(all));
    }

    // A handout is written like every file: never through a link or over a directory, and the old file stays.
    void handoutRefusesWhatIsNotAFile()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("own-hostname"),
                                            QStringLiteral("-o"), dir.filePath(QStringLiteral("folder"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("folder"))).isDir());
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("own-hostname")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("export needs -o FILE.pdf"));
    }

    void commandLineUsage()
    {
        QProcess p;
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("run"), QStringLiteral("no-such-lesson")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("there is no lesson \"no-such-lesson\""));
        p.start(QStringLiteral(NSVIZ_APP), {QStringLiteral("lesson"), QStringLiteral("list")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), lessonIds().size());
        for (int i = 0; i < lines.size(); ++i)
            QVERIFY2(lines[i].startsWith(QByteArray(lessonIds()[i].toUtf8() + ' ')), lines[i].constData()); // its name first
    }

private:
    QStringList m_ownVeths;
};

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
