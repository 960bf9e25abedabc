#include "democommand.h"
#include "exportcommand.h"
#include "identity.h"
#include "lessoncommand.h"
#include "recordcommand.h"
#include "mainwindow.h"
#include "signalquit.h"
#include "translations.h"

#include "io/escape.h"
#include "live/hostfile.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <utility>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace {

// Is there a window system to show the window on? A platform named outright (QT_QPA_PLATFORM, -platform) is taken
// at its word; otherwise X11 or Wayland must be named in the environment.
bool haveDisplay(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0)
            return true;
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// The options QApplication takes for itself (and removes before nsviz sees its own): skipped here too, as the
// command line is read before there is an application to take them.
QStringList withoutQtOptions(const QStringList &arguments)
{
    static const QStringList valued = {QStringLiteral("platform"), QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme"),
                                       QStringLiteral("plugin"), QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowtitle"),
                                       QStringLiteral("qwindowicon"), QStringLiteral("style"), QStringLiteral("stylesheet"),
                                       QStringLiteral("session"), QStringLiteral("display"), QStringLiteral("geometry"),
                                       QStringLiteral("title"), QStringLiteral("name")};
    static const QStringList flags = {QStringLiteral("reverse"), QStringLiteral("widgetcount"), QStringLiteral("nograb"),
                                      QStringLiteral("dograb"), QStringLiteral("sync")};
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (i > 0 && a.startsWith(QLatin1Char('-')) && a != QLatin1String("--")) {
            const QString bare = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
            if (valued.contains(bare)) {
                ++i; // and its value
                continue;
            }
            if (flags.contains(bare) || bare.startsWith(QLatin1String("qmljsdebugger=")))
                continue;
        }
        kept.append(a);
    }
    return kept;
}

constexpr char noWindowHelp[] =
    "Without a window: nsviz export (pictures), nsviz demo, nsviz lesson, nsviz record, nsviz-probe (JSON); "
    "or QT_QPA_PLATFORM=offscreen.";

// Qt ends the process with qFatal when the platform named cannot be reached (DISPLAY set, no X server answering):
// said in words instead, with the platform's own reason (its warnings before the fatal one), and an exit status of 1,
// not a core dump. Warnings while the application starts are held back until it is clear whether that happens.
QtMessageHandler qtHandler = nullptr;
struct HeldMessage {
    QtMsgType type;
    QString category;
    QString text;
};
QList<HeldMessage> heldMessages;
void startupMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtFatalMsg) {
        heldMessages.append({type, QString::fromLatin1(context.category ? context.category : ""), message});
        return;
    }
    QString why;
    for (const HeldMessage &m : std::as_const(heldMessages))
        if (m.category.startsWith(QLatin1String("qt.qpa")) && m.text.contains(QLatin1String("connect")))
            why = m.text;
    if (why.isEmpty())
        why = message.section(QLatin1Char('\n'), 0, 0);
    std::fprintf(stderr, "nsviz: cannot open a window: %s\n%s\n", nsviz::escape::terminal(why).constData(), noWindowHelp);
    std::fflush(stderr);
    std::_Exit(1);
}
void releaseStartupMessages()
{
    qInstallMessageHandler(qtHandler);
    const QMessageLogContext context;
    const QList<HeldMessage> held = std::exchange(heldMessages, {});
    for (const HeldMessage &m : held)
        qtHandler(m.type, context, m.text);
}

} // namespace

