#include "democommand.h"
#include "exportcommand.h"
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
#include <memory>

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

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("nsviz"));
    QApplication::setOrganizationName(QStringLiteral("nsviz"));
    QApplication::setApplicationVersion(QStringLiteral(NSVIZ_VERSION));
    nsviz::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows which processes share which kernel namespaces, live."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption snapshotOption(QStringLiteral("snapshot"), QStringLiteral("Open a saved snapshot read-only instead of the live host."),
                                            QStringLiteral("file.json"));
    parser.addOption(snapshotOption);
    const QCommandLineOption replayOption(QStringLiteral("replay"), QStringLiteral("Replay a recording (nsviz record, File > Record) instead of the live host."),
                                          QStringLiteral("file"));
    parser.addOption(replayOption);
    // The exit status means the same for every nsviz command: 2 for a usage error, 1 for what could not be done
    // (an unusable snapshot). Not parser.process(): it exits with 1 on an unknown option.
    auto fail = [](int code, const QString &message) {
        std::fprintf(stderr, "nsviz: %s\n", nsviz::escape::terminal(message).constData());
        if (code == 2)
            std::fputs("Try 'nsviz --help'.\n", stderr);
        return code;
    };
    if (!parser.parse(QApplication::arguments()))
        return fail(2, parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return fail(2, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));

    if (parser.isSet(snapshotOption) && parser.isSet(replayOption))
        return fail(2, QStringLiteral("--snapshot and --replay each open a file: give one"));
    // Either option takes either kind of file: what is in it decides.
    nsviz::HostFile file;
    QString path;
    if (parser.isSet(snapshotOption) || parser.isSet(replayOption)) {
        path = parser.value(parser.isSet(replayOption) ? replayOption : snapshotOption);
        file = nsviz::loadHostFile(path);
        if (!file.ok())
            return fail(1, file.error);
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
