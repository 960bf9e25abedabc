#include "matrixcontent.h"

#include "graph/nodepainter.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/processtablemodel.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace nsviz {

namespace {
constexpr double rowHeight = 18, pidWidth = 64, commandWidth = 260, cellWidth = 104, headerRow = 24, blockGap = 28;
} // namespace

MatrixContent::MatrixContent(SnapshotPtr snapshot, const NodePainter &style, GraphModel::TypeMask types, bool hideHost)
    : m_snapshot(std::move(snapshot))
    , m_style(style)
    , m_types(types)
{
    if (!m_snapshot)
        return;
    const NamespaceSet &initial = m_snapshot->initialNamespaces();
    for (const ProcessInfo &p : m_snapshot->processes()) {
        if (hideHost) {
            bool hostOnly = true;
            for (NamespaceType t : allNamespaceTypes)
                hostOnly = hostOnly && (!m_types.test(int(t)) || !p.namespaces.set[t] || p.namespaces.set[t] == initial[t]);
            if (hostOnly)
                continue;
        }
        if (m_rows.size() < maxRows)
            m_rows << &p;
        else
            ++m_omitted;
    }
}

double MatrixContent::blockWidth() const
{
    return pidWidth + commandWidth + cellWidth * double(m_types.count());
}

qsizetype MatrixContent::rowsPerColumn() const
{
    if (m_sheetRows > 0)
        return m_sheetRows;
    return std::max<qsizetype>(1, (m_rows.size() + m_columns - 1) / m_columns);
}

qsizetype MatrixContent::sheets() const
{
    const qsizetype perSheet = rowsPerColumn() * m_columns;
    return std::max<qsizetype>(1, (m_rows.size() + perSheet - 1) / perSheet);
}

double MatrixContent::sheetHeight() const
{
    return headerRow + rowHeight * double(rowsPerColumn());
}

QRectF MatrixContent::bounds() const
{
    const double width = blockWidth() * m_columns + blockGap * (m_columns - 1);
    const double rows = sheetHeight() * double(sheets()) + rowHeight * (m_omitted ? 1 : 0) + rowHeight * 1.5;
    return {0, 0, std::max(width, 740.0), rows};
}

void MatrixContent::arrange(double aspect, double width)
{
    m_sheetRows = 0;
    const int most = std::max(1, int(std::min<qsizetype>(12, m_rows.size() / 8 + 1)));
    if (width > 0) {
        m_columns = std::clamp(int((width + blockGap) / (blockWidth() + blockGap)), 1, most);
        return;
    }
    double best = 1e300;
    for (int k = 1; k <= most; ++k) {
        m_columns = k;
        const QRectF b = bounds();
        const double error = std::abs(std::log(b.width() / b.height() / aspect));
        if (error < best) {
            best = error;
        } else {
            m_columns = k - 1; // wider only gets worse from here
            break;
        }
    }
}

void MatrixContent::setPageHeight(double height)
{
    // Pages read like a book: down the first column, then the next, each page with its headings.
    m_sheetRows = std::max<qsizetype>(4, qsizetype((height - headerRow - 2) / rowHeight));
}

DiagramContent::Breaks MatrixContent::breaks() const
{
    Breaks out;
    if (m_sheetRows > 0) {
        for (qsizetype s = 1; s <= sheets(); ++s)
            out.preferred << sheetHeight() * double(s);
    } else {
        for (qsizetype i = 1; i <= rowsPerColumn(); ++i)
            out.preferred << headerRow + rowHeight * double(i);
    }
    return out;
}

