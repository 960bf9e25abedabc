#include "identity.h"

#include "io/escape.h"

#include <QApplication>
#include <QDirIterator>
#include <QGuiApplication>
#include <QMessageBox>
#include <QTextDocument>

#include <cstdio>

namespace nsviz {

void setUpIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("nsviz"));
    QCoreApplication::setOrganizationName(QStringLiteral("nsviz"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NSVIZ_VERSION));
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QGuiApplication::setDesktopFileName(QString::fromLatin1(DesktopId));
        QGuiApplication::setApplicationDisplayName(QStringLiteral("nsviz"));
        QGuiApplication::setWindowIcon(appIcon());
    }
}

QIcon appIcon()
{
    QIcon icon;
    QDirIterator it(QStringLiteral(":/nsviz/icons"), {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        icon.addFile(it.next());
    return icon;
}

void reportStartupError(const QString &message, bool dialog)
{
    std::fprintf(stderr, "nsviz: %s\n", escape::terminal(message).constData());
    if (dialog && qobject_cast<QApplication *>(QCoreApplication::instance())) {
        QMessageBox box(QMessageBox::Critical, QCoreApplication::translate("nsviz::Startup", "nsviz cannot start"),
                        QCoreApplication::translate("nsviz::Startup", "<b>nsviz cannot start</b>"), QMessageBox::Close);
        box.setInformativeText(Qt::convertFromPlainText(message, Qt::WhiteSpaceNormal));
        // A message box sizes itself for a word or two; a file's path and its reason read better on one line or two.
        const int width = box.fontMetrics().averageCharWidth() * 60;
        box.setStyleSheet(QStringLiteral("QLabel#qt_msgbox_informativelabel { min-width: %1px; }").arg(width));
        box.setObjectName(QStringLiteral("startupError"));
        box.setWindowIcon(appIcon());
        box.exec();
    }
}

} // namespace nsviz
