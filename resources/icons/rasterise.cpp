// Build-time tool: renders an SVG to square PNGs of the sizes given (resources/CMakeLists.txt, the icon sizes of
// the hicolor theme and of the window icon). Qt Svg, no display needed; no text in the icons, so no fonts.
//   nsviz-rasterise master.svg OUTDIR NAME SIZE...   writes OUTDIR/SIZExSIZE/NAME.png (NAME may hold a folder)
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc < 5) {
        std::fputs("usage: nsviz-rasterise master.svg OUTDIR NAME SIZE...\n", stderr);
        return 2;
    }
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid()) {
        std::fprintf(stderr, "nsviz-rasterise: %s is not a valid SVG\n", argv[1]);
        return 1;
    }
    const QString out = QString::fromLocal8Bit(argv[2]);
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        bool ok = false;
        const int size = QByteArray(argv[i]).toInt(&ok);
        if (!ok || size < 8 || size > 1024) {
            std::fprintf(stderr, "nsviz-rasterise: bad size %s\n", argv[i]);
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter, QRectF(0, 0, size, size));
        painter.end();
        const QString file = QStringLiteral("%1/%2x%2/%3.png").arg(out).arg(size).arg(name);
        if (!QDir().mkpath(QFileInfo(file).path()) || !image.save(file, "PNG")) {
            std::fprintf(stderr, "nsviz-rasterise: cannot write %s\n", QFile::encodeName(file).constData());
            return 1;
        }
    }
    return 0;
}
