// Output fuzzing: snapshots whose every host string (hostname, kernel, title, process names and command lines,
// container labels, mount paths, containers' own hostnames) is random and hostile, through every writer, each output read back by the parser
// its readers use: SVG by an XML parser (no element but the drawing's own, the title and description exactly the
// visible text), DOT by Graphviz (agmemread, and `dot -Tplain` where installed), JSON by readSnapshotJson (the same
// snapshot back), PNG and PDF whole. Also the case: "<script>" as the live host's hostname.
#include "graphtesting.h"
#include "guitestmain.h"
#include "hostilestrings.h"

#include "export/diagramexport.h"
#include "export/matrixcontent.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/nodepainter.h"
#include "io/escape.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <graphviz/cgraph.h>

#include <unistd.h>

using namespace nsviz;

namespace {

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The fixture host with every string a host hands over replaced by a hostile one.
SnapshotPtr hostileSnapshot(QRandomGenerator &rng)
{
    const SnapshotPtr base = testing::fixtureSnapshot();
    HostInfo host = base->host();
    host.hostname = testing::hostileHostString(rng);
    host.kernel = testing::hostileHostString(rng);
    std::vector<ProcessInfo> processes = base->processes();
    for (ProcessInfo &p : processes) {
        p.comm = testing::hostileHostString(rng);
        for (QString &a : p.cmdline)
            a = testing::hostileHostString(rng);
        if (p.container)
            p.container = ContainerLabel{testing::hostileHostString(rng), testing::hostileHostString(rng), testing::hostileHostString(rng)};
        else if (rng.bounded(3) == 0 && p.pid > 2)
            p.container = ContainerLabel{testing::hostileHostString(rng), testing::hostileHostString(rng), {}};
    }
    std::vector<NamespaceInfo> namespaces = base->namespaces();
    for (NamespaceInfo &n : namespaces) {
        for (BindMount &m : n.bindMounts)
            m.path = testing::hostileHostString(rng);
        // A container's own hostname names its card in the graph.
        if (n.type == NamespaceType::Uts && !n.initial)
            n.details.insert(QStringLiteral("hostname"), testing::hostileHostString(rng));
    }
    return std::make_shared<const Snapshot>(host, processes, namespaces, Inaccessible{0, testing::hostileHostString(rng)});
}

// SVG as a browser would read it: well-formed, only drawing elements, the title and description as text.
QString checkSvg(const QByteArray &svg, const QString &title, const QString &hostname)
{
    static const QSet<QString> drawing{QStringLiteral("svg"), QStringLiteral("title"), QStringLiteral("desc"), QStringLiteral("defs"),
                                       QStringLiteral("g"), QStringLiteral("path"), QStringLiteral("rect"), QStringLiteral("text"),
                                       QStringLiteral("polyline"), QStringLiteral("polygon"), QStringLiteral("ellipse"),
                                       QStringLiteral("circle"), QStringLiteral("line"), QStringLiteral("image"),
                                       QStringLiteral("linearGradient"), QStringLiteral("radialGradient"), QStringLiteral("stop")};
    QXmlStreamReader xml(svg);
    QString seenTitle, seenDesc;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const QString name = xml.name().toString();
        if (!drawing.contains(name))
            return QStringLiteral("an element <%1> that is not the drawing's").arg(name);
        if (name == QLatin1String("title"))
            seenTitle = xml.readElementText();
        else if (name == QLatin1String("desc"))
            seenDesc = xml.readElementText();
    }
    if (xml.hasError())
        return QStringLiteral("not well-formed XML: %1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    const QString expected = !title.isEmpty() ? title : hostname.isEmpty() ? QStringLiteral("Namespaces") : QStringLiteral("Namespaces of ") + hostname;
    if (seenTitle != escape::visible(expected))
        return QStringLiteral("the title came back as \"%1\", not \"%2\"").arg(seenTitle.left(200), escape::visible(expected).left(200));
    if (!seenDesc.contains(escape::visible(hostname)))
        return QStringLiteral("the description lacks the hostname");
    return {};
}

} // namespace

