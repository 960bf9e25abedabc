#include "diagramexport.h"

#include "graph/graphscene.h"
#include "graph/nodeitem.h"
#include "graph/nodepainter.h"
#include "io/escape.h"
#include "io/safefile.h"
#include "itemmodels/displaytext.h"
#include "snapshot/snapshotjson.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace nsviz {

namespace {

constexpr double margin = 24;
constexpr double headerHeight = 54;
constexpr double minPageWidth = 720;
constexpr double pdfMaxPoints = 14400; // the largest page PDF readers accept (200 inches)
constexpr int pngMaxPixels = 32000;    // per side: QImage and most viewers give up beyond this
constexpr qint64 pngMaxArea = 100'000'000; // 400 MB of pixels is as much as an export should take

QString defaultTitle(const Snapshot *snapshot)
{
    if (snapshot && !snapshot->host().hostname.isEmpty())
        return QStringLiteral("Namespaces of %1").arg(text::oneLine(snapshot->host().hostname));
    return QStringLiteral("Namespaces");
}

QString hostLine(const Snapshot *snapshot)
{
    if (!snapshot)
        return {};
    const HostInfo &h = snapshot->host();
    QStringList parts;
    if (!h.hostname.isEmpty())
        parts << text::oneLine(h.hostname);
    if (!h.kernel.isEmpty())
        parts << QStringLiteral("Linux ") + text::oneLine(h.kernel);
    if (h.time.isValid())
        parts << h.time.toUTC().toString(Qt::ISODate);
    parts << text::count(qsizetype(snapshot->processes().size()), "process", "processes")
          << text::count(qsizetype(snapshot->namespaces().size()), "namespace", "namespaces");
    if (!h.complete)
        parts << QStringLiteral("incomplete: %1 not visible").arg(text::count(snapshot->inaccessible().processes, "process", "processes"));
    return parts.join(QStringLiteral(" · "));
}

struct Page
{
    QSizeF size;
    QRectF header, content, legend;
};

QFont headerFont(int pixels, bool bold)
{
    QFont f;
    f.setPixelSize(pixels);
    f.setBold(bold);
    return f;
}

Page pageFor(const QRectF &source, const NodePainter &style, const DiagramContent &content, bool legend, const QString &title,
             const QString &host)
{
    Page p;
    // Wide enough for the title and the host line, so neither is cut off on a small diagram.
    const double text = std::max(QFontMetricsF(headerFont(18, true)).horizontalAdvance(title),
                                 QFontMetricsF(headerFont(12, false)).horizontalAdvance(host));
    const double width = std::max({source.width() + 2 * margin, minPageWidth, text + 2 * margin + 8});
    p.header = QRectF(margin, margin, width - 2 * margin, headerHeight - 8);
    p.content = QRectF((width - source.width()) / 2, margin + headerHeight, source.width(), source.height());
    double bottom = p.content.bottom() + margin;
    if (legend && (content.legendTypes().any() || content.hasEdgeLegend())) {
        const QSizeF ls = style.legendSize(width - 2 * margin, int(content.legendTypes().count()));
        p.legend = QRectF(QPointF(margin, bottom - margin / 2), ls);
        bottom = p.legend.bottom() + margin;
    }
    p.size = QSizeF(width, bottom);
    return p;
}

void paintPage(QPainter &painter, const Page &page, DiagramContent &content, const QRectF &source,
               const NodePainter &style, const QString &title, const QString &host)
{
    painter.fillRect(QRectF(QPointF(0, 0), page.size), style.background());
    painter.setPen(style.textColor());
    painter.setFont(headerFont(18, true));
    painter.drawText(QRectF(page.header.left(), page.header.top(), page.header.width(), 24), Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(headerFont(12, false));
    painter.drawText(QRectF(page.header.left(), page.header.top() + 26, page.header.width(), 18), Qt::AlignLeft | Qt::AlignVCenter, host);
    content.render(&painter, page.content, source);
    if (!page.legend.isNull())
        style.paintLegend(&painter, page.legend, content.legendTypes());
}

// Every file goes through io::SafeFile: never through a link, never over a device, FIFO or folder, and the old
// file stays whole until the new one is. "-" is standard output (nsviz export -o -).
constexpr int fileOptions = io::SafeFile::DashIsStdout;

bool cannotWrite(QString *error, const io::SafeFile &f)
{
    if (error)
        *error = f.errorString().isEmpty() ? QStringLiteral("cannot write %1").arg(escape::visible(f.path())) : f.errorString();
    return false;
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    return io::SafeFile::writeFile(path, data, error, fileOptions);
}

// QSvgGenerator (Qt 6.4) writes the title and description into the XML as they are: "<script>" in a hostname
// would become an element. Escape them here, unless this Qt does so itself (asked once, on a tiny drawing).
QString svgMetadata(const QString &text)
{
    static const bool generatorEscapes = [] {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator probe;
        probe.setOutputDevice(&buffer);
        probe.setSize(QSize(1, 1));
        probe.setTitle(QStringLiteral("&"));
        QPainter(&probe).end();
        return buffer.data().contains("<title>&amp;</title>");
    }();
    return generatorEscapes ? escape::visible(text) : escape::xmlText(text);
}

// Also cut far below Graphviz's 16 KiB token limit: a label of thousands of characters (a crafted mount path or
// container label) parses, but makes a node so wide that dot and sfdp refuse to lay the file out again.
QByteArray dotQuoted(const QString &s)
{
    return escape::dotString(s, 1024);
}

QByteArray dotShape(NamespaceType type)
{
    switch (type) {
    case NamespaceType::Net: return "ellipse";
    case NamespaceType::Pid: return "octagon";
    case NamespaceType::Ipc: return "hexagon";
    case NamespaceType::Mnt: return "note";
    case NamespaceType::User: return "box\", style=\"rounded,filled";
    case NamespaceType::Uts: return "box";
    case NamespaceType::Cgroup: return "parallelogram";
    case NamespaceType::Time: return "trapezium";
    }
    return "box";
}

} // namespace

DiagramContent::~DiagramContent() = default;

std::optional<ExportFormat> exportFormatFromName(QStringView name)
{
    const QString n = name.toString().toLower();
    if (n == QLatin1String("png"))
        return ExportFormat::Png;
    if (n == QLatin1String("svg"))
        return ExportFormat::Svg;
    if (n == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    if (n == QLatin1String("dot") || n == QLatin1String("gv"))
        return ExportFormat::Dot;
    if (n == QLatin1String("json"))
        return ExportFormat::Json;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Dot: return QStringLiteral("dot");
    case ExportFormat::Json: return QStringLiteral("json");
    }
    return {};
}

bool exportDiagram(DiagramContent &content, const NodePainter &style, const Snapshot *snapshot, const ExportRequest &request,
                   QString *error)
{
    const QRectF source = request.region.isNull() ? content.bounds() : request.region;
    if (source.isEmpty()) {
        if (error)
            *error = QStringLiteral("there is nothing to export: the diagram is empty");
        return false;
    }
    const QString title = request.title.isEmpty() ? defaultTitle(snapshot) : text::oneLine(request.title);
    const QString host = hostLine(snapshot);
    const Page page = pageFor(source, style, content, request.legend, title, host);

    switch (request.format) {
    case ExportFormat::Png: {
        const double scale = std::clamp(request.scale, 0.1, 16.0);
        const QSize pixels = (page.size * scale).toSize();
        if (pixels.width() > pngMaxPixels || pixels.height() > pngMaxPixels || qint64(pixels.width()) * pixels.height() > pngMaxArea) {
            if (error)
                *error = QStringLiteral("a %1×%2 pixel image is too large; export a smaller scale, a region, or SVG/PDF")
                             .arg(pixels.width()).arg(pixels.height());
            return false;
        }
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            if (error)
                *error = QStringLiteral("not enough memory for a %1×%2 pixel image").arg(pixels.width()).arg(pixels.height());
            return false;
        }
        image.setDevicePixelRatio(1);
        // Readers can tell the scale from the resolution: 1x is 96 dpi.
        image.setDotsPerMeterX(int(96 * scale / 0.0254));
        image.setDotsPerMeterY(int(96 * scale / 0.0254));
        {
            QPainter painter(&image);
            painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
            painter.scale(scale, scale);
            paintPage(painter, page, content, source, style, title, host);
        }
        io::SafeFile f(request.path, fileOptions);
        if (!f.open() || !image.save(f.device(), "PNG") || !f.commit())
            return cannotWrite(error, f);
        return true;
    }
    case ExportFormat::Svg: {
        io::SafeFile f(request.path, fileOptions);
        if (!f.open())
            return cannotWrite(error, f);
        QSvgGenerator svg;
        svg.setOutputDevice(f.device());
        svg.setSize(page.size.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), page.size));
        svg.setTitle(svgMetadata(title));
        svg.setDescription(svgMetadata(QStringLiteral("Linux namespaces and the processes sharing them, drawn by nsviz. ") + host));
        {
            QPainter painter(&svg);
            paintPage(painter, page, content, source, style, title, host);
        }
        if (!f.commit())
            return cannotWrite(error, f);
        return true;
    }
    case ExportFormat::Pdf: {
        io::SafeFile f(request.path, fileOptions);
        if (!f.open())
            return cannotWrite(error, f);
        {
            // One page the size of the diagram (1 unit = 1 pt), shrunk to what PDF readers accept.
            const double shrink = std::min(1.0, pdfMaxPoints / std::max(page.size.width(), page.size.height()));
            QPdfWriter pdf(f.device());
            pdf.setTitle(title);
            pdf.setCreator(QStringLiteral("nsviz"));
            pdf.setResolution(72);
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(page.size * shrink, QPageSize::Point, QString(), QPageSize::ExactMatch));
            QPainter painter;
            if (!painter.begin(&pdf)) {
                if (error)
                    *error = QStringLiteral("cannot start a PDF in %1").arg(request.path);
                return false;
            }
            painter.scale(shrink, shrink);
            paintPage(painter, page, content, source, style, title, host);
        }
        if (!f.commit())
            return cannotWrite(error, f);
        return true;
    }
    case ExportFormat::Dot:
    case ExportFormat::Json:
        break;
    }
    if (error)
        *error = QStringLiteral("%1 is not an image format").arg(exportFormatName(request.format));
    return false;
}

