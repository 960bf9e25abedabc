#include "democommand.h"

#include "signalquit.h"
#include "terminalprint.h"

#include "containers/demopreset.h"
#include "containers/demoruntime.h"
#include "io/escape.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStringList>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace nsviz {

namespace {

// After "usage: " on a usage error and "Usage: " in --help: the same seven columns, so the lines below align.
constexpr char usageLines[] =
    "nsviz demo list\n"
    "       nsviz demo run PRESET [--for SECONDS]\n";

int usage(const QString &problem)
{
    std::fprintf(stderr, "nsviz demo: %s\n", escape::terminal(problem).constData());
    std::fprintf(stderr, "usage: %s", usageLines);
    std::fputs("Try 'nsviz demo --help'.\n", stderr);
    return 2;
}

// The rest of --help, in the layout of Qt's own (packaging/manpages.py reads them all alike).
constexpr char helpText[] =
    "Starts the demo containers, the chapter's examples, with nsviz's own runtime: no container engine, no network.\n"
    "\n"
    "Commands:\n"
    "  list             The presets: name, title and what each shows.\n"
    "  run PRESET       Start a preset's containers, say their pids and namespaces,\n"
    "                   and stop them again on Ctrl-C, SIGTERM or after --for.\n"
    "\n"
    "Options:\n"
    "  -h, --help       Displays help on commandline options.\n"
    "  --for <seconds>  Stop the containers after this many seconds (1 to 604800).\n";

int list()
{
    const QList<DemoPreset> presets = demoPresets(DemoRuntime::isPrivileged());
    qsizetype width = 0;
    for (const DemoPreset &p : presets)
        width = std::max(width, p.id.size());
    for (const DemoPreset &p : presets) {
        printLine(p.id.leftJustified(width + 2) + p.title + QStringLiteral(": ") + p.explanation);
    }
    return 0;
}

// "net:[4026532381] (new)" per type: new to this container, the host's, or shared with another container.
QString describeNamespaces(const DemoContainer &c, const NamespaceSet &host, const QList<DemoContainer> &all)
{
    QStringList parts;
    for (NamespaceType t : allNamespaceTypes) {
        const NamespaceId id = c.namespaces[t];
        QString where;
        if (id == 0)
            where = QStringLiteral("unreadable");
        else if (id == host[t])
            where = QStringLiteral("host");
        else {
            QStringList sharedWith;
            for (const DemoContainer &o : all) {
                if (o.id != c.id && o.namespaces[t] == id)
                    sharedWith << o.name;
            }
            where = sharedWith.isEmpty() ? QStringLiteral("new") : QStringLiteral("shared with ") + sharedWith.join(QStringLiteral(", "));
        }
        parts << QStringLiteral("%1:[%2] (%3)").arg(QLatin1String(namespaceTypeKey(t))).arg(id).arg(where);
    }
    return parts.join(QStringLiteral("\n    "));
}

int run(const QString &presetId, int seconds)
{
    const std::optional<DemoPreset> preset = findDemoPreset(presetId, DemoRuntime::isPrivileged());
    if (!preset)
        return usage(QStringLiteral("there is no preset \"%1\"; `nsviz demo list` shows them").arg(presetId));

    // Signals end the demo in order (stop, then exit) instead of killing the runtime halfway.
    SignalQuit quitOnSignal([] { QCoreApplication::quit(); });
    if (!quitOnSignal.isValid()) {
        std::perror("nsviz demo: socketpair");
        return 1;
    }

    int rc = 0;
    {
        DemoRuntime runtime;
        QString error;
        printLine(QStringLiteral("preset %1: %2").arg(preset->id, preset->title));
        printLine(preset->explanation);
        const QStringList ids = runtime.startPreset(*preset, &error);
        if (ids.isEmpty()) {
            std::fprintf(stderr, "nsviz demo: %s\n", escape::terminal(error).constData());
            rc = 1;
        } else {
            const QList<DemoContainer> all = runtime.containers();
            const NamespaceSet host = DemoRuntime::namespacesOf(::getpid());
            for (const DemoContainer &c : all) {
                const bool pid1 = c.namespaces[NamespaceType::Pid] != host[NamespaceType::Pid];
                printLine(QStringLiteral("container %1: pid %2%3, shim %4").arg(c.name).arg(c.initPid)
                          .arg(pid1 ? QStringLiteral(" (PID 1 inside)") : QString()).arg(c.shimPid));
                printLine(QStringLiteral("    ") + describeNamespaces(c, host, all));
            }
            // Fetch a page inside every net namespace a web server of the preset listens in (in a pod also from the
            // sidecar, which shares the web server's).
            QList<NamespaceId> webNets;
            for (const DemoContainer &c : all) {
                if (c.spec.command.value(0) == QStringLiteral("httpd"))
                    webNets << c.namespaces[NamespaceType::Net];
            }
            for (const DemoContainer &c : all) {
                if (!webNets.contains(c.namespaces[NamespaceType::Net]))
                    continue;
                const std::optional<QByteArray> page = runtime.fetchPage(c.id, DemoHttpPort, "/", &error);
                printLine(page ? QStringLiteral("GET http://127.0.0.1:%1/ inside %2's net namespace: %3 bytes, \"%4\"")
                                 .arg(DemoHttpPort).arg(c.name).arg(page->size())
                                 .arg(QString::fromUtf8(page->mid(page->indexOf("<h1>") + 4, page->indexOf("</h1>") - page->indexOf("<h1>") - 4)))
                           : QStringLiteral("GET inside %1's net namespace failed: %2").arg(c.name, error));
            }
            const QMetaObject::Connection exited = QObject::connect(&runtime, &DemoRuntime::containerExited, [&](const QString &id, const QString &how) {
                const std::optional<DemoContainer> c = runtime.container(id);
                std::fprintf(stderr, "nsviz demo: container %s %s\n", escape::terminal(c ? c->name : id).constData(),
                             escape::terminal(how).constData());
                if (c && !c->output.isEmpty())
                    std::fprintf(stderr, "%s\n", escape::terminalLines(QString::fromUtf8(c->output.trimmed())).constData());
                rc = 1;
                QCoreApplication::quit();
            });
            if (seconds > 0) {
                QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
                printLine(QStringLiteral("running for %1 s (Ctrl-C stops it earlier)").arg(seconds));
            } else {
                printLine(QStringLiteral("running; Ctrl-C stops it"));
            }
            QCoreApplication::exec();
            QObject::disconnect(exited);
            if (quitOnSignal.signal())
                printLine(QStringLiteral("stopping on %1").arg(QString::fromLatin1(::sigabbrev_np(quitOnSignal.signal()))));
        }
        runtime.stopAll();
        if (!ids.isEmpty())
            printLine(QStringLiteral("stopped all demo containers"));
    }
    return rc;
}

} // namespace

