// Exports of the fixture graph: SVG is XML holding every namespace id and the legend, PNG has the asked
// scale, PDF is one page, DOT parses back with Graphviz, JSON reads back as the same snapshot.
#include "guitestmain.h"
#include "graphtesting.h"

#include "export/diagramexport.h"
#include "export/matrixcontent.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

#include <graphviz/cgraph.h>

using namespace nsviz;

class TestExport : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    SnapshotPtr m_snapshot;
    std::unique_ptr<GraphModel> m_model;
    std::unique_ptr<GraphScene> m_scene;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    bool write(ExportFormat format, const QString &name, double scale = 1, QString *error = nullptr)
    {
        ExportRequest r;
        r.format = format;
        r.path = path(name);
        r.scale = scale;
        return exportGraph(*m_scene, r, error);
    }
    static QByteArray read(const QString &file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_snapshot = testing::fixtureSnapshot();
        m_model = std::make_unique<GraphModel>();
        m_model->setSnapshot(m_snapshot);
        m_scene = std::make_unique<GraphScene>(m_model.get());
        QVERIFY(m_scene->layoutNow().error.isEmpty());
    }

    void svg()
    {
        QString error;
        QVERIFY2(write(ExportFormat::Svg, QStringLiteral("g.svg"), 1, &error), qPrintable(error));
        const QByteArray data = read(path(QStringLiteral("g.svg")));
        QXmlStreamReader xml(data);
        QString text;
        bool title = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("title"))
                title = xml.readElementText().contains(QLatin1String("Namespaces of"));
            if (xml.isCharacters())
                text += xml.text() + QLatin1Char('\n');
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(title);
        for (const NamespaceInfo &n : m_snapshot->namespaces())
            QVERIFY2(text.contains(QString::number(n.id)), qPrintable(QString::number(n.id)));
        // The legend: every type and the kinds of edge drawn.
        for (NamespaceType t : allNamespaceTypes)
            QVERIFY(text.contains(namespaceTypeName(t)));
        QVERIFY(text.contains(QLatin1String("child of")));
        QVERIFY(text.contains(QLatin1String("member of")));
        // Every name in full.
        for (const GraphNode &n : m_model->nodes())
            QVERIFY2(text.contains(n.title), qPrintable(n.title));
        // The host line.
        QVERIFY(text.contains(m_snapshot->host().hostname));
    }

    void pngScale()
    {
        QVERIFY(write(ExportFormat::Png, QStringLiteral("1x.png"), 1));
        QVERIFY(write(ExportFormat::Png, QStringLiteral("2x.png"), 2));
        QVERIFY(write(ExportFormat::Png, QStringLiteral("4x.png"), 4));
        const QImage one(path(QStringLiteral("1x.png"))), two(path(QStringLiteral("2x.png"))), four(path(QStringLiteral("4x.png")));
        QVERIFY(!one.isNull() && !two.isNull() && !four.isNull());
        QVERIFY(qAbs(two.width() - 2 * one.width()) <= 2);
        QVERIFY(qAbs(two.height() - 2 * one.height()) <= 2);
        QVERIFY(qAbs(four.width() - 4 * one.width()) <= 4);
        QVERIFY(one.width() >= 720);
        QSet<QRgb> colours;
        for (int y = 0; y < two.height(); y += 4)
            for (int x = 0; x < two.width(); x += 4)
                colours.insert(two.pixel(x, y));
        QVERIFY(colours.size() > 50);
    }

    void pdf()
    {
        QVERIFY(write(ExportFormat::Pdf, QStringLiteral("g.pdf")));
        const QByteArray data = read(path(QStringLiteral("g.pdf")));
        QVERIFY(data.startsWith("%PDF-1."));
        QVERIFY(data.trimmed().endsWith("%%EOF"));
        // One page: one /Type /Page object (not /Pages).
        int pages = 0;
        auto it = QRegularExpression(QStringLiteral("/Type\\s*/Page(?!s)")).globalMatch(QString::fromLatin1(data));
        while (it.hasNext()) {
            it.next();
            ++pages;
        }
        QCOMPARE(pages, 1);
    }

    void dotParsesBack()
    {
        QVERIFY(write(ExportFormat::Dot, QStringLiteral("g.dot")));
        QByteArray data = read(path(QStringLiteral("g.dot")));
        Agraph_t *g = agmemread(data.constData());
        QVERIFY2(g, "Graphviz could not parse the DOT export");
        QCOMPARE(agnnodes(g), int(m_model->nodes().size()));
        QCOMPARE(agnedges(g), int(m_model->edges().size()));
        // Nodes carry the model's ids and their positions.
        QSet<QString> ids;
        for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
            ids.insert(QString::fromUtf8(agget(n, const_cast<char *>("id"))));
            QVERIFY(QByteArray(agget(n, const_cast<char *>("pos"))).endsWith('!'));
        }
        QCOMPARE(ids, QSet<QString>(m_model->nodes().keyBegin(), m_model->nodes().keyEnd()));
        agclose(g);
    }

    void jsonRoundTrip()
    {
        QVERIFY(write(ExportFormat::Json, QStringLiteral("s.json")));
        QString error;
        const SnapshotPtr back = readSnapshotJson(read(path(QStringLiteral("s.json"))), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == *m_snapshot);
    }

    void regionAndMatrix()
    {
        // A region: a smaller page than the whole graph.
        ExportRequest r;
        r.format = ExportFormat::Png;
        r.path = path(QStringLiteral("region.png"));
        const QRectF all = m_scene->graphBounds();
        r.region = QRectF(all.topLeft(), all.size() / 2);
        QString error;
        QVERIFY2(exportGraph(*m_scene, r, &error), qPrintable(error));
        QVERIFY(write(ExportFormat::Png, QStringLiteral("whole.png")));
        QVERIFY(QImage(r.path).height() < QImage(path(QStringLiteral("whole.png"))).height());

        NodePainter style;
        MatrixContent matrix(m_snapshot, style, GraphModel::allTypes(), false);
        QCOMPARE(matrix.rowCount(), int(m_snapshot->processes().size()));
        r.region = {};
        r.format = ExportFormat::Svg;
        r.path = path(QStringLiteral("matrix.svg"));
        QVERIFY2(exportDiagram(matrix, style, m_snapshot.get(), r, &error), qPrintable(error));
        const QByteArray svg = read(r.path);
        QVERIFY(svg.contains(QByteArray::number(fixtures::basic::dockerNet)));
        MatrixContent containersOnly(m_snapshot, style, GraphModel::allTypes(), true);
        QVERIFY(containersOnly.rowCount() < matrix.rowCount());
    }

    void sessionStateStaysOutOfExports()
    {
        // What the user has highlighted and selected is not part of the document.
        QVERIFY(write(ExportFormat::Png, QStringLiteral("clean.png")));
        const QString docker = m_model->nodeForProcess(200);
        m_scene->setHighlight({docker});
        m_scene->selectNode(docker);
        m_scene->setHovered(docker);
        QVERIFY(write(ExportFormat::Png, QStringLiteral("session.png")));
        QCOMPARE(QImage(path(QStringLiteral("session.png"))), QImage(path(QStringLiteral("clean.png"))));
        QVERIFY(m_scene->isHighlighted(docker)); // and the session is as it was
        QVERIFY(m_scene->item(docker)->isSelected());
        m_scene->setHovered({});
        m_scene->clearHighlight();
        m_scene->selectNode({});
    }

    void hostileNamesInDot()
    {
        // Process names are whatever a process sets: quotes, backslashes, newlines must not break the DOT.
        std::vector<ProcessInfo> processes;
        std::vector<NamespaceInfo> namespaces;
        const QString hostile = QStringLiteral("a\"b\\c\nd\\");
        NamespaceSet set;
        for (NamespaceType t : allNamespaceTypes)
            set[t] = 4026531835 + int(t);
        for (qint32 pid : {1, 2}) {
            ProcessInfo p;
            p.pid = p.tgid = pid;
            p.comm = pid == 2 ? hostile : QStringLiteral("other"); // pid 2 is in a net namespace of its own
            p.cmdline = {p.comm};
            p.namespaces.set = set;
            if (pid == 2)
                p.namespaces.set[NamespaceType::Net] = 4026532000;
            processes.push_back(p);
        }
        for (NamespaceType t : allNamespaceTypes) {
            NamespaceInfo n;
            n.id = set[t];
            n.type = t;
            n.initial = true;
            n.tasks = n.processes = t == NamespaceType::Net ? QList<qint32>{1} : QList<qint32>{1, 2};
            namespaces.push_back(n);
        }
        NamespaceInfo net;
        net.id = 4026532000;
        net.type = NamespaceType::Net;
        net.tasks = net.processes = {2};
        namespaces.push_back(net);
        GraphModel model;
        model.setSnapshot(std::make_shared<const Snapshot>(HostInfo{QStringLiteral("h\"ost"), {}, {}, -1, true}, processes, namespaces));
        const QByteArray dot = graphToDot(model, {}, QStringLiteral("t\\"));
        Agraph_t *g = agmemread(dot.constData());
        QVERIFY2(g, dot.constData());
        QCOMPARE(agnnodes(g), int(model.nodes().size()));
        QStringList labels;
        for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
            labels << QString::fromUtf8(agget(n, const_cast<char *>("label")));
        // Graphviz gives the label back as written, minus the quoting of the quote: a"b\\c (escString).
        QVERIFY2(labels.join(QLatin1Char('|')).contains(QStringLiteral("a\"b\\\\c")), qPrintable(labels.join(QLatin1Char('|'))));
        agclose(g);
    }

    void pagesHaveTheirShape_data()
    {
        QTest::addColumn<int>("containers");
        QTest::addColumn<int>("page");
        QTest::addColumn<bool>("portrait");
        QTest::addColumn<double>("aspect"); // 0: anything between 1:2 and 2:1
        for (int n : {10, 50, 500}) {
            QTest::addRow("%d, fit", n) << n << int(PageSize::Fit) << false << 0.0;
            QTest::addRow("%d, 16:9", n) << n << int(PageSize::Slide) << false << 16.0 / 9.0;
            QTest::addRow("%d, A4 portrait", n) << n << int(PageSize::A4) << true << 1 / std::sqrt(2.0);
            QTest::addRow("%d, Letter", n) << n << int(PageSize::Letter) << false << 11.0 / 8.5;
        }
    }
    void pagesHaveTheirShape()
    {
        // PNG and SVG have the page's shape, every name is in the SVG in full as text, and at scale 1 even the
        // 500-container host fits in 8,000 pixels on its long side.
        QFETCH(int, containers);
        QFETCH(int, page);
        QFETCH(bool, portrait);
        QFETCH(double, aspect);
        GraphModel model;
        model.setSnapshot(testing::realisticHost(containers));
        ExportRequest r;
        r.page = PageSize(page);
        r.orientation = portrait ? PageOrientation::Portrait : PageOrientation::Landscape;
        r.format = ExportFormat::Png;
        r.path = path(QStringLiteral("page.png"));
        QString error;
        QVERIFY2(exportGraph(model, r, &error), qPrintable(error));
        const QImage png(r.path);
        QVERIFY(!png.isNull());
        const double shape = double(png.width()) / png.height();
        if (aspect > 0)
            QVERIFY2(std::abs(shape / aspect - 1) < 0.01, qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));
        else
            QVERIFY2(shape >= 0.5 && shape <= 2, qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));
        QVERIFY2(std::max(png.width(), png.height()) <= 8000, qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));

        r.format = ExportFormat::Svg;
        r.path = path(QStringLiteral("page.svg"));
        QVERIFY2(exportGraph(model, r, &error), qPrintable(error));
        QXmlStreamReader xml(read(r.path));
        QString text;
        QSizeF size;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg"))
                size = QSizeF(xml.attributes().value(QLatin1String("width")).toString().remove(QLatin1String("mm")).toDouble(),
                              xml.attributes().value(QLatin1String("height")).toString().remove(QLatin1String("mm")).toDouble());
            if (xml.isCharacters())
                text += xml.text() + QLatin1Char('\n');
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        if (aspect > 0)
            QVERIFY2(std::abs(size.width() / size.height() / aspect - 1) < 0.01, qPrintable(QStringLiteral("%1x%2").arg(size.width()).arg(size.height())));
        for (const GraphNode &n : model.nodes())
            QVERIFY2(text.contains(n.title), qPrintable(n.title));
        QVERIFY(!text.contains(QLatin1String("double-click"))); // nothing of the interaction in a document
    }

    void pdfPagesAsChosen_data()
    {
        QTest::addColumn<int>("containers");
        QTest::addColumn<bool>("fold");
        QTest::addColumn<int>("page");
        QTest::addColumn<int>("minPages");
        QTest::addColumn<int>("maxPages");
        QTest::addRow("10 containers, A4") << 10 << true << int(PageSize::A4) << 1 << 1;
        QTest::addRow("500 folded, A4") << 500 << true << int(PageSize::A4) << 1 << 1;
        QTest::addRow("500 one by one, A4: readable pages") << 500 << false << int(PageSize::A4) << 3 << 60;
        QTest::addRow("500 one by one, fit: one page") << 500 << false << int(PageSize::Fit) << 1 << 1;
    }
    void pdfPagesAsChosen()
    {
        QFETCH(int, containers);
        QFETCH(bool, fold);
        QFETCH(int, page);
        QFETCH(int, minPages);
        QFETCH(int, maxPages);
        GraphModel model;
        model.setFolding(fold);
        model.setSnapshot(testing::realisticHost(containers));
        ExportRequest r;
        r.format = ExportFormat::Pdf;
        r.page = PageSize(page);
        r.path = path(QStringLiteral("pages.pdf"));
        QString error;
        QVERIFY2(exportGraph(model, r, &error), qPrintable(error));
        const QString pdf = QString::fromLatin1(read(r.path));
        int pages = 0;
        auto it = QRegularExpression(QStringLiteral("/Type\\s*/Page(?!s)")).globalMatch(pdf);
        while (it.hasNext()) {
            it.next();
            ++pages;
        }
        QVERIFY2(pages >= minPages && pages <= maxPages, qPrintable(QString::number(pages)));
        if (PageSize(page) != PageSize::Fit) {
            // Every page A4 landscape: 842 x 595 points.
            auto boxes = QRegularExpression(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)")).globalMatch(pdf);
            int seen = 0;
            while (boxes.hasNext()) {
                const auto m = boxes.next();
                QVERIFY2(std::abs(m.captured(1).toDouble() - 841.9) < 1 && std::abs(m.captured(2).toDouble() - 595.3) < 1,
                         qPrintable(m.captured(0)));
                ++seen;
            }
            QCOMPARE(seen, pages);
        }
    }

    void matrixOnPaperIsCutIntoSheets()
    {
        // A matrix on A4: sheets of whole rows, as many pages as sheets (none with only the key), and each page
        // carries its own rows only (a PDF keeps clipped text: the whole table on every page was ~pages x the size).
        NodePainter style;
        const SnapshotPtr host = testing::realisticHost(500);
        auto pageCount = [](const QByteArray &pdf) {
            int pages = 0;
            auto it = QRegularExpression(QStringLiteral("/Type\\s*/Page(?!s)")).globalMatch(QString::fromLatin1(pdf));
            for (; it.hasNext(); it.next())
                ++pages;
            return pages;
        };
        MatrixContent paper(host, style, GraphModel::allTypes(), false);
        ExportRequest r;
        r.format = ExportFormat::Pdf;
        r.page = PageSize::A4;
        r.path = path(QStringLiteral("matrix-a4.pdf"));
        QString error;
        QVERIFY2(exportDiagram(paper, style, nullptr, r, &error), qPrintable(error));
        const QByteArray a4 = read(r.path);
        QVERIFY(paper.sheets() > 2);
        QCOMPARE(pageCount(a4), int(paper.sheets()));
        MatrixContent whole(host, style, GraphModel::allTypes(), false);
        r.page = PageSize::Fit;
        r.path = path(QStringLiteral("matrix-fit.pdf"));
        QVERIFY2(exportDiagram(whole, style, nullptr, r, &error), qPrintable(error));
        const QByteArray fit = read(r.path);
        QCOMPARE(pageCount(fit), 1);
        QVERIFY2(a4.size() < 2 * fit.size(), qPrintable(QStringLiteral("%1 pages: %2 bytes, one page: %3").arg(paper.sheets()).arg(a4.size()).arg(fit.size())));
    }

    void bigTreesAndMatricesAreNeverRefused()
    {
        // The user and pid trees of 2,000 containers, and their matrix: laid out for the page, never "too large".
        GraphModel tree;
        tree.setMode(GraphModel::Mode::Hierarchy);
        tree.setSnapshot(testing::realisticHost(2000));
        ExportRequest r;
        r.format = ExportFormat::Png;
        r.path = path(QStringLiteral("tree.png"));
        QString error;
        QVERIFY2(exportGraph(tree, r, &error), qPrintable(error));
        QImageReader::setAllocationLimit(0); // it is big: 2,000 pid namespaces with their names
        const QImage png(r.path);
        QVERIFY(!png.isNull());
        QVERIFY2(double(png.width()) / png.height() <= 2 && double(png.width()) / png.height() >= 0.5,
                 qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));
        NodePainter style;
        MatrixContent matrix(testing::realisticHost(500), style, GraphModel::allTypes(), false);
        r.path = path(QStringLiteral("matrix.png"));
        QVERIFY2(exportDiagram(matrix, style, nullptr, r, &error), qPrintable(error));
        const QImage m(r.path);
        QVERIFY2(double(m.width()) / m.height() <= 2 && double(m.width()) / m.height() >= 0.5, qPrintable(QStringLiteral("%1x%2").arg(m.width()).arg(m.height())));
        QVERIFY(matrix.columns() > 1);
    }

    void noInteractionGlyphsInDocuments()
    {
        // The +/- of a card that opens is for the screen: a document has no use for it.
        const GraphNode &card = *m_model->node(m_model->nodeForProcess(200));
        NodePainter style;
        const NodeGeometry g = style.measure(card);
        auto draw = [&](bool exporting) {
            QImage image(g.size.toSize(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
            QPainter p(&image);
            NodePainter::State state;
            state.exporting = exporting;
            style.paint(&p, card, g, QRectF(QPointF(0, 0), g.size), state);
            return image;
        };
        const QImage screen = draw(false), document = draw(true);
        const QRect glyph(int(g.size.width()) - 22, 6, 16, 18);
        int differ = 0;
        for (int y = 0; y < screen.height(); ++y)
            for (int x = 0; x < screen.width(); ++x)
                if (screen.pixel(x, y) != document.pixel(x, y)) {
                    QVERIFY2(glyph.contains(x, y), qPrintable(QStringLiteral("%1,%2").arg(x).arg(y)));
                    ++differ;
                }
        QVERIFY(differ > 10);
    }

    void hostileNamesInSvg()
    {
        // A hostname with markup stays text; one with a code point XML forbids, or a right-to-left override,
        // is drawn with it made visible: the SVG stays well-formed XML with no element the host wrote.
        const SnapshotPtr base = testing::realisticHost(10);
        std::vector<NamespaceInfo> namespaces = base->namespaces();
        const NamespaceId uts = base->process(1090)->namespaces.set[NamespaceType::Uts];
        for (NamespaceInfo &n : namespaces)
            if (n.id == uts)
                n.details.insert(QStringLiteral("hostname"), QStringLiteral("web\uFFFE1\u202Eevil<b>"));
        HostInfo host = base->host();
        host.hostname = QStringLiteral("<script>alert(1)</script>");
        GraphModel model;
        model.setSnapshot(std::make_shared<const Snapshot>(host, base->processes(), std::move(namespaces)));
        ExportRequest r;
        r.format = ExportFormat::Svg;
        r.path = path(QStringLiteral("hostile.svg"));
        r.title = QStringLiteral("</title><script>x</script>");
        QString error;
        QVERIFY2(exportGraph(model, r, &error), qPrintable(error));
        QXmlStreamReader xml(read(r.path));
        QString text;
        while (!xml.atEnd()) {
            xml.readNext();
            QVERIFY2(!(xml.isStartElement() && xml.name() == QLatin1String("script")), "a <script> element in the SVG");
            QVERIFY(!(xml.isStartElement() && xml.name() == QLatin1String("b")));
            if (xml.isCharacters())
                text += xml.text();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(text.contains(QLatin1String("<script>alert(1)</script>"))); // as text
        QVERIFY(text.contains(QStringLiteral("web\uFFFD1\uFFFDevil<b>")));
        QVERIFY(!text.contains(QChar(0x202E)));
    }

    void errorsAreClear()
    {
        QString error;
        QVERIFY(!write(ExportFormat::Svg, QStringLiteral("no/such/dir/g.svg"), 1, &error));
        QVERIFY2(error.contains(QLatin1String("cannot write")), qPrintable(error));
        QVERIFY(!write(ExportFormat::Png, QStringLiteral("huge.png"), 16, &error));
        QVERIFY2(error.contains(QLatin1String("too large")), qPrintable(error));
        QVERIFY(!QFile::exists(path(QStringLiteral("huge.png"))));
        // Not asked for big, a picture too big for an image is drawn smaller, and says so.
        {
            GraphModel tree;
            tree.setMode(GraphModel::Mode::Hierarchy);
            tree.setFolding(false);
            tree.setSnapshot(testing::syntheticHost(7000, 1, 5, 0)); // 7,000 pid namespaces under the host's
            ExportRequest r;
            r.format = ExportFormat::Png;
            r.path = path(QStringLiteral("biggest.png"));
            QString note;
            QVERIFY2(exportGraph(tree, r, &error, &note), qPrintable(error));
            QVERIFY2(note.contains(QLatin1String("to fit in an image")), qPrintable(note));
            QImageReader::setAllocationLimit(0);
            const QImage png(r.path);
            QVERIFY(!png.isNull());
            QVERIFY(png.width() <= 32000 && png.height() <= 32000 && qint64(png.width()) * png.height() <= 100'000'000);
        }
        GraphModel empty;
        GraphScene scene(&empty);
        ExportRequest r;
        r.format = ExportFormat::Png;
        r.path = path(QStringLiteral("empty.png"));
        QVERIFY(!exportGraph(scene, r, &error));
        QVERIFY2(error.contains(QLatin1String("nothing to export")), qPrintable(error));
    }
};

int main(int argc, char *argv[])
{
    return nsviz::testing::runGuiTest<TestExport>(argc, argv, "tst_export");
}
#include "tst_export.moc"
