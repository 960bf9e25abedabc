#include "exportcommand.h"

#include "export/diagramexport.h"
#include "export/matrixcontent.h"
#include "graph/graphmodel.h"
#include "itemmodels/displaytext.h"
#include "graph/nodepainter.h"
#include "io/escape.h"
#include "io/readfile.h"
#include "live/hostfile.h"
#include "snapshot/snapshotfilter.h"
#include "live/snapshothistory.h"
#include "scan/procscanner.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <cerrno>
#include <cstdio>

#include <sys/stat.h>
#include <unistd.h>

namespace nsviz {

namespace {

int fail(int code, const QString &message)
{
    // Messages carry paths and host names: nothing in them may act on the terminal.
    std::fprintf(stderr, "nsviz export: %s\n", escape::terminal(message).constData());
    return code;
}

// Where the target is something other than a file, say how to write into it on purpose.
QString refusalHint(const QString &path)
{
    struct stat st;
    if (path == QLatin1String("-") || ::lstat(QFile::encodeName(path).constData(), &st) != 0 || S_ISREG(st.st_mode))
        return {};
    return QStringLiteral(" (to write into it on purpose: -o - > %1)").arg(escape::shellWord(path));
}

} // namespace

void useOffscreenPlatform()
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // What Qt would fall back to anyway, made as it wants it, so it does not warn on every export; one that
        // someone else made (another owner, other modes, a link) is not used.
        const QByteArray dir = "/tmp/runtime-" + QByteArray::number(::getuid());
        struct stat st{};
        if ((::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST) && ::lstat(dir.constData(), &st) == 0 && S_ISDIR(st.st_mode)
            && st.st_uid == ::getuid() && (st.st_mode & 07777) == 0700)
            qputenv("XDG_RUNTIME_DIR", dir);
    }
}

