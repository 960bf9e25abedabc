// nsviz-probe: prints what the model sees as snapshot JSON, once or as a stream of lines. It is the agent the
// GUI runs under pkexec or over ssh for a whole-host or remote view, so it only reads: it creates, changes and
// kills nothing, and links the model library alone.
#include "io/escape.h"
#include "live/poller.h"
#include "scan/procscanner.h"
#include "snapshot/snapshotjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace {

// Exit statuses: 0 every snapshot whole, 1 the output could not be written, 2 a usage error, 3 a snapshot was
// printed incomplete because the scan ran out of file descriptors or memory or met a FIFO (the message says which).
constexpr int ExitIncomplete = 3;

// Signals end the stream in every state, with no file descriptor needed (there may be none left): at once while no
// line is being written; while one is, after it, so the reader gets whole lines only; and should the reader have
// stopped reading, so that the line never ends, after 0.4 s whatever happens. A scan in flight is simply abandoned:
// the probe only reads.
volatile sig_atomic_t g_writing = 0;
volatile sig_atomic_t g_stopRequested = 0;
volatile sig_atomic_t g_exitStatus = 0;
timer_t g_watchdog;
bool g_watchdogReady = false;

void onWatchdog(int)
{
    ::_exit(g_exitStatus);
}

void onSignal(int)
{
    g_stopRequested = 1;
    if (!g_writing)
        ::_exit(g_exitStatus);
    if (g_watchdogReady) {
        struct itimerspec t = {};
        t.it_value.tv_nsec = 400'000'000;
        ::timer_settime(g_watchdog, 0, &t, nullptr); // async-signal-safe, unlike most of what would do this
    }
}

void installStreamSignals()
{
    struct sigevent ev = {};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    g_watchdogReady = ::timer_create(CLOCK_MONOTONIC, &ev, &g_watchdog) == 0;
    struct sigaction sa = {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = onWatchdog;
    ::sigaction(SIGALRM, &sa, nullptr);
    sa.sa_handler = onSignal;
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&sa.sa_mask, sig);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
}

bool writeLine(const QByteArray &line)
{
    g_writing = 1;
    const bool ok = std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout) == std::size_t(line.size())
        && std::fputc('\n', stdout) != EOF && std::fflush(stdout) == 0;
    g_writing = 0;
    if (g_stopRequested)
        ::_exit(g_exitStatus); // the line a signal waited for is out
    return ok;
}

// The snapshot as one line; where even writing it runs out of memory, an empty one that says so (small enough to be
// written when the whole is not), so the reader still learns that this moment is missing.
struct Line
{
    QByteArray json;
    QString scanError; // what the line says is missing, empty for a whole snapshot
};

Line snapshotLine(const nsviz::Snapshot &snapshot)
{
    try {
        return {nsviz::writeSnapshotJson(snapshot), snapshot.host().scanError};
    } catch (const std::bad_alloc &) {
        nsviz::HostInfo host = snapshot.host();
        host.complete = false;
        host.scanError = QStringLiteral("out of memory (ENOMEM) writing the snapshot of %1 processes; allow the process more memory")
                             .arg(snapshot.processes().size());
        const nsviz::Snapshot empty(host, {}, {}, {0, host.scanError});
        return {nsviz::writeSnapshotJson(empty), host.scanError};
    }
}

void warn(const QString &message)
{
    std::fprintf(stderr, "nsviz-probe: %s\n", nsviz::escape::terminal(message).constData());
}

int run(int argc, char *argv[]);

} // namespace

int main(int argc, char *argv[])
{
    try {
        return run(argc, argv);
    } catch (const std::bad_alloc &) {
        // Anywhere outside a scan (which reports running out of memory in its snapshot): say so, never abort.
        std::fputs("nsviz-probe: out of memory (ENOMEM); allow the process more memory\n", stderr);
        return ExitIncomplete;
    }
}

namespace {

int run(int argc, char *argv[])
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
        warn(message);
        std::fputs("Try 'nsviz-probe --help'.\n", stderr);
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
        // Signals keep their default action here: killed, the probe prints nothing and says so by its status.
        const nsviz::SnapshotPtr snapshot = nsviz::scanProc(options);
        const Line line = snapshotLine(*snapshot);
        if (!writeLine(line.json))
            return 1;
        if (!line.scanError.isEmpty()) {
            warn(line.scanError);
            return ExitIncomplete;
        }
        return 0;
    }

    installStreamSignals();

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
    QString lastError;
    QObject::connect(&poller, &nsviz::Poller::snapshotReady, &app, [&lastError](const nsviz::SnapshotPtr &snapshot) {
        try {
            const Line line = snapshotLine(*snapshot);
            // Said once when it starts and once when it ends, not on every line.
            if (line.scanError != lastError)
                warn(line.scanError.isEmpty() ? QStringLiteral("the scan is complete again") : line.scanError);
            lastError = line.scanError;
            if (!line.scanError.isEmpty())
                g_exitStatus = ExitIncomplete;
            if (!writeLine(line.json))
                QCoreApplication::exit(1);
        } catch (const std::bad_alloc &) {
            // Not even the short line could be made. No exception may cross Qt's event loop: end here, and say why.
            warn(QStringLiteral("out of memory (ENOMEM); allow the process more memory"));
            QCoreApplication::exit(ExitIncomplete);
        }
    });
    poller.start();
    const int rc = app.exec();
    // Not ~Poller: it would wait for a scan in flight, which may take long on a huge host. Nothing is left to do.
    std::fflush(stdout);
    ::_exit(rc != 0 ? rc : g_exitStatus);
}

} // namespace
