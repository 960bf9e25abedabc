#pragma once

#include "export/diagramexport.h"

namespace nsviz {

class NodePainter;

// The sharing matrix as a diagram: one row per process, one column per namespace type, each cell the
// namespace's inode coloured as the process table colours it (host, shared, private, unknown).
class MatrixContent : public DiagramContent
{
public:
    static constexpr int maxRows = 2000; // beyond this the page would be taller than any reader shows

    MatrixContent(SnapshotPtr snapshot, const NodePainter &style, GraphModel::TypeMask types, bool hideHost);
    QRectF bounds() const override;
    void render(QPainter *painter, const QRectF &target, const QRectF &source) override;
    Legend legend() const override { return {}; }
    // A long table is set in columns side by side, as many as make it about as wide as the page asks.
    void arrange(double aspect, double width) override;
    Breaks breaks() const override;
    void setPageHeight(double height) override;
    int rowCount() const { return int(m_rows.size()); }
    int columns() const { return m_columns; }

private:
    double blockWidth() const;
    qsizetype rowsPerColumn() const;
    qsizetype sheets() const;      // pages' worth of columns, each under its own headings
    double sheetHeight() const;
    int m_columns = 1;
    qsizetype m_sheetRows = 0;     // rows a column of a sheet holds on paper; 0: one sheet, as long as it takes
    SnapshotPtr m_snapshot;
    const NodePainter &m_style;
    GraphModel::TypeMask m_types;
    QList<const ProcessInfo *> m_rows;
    qsizetype m_omitted = 0;
};

} // namespace nsviz
