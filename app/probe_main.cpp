// nsviz-probe: prints what the model sees as snapshot JSON, once or as a stream of lines. It is the agent the
// GUI runs under pkexec or over ssh for a whole-host or remote view, so it only reads: it creates, changes and
// kills nothing, and links the model library alone.
#include "live/poller.h"
#include "scan/procscanner.h"
#include "snapshot/snapshotjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &c, 1);
}

bool writeLine(const QByteArray &line)
{
    if (std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout) != std::size_t(line.size()))
        return false;
    return std::fputc('\n', stdout) != EOF && std::fflush(stdout) == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nsviz-probe"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NSVIZ_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reads which processes share which kernel namespaces and prints it as nsviz snapshot JSON.\n"
        "Read-only: it never creates, changes or ends anything."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("Print one snapshot and exit (the default)."));
    const QCommandLineOption stream(QStringLiteral("stream"),
                                    QStringLiteral("Print one snapshot per line until standard input closes or a signal arrives."));
    const QCommandLineOption interval(QStringLiteral("interval"), QStringLiteral("Milliseconds between snapshots in --stream (default 1000, at least 50)."),
                                      QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption procRoot(QStringLiteral("proc-root"), QStringLiteral("Read this proc tree instead of /proc."),
                                      QStringLiteral("dir"), QStringLiteral("/proc"));
    const QCommandLineOption noFds(QStringLiteral("no-fd-holders"),
                                   QStringLiteral("Do not look for namespaces held by open file descriptors (faster on huge hosts)."));
    parser.addOptions({once, stream, interval, procRoot, noFds});

    auto usageError = [](const QString &message) {
        std::fprintf(stderr, "nsviz-probe: %s\nTry 'nsviz-probe --help'.\n", qPrintable(message));
        return 2;
    };
    // Not parser.process(): it exits with 1 on an unknown option, and every usage error here is 2.
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    if (parser.isSet(once) && parser.isSet(stream))
        return usageError(QStringLiteral("--once and --stream exclude each other"));
    bool ok = false;
    const int intervalMs = parser.value(interval).toInt(&ok);
    if (!ok || intervalMs < 50 || intervalMs > 24 * 3600 * 1000)
        return usageError(QStringLiteral("--interval wants milliseconds from 50 to 86400000, not '%1'").arg(parser.value(interval)));

    nsviz::ScanOptions options;
    options.procRoot = parser.value(procRoot);
    options.fdHolders = !parser.isSet(noFds);
    if (::access(QFile::encodeName(options.procRoot).constData(), R_OK | X_OK) != 0)
        return usageError(QStringLiteral("cannot read the proc tree '%1'").arg(options.procRoot));

    std::signal(SIGPIPE, SIG_IGN);
    if (!parser.isSet(stream)) {
        const nsviz::SnapshotPtr snapshot = nsviz::scanProc(options);
        return writeLine(nsviz::writeSnapshotJson(*snapshot)) ? 0 : 1;
    }

    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return 1;
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::exit(0); });

    // End when whoever reads us goes away: stdin closes (ssh, pkexec parent) or stdout breaks.
    QSocketNotifier stdinNotifier(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinNotifier, &QSocketNotifier::activated, &app, [&stdinNotifier] {
        char buf[256];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            stdinNotifier.setEnabled(false);
            QCoreApplication::exit(0);
        }
    });

    nsviz::Poller poller(options);
    poller.setInterval(intervalMs);
    poller.setHistoryLimit(2);
    QObject::connect(&poller, &nsviz::Poller::snapshotReady, &app, [](const nsviz::SnapshotPtr &snapshot) {
        if (!writeLine(nsviz::writeSnapshotJson(*snapshot)))
            QCoreApplication::exit(1);
    });
    poller.start();
    const int rc = app.exec();
    poller.stop();
    return rc;
}