void MatrixContent::render(QPainter *painter, const QRectF &target, const QRectF &source)
{
    painter->save();
    painter->translate(target.topLeft());
    painter->scale(target.width() / source.width(), target.height() / source.height());
    painter->translate(-source.topLeft());
    painter->setClipRect(source);

    QFont header;
    header.setPixelSize(12);
    header.setBold(true);
    QFont mono;
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPixelSize(11);
    const QColor grid = m_style.isDark() ? QColor(0x3a, 0x3d, 0x42) : QColor(0xdd, 0xdd, 0xd8);

    // The colours the process table uses (host = the page, shared = amber, private = teal, unknown = grey).
    const QColor initial = m_style.isDark() ? QColor(0x2a, 0x2d, 0x31) : QColor(0xf3, 0xf3, 0xf0);
    const QColor shared = m_style.isDark() ? QColor(0x6b, 0x52, 0x1c) : QColor(0xf5, 0xd9, 0xa6);
    const QColor priv = m_style.isDark() ? QColor(0x1d, 0x5a, 0x52) : QColor(0xb4, 0xe0, 0xd9);
    const QColor unknown = m_style.isDark() ? QColor(0x44, 0x44, 0x44) : QColor(0xd8, 0xd8, 0xd8);
    const qsizetype perColumn = rowsPerColumn();
    double y = headerRow;
    for (qsizetype sheet = 0; sheet < sheets(); ++sheet)
    for (int block = 0; block < m_columns; ++block) {
        const double left = block * (blockWidth() + blockGap);
        const double top = sheetHeight() * double(sheet);
        painter->setFont(header);
        painter->setPen(m_style.textColor());
        double x = left;
        painter->drawText(QRectF(x + 4, top, pidWidth - 8, headerRow), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("PID"));
        x += pidWidth;
        painter->drawText(QRectF(x + 8, top, commandWidth - 8, headerRow), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Command"));
        x += commandWidth;
        for (NamespaceType t : allNamespaceTypes) {
            if (!m_types.test(int(t)))
                continue;
            painter->fillRect(QRectF(x + 2, top + headerRow - 4, cellWidth - 4, 3), NodePainter::typeColor(t));
            painter->drawText(QRectF(x, top, cellWidth, headerRow - 4), Qt::AlignCenter, QString::fromLatin1(namespaceTypeKey(t)));
            x += cellWidth;
        }
        y = top + headerRow;
        const qsizetype first = (sheet * m_columns + block) * perColumn;
        for (qsizetype r = first; r < std::min(m_rows.size(), first + perColumn); ++r) {
            const ProcessInfo *p = m_rows[r];
            x = left;
            painter->setFont(mono);
            painter->setPen(m_style.textColor());
            painter->drawText(QRectF(x + 4, y, pidWidth - 8, rowHeight), Qt::AlignRight | Qt::AlignVCenter, QString::number(p->pid));
            x += pidWidth;
            const QRectF cmd(x + 8, y, commandWidth - 12, rowHeight);
            painter->drawText(cmd, Qt::AlignLeft | Qt::AlignVCenter,
                              QFontMetricsF(mono).elidedText(text::oneLine(text::command(*p)), Qt::ElideRight, cmd.width()));
            x += commandWidth;
            for (NamespaceType t : allNamespaceTypes) {
                if (!m_types.test(int(t)))
                    continue;
                const NamespaceId id = p->namespaces.set[t];
                const QRectF cell(x, y, cellWidth, rowHeight);
                if (id) {
                    const auto sharing = ProcessTableModel::sharingOf(*m_snapshot, id, t);
                    painter->fillRect(cell.adjusted(1, 1, -1, -1), sharing == ProcessTableModel::Sharing::Initial ? initial
                                                                        : sharing == ProcessTableModel::Sharing::Shared ? shared : priv);
                    painter->drawText(cell, Qt::AlignCenter, QString::number(id));
                } else {
                    painter->fillRect(cell.adjusted(1, 1, -1, -1), unknown);
                    painter->drawText(cell, Qt::AlignCenter, QStringLiteral("?"));
                }
                x += cellWidth;
            }
            painter->setPen(grid);
            painter->drawLine(QPointF(left, y + rowHeight), QPointF(x, y + rowHeight));
            y += rowHeight;
        }
    }
    y = sheetHeight() * double(sheets());
    painter->setFont(header);
    painter->setPen(m_style.textColor());
    if (m_omitted) {
        painter->drawText(QRectF(8, y, 600, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                          QStringLiteral("… and %1 more").arg(text::count(m_omitted, "process", "processes")));
        y += rowHeight;
    }
    // The key to the colours, under the table.
    double x = 8;
    QFont small;
    small.setPixelSize(11);
    painter->setFont(small);
    const std::pair<QColor, const char *> keys[] = {{initial, "the host's namespace"}, {shared, "shared with other sets"},
                                                    {priv, "private to this set"}, {unknown, "could not be read"}};
    for (const auto &[colour, label] : keys) {
        painter->fillRect(QRectF(x, y + 6, 22, 12), colour);
        painter->setPen(m_style.textColor());
        painter->drawText(QRectF(x + 28, y + 3, 170, 18), Qt::AlignLeft | Qt::AlignVCenter, QString::fromLatin1(label));
        x += 180;
    }
    painter->restore();
}

} // namespace nsviz
