#include "lessoncommand.h"

#include "signalquit.h"

#include "containers/containernames.h"
#include "io/escape.h"
#include "lessons/lesson.h"
#include "lessons/lessonrunner.h"
#include "scan/procscanner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QStringList>
#include <QTimer>

#include <cstdio>

namespace nsviz {

namespace {

// Lesson texts are ours, but outputs come from the containers: nothing in them may act on the terminal.
void print(const QString &text)
{
    std::fputs(escape::terminalLines(text).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printIndented(const QString &text, const QString &indent)
{
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    for (const QString &l : std::as_const(lines))
        print(indent + l);
}

int usage(const QString &problem)
{
    std::fprintf(stderr, "nsviz lesson: %s\n", escape::terminal(problem).constData());
    std::fprintf(stderr, "usage: nsviz lesson list\n       nsviz lesson run NAME\n");
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
        print(l.id.leftJustified(width + 2) + l.title + QStringLiteral(": %1 steps").arg(l.steps.size()) + needs);
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

int run(const QString &name)
{
    QString error;
    const std::optional<Lesson> lesson = findLesson(name, &error);
    if (!lesson)
        return usage(error);

    bool interrupted = false;
    SignalQuit quitOnSignal([&interrupted] { interrupted = true; });

    DemoRuntime runtime;
    LessonRunner runner(runtime, *lesson);
    ProcScanner scanner;
    const QStringList rootless = LessonRunner::rootProblems(*lesson);
    print(QStringLiteral("lesson %1: %2").arg(lesson->id, lesson->title));
    int passed = 0, failed = 0;
    bool stoppedForRoot = false;
    for (int i = 0; i < lesson->steps.size() && !interrupted; ++i) {
        const LessonStep &step = lesson->steps[i];
        print(QString());
        print(QStringLiteral("step %1/%2: %3").arg(i + 1).arg(lesson->steps.size()).arg(step.caption));
        if (const QString why = Lesson::whyRoot(step); !why.isEmpty() && !DemoRuntime::isPrivileged()) {
            print(QStringLiteral("  SKIP the rest: this step needs root, because %1").arg(why));
            stoppedForRoot = true;
            break;
        }
        const bool done = runner.forward();
        for (const LessonOutcome &o : runner.outcomes()) {
            print(QStringLiteral("  > ") + o.title);
            if (o.hasOutput && !o.output.isEmpty())
                printIndented(QString::fromUtf8(o.output), QStringLiteral("    | "));
            if (!o.ok || !o.error.isEmpty())
                print(QStringLiteral("    %1: %2").arg(o.ok ? QStringLiteral("note") : QStringLiteral("FAILED"), o.error));
        }
        if (!done) {
            ++failed;
            break;
        }
        // What the class would see: a scan now, and again until every check holds or a few seconds went by (a web
        // server listens a moment after it started, a killed pid namespace takes a moment to go).
        QList<CheckResult> results;
        const QDeadlineTimer deadline(5000);
        for (;;) {
            const LessonWorld world = runner.world(scanner.scan());
            results.clear();
            for (const LessonCheck &c : step.checks)
                results << evaluate(c, world);
            const bool all = std::all_of(results.cbegin(), results.cend(), [](const CheckResult &r) { return r.passed; });
            if (all || deadline.hasExpired() || interrupted)
                break;
            pause(100);
        }
        for (int j = 0; j < step.checks.size(); ++j) {
            const QString verdict = results[j].skipped ? QStringLiteral("SKIP") : results[j].passed ? QStringLiteral("PASS") : QStringLiteral("FAIL");
            print(QStringLiteral("  %1 %2 (%3)").arg(verdict, step.checks[j].describe(), results[j].seen));
            if (!results[j].skipped)
                (results[j].passed ? passed : failed)++;
        }
    }
    runner.cleanup();
    print(QString());
    if (interrupted)
        print(QStringLiteral("interrupted; everything the lesson started is stopped"));
    print(QStringLiteral("%1 of %2 checks passed%3").arg(passed).arg(passed + failed)
              .arg(stoppedForRoot ? QStringLiteral("; run as root for the rest (%1)").arg(rootless.join(QStringLiteral("; "))) : QString()));
    if (failed > 0 || interrupted)
        return 1;
    return stoppedForRoot ? 3 : 0;
}

} // namespace

int runLessonCommand(int &argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nsviz"));
    QStringList args = QCoreApplication::arguments().mid(2); // after "nsviz lesson"
    if (args.isEmpty())
        return usage(QStringLiteral("say what to do: list or run"));
    const QString verb = args.takeFirst();
    if (verb == QStringLiteral("list")) {
        if (!args.isEmpty())
            return usage(QStringLiteral("list takes no arguments"));
        return list();
    }
    if (verb == QStringLiteral("run")) {
        if (args.size() != 1 || args.first().startsWith(u'-'))
            return usage(args.isEmpty() ? QStringLiteral("run needs a lesson; `nsviz lesson list` shows them")
                                        : QStringLiteral("run takes one lesson name, nothing else"));
        return run(args.first());
    }
    return usage(QStringLiteral("unknown lesson command \"%1\"").arg(verb));
}

} // namespace nsviz
