#include "recordcommand.h"

#include "signalquit.h"

#include "io/escape.h"
#include "itemmodels/displaytext.h"
#include "live/hoststate.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace nsviz {

namespace {

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "nsviz record: %s\n", escape::terminal(message).constData());
    if (code == 2)
        std::fputs("Try 'nsviz record --help'.\n", stderr);
    return code;
}

} // namespace

int runRecordCommand(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nsviz"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Records what the live host's namespaces and processes do to a file that nsviz replays "
                                                    "anywhere (nsviz --replay FILE), until Ctrl-C or --for seconds."));
    parser.addHelpOption();
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The recording to write (a regular file or a new one; it appears when the recording ends)."),
                                    QStringLiteral("file"));
    const QCommandLineOption duration(QStringLiteral("for"), QStringLiteral("Stop after this many seconds (default: until Ctrl-C)."), QStringLiteral("seconds"));
    const QCommandLineOption interval(QStringLiteral("interval"), QStringLiteral("Time between scans, 100 to 60000 ms (default 1000)."),
                                      QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Say nothing while recording."));
    parser.addOptions({output, duration, interval, quiet});
    QStringList args = app.arguments();
    args.removeAt(1); // "record"
    if (!parser.parse(args))
        return fail(2, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText().replace(QLatin1String(" [options]"), QLatin1String(" record [options]"))), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(2, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
    if (!parser.isSet(output))
        return fail(2, QStringLiteral("say where to write with -o FILE"));
    bool ok = false;
    const int ms = parser.value(interval).toInt(&ok);
    if (!ok || ms < 100 || ms > 60000)
        return fail(2, QStringLiteral("--interval takes 100 to 60000 (ms), not \"%1\"").arg(parser.value(interval)));
    double seconds = 0;
    if (parser.isSet(duration)) {
        seconds = parser.value(duration).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 7 * 24 * 3600)
            return fail(2, QStringLiteral("--for takes a number of seconds (up to a week), not \"%1\"").arg(parser.value(duration)));
    }
    const QString path = parser.value(output);
    const bool chatty = !parser.isSet(quiet);

    HostState state;
    state.setInterval(ms);
    state.setHistoryBytes(qint64(16) << 20); // it writes, it does not look back
    bool incomplete = false;
    bool started = false;
    QString error;
    QObject::connect(&state, &HostState::historyChanged, &app, [&] {
        const SnapshotPtr s = state.latest();
        if (!s)
            return; // the history was cleared for the live source to begin
        if (!s->host().scanError.isEmpty() && !incomplete) {
            incomplete = true;
            std::fprintf(stderr, "nsviz record: the picture is incomplete: %s\n", escape::terminal(s->host().scanError).constData());
        }
        if (started)
            return;
        // The first scan: the recording starts with it.
        started = true;
        if (!state.startRecording(path, &error))
            QCoreApplication::exit(1);
        else if (chatty)
            std::fprintf(stderr, "nsviz record: recording to %s, every %d ms; Ctrl-C ends it\n", escape::terminal(path).constData(), ms);
    });
    QObject::connect(&state, &HostState::recordingChanged, &app, [&] {
        if (!state.isRecording() && !state.recordingError().isEmpty())
            QCoreApplication::exit(1); // a full disk, say: it cannot go on
    });
    const SignalQuit onSignal([] { QCoreApplication::exit(0); });
    if (seconds > 0)
        QTimer::singleShot(qint64(seconds * 1000), &app, [] { QCoreApplication::exit(0); });
    QElapsedTimer clock;
    clock.start();
    state.showLive();
    const int code = app.exec();
    if (code != 0 && !error.isEmpty())
        return fail(1, error);
    if (!state.isRecording()) {
        if (!state.recordingError().isEmpty())
            return fail(1, QStringLiteral("%1; nothing was saved").arg(state.recordingError()));
        return fail(1, QStringLiteral("stopped before the first scan: nothing recorded"));
    }
    state.stopRecording();
    if (!state.recordingError().isEmpty())
        return fail(1, QStringLiteral("%1; nothing was saved").arg(state.recordingError()));
    if (chatty)
        std::fprintf(stderr, "nsviz record: %s in %.1f s to %s (%s)\n", qPrintable(text::count(state.recordedMoments(), "moment", "moments")),
                     double(clock.elapsed()) / 1000, escape::terminal(path).constData(),
                     qPrintable(QLocale::c().formattedDataSize(state.recordedBytes())));
    return incomplete ? 3 : 0;
}

} // namespace nsviz