class TestOutputFuzz : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_dot;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    }

    void everyWriter()
    {
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u (NSVIZ_FUZZ_SEED to repeat)", seed);
        QRandomGenerator rng(qEnvironmentVariableIsSet("NSVIZ_FUZZ_SEED") ? qEnvironmentVariable("NSVIZ_FUZZ_SEED").toUInt() : seed);
        const int rounds = qEnvironmentVariableIntValue("NSVIZ_FUZZ_ROUNDS") > 0 ? qEnvironmentVariableIntValue("NSVIZ_FUZZ_ROUNDS") : 20;
        for (int round = 0; round < rounds; ++round) {
            const SnapshotPtr snapshot = hostileSnapshot(rng);
            GraphModel model;
            model.setMode(round % 3 == 2 ? GraphModel::Mode::Hierarchy : GraphModel::Mode::Sharing);
            model.setSnapshot(snapshot);
            GraphScene scene(&model);
            scene.setAnimated(false);
            QVERIFY2(scene.layoutNow(true).error.isEmpty(), "layout failed");
            const QString title = testing::hostileString(rng);
            auto request = [&](ExportFormat format, const QString &name) {
                ExportRequest r;
                r.format = format;
                r.path = m_dir.filePath(name);
                r.title = title;
                return r;
            };
            QString error;

            ExportRequest svg = request(ExportFormat::Svg, QStringLiteral("g.svg"));
            QVERIFY2(exportGraph(scene, svg, &error), qPrintable(error));
            QString problem = checkSvg(contents(svg.path), title, snapshot->host().hostname);
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("round %1, graph SVG: %2").arg(round).arg(problem)));

            NodePainter style;
            MatrixContent matrix(snapshot, style, GraphModel::allTypes(), false);
            ExportRequest matrixSvg = request(ExportFormat::Svg, QStringLiteral("m.svg"));
            QVERIFY2(exportDiagram(matrix, style, snapshot.get(), matrixSvg, &error), qPrintable(error));
            problem = checkSvg(contents(matrixSvg.path), title, snapshot->host().hostname);
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("round %1, matrix SVG: %2").arg(round).arg(problem)));

            ExportRequest dot = request(ExportFormat::Dot, QStringLiteral("g.dot"));
            QVERIFY2(exportGraph(scene, dot, &error), qPrintable(error));
            const QByteArray dotText = contents(dot.path);
            Agraph_t *g = agmemread(dotText.constData());
            QVERIFY2(g, qPrintable(QStringLiteral("round %1: Graphviz cannot parse the DOT").arg(round)));
            QCOMPARE(agnnodes(g), int(model.nodes().size()));
            agclose(g);
            if (!m_dot.isEmpty()) {
                QProcess p;
                p.start(m_dot, {QStringLiteral("-Tplain"), dot.path});
                QVERIFY(p.waitForFinished(60000));
                QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
                QVERIFY(p.readAllStandardOutput().startsWith("graph "));
            }

            ExportRequest json = request(ExportFormat::Json, QStringLiteral("s.json"));
            QVERIFY2(exportGraph(scene, json, &error), qPrintable(error));
            const SnapshotPtr back = readSnapshotJson(contents(json.path), &error);
            QVERIFY2(back, qPrintable(error));
            QVERIFY2(*back == *snapshot, qPrintable(QStringLiteral("round %1: the JSON did not give the snapshot back").arg(round)));

            // PNG and PDF pages are as wide as their title and host line: a 16 KiB hostname (only a hand-made snapshot
            // has one; the kernel allows 64 bytes) makes a page no PNG can hold, which the export refuses with a message.
            const bool reasonableHeader = title.size() < 200 && snapshot->host().hostname.size() < 200 && snapshot->host().kernel.size() < 200;
            if (round % 5 == 0 && reasonableHeader) {
                ExportRequest png = request(ExportFormat::Png, QStringLiteral("g.png"));
                QVERIFY2(exportGraph(scene, png, &error), qPrintable(error));
                // A card drawn with a 20 KiB name in full makes a page as big as an export may be (100 Mpixel, drawn
                // smaller to fit): more than QImageReader reads by default (256 MiB), so read it without that limit.
                QImageReader reader(png.path);
                reader.setAllocationLimit(0);
                QVERIFY2(!reader.read().isNull(), qPrintable(reader.errorString()));
                ExportRequest pdf = request(ExportFormat::Pdf, QStringLiteral("g.pdf"));
                QVERIFY2(exportGraph(scene, pdf, &error), qPrintable(error));
                QVERIFY(contents(pdf.path).trimmed().endsWith("%%EOF"));
            }
        }
    }

    // The reproduction: a uts namespace whose hostname is a script element, exported from the live host.
    void scriptInTheLiveHostname()
    {
        if (::geteuid() != 0)
            QSKIP("setting a hostname in a new uts namespace needs root");
        const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
        if (unshare.isEmpty())
            QSKIP("needs unshare(1) from util-linux");
        const QString out = m_dir.filePath(QStringLiteral("live.svg"));
        QProcess p;
        p.start(unshare, {QStringLiteral("--uts"), QStringLiteral("sh"), QStringLiteral("-c"),
                          QStringLiteral("printf '<script>alert(1)</script>' > /proc/sys/kernel/hostname && exec \"$0\" export -o \"$1\""),
                          QStringLiteral(NSVIZ_APP), out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QByteArray svg = contents(out);
        QVERIFY(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        const QString problem = checkSvg(svg, QStringLiteral("Namespaces of <script>alert(1)</script>"), QStringLiteral("<script>alert(1)</script>"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

int main(int argc, char *argv[])
{
    return testing::runGuiTest<TestOutputFuzz>(argc, argv, "tst_outputfuzz");
}
#include "tst_outputfuzz.moc"