SceneContent::SceneContent(GraphScene &scene)
    : m_scene(scene)
{
}

QRectF SceneContent::bounds() const
{
    const QRectF graph = m_scene.graphBounds();
    return graph.isEmpty() ? QRectF() : graph.adjusted(-8, -8, 8, 8);
}

void SceneContent::render(QPainter *painter, const QRectF &target, const QRectF &source)
{
    // Exports draw every label, every edge whole and no pixmap caches (an SVG or PDF wants text, not bitmaps),
    // and nothing of the user's hover, selection or highlight: a document shows the graph, not the session.
    m_scene.setDetailForced(true);
    m_scene.setHovered({});
    const QSet<QString> highlight = m_scene.highlight();
    m_scene.clearHighlight();
    QStringList selected;
    for (QGraphicsItem *item : m_scene.selectedItems())
        if (auto *node = qgraphicsitem_cast<NodeItem *>(item))
            selected << node->id();
    m_scene.clearSelection();
    QHash<NodeItem *, QGraphicsItem::CacheMode> caches;
    for (NodeItem *item : m_scene.nodeItems())
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            caches.insert(item, item->cacheMode());
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    const QBrush background = m_scene.backgroundBrush();
    m_scene.setBackgroundBrush(Qt::NoBrush);
    m_scene.render(painter, target, source, Qt::KeepAspectRatio);
    m_scene.setBackgroundBrush(background);
    for (auto it = caches.cbegin(); it != caches.cend(); ++it)
        it.key()->setCacheMode(*it);
    m_scene.setDetailForced(false);
    m_scene.setHighlight(highlight);
    for (const QString &id : std::as_const(selected))
        if (NodeItem *item = m_scene.item(id))
            item->setSelected(true);
}