int runDemoCommand(int &argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nsviz"));
    QStringList args = QCoreApplication::arguments().mid(2); // after "nsviz demo"
    if (args.isEmpty())
        return usage(QStringLiteral("say what to do: list or run"));
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
    if (verb == QStringLiteral("run")) {
        QString preset;
        int seconds = 0;
        while (!args.isEmpty()) {
            const QString a = args.takeFirst();
            if (a == QStringLiteral("--for") || a.startsWith(QStringLiteral("--for="))) {
                const QString value = a.contains(u'=') ? a.section(u'=', 1) : (args.isEmpty() ? QString() : args.takeFirst());
                bool ok = false;
                seconds = value.toInt(&ok);
                if (!ok || seconds <= 0 || seconds > 7 * 24 * 3600)
                    return usage(QStringLiteral("--for needs a number of seconds from 1 to 604800, not \"%1\"").arg(value));
            } else if (a.startsWith(u'-')) {
                return usage(QStringLiteral("unknown option \"%1\"").arg(a));
            } else if (preset.isEmpty()) {
                preset = a;
            } else {
                return usage(QStringLiteral("run takes one preset, not also \"%1\"").arg(a));
            }
        }
        if (preset.isEmpty())
            return usage(QStringLiteral("run needs a preset; `nsviz demo list` shows them"));
        return run(preset, seconds);
    }
    return usage(QStringLiteral("unknown demo command \"%1\"").arg(verb));
}

} // namespace nsviz
