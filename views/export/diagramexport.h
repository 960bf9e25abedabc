#pragma once

#include "graph/graphmodel.h"
#include "graph/nodepainter.h"

#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>

class QPainter;

namespace nsviz {

class GraphScene;

enum class ExportFormat { Png, Svg, Pdf, Dot, Json };
std::optional<ExportFormat> exportFormatFromName(QStringView name); // "png", "svg"...; also file suffixes
QString exportFormatName(ExportFormat format);

// The page a picture is made for. Fit: as big as the picture, kept between 1:2 and 2:1. The others are paper
// (A4, US Letter) or a slide (16:9): a PDF gets pages of that size, a PNG or SVG that shape.
enum class PageSize { Fit, A4, Letter, Slide };
enum class PageOrientation { Landscape, Portrait };
std::optional<PageSize> pageSizeFromName(QStringView name); // "fit", "a4", "letter", "16:9" (or "slide")
QString pageSizeName(PageSize size);
QSizeF pageSizePoints(PageSize size, PageOrientation orientation); // Fit: empty

// What can be drawn as a diagram page: the graph scene, or the sharing matrix.
class DiagramContent
{
public:
    virtual ~DiagramContent();
    virtual QRectF bounds() const = 0; // what would be drawn, in its own units
    virtual void render(QPainter *painter, const QRectF &target, const QRectF &source) = 0;
    virtual Legend legend() const = 0; // what the legend under it explains (empty: no legend)
    // Shapes the content for a page: about aspect (width / height) wide, or rows width wide when width > 0.
    // Content that has one shape only ignores it.
    virtual void arrange(double aspect, double width);
    // Heights (in content units, sorted) at which a page may end without cutting through a node or a row;
    // preferred ones first (between clusters), then the others (between the rows inside a tall cluster).
    struct Breaks
    {
        QList<double> preferred, others;
    };
    virtual Breaks breaks() const { return {}; }
    // On paper, pages of this height (content units) are coming: content that can, arranges itself into them.
    virtual void setPageHeight(double) {}
};

struct ExportRequest
{
    ExportFormat format = ExportFormat::Png;
    QString path;
    double scale = 1;   // PNG: device pixels per unit (1, 2, 4)
    QRectF region;      // part of the content to export, as it is laid out; null for all of it, laid out for the page
    bool legend = true;
    QString title;      // default: "Namespaces of <hostname>"
    PageSize page = PageSize::Fit;
    PageOrientation orientation = PageOrientation::Landscape;
    bool presentation = false; // the look of presentation mode (NodePainter), title and host line to match
    bool dark = false;
};

// Pages: a title with the host's name, kernel and time of the snapshot, the content, and the legend. PNG, SVG
// (text stays text) and PDF are drawn by the same code, so they look alike. Unless a region is asked for, the
// content is first arranged for the page; a PDF whose content would be drawn smaller than is readable on
// its pages gets as many pages as it needs, cut between nodes or rows.
// A PNG at scale 1 too big for an image (32,000 pixels a side, 100 million in all: a huge host's tree) is drawn
// smaller instead, and *note says so; a larger scale asked for is refused with a message.
bool exportDiagram(DiagramContent &content, const NodePainter &style, const Snapshot *snapshot,
                   const ExportRequest &request, QString *error, QString *note = nullptr);

// PNG/SVG/PDF of the graph, DOT of its model (with positions), or JSON of the snapshot. The picture is laid
// out afresh for the page in a scene of its own, with the scene's options, texts in full and no session state
// (hover, selection); a region is drawn from the scene itself, as it is.
bool exportGraph(GraphScene &scene, const ExportRequest &request, QString *error, QString *note = nullptr);
// The same for a model that is not on screen (nsviz export): laid out for the page, DOT included.
bool exportGraph(const GraphModel &model, const ExportRequest &request, QString *error, QString *note = nullptr);

// The graph as Graphviz DOT: nodes labelled and coloured as drawn, positions pinned where known.
QByteArray graphToDot(const GraphModel &model, const QHash<QString, QPointF> &positions, const QString &title);

// A scene as DiagramContent, drawn with every label whatever the zoom; arrange() lays it out again.
class SceneContent : public DiagramContent
{
public:
    explicit SceneContent(GraphScene &scene);
    QRectF bounds() const override;
    void render(QPainter *painter, const QRectF &target, const QRectF &source) override;
    Legend legend() const override;
    void arrange(double aspect, double width) override;
    Breaks breaks() const override;

private:
    GraphScene &m_scene;
};

// The scene an export draws: a copy of the live scene's model, laid out for the page, texts in full.
class ExportScene
{
public:
    ExportScene(const GraphModel &model, bool dark = false, bool presentation = false);
    ~ExportScene();
    GraphScene &scene() { return *m_scene; }

private:
    std::unique_ptr<GraphModel> m_model;
    std::unique_ptr<GraphScene> m_scene;
};

} // namespace nsviz
