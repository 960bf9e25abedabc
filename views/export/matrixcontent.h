#pragma once

#include "export/diagramexport.h"

namespace nsviz {

class NodePainter;

// The sharing matrix as a diagram: one row per process, one column per namespace type, each cell the
// namespace's inode coloured as the process table colours it (host, shared, private).
class MatrixContent : public DiagramContent
{
public:
    static constexpr int maxRows = 2000; // beyond this the page would be taller than any reader shows

    MatrixContent(SnapshotPtr snapshot, const NodePainter &style, GraphModel::TypeMask types, bool hideHost);
    QRectF bounds() const override;
    void render(QPainter *painter, const QRectF &target, const QRectF &source) override;
    GraphModel::TypeMask legendTypes() const override { return {}; }
    bool hasEdgeLegend() const override { return false; }
    int rowCount() const { return int(m_rows.size()); }

private:
    SnapshotPtr m_snapshot;
    const NodePainter &m_style;
    GraphModel::TypeMask m_types;
    QList<const ProcessInfo *> m_rows;
    qsizetype m_omitted = 0;
};

} // namespace nsviz
