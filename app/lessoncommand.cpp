#include "lessoncommand.h"

#include "exportcommand.h"
#include "signalquit.h"
#include "terminalprint.h"
#include "translations.h"

#include "containers/containernames.h"
#include "export/handout.h"
#include "io/escape.h"
#include "lessons/lesson.h"
#include "lessons/lessonrecording.h"
#include "lessons/lessonrunner.h"
#include "live/recording.h"
#include "live/snapshothistory.h"
#include "scan/procscanner.h"
#include "snapshot/snapshotfilter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QSet>
#include <QApplication>
#include <QStringList>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

namespace nsviz {

namespace {

void printIndented(const QString &text, const QString &indent)
{
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    for (const QString &l : std::as_const(lines))
        printLine(indent + l);
}

// After "usage: " on a usage error and "Usage: " in --help: the same seven columns, so the lines below align.
constexpr char usageLines[] =
    "nsviz lesson list\n"
    "       nsviz lesson run NAME\n"
    "       nsviz lesson run [NAME] --replay RECORDING\n"
    "       nsviz lesson record NAME -o RECORDING\n"
    "       nsviz lesson export NAME -o HANDOUT.pdf\n";

// The rest of --help, in the layout of Qt's own (packaging/manpages.py reads them all alike).
constexpr char helpText[] =
    "Runs the guided lessons in a terminal, records them for replay elsewhere, and prints their handouts.\n"
    "\n"
    "Commands:\n"
    "  list                  The lessons: name, title and whether some steps need root.\n"
    "  run NAME              Every step in turn: its narration, what it does, and each\n"
    "                        check against the live host; what it started ends with it.\n"
    "  record NAME           Run it and write a recording with a mark per step.\n"
    "  export NAME           A PDF handout: each step's text and its picture.\n"
    "\n"
    "Options:\n"
    "  -h, --help            Displays help on commandline options.\n"
    "  -o, --output <file>   The recording or handout to write (export: - for standard\n"
    "                        output).\n"
    "  --replay <recording>  Step through a recorded lesson (nsviz lesson record) on any\n"
    "                        machine, as any user; the checks read the recording.\n";

int usage(const QString &problem)
{
    std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(problem).constData());
    std::fprintf(stderr, "usage: %s", usageLines);
    std::fputs("Try 'nsviz lesson --help'.\n", stderr);
    return 2;
}

int list()
{
    QStringList errors;
    const QList<Lesson> lessons = builtInLessons(&errors);
    qsizetype width = 0;
    for (const Lesson &l : lessons)
        width = std::max(width, l.id.size());
    for (const Lesson &l : lessons) {
        const QString needs = l.needsRoot() ? QCoreApplication::translate("LessonCommand", " (some steps need root)") : QString();
        printLine(l.id.leftJustified(width + 2) + l.title + QStringLiteral(": %1 steps").arg(l.steps.size()) + needs);
    }
    for (const QString &e : std::as_const(errors))
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(e).constData());
    return errors.isEmpty() ? 0 : 1;
}

