#pragma once

#include "graph/graphmodel.h"

#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

class QPainter;

namespace nsviz {

class GraphScene;
class NodePainter;

enum class ExportFormat { Png, Svg, Pdf, Dot, Json };
std::optional<ExportFormat> exportFormatFromName(QStringView name); // "png", "svg"...; also file suffixes
QString exportFormatName(ExportFormat format);

// What can be drawn as a diagram page: the graph scene, or the sharing matrix.
class DiagramContent
{
public:
    virtual ~DiagramContent();
    virtual QRectF bounds() const = 0; // what would be drawn, in its own units
    virtual void render(QPainter *painter, const QRectF &target, const QRectF &source) = 0;
    virtual GraphModel::TypeMask legendTypes() const = 0;
    virtual bool hasEdgeLegend() const { return true; }
};

struct ExportRequest
{
    ExportFormat format = ExportFormat::Png;
    QString path;
    double scale = 1;   // PNG: device pixels per unit (1, 2, 4)
    QRectF region;      // part of the content to export; null for all of it
    bool legend = true;
    QString title;      // default: "Namespaces of <hostname>"
};

// A page: a title with the host's name, kernel and time of the snapshot, the content, and the legend.
// PNG, SVG (with title and description) and PDF are drawn by the same code, so they look alike.
bool exportDiagram(DiagramContent &content, const NodePainter &style, const Snapshot *snapshot,
                   const ExportRequest &request, QString *error);

// PNG/SVG/PDF of the graph scene, DOT of its model (with positions), or JSON of the snapshot.
bool exportGraph(GraphScene &scene, const ExportRequest &request, QString *error);

// The graph as Graphviz DOT: nodes labelled and coloured as drawn, positions pinned where known.
QByteArray graphToDot(const GraphModel &model, const QHash<QString, QPointF> &positions, const QString &title);

// The scene as DiagramContent, drawn with every label whatever the zoom.
class SceneContent : public DiagramContent
{
public:
    explicit SceneContent(GraphScene &scene);
    QRectF bounds() const override;
    void render(QPainter *painter, const QRectF &target, const QRectF &source) override;
    GraphModel::TypeMask legendTypes() const override;

private:
    GraphScene &m_scene;
};

} // namespace nsviz