GraphModel::TypeMask SceneContent::legendTypes() const
{
    return m_scene.model()->visibleTypes();
}

bool exportGraph(GraphScene &scene, const ExportRequest &request, QString *error)
{
    const GraphModel &model = *scene.model();
    switch (request.format) {
    case ExportFormat::Json:
        if (!model.snapshot()) {
            if (error)
                *error = QStringLiteral("there is no snapshot to export yet");
            return false;
        }
        return writeFile(request.path, writeSnapshotJson(*model.snapshot()) + '\n', error);
    case ExportFormat::Dot:
        return writeFile(request.path,
                         graphToDot(model, scene.positions(), request.title.isEmpty() ? defaultTitle(model.snapshot().get()) : request.title),
                         error);
    default: {
        SceneContent content(scene);
        return exportDiagram(content, scene.nodePainter(), model.snapshot().get(), request, error);
    }
    }
}

QByteArray graphToDot(const GraphModel &model, const QHash<QString, QPointF> &positions, const QString &title)
{
    QByteArray out;
    out += "// Drawn by nsviz. Lay out again with: sfdp -Tsvg (or neato -n -Tsvg to keep the positions below)\n";
    out += "graph nsviz {\n";
    out += "  label=" + dotQuoted(title + QLatin1Char('\n') + hostLine(model.snapshot().get())) + ";\n";
    out += "  labelloc=t; fontname=\"sans-serif\"; overlap=prism; splines=false;\n";
    out += "  node [fontname=\"sans-serif\", fontsize=10, style=filled, fillcolor=white];\n";
    QHash<QString, QByteArray> names;
    int i = 0;
    const QStringList ids = model.sortedNodeIds();
    for (const QString &id : ids)
        names.insert(id, "n" + QByteArray::number(i++));
    for (const QString &id : ids) {
        const GraphNode &n = model.nodes()[id];
        QString label = n.title + QLatin1Char('\n') + n.subtitle;
        for (const GraphBadge &b : n.badges)
            label += QLatin1Char('\n') + QString::fromLatin1(namespaceTypeKey(b.type)) + QLatin1Char(' ')
                + QString::number(b.id) + (b.initial ? QStringLiteral(" (host)") : QString());
        QByteArray attrs = "id=" + dotQuoted(id) + ", label=" + dotQuoted(label);
        if (n.kind == GraphNodeKind::Namespace) {
            const QColor c = NodePainter::typeColor(n.type);
            attrs += ", shape=\"" + dotShape(n.type) + "\", color=\"" + c.name().toLatin1() + "\", fillcolor=\""
                + c.lighter(170).name().toLatin1() + '"';
            if (n.initial)
                attrs += ", penwidth=1, style=\"dashed,filled\"";
        } else {
            attrs += QByteArray(", shape=box, style=\"rounded,filled\"") + (n.initial ? ", fillcolor=\"#eeeeec\"" : "");
        }
        if (auto it = positions.constFind(id); it != positions.cend())
            attrs += ", pos=\"" + QByteArray::number(it->x(), 'f', 1) + ',' + QByteArray::number(-it->y(), 'f', 1) + "!\"";
        out += "  " + names[id] + " [" + attrs + "];\n";
    }
    QStringList edgeIds = model.edges().keys();
    std::sort(edgeIds.begin(), edgeIds.end());
    for (const QString &id : edgeIds) {
        const GraphEdge &e = model.edges()[id];
        if (!names.contains(e.from) || !names.contains(e.to))
            continue; // the model never makes one, but a DOT file with a nameless end would not parse
        QByteArray attrs = "class=" + dotQuoted(graphEdgeKindName(e.kind));
        switch (e.kind) {
        case GraphEdgeKind::Member: break;
        case GraphEdgeKind::Parent: attrs += ", penwidth=2"; break;
        case GraphEdgeKind::Owner: attrs += ", style=dashed, color=\"#e0631c\""; break;
        case GraphEdgeKind::BindMount: attrs += ", style=dotted, color=\"#1b9e77\""; break;
        case GraphEdgeKind::FdHolder: attrs += ", style=dashed, color=\"#8e6bbf\""; break;
        case GraphEdgeKind::Contains: attrs += ", color=\"#bbbbbb\""; break;
        }
        if (!e.label.isEmpty())
            attrs += ", label=" + dotQuoted(e.label);
        out += "  " + names[e.from] + " -- " + names[e.to] + " [" + attrs + "];\n";
    }
    out += "}\n";
    return out;
}

} // namespace nsviz