// Lets the runtime notice what ended (its notifiers run on this loop) and the kernel catch up.
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The picture of a step: the lesson's containers and the host's own processes (the host's other sets are not the
// lesson's subject, and on a busy host they would bury it), with every namespace they are in, and those the
// containers were in that something still holds (a namespace kept by a bind mount after its container ended).
SnapshotPtr lessonPicture(const SnapshotPtr &scan, const LessonWorld &world)
{
    QSet<NamespaceSet> sets;
    QSet<NamespaceId> remembered;
    for (const LessonWorld::Container &c : std::as_const(world.containers)) {
        if (c.running)
            sets.insert(c.namespaces);
        for (NamespaceType t : allNamespaceTypes)
            remembered.insert(c.namespaces[t]);
    }
    return keepProcesses(scan, [&](const ProcessInfo &p) { return sets.contains(p.namespaces.set) || isHostsOwn(*scan, p); }, remembered);
}

// One step as performed on this host.
struct StepDone
{
    int index = 0;
    QString needsRoot;           // not done: why it needs root (run without it)
    bool done = false;           // every action of it was done
    QList<LessonOutcome> outcomes;
    QList<CheckResult> results;  // one per check, against the last scan
    SnapshotPtr snapshot;        // of that scan, the lesson's containers, named
    SnapshotPtr scan;            // that scan whole, named
    LessonWorld world;           // what the checks were decided from
};

struct Walked
{
    int passed = 0, failed = 0;
    bool stoppedForRoot = false;
    bool interrupted = false;
};

// Performs the lesson's steps in order, each checked against scans until its checks hold or a few seconds went
// by (a web server listens a moment after it started, a killed pid namespace takes a moment to go). Stops at a
// step that needs root when nsviz runs without it, or one whose action failed; onStep hears of each step it
// reached. Everything the lesson started is stopped before it returns, also on SIGINT/SIGTERM/SIGHUP.
Walked walk(const Lesson &lesson, const std::function<void(const StepDone &)> &onStep)
{
    Walked w;
    SignalQuit quitOnSignal([&w] { w.interrupted = true; });
    DemoRuntime runtime;
    LessonRunner runner(runtime, lesson);
    ProcScanner scanner;
    for (int i = 0; i < lesson.steps.size() && !w.interrupted; ++i) {
        const LessonStep &step = lesson.steps[i];
        StepDone s;
        s.index = i;
        if (const QString why = Lesson::whyRoot(step); !why.isEmpty() && !DemoRuntime::isPrivileged()) {
            s.needsRoot = why;
            w.stoppedForRoot = true;
            onStep(s);
            break;
        }
        s.done = runner.forward();
        s.outcomes = runner.outcomes();
        if (!s.done) {
            ++w.failed;
            onStep(s);
            break;
        }
        const QDeadlineTimer deadline(5000);
        LessonWorld world;
        for (;;) {
            world = runner.world(scanner.scan());
            s.results.clear();
            for (const LessonCheck &c : step.checks)
                s.results << evaluate(c, world);
            if (std::all_of(s.results.cbegin(), s.results.cend(), [](const CheckResult &r) { return r.passed; })
                || deadline.hasExpired() || w.interrupted)
                break;
            pause(100);
        }
        QList<ContainerNames::Demo> demos;
        for (const LessonWorld::Container &c : std::as_const(world.containers)) {
            if (c.running)
                demos.append({c.namespaces, c.initPid, c.name});
        }
        ContainerNames names;
        names.setDemoContainers(demos);
        s.snapshot = names.apply(lessonPicture(world.snapshot, world));
        s.scan = names.apply(world.snapshot);
        s.world = world;
        for (const CheckResult &r : std::as_const(s.results)) {
            if (!r.skipped)
                (r.passed ? w.passed : w.failed)++;
        }
        onStep(s);
    }
    runner.cleanup();
    return w;
}

QString verdict(const CheckResult &r)
{
    return r.skipped ? QStringLiteral("SKIP") : r.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL");
}

int exitCode(const Walked &w)
{
    if (w.failed > 0 || w.interrupted)
        return 1;
    return w.stoppedForRoot ? 3 : 0;
}

void printStep(const Lesson &lesson, const StepDone &s)
{
    {
        const LessonStep &step = lesson.steps[s.index];
        printLine(QString());
        printLine(QStringLiteral("step %1/%2: %3").arg(s.index + 1).arg(lesson.steps.size()).arg(step.caption));
        if (!s.needsRoot.isEmpty()) {
            printLine(QStringLiteral("  SKIP the rest: this step needs root, because %1").arg(s.needsRoot));
            return;
        }
        for (const LessonOutcome &o : s.outcomes) {
            printLine(QStringLiteral("  > ") + o.title);
            if (o.hasOutput && !o.output.isEmpty())
                printIndented(QString::fromUtf8(o.output), QStringLiteral("    | "));
            if (!o.ok || !o.error.isEmpty())
                printLine(QStringLiteral("    %1: %2").arg(o.ok ? QStringLiteral("note") : QStringLiteral("FAILED"), o.error));
        }
        for (int j = 0; j < s.results.size(); ++j)
            printLine(QStringLiteral("  %1 %2 (%3)").arg(verdict(s.results[j]), step.checks[j].describe(), s.results[j].seen));
    }
}

int finish(const Lesson &lesson, const Walked &w)
{
    printLine(QString());
    if (w.interrupted)
        printLine(QStringLiteral("interrupted; everything the lesson started is stopped"));
    printLine(QStringLiteral("%1 of %2 checks passed%3").arg(w.passed).arg(w.passed + w.failed)
              .arg(w.stoppedForRoot ? QStringLiteral("; run as root for the rest (%1)").arg(LessonRunner::rootProblems(lesson).join(QStringLiteral("; "))) : QString()));
    return exitCode(w);
}

int run(const Lesson &lesson)
{
    printLine(QStringLiteral("lesson %1: %2").arg(lesson.id, lesson.title));
    const Walked w = walk(lesson, [&](const StepDone &s) { printStep(lesson, s); });
    return finish(lesson, w);
}

// Performs the lesson as run does, and writes each step as a moment of a recording: the host as the scan saw it,
// marked with what the checks were decided from. Nothing is left at the path when it was interrupted or failed.
int record(const Lesson &lesson, const QString &path)
{
    RecordingWriter writer(path);
    if (!writer.open(QStringLiteral("the lesson %1").arg(lesson.id))) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(writer.errorString()).constData());
        return 1;
    }
    printLine(QStringLiteral("lesson %1: %2 (recording to %3)").arg(lesson.id, lesson.title, path));
    bool written = true;
    const Walked w = walk(lesson, [&](const StepDone &s) {
        printStep(lesson, s);
        if (s.scan && written)
            written = writer.write(*s.scan, nullptr, QDateTime::currentMSecsSinceEpoch(), lessonMark(lesson.id, s.index, s.done, s.world));
    });
    const int code = finish(lesson, w);
    if (w.interrupted)
        return code; // the writer goes without finishing: nothing is left
    if (!written || !writer.finish()) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(writer.errorString()).constData());
        return 1;
    }
    printLine(QStringLiteral("recorded %1 to %2: `nsviz lesson run %3 --replay %2` or the Lesson tab of `nsviz --replay %2` plays it")
                  .arg(QStringLiteral("%1 of %2 steps").arg(writer.moments()).arg(lesson.steps.size()), path, lesson.id));
    return code;
}