int runExportCommand(int argc, char *argv[])
{
    useOffscreenPlatform();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("nsviz"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Draws the namespaces of the live host, of a saved snapshot or of a moment of a recording, into a file."));
    parser.addHelpOption();
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")}, QStringLiteral("png, svg, pdf, dot or json (default: from the file name)."), QStringLiteral("format"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The file to write: a regular file or a new one (links, devices, FIFOs are refused); - for standard output."),
                                    QStringLiteral("file"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("A snapshot JSON file (- for standard input) or a recording (default: scan the live host now)."),
                                  QStringLiteral("file"));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("The moment of a recording to draw: seconds from its start, or an RFC 3339 time (default: its last moment)."),
                                QStringLiteral("time"));
    const QCommandLineOption scale(QStringLiteral("scale"), QStringLiteral("PNG pixels per point: 1, 2, 4... (default 1)."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("graph (the sharing graph, default), tree (user and pid namespace hierarchy) or matrix (processes x namespaces)."),
                                  QStringLiteral("view"), QStringLiteral("graph"));
    const QCommandLineOption types(QStringLiteral("types"), QStringLiteral("Namespace types to draw, comma-separated: cgroup,ipc,mnt,net,pid,time,user,uts."), QStringLiteral("list"));
    const QCommandLineOption hideHost(QStringLiteral("hide-host"), QStringLiteral("Leave out what is only the host's: a card shows only its own namespaces, the matrix only processes in a container."));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("The title above the diagram."), QStringLiteral("text"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("fit (as big as the picture, default), a4, letter or 16:9 (a slide): the pages of a PDF, "
                                                 "the shape of a PNG or SVG. The picture is laid out for it."),
                                  QStringLiteral("size"), QStringLiteral("fit"));
    const QCommandLineOption portrait(QStringLiteral("portrait"), QStringLiteral("Pages upright (default: landscape)."));
    const QCommandLineOption noGroups(QStringLiteral("no-groups"), QStringLiteral("Draw every container on its own, never folding alike ones into one card."));
    const QCommandLineOption presentation(QStringLiteral("presentation"),
                                          QStringLiteral("The look of presentation mode, for slides: large type, high contrast, the host's own processes "
                                                         "(no kernel threads) and the containers only, on a 16:9 page unless --page says otherwise."));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Light text on a dark ground."));
    parser.addOptions({format, output, from, at, scale, view, types, hideHost, title, page, portrait, noGroups, presentation, dark});

    QStringList args = app.arguments();
    args.removeAt(1); // "export"
    if (!parser.parse(args))
        return fail(2, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText().replace(QLatin1String(" [options]"), QLatin1String(" export [options]"))), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(2, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
    if (!parser.isSet(output))
        return fail(2, QStringLiteral("say where to write with -o FILE"));
    const QString path = parser.value(output);
    const std::optional<ExportFormat> fmt = exportFormatFromName(parser.isSet(format) ? parser.value(format) : QFileInfo(path).suffix());
    if (!fmt)
        return fail(2, parser.isSet(format) ? QStringLiteral("unknown format \"%1\": use png, svg, pdf, dot or json").arg(parser.value(format))
                                            : QStringLiteral("cannot tell the format from \"%1\": add --format png|svg|pdf|dot|json").arg(path));
    bool ok = false;
    const double scaleValue = parser.value(scale).toDouble(&ok);
    if (!ok || scaleValue < 0.1 || scaleValue > 16)
        return fail(2, QStringLiteral("--scale takes a number from 0.1 to 16, not \"%1\"").arg(parser.value(scale)));
    if (parser.isSet(scale) && *fmt != ExportFormat::Png)
        std::fprintf(stderr, "nsviz export: --scale is for PNG; %s is drawn at its natural size\n", qPrintable(exportFormatName(*fmt)));
    if (path == QLatin1String("-") && (*fmt == ExportFormat::Png || *fmt == ExportFormat::Pdf) && ::isatty(STDOUT_FILENO))
        return fail(2, QStringLiteral("standard output is a terminal: a %1 is for a pipe or a file (-o - | …, or -o FILE)").arg(exportFormatName(*fmt).toUpper()));
    const std::optional<PageSize> pageSize = pageSizeFromName(parser.value(page));
    if (!pageSize)
        return fail(2, QStringLiteral("unknown page \"%1\": use fit, a4, letter or 16:9").arg(parser.value(page)));
    if (*pageSize == PageSize::Fit && parser.isSet(portrait))
        return fail(2, QStringLiteral("--portrait needs a page size: --page a4, letter or 16:9"));
    const QString viewName = parser.value(view);
    if (viewName != QLatin1String("graph") && viewName != QLatin1String("tree") && viewName != QLatin1String("matrix"))
        return fail(2, QStringLiteral("unknown view \"%1\": use graph, tree or matrix").arg(viewName));
    if (viewName == QLatin1String("matrix") && *fmt == ExportFormat::Dot)
        return fail(2, QStringLiteral("the matrix view is not a graph: export it as png, svg, pdf or json"));
    const GraphModel::Mode mode = viewName == QLatin1String("tree") ? GraphModel::Mode::Hierarchy : GraphModel::Mode::Sharing;
    GraphModel::TypeMask mask = GraphModel::defaultTypes(mode);
    if (parser.isSet(types)) {
        mask.reset();
        for (const QString &name : parser.value(types).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto t = namespaceTypeFromName(QStringView(name).trimmed());
            if (!t)
                return fail(2, QStringLiteral("unknown namespace type \"%1\" in --types: use cgroup, ipc, mnt, net, pid, time, user, uts").arg(name));
            mask.set(int(*t));
        }
        if (mask.none())
            return fail(2, QStringLiteral("--types names no namespace type"));
    }

    if (parser.isSet(at) && !parser.isSet(from))
        return fail(2, QStringLiteral("--at is a moment of a recording: give the recording with --from FILE"));
    SnapshotPtr snapshot;
    int done = 0; // 3: written, from a scan of this host that is incomplete (as nsviz-probe says it)
    if (parser.isSet(from)) {
        const HostFile file = loadHostFile(parser.value(from), true);
        if (!file.ok())
            return fail(1, file.error);
        if (file.recording) {
            const Recording &r = *file.recording;
            if (!r.error.isEmpty())
                std::fprintf(stderr, "nsviz export: %s\n", escape::terminal(r.error).constData());
            qsizetype index = r.moments->size() - 1;
            if (parser.isSet(at)) {
                QString why;
                index = momentAt(r, parser.value(at), &why);
                if (index < 0)
                    return fail(2, QStringLiteral("--at: %1").arg(why));
                if (!why.isEmpty())
                    std::fprintf(stderr, "nsviz export: --at: %s\n", escape::terminal(why).constData());
            }
            snapshot = r.moments->at(index);
        } else {
            if (parser.isSet(at))
                return fail(2, QStringLiteral("--at is for a recording; %1 is a snapshot").arg(parser.value(from)));
            snapshot = file.snapshot;
        }
    } else {
        snapshot = ProcScanner(ScanOptions{}).scan();
        if (const QString &failed = snapshot->host().scanError; !failed.isEmpty()) {
            // Out of fds or memory, or /proc unreadable: nothing to draw is refused; a part is drawn, and said to be one.
            // The scanner's words begin "incomplete: ", which the sentences below say already.
            const QLatin1String incomplete("incomplete: ");
            const QString why = failed.startsWith(incomplete) ? failed.mid(incomplete.size()) : failed;
            if (snapshot->processes().empty())
                return fail(1, QStringLiteral("cannot scan this host: %1").arg(why));
            std::fprintf(stderr, "nsviz export: the picture is incomplete: %s\n", escape::terminal(why).constData());
            done = 3;
        } else if (const Inaccessible &hidden = snapshot->inaccessible(); hidden.processes > 0) {
            std::fprintf(stderr, "nsviz export: %s not visible: %s\n",
                         qPrintable(text::count(hidden.processes, "process was", "processes were")), escape::terminal(hidden.reason).constData());
        }
    }

    ExportRequest request;
    request.format = *fmt;
    request.path = path;
    request.scale = scaleValue;
    request.title = parser.value(title);
    request.page = *pageSize;
    request.orientation = parser.isSet(portrait) ? PageOrientation::Portrait : PageOrientation::Landscape;
    request.presentation = parser.isSet(presentation);
    request.dark = parser.isSet(dark);
    if (request.presentation && *fmt != ExportFormat::Json) {
        // What the class sees in presentation mode (a JSON export stays the whole snapshot).
        snapshot = containersAndHost(snapshot);
        if (!parser.isSet(page))
            request.page = PageSize::Slide;
    }
    QString error;
    if (viewName == QLatin1String("matrix") && *fmt != ExportFormat::Json) {
        NodePainter style(request.dark, request.presentation);
        MatrixContent content(snapshot, style, mask, parser.isSet(hideHost));
        if (request.title.isEmpty())
            request.title = QStringLiteral("Namespace sharing of %1").arg(snapshot->host().hostname);
        QString note;
        if (!exportDiagram(content, style, snapshot.get(), request, &error, &note))
            return fail(1, error + refusalHint(path));
        if (!note.isEmpty())
            std::fprintf(stderr, "nsviz export: %s\n", escape::terminal(note).constData());
        return done;
    }

    GraphModel model;
    model.setMode(mode);
    model.setVisibleTypes(mask);
    model.setHideHost(parser.isSet(hideHost));
    model.setFolding(!parser.isSet(noGroups));
    model.setSnapshot(snapshot);
    if (*fmt != ExportFormat::Json && model.nodes().size() > 300)
        std::fprintf(stderr, "nsviz export: laying out %s nodes…\n", qPrintable(QLocale().toString(qsizetype(model.nodes().size()))));
    QString note;
    if (!exportGraph(model, request, &error, &note))
        return fail(1, error + refusalHint(path));
    if (!note.isEmpty())
        std::fprintf(stderr, "nsviz export: %s\n", escape::terminal(note).constData());
    return done;
}

} // namespace nsviz
