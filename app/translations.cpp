#include "translations.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

namespace nsviz {

QStringList installTranslations(const QLocale &locale, const QString &dir)
{
    QStringList loaded;
    auto *app = QCoreApplication::instance();
    if (!app)
        return loaded;
    auto *own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("nsviz"), QStringLiteral("_"), dir) && QCoreApplication::installTranslator(own))
        loaded << QFileInfo(own->filePath()).completeBaseName();
    else
        delete own;
    if (loaded.isEmpty())
        return loaded; // no language of ours: Qt's buttons in it beside English texts would read worse than English alone
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        && QCoreApplication::installTranslator(qt))
        loaded << QFileInfo(qt->filePath()).completeBaseName();
    else
        delete qt;
    return loaded;
}

} // namespace nsviz