// Plays a recorded lesson: each step's checks decided again against its moment, as they were live. Nothing is
// started and nothing is scanned: it runs anywhere, as anyone.
int replay(const QString &name, const QString &path)
{
    const Recording recording = readRecording(path);
    if (!recording.moments || recording.moments->isEmpty()) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(recording.error).constData());
        return 1;
    }
    QString error;
    const std::optional<RecordedLesson> recorded = recordedLesson(recording, &error);
    if (!recorded) {
        std::fprintf(stderr, "nsviz lesson: %s\n",
                     escape::terminal(error.isEmpty() ? QStringLiteral("%1 is a recording, but holds no lesson (record one with `nsviz lesson record NAME -o FILE`)").arg(path)
                                                      : QStringLiteral("%1: %2").arg(path, error)).constData());
        return 1;
    }
    if (!name.isEmpty() && name != recorded->id) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(QStringLiteral("%1 holds the lesson \"%2\", not \"%3\"").arg(path, recorded->id, name)).constData());
        return 1;
    }
    const std::optional<Lesson> lesson = findLesson(recorded->id, &error);
    if (!lesson) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(error).constData());
        return 1;
    }
    if (!recording.ok())
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(QStringLiteral("the recording is damaged (%1); its good moments are played").arg(recording.error)).constData());
    printLine(QStringLiteral("lesson %1: %2 (replayed from %3, recorded on %4)").arg(lesson->id, lesson->title, path, recording.hostname));
    Walked w;
    for (const RecordedLesson::Step &r : recorded->steps) {
        if (r.step >= lesson->steps.size())
            break;
        StepDone s;
        s.index = r.step;
        s.done = r.done;
        s.world = r.world;
        s.world.snapshot = recording.moments->at(r.moment);
        s.outcomes = r.world.outcomes;
        if (s.done)
            for (const LessonCheck &c : lesson->steps[r.step].checks)
                s.results << evaluate(c, s.world);
        else
            ++w.failed;
        for (const CheckResult &c : std::as_const(s.results))
            if (!c.skipped)
                (c.passed ? w.passed : w.failed)++;
        printStep(*lesson, s);
    }
    if (recorded->steps.size() < lesson->steps.size() && w.failed == 0) {
        printLine(QString());
        printLine(QStringLiteral("the recording ends after step %1 of %2").arg(recorded->steps.size()).arg(lesson->steps.size()));
        w.stoppedForRoot = true;
    }
    return finish(*lesson, w);
}

