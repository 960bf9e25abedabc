#include "democommand.h"
#include "exportcommand.h"
#include "mainwindow.h"
#include "signalquit.h"

#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>

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
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption snapshotOption(QStringLiteral("snapshot"), QStringLiteral("Open a saved snapshot read-only instead of the live host."),
                                            QStringLiteral("file.json"));
    parser.addOption(snapshotOption);
    parser.process(app);

    nsviz::SnapshotPtr fixed;
    if (parser.isSet(snapshotOption)) {
        QFile f(parser.value(snapshotOption));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "nsviz: cannot open %s: %s\n", qPrintable(f.fileName()), qPrintable(f.errorString()));
            return 2;
        }
        QString error;
        fixed = nsviz::readSnapshotJson(f.readAll(), &error);
        if (!fixed) {
            std::fprintf(stderr, "nsviz: %s is not a usable snapshot: %s\n", qPrintable(f.fileName()), qPrintable(error));
            return 2;
        }
    }

    nsviz::MainWindow window(fixed); // sized for its screen by itself
    window.show();
    // SIGTERM (logout, kill), SIGHUP and Ctrl-C close the window in order: its demo containers are stopped and
    // its settings saved, as when the user closes it.
    const nsviz::SignalQuit quitOnSignal([&window] { window.close(); });
    return app.exec();
}