int main(int argc, char *argv[])
{
    // Subcommands that never open a window, dispatched before anything needs a display.
    if (argc > 1 && qstrcmp(argv[1], "export") == 0)
        return nsviz::runExportCommand(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "demo") == 0)
        return nsviz::runDemoCommand(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "record") == 0)
        return nsviz::runRecordCommand(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "lesson") == 0)
        return nsviz::runLessonCommand(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shows which processes share which kernel namespaces, live.\n\n"
        "Commands (each has its own --help):\n"
        "  nsviz export   draw the host, a snapshot or a recording into PNG, SVG, PDF, DOT or JSON\n"
        "  nsviz record   record what the host does to a file that nsviz replays\n"
        "  nsviz demo     start, list and stop demo containers from the command line\n"
        "  nsviz lesson   list, run, record and hand out the guided lessons"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption snapshotOption(QStringLiteral("snapshot"), QStringLiteral("Open a saved snapshot read-only instead of the live host."),
                                            QStringLiteral("file.json"));
    parser.addOption(snapshotOption);
    const QCommandLineOption replayOption(QStringLiteral("replay"), QStringLiteral("Replay a recording (nsviz record, File > Record) instead of the live host."),
                                          QStringLiteral("file"));
    parser.addOption(replayOption);
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("A snapshot or a recording to open (what a file manager passes)."),
                                 QStringLiteral("[file]"));

    // The exit status means the same for every nsviz command: 2 for a usage error, 1 for what could not be done
    // (an unusable snapshot). Not parser.process(): it exits with 1 on an unknown option.
    auto fail = [](int code, const QString &message) {
        std::fprintf(stderr, "nsviz: %s\n", nsviz::escape::terminal(message).constData());
        if (code == 2)
            std::fputs("Try 'nsviz --help'.\n", stderr);
        return code;
    };
    // Read before any display is needed: --help, --version and a usage error print and end, with or without one.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const bool parsed = parser.parse(withoutQtOptions(arguments));
    if (!parsed || parser.isSet(help) || parser.isSet(version)) {
        QCoreApplication app(argc, argv);
        nsviz::setUpIdentity();
        if (!parsed)
            return fail(2, parser.errorText());
        if (parser.isSet(help))
            parser.showHelp(0);
        parser.showVersion();
    }
    if (parser.positionalArguments().size() > 1)
        return fail(2, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().at(1)));
    const int given = parser.isSet(snapshotOption) + parser.isSet(replayOption) + !parser.positionalArguments().isEmpty();
    if (given > 1)
        return fail(2, QStringLiteral("--snapshot, --replay and a file each open a file: give one"));
    if (!haveDisplay(argc, argv)) {
        fail(1, QStringLiteral("no display to show the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"));
        std::fprintf(stderr, "%s\n", noWindowHelp);
        return 1;
    }

    qtHandler = qInstallMessageHandler(startupMessages);
    QApplication app(argc, argv);
    releaseStartupMessages();
    nsviz::setUpIdentity();
    nsviz::installTranslations();

    // Either option takes either kind of file: what is in it decides. Started from a launcher, stderr goes nowhere:
    // what is wrong with the file is said in a dialog as well.
    const QString platform = QGuiApplication::platformName();
    const bool dialog = ::isatty(STDERR_FILENO) != 1 && platform != QLatin1String("offscreen") && platform != QLatin1String("minimal");
    nsviz::HostFile file;
    QString path;
    if (given == 1) {
        path = parser.isSet(replayOption) ? parser.value(replayOption)
             : parser.isSet(snapshotOption) ? parser.value(snapshotOption) : parser.positionalArguments().constFirst();
        file = nsviz::loadHostFile(path);
        if (!file.ok()) {
            nsviz::reportStartupError(file.error, dialog);
            return 1;
        }
        if (file.recording && !file.recording->error.isEmpty())
            std::fprintf(stderr, "nsviz: %s\n", nsviz::escape::terminal(file.recording->error).constData());
    }

    // Sized for its screen by itself; a recording is replayed up to its last good moment (said above, if any).
    std::unique_ptr<nsviz::MainWindow> made = file.recording ? std::make_unique<nsviz::MainWindow>(*file.recording, path)
                                                             : std::make_unique<nsviz::MainWindow>(file.snapshot);
    nsviz::MainWindow &window = *made;
    window.show();
    // SIGTERM (logout, kill), SIGHUP and Ctrl-C close the window in order: its demo containers are stopped and
    // its settings saved, as when the user closes it.
    const nsviz::SignalQuit quitOnSignal([&window] { window.close(); });
    return app.exec();
}
