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

#include <cmath>
#include <functional>

namespace nsviz {

namespace {

constexpr double margin = 28;
constexpr double minPageWidth = 720;
constexpr double pdfMaxPoints = 14400; // the largest page PDF readers accept (200 inches)
constexpr int pngMaxPixels = 32000;    // per side: QImage and most viewers give up beyond this
constexpr qint64 pngMaxArea = 100'000'000; // 400 MB of pixels is as much as an export should take
// On a PDF page the content is drawn no smaller than this: names at 6 pt, the rest at 5 pt (the fine print of
// a diagram in a document); a picture that would be smaller gets more pages.
constexpr double minReadableScale = 0.4;
constexpr double minAspect = 0.5, maxAspect = 2.0; // what a page without a size is kept between
constexpr double legendGap = 14;

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

QFont headerFont(int pixels, bool bold)
{
    QFont f;
    f.setPixelSize(pixels);
    f.setBold(bold);
    return f;
}

constexpr double titleLine = 26, hostLineHeight = 17;

// The title and host line grow with the painter's look (presentation: slide-sized).
QFont titleFont(const NodePainter &style)
{
    return headerFont(int(std::round(20 * style.scale())), true);
}
QFont hostFont(const NodePainter &style)
{
    return headerFont(int(std::round(12 * style.scale())), false);
}

// The title, the host line (wrapped, never cut) and the legend, for a page of a given inner width.
struct Chrome
{
    QStringList title, host;
    double header = 0;
    QSizeF legend;
    double legendBlock() const { return legend.height() > 0 ? legendGap + legend.height() : 0; }
};

Chrome chromeFor(double width, const NodePainter &style, const Legend &legend, const QString &title, const QString &host)
{
    Chrome c;
    c.title = NodePainter::wrapText(titleFont(style), title, width);
    c.host = NodePainter::wrapText(hostFont(style), host, width);
    c.header = (double(c.title.size()) * titleLine + double(c.host.size()) * hostLineHeight + 14) * style.scale();
    if (!legend.isEmpty())
        c.legend = style.legendSize(width, legend);
    return c;
}

struct Page
{
    QSizeF size;
    QRectF header;
    QRectF content; // where the slice goes, scaled
    QRectF source;  // the slice of the content drawn there
    QRectF legend;
    QString note;   // "page 2 of 3"
};

void paintPage(QPainter &painter, const Page &page, const Chrome &chrome, DiagramContent &content, const NodePainter &style,
               const Legend &legend)
{
    painter.fillRect(QRectF(QPointF(0, 0), page.size), style.background());
    painter.setPen(style.textColor());
    double y = page.header.top();
    const double k = style.scale();
    painter.setFont(titleFont(style));
    for (const QString &line : chrome.title) {
        painter.drawText(QRectF(page.header.left(), y, page.header.width(), titleLine * k), Qt::AlignLeft | Qt::AlignVCenter, line);
        y += titleLine * k;
    }
    painter.setFont(hostFont(style));
    if (!page.note.isEmpty()) // in the bottom margin, where no title can run into it
        painter.drawText(QRectF(page.header.left(), page.size.height() - margin, page.header.width(), margin), Qt::AlignRight | Qt::AlignVCenter, page.note);
    for (const QString &line : chrome.host) {
        painter.drawText(QRectF(page.header.left(), y, page.header.width(), hostLineHeight * k), Qt::AlignLeft | Qt::AlignVCenter, line);
        y += hostLineHeight * k;
    }
    content.render(&painter, page.content, page.source);
    if (!page.legend.isNull())
        style.paintLegend(&painter, page.legend, legend);
}

// One page as big as the content at its natural size, shaped to the aspect (or kept between 1:2 and 2:1).
Page naturalPage(const QRectF &source, const NodePainter &style, const Legend &legend, const QString &title, const QString &host,
                 std::optional<double> aspect, Chrome &chrome)
{
    double inner = std::max(source.width(), minPageWidth - 2 * margin);
    chrome = chromeFor(inner, style, legend, title, host);
    auto heightOf = [&] { return 2 * margin + chrome.header + source.height() + chrome.legendBlock(); };
    double width = inner + 2 * margin, height = heightOf();
    const double want = aspect ? *aspect : std::clamp(width / height, minAspect, maxAspect);
    if (width / height < want) {
        // Too tall: wider, and with the legend laid out on the wider page.
        width = height * want;
        chrome = chromeFor(width - 2 * margin, style, legend, title, host);
        height = heightOf();
        width = std::max(width, height * want);
    }
    if (width / height > want)
        height = width / want;
    Page p;
    p.size = QSizeF(width, height);
    p.header = QRectF(margin, margin, width - 2 * margin, chrome.header);
    const double room = height - 2 * margin - chrome.header - chrome.legendBlock();
    p.content = QRectF((width - source.width()) / 2, margin + chrome.header + (room - source.height()) / 2, source.width(), source.height());
    p.source = source;
    if (chrome.legend.height() > 0)
        p.legend = QRectF(margin, height - margin - chrome.legend.height(), width - 2 * margin, chrome.legend.height());
    return p;
}

// Pages of paper: the content scaled to fit one, or, where that would be too small to read, cut into
// as many pages as its height needs, between nodes or rows where it can be.
QList<Page> paperPages(const QRectF &source, const QSizeF &paper, const DiagramContent::Breaks &breaks, const Chrome &chrome)
{
    const QRectF area(margin, margin + chrome.header, paper.width() - 2 * margin, paper.height() - 2 * margin - chrome.header - chrome.legendBlock());
    QList<Page> pages;
    auto page = [&](const QRectF &slice, double scale) {
        Page p;
        p.size = paper;
        p.header = QRectF(margin, margin, paper.width() - 2 * margin, chrome.header);
        p.content = QRectF(area.left() + (area.width() - slice.width() * scale) / 2, area.top(), slice.width() * scale, slice.height() * scale);
        if (pages.isEmpty() && slice == source) // one page: the content in the middle of it
            p.content.moveTop(area.top() + (area.height() - p.content.height()) / 2);
        p.source = slice;
        if (chrome.legend.height() > 0)
            p.legend = QRectF(margin, paper.height() - margin - chrome.legend.height(), paper.width() - 2 * margin, chrome.legend.height());
        pages.append(p);
    };
    const double fit = std::min({area.width() / source.width(), area.height() / source.height(), 1.5});
    if (fit >= minReadableScale || area.height() <= 0) {
        page(source, fit);
        return pages;
    }
    const double scale = std::min(area.width() / source.width(), 1.5);
    const double slice = area.height() / scale;
    double y = source.top();
    while (y < source.bottom() - 0.5) {
        double end = std::min(source.bottom(), y + slice);
        if (end < source.bottom()) {
            // The last break that still fits, between clusters if there is one, unless it would leave the page
            // mostly empty; else between the rows of a cluster too tall for a page.
            const double limit = end;
            for (const QList<double> *list : {&breaks.preferred, &breaks.others}) {
                for (auto it = list->crbegin(); it != list->crend(); ++it)
                    if (*it <= limit && *it > y + slice * 0.4) {
                        end = *it;
                        break;
                    }
                if (end != limit)
                    break;
            }
        }
        page(QRectF(source.left(), y, source.width(), end - y), scale);
        y = end;
    }
    for (qsizetype i = 0; i < pages.size() && pages.size() > 1; ++i)
        pages[i].note = QStringLiteral("page %1 of %2").arg(i + 1).arg(pages.size());
    return pages;
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

std::optional<PageSize> pageSizeFromName(QStringView name)
{
    const QString n = name.toString().toLower();
    if (n == QLatin1String("fit"))
        return PageSize::Fit;
    if (n == QLatin1String("a4"))
        return PageSize::A4;
    if (n == QLatin1String("letter"))
        return PageSize::Letter;
    if (n == QLatin1String("16:9") || n == QLatin1String("slide"))
        return PageSize::Slide;
    return std::nullopt;
}

QString pageSizeName(PageSize size)
{
    switch (size) {
    case PageSize::Fit: return QStringLiteral("fit");
    case PageSize::A4: return QStringLiteral("a4");
    case PageSize::Letter: return QStringLiteral("letter");
    case PageSize::Slide: return QStringLiteral("16:9");
    }
    return {};
}

QSizeF pageSizePoints(PageSize size, PageOrientation orientation)
{
    QSizeF s;
    switch (size) {
    case PageSize::Fit: return {};
    case PageSize::A4: s = QPageSize(QPageSize::A4).size(QPageSize::Point); break;
    case PageSize::Letter: s = QPageSize(QPageSize::Letter).size(QPageSize::Point); break;
    case PageSize::Slide: s = QSizeF(540, 960); break; // 7.5 x 13.33 inches, as presentation programs make them
    }
    return orientation == PageOrientation::Landscape ? QSizeF(std::max(s.width(), s.height()), std::min(s.width(), s.height()))
                                                     : QSizeF(std::min(s.width(), s.height()), std::max(s.width(), s.height()));
}

void DiagramContent::arrange(double, double)
{
}

bool exportDiagram(DiagramContent &content, const NodePainter &style, const Snapshot *snapshot, const ExportRequest &request,
                   QString *error, QString *note)
{
    if (request.format == ExportFormat::Dot || request.format == ExportFormat::Json) {
        if (error)
            *error = QStringLiteral("%1 is not an image format").arg(exportFormatName(request.format));
        return false;
    }
    const QString title = request.title.isEmpty() ? defaultTitle(snapshot) : text::oneLine(request.title);
    const QString host = hostLine(snapshot);
    const Legend legend = request.legend ? content.legend() : Legend();
    const QSizeF paper = pageSizePoints(request.page, request.orientation);
    const bool onPaper = request.format == ExportFormat::Pdf && !paper.isEmpty();
    const std::optional<double> aspect = paper.isEmpty() ? std::nullopt : std::optional<double>(paper.width() / paper.height());

    // Laid out for the page: shaped like the room the page leaves it, or, on paper where that would be too
    // small to read, in rows as wide as the page at a readable size (then cut into pages).
    if (request.region.isNull()) {
        if (onPaper) {
            const Chrome chrome = chromeFor(paper.width() - 2 * margin, style, legend, title, host);
            const QSizeF room(paper.width() - 2 * margin, paper.height() - 2 * margin - chrome.header - chrome.legendBlock());
            // Clusters come in lumps, so a picture packed to the room's shape may come out taller: a few
            // shapes are tried, and the one drawn biggest on the page is kept.
            const double shape = room.width() / std::max(1.0, room.height());
            double best = 0, bestShape = shape;
            for (const double tried : {shape, shape * 1.3, shape * 1.7, shape * 2.2}) {
                content.arrange(tried, 0);
                const QRectF b = content.bounds();
                const double scale = b.isEmpty() ? 0 : std::min(room.width() / b.width(), room.height() / b.height());
                if (scale > best + 1e-6) {
                    best = scale;
                    bestShape = tried;
                }
            }
            if (best < minReadableScale)
                content.arrange(shape, room.width() / minReadableScale); // pages of rows as wide as the page
            else if (bestShape != 2.2 * shape)
                content.arrange(bestShape, 0);
        } else {
            content.arrange(aspect ? *aspect * 0.92 : std::sqrt(2.0), 0); // the page's shape less its title and legend
        }
    }
    QRectF source = request.region.isNull() ? content.bounds() : request.region;
    if (source.isEmpty()) {
        if (error)
            *error = QStringLiteral("there is nothing to export: the diagram is empty");
        return false;
    }
    Chrome chrome;
    QList<Page> pages;
    if (onPaper) {
        chrome = chromeFor(paper.width() - 2 * margin, style, legend, title, host);
        const QSizeF room(paper.width() - 2 * margin, paper.height() - 2 * margin - chrome.header - chrome.legendBlock());
        if (request.region.isNull() && std::min(room.width() / source.width(), room.height() / source.height()) < minReadableScale) {
            // Pages are coming: content that can (the matrix, with its headings on each) is set for them.
            content.setPageHeight(room.height() / std::min(room.width() / source.width(), 1.5));
            source = content.bounds();
        }
        pages = paperPages(source, paper, request.region.isNull() ? content.breaks() : DiagramContent::Breaks(), chrome);
    } else {
        pages << naturalPage(source, style, legend, title, host, aspect, chrome);
    }
    const Page &page = pages.first();

    switch (request.format) {
    case ExportFormat::Png: {
        double scale = std::clamp(request.scale, 0.1, 16.0);
        QSize pixels = (page.size * scale).toSize();
        const auto tooLarge = [&] {
            return pixels.width() > pngMaxPixels || pixels.height() > pngMaxPixels || qint64(pixels.width()) * pixels.height() > pngMaxArea;
        };
        if (tooLarge() && scale <= 1) {
            // Nobody asked for it big: as big as an image can be.
            const double fit = std::min({double(pngMaxPixels) / page.size.width(), double(pngMaxPixels) / page.size.height(),
                                         std::sqrt(double(pngMaxArea) / (page.size.width() * page.size.height()))}) * 0.999;
            scale = std::min(scale, fit);
            pixels = (page.size * scale).toSize();
            if (note)
                *note = QStringLiteral("the picture is %1×%2 points: drawn at %3x to fit in an image (an SVG or PDF keeps it whole)")
                            .arg(qRound(page.size.width())).arg(qRound(page.size.height())).arg(scale, 0, 'f', 2);
        }
        if (tooLarge()) {
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
            paintPage(painter, page, chrome, content, style, legend);
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
        // QSvgGenerator writes these as they are: a hostname or a --title with markup would become markup.
        svg.setTitle(svgMetadata(title));
        svg.setDescription(svgMetadata(QStringLiteral("Linux namespaces and the processes sharing them, drawn by nsviz. ") + host));
        {
            QPainter painter(&svg);
            paintPage(painter, page, chrome, content, style, legend);
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
            // 1 unit = 1 pt; a page without a size is as big as the picture, shrunk to what PDF readers accept.
            const double shrink = onPaper ? 1.0 : std::min(1.0, pdfMaxPoints / std::max(page.size.width(), page.size.height()));
            QPdfWriter pdf(f.device());
            pdf.setTitle(title);
            pdf.setCreator(QStringLiteral("nsviz"));
            pdf.setResolution(72);
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(page.size * shrink, QPageSize::Point, QString(), QPageSize::ExactMatch));
            QPainter painter;
            if (!painter.begin(&pdf)) {
                if (error)
                    *error = QStringLiteral("cannot start a PDF in %1").arg(escape::visible(request.path));
                return false;
            }
            for (qsizetype i = 0; i < pages.size(); ++i) {
                if (i > 0)
                    pdf.newPage();
                painter.save();
                painter.scale(shrink, shrink);
                paintPage(painter, pages[i], chrome, content, style, legend);
                painter.restore();
            }
        }
        if (!f.commit())
            return cannotWrite(error, f);
        return true;
    }
    case ExportFormat::Dot:
    case ExportFormat::Json:
        break;
    }
    return false;
}

SceneContent::SceneContent(GraphScene &scene)
    : m_scene(scene)
{
}

QRectF SceneContent::bounds() const
{
    const QRectF picture = m_scene.pictureBounds();
    return picture.isEmpty() ? QRectF() : picture.adjusted(-8, -8, 8, 8);
}

void SceneContent::arrange(double aspect, double width)
{
    m_scene.setTargetAspect(aspect);
    m_scene.setPackWidth(width);
    m_scene.layoutNow(true);
}

DiagramContent::Breaks SceneContent::breaks() const
{
    // Heights no cluster (nodes joined by edges) reaches across, so a page does not cut a pod from its shared
    // namespaces; and, for a cluster taller than a page, heights between its rows.
    QHash<QString, QString> root;
    for (const NodeItem *item : m_scene.nodeItems())
        root.insert(item->id(), item->id());
    std::function<QString(const QString &)> find = [&](const QString &id) {
        QString r = root.value(id);
        while (r != root.value(r))
            r = root.value(r);
        root.insert(id, r);
        return r;
    };
    for (const GraphEdge &e : m_scene.model()->edges())
        if (root.contains(e.from) && root.contains(e.to))
            root.insert(find(e.from), find(e.to));
    QHash<QString, QRectF> cluster;
    QList<std::pair<double, double>> nodes;
    for (const NodeItem *item : m_scene.nodeItems()) {
        cluster[find(item->id())] |= item->sceneBoundingRect();
        nodes.append({item->sceneBoundingRect().top(), item->sceneBoundingRect().bottom()});
    }
    QList<std::pair<double, double>> clusters;
    for (const QRectF &r : std::as_const(cluster))
        clusters.append({r.top(), r.bottom()});
    auto gaps = [](QList<std::pair<double, double>> spans) {
        std::sort(spans.begin(), spans.end());
        QList<double> out;
        double reach = spans.isEmpty() ? 0 : spans.first().second;
        for (const auto &[top, bottom] : std::as_const(spans)) {
            if (top > reach + 1)
                out.append((reach + top) / 2);
            reach = std::max(reach, bottom);
        }
        return out;
    };
    return {gaps(clusters), gaps(nodes)};
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
    painter->save();
    painter->setClipRect(target);
    m_scene.render(painter, target, source, Qt::KeepAspectRatio);
    painter->restore();
    m_scene.setBackgroundBrush(background);
    for (auto it = caches.cbegin(); it != caches.cend(); ++it)
        it.key()->setCacheMode(*it);
    m_scene.setDetailForced(false);
    m_scene.setHighlight(highlight);
    for (const QString &id : std::as_const(selected))
        if (NodeItem *item = m_scene.item(id))
            item->setSelected(true);
}

Legend SceneContent::legend() const
{
    return Legend::of(*m_scene.model());
}

ExportScene::ExportScene(const GraphModel &model, bool dark, bool presentation)
    : m_model(std::make_unique<GraphModel>())
    , m_scene(std::make_unique<GraphScene>(m_model.get()))
{
    // The painter first, so the nodes are measured once, with their texts in full.
    auto painter = std::make_unique<NodePainter>(dark, presentation);
    painter->setFullText(true);
    m_scene->setNodePainter(std::move(painter));
    m_scene->setAnimated(false);
    m_model->copyOf(model);
}

ExportScene::~ExportScene()
{
    m_scene.reset(); // the scene goes before the model it mirrors
}

bool exportGraph(GraphScene &scene, const ExportRequest &request, QString *error, QString *note)
{
    const GraphModel &model = *scene.model();
    switch (request.format) {
    case ExportFormat::Json:
    case ExportFormat::Dot:
        if (request.format == ExportFormat::Dot && model.snapshot())
            // What the user sees, where it is on screen.
            return writeFile(request.path,
                             graphToDot(model, scene.positions(), request.title.isEmpty() ? defaultTitle(model.snapshot().get()) : request.title),
                             error);
        return exportGraph(model, request, error);
    default:
        if (!request.region.isNull()) {
            SceneContent content(scene);
            return exportDiagram(content, scene.nodePainter(), model.snapshot().get(), request, error, note);
        }
        return exportGraph(model, request, error, note);
    }
}

bool exportGraph(const GraphModel &model, const ExportRequest &request, QString *error, QString *note)
{
    if (!model.snapshot()) {
        if (error)
            *error = request.format == ExportFormat::Json ? QStringLiteral("there is no snapshot to export yet")
                                                          : QStringLiteral("there is nothing to export: the diagram is empty");
        return false;
    }
    if (request.format == ExportFormat::Json)
        return writeFile(request.path, writeSnapshotJson(*model.snapshot()) + '\n', error);
    ExportScene copy(model, request.dark, request.presentation);
    if (request.format == ExportFormat::Dot) {
        copy.scene().setTargetAspect(std::sqrt(2.0));
        const LayoutResult layout = copy.scene().layoutNow(true);
        if (!layout.error.isEmpty() && layout.positions.isEmpty()) {
            if (error)
                *error = layout.error;
            return false;
        }
        return writeFile(request.path,
                         graphToDot(model, copy.scene().positions(), request.title.isEmpty() ? defaultTitle(model.snapshot().get()) : request.title),
                         error);
    }
    SceneContent content(copy.scene());
    return exportDiagram(content, copy.scene().nodePainter(), model.snapshot().get(), request, error, note);
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
        // As the card reads: name, what it is, what holds it, its own namespaces, the host's it shares in one line.
        QStringList lines{n.title};
        for (const QString &more : {n.subtitle, n.detail})
            if (!more.isEmpty())
                lines << more;
        QStringList host;
        for (const GraphBadge &b : n.badges) {
            const QString key = QString::fromLatin1(namespaceTypeKey(b.type));
            if (b.initial && n.kind != GraphNodeKind::Host)
                host << key;
            else
                lines << (b.id ? key + QLatin1Char(' ') + QString::number(b.id) : key);
        }
        if (!host.isEmpty())
            lines << QStringLiteral("the host's: ") + host.join(QStringLiteral(", "));
        const QString label = lines.join(QLatin1Char('\n'));
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