// The handout: every step a page; those not reached say why in place of their picture.
int exportHandoutOf(const Lesson &lesson, const QString &path)
{
    Handout h{lesson.title, lesson.summary, lesson.source, {}};
    for (const LessonStep &step : lesson.steps)
        h.steps.append({step.caption, step.narration, {}, {}, step.tryCommands, nullptr,
                        QCoreApplication::translate("LessonCommand", "an earlier step could not be done here")});
    const Walked w = walk(lesson, [&](const StepDone &s) {
        HandoutStep &page = h.steps[s.index];
        const LessonStep &step = lesson.steps[s.index];
        if (!s.needsRoot.isEmpty()) {
            page.notDone = QCoreApplication::translate("LessonCommand", "this step needs root: %1").arg(s.needsRoot);
            return;
        }
        page.output = outcomesText(s.outcomes);
        if (!s.done) {
            page.notDone = QCoreApplication::translate("LessonCommand", "an action of this step failed (see what it did)");
            return;
        }
        for (int j = 0; j < s.results.size(); ++j)
            page.checks << (s.results[j].passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + step.checks[j].describe()
                    + QStringLiteral(" (") + s.results[j].seen + u')';
        page.snapshot = s.snapshot;
        page.notDone.clear();
    });
    if (w.interrupted) {
        std::fprintf(stderr, "nsviz lesson: interrupted; nothing written\n");
        return 1;
    }
    QString error;
    if (!exportHandout(h, path, &error)) {
        std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(error).constData());
        return 1;
    }
    if (w.stoppedForRoot)
        std::fprintf(stderr, "nsviz lesson: %s\n",
                     escape::terminal(QStringLiteral("written without the steps that need root (%1)").arg(LessonRunner::rootProblems(lesson).join(QStringLiteral("; ")))).constData());
    if (w.failed > 0)
        std::fprintf(stderr, "nsviz lesson: written, but %d checks did not pass on this host (marked ✗)\n", w.failed);
    return exitCode(w);
}

} // namespace

int runLessonCommand(int &argc, char **argv)
{
    // Only export draws (graphics scenes: a QApplication) on the offscreen platform, never in a window.
    const bool exporting = argc > 2 && qstrcmp(argv[2], "export") == 0;
    if (exporting)
        useOffscreenPlatform();
    std::unique_ptr<QCoreApplication> app = exporting ? std::make_unique<QApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nsviz"));
    installTranslations(); // the lessons' texts and the command's own
    QStringList args = QCoreApplication::arguments().mid(2); // after "nsviz lesson"
    if (args.isEmpty())
        return usage(QStringLiteral("say what to do: list, run, record or export"));
    const QString verb = args.takeFirst();
    if (verb == QStringLiteral("-h") || verb == QStringLiteral("--help") || verb == QStringLiteral("help")) {
        std::printf("Usage: %s%s", usageLines, helpText);
        return 0;
    }
    if (verb == QStringLiteral("list")) {
        if (!args.isEmpty())
            return usage(QStringLiteral("list takes no arguments"));
        return list();
    }
    if (verb != QStringLiteral("run") && verb != QStringLiteral("export") && verb != QStringLiteral("record"))
        return usage(QStringLiteral("unknown lesson command \"%1\"").arg(verb));
    const bool writes = verb != QStringLiteral("run");
    QString name, output, replayed;
    while (!args.isEmpty()) {
        const QString a = args.takeFirst();
        if (writes && (a == QStringLiteral("-o") || a == QStringLiteral("--output"))) {
            if (args.isEmpty())
                return usage(QStringLiteral("%1 needs a file name").arg(a));
            output = args.takeFirst();
        } else if (writes && a.startsWith(QStringLiteral("--output="))) {
            output = a.section(u'=', 1);
        } else if (verb == QStringLiteral("run") && a == QStringLiteral("--replay")) {
            if (args.isEmpty())
                return usage(QStringLiteral("--replay needs a recording"));
            replayed = args.takeFirst();
        } else if (verb == QStringLiteral("run") && a.startsWith(QStringLiteral("--replay="))) {
            replayed = a.section(u'=', 1);
        } else if (a.startsWith(u'-') && a != QStringLiteral("-")) {
            return usage(QStringLiteral("unknown option \"%1\"").arg(a));
        } else if (name.isEmpty()) {
            name = a;
        } else {
            return usage(QStringLiteral("%1 takes one lesson name, not also \"%2\"").arg(verb, a));
        }
    }
    if (!replayed.isEmpty())
        return replay(name, replayed); // the lesson is the recording's
    if (name.isEmpty())
        return usage(QStringLiteral("%1 needs a lesson; `nsviz lesson list` shows them").arg(verb));
    if (verb == QStringLiteral("export") && output.isEmpty())
        return usage(QStringLiteral("export needs -o FILE.pdf (- for standard output)"));
    if (verb == QStringLiteral("record") && (output.isEmpty() || output == QStringLiteral("-")))
        return usage(QStringLiteral("record needs -o FILE (a recording, written in place when the lesson is over)"));
    QString error;
    const std::optional<Lesson> lesson = findLesson(name, &error);
    if (!lesson)
        return usage(error);
    if (verb == QStringLiteral("record"))
        return record(*lesson, output);
    return verb == QStringLiteral("run") ? run(*lesson) : exportHandoutOf(*lesson, output);
}

} // namespace nsviz
