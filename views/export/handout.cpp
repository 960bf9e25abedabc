#include "handout.h"

#include "export/diagramexport.h"
#include "graph/graphmodel.h"
#include "graph/graphscene.h"
#include "io/escape.h"
#include "io/safefile.h"
#include "itemmodels/displaytext.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace nsviz {

namespace {

constexpr double Margin = 42;        // points
constexpr int OutputLines = 14;      // of the step's output, at most
constexpr double PictureShare = 0.4; // of the page's height, at most

// The host's text made safe to draw: each line as oneLine() shows it (control characters visible).
QString plain(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l = text::oneLine(l);
    return lines.join(QLatin1Char('\n'));
}

class PageWriter
{
public:
    PageWriter(QPainter &painter, QSizeF page) : m_p(painter), m_width(page.width() - 2 * Margin), m_bottom(page.height() - Margin)
    {
        m_body = QFont(QStringLiteral("sans-serif"));
        m_body.setPointSizeF(10.5);
        m_mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        m_mono.setPointSizeF(8.5);
    }

    double y() const { return m_y; }
    double room() const { return m_bottom - m_y; }
    double width() const { return m_width; }

    // A block of wrapped text; what does not fit on the page is cut at a line and ends in "…".
    void text(const QString &s, const QFont &font, const QColor &colour = Qt::black, double gap = 6)
    {
        if (s.isEmpty())
            return;
        m_p.setFont(font);
        m_p.setPen(colour);
        const QRectF want = m_p.boundingRect(QRectF(Margin, m_y, m_width, 1e6), Qt::TextWordWrap, s);
        QRectF box = want;
        if (want.bottom() > m_bottom) {
            const double line = QFontMetricsF(font).lineSpacing();
            box.setBottom(m_y + std::max(line, std::floor((m_bottom - m_y) / line) * line));
        }
        m_p.drawText(box, Qt::TextWordWrap, s);
        m_y = box.bottom() + gap;
    }
    void heading(const QString &s, double size, bool bold = true, const QColor &colour = Qt::black)
    {
        QFont f = m_body;
        f.setPointSizeF(size);
        f.setBold(bold);
        text(s, f, colour, size * 0.4);
    }
    void body(const QString &s) { text(s, m_body); }
    void mono(const QString &s) { text(s, m_mono, QColor(0x20, 0x20, 0x20)); }
    void skip(double dy) { m_y += dy; }
    QRectF space(double height) const { return QRectF(Margin, m_y, m_width, std::min(height, room())); }
    void used(double height) { m_y += height + 8; }

private:
    QPainter &m_p;
    double m_width, m_bottom;
    double m_y = Margin;
    QFont m_body, m_mono;
};

// The graph after a step in the presentation look (what the class saw on the projector: large type, high contrast,
// thick lines), laid out for the room it gets; returns the height it took.
double drawPicture(QPainter &painter, const SnapshotPtr &snapshot, const QRectF &room)
{
    GraphModel model;
    model.setMode(GraphModel::Mode::Sharing);
    model.setVisibleTypes(GraphModel::defaultTypes(GraphModel::Mode::Sharing));
    model.setSnapshot(snapshot);
    ExportScene copy(model, false, true);
    SceneContent content(copy.scene());
    content.arrange(room.width() / std::max(1.0, room.height()), 0);
    const QRectF source = content.bounds();
    if (source.isEmpty())
        return 0;
    // Never bigger than drawn on screen: a picture of two cards is not blown up to the page's width.
    const double scale = std::min({1.0, room.width() / source.width(), room.height() / source.height()});
    const QSizeF size = source.size() * scale;
    const QRectF target(room.left() + (room.width() - size.width()) / 2, room.top(), size.width(), size.height());
    content.render(&painter, target, source);
    return size.height();
}

} // namespace

bool exportHandout(const Handout &handout, const QString &path, QString *error)
{
    const auto failed = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (handout.steps.isEmpty())
        return failed(QStringLiteral("the lesson has no steps"));
    io::SafeFile f(path, io::SafeFile::DashIsStdout);
    if (!f.open())
        return failed(f.errorString());
    const QSizeF page = QPageSize(QPageSize::A4).size(QPageSize::Point);
    {
        QPdfWriter pdf(f.device());
        pdf.setTitle(plain(handout.title));
        pdf.setCreator(QStringLiteral("nsviz"));
        pdf.setResolution(72);
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setPageSize(QPageSize(QPageSize::A4));
        QPainter painter;
        if (!painter.begin(&pdf))
            return failed(QStringLiteral("cannot start a PDF in %1").arg(escape::visible(path)));
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        for (qsizetype i = 0; i < handout.steps.size(); ++i) {
            if (i > 0)
                pdf.newPage();
            const HandoutStep &s = handout.steps[i];
            PageWriter w(painter, page);
            w.heading(QCoreApplication::translate("Handout", "%1 · step %2 of %3").arg(plain(handout.title)).arg(i + 1).arg(handout.steps.size()), 9, false, Qt::darkGray);
            if (i == 0) {
                w.heading(plain(handout.title), 20);
                w.body(plain(handout.summary));
                w.heading(plain(handout.source), 8.5, false, Qt::darkGray);
                w.skip(6);
            }
            w.heading(plain(s.caption), 15);
            w.body(plain(s.narration));
            if (s.snapshot) {
                w.used(drawPicture(painter, s.snapshot, w.space(page.height() * PictureShare)));
            } else if (!s.notDone.isEmpty()) {
                w.heading(QCoreApplication::translate("Handout", "Not shown here: %1").arg(plain(s.notDone)), 10.5, false, QColor(0x9a, 0x67, 0x00));
            }
            if (!s.checks.isEmpty()) {
                w.heading(QCoreApplication::translate("Handout", "What the class should see"), 11);
                w.body(plain(s.checks.join(QLatin1Char('\n'))));
            }
            if (!s.output.trimmed().isEmpty()) {
                QStringList lines = s.output.trimmed().split(QLatin1Char('\n'));
                if (lines.size() > OutputLines) {
                    const qsizetype more = lines.size() - OutputLines;
                    lines = lines.mid(0, OutputLines);
                    lines << QCoreApplication::translate("Handout", "… %1 more lines").arg(more);
                }
                w.heading(QCoreApplication::translate("Handout", "What it did"), 11);
                w.mono(plain(lines.join(QLatin1Char('\n'))));
            }
            if (!s.tryCommands.isEmpty()) {
                w.heading(QCoreApplication::translate("Handout", "Try it by hand"), 11);
                w.mono(plain(s.tryCommands.join(QLatin1Char('\n'))));
            }
        }
    }
    if (!f.commit())
        return failed(f.errorString());
    return true;
}

} // namespace nsviz
