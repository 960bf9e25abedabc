#include "democommand.h"
#include "exportcommand.h"
#include "mainwindow.h"
#include "signalquit.h"

#include "io/escape.h"
#include "io/readfile.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Subcommands that never open a window, dispatched before anything needs a display.
    if (argc > 1 && qstrcmp(argv[1], "export") == 0)
        return nsviz::runExportCommand(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "demo") == 0)
        return nsviz::runDemoCommand(argc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("nsviz"));
    QApplication::setOrganizationName(QStringLiteral("nsviz"));
    QApplication::setApplicationVersion(QStringLiteral(NSVIZ_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows which processes share which kernel namespaces, live."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption snapshotOption(QStringLiteral("snapshot"), QStringLiteral("Open a saved snapshot read-only instead of the live host."),
                                            QStringLiteral("file.json"));
    parser.addOption(snapshotOption);
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

    nsviz::SnapshotPtr fixed;
    if (parser.isSet(snapshotOption)) {
        const QString path = parser.value(snapshotOption);
        QByteArray json;
        QString error;
        if (!nsviz::io::readUserFile(path, &json, &error))
            return fail(1, error);
        fixed = nsviz::readSnapshotJson(json, &error);
        if (!fixed)
            return fail(1, QStringLiteral("%1 is not a usable snapshot: %2").arg(path, error));
    }

    nsviz::MainWindow window(fixed); // sized for its screen by itself
    window.show();
    // SIGTERM (logout, kill), SIGHUP and Ctrl-C close the window in order: its demo containers are stopped and
    // its settings saved, as when the user closes it.
    const nsviz::SignalQuit quitOnSignal([&window] { window.close(); });
    return app.exec();
}
